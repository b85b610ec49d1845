"""The relation stage on short texts, through the real pipeline (rules and model)."""

from __future__ import annotations

import pytest

from kg.builder import extract_document
from kg.ingest import parse_text
from kg.resolve import resolve


def _extract(text: str):
    return extract_document(parse_text(text, "t"))


def _graph(text: str):
    return resolve([_extract(text)])


def _names(rg, keys):
    return {rg.entities[k].name for k in keys}


def test_parties_before_the_verb_and_the_date():
    rg = _graph("本报讯 1月10日,森工集团与蒙盐集团在森工集团总部举行战略合作签约仪式。\n")
    [ev] = rg.events
    assert ev.kind.value == "Agreement"
    assert _names(rg, ev.parties) == {"森工集团", "蒙盐集团"}
    assert ev.date == "--01-10"


def test_three_parties_and_a_title_in_book_marks():
    ex = _extract("2023年,内蒙古森工集团与内蒙古人民检察院、自治区林草局三方签署《认购林草碳汇替代生态环境损害修复协作框架协议》。\n")
    [ev] = ex.events
    assert len(ev.parties) == 3
    assert ev.title == "《认购林草碳汇替代生态环境损害修复协作框架协议》"
    assert ev.date == "2023"


def test_signatories_acting_for_their_organisations():
    ex = _extract("关立春、陈军分别代表森工集团、蒙盐集团进行战略合作签约。\n")
    [ev] = ex.events
    assert {p.key for p in ev.parties} == {"森工集团", "蒙盐集团"}
    assert {s.key for s in ev.signatories} == {"关立春", "陈军"}


def test_a_city_acting_as_a_party_and_the_title_after_it():
    ex = _extract("启动仪式上,签订了鄂尔多斯市与上海环境能源交易所战略合作协议。\n")
    agreements = [e for e in ex.events if e.kind.value == "Agreement"]
    assert [{p.key for p in e.parties} for e in agreements] == [{"鄂尔多斯市", "上海环境能源交易所"}]
    assert agreements[0].title == "战略合作协议"
    assert not [e for e in ex.events if e.kind.value == "CarbonTrade"]  # no carbon in that clause


def test_a_donation_of_carbon_credits_knows_donor_recipient_and_amounts():
    text = ("## 森工集团捐赠碳汇产品\n\n森工集团决定向“十四冬”组委会捐赠3万吨价值150万元碳汇产品。"
            "该项目为VCS项目,注册号:1529,产品价格为50元/吨。\n")
    rg = _graph(text)
    [trade] = [e for e in rg.events if e.kind.value == "CarbonTrade"]
    assert rg.entities[trade.seller].name == "森工集团"
    assert rg.entities[trade.buyer].name == "十四冬组委会"
    assert (trade.quantity, trade.amount, trade.price) == (30000.0, 1500000.0, 50.0)
    assert (trade.standard, trade.registry_number, trade.trade_kind) == ("VCS", "1529", "donation")


@pytest.mark.parametrize(
    "text, holder, org, title",
    [
        ("森工集团党委书记、董事长张良,党委副书记、工会主席牛广忠出席。\n", "牛广忠", "森工集团", "党委副书记、工会主席"),
        ("北京市委副书记、市长殷勇参加活动。\n", "殷勇", "北京市", "市长"),
        ("自治区党委副书记、政法委书记时光辉出席。\n", "时光辉", "自治区党委政法委", "书记"),
        ("自治区党委常委、统战部部长胡达古拉出席。\n", "胡达古拉", "自治区党委统战部", "部长"),
        ("深入学习习近平总书记重要讲话精神。\n", "习近平", "中共中央", "总书记"),
    ],
)
def test_posts(text, holder, org, title):
    posts = _extract(text).posts
    found = {(p.holder.key, p.organization.key, p.title) for p in posts}
    assert (holder, org, title) in found


def test_locations_from_names_and_region_chains():
    rg = _graph("包头市土右旗与兴安盟水务投资集团有限责任公司签约。位于内蒙古阿拉善盟额济纳旗境内的东风着陆场迎来返回。\n")
    locs = {(rg.entities[l.inner].name, rg.entities[l.outer].name) for l in rg.locations}
    assert ("土默特右旗", "包头市") in locs
    assert ("兴安盟水务投资集团有限责任公司", "兴安盟") in locs
    assert ("额济纳旗", "阿拉善盟") in locs
    assert ("东风着陆场", "额济纳旗") in locs


def test_declared_short_names_merge():
    rg = _graph("上海环境能源交易所(以下简称“上海环交所”)发布公告。上海环交所表示将扩大交易。\n")
    orgs = [e for e in rg.entities.values() if e.type.is_org]
    assert [(e.name, e.aliases) for e in orgs] == [("上海环境能源交易所", {"上海环交所"})]


def test_the_person_and_the_company_named_baogang_stay_apart():
    rg = resolve([
        _extract("森工集团与包钢集团签订碳汇交易合同,对接包钢、蒙能等企业。\n"),
        _extract("自治区党委副书记、自治区人民政府主席包钢率团考察。\n"),
    ])
    kinds = sorted(e.type.value for e in rg.entities.values() if e.name in ("包钢", "包钢集团") or "包钢" in e.aliases)
    assert kinds == ["Enterprise", "Official"]


def test_bare_bodies_take_the_place_the_document_is_about():
    rg = _graph("乌兰察布市四子王旗召开会议。由乌兰察布市委统战部牵头,市总工会参与。乌兰察布市科技局发布。\n")
    names = {e.name for e in rg.entities.values() if e.type.is_org}
    assert "乌兰察布市总工会" in names
    [union] = [e for e in rg.entities.values() if e.name == "乌兰察布市总工会"]
    assert "市总工会" in union.aliases
    assert not any(n.startswith(("市", "省")) for n in names)


def test_bare_bodies_without_a_place_are_left_out():
    ex = _extract("会议由市委主持。\n")
    assert not [m for m in ex.mentions if m.key.startswith("市委")]


def test_a_bracketed_other_name_is_recorded():
    ex = _extract("满洲里市金鼎贸易有限公司(金鼎商贸公司)等7家退税商店完成备案。\n")
    assert ex.aliases == {"金鼎商贸公司": "满洲里市金鼎贸易有限公司"}
