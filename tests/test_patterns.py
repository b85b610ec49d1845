"""How signings, carbon trades, posts and locations are written — one test per pattern, on a rules-only
pipeline (so retraining the model cannot break them), with sentences and names invented here: none comes
from the seeds or the realnews texts. Each positive pattern has a near miss that must not match."""

from __future__ import annotations

import pytest

from kg.builder import extract_document
from kg.ingest import parse_text
from kg.model import EventKind
from kg.nlp.pipeline import load_pipeline


@pytest.fixture(scope="module")
def rules():
    return load_pipeline(None)


def _ex(rules, text: str):
    return extract_document(parse_text(text, "t"), rules)


def _events(ex, kind: EventKind) -> list[set[str]]:
    return [{p.key for p in e.parties} for e in ex.events if e.kind is kind]


# --------------------------------------------------------------------------- carbon trades


def test_a_purchase_from_a_seller_names_buyer_and_seller(rules):
    ex = _ex(rules, "湖州绿源环保科技有限公司以每吨80元的价格,从安吉县人民政府认购竹林碳汇500吨。")
    [trade] = [e for e in ex.events if e.kind is EventKind.CARBON_TRADE]
    assert trade.buyer.key == "湖州绿源环保科技有限公司" and trade.seller.key == "安吉县人民政府"
    assert trade.price == 80 and trade.quantity == 500 and trade.trade_kind == "purchase"


def test_a_purchase_of_what_a_seller_holds(rules):
    ex = _ex(rules, "浙江青禾能源有限公司认购了开化县人民政府持有的1200吨林业碳汇。")
    [trade] = [e for e in ex.events if e.kind is EventKind.CARBON_TRADE]
    assert (trade.buyer.key, trade.seller.key) == ("浙江青禾能源有限公司", "开化县人民政府")


def test_a_trade_concluded_by_signing_is_also_an_agreement(rules):
    ex = _ex(rules, "随着《竹林碳汇交易协议》的签订,首单交易完成。湖州绿源环保科技有限公司从安吉县人民政府购买碳汇800吨。")
    assert _events(ex, EventKind.CARBON_TRADE) == [{"湖州绿源环保科技有限公司", "安吉县人民政府"}]
    assert _events(ex, EventKind.AGREEMENT) == [{"湖州绿源环保科技有限公司", "安吉县人民政府"}]
    [agreement] = [e for e in ex.events if e.kind is EventKind.AGREEMENT]
    assert agreement.title == "《竹林碳汇交易协议》"


# --------------------------------------------------------------------------- agreements


@pytest.mark.parametrize("kind, text", [
    (EventKind.CARBON_TRADE, "浙江青禾能源有限公司认购丽水林业碳汇3000吨,用于抵消会议排放。"),  # the place names the product
    (EventKind.CARBON_TRADE, "据上海某交易平台数据,全国碳市场碳排放配额当日收盘价为61.20元/吨,成交量12万吨。"),  # prices
    (EventKind.AGREEMENT, "浙江青禾能源有限公司与开化县人民政府拟于明年签约。双方计划签署框架协议。"),  # planned
    (EventKind.AGREEMENT, "浙江青禾能源有限公司与开化县人民政府举行会谈,就合作事宜交换意见。"),  # a meeting
])
def test_near_misses_are_no_facts(rules, kind, text):
    assert not _events(_ex(rules, text), kind)


def test_respectively_with_each_gives_one_agreement_per_pair(rules):
    ex = _ex(rules, "会上,浙江青禾能源有限公司分别与赣州市人民政府、吉安市人民政府签订光伏发电项目合作协议。")
    assert sorted(map(sorted, _events(ex, EventKind.AGREEMENT))) == [
        ["吉安市人民政府", "浙江青禾能源有限公司"], ["浙江青禾能源有限公司", "赣州市人民政府"]]


def test_a_headline_with_a_bare_sign_verb(rules):
    ex = _ex(rules, "## 浙江青禾能源有限公司与开化县人民政府签战略合作协议\n\n详细内容见下文。")
    assert _events(ex, EventKind.AGREEMENT) == [{"浙江青禾能源有限公司", "开化县人民政府"}]


def test_signatories_joined_by_yu_are_not_the_parties(rules):
    text = ("江西省人民政府与浙江青禾能源有限公司在南昌签署战略合作协议。"
            "副省长王明与浙江青禾能源有限公司总经理李强分别代表双方签署协议。")
    ex = _ex(rules, text)
    assert all(parties == {"江西省人民政府", "浙江青禾能源有限公司"} for parties in _events(ex, EventKind.AGREEMENT))


# --------------------------------------------------------------------------- posts


def test_a_head_of_government_holds_a_post_in_the_government_the_text_names(rules):
    ex = _ex(rules, "江西省人民政府与浙江青禾能源有限公司签署协议。省委副书记、省长王明出席签约仪式。")
    posts = {(p.holder.key, p.organization.key, p.title) for p in ex.posts}
    assert ("王明", "江西省人民政府", "省长") in posts


def test_a_companys_party_committee_is_the_company(rules):
    ex = _ex(rules, "浙江青禾能源集团党委书记、董事长李强出席。")
    [post] = ex.posts
    assert (post.organization.key, post.title) == ("浙江青禾能源集团", "党委书记、董事长")
    assert all(m.key != "浙江青禾能源集团党委" for m in ex.mentions)


def test_a_country_prefixed_short_name_confirmed_by_the_text(rules):
    ex = _ex(rules, "中国云建党委书记、董事长赵军出席。会上,中国云建与南昌市人民政府签订合作协议。")
    assert _events(ex, EventKind.AGREEMENT) == [{"中国云建", "南昌市人民政府"}]
    assert ("赵军", "中国云建") in {(p.holder.key, p.organization.key) for p in ex.posts}
    assert not any(m.key == "中国" for m in ex.mentions)


def test_the_country_before_an_ordinary_word_stays_the_country(rules):
    ex = _ex(rules, "中国经济持续恢复,中国企业积极参与全国碳市场。")
    assert not any(m.key in ("中国经济", "中国企业") for m in ex.mentions)


def test_yu_after_a_name_is_not_part_of_it(rules):
    ex = _ex(rules, "浙江青禾能源有限公司董事长李晓与副省长王明会谈。")
    assert {m.key for m in ex.mentions if m.type.is_person} >= {"李晓"}
    assert "李晓与" not in {m.key for m in ex.mentions}


# --------------------------------------------------------------------------- locations and names


def test_a_body_written_bare_gets_no_location_but_a_named_one_does(rules):
    ex = _ex(rules, "赣州市委、赣州市人民政府召开会议。市委书记王明主持。市政府有关部门参加。")
    located = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert ("赣州市人民政府", "赣州市") in located
    bare = [m for m in ex.mentions if m.text in ("市政府",)]
    assert all((m.key, "赣州市") not in located or m.text != m.key for m in bare)


def test_a_name_does_not_start_with_the_verb_before_it(rules):
    ex = _ex(rules, "浙江青禾能源有限公司认购开化县竹林碳汇示范项目的全部碳汇。")
    assert "开化县竹林碳汇示范项目" in {m.key for m in ex.mentions}
    assert not any(m.key.startswith("认购") for m in ex.mentions)


def test_a_source_line_is_not_joined_to_the_next_paragraph():
    doc = parse_text("来源:某某日报\n\n省政府与浙江青禾能源有限公司签署协议。", "t")
    assert doc.text.split("\n") == ["来源:某某日报", "省政府与浙江青禾能源有限公司签署协议。"]


def test_items_of_a_counted_list_are_what_the_count_says(rules):
    ex = _ex(rules, "集团下属20家企业纳入市场,其中青山油田、汉江石化、临川石化和长丰化工等4家企业参与首日交易。")
    assert {m.key for m in ex.mentions if m.type.value == "Enterprise"} >= {"青山油田", "汉江石化", "临川石化", "长丰化工"}


def test_a_count_that_does_not_match_or_a_noun_that_goes_on_is_no_list(rules):
    ex = _ex(rules, "青山油田、汉江石化等5家企业参与。推动甲方、乙方2家项目业主方达成一致。")
    assert not any(m.key in ("青山油田", "汉江石化", "甲方", "乙方") for m in ex.mentions)


def test_a_village_committee_lies_in_its_village_which_lies_in_its_town(rules):
    ex = _ex(rules, "青川县坪山镇东湖村村委会与浙江青禾能源有限公司签订协议。")
    located = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert {("坪山镇", "青川县"), ("东湖村", "坪山镇")} <= located
    assert any(inner.endswith("村委会") and outer == "东湖村" for inner, outer in located)


def test_a_region_after_a_groups_name_locates_its_subsidiary(rules):
    ex = _ex(rules, "浙江青禾能源集团江西电力有限公司与南昌市人民政府签署协议。")
    located = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert ("浙江青禾能源集团江西电力有限公司", "浙江") in located or \
        ("浙江青禾能源集团江西电力有限公司", "江西") in located


def test_buying_allowances_from_a_seller_through_a_declared_short_name(rules):
    ex = _ex(rules, "记者从浙江青禾能源有限公司(下称青禾能源)获悉,青禾能源从汉江电力集团买入10万吨碳配额。")
    [trade] = [e for e in ex.events if e.kind is EventKind.CARBON_TRADE]
    assert trade.buyer.key == "青禾能源" and trade.seller.key == "汉江电力集团"


def test_trigger_families_come_from_the_data_file():
    from kg.nlp.lexicon import lexicon

    families = lexicon().triggers
    assert {"sign", "carbon", "trade", "donate", "sell", "buy", "planned"} <= set(families)
    assert "买入" in families["buy"] and "碳配额" in families["carbon"]


def test_a_named_place_after_its_city_is_the_seller_and_lies_in_the_city(rules):
    ex = _ex(rules, "浙江青禾能源有限公司认购了丽水市白云农场近5年的碳汇量。")
    [trade] = [e for e in ex.events if e.kind is EventKind.CARBON_TRADE]
    assert (trade.buyer.key, trade.seller.key) == ("浙江青禾能源有限公司", "白云农场")
    assert ("白云农场", "丽水市") in {(loc.inner.key, loc.outer.key) for loc in ex.locations}


def test_a_zone_named_by_its_city_stays_one_name(rules):
    ex = _ex(rules, "项目落户丽水市经济技术开发区。")
    assert "丽水市经济技术开发区" in {m.key for m in ex.mentions}


def test_a_category_word_with_an_ending_names_no_project(rules):
    ex = _ex(rules, "全市累计开发碳票项目62个。")
    assert "碳票项目" not in {m.key for m in ex.mentions}


def test_a_project_named_after_its_developer_keeps_the_developer(rules):
    ex = _ex(rules, "会上,江西省人民政府签署青能建赣州市光伏储能示范项目。")
    assert "青能建赣州市光伏储能示范项目" in {m.key for m in ex.mentions if m.type.value == "Project"}
    ex = _ex(rules, "今年将加快推进赣州市光伏储能示范项目建设。")
    assert "赣州市光伏储能示范项目" in {m.key for m in ex.mentions if m.type.value == "Project"}


def test_modifiers_categories_and_clause_words_are_not_names(rules):
    ex = _ex(rules, "业务由所属青禾能源股份公司操作。该集团设有子公司。浙江青禾能源集团长期以来给予汉江商业银行支持。")
    keys = {m.key for m in ex.mentions}
    assert "青禾能源股份公司" in keys and "所属青禾能源股份公司" not in keys
    assert "子公司" not in keys
    assert not any("长期以来" in k for k in keys)


@pytest.mark.parametrize("text, seller, buyer, kind", [
    ("开化县人民政府将2000吨林业碳汇出售给浙江青禾能源有限公司。", "开化县人民政府", "浙江青禾能源有限公司", "sale"),
    ("开化县人民政府把林业碳汇卖给浙江青禾能源有限公司。", "开化县人民政府", "浙江青禾能源有限公司", "sale"),
    ("浙江青禾能源有限公司将300吨碳汇捐赠给开化县人民政府。", "浙江青禾能源有限公司", "开化县人民政府", "donation"),
])
def test_selling_or_giving_to_names_the_buyer_after_gei(rules, text, seller, buyer, kind):
    [trade] = [e for e in _ex(rules, text).events if e.kind is EventKind.CARBON_TRADE]
    assert (trade.seller.key, trade.buyer.key, trade.trade_kind) == (seller, buyer, kind)
