"""One copy of each text-shape helper (kg/nlp/shapes.py) and the gazetteer's prefix lookup."""

from __future__ import annotations

import pytest

from kg.model import EntityType
from kg.nlp.lexicon import lexicon
from kg.nlp.shapes import (
    ALIAS_DECLARATION, is_cjk, is_subsequence, matching_form, name_ending, name_key, nfkc_same_length, simplified_same_length,
    spans_from_tags,
)
from kg.regions import gazetteer


@pytest.mark.parametrize("ch, expected", [("中", True), ("㐀", True), ("\U00020000", True), ("A", False),
                                          ("。", False), ("１", False)])
def test_han_characters(ch, expected):
    assert is_cjk(ch) is expected


def test_nfkc_keeps_every_offset():
    text = "ＡＢ公司（１２）㈱"
    folded = nfkc_same_length(text)
    assert folded == "AB公司(12)㈱"  # ㈱ would become three characters: it stays
    assert len(folded) == len(text)


def test_traditional_characters_read_as_simplified_one_for_one():
    text = "青禾銀行董事長與綿陽市人民政府簽署協議"
    simple = simplified_same_length(text)
    assert simple == "青禾银行董事长与绵阳市人民政府签署协议"
    assert len(simple) == len(text)
    assert simplified_same_length("乾隆年间的乾坤") == "乾隆年间的乾坤"  # a character of the simplified set stays
    assert simplified_same_length("青禾集团签约") == "青禾集团签约"
    assert matching_form("青禾銀行（１２）") == "青禾银行(12)"  # both foldings, still one for one


def test_the_matching_form_drops_spaces_and_quotes():
    assert name_key("“青禾” 集团\n") == "青禾集团"
    assert name_key("ＡＢ 集团") == "ＡＢ集团"
    assert name_key("ＡＢ 集团", fold=True) == "AB集团"


def test_word_spans_from_bmes_tags():
    assert spans_from_tags(["B", "E", "S", "B", "M", "E", ""]) == [(0, 2), (2, 3), (3, 6), (6, 7)]


def test_the_longest_name_ending_and_a_filtered_one():
    lex = lexicon()
    assert name_ending("青禾能源科技有限公司", lex)[1] is EntityType.ENTERPRISE
    assert name_ending("公司", lex) is None  # an ending alone names nothing
    assert name_ending("某某抽水蓄能电站", lex, lambda t: t.is_org) is None
    assert name_ending("某某抽水蓄能电站", lex)[1] is EntityType.PROJECT


def test_subsequences():
    assert is_subsequence("江环所", "江城环境能源交易所")
    assert not is_subsequence("所环", "江城环境能源交易所")


def test_the_longest_region_a_name_starts_with():
    gaz = gazetteer()
    n, region = gaz.longest_prefix("杭州市临安区林业局")
    assert (n, region.name) == (3, "杭州市")
    assert gaz.longest_prefix("杭州某某公司", full_name=True) is None  # 杭州 is a short form
    assert gaz.longest_prefix("杭州某某公司")[1].name == "杭州市"
    assert gaz.longest_prefix("杭州市")[0] == 2  # never the whole text


@pytest.mark.parametrize("text, short", [
    ("（以下简称“青禾能源”）", "青禾能源"), ("(下称青禾)", "青禾"), ("（简称：青禾能源）", "青禾能源"),
    ("（以下称“青禾”）", "青禾"), ("（北京）", None), ("（主持工作）", None),
])
def test_a_short_name_declared_in_brackets(text, short):
    found = ALIAS_DECLARATION.match(text)
    assert (found.group(1) if found else None) == short
