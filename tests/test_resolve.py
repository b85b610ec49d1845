from __future__ import annotations

import pytest

from kg.model import DocumentInfo, EntityType, Evidence, Extraction, Mention
from kg.resolve import abbreviates, resolve


@pytest.mark.parametrize(
    "short, long, expected",
    [
        ("森工集团", "中国内蒙古森林工业集团有限责任公司", True),
        ("内蒙古森工集团", "中国内蒙古森林工业集团有限责任公司", True),
        ("上海环交所", "上海环境能源交易所", True),
        ("远景科技", "远景科技集团", True),
        ("远景", "远景科技集团", True),
        ("内蒙古大学", "内蒙古民族大学", False),
        ("上海环境能源交易所", "内蒙古环境能源交易所", False),
        ("自治区党委", "自治区党委统战部", False),
    ],
)
def test_abbreviations(short, long, expected):
    assert abbreviates(short, long) is expected


def _m(doc, key, typ, start, code=None):
    ev = Evidence(doc, key, start, start + len(key), start, start + len(key), "test", 1.0)
    return Mention(key, key, typ, start, start + len(key), ev, code)


def _ex(doc, mentions, province="150000"):
    return Extraction(DocumentInfo(doc, doc, "", "", None, 100, 0), mentions, context_province=province)


def test_short_and_full_names_across_documents_become_one_entity():
    e = EntityType.ENTERPRISE
    rg = resolve([
        _ex("a", [_m("a", "中国内蒙古森林工业集团有限责任公司", e, 0), _m("a", "森工集团", e, 30)]),
        _ex("b", [_m("b", "内蒙古森工集团", e, 0)]),
    ])
    orgs = [x for x in rg.entities.values() if x.type is e]
    assert len(orgs) == 1
    assert orgs[0].name == "中国内蒙古森林工业集团有限责任公司"
    assert orgs[0].aliases == {"森工集团", "内蒙古森工集团"}
    assert orgs[0].documents == ["a", "b"]


def test_the_autonomous_region_expands_bodies_and_bare_mentions():
    rg = resolve([_ex("a", [
        _m("a", "自治区国资委", EntityType.GOVERNMENT_BODY, 0),
        _m("a", "内蒙古自治区国资委", EntityType.GOVERNMENT_BODY, 20),
        _m("a", "自治区", EntityType.REGION, 40, "150000"),
        _m("a", "内蒙古", EntityType.REGION, 50, "150000"),
    ])])
    names = sorted(x.name for x in rg.entities.values())
    assert names == ["内蒙古自治区", "内蒙古自治区国资委"]


def test_homonyms_of_different_kinds_stay_apart():
    rg = resolve([
        _ex("a", [_m("a", "包钢", EntityType.ENTERPRISE, 0)]),
        _ex("b", [_m("b", "包钢", EntityType.OFFICIAL, 0)]),
    ])
    assert sorted(x.type.value for x in rg.entities.values()) == ["Enterprise", "Official"]


def test_region_short_forms_merge_by_code():
    rg = resolve([_ex("a", [
        _m("a", "土右旗", EntityType.REGION, 0, "150221"),
        _m("a", "土默特右旗", EntityType.REGION, 10, "150221"),
        _m("a", "包头", EntityType.REGION, 20, "150200"),
    ])])
    regions = {x.name: x for x in rg.entities.values()}
    assert set(regions) == {"土默特右旗", "包头市"}
    assert regions["土默特右旗"].aliases == {"土右旗"}
    assert regions["土默特右旗"].region_code == "150221"
    assert [(l.inner, l.outer) for l in rg.locations] == [("region:土默特右旗", "region:包头市")]


@pytest.mark.parametrize(
    "long_forms, expected",
    [
        (["金鼎国际商城"], [("满洲里市金鼎贸易有限公司", {"金鼎商城", "金鼎国际商城"})]),
        # two long forms fit the other name: neither is pulled in
        (["金鼎国际商城", "金鼎购物商城"], [("满洲里市金鼎贸易有限公司", {"金鼎商城"}),
                                         ("金鼎国际商城", set()), ("金鼎购物商城", set())]),
    ],
)
def test_a_bracketed_other_name_pulls_in_its_own_long_form(long_forms, expected):
    e = EntityType.ENTERPRISE
    ex = _ex("a", [_m("a", name, e, 8 * i) for i, name in enumerate(long_forms)]
             + [_m("a", "满洲里市金鼎贸易有限公司", e, 20), _m("a", "金鼎商城", e, 33)])
    ex.aliases = {"金鼎商城": "满洲里市金鼎贸易有限公司"}
    orgs = sorted((x.name, x.aliases) for x in resolve([ex]).entities.values() if x.type is e)
    assert orgs == expected
