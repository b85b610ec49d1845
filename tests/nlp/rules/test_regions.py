"""Administrative regions and countries (kg/nlp/rules/regions.py)."""

from __future__ import annotations

import pytest

from kg.nlp.rules import find_county_short_forms, find_regions, word_spans


@pytest.mark.parametrize(
    "text, expected",
    [
        ("杭州市临安区", ["杭州市", "临安区"]),
        ("位于四川省阿坝藏族羌族自治州九寨沟县境内", ["四川省", "阿坝藏族羌族自治州", "九寨沟县"]),
        ("绿水青山就是金山银山", []),  # short forms inside common words
        ("双方合作共赢", []),
        ("青禾想把这里建成一座滨海城市", []),  # 海城市 across the words 滨海 and 城市
        ("他去年调到海城市工作", ["海城市"]),
        ("白塔下的东风吹来", []),  # two-character short forms of counties read as words
        ("江西赣县的青禾公司开业", ["江西", "赣县"]),  # …but one ending in 县 names its district
        ("中国与蒙古国签署协定", ["中国", "蒙古国"]),
        ("中方与沙特、伊拉克和肯尼亚签约", ["沙特", "伊拉克", "肯尼亚"]),  # countries of every continent
        ("增加纳税人数量", []),  # …only where a word starts (加纳 across 增加 and 纳税)
        ("山东、山西两省和海南的企业", ["山东", "山西", "海南"]),  # provinces written short
        ("中国人民银行发布", []),  # 中国人… opens a name, not the country
        ("会后萧山市委召开常委会", ["萧山市"]),  # a city become a district (萧山区), under its old name
        ("萧山市场监管所开展检查", []),  # …but 某某市场 is a market
    ],
)
def test_regions_from_the_gazetteer(text, expected):
    assert [text[c.start:c.end] for c in find_regions(text, word_spans(text))] == expected


def test_regions_carry_their_codes():
    text = "杭州市临安区"
    assert [c.code for c in find_regions(text, word_spans(text))] == ["330100", "330112"]


def test_a_former_city_name_resolves_to_the_district_it_became():
    text = "原萧山市、蓬莱市政府"
    assert [(text[c.start:c.end], c.code) for c in find_regions(text, word_spans(text))] == [
        ("萧山市", "330109"), ("蓬莱市", "370614")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("青禾能源年会在沪举行，代表团随后赴蓉考察。", [("沪", "310000"), ("蓉", "510100")]),
        ("两家公司来京签约", [("京", "110000")]),
        ("市长在呼期间会见了客商", [("呼", "150100")]),
        ("他在深入调研的基础上提出建议", []),  # 深入 is a word, not 深圳 as a venue
        ("青禾在京东开设旗舰店", []),  # no verb of meeting follows
        ("京沪两地", []),  # abbreviations outside the venue shape are not read
    ],
)
def test_a_city_written_as_one_character_where_something_takes_place(text, expected):
    assert [(text[c.start:c.end], c.code) for c in find_regions(text, word_spans(text))] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("推动京津冀地区协同发展", ["京津冀地区"]),
        ("川渝地区与粤港澳大湾区的企业", ["川渝地区", "粤港澳大湾区"]),
        ("冀冀地区", []),  # the same province twice is no composite
    ],
)
def test_composite_regions_of_provinces_abbreviations_have_no_code(text, expected):
    found = [c for c in find_regions(text, word_spans(text)) if c.source == "composite-region"]
    assert [text[c.start:c.end] for c in found] == expected
    assert all(c.code is None for c in found)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("新建榆林河电站和鄱阳湖大桥", []),  # a short form before 河 names the river, not 榆林市
        ("杭州湾沿岸的工厂", []),  # …and before 湾 the bay
        ("榆林市河道治理", ["榆林市"]),  # a full name stays the place
        ("重庆江北区", ["重庆", "江北区"]),  # a district's name may start with 江
    ],
)
def test_a_short_form_opening_a_rivers_or_bays_name_is_not_the_place(text, expected):
    assert [text[c.start:c.end] for c in find_regions(text, word_spans(text))] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("本报青城4月11日电 (记者 张某)", [("青城", "dateline")]),  # a town the gazetteer does not list
        ("新华社华盛顿1月5日电", [("华盛顿", "dateline")]),
        ("本报杭州12月10日电", [("杭州", "dateline")]),  # a listed region keeps its code (below)
        ("本报12月10日讯 (记者 张某)", []),  # no place in the dateline
    ],
)
def test_the_place_a_dispatch_was_filed_from_is_a_region(text, expected):
    assert [(text[c.start:c.end], c.source) for c in find_regions(text, word_spans(text))] == expected


def test_a_listed_dateline_place_keeps_its_code_and_outranks_the_model(rules):
    from spacy.tokens import Span

    from kg.nlp.components import EntityMerger, RulesComponent

    text = "本报拉萨8月6日电 西藏自治区人民政府召开会议。"
    assert [c.code for c in find_regions(text, word_spans(text)) if c.source == "dateline"] == ["540100"]
    doc = RulesComponent()(rules.make_doc(text))
    doc.ents = [Span(doc, 2, 4, label="name")]  # a model that reads the city as a person
    assert ("拉萨", "Region") in [(sp.text, sp.label_) for sp in EntityMerger()(doc).spans["kg_entities"]]
    text = "本报兴安 10月 18日电"  # a short form running text would not read as a place (兴安) is one here
    assert [c.code for c in find_regions(text, word_spans(text)) if c.source == "dateline"] == ["152200"]


def test_a_listed_district_named_like_a_zone_keeps_its_code():
    from kg.nlp.rules import find_named_by_suffix

    text = "推进浦东新区建设"
    words = word_spans(text)
    regions = find_regions(text, words)
    assert [(text[c.start:c.end], c.code) for c in regions] == [("浦东新区", "310115")]
    assert not find_named_by_suffix(text, words, regions)  # no second, codeless 浦东新区


@pytest.mark.parametrize(
    "text, expected",
    [
        ("临高将扩大红树林种植", ["临高"]),  # a county's two-character form, standing as a word: a candidate only
        ("临高县将扩大红树林种植", []),  # the full name is the gazetteer's own match
        ("支持红山文化遗址申报", []),  # a culture, named after its first site
        ("南昌市将新建光伏电站", []),  # a stop word (新建, to build) is never a county's form
    ],
)
def test_counties_short_forms_are_candidates_the_document_decides(text, expected):
    if expected:  # the gazetteer's match leaves the form alone: it reads as a common word as often
        assert find_regions(text, word_spans(text)) == []
    assert [text[c.start:c.end] for c in find_county_short_forms(text, word_spans(text))] == expected


def test_the_longest_division_names_are_read_whole():
    # 双江拉祜族佤族布朗族傣族自治县 has 15 characters: the reading must reach as far as the longest name
    from kg.regions import LONGEST_NAME, gazetteer

    assert LONGEST_NAME >= max(len(r.name) for rs in gazetteer().by_name.values() for r in rs)
    text = "与双江拉祜族佤族布朗族傣族自治县茶山林场签约"
    found = [text[c.start:c.end] for c in find_regions(text, word_spans(text))]
    assert "双江拉祜族佤族布朗族傣族自治县" in found


@pytest.mark.parametrize("text, word", [
    ("甘肃省甘南藏族自治州临潭县人民政府与青禾集团签订合作协议。", "合作"),  # 合作市's short form, and a word
    ("陕西省延安市与青禾集团签约，延长合作期限。", "延长"),  # 延长县's
])
def test_a_county_short_form_that_is_a_common_word_is_no_place(text, word, extract):
    # benchmarks/wordlike_region_forms.py lists the forms jieba knows as common words: no place when alone
    assert not any(m.text == word for m in extract(text).mentions)
