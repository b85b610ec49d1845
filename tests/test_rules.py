"""The rule finders on plain strings: one table, expected spans per finder."""

from __future__ import annotations

import pytest

from kg.nlp.rules import find_named_by_suffix, find_regions, find_titled_persons, word_spans


def _suffix(text):
    w = word_spans(text)
    return [(text[c.start:c.end], c.type.value) for c in find_named_by_suffix(text, w, find_regions(text, w))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("兴安盟林业和草原局副局长于长久说", [("兴安盟林业和草原局", "GovernmentBody")]),
        ("由乌兰察布市委统战部牵头", [("乌兰察布市委", "GovernmentBody"), ("乌兰察布市委统战部", "GovernmentBody")]),
        ("研究设立和林格尔金融数据产业园", [("和林格尔金融数据产业园", "Project")]),
        ("决定向“十四冬”组委会捐赠", [("“十四冬”组委会", "Organization")]),
        ("中盛碳汇(兴安盟)科技有限公司成功签订合同", [("中盛碳汇(兴安盟)科技有限公司", "Enterprise")]),
        ("森工集团党委书记、董事长张良", [("森工集团", "Enterprise")]),
        ("宣读全国工商联贺信", [("全国工商联", "Organization")]),
        ("对接工作格局和全局谋篇布局", []),
        ("加快建设包头稀土产品检测检验中心", [("包头稀土产品检测检验中心", "Project")]),
    ],
)
def test_names_by_their_endings(text, expected):
    assert _suffix(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("包头市土右旗", ["包头市", "土右旗"]),
        ("位于内蒙古阿拉善盟额济纳旗境内", ["内蒙古", "阿拉善盟", "额济纳旗"]),
        ("绿水青山就是金山银山", []),
        ("双方合作共赢", []),
    ],
)
def test_regions_from_the_gazetteer(text, expected):
    assert [text[c.start:c.end] for c in find_regions(text, word_spans(text))] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("自治区党委书记王伟中和自治区人民政府主席包钢率团", ["王伟中", "包钢"]),
        ("北京市委副书记、市长殷勇,北京市人大常委会主任李秀领", ["殷勇", "李秀领"]),
        ("习近平总书记关于党的自我革命的重要思想", []),
        ("上海环境能源交易所总经理刘杰说", ["刘杰"]),
    ],
)
def test_officials_after_their_titles(text, expected):
    assert [text[c.start:c.end] for c, _ in find_titled_persons(text, word_spans(text))] == expected
