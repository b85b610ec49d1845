"""Counted lists and coordinations (kg/nlp/refine/coordination.py)."""

from __future__ import annotations


def test_items_of_a_counted_list_are_what_the_count_says(extract):
    ex = extract("集团下属20家企业纳入市场,其中青山油田、汉江石化、临川石化和长丰化工等4家企业参与首日交易。")
    assert {m.key for m in ex.mentions if m.type.value == "Enterprise"} >= {"青山油田", "汉江石化", "临川石化", "长丰化工"}


def test_a_count_that_does_not_match_or_a_noun_that_goes_on_is_no_list(extract):
    ex = extract("青山油田、汉江石化等5家企业参与。推动甲方、乙方2家项目业主方达成一致。")
    assert not any(m.key in ("青山油田", "汉江石化", "甲方", "乙方") for m in ex.mentions)


def test_a_body_written_after_another_of_its_place_takes_the_place(extract):
    ex = extract("浙江省科技厅、工信厅联合印发通知。开化县委、政府高度重视。自治区发改委、能源局等部门参加。\n")
    keys = {m.key for m in ex.mentions if m.type.value == "GovernmentBody"}
    assert {"浙江省工信厅", "开化县政府", "自治区能源局"} <= keys
    ex = extract("浙江省科技厅、工作人员和专家参加。\n")  # no body after the 、
    assert not any(k.startswith("浙江省工作") for k in (m.key for m in ex.mentions))


def test_an_uncounted_list_with_a_company_in_it_is_a_list_of_companies(extract):
    ex = extract("平台由宁波青禾能源科技有限公司、松岭铝业等龙头企业共同组建。\n")
    assert {"宁波青禾能源科技有限公司", "松岭铝业"} <= {m.key for m in ex.mentions if m.type.value == "Enterprise"}
    for text in ("技术、资金等企业要素加快集聚。\n",  # no company in the list, one elsewhere:
                 "宁波青禾能源科技有限公司召开会议。会上,北方、南方等企业参加。\n"):
        assert not {"技术", "资金", "北方", "南方"} & {m.key for m in extract(text).mentions}


def test_items_named_after_a_count_and_fen_bie_wei_are_of_that_kind(extract):
    ex = extract("项目拟建两座抽水蓄能电站，分别为松岭河电站、青川河电站，总装机240万千瓦。\n")
    assert {"松岭河电站", "青川河电站"} <= {m.key for m in ex.mentions if m.type.value == "Project"}
    ex = extract("项目拟建三座抽水蓄能电站，分别为松岭河电站、青川河电站。\n")  # the count does not match
    assert not {m.key for m in ex.mentions if m.evidence.extractor.endswith("counted-list")}


def test_places_coordinated_before_a_national_designation_share_it(extract):
    ex = extract("推进泰山、黄河国家文化公园建设。\n")
    keys = {m.key for m in ex.mentions if m.type.value == "Project"}
    assert {"泰山国家文化公园", "黄河国家文化公园"} <= keys
    assert "国家文化公园" not in keys  # the designation alone names nothing
    ex = extract("推进工作、黄河国家文化公园建设。\n")  # 工作 is no place: nothing shared
    assert not [k for k in (m.key for m in ex.mentions) if k.startswith("工作")]
