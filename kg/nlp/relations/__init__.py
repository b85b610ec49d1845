"""Mentions + clean document → agreements, carbon trades, posts and locations.

Pure Python over typed mentions: no spaCy here. Each finder family has its own module and reads one
sentence at a time, with the article around it for context (the parties ``双方`` refers to, the
organisation a list of officials belongs to, the attributes of a trade spread over several sentences).
Trigger words are data: ``kg/data/triggers.tsv``.

=================  ==========================================================
module             finds
=================  ==========================================================
``agreements``     who signed with whom (``A与B签署《T》``, ``双方``, ``分别与``)
``trades``         carbon trades: seller, buyer, quantity, price, standard
``events``         both, sentence by sentence
``posts``          who holds which position in which organisation
``locations``      where things are, from names, chains and ``位于``
``region_names``   the region a name starts with
``common``         trigger families, span helpers, evidence
=================  ==========================================================
"""

from kg.nlp.relations.common import EXTRACTOR
from kg.nlp.relations.events import acting_areas, find_events
from kg.nlp.relations.locations import find_locations, regions_inside
from kg.nlp.relations.posts import find_posts

__all__ = ["EXTRACTOR", "acting_areas", "find_events", "find_locations", "find_posts", "regions_inside"]
