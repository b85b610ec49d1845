"""A rules-only pipeline for the NLP tests: retraining the model cannot break them.

Every sentence and every company, person and project name in these tests is invented here; place
names are real geography.
"""

from __future__ import annotations

import pytest

from kg.extraction import extract_document
from kg.ingest import parse_text
from kg.model import EventKind
from kg.nlp.pipeline import load_pipeline


@pytest.fixture(scope="session")
def rules():
    return load_pipeline(None)


@pytest.fixture
def extract(rules):
    """``extract(text)`` → the :class:`~kg.model.Extraction` of *text* on the rules-only pipeline."""
    return lambda text: extract_document(parse_text(text, "t"), rules)


def parties(ex, kind: EventKind) -> list[set[str]]:
    """The party keys of each event of *kind*, in order."""
    return [{p.key for p in e.parties} for e in ex.events if e.kind is kind]
