"""Administrative regions (GB/T 2260, full names and short forms) and countries, by longest match.

A short form must stand as a word of its own and not be a common word (``ambiguous_region_forms``);
two-character short forms of counties are mostly common words and are left out (not those ending in 县).
"""

from __future__ import annotations

import functools

from kg.nlp.lexicon import lexicon
from kg.nlp.rules.base import REG, Candidate
from kg.nlp.shapes import starts_finder
from kg.regions import countries, gazetteer

__all__ = ["find_regions"]

_UNIT_CHARS = "市盟旗县区省州镇乡"


def find_regions(text: str, words: list[tuple[int, int]], max_len: int = 12) -> list[Candidate]:
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


def _region_at(text, i, starts, ends, max_len):
    """``(length, region or None for a country, confidence)`` of the longest region at *i*."""
    lengths = _lengths_by_first().get(text[i])
    if not lengths:
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


def _short_form_ok(text, i, length, form, regions, starts, ends) -> bool:
    if form in lexicon().words("ambiguous_region_forms"):
        return False
    if gazetteer().wordlike_short_form(form, regions):
        return False
    if length == 2 and not (i in starts and i + length in ends):
        return False
    # 某某市 is matched as a whole already
    return not (length == 2 and i + length < len(text) and text[i + length] in _UNIT_CHARS)
