"""The tokenizer's jieba features come from jieba-rs; they must be jieba's own, character for character.

jieba itself (its default dictionary, HMM on) is the reference: every sentence below is segmented by both
and must give the same words, tags and dictionary-word marks. The sentences are written here to cover
what news text holds: names and posts, numbers, dates, Latin letters, signs, full-width forms, whitespace
and characters beyond jieba's Chinese range.
"""

from __future__ import annotations

import logging

import pytest

from kg.nlp.words import segments, soft_word_features, word_features, word_pos

SENTENCES = [
    "呼伦贝尔市林业和草原局局长王建国主持召开专题会议",
    "国家电投集团与内蒙古自治区人民政府签署战略合作框架协议",
    "2025年1-11月，全市规上工业增加值同比增长6.8%，高于全区0.7个百分点",
    "截至2024-12-31，碳排放配额累计成交量达4.5亿吨，成交额289.6亿元",
    "版本v2.3.1-beta发布，支持C++与C#两种语言，AT&T和B超也在词典里",
    "会议指出：要坚持“双碳”目标不动摇……——记者张三、李四报道",
    "ＣＣＴＶ新闻：全角数字１２３和３.５％，Ⅲ期项目与①号机组",
    "  北京 市\t海淀区\u3000\u3000中关村  ",
    "中\r\n国石化\r\n",
    "𠀀𠀁是扩展区的字，😀也不在jieba的中文范围里",
    "x.y.z-1_2%、a--b、..、100%%、1+1=2",
    "Mr.Smith与iPhone15ProMax在GDP3.5%的背景下",
    "鄂尔多斯市准格尔旗薛家湾镇党委书记、镇长",
    "",
    "单",
]


@pytest.fixture(scope="module")
def jieba_tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    return tk


def _reference_words(tk, text):
    return [(w, s, e) for w, s, e in tk.tokenize(text, HMM=True)]


def _reference_soft(tk, text, longest=6):
    marks = [set() for _ in text]
    for i, ends in tk.get_DAG(text).items():
        for j in ends:
            if 1 <= j - i < longest:
                marks[i].add("Wb")
                marks[j].add("We")
                for k in range(i + 1, j):
                    marks[k].add("Wm")
    return ["|".join(f"{m}=Yes" for m in sorted(ms)) for ms in marks]


@pytest.mark.parametrize("text", SENTENCES)
def test_segments_are_jiebas(jieba_tokenizer, text):
    assert segments(text) == _reference_words(jieba_tokenizer, text)


@pytest.mark.parametrize("text", SENTENCES)
def test_dictionary_word_marks_are_jiebas(jieba_tokenizer, text):
    assert soft_word_features(text) == _reference_soft(jieba_tokenizer, text)


def test_runs_of_signs_split_as_jieba_splits_them():
    # jieba-rs alone keeps these whole; jieba cuts at each sign, but keeps dictionary words (C++)
    assert [w for w, _, _ in segments("2003-04赛季")][:3] == ["2003", "-", "04"]
    assert [w for w, _, _ in segments("版本6.71B")][-2:] == ["6.71", "B"]
    assert [w for w, _, _ in segments("学C++")][-1] == "C++"


def test_word_features_tag_each_character_with_its_word():
    words, tags = word_features("国家电网公司")
    assert len(words) == len(tags) == 6
    assert "".join(dict.fromkeys(words)) == "国家电网公司"
    assert tags[0][0] == "B" and tags[-1][0] == "E"
    assert all(t[0] in "BMES" for t in tags)


def test_word_beginnings_are_not_words():
    # the table also holds the beginnings of longer words, for the scan; they carry no part of speech
    assert word_pos("中华人民共和国") == "ns"
    assert word_pos("中华人民共") == ""
    assert word_pos("没有这个词") == ""


@pytest.mark.parametrize("version", ["v1", "v4"])
def test_a_doc_keeps_the_text_it_was_made_from(version):
    import spacy

    from kg.nlp.tokenizer import doc_text

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": f"kg.char_word_tokenizer.{version}"}}})
    text = "宁波港务局 与\u3000某某公司\n签约。"
    doc = nlp(text)
    assert doc_text(doc) == doc.text == text
    assert len(doc) == len(text)
    made_elsewhere = spacy.blank("zh").make_doc("某地 发布")
    assert doc_text(made_elsewhere) == made_elsewhere.text


def test_every_dictionary_word_has_jiebas_tag_and_nothing_else_has_one():
    import importlib.util
    import os

    path = os.path.join(os.path.dirname(importlib.util.find_spec("jieba").origin), "dict.txt")
    with open(path, encoding="utf-8") as fh:
        entries = dict(line.split()[::2] for line in fh if len(line.split()) == 3)
    assert all(word_pos(w) == t for w, t in entries.items())
    beginnings = {w[:n] for w in list(entries)[::50] for n in range(1, len(w))} - entries.keys()
    assert beginnings and not any(word_pos(b) for b in beginnings)


def test_a_damaged_dictionary_cache_is_rebuilt(tmp_path, monkeypatch):
    import tempfile

    from kg.nlp import words

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    first = words._load_dictionary()
    (cache,) = tmp_path.glob("zhkg-jieba-words-*.trie")
    cache.write_bytes(cache.read_bytes()[:1000])  # cut short, as a full disk would leave it
    again = words._load_dictionary()
    assert again.tag("中华人民共和国") == first.tag("中华人民共和国") == "ns"
    assert cache.stat().st_size > 1000 and words._load_dictionary().tag("内蒙古") == "ns"


@pytest.mark.parametrize("version", ["v1", "v4"])
def test_traditional_characters_are_read_in_their_simplified_form(version):
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": f"kg.char_word_tokenizer.{version}"}}})
    traditional, simplified = nlp("青禾銀行董事長簽約"), nlp("青禾银行董事长签约")
    assert traditional.text == "青禾銀行董事長簽約"  # the characters as printed
    assert [t.norm_ for t in traditional] == [t.norm_ for t in simplified]  # what the recogniser embeds
    assert [t.tag_ for t in traditional] == [t.tag_ for t in simplified]  # jieba's words of the simplified form
    assert [t.lemma_ for t in traditional] == [t.lemma_ for t in simplified]


def test_first_word_and_its_tag_with_the_hmm_for_unknown_words():
    from kg.nlp.words import first_word

    assert first_word("柳岔河电站") == ("柳岔河", "ns")  # no dictionary word: the HMM's guess
    assert first_word("重点项目") == ("重点项目", "n")
    assert first_word("") == ("", "")
