"""Locations (kg/nlp/relations/locations.py, region_names.py)."""

from __future__ import annotations

import pytest


def test_a_body_written_bare_gets_no_location_but_a_named_one_does(extract):
    ex = extract("赣州市委、赣州市人民政府召开会议。市委书记王明主持。市政府有关部门参加。")
    located = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert ("赣州市人民政府", "赣州市") in located
    bare = [m for m in ex.mentions if m.text in ("市政府",)]
    assert all((m.key, "赣州市") not in located or m.text != m.key for m in bare)


def test_a_village_committee_lies_in_its_village_which_lies_in_its_town(extract):
    ex = extract("青川县坪山镇东湖村村委会与浙江青禾能源有限公司签订协议。")
    located = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert {("坪山镇", "青川县"), ("东湖村", "坪山镇")} <= located
    assert any(inner.endswith("村委会") and outer == "东湖村" for inner, outer in located)


def test_a_region_after_a_groups_name_locates_its_subsidiary(extract):
    ex = extract("浙江青禾能源集团江西电力有限公司与南昌市人民政府签署协议。")
    located = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert ("浙江青禾能源集团江西电力有限公司", "浙江") in located or \
        ("浙江青禾能源集团江西电力有限公司", "江西") in located


def test_locations_from_names_chains_and_located_at(extract):
    ex = extract("杭州市临安区与锡林郭勒盟水务投资集团有限责任公司签约。"
                 "位于四川省阿坝藏族羌族自治州九寨沟县境内的长海水库迎来游客。\n")
    locs = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert ("临安区", "杭州市") in locs
    assert ("锡林郭勒盟水务投资集团有限责任公司", "锡林郭勒盟") in locs
    assert ("九寨沟县", "阿坝藏族羌族自治州") in locs
    assert ("长海水库", "九寨沟县") in locs


def test_a_company_lies_where_its_seat_is(extract):
    ex = extract("青禾集团总部设在绵阳市涪城区。松岭科技有限公司注册地在绵阳市。\n")
    locs = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert {("青禾集团", "涪城区"), ("松岭科技有限公司", "绵阳市")} <= locs


def test_a_company_introduced_as_one_with_its_seat_somewhere_lies_there(extract):
    # the subject of 是一家总部位于某市的企业, or of a clause after a comma, is what the cue locates
    ex = extract("松岭科技有限公司是一家总部位于宁波市的能源企业。青禾风电项目，位于宁海县长街镇。")
    located = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert ("松岭科技有限公司", "宁波市") in located
    ex = extract("宁海县人民政府与松岭科技有限公司签约，位于长街镇的青禾风电项目将开工。")
    assert ("松岭科技有限公司", "长街镇") not in {(loc.inner.key, loc.outer.key) for loc in ex.locations}


def test_a_branch_lies_where_its_name_says(extract):
    ex = extract("中国青禾银行浙江省分行与开化县人民政府签订协议。")
    assert ("中国青禾银行浙江省分行", "浙江省") in {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    ex = extract("中国青禾银行衢州分行发放贷款。")  # a city written short
    assert {(loc.inner.key, loc.outer.region_code) for loc in ex.locations} == {("中国青禾银行衢州分行", "330800")}


def test_a_route_lies_in_none_of_its_places(extract):
    ex = extract("温州至衢州铁路开工建设。")
    assert not [loc for loc in ex.locations if loc.inner.key == "温州至衢州铁路"]


def test_the_places_a_route_joins_are_regions_it_lies_in_none_of(extract):
    ex = extract("建成温州至衢州铁路。")
    assert {(m.key, m.region_code) for m in ex.mentions if m.type.value == "Region"} >= {("温州", "330300"), ("衢州", "330800")}
    assert not [loc for loc in ex.locations if loc.inner.key == "温州至衢州铁路"]


def test_a_former_county_name_locates_what_is_named_after_it(extract):
    ex = extract("广东梅县青禾茶业有限公司与松岭集团签署合作协议。")
    located = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert ("广东梅县青禾茶业有限公司", "梅县") in located
    assert {loc.outer.region_code for loc in ex.locations if loc.outer.key == "梅县"} == {"441403"}  # 梅县区


def test_a_body_named_after_the_place_it_runs_lies_in_it(extract):
    ex = extract("该项目由松涛湾国家级自然保护区管理局组织实施，青峰国家森林公园管委会协助。")
    types = {m.key: m.type.value for m in ex.mentions}
    assert types.get("松涛湾国家级自然保护区管理局") == "GovernmentBody"
    assert types.get("青峰国家森林公园管委会") == "GovernmentBody"
    located = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert {("松涛湾国家级自然保护区管理局", "松涛湾国家级自然保护区"),
            ("青峰国家森林公园管委会", "青峰国家森林公园")} <= located
    places = {loc.outer.key: loc.outer.type.value for loc in ex.locations}
    assert places["松涛湾国家级自然保护区"] == places["青峰国家森林公园"] == "Region"  # Regions of the graph


def test_a_place_without_its_own_start_is_no_place(extract):
    # the name's start fell away (an OCR line break): 口岸经济开发区 starts with an ending, and names nothing
    ex = extract("会议听取了口岸经济开发区管委会的汇报。")
    assert "口岸经济开发区" not in {m.key for m in ex.mentions if m.type.value == "Region"}


def test_a_common_noun_ending_like_a_township_is_no_place(extract):
    # 城乡 (town and country) ends in 乡 but is a noun; 长街镇 is a town the government is named after
    ex = extract("宁海县长街镇人民政府与宁海县住房和城乡建设局联合开展检查。")
    located = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert {("长街镇人民政府", "长街镇"), ("宁海县住房和城乡建设局", "宁海县")} <= located
    assert not any(outer.endswith("城乡") for _, outer in located)


def test_a_body_of_a_former_city_lies_in_the_district_it_became(extract):
    ex = extract("会上，蓬莱市政府与青禾能源有限公司签署了风电项目协议。")
    assert {(loc.inner.key, loc.outer.key, loc.outer.region_code) for loc in ex.locations} >= {
        ("蓬莱市政府", "蓬莱市", "370614")}


def test_a_company_opening_with_its_provinces_abbreviation_lies_in_it(extract):
    ex = extract("浙江省召开能源工作会议。浙能集团与杭州市人民政府签约。新能源有限公司、吉利集团参加。")
    located = {(loc.inner.key, loc.outer.region_code) for loc in ex.locations}
    assert ("浙能集团", "330000") in located
    assert not {k for k, _ in located} & {"新能源有限公司", "吉利集团"}  # names opening with words of their own
    ex = extract("江苏省召开能源工作会议。浙能集团参加。")  # the abbreviation of another province: no link
    assert "浙能集团" not in {loc.inner.key for loc in ex.locations}


def test_a_plant_named_after_a_river_does_not_lie_in_the_city_of_that_name(extract):
    ex = extract("青禾能源集团拟在吉林省建设两座电站，分别为榆林河电站、松岭河电站。")
    assert not [loc for loc in ex.locations if loc.inner.key == "榆林河电站"]
    assert not [m for m in ex.mentions if m.type.value == "Region" and m.key.startswith("榆林")]


def test_a_project_named_after_the_zone_it_is_in_lies_in_the_zone(extract):
    ex = extract("双方签署青能建赣州市光伏储能示范项目、松电力南昌青峰工业园区绿色供电项目。")
    located = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert ("松电力南昌青峰工业园区绿色供电项目", "青峰工业园区") in located
    assert ("青峰工业园区", "南昌") in located
    assert ("松电力南昌青峰工业园区绿色供电项目", "南昌") not in located  # the zone is the direct container
    ex = extract("加快建设赣州市青峰林场碳汇项目。")
    located = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert {("赣州市青峰林场碳汇项目", "青峰林场"), ("青峰林场", "赣州市")} <= located


def test_a_body_a_coordination_leaves_unwritten_lies_where_the_first_is(extract):
    ex = extract("开化县委、政府高度重视。浙江省科技厅、工信厅联合印发通知。")
    located = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert {("开化县政府", "开化县"), ("浙江省工信厅", "浙江省")} <= located
    ex = extract("会议强调，政府要高度重视。")  # a body written bare, with no place before it
    assert not [loc for loc in ex.locations if loc.inner.key.endswith("政府")]


def test_a_subsidiary_named_group_short_name_then_city_lies_in_the_city(extract):
    ex = extract("青能宁波热电有限责任公司升级改造项目部副主任刘某介绍说。")
    located = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert ("青能宁波热电有限责任公司", "宁波") in located
    ex = extract("青能宁波热电厂升级改造。")  # no legal form: the head may be anything
    assert not [loc for loc in ex.locations if loc.inner.key.startswith("青能")]


def test_a_project_built_or_settled_in_a_place_lies_in_it(extract):
    ex = extract("青禾集团将在宁波市北仑区投资建设青禾新能源产业园项目。由松岭集团投资建设的松岭储能电站项目正式落户衢州市。")
    located = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert ("青禾新能源产业园项目", "北仑区") in located
    assert ("松岭储能电站项目", "衢州市") in located
    ex = extract("青禾集团在浙江省投资建设宁波青禾新能源产业园项目。")  # the name places it: no shortcut to the province
    assert ("宁波青禾新能源产业园项目", "浙江省") not in {(loc.inner.key, loc.outer.key) for loc in ex.locations}


def test_this_project_lies_where_the_text_says_the_last_one_named_does(extract):
    ex = extract("青禾集团与宁波市人民政府签约，双方将推进青禾储能电站项目。该项目位于宁波市北仑区，总投资20亿元。")
    assert ("青禾储能电站项目", "北仑区") in {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    ex = extract("该项目位于宁波市北仑区。")  # no project named before
    assert not [loc for loc in ex.locations if loc.outer.key == "北仑区" and loc.inner.type.value == "Project"]


def test_a_village_cooperative_after_its_province_city_and_county_lies_in_its_village(extract):
    ex = extract("浙江省衢州市开化县华埠镇青溪村股份经济合作社出售竹林碳汇500吨。开化县青溪村党支部书记叶明介绍情况。")
    located = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert {("华埠镇", "开化县"), ("青溪村", "华埠镇"), ("开化县", "衢州市"), ("衢州市", "浙江省")} <= located
    [coop] = [m.key for m in ex.mentions if m.key.endswith("青溪村股份经济合作社")]
    assert (coop, "青溪村") in located
    assert ("叶明", "开化县青溪村党支部") in {(p.holder.key, p.organization.key) for p in ex.posts}


def test_a_verb_after_the_place_a_clause_is_in_opens_the_projects_name(extract):
    ex = extract("双方将在宁波市北仑区共建青禾新材料产业园。")
    assert [m.key for m in ex.mentions if m.type.value == "Project"] == ["青禾新材料产业园"]
    assert ("青禾新材料产业园", "北仑区") in {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    ex = extract("公司在宁波市北仑区运营青禾储能电站。")  # a verb of no construction: still no name through it
    assert not [m for m in ex.mentions if m.key.startswith("宁波市北仑区运营")]


def test_a_place_word_between_a_projects_region_and_its_kind_is_a_place_it_lies_in(extract):
    ex = extract("会上，双方签署青能建宁波青峰光伏电站项目。")
    located = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert {("青能建宁波青峰光伏电站项目", "青峰"), ("青峰", "宁波")} <= located
    ex = extract("会上，双方签署青能建宁波青禾光伏电站项目。")  # 青禾 is no place's name
    assert ("青能建宁波青禾光伏电站项目", "宁波") in {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    ex = extract("宁海县海洋碳汇示范工程正式开工。")  # 海洋 (jieba: a place) is a landform, no place's name
    assert {(loc.inner.key, loc.outer.key) for loc in ex.locations} == {("宁海县海洋碳汇示范工程", "宁海县")}


def test_a_project_opening_with_a_named_place_lies_in_it(extract):
    ex = extract("推进青峰山森林公园一期工程建设。")
    assert ("青峰山森林公园一期工程", "青峰山森林公园") in {(loc.inner.key, loc.outer.key) for loc in ex.locations}


def test_a_countys_farm_of_a_generic_kind_after_its_province_and_city(extract):
    ex = extract("浙江省衢州市开化县国有林场出售林业碳汇1万吨。")
    located = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert {("衢州市", "浙江省"), ("开化县", "衢州市"), ("开化县国有林场", "开化县")} <= located
    assert not {("开化县国有林场", "衢州市"), ("开化县国有林场", "浙江省"), ("国有林场", "开化县")} & located


def test_a_countys_farm_named_by_the_ending_alone_keeps_the_county(extract):
    ex = extract("宁波青禾纸业有限公司认购了开化县林场的林业碳汇。")
    assert "开化县林场" in {m.key for m in ex.mentions}  # the seller: the farm's institution (acting_areas)
    assert "林场" not in {m.key for m in ex.mentions}  # a bare ending would be one node for every county's farm
    assert ("开化县林场", "开化县") in {(loc.inner.key, loc.outer.key) for loc in ex.locations}


def test_a_mission_lies_at_its_seat_not_in_its_home(extract):
    ex = extract("美国驻成都总领事馆官员访问绵阳市。四川省驻北京办事处主任王立新出席。\n")
    locs = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert ("美国驻成都总领事馆", "成都") in locs
    assert ("四川省驻北京办事处", "北京") in locs
    assert not any(inner == "四川省驻北京办事处" and outer.startswith("四川") for inner, outer in locs)


def test_a_zone_of_a_kind_is_named_by_the_county_before_it(extract):
    # 经济开发区 is a kind of zone: the county written before it names the zone, and the zone's committee
    # lies in the zone, which lies in the county
    ex = extract("宁海县经济开发区管委会与浙江青禾能源有限公司签订协议。")
    located = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert {("宁海县经济开发区管委会", "宁海县经济开发区"), ("宁海县经济开发区", "宁海县")} <= located
    assert not any(m.key == "经济开发区" for m in ex.mentions)


def test_towns_listed_after_one_written_after_its_county_lie_in_that_county(extract):
    ex = extract("青川县坪山镇、青峰镇和曲河镇开展碳汇试点。\n")
    links = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert {("坪山镇", "青川县"), ("青峰镇", "青川县"), ("曲河镇", "青川县")} <= links
    ex = extract("青川县坪山镇、绵竹市开展碳汇试点。\n")  # a county listed after the town is no town of the first
    assert ("绵竹市", "青川县") not in {(loc.inner.key, loc.outer.key) for loc in ex.locations}


def test_a_place_in_a_part_of_a_county_lies_in_the_county(extract):
    for text in ("位于青川县东部的青峰水库开展碳汇试点。\n", "青川县东北部的坪山镇开展碳汇试点。\n",
                 "位于青川县境内的青峰水库开展碳汇试点。\n"):
        links = {(loc.inner.key, loc.outer.key) for loc in extract(text).locations}
        assert links & {("青峰水库", "青川县"), ("坪山镇", "青川县")}, text


def test_a_project_named_after_its_county_and_town_lies_in_the_town(extract):
    ex = extract("桐庐县分水镇碳汇项目完成交易。\n")
    assert "桐庐县分水镇碳汇项目" in {m.key for m in ex.mentions if m.type.value == "Project"}
    located = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert {("桐庐县分水镇碳汇项目", "分水镇"), ("分水镇", "桐庐县")} <= located


def test_the_countryside_in_a_projects_name_is_no_township(extract):
    ex = extract("桐庐县美丽乡村建设项目开工。\n")
    located = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert located == {("桐庐县美丽乡村建设项目", "桐庐县")}


def test_a_project_sited_in_a_place_lies_there(extract):
    ex = extract("青禾光伏电站项目选址桐庐县分水镇。\n")
    located = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert ("青禾光伏电站项目", "分水镇") in located


@pytest.mark.parametrize("text", ["松岭光伏电站项目选址于宁海县茶院乡。\n", "松岭光伏电站项目建于宁海县茶院乡。\n"])
def test_a_project_sited_with_yu_before_the_place_lies_there(extract, text):
    # 选址于, 建于: the 于 belongs to the siting verb (it was read as 于某地 + a building verb, and nothing followed)
    located = {(loc.inner.key, loc.outer.key) for loc in extract(text).locations}
    assert ("松岭光伏电站项目", "茶院乡") in located


@pytest.mark.parametrize("text", ["来自宁海县的青禾集团参加了签约。\n", "青禾集团是宁海县的一家民营企业。\n"])
def test_a_company_said_to_be_a_places_own_lies_there(extract, text):
    # 某县的某公司, 某公司是某县的一家企业: the text places the company; a bare body (某县的林业局) it leaves alone
    located = {(loc.inner.key, loc.outer.key) for loc in extract(text).locations}
    assert ("青禾集团", "宁海县") in located
    assert not extract("青禾集团是宁海县的重要合作伙伴。\n").locations
    assert not extract("中国的青禾集团参加了签约。\n").locations  # a country says only the nation


def _counties_placed_nowhere(extract, keep) -> list[str]:
    """The county-level divisions *keep* accepts (given the county and its ancestors) that, written after their
    province and city before their government, do not lie in the city, or the city not in the province."""
    from kg.regions import gazetteer

    gaz = gazetteer()
    counties = sorted({r for rs in gaz.by_name.values() for r in rs if r.level == "县级"}, key=lambda r: r.code)
    missed = []
    for k, county in enumerate(counties):
        up = gaz.ancestors(county.code)
        if len(up) < 2 or not keep(k, county, up):
            continue
        ex = extract(f"{up[1].name}{up[0].name}{county.name}人民政府与青禾集团签订合作协议。")
        located = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
        if not {(county.name, up[0].name), (up[0].name, up[1].name)} <= located:
            missed.append(county.name)
    return missed


def test_every_county_of_an_autonomous_prefecture_lies_in_it_when_written_after_it(extract):
    # a sweep of the gazetteer's 248 counties under an autonomous prefecture: jieba reads 某省某某自治州 as one
    # word, and the prefecture must stay a place of the chain (the government's name was cut at the county, and
    # the county lay nowhere)
    assert _counties_placed_nowhere(extract, lambda k, county, up: up[0].name.endswith("自治州")) == []


def test_a_sample_of_counties_written_after_province_and_city_lie_in_them(extract):
    # every tenth county-level division of the gazetteer, in code order, and 驿城区 (驻马店市 was read as a
    # mission's 驻 + seat, and lay nowhere)
    assert _counties_placed_nowhere(extract, lambda k, county, up: k % 10 == 0 or county.name == "驿城区") == []
