"""The place a document is about, and bodies written without it (kg/nlp/refine/context.py)."""

from __future__ import annotations


def test_bare_bodies_take_the_city_the_document_is_about(extract):
    ex = extract("杭州市临安区召开会议。由杭州市委统战部牵头,市总工会参与。杭州市科技局发布。\n")
    union = [m for m in ex.mentions if m.text == "市总工会"]
    assert [m.key for m in union] == ["杭州市总工会"]
    assert ex.context_city == "330100" and ex.context_province == "330000"


def test_a_city_or_province_named_only_in_a_bodys_name_places_the_bare_bodies(extract):
    ex = extract("宁波市委书记柴明远出席。市委副书记贺文杰，市政协主席包振宇出席。\n")
    assert ex.context_city == "330200"
    posts = {(p.holder.key, p.organization.key) for p in ex.posts}
    assert ("贺文杰", "宁波市委") in posts and ("包振宇", "宁波市政协") in posts
    ex = extract("浙江省人民政府与青禾集团签约。省政协副主席邱晓出席。\n")
    assert ("邱晓", "浙江省政协") in {(p.holder.key, p.organization.key) for p in ex.posts}


def test_bare_bodies_without_a_place_are_left_out(extract):
    ex = extract("会议由市委主持。\n")
    assert not [m for m in ex.mentions if m.key.startswith("市委")]


def test_a_bare_autonomous_region_names_the_region_of_the_document(extract):
    ex = extract("广西壮族自治区南宁市召开会议。自治区将加快发展。\n")
    bare = [m for m in ex.mentions if m.key == "自治区"]
    assert bare and all(m.region_code == "450000" for m in bare)


def test_a_bare_banner_or_county_body_takes_the_one_the_article_names(extract):
    ex = extract("青禾能源将在鄂伦春旗投资建设风电场。呼伦贝尔市委常委、旗委书记李明会见了客人。\n")
    assert [m.key for m in ex.mentions if m.text == "旗委"] == ["鄂伦春旗委"]  # as the article writes the banner
    two = extract("长阳县与五峰县签署合作协议。县政府将牵头落实。\n")
    assert not [m for m in two.mentions if m.text == "县政府"]  # two counties named: neither's


def test_an_autonomous_county_is_known_by_its_place_name_and_unit():
    from kg.regions import gazetteer

    gaz = gazetteer()
    assert [r.name for r in gaz.resolve("长阳县")] == ["长阳土家族自治县"]
    assert [r.name for r in gaz.resolve("融水县")] == ["融水苗族自治县"]  # 水 here is the place's, not 水族
    assert [r.name for r in gaz.resolve("鄂温克旗")] == ["鄂温克族自治旗"]  # a banner named for its people
    assert [r.name for r in gaz.resolve("东乡县")] == ["东乡族自治县"]


def test_a_bare_county_body_after_the_countys_body_named_in_full(extract):
    # no county is named on its own: 开化县委 written in full names the county 县委 means
    ex = extract("开化县委书记包振宇，县委副书记、县长柴明远出席。\n")
    assert [m.key for m in ex.mentions if m.text == "县委"] == ["开化县委"]
    assert ("柴明远", "开化县委", "副书记") in {(p.holder.key, p.organization.key, p.title) for p in ex.posts}


def test_a_counties_short_form_is_the_county_in_an_article_about_its_province(extract):
    about = extract("浙江省推进海洋碳汇建设。宁海将扩大红树林种植。\n")
    assert [(m.key, m.region_code) for m in about.mentions if m.text == "宁海"] == [("宁海", "330226")]
    elsewhere = extract("海南省推进海洋碳汇建设。宁海将扩大红树林种植。\n")
    assert not [m for m in elsewhere.mentions if m.text == "宁海"]
    # 象山 names a county in Zhejiang and a district in Guangxi: the article's province says which
    two = extract("广西壮族自治区推进海洋碳汇建设。象山将扩大红树林种植。\n")
    assert [m.region_code for m in two.mentions if m.text == "象山"] == ["450304"]
    # a short form news writes all the time as a word (合作: benchmarks/wordlike_region_forms.py) is no place
    # alone, even in an article about the county's own prefecture, where 签订合作协议 is as common as anywhere
    word = extract("甘肃省兰州市召开会议。双方将深化合作。\n")
    assert not [m for m in word.mentions if m.type.value == "Region" and m.text == "合作"]
    assert not [m for m in extract("甘南藏族自治州召开会议。双方签订合作协议。\n").mentions if m.text == "合作"]
    assert [m.region_code for m in extract("甘南藏族自治州召开会议。合作市将扩大种植。\n").mentions
            if m.text == "合作市"] == ["623001"]
