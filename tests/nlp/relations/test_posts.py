"""Posts (kg/nlp/relations/posts.py)."""

from __future__ import annotations

import pytest

from kg.model import EventKind
from tests.nlp.conftest import parties


def test_a_head_of_government_holds_a_post_in_the_government_the_text_names(extract):
    ex = extract("江西省人民政府与浙江青禾能源有限公司签署协议。省委副书记、省长王明出席签约仪式。")
    posts = {(p.holder.key, p.organization.key, p.title) for p in ex.posts}
    assert ("王明", "江西省人民政府", "省长") in posts


def test_a_companys_party_committee_is_the_company(extract):
    ex = extract("浙江青禾能源集团党委书记、董事长李明轩出席。")
    [post] = ex.posts
    assert (post.organization.key, post.title) == ("浙江青禾能源集团", "党委书记、董事长")
    assert all(m.key != "浙江青禾能源集团党委" for m in ex.mentions)


def test_a_country_prefixed_short_name_confirmed_by_the_text(extract):
    ex = extract("中国云建党委书记、董事长赵军出席。会上,中国云建与南昌市人民政府签订合作协议。")
    assert parties(ex, EventKind.AGREEMENT) == [{"中国云建", "南昌市人民政府"}]
    assert ("赵军", "中国云建") in {(p.holder.key, p.organization.key) for p in ex.posts}
    assert not any(m.key == "中国" for m in ex.mentions)


@pytest.mark.parametrize(
    "text, holder, org, title",
    [
        ("松岭集团党委书记、董事长王立新,党委副书记、工会主席陈建华出席。\n", "陈建华", "松岭集团", "党委副书记、工会主席"),
        ("天津市委副书记、市长赵明参加活动。\n", "赵明", "天津市委", "副书记"),  # no government named: no 市长 post
        ("自治区党委副书记、政法委书记孙强出席。\n", "孙强", "自治区党委政法委", "书记"),
        ("自治区党委常委、统战部部长巴特尔出席。\n", "巴特尔", "自治区党委统战部", "部长"),
        ("贯彻党中央决策部署，深入学习柴明远总书记重要讲话精神。\n", "柴明远", "中共中央", "总书记"),
        ("会议由王立新(青禾集团党委书记、董事长)主持。\n", "王立新", "青禾集团", "党委书记、董事长"),  # in a bracket
        ("王立新,现任宁波青禾集团党委书记、董事长。\n", "王立新", "宁波青禾集团", "党委书记、董事长"),  # appointed
        # a representative posted to China heads an international organisation's mission
        ("联合国青禾计划署驻华代表柴明远出席。\n", "柴明远", "联合国青禾计划署", "驻华代表"),
        # a ministry's or a provincial department's division is a body of its own; a county bureau's section
        # stays in its head's title
        ("国家林业和草原局生态保护修复司司长贺文杰说。\n", "贺文杰", "国家林业和草原局生态保护修复司", "司长"),
        ("浙江省水利厅水土保持处处长贺文杰说。\n", "贺文杰", "浙江省水利厅水土保持处", "处长"),
        ("宁海县林业局营林科科长邱晓说。\n", "邱晓", "宁海县林业局", "营林科科长"),
        # a short remark on the post in brackets between the title and the name
        ("松岭集团有限公司副总经理（主持工作）邱晓表示。\n", "邱晓", "松岭集团有限公司", "副总经理"),
        ("会议决定,任命周平为宁波青禾集团总经理。\n", "周平", "宁波青禾集团", "总经理"),
        ("周平当选为宁波青禾协会会长。\n", "周平", "宁波青禾协会", "会长"),  # elected
        ("周平被任命为宁波青禾集团总经理。\n", "周平", "宁波青禾集团", "总经理"),
        # 任 as the verb, fused by jieba with the company's first word (任青禾): no part of the name
        ("柴明远任青禾集团董事长。\n", "柴明远", "青禾集团", "董事长"),
        ("柴明远时任松岭集团总经理。\n", "柴明远", "松岭集团", "总经理"),  # 时任: at the time
        # the copula saying what the person is (系, 是) opens the post as 任 does
        ("据悉，柴明远系松岭集团董事长。\n", "柴明远", "松岭集团", "董事长"),
        ("贺文杰是宁海县林业局副局长。\n", "贺文杰", "宁海县林业局", "副局长"),
        ("青禾集团董事局主席柴明远出席。\n", "柴明远", "青禾集团", "董事局主席"),  # the company's board
        ("宁海县人民政府县长助理贺文杰出席。\n", "贺文杰", "宁海县人民政府", "县长助理"),
        ("宁海县林业局总农艺师贺文杰介绍。\n", "贺文杰", "宁海县林业局", "总农艺师"),  # a chief specialist
        # a personnel notice: the particulars between the name and 现任
        ("周平，男，汉族，1975年5月生，浙江宁波人，中共党员，研究生学历，现任宁波青禾集团总经理。\n",
         "周平", "宁波青禾集团", "总经理"),
    ],
)
def test_posts_along_a_title_chain(extract, text, holder, org, title):
    assert (holder, org, title) in {(p.holder.key, p.organization.key, p.title) for p in extract(text).posts}


@pytest.mark.parametrize("text", ["周平当选理由充分。\n", "周平任期三年。\n", "周平是松岭集团的老朋友。\n"])
def test_no_post_where_no_title_ends_the_clause(extract, text):
    assert not extract(text).posts


def test_a_towns_party_committee_is_a_body_and_its_head_of_government_is_not_in_it(extract):
    # 某镇党委 is the town's own committee (an enterprise's 党委 is the enterprise); 镇长 heads the town's
    # government, which the text does not name: no post rather than one in the party committee
    ex = extract("宁海县长街镇党委书记贺文杰、镇长邱晓陪同。\n")
    assert {(p.holder.key, p.organization.key, p.title) for p in ex.posts} == {("贺文杰", "长街镇党委", "书记")}
    ex = extract("宁海县力洋镇东岙村党支部书记柴明远介绍。\n")
    assert {(p.holder.key, p.organization.key) for p in ex.posts} == {("柴明远", "力洋镇东岙村党支部")}


def test_a_list_of_officials_carries_its_organisation(extract):
    ex = extract("青禾集团董事长王立新、总经理赵明出席。\n")
    assert {(p.holder.key, p.organization.key) for p in ex.posts} == {("王立新", "青禾集团"), ("赵明", "青禾集团")}


def test_a_title_implying_its_body_is_not_a_name_of_the_body(extract):
    from kg.resolve import resolve

    ex = extract("中共中央印发通知。李明远总书记在青禾集团考察时强调，要推动高质量发展。")
    assert [(p.holder.key, p.organization.key, p.title) for p in ex.posts] == [("李明远", "中共中央", "总书记")]
    body = next(e for e in resolve([ex]).entities.values() if e.name == "中共中央")
    assert "总书记" not in body.aliases


def test_a_title_implies_a_post_only_in_a_body_the_text_names(extract):
    # a post is in an organisation the text writes; the reader's knowledge of the title adds no body
    ex = extract("李明远总书记在青禾集团考察时强调，要推动高质量发展。")
    assert ex.posts == [] and not any(m.key == "中共中央" for m in ex.mentions)
    assert [m.key for m in ex.mentions if m.type.value == "Official"] == ["李明远"]


def test_an_abbreviation_before_a_title_is_the_organisation_it_abbreviates(extract):
    from kg.resolve import resolve

    ex = extract("青禾浙江省电力有限公司与松岭能源集团有限公司签订协议。青禾浙江电力董事长孙立强代表签约。")
    assert ("孙立强", "青禾浙江电力", "董事长") in {(p.holder.key, p.organization.key, p.title) for p in ex.posts}
    company = next(e for e in resolve([ex]).entities.values() if e.name == "青禾浙江省电力有限公司")
    assert "青禾浙江电力" in company.aliases
    ex = extract("中国青禾集团有限公司浙江分公司签约。青禾浙江分公司总经理李明强出席。")  # after 中国
    assert ("李明强", "青禾浙江分公司") in {(p.holder.key, p.organization.key) for p in ex.posts}
    ex = extract("青禾浙江省电力有限公司召开会议。青山电力董事长孙立强出席。")  # 青山电力 abbreviates nothing here
    assert not [p for p in ex.posts if p.organization.key.startswith("青山")] or \
        "青山电力" not in {m.key for m in ex.mentions if m.evidence.extractor.endswith("short-name")}


def test_a_post_in_a_masked_organisation_is_linked_to_none(extract):
    ex = extract("**集团与开化县人民政府签署协议。开化县委书记王明、**集团副总经理李明轩出席。")
    posts = {(p.holder.key, p.organization.key) for p in ex.posts}
    assert ("王明", "开化县委") in posts
    assert not [p for p in ex.posts if p.holder.key == "李明轩"]


def test_a_title_naming_a_body_of_its_own_is_no_post_in_the_body_carried_on(extract):
    ex = extract("市委副书记、市长张明主持会议，市政协主席王立，市委常委、常务副市长赵强出席。宁波市人民政府副秘书长孙平汇报。")
    posts = {(p.holder.key, p.organization.key, p.title) for p in ex.posts}
    assert ("张明", "宁波市人民政府", "市长") in posts and ("赵强", "宁波市人民政府", "常务副市长") in posts
    assert not [p for p in ex.posts if p.holder.key == "王立" and p.organization.key == "宁波市人民政府"]
    ex = extract("青禾集团党委书记、董事长张明，党委副书记、工会主席王立出席。")  # the company's own committees
    assert ("王立", "青禾集团") in {(p.holder.key, p.organization.key) for p in ex.posts}


def test_an_assistant_head_of_government_holds_no_post_in_the_committee_carried_on(extract):
    ex = extract("宁海县委书记柴明远，县长助理贺文杰出席。")
    assert not [p for p in ex.posts if p.holder.key == "贺文杰"]


def test_a_bare_title_after_an_organisations_topic_is_a_post_in_it(extract):
    ex = extract("青禾集团方面，董事长柴明远表示，将加大投资。")
    assert ("柴明远", "青禾集团", "董事长") in {(p.holder.key, p.organization.key, p.title) for p in ex.posts}


def test_a_village_or_town_at_a_titles_opening_is_no_post_in_the_body_carried_on(extract):
    ex = extract("青禾集团总工程师柴明远，松岭村党支部书记邱晓，力洋镇镇长包振宇，副总经理贺文杰出席。")
    posts = {(p.holder.key, p.organization.key) for p in ex.posts}
    assert ("柴明远", "青禾集团") in posts and ("贺文杰", "青禾集团") in posts
    assert not [p for p in ex.posts if p.holder.key in ("邱晓", "包振宇") and p.organization.key == "青禾集团"]
    ex = extract("宁海县委书记柴明远，副书记贺文杰，乡村振兴局局长包振宇出席。")  # 乡村 is a common word
    assert ("贺文杰", "宁海县委") in {(p.holder.key, p.organization.key) for p in ex.posts}


def test_a_bracket_inside_an_organisations_name_does_not_break_the_title_chain(extract):
    ex = extract("青钢(集团)有限公司党委书记、董事长孟立强出席。")
    assert [(p.holder.key, p.title) for p in ex.posts] == [("孟立强", "党委书记、董事长")]


def test_ji_before_an_organisations_name_starts_another_persons_title_chain(extract):
    ex = extract("青禾集团与宁波市人民政府签约。宁波市委书记、市长及青禾集团董事长王明强出席。")
    assert {(p.holder.key, p.organization.key, p.title) for p in ex.posts} == {("王明强", "青禾集团", "董事长")}


@pytest.mark.parametrize("text, holders", [
    # a title followed by names joined with 、: each of them holds it (the gold's convention, the common
    # way a news report lists several officials of one rank)
    ("松岭县委常委王立新、李明强出席。\n", {"王立新", "李明强"}),
    ("松岭集团副总经理赵伟、刘洋、孙海涛,青禾县委常委王立新参加了签约仪式。\n", {"赵伟", "刘洋", "孙海涛"}),
    # the list's last name joined by 和 or 及
    ("松岭集团总经理王立新，副总经理赵伟和孙海涛出席。\n", {"赵伟", "孙海涛"}),
    ("松岭集团副总经理赵伟、刘洋及孙海涛参加了签约仪式。\n", {"赵伟", "刘洋", "孙海涛"}),
])
def test_names_listed_after_one_title_share_its_post(extract, text, holders):
    ex = extract(text)
    officials = {m.key for m in ex.mentions if m.type.value == "Official"}
    assert holders <= officials
    by_holder = {}
    for p in ex.posts:
        by_holder.setdefault(p.holder.key, set()).add((p.organization.key, p.title))
    first = sorted(holders, key=text.index)[0]
    assert all(by_holder.get(h) == by_holder[first] for h in holders), by_holder


def test_a_list_after_a_title_stops_where_another_title_or_name_begins(extract):
    ex = extract("青禾集团董事长王立新、松岭集团总经理李明强出席。\n")
    posts = {(p.holder.key, p.organization.key, p.title) for p in ex.posts}
    assert posts == {("王立新", "青禾集团", "董事长"), ("李明强", "松岭集团", "总经理")}
    ex = extract("青禾集团董事长王立新和松岭集团总经理李明强出席。\n")
    posts = {(p.holder.key, p.organization.key, p.title) for p in ex.posts}
    assert posts == {("王立新", "青禾集团", "董事长"), ("李明强", "松岭集团", "总经理")}


def test_a_head_of_government_finds_the_government_written_in_full(extract):
    ex = extract("青海省海西蒙古族藏族自治州人民政府与浙江青禾能源有限公司签署协议。海西州州长王立新出席。\n")
    posts = {(p.holder.key, p.organization.key, p.title) for p in ex.posts}
    assert posts == {("王立新", "青海省海西蒙古族藏族自治州人民政府", "州长")}


@pytest.mark.parametrize("text, government, deputy", [
    ("宁波市海曙区人民政府与松岭集团签约。海曙区委书记、区长韦一鸣，副区长包振宇出席。\n",
     "宁波市海曙区人民政府", "副区长"),
    ("青海省海西蒙古族藏族自治州人民政府与松岭集团签约。海西州党委副书记、州长韦一鸣，副州长包振宇出席。\n",
     "青海省海西蒙古族藏族自治州人民政府", "副州长"),
])
def test_a_deputy_after_the_head_of_a_government_is_in_that_government(extract, text, government, deputy):
    # the list carries the district's (prefecture's) government on, not the city (province) its name opens with
    posts = {(p.holder.key, p.organization.key, p.title) for p in extract(text).posts}
    assert ("包振宇", government, deputy) in posts


def test_no_post_in_a_place_whose_government_the_text_does_not_name(extract):
    # realnews convention: a 市长 is linked only to a city government the text writes
    ex = extract("宁波市市长王明出席了浙江青禾能源有限公司的活动。\n")
    assert "王明" in {m.key for m in ex.mentions if m.type.value == "Official"}
    assert ex.posts == []


def test_a_former_post_after_the_name_is_no_post_and_no_part_of_the_name(extract):
    ex = extract("王立新曾任宁波青禾集团董事长。\n")
    assert ex.posts == []
    assert "王立新曾" not in {m.key for m in ex.mentions}


@pytest.mark.parametrize("text, official", [
    ("原花都区人民政府区长王立新出席了活动。\n", "王立新"),  # a former post (原) is not a post
    ("花都区委书记赵明、区领导王立新出席了活动。\n", "王立新"),  # 区领导: an official, no post named
    ("区上领导王立新、周平出席了活动。\n", "周平"),  # 区上领导, as north-western news writes it
    ("出席活动的还有青禾集团领导柴明远、贺文杰。\n", "贺文杰"),  # an organisation's leaders
])
def test_officials_without_a_current_named_post(extract, text, official):
    ex = extract(text)
    assert official in {m.key for m in ex.mentions if m.type.value == "Official"}
    assert official not in {p.holder.key for p in ex.posts}


def test_an_acting_head_of_government_holds_the_governments_post_and_names_no_county(extract):
    ex = extract("开化县人民政府与青禾集团签约。开化县委副书记、代县长王立新出席。\n")
    posts = {(p.holder.key, p.organization.key, p.title) for p in ex.posts}
    assert posts == {("王立新", "开化县委", "副书记"), ("王立新", "开化县人民政府", "代县长")}
    assert "代县" not in {m.key for m in ex.mentions}  # 代县 is a county too, but not here


@pytest.mark.parametrize("text", [
    "担任青禾集团董事长的王立新表示，公司将扩大投资。\n",  # the title chain as the name's apposition, before 的
    "作为青禾集团董事长，王立新表示公司将扩大投资。\n",  # …or before a comma, opened by 作为
    "青禾集团的董事长王立新表示，公司将扩大投资。\n",  # 的 between the organisation and its post
])
def test_a_post_written_as_the_names_apposition(extract, text):
    assert {(p.holder.key, p.organization.key, p.title) for p in extract(text).posts} == {("王立新", "青禾集团", "董事长")}


def test_words_before_a_post_are_no_part_of_its_title(extract):
    ex = extract("青禾集团相关负责人王立新介绍，松岭集团一位负责人赵明说。\n")
    assert {(p.holder.key, p.title) for p in ex.posts} == {("王立新", "负责人"), ("赵明", "负责人")}


def test_the_joiner_between_two_titled_names_is_no_part_of_the_second_title(extract):
    ex = extract("青禾集团总经理助理郑雪梅和副总经理冯晓东出席。\n")
    assert {(p.holder.key, p.title) for p in ex.posts} == {("郑雪梅", "总经理助理"), ("冯晓东", "副总经理")}


def test_a_title_before_de_and_a_word_is_no_apposition(extract):
    ex = extract("青禾集团董事长的讲话引起关注。\n")
    assert not [m for m in ex.mentions if m.type.value in ("Official", "Person")]



def test_a_title_that_names_a_bare_body_is_no_post_in_the_body_carried_on(extract):
    # 县发改局局长: the county's own bureau, not the forestry bureau of the official before
    ex = extract("开化县林业局局长包振宇，县发改局局长柴明远出席。\n")
    assert {(p.holder.key, p.organization.key) for p in ex.posts} == {("包振宇", "开化县林业局")}


def test_a_member_of_a_leading_group_holds_no_named_post(extract):
    ex = extract("青禾集团领导班子成员王立新出席。\n")
    assert "王立新" in {m.key for m in ex.mentions if m.type.value == "Official"}
    assert ex.posts == []
