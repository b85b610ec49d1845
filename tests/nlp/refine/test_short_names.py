"""Short names (kg/nlp/refine/short_names.py)."""

from __future__ import annotations

from kg.model import EventKind
from tests.nlp.conftest import parties


def test_the_country_before_an_ordinary_word_stays_the_country(extract):
    ex = extract("中国经济持续恢复,中国企业积极参与全国碳市场。")
    assert not any(m.key in ("中国经济", "中国企业") for m in ex.mentions)


def test_a_declared_short_name_names_the_same_organisation_later(extract):
    ex = extract("青禾环境能源交易中心(以下简称“青禾能交中心”)发布公告。青禾能交中心表示将扩大交易。\n")
    assert ex.aliases == {"青禾能交中心": "青禾环境能源交易中心"}
    later = [m for m in ex.mentions if m.key == "青禾能交中心"]
    assert later and all(m.type.is_org for m in later)


def test_a_bracketed_other_name_is_recorded(extract):
    ex = extract("温州市青石贸易有限公司(青石商贸公司)等7家退税商店完成备案。\n")
    assert ex.aliases == {"青石商贸公司": "温州市青石贸易有限公司"}


def test_a_company_named_in_full_goes_by_its_name_without_the_legal_form(extract):
    ex = extract("## 浙江与青禾电网签署协议\n\n浙江省人民政府与青禾电网有限公司签署战略合作协议。\n")
    short = [m for m in ex.mentions if m.key == "青禾电网"]
    assert short and all(m.type.value == "Enterprise" for m in short)
    assert {"浙江", "青禾电网"} in parties(ex, EventKind.AGREEMENT)


def test_a_declared_short_name_before_its_own_committee_is_the_company(extract):
    # 某某党委 after a company's declared short name is the company's own committee: its secretary holds his
    # post in the company, and no government body of that name is made
    ex = extract("青禾集团与宁波松岭科技有限公司（以下简称“松岭科技”）签约。松岭科技党委书记、董事长柴明远出席。\n")
    assert not any(m.key == "松岭科技党委" for m in ex.mentions)
    assert {(p.holder.key, p.organization.key) for p in ex.posts} >= {("柴明远", "松岭科技")}
