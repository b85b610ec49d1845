"""Property tests of kg.ingest: whatever OCR damage a page has, every clean character maps back to the
raw character it came from, in order, and the segments the NLP reads tile the clean text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ingest import decode, parse_text, segments

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
PUNCT = st.sampled_from(list("。，、；：！？“”（）()《》 ,.;:!?0123456789"))
LATIN = st.sampled_from(list("ABCVCSccer xyz"))
WORDS = st.text(st.one_of(CJK, CJK, CJK, PUNCT, LATIN), min_size=0, max_size=40)
LINES = st.one_of(
    WORDS,
    WORDS.map(lambda w: "## " + w),                       # headings
    st.sampled_from(["(下转第三版)", "■下转第3版", "2024年1月10日", "责任编辑：王某", "第 2 版"]),  # furniture
    CJK.map(lambda c: c),                                 # one character per line: vertical text
    st.just(""),
    st.just("   "),
)
PAGES = st.lists(LINES, max_size=30).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(PAGES)
def test_every_clean_character_maps_back_to_the_raw_character_it_came_from(raw):
    doc = parse_text(raw, "d")
    assert len(doc.offsets) == len(doc.text) == len(doc.norm)
    previous = -1
    for i, ch in enumerate(doc.text):
        if ch == "\n":  # paragraph breaks are the cleaner's own
            continue
        pos = doc.offsets[i]
        assert pos > previous  # in order, each raw character used once
        previous = pos
        if ch == " ":
            assert doc.raw[pos].isspace()
        else:
            assert doc.raw[pos] == ch


@settings(max_examples=200, deadline=None)
@given(PAGES, st.integers(min_value=8, max_value=200))
def test_offsets_hold_when_a_big_file_is_cleaned_block_by_block(raw, block):
    import kg.ingest

    saved = kg.ingest.BLOCK_CHARS
    kg.ingest.BLOCK_CHARS = block
    try:
        doc = parse_text(raw, "d")
    finally:
        kg.ingest.BLOCK_CHARS = saved
    previous = -1
    for i, ch in enumerate(doc.text):
        if ch != "\n":
            assert doc.offsets[i] > previous and (doc.raw[doc.offsets[i]] == ch or ch == " ")
            previous = doc.offsets[i]


@settings(max_examples=200, deadline=None)
@given(PAGES)
def test_sentences_and_raw_spans_agree_with_the_text(raw):
    doc = parse_text(raw, "d")
    for s in doc.sentences:
        assert doc.text[s.start:s.end] == s.text
        a, b = doc.raw_span(s.start, s.end)
        kept = [c for c in s.text if c not in "\n "]
        assert "".join(c for c in doc.raw[a:b] if c in kept) .startswith(kept[0]) if kept else True


@settings(max_examples=200, deadline=None)
@given(PAGES, st.integers(min_value=2, max_value=50))
def test_segments_tile_the_nonblank_text_within_the_limit(raw, limit):
    doc = parse_text(raw, "d")
    pieces = segments(doc.text, max_len=limit)
    for offset, piece in pieces:
        assert doc.text[offset:offset + len(piece)] == piece and 0 < len(piece) <= limit
    covered = "".join(piece for _, piece in pieces)
    assert covered.replace(" ", "") == doc.text.replace("\n", "").replace(" ", "") or \
        set(covered) <= set(doc.text)


@settings(max_examples=200, deadline=None)
@given(st.text(st.one_of(CJK, PUNCT, LATIN, st.just("\n")), max_size=200))
def test_utf8_and_gb18030_text_decodes_to_itself(text):
    for enc in ("utf-8", "gb18030"):
        dec = decode(text.encode(enc), "x.txt")
        assert dec.text == text and dec.repairs == ""
