"""Administrative regions (GB/T 2260, full names and short forms) and countries, by longest match.

A short form must stand as a word of its own and not be a common word (``ambiguous_region_forms``);
two-character short forms of counties are mostly common words and are left out (not those ending in 县;
:func:`find_county_short_forms` proposes the others, which the document's province confirms or drops),
and a short form before 河/江/湖/溪/峡/湾 opens a river's or a bay's name (某林河电站), not the place's.
Two more shapes name places without the gazetteer's forms: a city written as one character where
something takes place (在京召开, 赴沪考察; ``kg/data/venue_abbreviations.tsv``), and a composite region of
provinces' abbreviations before a word for an area (京津冀地区, 川渝地区, 粤港澳大湾区). A dateline's place
(本报某城4月11日电) is a Region even when the gazetteer does not list it (a town, a foreign city).
"""

from __future__ import annotations

import functools
import re

from kg.nlp.lexicon import lexicon
from kg.nlp.rules.base import REG, Candidate
from kg.nlp.shapes import HAN_CLASS, starts_finder
from kg.regions import LONGEST_NAME, countries, gazetteer, province_abbreviations, venue_abbreviations

__all__ = ["find_regions", "find_county_short_forms", "COUNTY_SHORT_FORM"]

_UNIT_CHARS = "市盟旗县区省州镇乡"
#: What follows a venue's one-character abbreviation: a verb of meeting, signing or visiting, or 期间.
_VENUE_VERBS = ("召开", "举行", "举办", "开幕", "闭幕", "落幕", "签约", "签署", "会见", "会谈", "调研", "考察",
                "出席", "参加", "成立", "发布", "启动", "揭牌", "期间")
_VENUE_BEFORE = "在赴来抵返回于进"
#: The words for an area that a composite of provinces' abbreviations names (京津冀 + 地区).
_AREA_WORDS = ("地区", "区域", "城市群", "都市圈", "经济圈", "经济区", "经济带", "大湾区")


def find_regions(text: str, words: list[tuple[int, int]], max_len: int = LONGEST_NAME) -> list[Candidate]:
    """Administrative regions by longest match against the GB/T 2260 gazetteer, and countries."""
    starts = {s for s, _ in words}
    ends = {e for _, e in words}
    out: list[Candidate] = []
    i, n = 0, len(text)
    next_start = _region_starts()
    while (i := next_start(text, i)) < n:
        hit = _region_at(text, i, starts, ends, max_len)
        if hit:
            length, region, conf = hit
            out.append(Candidate(i, i + length, REG, "gazetteer", conf, region.code if region else None))
            i += length
        else:
            i += 1
    extra = _venues(text) + _composites(text, starts)
    for c in _datelines(text):
        same = next((r for r in out if (r.start, r.end) == (c.start, c.end)), None)
        if same is not None:  # a listed place: the gazetteer's code, with the dateline's standing
            out[out.index(same)] = Candidate(c.start, c.end, REG, "dateline", 0.9, same.code)
        elif not any(r.start < c.end and c.start < r.end for r in out + extra):
            extra.append(c)
    if not extra:
        return out
    taken = [(c.start, c.end) for c in extra]
    out = [c for c in out if not any(s < c.end and c.start < e for s, e in taken)]
    return sorted(out + extra, key=lambda c: c.start)


@functools.lru_cache(maxsize=1)
def _venue_pattern() -> re.Pattern:
    chars = "".join(venue_abbreviations())
    return re.compile(f"(?<=[{_VENUE_BEFORE}])[{chars}](?={'|'.join(_VENUE_VERBS)})")


def _venues(text: str) -> list[Candidate]:
    """在京召开, 赴沪考察: a city written as one character after 在/赴/来… and before a verb of meeting."""
    codes = venue_abbreviations()
    return [Candidate(m.start(), m.end(), REG, "venue-abbreviation", 0.85, codes[m.group()])
            for m in _venue_pattern().finditer(text)]


_NUM = r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})"


@functools.lru_cache(maxsize=1)
def _dateline_pattern() -> re.Pattern:
    agencies = "|".join(sorted(lexicon().words("dateline_agencies"), key=len, reverse=True))
    return re.compile(f"(?:{agencies})\\s*([{HAN_CLASS}]{{2,6}}?)\\s*{_NUM}\\s*月\\s*{_NUM}\\s*日\\s*[电讯]")


def _datelines(text: str) -> list[Candidate]:
    """本报某城4月11日电: the place a dispatch was filed from; a short form the running text would not read
    as a place (兴安) is one here, with the gazetteer's code."""
    by_name = gazetteer().by_name
    out = []
    for m in _dateline_pattern().finditer(text):
        if not m.group(1).startswith(("记者", "讯")):
            listed = by_name.get(m.group(1))
            out.append(Candidate(m.start(1), m.end(1), REG, "dateline", 0.8, listed[0].code if listed else None))
    return out


@functools.lru_cache(maxsize=1)
def _composite_pattern() -> re.Pattern:
    chars = "".join(sorted(set(province_abbreviations()) | {"港", "澳"}))
    return re.compile(f"[{chars}]{{2,4}}(?:{'|'.join(_AREA_WORDS)})")


def _composites(text: str, starts: set[int]) -> list[Candidate]:
    """京津冀地区, 粤港澳大湾区: two to four distinct provinces' abbreviations and a word for an area, as
    one Region with no code (it is no single division)."""
    out = []
    for m in _composite_pattern().finditer(text):
        head = next(m.group()[:-len(w)] for w in _AREA_WORDS if m.group().endswith(w))
        if len(set(head)) == len(head) and (m.start() in starts or m.start() == 0):
            out.append(Candidate(m.start(), m.end(), REG, "composite-region", 0.8, None))
    return out


@functools.lru_cache(maxsize=1)
def _lengths_by_first() -> dict[str, tuple[int, ...]]:
    """First character → the lengths (≥ 2, longest first) of the region names and country names
    starting with it: the only lengths worth trying at a position."""
    out: dict[str, set[int]] = {}
    for form in list(gazetteer().by_name) + list(countries()):
        if len(form) >= 2:
            out.setdefault(form[0], set()).add(len(form))
    return {c: tuple(sorted(ns, reverse=True)) for c, ns in out.items()}


@functools.lru_cache(maxsize=1)
def _region_starts():
    return starts_finder(_lengths_by_first())


@functools.lru_cache(maxsize=1)
def _first_pairs() -> frozenset[str]:
    """The first two characters of the region and country names: no region begins where these don't."""
    return frozenset(form[:2] for form in list(gazetteer().by_name) + list(countries()) if len(form) >= 2)


def _region_at(text, i, starts, ends, max_len):
    """``(length, region or None for a country, confidence)`` of the longest region at *i*."""
    lengths = _lengths_by_first().get(text[i])
    if not lengths or text[i:i + 2] not in _first_pairs():
        return None
    lex, gaz, countries_ = lexicon(), gazetteer(), countries()
    n = len(text)
    for length in lengths:
        if length > max_len or length > n - i:
            continue
        form = text[i:i + length]
        if form in countries_ and (form != "中国" or text[i + length:i + length + 1] not in "共人"):
            # a country, standing as a word of its own (中国 also opens many names)
            if i in starts or i == 0:
                return length, None, 0.9
        regions = gaz.by_name.get(form)
        if not regions or form in lex.words("generic_region_names"):
            continue
        if text[i:i + length + 1] in lex.titles:
            continue  # 代县长: an acting county head, not 代县 + 长
        full = any(r.name == form for r in regions)
        if full and length == 3 and i not in starts and i > 0:
            continue  # 滨海城市 holds 海城市 across its words: a short full name begins a word
        if not full and not _short_form_ok(text, i, length, form, regions, starts, ends):
            continue
        return length, regions[0], 0.95 if full else 0.8
    former = gaz.former_city(text[i:i + 8])
    if former is not None and (i in starts or i == 0):
        return former[0], former[1], 0.8
    return None


#: The source of a county's two-character short form (临高 for 临高县): a place only where the document is
#: about the county's province, which the document-level pass decides (kg.nlp.refine.context).
COUNTY_SHORT_FORM = "county-short-form"


@functools.lru_cache(maxsize=1)
def _wordlike_county_forms() -> frozenset[str]:
    """The two-character short forms of counties that may read as common words (:meth:`wordlike_short_form`)."""
    gaz, lex = gazetteer(), lexicon()
    return frozenset(form for form, regions in gaz.by_name.items()
                     if len(form) == 2 and gaz.wordlike_short_form(form, regions)
                     and form not in lex.words("ambiguous_region_forms")
                     and form not in lex.words("generic_region_names") and form not in lex.stopwords)


def find_county_short_forms(text: str, words: list[tuple[int, int]]) -> list[Candidate]:
    """Counties' two-character short forms standing as words of their own (临高, 通渭) — none that opens a
    river's name, a culture's (某山文化, named after its first site), a county's full name or a title (某县 +
    县长). Which county a form names, if any, the document's province decides later
    (:func:`kg.nlp.refine.context.county_short_forms`)."""
    forms, gaz, lex = _wordlike_county_forms(), gazetteer(), lexicon()
    out = []
    for s, e in words:
        if e - s != 2 or text[s:e] not in forms or text[e:e + 1] in _UNIT_CHARS or text[e:e + 2] == "文化" \
                or gaz.names_a_feature(text, s, 2) or text[s:e + 1] in lex.titles:
            continue
        out.append(Candidate(s, e, REG, COUNTY_SHORT_FORM, 0.5, gaz.by_name[text[s:e]][0].code))
    return out


def _short_form_ok(text, i, length, form, regions, starts, ends) -> bool:
    if form in lexicon().words("ambiguous_region_forms"):
        return False
    if gazetteer().wordlike_short_form(form, regions) or gazetteer().names_a_feature(text, i, length):
        return False
    if length == 2 and not (i in starts and i + length in ends):
        return False
    # 某某市 is matched as a whole already
    return not (length == 2 and i + length < len(text) and text[i + length] in _UNIT_CHARS)
