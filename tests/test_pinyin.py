"""Pinyin labels and IRI slugs: the toneless reading is derived from the toned one, and must be what
pypinyin itself gives, or IRIs would change."""

from __future__ import annotations

import pytest
from pypinyin import Style, lazy_pinyin

from kg.rdf.graph import pinyin

NAMES = [
    "青禾集团",
    "绿色能源有限公司",  # ü: lǜ → lv
    "吕梁市女子篮球队",
    "重庆长安汽车",  # characters with two readings, read in context
    "内蒙古自治区人民政府",
    "约翰·史密斯",
    "Ａ股上市公司",
    "iPhone15与3.5%的增长",
    "Café咖啡馆",  # an accent that is not pinyin's
    "e\u0301字",  # a combining accent in the text
    "ÅB能源",
    "𠀀𠀁",
    "",
]


@pytest.mark.parametrize("name", NAMES)
def test_toneless_pinyin_is_pypinyins(name):
    expected = " ".join(lazy_pinyin(name, style=Style.NORMAL, errors="default")).strip()
    assert pinyin(name, tones=False) == expected


def test_every_common_character_reads_the_same_without_tones():
    chars = "".join(chr(c) for c in range(0x4E00, 0x9FA6, 7))
    for c in chars:
        assert pinyin(c, tones=False) == " ".join(lazy_pinyin(c, style=Style.NORMAL, errors="default")), c


def test_tones_are_kept_in_labels():
    assert pinyin("绿色") == "lǜ sè"
    assert pinyin("绿色", tones=False) == "lv se"


def test_a_fresh_process_reads_as_pypinyin_does_and_leaves_the_environment_alone():
    """A build imports pypinyin without copying its dictionaries; the readings must not change."""
    import json
    import subprocess
    import sys

    code = ("import json, os, sys; from kg.rdf.graph import pinyin; names = json.loads(sys.argv[1]); "
            "print(json.dumps([[pinyin(n), pinyin(n, tones=False)] for n in names] "
            "+ ['PYPINYIN_NO_DICT_COPY' in os.environ]))")
    out = subprocess.run([sys.executable, "-c", code, json.dumps(NAMES)], capture_output=True, text=True, check=True)
    *readings, leaked = json.loads(out.stdout)
    want = [[" ".join(lazy_pinyin(n, style=s, errors="default")).strip() for s in (Style.TONE, Style.NORMAL)]
            for n in NAMES]
    assert readings == want
    assert leaked is False
