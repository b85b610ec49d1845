from __future__ import annotations

import pytest

from kg.model import DocumentInfo, EntityType, Evidence, Extraction, Mention
from kg.resolve import abbreviates, resolve


@pytest.mark.parametrize(
    "short, long, expected",
    [
        ("松工集团", "中国甘肃松岭林业工业集团有限责任公司", True),
        ("甘肃松工集团", "中国甘肃松岭林业工业集团有限责任公司", True),
        ("江城环交所", "江城环境能源交易所", True),
        ("青禾科技", "青禾科技集团", True),
        ("青禾", "青禾科技集团", True),
        ("甘肃大学", "甘肃农业大学", False),
        ("天津排放权交易所", "重庆排放权交易所", False),
        ("自治区党委", "自治区党委统战部", False),
        ("江城市监察委员会", "江城市监察委员会常务委员会", False),
        ("中央监察委员会", "中国某某党第三届中央监察委员会", True),
        ("杭青集团", "杭州市青禾集团有限公司", True),  # the city's first character, then the core shortened
        ("杭松集团", "杭州市青禾集团有限公司", False),
    ],
)
def test_abbreviations(short, long, expected):
    assert abbreviates(short, long) is expected


def _m(doc, key, typ, start, code=None):
    ev = Evidence(doc, key, start, start + len(key), start, start + len(key), "test", 1.0)
    return Mention(key, key, typ, start, start + len(key), ev, code)


def _ex(doc, mentions, province="450000"):
    return Extraction(DocumentInfo(doc, doc, "", "", None, 100, 0), mentions, context_province=province)


def test_short_and_full_names_across_documents_become_one_entity():
    e = EntityType.ENTERPRISE
    rg = resolve([
        _ex("a", [_m("a", "中国甘肃松岭林业工业集团有限责任公司", e, 0), _m("a", "松工集团", e, 30)]),
        _ex("b", [_m("b", "甘肃松工集团", e, 0)]),
    ])
    orgs = [x for x in rg.entities.values() if x.type is e]
    assert len(orgs) == 1
    assert orgs[0].name == "中国甘肃松岭林业工业集团有限责任公司"
    assert orgs[0].aliases == {"松工集团", "甘肃松工集团"}
    assert orgs[0].documents == ["a", "b"]


def test_a_body_short_name_joins_its_full_name_not_the_body_within_it():
    g = EntityType.GOVERNMENT_BODY
    rg = resolve([_ex("a", [
        _m("a", "中国青禾党第五届中央监督委员会", g, 0),
        _m("a", "中央监督委员会", g, 20),
        _m("a", "中央监督委员会常务委员会", g, 30),
    ])])
    bodies = {x.name: x.aliases for x in rg.entities.values()}
    assert bodies == {"中国青禾党第五届中央监督委员会": {"中央监督委员会"}, "中央监督委员会常务委员会": set()}


def test_a_local_body_also_goes_by_its_name_without_the_province_and_the_repeated_level():
    g = EntityType.GOVERNMENT_BODY
    rg = resolve([_ex("a", [_m("a", "江西省赣州市市委", g, 0), _m("a", "江西省人民政府", g, 20)], province=None)])
    bodies = {x.name: x.aliases for x in rg.entities.values()}
    assert bodies["江西省赣州市市委"] == {"赣州市市委", "赣州市委", "江西省赣州市委"}
    assert bodies["江西省人民政府"] == set()  # a province's own body keeps its name


def test_the_autonomous_region_expands_bodies_and_bare_mentions():
    rg = resolve([_ex("a", [
        _m("a", "自治区国资委", EntityType.GOVERNMENT_BODY, 0),
        _m("a", "广西壮族自治区国资委", EntityType.GOVERNMENT_BODY, 20),
        _m("a", "自治区", EntityType.REGION, 40, "450000"),
        _m("a", "广西", EntityType.REGION, 50, "450000"),
    ])])
    names = sorted(x.name for x in rg.entities.values())
    assert names == ["广西壮族自治区", "广西壮族自治区国资委"]


def test_a_province_short_name_expands_a_body_but_not_a_city_of_the_same_name():
    g = EntityType.GOVERNMENT_BODY
    rg = resolve([_ex("a", [_m("a", "吉林市生态环境局", g, 0), _m("a", "吉林生态环境厅", g, 20)], province=None)])
    assert sorted(x.name for x in rg.entities.values()) == ["吉林市生态环境局", "吉林省生态环境厅"]


def test_homonyms_of_different_kinds_stay_apart():
    rg = resolve([
        _ex("a", [_m("a", "华钢", EntityType.ENTERPRISE, 0)]),
        _ex("b", [_m("b", "华钢", EntityType.OFFICIAL, 0)]),
    ])
    assert sorted(x.type.value for x in rg.entities.values()) == ["Enterprise", "Official"]


def test_region_short_forms_merge_by_code():
    rg = resolve([_ex("a", [
        _m("a", "临安", EntityType.REGION, 0, "330112"),
        _m("a", "临安区", EntityType.REGION, 10, "330112"),
        _m("a", "杭州", EntityType.REGION, 20, "330100"),
    ])])
    regions = {x.name: x for x in rg.entities.values()}
    assert set(regions) == {"临安区", "杭州市"}
    assert regions["临安区"].aliases == {"临安"}
    assert regions["临安区"].region_code == "330112"
    assert [(l.inner, l.outer) for l in rg.locations] == [("region:临安区", "region:杭州市")]


@pytest.mark.parametrize(
    "long_forms, expected",
    [
        (["青石国际商城"], [("温州市青石贸易有限公司", {"青石商城", "青石国际商城"})]),
        # two long forms fit the other name: neither is pulled in
        (["青石国际商城", "青石购物商城"], [("温州市青石贸易有限公司", {"青石商城"}),
                                         ("青石国际商城", set()), ("青石购物商城", set())]),
    ],
)
def test_a_bracketed_other_name_pulls_in_its_own_long_form(long_forms, expected):
    e = EntityType.ENTERPRISE
    ex = _ex("a", [_m("a", name, e, 8 * i) for i, name in enumerate(long_forms)]
             + [_m("a", "温州市青石贸易有限公司", e, 20), _m("a", "青石商城", e, 33)])
    ex.aliases = {"青石商城": "温州市青石贸易有限公司"}
    orgs = sorted((x.name, x.aliases) for x in resolve([ex]).entities.values() if x.type is e)
    assert orgs == expected


def test_a_government_by_its_short_and_formal_names_is_one_body():
    g = EntityType.GOVERNMENT_BODY
    rg = resolve([_ex("a", [_m("a", "浙江省政府", g, 0), _m("a", "浙江省人民政府", g, 10)], province="330000")])
    [body] = [x for x in rg.entities.values() if x.type is g]
    assert body.name == "浙江省人民政府" and "浙江省政府" in body.aliases


def test_a_national_prefix_short_name_and_a_project_under_its_places_two_names():
    e, p = EntityType.ENTERPRISE, EntityType.PROJECT
    rg = resolve([_ex("a", [_m("a", "中国青建", e, 0), _m("a", "中国青建股份有限公司", e, 10),
                            _m("a", "开化县竹林碳汇项目", p, 30), _m("a", "开化竹林碳汇项目", p, 50)], province="330000")])
    names = sorted((x.type.value, x.name) for x in rg.entities.values())
    assert names == [("Enterprise", "中国青建股份有限公司"), ("Project", "开化县竹林碳汇项目")]


def test_an_organ_under_its_short_and_full_names_and_without_its_city_is_one_body():
    g = EntityType.GOVERNMENT_BODY
    rg = resolve([_ex("a", [_m("a", "杭州市西湖区发改委", g, 0), _m("a", "西湖区发展改革委", g, 20)], province="330000")])
    assert len([x for x in rg.entities.values() if x.type is g]) == 1
    assert not abbreviates("西湖区发改委", "宁波市海曙区发展和改革委员会")  # another district


def test_names_compared_block_by_block_find_what_all_pairs_find():
    """Blocks by first character (of the name or its core) lose no abbreviation that comparing every pair
    finds, in any number of batches and through any map (a cluster's, with --dask)."""
    from kg.resolve import abbreviates, abbreviation_edges

    names = ["中国甘肃松岭林业工业集团有限责任公司", "甘肃松工集团", "松工集团", "江城环境能源交易所", "江城环交所",
             "青禾科技集团", "青禾科技", "青禾", "浙江省能源集团有限公司", "浙能集团", "甘肃大学", "甘肃农业大学"]
    names.sort(key=lambda n: (-len(n), n))
    every = {(s, l) for s in names for l in names if len(l) > len(s) and abbreviates(s, l)}
    assert len(every) >= 6
    for batches in (1, 3, 50):
        edges = abbreviation_edges(names, lambda fn, items: list(map(fn, list(items))), batches)
        assert {(s, l) for s, longs in edges.items() for l in longs} == every
