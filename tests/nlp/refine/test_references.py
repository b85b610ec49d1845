"""References back to a named place, company or body (kg/nlp/refine/references.py)."""

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


def test_the_company_or_group_bare_before_its_heads_title_is_the_one_named_before(extract):
    # 集团 refers to the group named before, not to the last company (松岭科技有限公司 is no group)
    ex = extract("青禾集团有限公司与松岭科技有限公司签约。县长包振宇与集团董事长贺文杰出席。"
                 "公司党委书记、总经理邱晓致辞。\n")
    assert {(p.holder.key, p.organization.key, p.title) for p in ex.posts} == {
        ("贺文杰", "青禾集团有限公司", "董事长"), ("邱晓", "松岭科技有限公司", "党委书记、总经理")}
    ex = extract("青禾集团有限公司举行年会。集团公司化运作成效明显。\n")  # no title after it: no reference
    assert not any(m.evidence.extractor.endswith(":reference") for m in ex.mentions)


def test_a_body_written_again_with_its_level_alone_is_the_body_named_in_full(extract):
    ex = extract("宁海县林业局与松岭集团有限公司签约。县林业局局长韦一鸣出席。\n")
    assert {(p.holder.key, p.organization.key, p.title) for p in ex.posts} == {("韦一鸣", "宁海县林业局", "局长")}
    ex = extract("县林业局局长韦一鸣出席。\n")  # no full name in the text: no body is made up
    assert not ex.posts


def test_an_organisation_written_again_with_its_level_alone_is_the_one_named_in_full(extract):
    ex = extract("浙江省海洋规划研究中心主任韦一鸣介绍,省海洋规划研究中心将与青禾集团有限公司合作。\n")
    assert {m.key for m in ex.mentions if m.text == "省海洋规划研究中心"} == {"浙江省海洋规划研究中心"}
    # two provinces' centres of one name: the level form names neither
    ex = extract("浙江省海洋规划研究中心与福建省海洋规划研究中心签约。省海洋规划研究中心主任韦一鸣出席。\n")
    assert {m.key for m in ex.mentions if m.text == "省海洋规划研究中心"} == {"省海洋规划研究中心"}


def test_a_reference_is_no_name_of_what_it_means(extract):
    from kg.resolve import resolve

    rg = resolve([extract("湖州市举行招商大会。我市与松岭集团有限公司签署战略合作协议。\n")])
    [city] = [e for e in rg.entities.values() if e.name == "湖州市"]
    assert "我市" not in city.aliases


def test_words_that_only_start_like_a_reference_are_left_alone(extract):
    ex = extract("松岭集团有限公司介绍,本市场监管部门认为该公司化运作模式值得推广。\n")
    assert not any(m.evidence.extractor.endswith(":reference") for m in ex.mentions)


def test_the_bureau_and_the_school_are_the_ones_named_before(extract):
    ex = extract("记者从开化县林业局获悉,该局局长包振宇表示,将扩大碳汇林面积。青禾大学与开化县人民政府签约。"
                 "该校校长韦一鸣出席。\n")
    assert {(p.holder.key, p.organization.key, p.title) for p in ex.posts} == {
        ("包振宇", "开化县林业局", "局长"), ("韦一鸣", "青禾大学", "校长")}


def test_该_before_a_title_is_no_body(extract):
    ex = extract("开化县林业局召开会议。该局长表示,将推进。\n")
    assert not any(m.evidence.extractor.endswith(":reference") for m in ex.mentions)
