"""Names found by their endings, and where they start (kg/nlp/rules/endings.py, name_start.py)."""

from __future__ import annotations

import pytest

from kg.nlp.rules import find_bodies, find_named_by_suffix, find_regions, with_divisions, word_spans


def _names(text):
    w = word_spans(text)
    return [(text[c.start:c.end], c.type.value) for c in find_named_by_suffix(text, w, find_regions(text, w))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("锡林郭勒盟林业和草原局副局长陈立新说", [("锡林郭勒盟林业和草原局", "GovernmentBody")]),  # 和 inside a name
        # an organ's name joins two fields with 和, the second a verbal noun (改革, 旅游): no predicate
        ("青川市发展和改革委员会发布通知", [("青川市发展和改革委员会", "GovernmentBody")]),
        ("自治区文化和旅游厅主办", [("自治区文化和旅游厅", "GovernmentBody")]),
        ("绵阳市住房和城乡建设局发布", [("绵阳市住房和城乡建设局", "GovernmentBody")]),  # and no 某城乡 township
        # jieba fuses the first body's ending, 和 and the next body's first word (局和市): two names, not one
        ("绵阳市交通运输局和市生态环境局发布通知", [("绵阳市交通运输局", "GovernmentBody")]),
        ("据青禾能源集团有限公司介绍", [("青禾能源集团有限公司", "Enterprise")]),  # 据 opens no name
        # a deal's verb right after a company's ending is the predicate between two names; other verbs may
        # stand inside a subsidiary's name after its group's
        ("青禾集团购买松岭集团的林业碳汇", [("青禾集团", "Enterprise"), ("松岭集团", "Enterprise")]),
        ("松岭集团投资有限公司发布公告", [("松岭集团投资有限公司", "Enterprise")]),
        ("绵阳市委市政府高度重视", [("绵阳市委", "GovernmentBody")]),  # the committee and the government: two
        # jieba reads a township's first character alone (曲, a measure word) and fuses the next with 镇
        ("绵竹市曲河镇开展碳汇试点", [("曲河镇", "Region")]),
        ("绵阳海关为企业办理通关", [("绵阳海关", "GovernmentBody")]),  # a customs house after its place
        # endings CLUENER2020 train marks (benchmarks/ending_candidates.py); the generic ones need a place
        ("绵阳证券发布研报称", [("绵阳证券", "Enterprise")]),
        ("证券市场持续活跃,信托业务增长", []),
        ("由松岭律师事务所出具法律意见", [("松岭律师事务所", "Enterprise")]),
        ("绵竹市农村信用社发放贷款", [("绵竹市农村信用社", "Enterprise")]),
        ("绵阳市碳汇研究会成立", [("绵阳市碳汇研究会", "Organization")]),
        ("绵竹市公安局城西派出所民警", [("绵竹市公安局", "GovernmentBody"), ("绵竹市公安局城西派出所", "GovernmentBody")]),
        # an organisation's ending right after a project's names the organisation; 银行业 is the sector
        ("中国市政工程协会会长王立新做总结", [("中国市政工程协会", "Organization")]),
        ("银行业金融机构和中国银行业协会", [("中国银行业协会", "Organization")]),
        ("通过银行卡和银行间市场", []),
        # a commission's short form after its place; the same character closing a role is no body
        ("绵阳市住建委发布通知", [("绵阳市住建委", "GovernmentBody")]),
        ("绵阳市经信委主任出席", [("绵阳市经信委", "GovernmentBody")]),
        ("他是编委和评委", []),
        # 驻 joins a mission's home and its seat in one name
        ("美国驻成都总领事馆官员", [("美国驻成都总领事馆", "GovernmentBody")]),
        ("四川省驻北京办事处主任", [("四川省驻北京办事处", "GovernmentBody")]),
        ("绵阳市驻村工作队", []),
        # a bracketed region after a registered name's trade: the words before it, verbs too, are the name's
        ("成功签约碳排放权登记结算(武汉)有限责任公司", [("碳排放权登记结算(武汉)有限责任公司", "Enterprise")]),
        ("由赤峰市委统战部牵头", [("赤峰市委", "GovernmentBody"), ("赤峰市委统战部", "GovernmentBody")]),
        ("研究设立杭州临平智能制造产业园", [("杭州临平智能制造产业园", "Project")]),
        ("决定向“绿岛杯”组委会捐赠", [("“绿岛杯”组委会", "Organization")]),  # a quoted short name inside
        # quoted speech before its speaker holds a clause's marks: no short name, the name starts after it
        # 改造 and 提升 right before a project's ending name the works' upgrade; as verbs they open no name
        ("桐庐县污水处理厂提标改造工程完工", [("桐庐县污水处理厂提标改造工程", "Project")]),
        ("桐庐县全面提升工程质量", []),
        # a brand jieba cuts into lone characters after its place (钧 read as a measure word) is the name's
        ("两家公司将支持河北钧泰科贸发展有限公司开展业务", [("河北钧泰科贸发展有限公司", "Enterprise")]),
        # a count right before common words and an ending is a kind (三家高速公路公司); a brand is a name
        ("省里经营12家高速公路公司", []),
        ("两家青禾能源公司签约", [("青禾能源公司", "Enterprise")]),
        ("“要加快绿色转型。”宁海县委书记韦一鸣说", [("宁海县委", "GovernmentBody")]),
        ("“我们将继续投入，”青禾集团董事长韦一鸣说", [("青禾集团", "Enterprise")]),
        # a quoted programme before a category of projects is the project named; before a name's own words,
        # the quotes are inside the name
        ("该项目是浙江省首批“绿能浙江”大型储能示范项目", [("“绿能浙江”", "Project")]),
        ("“绿能浙江”光伏电站项目开工", [("“绿能浙江”光伏电站项目", "Project")]),
        ("签订“光伏+”综合利用项目投资协议", [("“光伏+”综合利用项目", "Project")]),  # a kind in quotes is no name
        # … and before a demonstration project: the quotes closed a word before the ending hold the name; one
        # character after them is a clause's word (有计划), not a name's
        ("推进“零碳工厂”示范项目建设", [("“零碳工厂”", "Project")]),
        ("创建“森林城市”有计划、有步骤", []),
        ("青禾碳汇(锡林郭勒)科技有限公司成功签订合同", [("青禾碳汇(锡林郭勒)科技有限公司", "Enterprise")]),
        ("松岭集团党委书记、董事长王立新", [("松岭集团", "Enterprise")]),  # a company's committee is the company
        ("对接工作格局和全局谋篇布局", []),  # words that end like 局 but name no body
        # 政府 is a government only after a place: 某行业政府网站 is a sector's government websites
        ("公布能源行业政府网站评估结果", []),
        # free-trade zones are places named after their province or city
        ("助力海南自贸港建设", [("海南自贸港", "Region")]),
        ("推进广西自贸试验区南宁片区建设", [("广西自贸试验区", "Region")]),
        ("推进自贸区建设", []),
        ("推进兰州新区建设，城市新区", [("兰州新区", "Region")]),
        # a petrochemical company goes by its place and 石化; the industry (石化产业) is no company
        ("推动安庆石化转型升级", [("安庆石化", "Enterprise")]),
        # a name's first word that jieba tags as a numeral (四方) goes on with the name; a count does not
        ("宁波四方青禾能源有限公司完成改造", [("宁波四方青禾能源有限公司", "Enterprise")]),
        ("集团下属三个青禾公司参加", [("青禾公司", "Enterprise")]),
        ("一些青禾公司和多数松岭公司参加", [("青禾公司", "Enterprise"), ("松岭公司", "Enterprise")]),
        # an ordinal numbers a school, a hospital or an institute in its place; a count (第一批) does not
        ("宁波市第十二中学开展低碳校园活动", [("宁波市第十二中学", "Organization")]),
        ("绵阳市第二人民医院开展义诊", [("绵阳市第二人民医院", "Organization")]),
        ("宁波市第一批低碳学校名单公布", []),
        # verbs in a row before a legal form name what a registered company does, as before 项目
        ("宁波青禾园区开发管理有限公司与松岭集团签约", [("宁波青禾园区开发管理有限公司", "Enterprise"), ("松岭集团", "Enterprise")]),
        ("绵阳青禾投资建设有限公司成立", [("绵阳青禾投资建设有限公司", "Enterprise")]),
        # … and so do they right after a group's name: its subsidiary, the verb no predicate
        ("青禾集团节能降碳有限公司与松岭集团签约", [("青禾集团节能降碳有限公司", "Enterprise"), ("松岭集团", "Enterprise")]),
        # a project said to be sited somewhere (位于, 落户, 选址) is one project, named; a kind is not
        ("青峰光伏发电项目位于宁波市", [("青峰光伏发电项目", "Project")]),
        ("青峰抽水蓄能电站项目落户绵竹市", [("青峰抽水蓄能电站项目", "Project")]),
        ("新能源项目落户绵竹市", []),
        # an academy's own institute is named after it, as a university's school is
        ("中国林业科学研究院亚热带林业研究所与青禾集团签约",
         [("中国林业科学研究院亚热带林业研究所", "Organization"), ("青禾集团", "Enterprise")]),
        # a place's rank among its kind (农业大镇, 历史文化名镇) is no place's name
        ("曲河镇是绵竹市的农业大镇", [("曲河镇", "Region")]),
        ("曲河镇是绵竹市的历史文化名镇", [("曲河镇", "Region")]),
        # a public institution watching or serving a field is an organisation, named after its place
        ("宁波市生态环境监测中心发布报告", [("宁波市生态环境监测中心", "Organization")]),
        ("绵竹市农业技术推广中心与松岭集团签约", [("绵竹市农业技术推广中心", "Organization"), ("松岭集团", "Enterprise")]),
        # a plant's capacity after its place is in its name; after a verb it counts a kind
        ("其中宁波200万千瓦风光储一体化项目投资最大", [("宁波200万千瓦风光储一体化项目", "Project")]),
        ("开工建设青峰100MW光伏项目", [("青峰100MW光伏项目", "Project")]),
        ("建设200万千瓦风电项目", []),
        # … and so are a store's power and energy, a works' yearly output
        ("宁波100MW/200MWh储能电站并网", [("宁波100MW/200MWh储能电站", "Project")]),
        ("宁波年产10万吨绿色甲醇项目投产", [("宁波年产10万吨绿色甲醇项目", "Project")]),
        ("建设年产10万吨绿色甲醇项目", []),
        # a company's own committee, also after its head office, is no body of its own
        ("青禾能源集团总部党委书记王立新出席", [("青禾能源集团", "Enterprise")]),
        # a phase between a project's name and 项目 goes on with that name
        ("宁波青峰风电场二期项目并网发电", [("宁波青峰风电场二期项目", "Project")]),
        # doing together and a verb is the predicate before a name, not part of it
        ("双方将在宁波市合作开发青禾储能电站项目", [("青禾储能电站项目", "Project")]),
        ("双方将在宁波市共同建设青禾储能电站项目", [("青禾储能电站项目", "Project")]),
        ("浙江石化产业发展迅速", []),
        # an industrial park is a place; a project named after it takes it in
        ("推进宁波青峰工业园区绿色供电项目建设", [("宁波青峰工业园区", "Region"), ("宁波青峰工业园区绿色供电项目", "Project")]),
        ("绍兴市上虞区人民政府与青禾集团签约", [("绍兴市上虞区人民政府", "GovernmentBody"), ("青禾集团", "Enterprise")]),
        ("加快建设宁波新材料检测检验中心", [("宁波新材料检测检验中心", "Project")]),
        ("青禾集团有限公司与松岭能源科技有限公司签订合同",
         [("青禾集团有限公司", "Enterprise"), ("松岭能源科技有限公司", "Enterprise")]),
        # a region in brackets inside a name: a verb-like word after it stays in the name, and it anchors
        # a generic ending; a legal form after a name found already ends that name
        ("碳汇量经松岭联合(杭州)认证中心核证", [("松岭联合(杭州)认证中心", "Enterprise")]),
        ("审定机构为松岭绿色(宁波)认证中心有限公司", [("松岭绿色(宁波)认证中心有限公司", "Enterprise")]),
        ("宁波碳汇交易中心有限公司发布公告", [("宁波碳汇交易中心有限公司", "Enterprise")]),
        ("产品已通过质量认证中心审核", []),  # a generic ending with no name before it
        # a group's short name before the region a company's name opens with; a clause's word is none
        ("。松能宁波热电有限责任公司完成改造", [("松能宁波热电有限责任公司", "Enterprise")]),
        ("双方与青禾杭州科技有限公司签约", [("青禾杭州科技有限公司", "Enterprise")]),
        ("会上，青网浙江省电力公司签约", [("青网浙江省电力公司", "Enterprise")]),  # …and before 公司 alone
        ("与浙江省电力公司签约", [("浙江省电力公司", "Enterprise")]),
        ("会上宁波热电有限公司作了发言", [("宁波热电有限公司", "Enterprise")]),
        ("，加快宁波热电有限公司改造", [("宁波热电有限公司", "Enterprise")]),
        # 国家森林公园, 国家级自然保护区: a national designation makes the place's name a proper one
        ("游客走进青峰国家森林公园徒步", [("青峰国家森林公园", "Region")]),
        ("旅客在离境口岸办理退税，货物从青峰口岸出境", [("青峰口岸", "Region")]),  # a kind of port names none
        ("碳汇来自开化县国有林场", [("开化县国有林场", "Region")]),  # …but after its county, the county's one
        # a farm or town that signs after 与 is a named side of the deal; a kind of farm signs as none
        ("青禾集团与茶山林场签订合作协议", [("青禾集团", "Enterprise"), ("茶山林场", "Region")]),
        ("青禾集团与柳岔河镇正式签约", [("青禾集团", "Enterprise"), ("柳岔河镇", "Region")]),
        ("青禾集团与国有林场签订合作协议", [("青禾集团", "Enterprise")]),
        # … and so is a farm a deal buys from (购买, 认购, 向 before it)
        ("青禾集团认购茶山林场林业碳汇1万吨", [("青禾集团", "Enterprise"), ("茶山林场", "Region")]),
        ("青禾集团向茶山林场购买林业碳汇", [("青禾集团", "Enterprise"), ("茶山林场", "Region")]),
        ("青禾集团购买国有林场碳汇", [("青禾集团", "Enterprise")]),
        ("企业主要向中小城镇销售", []),  # 向 with no buying verb after the name: towards, no deal
        # a word that opens a list or an example is no part of the name after it
        ("签约项目包括青禾集团的光伏项目", [("青禾集团", "Enterprise")]),
        # jieba's guesser fuses 由 or 即 with a name's first characters (由青禾 as one word): the name starts after it
        ("该项目由青禾集团投资", [("青禾集团", "Enterprise")]),
        ("即青禾集团与宁海县人民政府签约", [("青禾集团", "Enterprise"), ("宁海县人民政府", "GovernmentBody")]),
        ("本次活动包括青禾集团和松岭科技有限公司", [("青禾集团", "Enterprise"), ("松岭科技有限公司", "Enterprise")]),
        ("推进泰山、黄河国家文化公园建设", [("黄河国家文化公园", "Project")]),  # a place's own name before 国家
        ("推进温州瓯江口新区储能电站项目建设",  # 瓯江 + 口 is a place; 某地新区 a zone
         [("温州瓯江口新区", "Region"), ("温州瓯江口新区储能电站项目", "Project")]),
        ("该国家森林公园占地很大", []),
        ("致周平同志松岭能源公司的一封信", [("松岭能源公司", "Enterprise")]),
        # the quotes hold a whole name, whatever its words would say of a clause; a quoted title is no place
        ("上线“登高红树林碳汇惠农项目”和“青峰金钟藤修复项目”", [("登高红树林碳汇惠农项目", "Project"), ("青峰金钟藤修复项目", "Project")]),
        ("荣获“中国木艺之乡”称号", []),
        # a project's stem of common words alone says what kind it is and names none; a place, a word the
        # dictionary does not know or a national designation names one
        ("通过实施沙化土地治理项目,栽植", []),
        ("启动草原碳汇CCER项目开发", []),
        ("开工建设青峰岭生态修复项目", [("青峰岭生态修复项目", "Project")]),
        ("青禾集团承建的松岭抽水蓄能电站项目稳步推进", [("青禾集团", "Enterprise"), ("松岭抽水蓄能电站项目", "Project")]),
        ("目前在建的松岭风电场项目进展顺利", [("松岭风电场项目", "Project")]),  # 承建, 在建: being built
        ("推进国家草业技术创新中心建设", [("国家草业技术创新中心", "Project")]),
        # an industry word after a place is a company's short name (宁波钢铁, 珠海某某电器); 股份制 is no name
        ("宁波钢铁党委书记王立新出席", [("宁波钢铁", "Enterprise")]),
        ("珠海青禾电器董事长表示", [("珠海青禾电器", "Enterprise")]),
        ("宁波股份制改革", []),
        ("与宁波青峰环保工程有限公司签约", [("宁波青峰环保工程有限公司", "Enterprise")]),  # 工程 + a legal form: a company
        # a body's stem of common words alone names no body (认真贯彻 + 省委); a region's word does (自治区党委)
        ("要认真贯彻省委决策部署", []),
        ("钱江源国家公园地处开化县", [("钱江源国家公园", "Region")]),  # a national park is a named area
        ("自治区党委统战部部长出席", [("自治区党委", "GovernmentBody"), ("自治区党委统战部", "GovernmentBody")]),  # 同志 after a person is in no name
        # a village's party branch is the place's own body; a company's committee is the company
        ("宁海县力洋镇东岙村党支部书记介绍", [("力洋镇", "Region"), ("力洋镇东岙村党支部", "GovernmentBody")]),
        ("松岭集团党委书记出席", [("松岭集团", "Enterprise")]),
        # an institute incorporated as a company: its legal form ends the name (a group's subsidiary after it)
        ("松岭电建集团华东勘测设计研究院有限公司签约", [("松岭电建集团华东勘测设计研究院有限公司", "Enterprise")]),
        ("宁海县林业科学研究院有限公司签约", [("宁海县林业科学研究院有限公司", "Enterprise")]),
        # a government's own commission or office, written after it, is one body (a provincial SASAC's full name)
        ("浙江省人民政府国有资产监督管理委员会印发通知", [("浙江省人民政府国有资产监督管理委员会", "GovernmentBody")]),
        # 政法委 is an ending, but 政法委 + 员会 is 委员会: the committee's full name, one body
        ("宁海县委政法委员会召开会议", [("宁海县委", "GovernmentBody"), ("宁海县委政法委员会", "GovernmentBody")]),
    ],
)
def test_names_by_their_endings(text, expected):
    assert _names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "该局局长表示",  # 局 followed by 长: a title, not an ending
        "相关单位和部门",  # generic nouns
        "2023年项目",  # a date is no name
        "推进城乡融合发展",  # 城乡 is a common word, not a township
        "相关职能部门和属地党委政府",  # 和 joins two kinds of body, inside no name
        "国有林场和集体林场",  # 和 after a place's ending joins two kinds of place
        "各试点碳交易所积极参与",  # every one of a kind names none
        "企业办理海关手续",  # customs as a kind, after no place
        "支持重点旗县运输和通用机场建设",  # 和 joins two works to be done, before a kind of place
        "加快铁矿开发建设和提钒转炉项目",  # 和 joins two works, the second a kind of project
        "全国首单竹林碳汇项目签约",  # the first of a kind (首单, 首例, 首个) names none
        "构建以国家公园为主体的自然保护地体系",  # national parks as a kind
        "两大集团将在新能源领域深化合作",  # a count of a kind (两大, 三家, 多个) names none
        "三家公司联合发布报告",
    ],
)
def test_no_name_where_the_ending_is_no_ending(text):
    assert _names(text) == []


def test_a_route_name_joins_its_places():
    assert _names("推进温州至衢州铁路建设") == [("温州至衢州铁路", "Project")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("推进青禾松江新能源产业园(光储一体化)一期项目建设", [("青禾松江新能源产业园(光储一体化)一期项目", "Project")]),
        ("签约青禾松江新能源产业园(光储一体化)项目", [("青禾松江新能源产业园(光储一体化)项目", "Project")]),
        # verbs in a row say what a project does (综合应用示范): the first, after the place, is in the name
        ("推进开化县氢能综合应用示范项目建设", [("开化县氢能综合应用示范项目", "Project")]),
    ],
)
def test_a_bracket_and_a_phase_inside_a_project_name(text, expected):
    assert _names(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("图为青禾集团董事长与嘉宾合影", [("青禾集团", "Enterprise")]),  # a photo caption's opening
        ("买方松岭能源有限公司与卖方开化县林业局签约",
         [("松岭能源有限公司", "Enterprise"), ("开化县林业局", "GovernmentBody")]),  # a side's role
        ("甲方青禾集团", [("青禾集团", "Enterprise")]),
        # a verb of taking up a post, whole (曾任) or fused by jieba with the name's first word (任青禾)
        ("他曾任青禾集团副总经理", [("青禾集团", "Enterprise")]),
        ("柴明远任青禾集团董事长", [("青禾集团", "Enterprise")]),
        ("任丘市林业局发布通知", [("任丘市林业局", "GovernmentBody")]),  # a place's 任 stays
        # the word after another name is its predicate; where a project settles is a place
        ("开化县青禾光伏电站项目落户华埠镇", [("开化县青禾光伏电站项目", "Project"), ("华埠镇", "Region")]),
    ],
)
def test_words_before_a_name_that_are_no_part_of_it(text, expected):
    assert _names(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("国际竹藤组织代表参观", ["国际竹藤组织"]),
        ("联合国开发计划署官员出席", ["联合国开发计划署"]),
        ("国际组织代表出席", []),  # the kind, no name
        ("加强基层党组织建设", []),  # no international opener: a kind of organisation
        ("青禾国际物流组织了活动", []),  # 国际 inside a company's name, 组织 a verb
    ],
)
def test_international_organisations_by_opener_and_ending(text, expected):
    from kg.nlp.rules import find_international

    assert [text[c.start:c.end] for c in find_international(text, word_spans(text))] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # an academy's short name: 科学院 cut to 科院 after its field (林科院, 农科院)
        ("中国林科院和浙江省农科院专家参加", [("中国林科院", "Organization"), ("浙江省农科院", "Organization")]),
        ("宁海县委党校副校长授课", [("宁海县委党校", "Organization")]),  # a party committee's school
        ("全市各级党校要加强建设", []),  # the kind, no name
    ],
)
def test_academies_and_party_schools(text, expected):
    assert _names(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a continent anchors a generic ending as a country does
        ("亚洲青禾银行向项目提供贷款", [("亚洲青禾银行", "Enterprise")]),
        ("松岭开发银行向项目提供贷款", []),  # no opener of a proper name: the generic ending alone is no name
        # charities by their endings
        ("宁海县红十字会、宁海县慈善总会开展救助", [("宁海县红十字会", "Organization"), ("宁海县慈善总会", "Organization")]),
    ],
)
def test_continents_and_charities(text, expected):
    assert _names(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # 开发, 建设 right before the ending are the project's own nouns
        ("宁海县竹林碳汇开发项目通过审定", [("宁海县竹林碳汇开发项目", "Project")]),
        ("宁海县在建项目三十个", []),  # 在建 stays a verb: projects of a kind, no name
        # a verb before the name still ends the walk, and anchors the name
        ("开工建设宁海抽水蓄能项目", [("宁海抽水蓄能项目", "Project")]),
    ],
)
def test_nouns_of_building_before_a_projects_ending(text, expected):
    assert _names(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a town's own head or committee after its name anchors it, wherever it stands in the sentence
        ("副县长柴明远、力洋镇镇长贺文杰出席", [("力洋镇", "Region")]),
        ("会上，长街乡党委书记邱晓介绍情况", [("长街乡", "Region"), ("长街乡党委", "GovernmentBody")]),
        ("会上，各乡镇负责人介绍情况", []),  # the kind of place, no name
    ],
)
def test_a_town_before_its_own_head_is_named(text, expected):
    assert _names(text) == expected


def test_a_verb_right_after_an_organisations_ending_is_its_predicate():
    # 设在 after 办公室 is what the office does: the bare 县林业局 after it is no part of the office's name
    assert _names("宁海县碳汇工作领导小组办公室设在县林业局") == [("宁海县碳汇工作领导小组办公室", "GovernmentBody")]


@pytest.mark.parametrize(
    "text, expected",
    [
        # the ending jieba cuts into words (融媒体 | 中心, 研究 | 中心): 联合 after it is what it does
        ("宁海县融媒体中心联合青禾集团有限公司开展活动",
         [("宁海县融媒体中心", "Organization"), ("青禾集团有限公司", "Enterprise")]),
        ("宁海县碳汇研究中心联合青禾科技有限公司开展培训",
         [("宁海县碳汇研究中心", "Organization"), ("青禾科技有限公司", "Enterprise")]),
        ("松岭集团投资有限公司发布公告", [("松岭集团投资有限公司", "Enterprise")]),  # a subsidiary's trade
    ],
)
def test_a_verb_after_an_ending_of_several_words_is_its_predicate(text, expected):
    assert sorted(_names(text)) == sorted(expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        # jieba cuts 出让给 into 出 | 让给: what is handed over (…给) is no part of the buyer's name
        ("宁海县将碳汇量以80万元的价格出让给青禾新材料有限公司", [("青禾新材料有限公司", "Enterprise")]),
        ("宁海县将碳汇量出让给青禾新材料有限公司", [("青禾新材料有限公司", "Enterprise")]),
        ("据宁海县热力供给有限公司介绍", [("宁海县热力供给有限公司", "Enterprise")]),  # 供给 (supply) is a noun
    ],
)
def test_what_is_handed_over_to_a_company_is_no_part_of_its_name(text, expected):
    assert _names(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a university's school or institute is written after it as one name, two fields joined by 与 in it
        ("松岭大学生态学院教授出席", [("松岭大学生态学院", "Organization")]),
        ("松岭大学碳汇与林业经济研究所发布报告", [("松岭大学碳汇与林业经济研究所", "Organization")]),
        ("中国林科院森林生态研究所专家参加", [("中国林科院森林生态研究所", "Organization")]),
        ("松岭大学林学院师生参加", [("松岭大学林学院", "Organization")]),  # a school of one field's character
        # two names joined by 与 or 和 stay two
        ("松岭大学与青禾研究院签约", [("松岭大学", "Organization"), ("青禾研究院", "Organization")]),
        ("松岭大学和青禾研究院签约", [("松岭大学", "Organization"), ("青禾研究院", "Organization")]),
    ],
)
def test_a_universitys_school_after_it_is_one_name(text, expected):
    assert _names(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("浙江省水利厅水土保持处负责人说。", [("浙江省水利厅水土保持处", "GovernmentBody")]),  # a division of its own
    # 与 may join two fields in a division's name, and a place's short form (合作) inside it is no other name
    ("生态环境部国际合作与交流司有关负责人说。", [("生态环境部国际合作与交流司", "GovernmentBody")]),
    # 携 + 某某科技公 + 司 after a bureau looks like a division, but a company begins inside it
    ("宁海县林业局携松岭科技公司、青禾集团签署协议。",
     [("宁海县林业局", "GovernmentBody"), ("松岭科技公司", "Enterprise"), ("青禾集团", "Enterprise")]),
])
def test_a_division_after_a_body_holds_no_other_name(text, expected):
    w = word_spans(text)
    regions = find_regions(text, w)
    found = regions + find_bodies(text, w) + find_named_by_suffix(text, w, regions)
    assert [(text[c.start:c.end], c.type.value) for c in with_divisions(text, found)
            if c.type.value != "Region"] == expected


def test_a_place_jieba_knows_or_guesses_opens_a_project_name(extract):
    # 柳岔河: no gazetteer place, but jieba's tagger takes it for a place's name (ns), as it does a river's
    for text, name in [("据了解，柳岔河光伏发电项目年内并网。", "柳岔河光伏发电项目"),
                       ("该县已建成柳岔河电站。", "柳岔河电站")]:
        assert name in {m.key for m in extract(text).mentions if m.type.value == "Project"}
    # common words before the ending are still a kind of project, not a name
    assert not [m for m in extract("全县掀起重点光伏发电项目建设热潮。").mentions if m.type.value == "Project"]
    # jieba tags kinds of land as places too (海洋, 山区): before an ending they say what kind it is
    for text in ["全省海洋碳汇项目取得进展。", "山区光伏发电项目建设提速。"]:
        assert not [m for m in extract(text).mentions if m.type.value == "Project"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # jieba cuts 碳中 | 和: the 和 inside the field's word joins nothing, so the walk goes on through it
        ("青禾碳中和科技有限公司签约", [("青禾碳中和科技有限公司", "Enterprise")]),
        ("宁海县人民政府与松岭碳达峰碳中和研究院合作", [("宁海县人民政府", "GovernmentBody"),
                                                  ("松岭碳达峰碳中和研究院", "Organization")]),
        ("浙江大学碳中和研究院发布报告", [("浙江大学碳中和研究院", "Organization")]),
        # …while the field alone names a kind, a verb before it is no school's name, and a project's walk stops
        ("宁海县成立首家碳中和研究院", []),
        ("青禾集团与浙江大学共建碳中和研究院", [("青禾集团", "Enterprise"), ("浙江大学", "Organization")]),
        ("宁海县前期碳中和项目成效明显", []),
    ],
)
def test_a_domain_word_that_jieba_cuts_is_read_whole_in_a_name(text, expected):
    assert _names(text) == expected


@pytest.mark.parametrize("text", [
    "宁波青禾股权投资合伙企业(有限合伙)",  # the rules read the NFKC text, with its brackets half-width
    "宁海松岭碳汇开发合伙企业(普通合伙)",
])
def test_a_partnership_is_named_with_its_legal_form(text):
    # 合伙企业法 (2006): a partnership's name says 有限合伙 or 普通合伙 in brackets after 合伙企业
    assert _names(f"{text}认购碳汇") == [(text, "Enterprise")]


@pytest.mark.parametrize("text, expected", [
    ("宁海县分布式光伏开发试点项目启动", "宁海县分布式光伏开发试点项目"),
    ("宁海县茶山林场碳汇开发示范项目启动", "宁海县茶山林场碳汇开发示范项目"),
])
def test_a_noun_of_doing_before_the_projects_kind_belongs_to_the_name(text, expected):
    # 开发 is a verb the walk stops at, except as a noun inside the name: right before the ending, or before
    # only the words of the project's kind (试点, 示范)
    assert (expected, "Project") in _names(text)


@pytest.mark.parametrize("text", ["项目落户宁海经济开发区。", "企业入驻宁海经济开发区。"])
def test_a_verb_of_settling_is_no_part_of_the_place_after_it(text):
    # 落户, 入驻, 选址 …: what settles is before the verb, the place's own name after it
    assert _names(text) == [("宁海经济开发区", "Region")]


@pytest.mark.parametrize("text, expected", [
    ("项目位于宁海县跃龙街道。", [("跃龙街道", "Region")]),  # a subdistrict, township-level, after its county
    ("宁海县跃龙街道办事处召开会议", [("跃龙街道", "Region"), ("跃龙街道办事处", "GovernmentBody")]),
    ("宁海县街道两旁绿树成荫。", []),  # the county's streets: a county's full name is no township's
    ("在宁波主要街道两旁种植树木。", []),  # streets described, no subdistrict
    ("笔者对宁海县乡、村两级进行了采访。", []),  # the county's townships, as a kind
])
def test_subdistricts_are_townships_and_streets_are_not(text, expected):
    assert _names(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("宁波市青年企业家联合会成立", ("宁波市青年企业家联合会", "Organization")),
    ("宁波市青年创业园项目开工", ("宁波市青年创业园项目", "Project")),
    ("青禾集团与世界自然基金会签约", ("世界自然基金会", "Organization")),  # 自然, tagged an adverb
])
def test_words_jieba_tags_a_time_or_an_adverb_stand_inside_names(text, expected):
    # jieba tags 青年 a time word, and it ends in 年 like a date: inside a name it is whom the body is for
    assert _names(text)[-1] == expected


@pytest.mark.parametrize("text, expected", [
    ("阿拉善盟行政公署与青禾集团签约", "阿拉善盟行政公署"),
    ("大兴安岭地区行署副专员贺文杰出席", "大兴安岭地区行署"),
])
def test_a_prefectures_government_sent_by_its_province_is_a_body(text, expected):
    # 行政公署 (行署): a league's or a prefecture's government, named after its place
    assert (expected, "GovernmentBody") in _names(text)
    assert _names("他在行署工作") == []


@pytest.mark.parametrize("text, expected", [
    ("宁海青禾汽车销售服务有限公司是松岭集团的子公司", "宁海青禾汽车销售服务有限公司"),
    ("宁海县青禾拍卖有限公司签约", "宁海县青禾拍卖有限公司"),
    ("青禾集团以挂牌方式购得松岭科技有限公司碳汇", "松岭科技有限公司"),  # a deal's verb still ends the walk
])
def test_a_line_of_business_named_like_a_deal_stays_in_the_name(text, expected):
    # 销售, 拍卖, 采购 name what a company does (DuIE dev showed 某某汽车销售服务有限公司 cut after 销售)
    assert (expected, "Enterprise") in _names(text)


@pytest.mark.parametrize("text", ["青禾集团下属子公司松岭科技有限公司签约", "青禾集团全资子公司松岭科技有限公司签约"])
def test_a_subsidiary_written_as_such_is_named_apart_from_its_group(text):
    # 子公司 says whose company it is: no part of the name after it, no name of its own
    assert _names(text) == [("青禾集团", "Enterprise"), ("松岭科技有限公司", "Enterprise")]


def test_a_joining_word_jieba_fused_with_the_name_before_ends_the_walk():
    # jieba cuts 某城投与青禾集团 as 某城 | 投与 | 青禾 | 集团: the 与 still joins two names
    assert _names("宁海城投与青禾集团签订合作协议") == [("青禾集团", "Enterprise")]


@pytest.mark.parametrize("text, expected", [
    ("从化区林业局发布通知", "从化区林业局"),  # 从, 将, 于 open no name — but they open these places' names
    ("将乐县人民政府与青禾集团签约", "将乐县人民政府"),
    ("于都县林业局发布通知", "于都县林业局"),
    ("五大连池市人民政府发布通知", "五大连池市人民政府"),  # 五大 is no count of a kind here
    ("山海关区人民政府发布通知", "山海关区人民政府"),  # 海关 inside the place's name is no customs house
])
def test_a_place_whose_name_opens_with_a_function_word_still_opens_a_body(text, expected):
    assert _names(text)[0] == (expected, "GovernmentBody")
    assert _names("及宁海县人民政府")[0] == ("宁海县人民政府", "GovernmentBody")  # 及 before a place still goes


def test_every_places_government_and_bureau_are_read_whole():
    # a sweep of the gazetteer: each county-level or higher place opens its own bodies' names, whatever its
    # characters (从化区, 五大连池市, 山海关区); only the place names that are ordinary words are left alone
    from kg.nlp.lexicon import lexicon
    from kg.regions import gazetteer

    generic = lexicon().words("generic_region_names")
    places = sorted({r.name for rs in gazetteer().by_name.values() for r in rs if r.level in ("县级", "地级", "省级")})
    missed = [p + body for p in places if p not in generic for body in ("人民政府", "林业局")
              if (p + body, "GovernmentBody") not in _names(f"{p}{body}发布通知")]
    assert len(places) > 3000 and missed == []


def test_every_autonomous_prefectures_party_committee_is_read_by_its_short_form():
    # 某某州委 (the prefecture's short form + 委): the 30 autonomous prefectures' committees, as news writes them
    from kg.regions import gazetteer

    shorts = sorted({k for k, rs in gazetteer().by_name.items()
                     if k.endswith("州") and any(r.name.endswith("自治州") and r.name != k for r in rs)})
    missed = [k for k in shorts if (k + "委", "GovernmentBody") not in _names(f"{k}委书记贺文杰出席会议")]
    assert len(shorts) >= 30 and missed == []
    assert ("青禾集团", "Enterprise") in _names("杭州委托青禾集团开展研究")  # 委托 ends no body's name
    assert not any(n.startswith("杭州") for n, _ in _names("杭州委托青禾集团开展研究"))


def test_a_banners_short_form_keeps_its_unit_and_names_the_banner():
    # 莫旗 (莫力达瓦达斡尔族自治旗), 准旗 (准格尔旗): a short form that still ends in 旗 is the banner's, not a word
    assert _names("莫旗人民政府发布通知") == [("莫旗人民政府", "GovernmentBody")]
    assert _names("准旗林业局发布通知") == [("准旗林业局", "GovernmentBody")]
