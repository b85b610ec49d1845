"""Rule-based entity finders over one NFKC-normalised paragraph.

Each finder takes the text (and, where it needs them, its jieba word spans) and returns
:class:`Candidate` spans; the spaCy components in :mod:`kg.nlp.components` call them and write the
results onto the ``Doc``. Kept free of spaCy so the rules can be read and tested on plain strings.
Word lists are data: ``kg/data/`` (each file and section says what it is for).

================  ===========================================================
module            finds
================  ===========================================================
``regions``       administrative regions (GB/T 2260) and countries
``endings``       organisations, projects, places by their name endings
``name_start``    where such a name starts (the walk back from its ending)
``bodies``        national bodies; bodies written without their place
``persons``       personal names: shapes, lists before 代表, bylines
``officials``     people named with their post title
``media``         news outlets that report in the running text
================  ===========================================================
"""

from kg.nlp.rules.base import Candidate, word_spans
from kg.nlp.rules.bodies import find_bare_bodies, find_bodies, find_international, foreign_bodies, with_divisions
from kg.nlp.rules.endings import find_named_by_suffix, join_branches
from kg.nlp.rules.media import find_media
from kg.nlp.rules.officials import find_leader_lists, find_name_then_title, find_titled_persons
from kg.nlp.rules.persons import find_bylines, find_representatives, reads_as_official
from kg.nlp.rules.regions import COUNTY_SHORT_FORM, find_county_short_forms, find_regions

__all__ = [
    "Candidate", "word_spans", "find_regions", "find_county_short_forms", "COUNTY_SHORT_FORM", "find_named_by_suffix",
    "join_branches", "find_bodies", "find_bare_bodies", "find_international", "foreign_bodies", "with_divisions",
    "find_titled_persons", "find_name_then_title", "find_leader_lists", "find_representatives", "find_bylines",
    "reads_as_official", "find_media",
]
