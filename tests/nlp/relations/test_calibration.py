"""A relation's confidence is how often its rule was right (kg/nlp/relations/calibration.py,
kg/nlp/confidence.py)."""

from __future__ import annotations

import pytest

from kg.nlp.confidence import Judged, folds, measure, recalibrated, reliability
from kg.nlp.relations.calibration import TABLE, table, use_table


@pytest.fixture
def own_figures():
    use_table({})
    yield
    use_table(None)


def test_a_rules_confidence_is_its_smoothed_share_of_right_facts():
    rows = [Judged("holdsPositionIn", (("post", 0.85),), right) for right in [True] * 8 + [False] * 2]
    rows += [Judged("locatedIn", (("name", 0.9), ("region-chain", 0.9)), True),
             Judged("locatedIn", (("name", 0.9),), None)]  # only standard geography: not counted
    assert measure(rows) == {("holdsPositionIn", "post"): (0.75, 8, 10), ("locatedIn", "name"): (0.667, 1, 1),
                             ("locatedIn", "region-chain"): (0.667, 1, 1)}


def test_rows_take_the_tables_figures_and_fall_into_bands():
    rows = [Judged("holdsPositionIn", (("post", 0.85),), True), Judged("locatedIn", (("name", 0.9),), False),
            Judged("locatedIn", (("stated", 0.8), ("name", 0.9)), True)]
    again = recalibrated(rows, {("locatedIn", "name"): (0.95, 19, 20)})
    assert [r.confidence for r in again] == [0.85, 0.95, 0.95]
    assert reliability(again) == [(">= 0.9", 1, 2), ("0.8–0.9", 1, 1), ("0.7–0.8", 0, 0), ("0.6–0.7", 0, 0),
                                  ("< 0.6", 0, 0)]


def test_folds_deal_documents_the_same_way_every_time():
    assert folds(["R3", "R1", "R2", "R5", "R4"], 2) == [["R1", "R3", "R5"], ["R2", "R4"]]


def test_the_shipped_table_sets_a_posts_confidence(extract):
    ex = extract("浙江青禾能源集团党委书记、董事长李明轩出席。")
    [post] = ex.posts
    assert TABLE.exists() and post.evidence.confidence == table()[("holdsPositionIn", "post")]


def test_without_a_table_a_rule_keeps_its_own_figure(extract, own_figures):
    [post] = extract("浙江青禾能源集团党委书记、董事长李明轩出席。").posts
    assert post.evidence.confidence == 0.85
