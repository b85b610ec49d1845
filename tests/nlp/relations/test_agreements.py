"""Agreements: parties, signatories, titles, dates; planned signings and meetings are none
(kg/nlp/relations/agreements.py)."""

from __future__ import annotations

import pytest

from kg.model import EventKind
from tests.nlp.conftest import parties


def test_a_trade_concluded_by_signing_is_also_an_agreement(extract):
    ex = extract("随着《竹林碳汇交易协议》的签订,首单交易完成。湖州绿源环保科技有限公司从安吉县人民政府购买碳汇800吨。")
    assert parties(ex, EventKind.CARBON_TRADE) == [{"湖州绿源环保科技有限公司", "安吉县人民政府"}]
    assert parties(ex, EventKind.AGREEMENT) == [{"湖州绿源环保科技有限公司", "安吉县人民政府"}]
    [agreement] = [e for e in ex.events if e.kind is EventKind.AGREEMENT]
    assert agreement.title == "《竹林碳汇交易协议》"


@pytest.mark.parametrize("kind, text", [
    (EventKind.CARBON_TRADE, "浙江青禾能源有限公司认购丽水林业碳汇3000吨,用于抵消会议排放。"),  # the place names the product
    (EventKind.CARBON_TRADE, "青禾集团认购宁海县首笔林业碳汇。"),  # …and so it does with 首笔 before the product
    (EventKind.CARBON_TRADE, "据上海某交易平台数据,全国碳市场碳排放配额当日收盘价为61.20元/吨,成交量12万吨。"),  # prices
    (EventKind.AGREEMENT, "浙江青禾能源有限公司与开化县人民政府拟于明年签约。双方计划签署框架协议。"),  # planned
    (EventKind.AGREEMENT, "浙江青禾能源有限公司与开化县人民政府举行会谈,就合作事宜交换意见。"),  # a meeting
    (EventKind.AGREEMENT, "会后，青禾集团将与宁海县人民政府签署合作协议。"),  # 将与: still to come
    (EventKind.AGREEMENT, "青禾集团与宁海县人民政府座谈，双方表示将尽快签署合作协议。"),  # 将 + adverb: to come
    (EventKind.AGREEMENT, "青禾集团与宁海县人民政府至今尚未签订合作协议。"),  # 尚未, 并未: not signed
    (EventKind.AGREEMENT, "青禾集团与宁海县人民政府并未签约。"),
])
def test_near_misses_are_no_facts(extract, kind, text):
    assert not parties(extract(text), kind)


def test_a_planned_word_inside_a_name_plans_nothing(extract):
    # 计划 inside 计划署 is the office's name, not a plan: the signing is done
    ex = extract("联合国青禾计划署与宁海县人民政府签署合作协议。")
    assert parties(ex, EventKind.AGREEMENT) == [{"联合国青禾计划署", "宁海县人民政府"}]


def test_respectively_with_each_gives_one_agreement_per_pair(extract):
    ex = extract("会上,浙江青禾能源有限公司分别与赣州市人民政府、吉安市人民政府签订光伏发电项目合作协议。")
    assert sorted(map(sorted, parties(ex, EventKind.AGREEMENT))) == [
        ["吉安市人民政府", "浙江青禾能源有限公司"], ["浙江青禾能源有限公司", "赣州市人民政府"]]
    ex = extract("江西省人民政府与浙江青禾能源有限公司、松岭电力集团有限公司在南昌分别签署战略合作协议。")
    assert sorted(map(sorted, parties(ex, EventKind.AGREEMENT))) == [
        ["松岭电力集团有限公司", "江西省人民政府"], ["江西省人民政府", "浙江青禾能源有限公司"]]
    ex = extract("会上，宁海县分别与浙江青禾能源有限公司、松岭电力集团有限公司签署投资协议。")  # a county, 分别 before 与
    assert sorted(map(sorted, parties(ex, EventKind.AGREEMENT))) == [
        ["宁海县", "松岭电力集团有限公司"], ["宁海县", "浙江青禾能源有限公司"]]
    ex = extract("江西省人民政府与浙江青禾能源有限公司、松岭电力集团有限公司签署三方合作协议。")  # together: one
    assert len(parties(ex, EventKind.AGREEMENT)) == 1


def test_he_inside_the_counterparties_after_tong_joins_them(extract):
    # 甲分别同乙和丙: 和 joins 乙 and 丙, the counterparties 同 opens; 甲 signed with each
    ex = extract("宁海县分别同松岭集团有限公司和青禾集团有限公司签订投资协议。")
    assert sorted(map(sorted, parties(ex, EventKind.AGREEMENT))) == [
        ["宁海县", "松岭集团有限公司"], ["宁海县", "青禾集团有限公司"]]
    ex = extract("宁海县人民政府、象山县人民政府和松岭集团有限公司签订三方协议。")  # a list before 和: all sides
    assert parties(ex, EventKind.AGREEMENT) == [{"宁海县人民政府", "象山县人民政府", "松岭集团有限公司"}]


def test_a_bureau_then_yu_and_a_company_is_two_parties(extract):
    # 某局与某某有限公 + 司 looks like a bureau's division (某局某某司); the company found there keeps them apart
    ex = extract("宁海县林业局与松岭集团有限公司、青禾集团有限公司签订合作协议。")
    assert parties(ex, EventKind.AGREEMENT) == [{"宁海县林业局", "松岭集团有限公司", "青禾集团有限公司"}]
    ex = extract("宁海县人民政府与松岭集团有限公司、青禾集团有限公司分别签订合作协议。")
    assert sorted(map(sorted, parties(ex, EventKind.AGREEMENT))) == [
        ["宁海县人民政府", "松岭集团有限公司"], ["宁海县人民政府", "青禾集团有限公司"]]


def test_a_headline_with_a_bare_sign_verb(extract):
    ex = extract("## 浙江青禾能源有限公司与开化县人民政府签战略合作协议\n\n详细内容见下文。")
    assert parties(ex, EventKind.AGREEMENT) == [{"浙江青禾能源有限公司", "开化县人民政府"}]


def test_signatories_joined_by_yu_are_not_the_parties(extract):
    text = ("江西省人民政府与浙江青禾能源有限公司在南昌签署战略合作协议。"
            "副省长王明与浙江青禾能源有限公司总经理李明轩分别代表双方签署协议。")
    ex = extract(text)
    assert all(parties == {"江西省人民政府", "浙江青禾能源有限公司"} for parties in parties(ex, EventKind.AGREEMENT))


def test_a_signatory_before_yu_signs_for_the_organisation_before_the_post(extract):
    ex = extract("青禾集团党委书记、董事长王立新与开化县人民政府签署战略合作协议。\n")
    [ev] = ex.events
    assert {p.key for p in ev.parties} == {"青禾集团", "开化县人民政府"}
    assert [s.key for s in ev.signatories] == ["王立新"]


def test_people_who_witness_a_signing_sign_for_nobody(extract):
    ex = extract("青禾集团董事长王立新与开化县县长赵明见证签约。\n")
    assert not parties(ex, EventKind.AGREEMENT)


def test_parties_before_the_verb_and_the_date(extract):
    ex = extract("本报讯 1月10日,青禾集团与松岭集团在青禾集团总部举行战略合作签约仪式。\n")
    assert parties(ex, EventKind.AGREEMENT) == [{"青禾集团", "松岭集团"}]
    assert ex.events[0].date == "--01-10"


def test_three_parties_and_a_title_in_book_marks(extract):
    ex = extract("2023年,浙江青禾能源有限公司与开化县人民政府、衢州市林业局三方签署《林业碳汇合作框架协议》。\n")
    [ev] = ex.events
    assert {p.key for p in ev.parties} == {"浙江青禾能源有限公司", "开化县人民政府", "衢州市林业局"}
    assert ev.title == "《林业碳汇合作框架协议》"
    assert ev.date == "2023"


@pytest.mark.parametrize("text", [
    "浙江青禾能源有限公司、开化县人民政府和衢州市林业局签署林业碳汇合作框架协议。",  # one list joined by 、 and 和
    "浙江青禾能源有限公司、开化县人民政府与衢州市林业局三方签署林业碳汇合作框架协议。",  # 三方: all together
    "浙江青禾能源有限公司、开化县人民政府、衢州市林业局在杭州共同签署林业碳汇合作框架协议。",  # 、 alone
    "浙江青禾能源有限公司、开化县人民政府、衢州市林业局三方签署林业碳汇合作框架协议。",  # 、 alone and 三方
])
def test_every_party_of_a_list_before_the_verb(extract, text):
    assert parties(extract(text + "\n"), EventKind.AGREEMENT) == [{"浙江青禾能源有限公司", "开化县人民政府", "衢州市林业局"}]


def test_a_party_and_the_place_of_the_signing_are_no_list(extract):
    assert parties(extract("浙江青禾能源有限公司在开化县签署林业碳汇合作框架协议。\n"), EventKind.AGREEMENT) == []


def test_tong_joins_two_parties_and_opens_no_name_after_another(extract):
    ex = extract("开化县人民政府同青禾集团签订投资协议。\n")
    assert parties(ex, EventKind.AGREEMENT) == [{"开化县人民政府", "青禾集团"}]


def test_counterparties_listed_after_yu_did_not_sign_with_each_other(extract):
    ex = extract("签约仪式分两轮进行,第一轮与青禾集团有限公司、松岭科技有限公司签署项目合作协议。\n")
    assert parties(ex, EventKind.AGREEMENT) == []  # the side that signed with both goes unsaid


@pytest.mark.parametrize("text, sides", [
    # acting for their organisations, listed in the same order
    ("王立新、赵明分别代表青禾集团、松岭集团进行战略合作签约。\n", {"青禾集团", "松岭集团"}),
    # joined by 与, each after their organisation and post
    ("开化县林业局局长王立新与青禾集团总经理赵明代表双方签约。\n", {"开化县林业局", "青禾集团"}),
    # two posts listed by a 、: the signatory signs for the organisation before them
    ("开化县林业局党组书记、局长王立新与青禾集团董事长赵明代表双方签约。\n", {"开化县林业局", "青禾集团"}),
])
def test_signatories_sign_for_their_organisations(extract, text, sides):
    [ev] = extract(text).events
    assert {p.key for p in ev.parties} == sides
    assert {s.key for s in ev.signatories} == {"王立新", "赵明"}


def test_a_head_of_government_signs_for_the_government_else_for_the_place(extract):
    # the committee's post comes first, the head of government's last: the side is the county's government,
    # when the text names it, else the county; never the party committee
    ex = extract("开化县人民政府与青禾集团签署协议。县委副书记、县长王立新与青禾集团董事长赵明代表双方签约。\n")
    assert all(p == {"开化县人民政府", "青禾集团"} for p in parties(ex, EventKind.AGREEMENT))
    ex = extract("开化县委副书记、县长王立新与青禾集团董事长赵明代表双方签约。\n")
    assert parties(ex, EventKind.AGREEMENT) == [{"开化县", "青禾集团"}]


@pytest.mark.parametrize("text", ["青禾集团携手开化县人民政府签署战略合作协议。", "青禾集团牵手开化县人民政府签约。"])
def test_xieshou_joins_the_two_sides_of_a_signing(extract, text):
    assert parties(extract(text + "\n"), EventKind.AGREEMENT) == [{"青禾集团", "开化县人民政府"}]


def test_each_of_a_list_before_fenbie_yu_signs_with_the_one_after(extract):
    ex = extract("青禾集团、松岭集团分别与开化县人民政府签约。\n")
    assert sorted(map(sorted, parties(ex, EventKind.AGREEMENT))) == sorted([["开化县人民政府", "青禾集团"],
                                                                              ["开化县人民政府", "松岭集团"]])


def test_the_sides_of_a_signing_named_after_it(extract):
    ex = extract("此次签约的双方为青禾集团和开化县人民政府。\n")
    assert parties(ex, EventKind.AGREEMENT) == [{"青禾集团", "开化县人民政府"}]


def test_three_sides_named_after_the_verb_sign_together(extract):
    ex = extract("签约仪式上，青禾集团、松岭集团与开化县人民政府签订三方协议。\n")
    assert parties(ex, EventKind.AGREEMENT) == [{"青禾集团", "松岭集团", "开化县人民政府"}]


def test_the_witnesses_of_a_signing_are_no_parties(extract):
    ex = extract("在开化县委书记孙强的见证下，开化县林业局局长王立新与青禾集团总经理赵明代表双方签约。\n")
    [ev] = ex.events
    assert {p.key for p in ev.parties} == {"开化县林业局", "青禾集团"}
    assert {s.key for s in ev.signatories} == {"王立新", "赵明"}


@pytest.mark.parametrize("text, title", [
    ("宁海县与青禾集团签署战略合作框架协议。", "战略合作框架协议"),  # 框架 inside the name does not end it
    ("由青禾集团与松岭集团共同签署的合作协议已生效。", "合作协议"),  # 的 after the verb is no part of it
])
def test_the_whole_name_of_the_document_signed(extract, text, title):
    [ev] = extract(text).events
    assert ev.title == title


def test_a_city_as_a_party_with_the_title_after_the_parties(extract):
    ex = extract("启动仪式上,签订了温州市与青禾环境能源交易中心战略合作协议。\n")
    assert parties(ex, EventKind.AGREEMENT) == [{"温州市", "青禾环境能源交易中心"}]
    assert ex.events[0].title == "战略合作协议"
    assert not parties(ex, EventKind.CARBON_TRADE)  # no carbon in that clause


def test_both_sides_are_the_pair_the_article_named(extract):
    ex = extract("## 青禾集团与松岭集团深化合作\n\n会上,双方签订《绿色电力合作协议》。\n")
    assert parties(ex, EventKind.AGREEMENT) == [{"青禾集团", "松岭集团"}]


def test_both_sides_are_the_pair_a_headline_joins_with_xieshou(extract):
    ex = extract("## 青禾集团携手松岭集团深化合作\n\n会上,双方签订《绿色电力合作协议》。\n")
    assert parties(ex, EventKind.AGREEMENT) == [{"青禾集团", "松岭集团"}]


def test_signatories_written_after_the_organisations_they_sign_for(extract):
    ex = extract("青禾集团与松岭集团在杭州签署战略合作协议,青禾集团副总经理王立新、松岭集团副总经理赵明、"
                 "江澜能源集团董事长孙强代表签署协议。")
    assert parties(ex, EventKind.AGREEMENT) == [{"青禾集团", "松岭集团", "江澜能源集团"}]  # one signing
    [ev] = ex.events
    assert ev.title == "战略合作协议" and {s.key for s in ev.signatories} == {"王立新", "赵明", "孙强"}


def test_each_party_of_a_counted_list_signs_with_the_one_after_yu(extract):
    ex = extract("## 杭州青禾能源科技有限公司认购林业碳汇\n\n"
                 "平台推动开化县青山林业有限公司、华埠镇下溪村村委会及松岭林业公司3家业主方与杭州企业达成协议。\n")
    pairs = sorted(sorted(p) for p in parties(ex, EventKind.AGREEMENT))
    assert pairs == [["华埠镇下溪村村委会", "杭州青禾能源科技有限公司"], ["开化县青山林业有限公司", "杭州青禾能源科技有限公司"],
                     ["杭州青禾能源科技有限公司", "松岭林业公司"]]
    ex = extract("平台推动开化县林场、松岭林业公司等3家业主方与青禾集团达成协议。\n")  # 3 for a list of 2
    assert not parties(ex, EventKind.AGREEMENT) or all(len(p) == 2 and "青禾集团" in p for p in parties(ex, EventKind.AGREEMENT))


def test_a_clause_that_leaves_its_side_unsaid_was_signed_by_the_articles_host(extract):
    # 会上与B签署: no party before 与 in the sentence, none in the pair the article named: the party the
    # article names most so far (twice or more) signed
    ex = extract("安吉县人民政府举行重大项目集中签约仪式。安吉县人民政府县长王立新致辞。"
                 "会上与松岭集团有限公司签署项目合作协议。\n")
    assert parties(ex, EventKind.AGREEMENT) == [{"安吉县人民政府", "松岭集团有限公司"}]


def test_a_country_named_most_hosts_no_signing(extract):
    ex = extract("中国推进碳市场建设。中国碳市场成交活跃。会上与松岭集团有限公司签署合作协议。\n")
    assert parties(ex, EventKind.AGREEMENT) == []


def test_news_in_traditional_characters_gives_the_same_facts(extract):
    simplified = extract("开化县林业局与青禾集团签署碳汇合作协议，青禾集团总经理赵明出席。\n")
    traditional = extract("開化縣林業局與青禾集團簽署碳匯合作協議，青禾集團總經理趙明出席。\n")
    assert parties(traditional, EventKind.AGREEMENT) == parties(simplified, EventKind.AGREEMENT) \
        == [{"开化县林业局", "青禾集团"}]
    assert [(m.key, m.type) for m in traditional.mentions] == [(m.key, m.type) for m in simplified.mentions]
    assert "開化縣林業局" in {m.text for m in traditional.mentions}  # the names as printed are kept
    assert [(p.title, p.holder.key, p.organization.key) for p in traditional.posts] == [("總經理", "赵明", "青禾集团")]
    from kg.resolve import resolve

    [group] = [e for e in resolve([simplified, traditional]).entities.values() if e.name == "青禾集团"]
    assert "青禾集團" in group.aliases  # one entity for both scripts, the printed form an alternative label


def test_parties_written_with_their_sides_甲方_乙方(extract):
    ex = extract("甲方青禾集团与乙方开化县人民政府签订战略合作协议。")
    assert parties(ex, EventKind.AGREEMENT) == [{"青禾集团", "开化县人民政府"}]


@pytest.mark.parametrize("text, signed", [
    ("青禾集团和开化县人民政府代表分别在协议上签字。", True),
    ("青禾集团与开化县人民政府合作项目签字仪式在杭州举行。", True),
    # a signature on no agreement is none
    ("青禾集团与开化县人民政府的代表在文件上签字。", False),
])
def test_签字_on_an_agreement_is_a_signing(extract, text, signed):
    found = parties(extract(text), EventKind.AGREEMENT)
    assert found == ([{"青禾集团", "开化县人民政府"}] if signed else [])


def test_the_articles_host_signed_with_each_party_listed_after_yu(extract):
    ex = extract("开化县举行招商引资项目集中签约仪式，开化县共签约项目4个。"
                 "第一轮与青禾集团有限公司、松岭科技有限公司签署项目合作协议。\n")
    assert sorted(map(sorted, parties(ex, EventKind.AGREEMENT))) == [
        ["开化县", "松岭科技有限公司"], ["开化县", "青禾集团有限公司"]]  # never the two companies together


@pytest.mark.parametrize("text, expected", [
    ("桐庐县人民政府—青禾科技有限公司战略合作协议签约仪式举行。\n", [{"桐庐县人民政府", "青禾科技有限公司"}]),
    ("签约仪式—桐庐县人民政府与青禾科技有限公司签约。\n", [{"桐庐县人民政府", "青禾科技有限公司"}]),  # no name before it
])
def test_a_headlines_dash_between_two_names_joins_the_parties(extract, text, expected):
    assert parties(extract(text), EventKind.AGREEMENT) == expected


def test_both_sides_after_a_visit_are_the_visitor_and_the_place_visited(extract):
    # 某集团董事长某某一行到某县考察。双方签署…: 双方 is the visiting company and the county it visits
    ex = extract("青禾集团董事长柴明远一行到开化县考察。双方签署了战略合作协议。")
    assert parties(ex, EventKind.AGREEMENT) == [{"青禾集团", "开化县"}]
    assert parties(extract("青禾集团董事长柴明远一行到开化县考察。"), EventKind.AGREEMENT) == []


@pytest.mark.parametrize("text", [
    "开化县人民政府与青禾集团、松岭集团等5家企业签订投资协议。",  # the firms after 与, counted
    "青禾集团、松岭集团等5家企业与开化县人民政府签订投资协议。",  # more counted than named
    "包括青禾集团、松岭集团在内的12家企业与开化县人民政府签约。",
    "青禾集团、松岭集团等企业与开化县人民政府签约。",  # 等 closing the list uncounted
])
def test_a_counted_list_of_firms_signs_each_with_the_other_side(extract, text):
    assert sorted(parties(extract(text), EventKind.AGREEMENT), key=sorted) == [
        {"开化县人民政府", "松岭集团"}, {"开化县人民政府", "青禾集团"}]


@pytest.mark.parametrize("text", [
    "青禾集团先后与开化县人民政府、常山县人民政府签订合作协议。",  # one after another: each a pair
    "青禾集团相继与开化县人民政府、常山县人民政府签订合作协议。",
])
def test_one_after_another_gives_one_agreement_per_pair(extract, text):
    assert sorted(parties(extract(text), EventKind.AGREEMENT), key=sorted) == [
        {"常山县人民政府", "青禾集团"}, {"开化县人民政府", "青禾集团"}]


@pytest.mark.parametrize("text", [
    "开化县人民政府、青禾集团战略合作签约仪式举行。",  # the ceremony named for its parties and their deal
    "开化县人民政府、青禾集团战略合作协议签字仪式举行。",
    "开化县·青禾集团战略合作签约仪式举行。",  # a middle dot after a place joins two names
])
def test_a_ceremony_named_for_its_parties(extract, text):
    assert parties(extract(text), EventKind.AGREEMENT) == [{"开化县人民政府" if "人民政府" in text else "开化县", "青禾集团"}]


def test_a_list_of_sides_whose_representatives_sign_signed_together(extract):
    ex = extract("签约仪式上,宁海县林业局、青禾集团有限公司、松岭科技有限公司三方代表签署协议。\n")
    assert parties(ex, EventKind.AGREEMENT) == [{"宁海县林业局", "青禾集团有限公司", "松岭科技有限公司"}]


@pytest.mark.parametrize("text", ["青禾集团、松岭科技有限公司两家企业签署合作协议。",
                                  "青禾集团和松岭科技有限公司两家公司现场签约。"])
def test_a_count_of_the_sides_between_their_list_and_the_verb(extract, text):
    assert parties(extract(text), EventKind.AGREEMENT) == [{"青禾集团", "松岭科技有限公司"}]


def test_both_sides_named_before_sign_with_the_one_after_shuangfang_yu(extract):
    ex = extract("青禾集团与松岭集团举行会谈。会后，双方共同与宁海县人民政府签署三方协议。")
    pairs = {frozenset((a.key, b.key)) for e in ex.events if e.kind is EventKind.AGREEMENT
             for a in e.parties for b in e.parties if a.key < b.key}
    assert {frozenset(("青禾集团", "宁海县人民政府")), frozenset(("松岭集团", "宁海县人民政府"))} <= pairs


def _sides(ex) -> set[frozenset[str]]:
    """The agreements of *ex* as sets of party keys, in no order."""
    return {frozenset(keys) for keys in parties(ex, EventKind.AGREEMENT)}


def test_a_place_that_signs_first_is_the_subject_of_the_next_signing(extract):
    # 某县与甲签署…，并与乙签订…: the county signs both times; 甲 is its first counterparty, not the subject
    ex = extract("宁海县与青禾集团签署合作框架协议，并与松岭科技有限公司签订投资协议。")
    assert _sides(ex) == {frozenset(("宁海县", "青禾集团")), frozenset(("宁海县", "松岭科技有限公司"))}


def test_a_place_written_as_the_venue_is_not_the_subject(extract):
    ex = extract("在宁海县，青禾集团签署合作框架协议后，又与松岭科技有限公司签订投资协议。")
    assert _sides(ex) == {frozenset(("青禾集团", "松岭科技有限公司"))}


def test_a_list_closed_by_its_kind_signs_together(extract):
    # 甲、乙、丙等单位签署: the kind (等单位) closes the list, and with no 与 all of them sign together
    ex = extract("青禾集团有限公司、松岭科技有限公司、宁海县交通投资集团有限公司等单位签署合作协议。")
    assert parties(ex, EventKind.AGREEMENT) == [
        {"青禾集团有限公司", "松岭科技有限公司", "宁海县交通投资集团有限公司"}]


def test_a_counted_list_after_yu_still_signs_with_the_first_party_each(extract):
    ex = extract("宁海县与青禾集团有限公司、松岭科技有限公司等5家企业签约。")
    assert _sides(ex) == {frozenset(("宁海县", "青禾集团有限公司")), frozenset(("宁海县", "松岭科技有限公司"))}


def test_lianshou_joins_the_parties_of_a_signing(extract):
    ex = extract("青禾集团有限公司联手宁海县人民政府签约。")
    assert parties(ex, EventKind.AGREEMENT) == [
        {"青禾集团有限公司", "宁海县人民政府"}]


@pytest.mark.parametrize("title", ["合作协定", "协议书", "购销合同书"])
def test_the_title_takes_the_whole_document_noun(extract, title):
    ex = extract(f"青禾集团有限公司与宁海县人民政府签署{title}。")
    assert [e.title for e in ex.events if e.kind is EventKind.AGREEMENT] == [title]


def test_a_county_head_signing_for_his_county_gives_the_county_whole(extract):
    # 某县县长甲…代表双方签约: the county signs (its government when the text names it), never a cut of its name
    ex = extract("青禾集团董事长柴明远与宁海县县长贺文杰代表双方签约。")
    assert parties(ex, EventKind.AGREEMENT) == [
        {"青禾集团", "宁海县"}]
    ex = extract("青禾集团董事长柴明远与宁海县县长贺文杰代表双方签约。宁海县人民政府将提供支持。")
    assert parties(ex, EventKind.AGREEMENT) == [
        {"青禾集团", "宁海县人民政府"}]


def test_signatories_for_sides_named_by_kind_sign_for_their_own_organisations(extract):
    # 甲与乙分别代表政府和企业签约: the sides are said by kind, so each signatory's organisation is one
    ex = extract("签约仪式上，宁海县人民政府副县长柴明远与青禾集团有限公司总经理贺文杰分别代表政府和企业签约。")
    [agreement] = [e for e in ex.events if e.kind is EventKind.AGREEMENT]
    assert {p.key for p in agreement.parties} == {"宁海县人民政府", "青禾集团有限公司"}
    assert {p.key for p in agreement.signatories} == {"柴明远", "贺文杰"}


def test_a_short_name_declared_in_brackets_before_yu_keeps_its_name_the_side(extract):
    # 某某有限公司（以下简称“某某”）与乙签约: the bracket stands between the name and 与; an organisation named
    # earlier in the sentence (据某公司消息) is not the side
    ex = extract("据松岭科技有限公司消息，青禾能源集团有限公司（以下简称“青禾能源”）与宁海县人民政府签约。")
    assert parties(ex, EventKind.AGREEMENT) == [{"青禾能源集团有限公司", "宁海县人民政府"}]


def test_adverbs_between_the_first_side_and_yu_leave_it_the_side(extract):
    # 甲、乙也分别与丙签约: 也 stands between the list and 分别与; the list signs with 丙, each on its own
    ex = extract("青禾集团与宁海县人民政府签署了合作协议，松岭科技有限公司、象山县交通投资有限公司也分别与宁海县人民政府签约。")
    assert _sides(ex) == {frozenset(("青禾集团", "宁海县人民政府")), frozenset(("松岭科技有限公司", "宁海县人民政府")),
                          frozenset(("象山县交通投资有限公司", "宁海县人民政府"))}
    # …while 都 ending a place's name is no adverb
    assert parties(extract("成都与青禾集团签约。"), EventKind.AGREEMENT) == [{"成都", "青禾集团"}]


@pytest.mark.parametrize("text", [
    "此次与宁海县人民政府签约的青禾集团是一家新能源企业。",
    "与宁海县人民政府签署合作协议的青禾集团将投资10亿元。",
])
def test_a_signing_written_as_a_relative_clause_has_its_side_after_de(text, extract):
    # 与乙签约的甲: the side that signed with 乙 is the name the clause describes, after its 的
    assert parties(extract(text), EventKind.AGREEMENT) == [{"青禾集团", "宁海县人民政府"}]


@pytest.mark.parametrize("text", [
    "签约仪式上，宁海县人民政府与青禾集团、象山县人民政府与松岭科技有限公司分别签署了战略合作协议。",
    "会上，宁海县人民政府与青禾集团，象山县人民政府与松岭科技有限公司签订合作协议。",
])
def test_pairs_listed_before_one_verb_each_sign_their_own_agreement(text, extract):
    # 甲与乙、丙与丁分别签署: two agreements, 甲 with 乙 and 丙 with 丁 (was only the pair nearest the verb)
    assert _sides(extract(text)) == {frozenset(("宁海县人民政府", "青禾集团")),
                                     frozenset(("象山县人民政府", "松岭科技有限公司"))}
    # …and a pair that did something else before the comma is no signing pair
    ex = extract("近年来，青禾集团与宁海县人民政府合作密切，松岭科技有限公司与象山县人民政府签订协议。")
    assert _sides(ex) == {frozenset(("松岭科技有限公司", "象山县人民政府"))}


@pytest.mark.parametrize("text, place", [
    ("青禾集团与宁海县茶山林场签订林业碳汇购买协议。", "茶山林场"),
    ("青禾集团与宁海县长街镇签订合作协议。", "长街镇"),
])
def test_a_county_written_before_the_place_that_signs_names_where_it_is(text, place, extract):
    # 与某县某某林场签订: the farm of that county signs, not the county
    assert parties(extract(text), EventKind.AGREEMENT) == [{"青禾集团", place}]


@pytest.mark.parametrize("text", [
    "12月5日，宁海县党政代表团赴青禾集团考察。双方签署了战略合作协议。",
    "宁海县代表团赴青禾集团考察。双方签署了战略合作协议。",
])
def test_both_sides_after_a_places_delegation_visits_are_the_place_and_its_host(text, extract):
    # a place's delegation (代表团, 考察团) visits as an organisation's party (一行) does; 赴 is no part of the name
    # after it, and 代表团 is no 代表 (the place before it is no person who represents)
    ex = extract(text)
    assert parties(ex, EventKind.AGREEMENT) == [{"宁海县", "青禾集团"}]
    assert not any(m.type.is_person for m in ex.mentions)


@pytest.mark.parametrize("text", ["青禾集团与宁海县人民政府签定合作协议。", "青禾集团与宁海县人民政府订立合作协议。"])
def test_the_variant_spelling_and_the_contract_laws_word_are_signings(text, extract):
    # 签定 (as news prints 签订), 订立 (民法典: 订立合同): the title is the agreement's, not 定合作协议
    ex = extract(text)
    assert parties(ex, EventKind.AGREEMENT) == [{"青禾集团", "宁海县人民政府"}]
    assert [e.title for e in ex.events if e.kind is EventKind.AGREEMENT] == ["合作协议"]
