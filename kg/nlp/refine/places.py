"""A named place written after the division it lies in (``某市某某农场``) is two names: the division, and
the place — which the location finder then puts inside it. A zone named by its city
(``某市经济技术开发区``) stays one name."""

from __future__ import annotations

import re
from dataclasses import replace

from kg.ingest import Document
from kg.model import EntityType, Mention
from kg.nlp.refine.base import evidence
from kg.regions import gazetteer

__all__ = ["places_after_their_region"]

_GENERIC_PLACE = re.compile(r"^(国家级)?(经济|技术|高新|工业|产业|综合|保税|开发|新区|示范|自由贸易|自贸)")


def places_after_their_region(doc: Document, mentions: list[Mention]) -> list[Mention]:
    gaz = gazetteer()
    out = []
    for m in mentions:
        found = None
        if m.type is EntityType.REGION and m.region_code is None and doc.norm[m.start:m.end] == m.key:
            found = gaz.longest_prefix(m.key[:-1], max_len=8, full_name=True)
        if found is not None and not _GENERIC_PLACE.search(m.key[found[0]:]):
            n, region = found
            cut = m.start + n
            out.append(Mention(doc.text[m.start:cut], m.key[:n], EntityType.REGION, m.start, cut,
                               evidence(doc, m.start, cut, "place-region", 0.7), region.code))
            m = replace(m, text=doc.text[cut:m.end], key=m.key[n:], start=cut,
                        evidence=evidence(doc, cut, m.end, "place-region", 0.7))
        out.append(m)
    return out
