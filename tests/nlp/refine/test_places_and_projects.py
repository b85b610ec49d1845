"""Places after their region; project names (kg/nlp/refine/places.py, projects.py)."""

from __future__ import annotations


def test_a_zone_named_by_its_city_stays_one_name(extract):
    ex = extract("项目落户丽水市经济技术开发区。")
    assert "丽水市经济技术开发区" in {m.key for m in ex.mentions}


def test_a_category_word_with_an_ending_names_no_project(extract):
    ex = extract("全市累计开发碳票项目62个。")
    assert "碳票项目" not in {m.key for m in ex.mentions}


def test_quotes_make_a_short_programme_a_name(extract):
    ex = extract("浙江“万亩工程”取得成效。")
    assert "万亩工程" in {m.key for m in ex.mentions if m.type.value == "Project"}
    ex = extract("当地万亩工程取得成效。")  # without quotes, two characters and an ending are no name
    assert "万亩工程" not in {m.key for m in ex.mentions}


def test_a_project_named_after_its_developer_keeps_the_developer(extract):
    ex = extract("会上,江西省人民政府签署青能建赣州市光伏储能示范项目。")
    assert "青能建赣州市光伏储能示范项目" in {m.key for m in ex.mentions if m.type.value == "Project"}
    ex = extract("今年将加快推进赣州市光伏储能示范项目建设。")
    assert "赣州市光伏储能示范项目" in {m.key for m in ex.mentions if m.type.value == "Project"}


def test_a_verb_after_the_signing_verb_is_no_developer(extract):
    ex = extract("松岭集团有限公司与宁海县签约建设松岭绿色甲醇项目。\n")  # 签约 + 建设: two verbs, then the name
    assert [m.key for m in ex.mentions if m.type.value == "Project"] == ["松岭绿色甲醇项目"]


def test_developers_carry_through_a_list_and_a_later_mention(extract):
    ex = extract("会上,双方签署青能建赣州市光伏储能示范项目、松电力南昌绿色供电项目。"
                 "据介绍,南昌绿色供电项目年内开工。")
    projects = [m.key for m in ex.mentions if m.type.value == "Project"]
    assert projects == ["青能建赣州市光伏储能示范项目", "松电力南昌绿色供电项目", "松电力南昌绿色供电项目"]
    located = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert ("松电力南昌绿色供电项目", "南昌") in located  # a city written short, after the developer
    ex = extract("今年将加快推进赣州市光伏储能示范项目、南昌绿色供电项目建设。")  # no developer to carry
    assert "南昌绿色供电项目" in {m.key for m in ex.mentions if m.type.value == "Project"}


def test_a_developer_seen_before_one_project_opens_another_at_a_sentence_start(extract):
    ex = extract("会上,双方签署青能建赣州市光伏储能示范一期项目。\n青能建赣州市光伏储能示范项目是江西省首批示范项目。"
                 "加快建设赣州市氢能产业园项目。")
    projects = [m.key for m in ex.mentions if m.type.value == "Project"]
    assert "青能建赣州市光伏储能示范项目" in projects
    assert "赣州市氢能产业园项目" in projects  # inside a clause: no developer before it
    located = {(loc.inner.key, loc.outer.key) for loc in ex.locations}
    assert ("青能建赣州市光伏储能示范项目", "赣州市") in located


def test_a_kind_of_plant_with_a_project_ending_names_no_project(extract):
    ex = extract("山岭能源将于开化县投资建设光伏电站,并推进造林碳汇项目。")
    keys = {m.key for m in ex.mentions if m.type.value == "Project"}
    assert not keys & {"光伏电站", "造林碳汇项目", "开化县投资建设光伏电站"}
    ex = extract("青禾能源将在开化县建设抽水蓄能电站。")  # a kind of plant after its place: no name
    assert not [m for m in ex.mentions if m.type.value == "Project"]
    ex = extract("双方将在宁波市合作开发水风光一体化项目。")  # a kind of plant, after a predicate of doing together
    assert not [m for m in ex.mentions if m.type.value == "Project"]
    ex = extract("加快推进高质量林业碳汇项目建设。")  # a word of scale or quality before the kind
    assert not {m.key for m in ex.mentions if m.type.value == "Project"} & {"高质量林业碳汇项目"}
