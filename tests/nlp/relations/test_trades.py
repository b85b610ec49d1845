"""Carbon trades: seller, buyer, kind and attributes (kg/nlp/relations/trades.py)."""

from __future__ import annotations

import pytest

from kg.model import EventKind
from tests.nlp.conftest import parties


def test_a_purchase_from_a_seller_names_buyer_and_seller(extract):
    ex = extract("湖州绿源环保科技有限公司以每吨80元的价格,从安吉县人民政府认购竹林碳汇500吨。")
    [trade] = [e for e in ex.events if e.kind is EventKind.CARBON_TRADE]
    assert trade.buyer.key == "湖州绿源环保科技有限公司" and trade.seller.key == "安吉县人民政府"
    assert trade.price == 80 and trade.quantity == 500 and trade.trade_kind == "purchase"


def test_a_purchase_of_what_a_seller_holds(extract):
    ex = extract("浙江青禾能源有限公司认购了开化县人民政府持有的1200吨林业碳汇。")
    [trade] = [e for e in ex.events if e.kind is EventKind.CARBON_TRADE]
    assert (trade.buyer.key, trade.seller.key) == ("浙江青禾能源有限公司", "开化县人民政府")


def test_a_purchase_right_after_the_buyers_name(extract):
    ex = extract("青禾集团购买松岭集团的林业碳汇，用于抵消碳排放。")
    [trade] = [e for e in ex.events if e.kind is EventKind.CARBON_TRADE]
    assert (trade.buyer.key, trade.seller.key) == ("青禾集团", "松岭集团")


@pytest.mark.parametrize("text, seller", [
    ("青禾集团购买松岭集团林业碳汇1万吨。", "松岭集团"),  # an organisation's own product: it sells
    ("青禾集团购买开化县林场林业碳汇1万吨。", "开化县林场"),  # … and a forest farm's
    ("青禾集团购买开化县林业碳汇1万吨。", None),  # a county names where the product grew, not who sold it
])
def test_the_name_right_before_the_product_bought(extract, text, seller):
    trades = [e for e in extract(text).events if e.kind is EventKind.CARBON_TRADE]
    assert [(t.buyer.key, t.seller.key) for t in trades] == ([("青禾集团", seller)] if seller else [])


@pytest.mark.parametrize("text", [
    "开化县林业局的1万吨林业碳汇被青禾集团认购。",
    "开化县林业局开发的林业碳汇被青禾集团全部购买。",
    "青禾集团买下开化县林业局的林业碳汇1万吨。",
    "青禾集团摘牌开化县林业局挂牌的林业碳汇。",  # taking an exchange listing
])
def test_passive_purchases_and_other_words_of_buying(extract, text):
    [trade] = [e for e in extract(text).events if e.kind is EventKind.CARBON_TRADE]
    assert (trade.buyer.key, trade.seller.key) == ("青禾集团", "开化县林业局")


@pytest.mark.parametrize("text, seller", [
    ("开化县林业局的林业碳汇被青禾集团以50万元认购。", "开化县林业局"),  # the price between buyer and verb
    ("开化县林业局的1万吨碳汇被青禾集团以每吨30元的价格全部购得。", "开化县林业局"),
    ("去年,开化县的林业碳汇被青禾集团认购。", "开化县"),  # a county sells as well as a company
])
def test_a_passive_purchase_with_its_price_and_a_place_as_seller(extract, text, seller):
    [trade] = [e for e in extract(text).events if e.kind is EventKind.CARBON_TRADE]
    assert (trade.buyer.key, trade.seller.key) == ("青禾集团", seller)


@pytest.mark.parametrize("text", [
    "包括青禾集团、松岭集团在内的5家企业认购了开化县林业局的林业碳汇。",  # a count summing up the list
    "青禾集团、松岭集团等3家企业购买了开化县林业局的林业碳汇。",
    "青禾集团、松岭集团等企业向开化县林业局购买林业碳汇。",
    "开化县林业局与青禾集团、松岭集团签订碳汇交易协议。",  # the deal's words after the last of the list
    "此次碳汇交易中,卖方为开化县林业局,买方分别为青禾集团和松岭集团。",  # a side named by its role, a list
])
def test_each_firm_of_a_list_of_buyers_trades_with_the_seller(extract, text):
    trades = [e for e in extract(text).events if e.kind is EventKind.CARBON_TRADE]
    assert len(trades) == 2 and {frozenset(p.key for p in t.parties) for t in trades} == {
        frozenset({"开化县林业局", "青禾集团"}), frozenset({"开化县林业局", "松岭集团"})}


def test_the_exchange_a_deal_went_through_is_no_side(extract):
    ex = extract("青禾集团通过松岭环境能源交易所购买开化县林业局的林业碳汇2万吨。")
    [trade] = [e for e in ex.events if e.kind is EventKind.CARBON_TRADE]
    assert (trade.buyer.key, trade.seller.key) == ("青禾集团", "开化县林业局")


def test_the_exchange_before_a_comma_is_no_side_and_the_buyer_follows_it(extract):
    ex = extract("通过松岭环境能源交易所，青禾集团购买开化县林业局的林业碳汇2万吨。")
    [trade] = [e for e in ex.events if e.kind is EventKind.CARBON_TRADE]
    assert (trade.buyer.key, trade.seller.key) == ("青禾集团", "开化县林业局")


def test_a_body_selling_towards_a_buyer_whose_name_jieba_fuses_with_xiang(extract):
    ex = extract("绵阳市林业和草原局向青禾能源集团出售碳汇5000吨。")  # jieba reads 局向 as one word
    assert {m.key for m in ex.mentions} >= {"绵阳市林业和草原局", "青禾能源集团"}
    [trade] = [e for e in ex.events if e.kind is EventKind.CARBON_TRADE]
    assert (trade.buyer.key, trade.seller.key) == ("青禾能源集团", "绵阳市林业和草原局")


def test_buying_allowances_from_a_seller_through_a_declared_short_name(extract):
    ex = extract("记者从浙江青禾能源有限公司(下称青禾能源)获悉,青禾能源从汉江电力集团买入10万吨碳配额。")
    [trade] = [e for e in ex.events if e.kind is EventKind.CARBON_TRADE]
    assert trade.buyer.key == "青禾能源" and trade.seller.key == "汉江电力集团"


def test_a_named_place_after_its_city_is_the_seller_and_lies_in_the_city(extract):
    ex = extract("浙江青禾能源有限公司认购了丽水市白云农场近5年的碳汇量。")
    [trade] = [e for e in ex.events if e.kind is EventKind.CARBON_TRADE]
    assert (trade.buyer.key, trade.seller.key) == ("浙江青禾能源有限公司", "白云农场")
    assert ("白云农场", "丽水市") in {(loc.inner.key, loc.outer.key) for loc in ex.locations}


@pytest.mark.parametrize("text, seller, buyer, kind", [
    ("开化县人民政府将2000吨林业碳汇出售给浙江青禾能源有限公司。", "开化县人民政府", "浙江青禾能源有限公司", "sale"),
    ("开化县人民政府把林业碳汇卖给浙江青禾能源有限公司。", "开化县人民政府", "浙江青禾能源有限公司", "sale"),
    ("浙江青禾能源有限公司将300吨碳汇捐赠给开化县人民政府。", "浙江青禾能源有限公司", "开化县人民政府", "donation"),
])
def test_selling_or_giving_to_names_the_buyer_after_gei(extract, text, seller, buyer, kind):
    [trade] = [e for e in extract(text).events if e.kind is EventKind.CARBON_TRADE]
    assert (trade.seller.key, trade.buyer.key, trade.trade_kind) == (seller, buyer, kind)


def test_a_donation_knows_donor_recipient_and_the_deals_attributes(extract):
    ex = extract("## 青禾集团捐赠碳汇产品\n\n青禾集团决定向“绿岛杯”组委会捐赠3万吨价值150万元碳汇产品。"
                 "该项目为VCS项目,注册号:2047,产品价格为50元/吨。\n")
    [trade] = [e for e in ex.events if e.kind is EventKind.CARBON_TRADE]
    assert (trade.seller.key, trade.buyer.key) == ("青禾集团", "绿岛杯组委会")
    assert (trade.quantity, trade.amount, trade.price) == (30000.0, 1500000.0, 50.0)
    assert (trade.standard, trade.registry_number, trade.trade_kind) == ("VCS", "2047", "donation")


def test_a_trade_between_two_parties_with_no_direction(extract):
    ex = extract("青禾集团与松岭集团完成林业碳汇交易,成交量2万吨。")
    [trade] = [e for e in ex.events if e.kind is EventKind.CARBON_TRADE]
    assert {p.key for p in trade.parties} == {"青禾集团", "松岭集团"}
    assert trade.seller is None and trade.quantity == 20000
    ex = extract("当日，青禾集团与松岭集团完成一笔20万吨的CEA协议转让。")  # allowances by their market's code
    assert [{p.key for p in e.parties} for e in ex.events if e.kind is EventKind.CARBON_TRADE] == [{"青禾集团", "松岭集团"}]


def test_the_place_opening_a_sentence_is_where_the_sides_dealt_not_a_side(extract):
    ex = extract("在宁海县，青禾集团与松岭科技有限公司签署碳汇交易协议。")
    assert parties(ex, EventKind.CARBON_TRADE) == [{"青禾集团", "松岭科技有限公司"}]
    assert parties(ex, EventKind.AGREEMENT) == [{"青禾集团", "松岭科技有限公司"}]
    # a list of sides written with commas still reads as one list
    ex = extract("青禾集团，松岭科技有限公司和宁海县人民政府签署合作协议。")
    assert parties(ex, EventKind.AGREEMENT) == [{"青禾集团", "松岭科技有限公司", "宁海县人民政府"}]


def test_a_deal_agreed_in_words_of_trading_in_a_carbon_article_is_a_trade(extract):
    text = ("## 开化县林业碳汇完成交易\n\n平台经过挂牌、撮合和协议成交,推动开化县青山林业有限公司与青禾集团达成协议。\n")
    ex = extract(text)
    assert parties(ex, EventKind.CARBON_TRADE) == [{"开化县青山林业有限公司", "青禾集团"}]
    # words of trading only after the parties, in another document's title: no trade
    ex = extract("## 碳汇合作\n\n会上签订了青禾集团与松岭集团战略合作协议、开化县林业碳汇交易协议。\n")
    assert not parties(ex, EventKind.CARBON_TRADE)


def test_the_other_side_named_by_its_role_in_the_next_sentence(extract):
    ex = extract("青禾石化有限公司竞得首批海洋碳汇3000吨，成交价每吨105元。出让方为宁波市松岭农场。")
    [trade] = [e for e in ex.events if e.kind is EventKind.CARBON_TRADE]
    assert (trade.seller.key, trade.buyer.key) == ("松岭农场", "青禾石化有限公司")
    assert trade.quantity == 3000 and trade.price == 105


def _sides(extract, text: str) -> tuple[str, str]:
    """``(seller, buyer)`` of the one carbon trade *text* states."""
    [trade] = [e for e in extract(text).events if e.kind is EventKind.CARBON_TRADE]
    return trade.seller.key, trade.buyer.key


@pytest.mark.parametrize("text, seller, buyer", [
    ("青禾集团出售林业碳汇2万吨。买方为松岭能源有限公司。", "青禾集团", "松岭能源有限公司"),
    # the product's source is its seller
    ("此次成交的碳汇来自开化县林业局开发的林业碳汇项目，买方为青禾能源有限公司，成交量为1.5万吨。",
     "开化县林业局", "青禾能源有限公司"),
    # sides written before their roles (A作为买方)
    ("此次林业碳汇交易由开化县林业局牵头，青禾集团作为买方，松岭集团作为卖方。", "松岭集团", "青禾集团"),
    ("青禾集团购得林业碳汇1万吨，松岭集团作为出让方。", "松岭集团", "青禾集团"),
    # roles written right before the names, or with a colon
    ("双方达成林业碳汇交易：买方青禾集团，卖方松岭集团。", "松岭集团", "青禾集团"),
    ("宁海县完成海洋碳汇交易，买方：青禾集团；卖方：松岭集团。", "松岭集团", "青禾集团"),
])
def test_sides_named_by_their_roles(extract, text, seller, buyer):
    assert _sides(extract, text) == (seller, buyer)


@pytest.mark.parametrize("text, buyer, seller", [
    # the domain's vocabulary (kg/data/triggers.tsv): a carbon-inclusion credit, a sink forest adopted,
    # a deal's sides named by their roles
    ("浙江青禾能源有限公司认购了开化县人民政府的碳普惠2000吨。", "浙江青禾能源有限公司", "开化县人民政府"),
    ("浙江青禾能源有限公司从安吉县人民政府认养碳汇林300亩,折合碳汇1500吨。", "浙江青禾能源有限公司", "安吉县人民政府"),
    ("浙江青禾能源有限公司竞得蓝碳500吨。出让方为象山县人民政府。", "浙江青禾能源有限公司", "象山县人民政府"),
    ("本次林业碳汇交易的买家为浙江青禾能源有限公司，卖家为开化县人民政府。", "浙江青禾能源有限公司", "开化县人民政府"),
])
def test_the_carbon_markets_products_deals_and_roles(extract, text, buyer, seller):
    assert _sides(extract, text) == (seller, buyer)


def test_a_side_written_as_a_list_trades_with_each_of_the_other_side(extract):
    ex = extract("开化县人民政府将5万吨林业碳汇以每吨30元出售给浙江青禾能源有限公司和松岭科技有限公司。")
    trades = [e for e in ex.events if e.kind is EventKind.CARBON_TRADE]
    assert sorted((t.seller.key, t.buyer.key) for t in trades) == [
        ("开化县人民政府", "松岭科技有限公司"), ("开化县人民政府", "浙江青禾能源有限公司")]
    # the tonnes are the whole deal's, not each buyer's; the price per tonne holds for both
    assert all(t.quantity is None and t.price == 30 for t in trades)
    # two buyers do not trade with each other
    assert all({p.key for p in t.parties} != {"浙江青禾能源有限公司", "松岭科技有限公司"} for t in trades)


@pytest.mark.parametrize("text", [
    "浙江青禾能源有限公司、松岭科技有限公司共同认购开化县人民政府的竹林碳汇1000吨。",
    "浙江青禾能源有限公司、松岭科技有限公司分别认购开化县人民政府的竹林碳汇500吨、800吨。",
])
def test_buyers_listed_before_an_adverb_of_doing_together_each_buy(extract, text):
    trades = [e for e in extract(text).events if e.kind is EventKind.CARBON_TRADE]
    assert sorted((t.seller.key, t.buyer.key) for t in trades) == [
        ("开化县人民政府", "松岭科技有限公司"), ("开化县人民政府", "浙江青禾能源有限公司")]


def test_two_parties_listed_with_a_pause_mark_sign_a_trade_contract(extract):
    ex = extract("开化县林场、松岭科技有限公司签订林业碳汇交易协议。")
    assert parties(ex, EventKind.CARBON_TRADE) == [{"开化县林场", "松岭科技有限公司"}]
    ex = extract("开化县林场、松岭科技有限公司、青禾科技有限公司签订林业碳汇交易协议。")
    assert parties(ex, EventKind.CARBON_TRADE) == []  # three sides: who trades with whom is unsaid


def test_allowances_of_the_national_carbon_market(extract):
    ex = extract("青禾集团向松岭集团购买全国碳市场配额20万吨。")
    assert parties(ex, EventKind.CARBON_TRADE) == [{"青禾集团", "松岭集团"}]


def test_listed_sellers_after_the_verb_and_listed_buyers_before_it(extract):
    ex = extract("浙江青禾能源有限公司购买了开化县人民政府、常山县人民政府的林业碳汇。")
    assert sorted((t.seller.key, t.buyer.key) for t in ex.events if t.kind is EventKind.CARBON_TRADE) == [
        ("常山县人民政府", "浙江青禾能源有限公司"), ("开化县人民政府", "浙江青禾能源有限公司")]
    ex = extract("浙江青禾能源有限公司和松岭科技有限公司从开化县人民政府认购竹林碳汇1000吨。")
    assert sorted((t.seller.key, t.buyer.key) for t in ex.events if t.kind is EventKind.CARBON_TRADE) == [
        ("开化县人民政府", "松岭科技有限公司"), ("开化县人民政府", "浙江青禾能源有限公司")]


@pytest.mark.parametrize("text", [
    "林业碳汇交易签约仪式上，买方青禾集团与卖方开化县林业局签约。",
    "受让方青禾集团与出让方开化县林业局签订林业碳汇转让合同。",
])
def test_a_sides_role_before_its_name_is_no_part_of_it(extract, text):
    ex = extract(text)
    assert {"青禾集团", "开化县林业局"} <= {m.key for m in ex.mentions}
    assert not any(m.text.startswith(("买方", "受让方")) for m in ex.mentions)
    assert parties(ex, EventKind.CARBON_TRADE) == [{"开化县林业局", "青禾集团"}]
    assert parties(ex, EventKind.AGREEMENT) == [{"开化县林业局", "青禾集团"}]


@pytest.mark.parametrize("joint", ["分别与", "共同与", "与"])
def test_a_list_before_with_is_one_side_of_a_trade_without_direction(extract, joint):
    # 甲、乙(分别)与丙签订碳汇交易协议: each of the list trades with 丙, and 甲 never with 乙
    ex = extract(f"松岭集团、青禾集团{joint}开化县林场签订碳汇交易协议。")
    assert sorted(sorted(p.key for p in e.parties) for e in ex.events if e.kind is EventKind.CARBON_TRADE) == [
        ["开化县林场", "松岭集团"], ["开化县林场", "青禾集团"]]


@pytest.mark.parametrize("adverb", ["成功", "首次", "正式"])
def test_an_adverb_between_the_seller_and_xiang_leaves_the_seller_in_place(extract, adverb):
    ex = extract(f"开化县林场{adverb}向松岭集团出售竹林碳汇1万吨。")
    [trade] = [e for e in ex.events if e.kind is EventKind.CARBON_TRADE]
    assert (trade.seller.key, trade.buyer.key) == ("开化县林场", "松岭集团")


def test_a_nature_reserve_or_forest_farm_in_a_deal_is_the_institution_running_it(extract):
    from kg.model import EntityType

    ex = extract("宁海县茶山林场与青禾集团有限公司签署林业碳汇交易协议,出售碳汇2万吨。\n")
    assert {p.key: p.type for e in ex.events for p in e.parties}["茶山林场"] is EntityType.ORGANIZATION
    assert {m.type for m in ex.mentions if m.key == "茶山林场"} == {EntityType.ORGANIZATION}
    # the same farm as a place where something is stays a region; a county that signs stays a region
    ex = extract("碳汇林位于宁海县茶山林场。宁海县与青禾集团有限公司签署战略合作协议。\n")
    assert {m.type for m in ex.mentions if m.key == "茶山林场"} == {EntityType.REGION}
    assert {p.type for e in ex.events for p in e.parties if p.key == "宁海县"} == {EntityType.REGION}


def test_a_purchase_made_in_some_manner_has_its_seller_after_the_verb(extract):
    # 以挂牌方式购得某公司…配额: the manner (以…方式) and the verb are no part of the seller's name
    ex = extract("青禾集团以协议转让方式购得松岭科技有限公司5万吨碳配额。")
    assert parties(ex, EventKind.CARBON_TRADE) == [{"松岭科技有限公司", "青禾集团"}]


def test_a_contract_of_carbon_buying_and_selling_is_a_trade_of_its_sides(extract):
    # 碳汇买卖合同 (as 碳汇交易协议, 碳汇购销合同): the sides of the contract traded carbon
    ex = extract("宁海县国有林场与青禾集团签订碳汇买卖合同。")
    assert parties(ex, EventKind.CARBON_TRADE) == [{"宁海县国有林场", "青禾集团"}]


@pytest.mark.parametrize("text", [
    # A向B支付…: A pays B, so B sold (向B出售 would make B the buyer)
    "青禾集团向松岭科技有限公司支付碳汇款50万元，购买林业碳汇1万吨。",
    "青禾集团向松岭科技有限公司一次性支付50万元碳汇购买款。",
    # 来自 is no part of the name after it, and the source of the sinks bought (来自B) sold them
    "青禾集团此次购买的林业碳汇全部来自松岭科技有限公司。",
    "青禾集团购买了1万吨碳汇，这些碳汇来自松岭科技有限公司。",
])
def test_the_party_paid_or_the_source_of_the_sinks_is_the_seller(extract, text):
    [trade] = [e for e in extract(text).events if e.kind is EventKind.CARBON_TRADE]
    assert (trade.buyer.key, trade.seller.key) == ("青禾集团", "松岭科技有限公司")


@pytest.mark.parametrize("text, seller", [
    ("宁海县1万吨林业碳汇以每吨50元的价格出售给青禾集团。", "宁海县"),
    ("宁海县林业碳汇1万吨成功出售给青禾集团。", "宁海县"),
    ("宁海县茶山林场1万吨林业碳汇出售给青禾集团。", "茶山林场"),
])
def test_a_place_whose_sinks_are_sold_to_a_buyer_is_the_seller(extract, text, seller):
    # 某县1万吨林业碳汇出售给B: no organisation opens the clause; the place whose amount follows its name sells
    [trade] = [e for e in extract(text).events if e.kind is EventKind.CARBON_TRADE]
    assert (trade.buyer.key, trade.seller.key) == ("青禾集团", seller)


def test_the_sides_of_a_deal_named_together_traded(extract):
    # 交易双方为A和B: the two sides, roles unsaid
    assert parties(extract("林业碳汇交易双方为青禾集团和松岭科技有限公司。"), EventKind.CARBON_TRADE) == [
        {"青禾集团", "松岭科技有限公司"}]


def test_roles_in_brackets_after_the_sides_say_who_sold(extract):
    # 甲(买方)与乙(卖方)签订…: the brackets give the roles a bare 与 leaves unsaid
    ex = extract("青禾集团（买方）与松岭科技有限公司（卖方）签订碳汇交易合同。")
    [trade] = [e for e in ex.events if e.kind is EventKind.CARBON_TRADE]
    assert (trade.buyer.key, trade.seller.key) == ("青禾集团", "松岭科技有限公司")
