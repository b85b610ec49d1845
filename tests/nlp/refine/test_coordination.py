"""Counted lists and coordinations (kg/nlp/refine/coordination.py)."""

from __future__ import annotations


def test_items_of_a_counted_list_are_what_the_count_says(extract):
    ex = extract("集团下属20家企业纳入市场,其中青山油田、汉江石化、临川石化和长丰化工等4家企业参与首日交易。")
    assert {m.key for m in ex.mentions if m.type.value == "Enterprise"} >= {"青山油田", "汉江石化", "临川石化", "长丰化工"}


def test_a_count_that_does_not_match_or_a_noun_that_goes_on_is_no_list(extract):
    ex = extract("青山油田、汉江石化等5家企业参与。推动甲方、乙方2家项目业主方达成一致。")
    assert not any(m.key in ("青山油田", "汉江石化", "甲方", "乙方") for m in ex.mentions)
