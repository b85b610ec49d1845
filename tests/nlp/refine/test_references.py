"""References back to a named place or company (kg/nlp/refine/references.py)."""

from __future__ import annotations

from kg.model import EventKind
from tests.nlp.conftest import parties


def test_our_city_is_the_city_the_article_named(extract):
    ex = extract("湖州市举行招商大会。我市与松岭集团有限公司签署战略合作协议。\n")
    assert parties(ex, EventKind.AGREEMENT) == [{"湖州市", "松岭集团有限公司"}]


def test_the_company_is_the_company_named_before(extract):
    ex = extract("松岭集团有限公司举行年会。该公司董事长王立新表示,将加大投资。\n")
    assert {(p.holder.key, p.organization.key, p.title) for p in ex.posts} == {
        ("王立新", "松岭集团有限公司", "董事长")}


def test_a_reference_is_no_name_of_what_it_means(extract):
    from kg.resolve import resolve

    rg = resolve([extract("湖州市举行招商大会。我市与松岭集团有限公司签署战略合作协议。\n")])
    [city] = [e for e in rg.entities.values() if e.name == "湖州市"]
    assert "我市" not in city.aliases


def test_words_that_only_start_like_a_reference_are_left_alone(extract):
    ex = extract("松岭集团有限公司介绍,本市场监管部门认为该公司化运作模式值得推广。\n")
    assert not any(m.evidence.extractor.endswith(":reference") for m in ex.mentions)
