"""How rule candidates and the statistical model's spans are merged (kg/nlp/components.py)."""

from __future__ import annotations

from spacy.tokens import Span

from kg.nlp.components import EntityMerger, RulesComponent


def _merged(rules, text: str, model_spans: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The entities chosen for *text* when the model proposes *model_spans* (surface, CLUENER label)."""
    doc = RulesComponent()(rules.make_doc(text))
    doc.ents = [Span(doc, text.index(s), text.index(s) + len(s), label=label) for s, label in model_spans]
    return [(sp.text, sp.label_) for sp in EntityMerger()(doc).spans["kg_entities"]]


def test_a_model_span_extends_a_rule_name_with_a_groups_name(rules):
    text = "华青能源宁波热电有限责任公司完成改造。"  # the rules alone start the name at the city
    assert ("宁波热电有限责任公司", "Enterprise") in _merged(rules, text, [])
    found = _merged(rules, text, [("华青能源宁波热电有限责任公司", "company")])
    assert ("华青能源宁波热电有限责任公司", "Enterprise") in found


def test_a_city_before_a_national_name_stays_out_of_it(rules):
    found = _merged(rules, "推介会在杭州全国农业展览馆开幕。", [("杭州全国农业展览馆", "organization")])
    assert ("全国农业展览馆", "Organization") in found
    assert ("杭州", "Region") in found


def test_a_model_span_does_not_take_a_role_noun_into_an_organisations_name(rules):
    text = "重要嘉宾宁波青峰工业园区管理委员会主任王立出席。"
    found = _merged(rules, text, [("嘉宾宁波青峰工业园区管理委员会", "government")])
    assert ("宁波青峰工业园区管理委员会", "GovernmentBody") in found


def test_a_model_span_does_not_swallow_another_name_the_rules_found(rules):
    # 某局 + 组织 (organised, a verb) + 某集团: two names; the model's one span over both takes neither
    text = "宁海县农业农村局组织青禾集团与松岭科技有限公司签订合作协议。"
    found = _merged(rules, text, [("宁海县农业农村局组织青禾集团", "company")])
    assert ("宁海县农业农村局", "GovernmentBody") in found
    assert ("青禾集团", "Enterprise") in found
    # a national body written right before its own body at a place is one name with it; right before
    # another national body, two bodies written together
    text = "全国人民代表大会宁海县筹备委员会召开会议。"
    assert ("全国人民代表大会宁海县筹备委员会", "GovernmentBody") in _merged(
        rules, text, [("全国人民代表大会宁海县筹备委员会", "government")])
    text = "中央纪委国家监委发布通报。"
    assert ("中央纪委国家监委", "GovernmentBody") not in _merged(rules, text, [("中央纪委国家监委", "government")])


def test_a_model_span_of_every_one_or_a_count_of_a_kind_is_no_name(rules):
    # 各 (every) or a numeral with a measure word (两大, 三家) opens a kind of organisation, never a name
    assert _merged(rules, "各县区政府要加强领导。", [("各县区政府", "government")]) == []
    assert not [e for e in _merged(rules, "两大集团将深化合作。", [("两大集团", "company")]) if e[1] == "Enterprise"]
    assert ("青禾集团", "Enterprise") in _merged(rules, "青禾集团将深化合作。", [("青禾集团", "company")])


def test_a_model_span_of_a_kind_of_bank_or_government_is_no_name(rules):
    # 商业 (commercial), 地方 (local): a kind before the ending; a place before it names one
    assert _merged(rules, "商业银行推出碳汇贷款。", [("商业银行", "company")]) == []
    assert _merged(rules, "地方政府加大支持。", [("地方政府", "government")]) == []
    assert ("青禾银行", "Enterprise") in _merged(rules, "青禾银行推出碳汇贷款。", [("青禾银行", "company")])


def test_a_model_read_name_that_acts_in_the_report_is_an_official(rules):
    # no post beside the name: a person named in the report who speaks or attends is read as an official
    assert ("柴明远", "Official") in _merged(rules, "松岭集团成立于2001年。柴明远说，公司将加大投入。",
                                             [("柴明远", "name")])
    # credited for the report, or named by a role that is no post: a person
    assert ("贺文杰", "Person") in _merged(rules, "（记者 贺文杰）松岭集团将加大投入。", [("贺文杰", "name")])
    assert ("贺文杰", "Person") in _merged(rules, "工作人员贺文杰介绍，现场已清理。", [("贺文杰", "name")])
