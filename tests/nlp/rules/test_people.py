"""Officials and persons (kg/nlp/rules/officials.py, persons.py) and bodies (bodies.py)."""

from __future__ import annotations

import pytest

from kg.nlp.rules import (
    find_bare_bodies, find_bodies, find_bylines, find_leader_lists, find_name_then_title, find_representatives,
    find_titled_persons, reads_as_official, word_spans,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("省委书记陈立新和省长刘建国率团", ["陈立新", "刘建国"]),
        ("天津市委副书记、市长赵明,天津市人大常委会主任孙强", ["赵明", "孙强"]),
        ("柴明远总书记关于党的自我革命的重要思想", []),  # the title follows the name: another finder
        ("江城环境能源交易所总经理周平说", ["周平"]),
        ("自治区党委常委、统战部部长巴特尔出席", ["巴特尔"]),  # a name written phonetically
        ("浙江省林业局局长李东利称,这是一项系统工程", ["李东利"]),  # jieba fuses the name with 称
        ("宁波市副市长王明说,要加快进度", ["王明"]),
        ("湖南省长沙市望城区人民政府召开会议", []),  # 省长 is only letters of 湖南省 + 长沙市
        ("湖南省长王明出席", ["王明"]),
        ("青禾州党委副书记、州长孙立强出席", ["孙立强"]),  # an autonomous prefecture's head
        ("松岭能源集团执行董事、首席财务官赵明辉介绍", ["赵明辉"]),  # company offices
        ("青禾镇副镇长岳振华主持", ["岳振华"]),
        ("市委常委王立新、李明强,副市长赵伟出席", ["王立新", "李明强", "赵伟"]),  # a list shares its title
        ("松岭能源集团董事长兼CEO郦明远、青禾研究院顾问璩海涛出席", ["郦明远", "璩海涛"]),  # rarer surnames
        ("松岭集团党委书记、董事长韩立进行座谈", ["韩立"]),  # a two-character name before a verb that follows names
        ("开化县委书记韩立共同签署协议", ["韩立"]),  # … or before doing something together (共同, 分别, 一起)
        ("市林业局副局长阿力木·吐尔洪出席", ["阿力木·吐尔洪"]),  # a dotted (transliterated) name, whole
        ("副县长艾尔肯·买买提、周平出席", ["艾尔肯·买买提", "周平"]),  # … also in a list sharing one title
        ("青禾林场场长周平介绍", ["周平"]),  # heads of works and farms
        ("青禾煤矿矿长周平介绍", ["周平"]),  # … and of mines
        ("青禾集团总裁助理周平出席", ["周平"]),
        ("青禾银行行长助理柴明远出席", ["柴明远"]),  # a bank head's assistant
        ("松岭证券首席经济学家贺文杰表示", ["贺文杰"]),  # a chief economist
        ("青禾科技创始人包振宇介绍", ["包振宇"]),  # a founder
        ("副局长韦一鸣、邱晓等出席", ["韦一鸣", "邱晓"]),  # 等 closes the list: no part of the last name
        ("局长邱晓等领导参加", ["邱晓"]),
        ("松岭能源集团副总韦一鸣、董秘柴明远出席", ["韦一鸣", "柴明远"]),  # short forms of company posts
        ("青禾银行首席风险官包振宇介绍", ["包振宇"]),
        ("松岭国驻华大使马里奥·罗西出席", ["马里奥·罗西"]),  # a diplomatic post
        ("周平(青禾集团董事长)表示", ["周平"]),  # the title in a bracket after the name
        ("周平(青禾集团)表示", []),  # a bracket without a title makes no official
        ("青禾银行副行长周立和松岭集团董事长赵明出席", ["周立", "赵明"]),  # 和 read as a word: the name ends before
        ("副部长周平在会上说", ["周平"]),
        ("副行长周平否认了传闻", ["周平"]),  # a verb jieba reads right after two characters
        ("董事长和总经理出席", []),  # 和 is a surname, but here a conjunction
        ("自治区副主席扎西多吉出席会议", ["扎西多吉"]),  # a Tibetan name written phonetically
        ("副县长阿不都热合曼出席", ["阿不都热合曼"]),  # a Uyghur one: longer than the Han reading of 阿 + 不都
        ("县长多次强调", []),  # phonetic characters that run into no boundary make no name
        ("联合国秘书长古特雷斯表示", ["古特雷斯"]),  # a foreign name, longer than the Han reading of 古
        ("中国气候变化事务特使解振华出席", ["解振华"]),  # an envoy's post
        ("青川市生态环境局新闻发言人周平表示", ["周平"]),  # a spokesperson's post
        ("青禾科技有限公司法定代表人赵明辉签字", ["赵明辉"]),  # a company's legal representative
        ("青禾科技有限公司法人代表赵明辉签字", ["赵明辉"]),  # … as news often writes it
        ("开化县总林长包振宇巡林", ["包振宇"]),  # the forest chief system's posts
        ("青禾集团派驻南庄村第一书记韦一鸣介绍", ["韦一鸣"]),  # a village's first secretary
        ("市县乡村四级林长全部设立", []),  # 全部 (all) after a title is no name
        ("青禾集团当选为宁海县碳汇协会副会长单位", []),  # a member's rank in an association: 单位 is no name
    ],
)
def test_officials_after_their_titles(text, expected):
    assert [text[c.start:c.end] for c, _ in find_titled_persons(text, word_spans(text))] == expected


def test_a_name_before_a_title_that_implies_its_body():
    [(cand, title, body, _ts, _te)] = find_name_then_title("深入学习柴明远总书记重要讲话精神")
    assert (cand.start, cand.end, title, body) == (4, 7, "总书记", "中共中央")


def test_every_name_of_a_leaders_list():
    text = "王立新、赵明、孙强等省领导出席"
    assert [text[c.start:c.end] for c in find_leader_lists(text)] == ["王立新", "赵明", "孙强"]
    assert find_leader_lists("王立新等领导出席") == []  # one name is no list


@pytest.mark.parametrize("text", ["王立新、赵明等县领导出席", "王立新、赵明等集团领导出席"])
def test_a_leaders_list_closed_by_a_county_or_a_company(text):
    assert [text[c.start:c.end] for c in find_leader_lists(text)] == ["王立新", "赵明"]


@pytest.mark.parametrize("text", ["青禾集团领导班子成员王立新出席", "开化县四套班子领导王立新出席", "双方领导王立新出席"])
def test_a_leading_group_before_a_name_makes_an_official(text):
    assert [text[c.start:c.end] for c, _ in find_titled_persons(text, word_spans(text))] == ["王立新"]


def test_people_who_sign_for_their_organisations():
    text = "王立新、赵明分别代表青禾集团、松岭集团签约"
    assert [text[c.start:c.end] for c in find_representatives(text)] == ["王立新", "赵明"]


@pytest.mark.parametrize("text", ["全国人大代表王立新提出建议", "区人大代表、青禾集团董事长王立新出席", "党代表赵明发言"])
def test_deputies_of_a_body_are_no_name_before_daibiao(text):
    assert find_representatives(text) == []


def test_bylines():
    text = "记者 王立新 赵明 摄"
    assert [text[c.start:c.end] for c in find_bylines(text)] == ["王立新", "赵明"]


def test_bodies_written_without_their_place():
    found = [("会议由市委主持", "市委", "GovernmentBody"), ("在县总工会举行", "县总工会", "Organization")]
    for text, name, typ in found:
        [c] = find_bare_bodies(text)
        assert (text[c.start:c.end], c.type.value) == (name, typ)
    assert find_bare_bodies("城市委员会") == []  # 市 inside a word
    # 市委市政府 names the committee and the government together
    assert [("市委市政府主持"[c.start:c.end]) for c in find_bare_bodies("市委市政府主持")] == ["市委", "市政府"]
    # a dateline's end, the space after it gone, leaves the body that opens the story a body
    for text in ("本报讯市政府与青禾集团签约", "本报宁海5月20日讯县政府召开会议", "新华社杭州5月20日电省政府印发通知"):
        assert [text[c.start:c.end][-2:] for c in find_bare_bodies(text)] in (["政府"],), text
    assert find_bare_bodies("通讯市场") == []  # 讯 inside a word opens no body


def test_national_bodies_from_the_data_file():
    assert [(c.start, c.end) for c in find_bodies("国务院办公厅印发通知")][:1] == [(0, 3)]


def test_national_bodies_by_name_or_short_form_in_one_pass():
    text = "国家民委、住房城乡建设部和全国人民代表大会常务委员会发文"
    found = [text[c.start:c.end] for c in find_bodies(text)]
    assert found == ["国家民委", "住房城乡建设部", "全国人民代表大会常务委员会"]  # the longest name wins
    # a ministry's name before 门 is a sector's departments; before 长 it is still the ministry
    assert find_bodies("各地财政部门和民政部门要加强监管") == []
    assert [c.end for c in find_bodies("财政部长出席")] == [3]


def test_a_foreign_governments_department_takes_its_country_into_its_name(extract):
    from kg.resolve import resolve

    graph = resolve([extract("美国国防部发表声明。德国联邦环境部和日本经济产业省官员出席。中国外交部回应。\n")])
    bodies = {e.name for e in graph.entities.values() if e.type.value == "GovernmentBody"}
    assert bodies == {"美国国防部", "德国联邦环境部", "日本经济产业省", "外交部"}  # 美国国防部 is no 国防部 of China's
    assert not [m for m in extract("美国的能源政策，日本北部和美国东部降雪。\n").mentions if m.type.value == "GovernmentBody"]


def test_merged_away_regulators_are_bodies_of_their_own(extract):
    from kg.resolve import resolve

    graph = resolve([extract("银保监会、证监会联合发文。银监会此前已发布。\n")])
    bodies = {(e.name, *sorted(e.aliases)) for e in graph.entities.values() if e.type.value == "GovernmentBody"}
    assert bodies == {("中国银行保险监督管理委员会", "银保监会"), ("中国证券监督管理委员会", "证监会"),
                      ("中国银行业监督管理委员会", "银监会")}


def test_a_short_form_of_a_national_body_is_that_body(extract):
    from kg.resolve import resolve

    graph = resolve([extract("住房城乡建设部印发通知。住房和城乡建设部副部长王立新表示。\n")])
    bodies = [e for e in graph.entities.values() if e.type.value == "GovernmentBody"]
    assert [(e.name, sorted(e.aliases)) for e in bodies] == [("住房和城乡建设部", ["住房城乡建设部"])]


def test_a_national_bank_is_found_by_its_name_and_not_inside_the_sector():
    text = "渤海银行发放碳排放权质押贷款,中国银行业协会和建设银行卡持卡人"
    assert [(text[c.start:c.end], c.type.value) for c in find_bodies(text)] == [("渤海银行", "Enterprise")]


def test_a_national_banks_two_character_short_form_only_as_a_word_of_its_own(extract):
    from kg.resolve import resolve

    graph = resolve([extract("建行、农行和交行参加。施工行为要规范，开展集中行动，新建行政楼。\n")])
    banks = {(e.name, *sorted(e.aliases)) for e in graph.entities.values() if e.type.value == "Enterprise"}
    assert banks == {("中国建设银行", "建行"), ("中国农业银行", "农行"), ("交通银行", "交行")}


def test_a_national_banks_branch_keeps_the_bank_in_its_name(extract):
    from kg.resolve import resolve

    ex = extract("渤海银行绵阳分行发放碳排放权质押贷款。中国人民银行绵阳分行发布通知。\n")
    types = {m.key: m.type.value for m in ex.mentions}
    assert types["渤海银行绵阳分行"] == "Enterprise"
    # the central bank's branch is of its kind, a government body, in the mention and in the resolved entity
    assert types["中国人民银行绵阳分行"] == "GovernmentBody"
    graph = resolve([ex])
    assert {e.name: e.type.value for e in graph.entities.values()}["中国人民银行绵阳分行"] == "GovernmentBody"


def test_a_national_banks_own_committee_is_the_bank(extract):
    ex = extract("恒丰银行总行党委书记韦一鸣出席。\n")
    assert {(m.key, m.type.value) for m in ex.mentions if m.type.is_org} == {("恒丰银行", "Enterprise")}
    assert [(p.holder.key, p.organization.key) for p in ex.posts] == [("韦一鸣", "恒丰银行")]


@pytest.mark.parametrize(
    "text, name, official",
    [
        ("松岭集团成立于2001年。柴明远说，公司将加大投入。", "柴明远", True),  # speaks in the report
        ("会后，柴明远、贺文杰、包振宇出席了签约仪式。", "贺文杰", True),  # a list of names that attend
        ("会议由柴明远主持。", "柴明远", True),
        ("记者 柴明远 通讯员 贺文杰\n", "贺文杰", False),  # credited in the report's byline
        ("本报讯（柴明远）松岭集团将加大投入。", "柴明远", False),  # a credit in brackets
        ("青禾集团完成签约。柴明远摄\n", "柴明远", False),  # the photographer
        ("编辑：柴明远\n", "柴明远", False),
        ("工作人员柴明远介绍，现场已清理。", "柴明远", False),  # a role that is no post
        ("现年35岁的柴明远，任松岭集团技术员。", "柴明远", False),  # described, not introduced
        ("柴明远、贺文杰等10人获评劳动模范。", "柴明远", False),  # a count of honoured people
        ("园内有侧柏、黄杨、国槐等10种树木。", "黄杨", False),  # a list of things
        ("林果、林菌、林畜种养加工能力提升。", "林菌", False),  # a list that ends in a noun
        ("宁海县林业局与松岭集团签约。", "林业局", False),  # a body's ending, no name
        ("王某某表示，将依法处理。", "王某某", False),  # a name withheld
    ],
)
def test_a_model_read_name_is_an_official_where_it_acts_in_the_report(text, name, official):
    start = text.index(name)
    assert reads_as_official(text, start, start + len(name)) is official
