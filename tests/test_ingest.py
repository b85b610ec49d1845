from __future__ import annotations

import codecs
import unicodedata

import pytest

from kg.errors import InputError
from kg.ingest import decode, parse_text, read_document

from .conftest import SEEDS

SAMPLE = "## 青禾集团与松岭集团签约\n\n1 月 10 日,青禾 集团与松岭集团在青禾集团总部举行战略合作签约仪式。\n"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("gbk"), "gb18030"),
        (SAMPLE.encode("gb18030"), "gb18030"),
        (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),  # no BOM: recognised by its NUL bytes
        (SAMPLE.encode("utf-16-be"), "utf-16-be"),
        ("甘肃青禾集团与松岭集团签约。".encode("utf-16-le"), "utf-16-le"),  # no BOM and no NUL: by its CJK
    ],
)
def test_decode_accepts_the_encodings_chinese_text_comes_in(data, encoding):
    dec = decode(data, "x.txt")
    assert dec.text == data.decode(encoding).lstrip("\ufeff")
    assert dec.encoding == encoding and dec.repairs == ""


def test_the_plain_text_fast_path_skips_only_characters_that_are_text():
    from kg.ingest import _PLAIN, _looks_like_text

    plain = _PLAIN.findall("".join(map(chr, range(0x30000))))
    skipped = "".join(plain)
    assert "青" in skipped and "，" in skipped and "Ａ" in skipped and "\n" in skipped
    assert all(unicodedata.category(c) not in ("Cc", "Co", "Cn", "Cs") or c in "\t\n\f\r" for c in skipped)
    # what the fast path leaves is still looked up: control bytes and private use make it binary
    assert not _looks_like_text("青禾" * 40 + "\x07\ue000" * 4)
    assert _looks_like_text("青禾" * 400 + "\x07\ue000")


@pytest.mark.parametrize("text", ["", "abc", "ר", "青禾集团", "ҵ务ר·—", "Ａ１、。“”", "𠀀x\u00e9\u00e9", "ab青"])
def test_cjk_share_counts_chinese_among_the_characters_beyond_ascii(text):
    from kg.ingest import _cjk_share
    from kg.nlp.shapes import is_cjk

    wide = [c for c in text if ord(c) > 0x7F]
    chinese = [c for c in wide if is_cjk(c) or 0x2000 <= ord(c) <= 0x206F or 0x3000 <= ord(c) <= 0x303F
               or 0xFF00 <= ord(c) <= 0xFFEF or c == "\u00b7"]
    assert _cjk_share(text) == (len(chinese) / len(wide) if wide else 1.0)


@pytest.mark.parametrize("data", [bytes(range(256)) * 8, b"\x00\x01\x02binary\xff\xfe\x00" * 50])
def test_decode_rejects_binary_with_a_message_naming_the_file(data):
    with pytest.raises(InputError, match=r"^bad\.bin: not text in UTF-8"):
        decode(data, "bad.bin")


def test_a_few_bad_bytes_are_replaced_and_reported_with_their_offsets():
    good = ("青禾集团与松岭集团签约。" * 40).encode("utf-8")
    data = good[:30] + b"\xff\xfe" + good[30:600] + b"\x00" + good[600:]
    dec = decode(data, "x.txt")
    assert dec.encoding == "utf-8"
    assert dec.repairs == "3 bad bytes replaced (byte offsets 30, 31, 602)"
    assert dec.text.count("\ufffd") == 3 and dec.text.replace("\ufffd", "") == good.decode("utf-8")


def test_many_bad_bytes_are_not_repaired_into_nonsense():
    good = ("青禾集团与松岭集团签约。" * 40).encode("utf-8")
    with pytest.raises(InputError):
        decode(b"".join(good[i:i + 10] + b"\xff\x00" for i in range(0, len(good), 10)), "bad.txt")


def test_spaces_inside_words_are_removed_but_latin_words_keep_theirs():
    doc = parse_text("柴明 远出席会议，青禾 集团与 VCS 项目 Gold Standard 平台。", "d")
    assert "柴明远" in doc.text and "青禾集团" in doc.text
    assert "VCS项目" in doc.text and "Gold Standard平台" in doc.text


def test_line_break_inside_a_sentence_is_joined_and_sentence_end_is_kept():
    doc = parse_text("签订了鄂尔多斯市与江城\n环境能源交易所战略合作协议。\n这标志着碳交易开始。\n", "d")
    assert [s.text for s in doc.sentences] == ["签订了鄂尔多斯市与江城环境能源交易所战略合作协议。", "这标志着碳交易开始。"]


def test_vertical_text_is_read_as_one_line():
    raw = "正文第一句话很长很长很长。\n\n﹃\n学\n好\n国\n家\n通\n用\n语\n言\n﹄\n"
    doc = parse_text(raw, "d")
    assert "学好国家通用语言" in doc.text


def test_page_furniture_is_dropped():
    raw = "青禾日报社出版\n\n2024年1月\n\n星期四\n\n青禾集团召开会议,部署全年工作任务和目标。\n\n(下转第三版)\n\n■下转第3版\n"
    doc = parse_text(raw, "d")
    assert doc.text == "青禾集团召开会议,部署全年工作任务和目标。"
    assert doc.date == "2024-01"



@pytest.mark.parametrize("masthead", ["杭州热线", "青禾网", "青禾新闻客户端"])
def test_a_websites_name_alone_on_a_line_is_furniture(masthead):
    doc = parse_text(f"{masthead}\n\n青禾集团召开会议,部署全年工作任务和目标。\n", "d")
    assert doc.text == "青禾集团召开会议,部署全年工作任务和目标。"


def test_a_company_named_like_a_grid_alone_on_a_line_stays():
    assert parse_text("青禾电网\n\n青禾集团召开会议,部署全年工作任务和目标。\n", "d").text.startswith("青禾电网")


def test_repeated_passages_are_kept_once():
    para = "青禾集团与松岭集团在青禾集团总部举行战略合作签约仪式,双方将建立长期稳定的合作关系。"
    raw = f"## 标题\n\n{para}\n\n其他内容也在这里出现一次。\n\n# 标题\n\n{para.replace('青禾集团', '青禾 集团', 1)}\n"
    doc = parse_text(raw, "d")
    assert doc.text.count("举行战略合作签约仪式") == 1
    assert doc.duplicates_dropped >= 1


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_every_clean_character_maps_back_to_the_raw_file(seed):
    doc = read_document(SEEDS / seed)
    assert len(doc.offsets) == len(doc.text) == len(doc.norm)
    for i, ch in enumerate(doc.text):
        if ch == "\n":
            continue
        assert doc.raw[doc.offsets[i]] == ch
    assert list(doc.offsets) == sorted(doc.offsets) or doc.duplicates_dropped
    for s in doc.sentences:
        assert doc.text[s.start:s.end] == s.text


def test_norm_is_nfkc_with_the_same_length():
    doc = parse_text("ＣＣＥＲ交易，３万吨。", "d")
    assert doc.norm == "CCER交易,3万吨。"
    assert doc.text == "ＣＣＥＲ交易，３万吨。"
    assert all(len(unicodedata.normalize("NFKC", c)) == 1 for c in doc.text)


def test_seed_000_page_printed_twice_yields_each_passage_once():
    doc = read_document(SEEDS / "000_21d474c0e952bd66.txt")
    assert doc.duplicates_dropped > 0
    long = [s.text for s in doc.sentences if len(s.text) >= 15]
    assert len(long) == len(set(long))  # the passages printed twice are read once


def test_seed_001_article_printed_three_times_is_kept_once():
    doc = read_document(SEEDS / "001_5fbdaa8fd5a4efac.txt")
    phrase = "四子王旗作为内蒙古20个边境旗市之一"
    assert "".join(doc.raw.split()).count(phrase) == 3
    assert "".join(doc.text.split()).count(phrase) == 1


def test_unreadable_path_names_the_file(tmp_path):
    with pytest.raises(InputError, match="nope.txt"):
        from kg.ingest import discover

        discover([tmp_path / "nope.txt"])


def test_a_long_line_holding_a_masthead_phrase_is_text_not_furniture():
    body = "本报讯某某集团与某某公司签订合作协议,统一连续出版物号等字样出现在正文中," * 5
    assert parse_text(body + "\n统一连续出版物号 CN15-0001\n", "d").text == body


def test_a_source_line_is_not_joined_to_the_next_paragraph():
    doc = parse_text("来源:某某日报\n\n省政府与浙江青禾能源有限公司签署协议。", "t")
    assert doc.text.split("\n") == ["来源:某某日报", "省政府与浙江青禾能源有限公司签署协议。"]


def test_a_small_file_with_a_few_bad_bytes_is_repaired_whatever_their_share():
    # 4 bad bytes in 324: over the 1% share, but each stands among well-formed Chinese text
    good = ("青禾集团与松岭集团签约。" * 9).encode("utf-8")[:318] + b"ab"
    data = good[:90] + b"\xff\xfe" + good[90:201] + b"\xc3\x28"[:1] + good[201:300] + b"\x80" + good[300:]
    assert len(data) == 324 and len(data) * 0.01 < 4
    dec = decode(data, "small.txt")
    assert dec.encoding == "utf-8" and dec.repairs.startswith("4 bad bytes replaced (byte offsets 90, 91, ")
    assert dec.text.count("\ufffd") == 4 and "青禾集团与松岭集团签约" in dec.text


def test_a_gbk_file_is_still_read_as_gbk_not_repaired_as_utf8():
    text = "青禾集团与松岭集团签订碳汇合作协议，双方将共同开发林业碳汇项目。" * 3
    dec = decode(text.encode("gbk"), "gbk.txt")
    assert dec.encoding == "gb18030" and dec.text == text and dec.repairs == ""
