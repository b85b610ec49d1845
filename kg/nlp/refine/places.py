"""A named place written after the division it lies in (``某市某某农场``) is two names: the division, and
the place — which the location finder then puts inside it. A zone named by its city
(``某市经济技术开发区``) stays one name."""

from __future__ import annotations

import re
from dataclasses import replace

from kg.ingest import Document
from kg.model import EntityType, Mention
from kg.nlp.lexicon import lexicon
from kg.nlp.refine.base import evidence
from kg.nlp.shapes import name_ending
from kg.regions import gazetteer

__all__ = ["places_after_their_region"]

_GENERIC_PLACE = re.compile(r"^(国家级)?(经济|技术|高新|工业|产业|综合|保税|开发|新区|示范|自由贸易|自贸)")


def places_after_their_region(doc: Document, mentions: list[Mention]) -> list[Mention]:
    out = []
    for m in mentions:
        if m.type is EntityType.REGION and m.region_code is None and doc.norm[m.start:m.end] == m.key:
            for n, code in _leading_divisions(m.key):
                cut = m.start + n
                out.append(Mention(doc.text[m.start:cut], m.key[:n], EntityType.REGION, m.start, cut,
                                   evidence(doc, m.start, cut, "place-region", 0.7), code))
                m = replace(m, text=doc.text[cut:m.end], key=m.key[n:], start=cut,
                            evidence=evidence(doc, cut, m.end, "place-region", 0.7))
        out.append(m)
    return out


def _leading_divisions(key: str) -> list[tuple[int, str]]:
    """``(length, code)`` of each division the place's name opens with (某省某市某县某某林场 → the province,
    the city, the county), outermost first; a zone named by its city stays whole, and so does the last
    division when what follows is only a kind of place (某县国有林场) or the ending alone (某县林场)."""
    gaz, lex = gazetteer(), lexicon()
    out, rest = [], key
    while (found := gaz.longest_prefix(rest[:-1], max_len=8, full_name=True)) is not None \
            and not _GENERIC_PLACE.search(rest[found[0]:]):
        out.append((found[0], found[1].code))
        rest = rest[found[0]:]
    ending = name_ending(rest, lex, lambda t: t is EntityType.REGION)
    if out and (lex.suffixes.get(rest) is EntityType.REGION
                or ending and rest[:-len(ending[0])] in lex.words("generic_place_stems")):
        out.pop()  # 某县 + 国有林场, 某县 + 林场: the county's farm keeps the county
    return out
