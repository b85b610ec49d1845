"""Every pass over a document is linear (or n·log n) in its length: a 400,000-character line, the seed pages
with every line break taken out, is extracted in one pass — a pass that scanned every sentence or every
mention for each mention took minutes on it (and hours at 2,000,000 characters), which CI would show as a
timeout. Time against length is measured by ``benchmarks/length_bench.py``, not here."""

from __future__ import annotations

import pytest

from kg.ingest import parse_text
from kg.nlp.spans import Spans, within

from .conftest import SEEDS

LONG = 400_000


@pytest.fixture(scope="module")
def nlp():
    from kg.nlp.pipeline import load_pipeline

    return load_pipeline("default")


def test_a_400k_character_line_is_extracted_with_all_its_facts(nlp):
    from kg.extraction import extract_document

    page = "".join(SEEDS.glob("*.txt").__next__().read_text(encoding="utf-8").split())
    once = extract_document(parse_text(page, "once"), nlp)
    long = extract_document(parse_text((page * (LONG // len(page) + 1))[:LONG], "long"), nlp)
    copies = LONG // len(page)
    assert len(long.mentions) >= copies * len(once.mentions) * 0.9
    assert {m.key for m in long.mentions} >= {m.key for m in once.mentions} - {m.key for m in once.mentions[-3:]}
    assert len(long.posts) >= copies * len(once.posts) * 0.9
    assert len(long.locations) >= copies * len(once.locations) * 0.9
    assert len(long.events) >= copies * len(once.events) * 0.9


def test_span_lookups_agree_with_a_scan_of_every_span():
    import random

    rng = random.Random(5)
    spans = [(s, s + rng.randint(0, 9)) for s in (rng.randrange(200) for _ in range(60))]
    index = Spans(spans)
    for a in range(0, 210):
        for b in range(a, a + 12):
            assert index.overlaps(a, b) == any(s < b and a < e for s, e in spans), (a, b)
            assert index.holds(a, b) == any(s <= a and b <= e for s, e in spans), (a, b)
        assert index.covers(a) == any(s <= a < e for s, e in spans), a


def test_within_gives_the_mentions_a_scan_gives_in_order():
    import random
    from types import SimpleNamespace

    rng = random.Random(9)
    ms = sorted((SimpleNamespace(start=s, end=s + rng.randint(1, 8)) for s in (rng.randrange(300) for _ in range(80))),
                key=lambda m: m.start)
    for lo in range(0, 300, 7):
        for hi in (lo, lo + 5, lo + 40):
            assert within(ms, lo, hi) == [m for m in ms if lo <= m.start and m.end <= hi]
