"""Document-level passes over the mentions the spaCy pipeline found, in order.

The pipeline reads one line at a time; these passes see the whole document: the place it is about,
names declared once and used later, lists, coordinations. Each takes and returns typed mentions; none
imports spaCy.

=================  ===========================================================
module             pass
=================  ===========================================================
``context``        the document's province and city; counties' short forms and bare bodies placed
``names``          names cut to what they are (persons, clause verbs, organs)
``coordination``   lists closed by a count; names a coordination leaves out
``places``         a named place after its division is two names
``projects``       project names: categories dropped, developers kept
``short_names``    declared short names, ``中国XX`` short names
``references``     我市, 该县, 该公司, 省某中心: the place, company or body named before
=================  ===========================================================
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.ingest import Document
from kg.model import Mention
from kg.nlp.refine.base import EXTRACTOR, evidence
from kg.nlp.refine.context import (
    bare_province_mentions, context_city, context_province, county_short_forms, is_tentative, place_bare_bodies,
)
from kg.nlp.refine.coordination import counted_lists, elliptical
from kg.nlp.refine.names import fix_person_overreach, organs_of_organisations, trim_leading_verbs
from kg.nlp.refine.places import places_after_their_region
from kg.nlp.refine.projects import project_names
from kg.nlp.refine.references import back_references, level_short_forms
from kg.nlp.refine.short_names import (
    abbreviations_before_titles, declared_short_names, regional_references, short_names_after_country,
    undeclared_short_names,
)

__all__ = ["EXTRACTOR", "Refined", "evidence", "refine"]

#: Passes that rewrite the mention list, in the order they run.
_REWRITES = (fix_person_overreach, trim_leading_verbs, counted_lists, places_after_their_region,
             project_names, short_names_after_country, organs_of_organisations, undeclared_short_names,
             abbreviations_before_titles, regional_references, level_short_forms)


@dataclass(frozen=True)
class Refined:
    mentions: list[Mention]
    province: str | None  # GB/T 2260 code of the province the document is about
    city: str | None  # … and of its city or league


def refine(doc: Document, mentions: list[Mention], aliases: dict[str, str]) -> Refined:
    """Run every pass over *mentions*; *aliases* are the short names the document declares."""
    settled = [m for m in mentions if not is_tentative(m)]
    province = context_province(settled)
    city = context_city(settled)
    mentions = county_short_forms(mentions, province, city)
    mentions = place_bare_bodies(doc, mentions, province, city)
    for rewrite in _REWRITES:
        mentions = rewrite(doc, mentions)
    mentions += elliptical(doc, mentions)
    mentions += bare_province_mentions(doc, mentions, province)
    mentions += back_references(doc, mentions, province, city)
    mentions = declared_short_names(doc, mentions, aliases)
    mentions.sort(key=lambda m: (m.start, m.end))
    return Refined(mentions, province, city)
