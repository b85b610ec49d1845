"""Names cut to what they are (kg/nlp/refine/names.py)."""

from __future__ import annotations


def test_a_name_does_not_start_with_the_verb_before_it(extract):
    ex = extract("浙江青禾能源有限公司认购开化县竹林碳汇示范项目的全部碳汇。")
    assert "开化县竹林碳汇示范项目" in {m.key for m in ex.mentions}
    assert not any(m.key.startswith("认购") for m in ex.mentions)


def test_modifiers_categories_and_clause_words_are_not_names(extract):
    ex = extract("业务由所属青禾能源股份公司操作。该集团设有子公司。浙江青禾能源集团长期以来给予汉江商业银行支持。")
    keys = {m.key for m in ex.mentions}
    assert "青禾能源股份公司" in keys and "所属青禾能源股份公司" not in keys
    assert "子公司" not in keys
    assert not any("长期以来" in k for k in keys)


def test_a_company_under_a_group_written_after_it_is_a_name_of_its_own(extract):
    ex = extract("松岭控股集团旗下青禾环保公司中标该项目。")
    assert {"松岭控股集团", "青禾环保公司"} <= {m.key for m in ex.mentions}
    assert not any("旗下" in m.key for m in ex.mentions)


def test_a_commissioned_company_is_named_after_the_verb(extract):
    # jieba's dictionary tags 委托 as a noun, so the walk back from 有限公司 runs through it
    ex = extract("该项目委托青禾联合(杭州)科技有限公司开展核证。")
    keys = {m.key for m in ex.mentions if m.type.is_org}
    assert "青禾联合(杭州)科技有限公司" in keys and not any("委托" in k for k in keys)


def test_yu_after_a_name_is_not_part_of_it(extract):
    ex = extract("浙江青禾能源有限公司董事长李晓与副省长王明会谈。")
    assert {m.key for m in ex.mentions if m.type.is_person} >= {"李晓"}
    assert "李晓与" not in {m.key for m in ex.mentions}


def test_a_verb_that_may_open_a_name_is_the_verb_before_a_region(extract):
    ex = extract("研究院联合杭州师范大学开展监测。")
    keys = {m.key for m in ex.mentions}
    assert "杭州师范大学" in keys and "联合杭州师范大学" not in keys
    from kg.nlp.lexicon import lexicon
    from kg.nlp.refine.names import _verb_before_region

    assert _verb_before_region("联合石化有限公司", lexicon()) is None  # no region after it: a name's start
    assert _verb_before_region("联合杭州师范大学", lexicon()) == "联合"


def test_a_conjunction_before_an_organisations_name_ends_a_persons_name(extract):
    ex = extract("宁波市人民政府召开会议。常务副市长孙立和青禾集团董事长李明轩代表双方签字。")
    posts = {(p.holder.key, p.organization.key, p.title) for p in ex.posts}
    assert ("孙立", "宁波市人民政府", "常务副市长") in posts
    assert ("李明轩", "青禾集团", "董事长") in posts
    ex = extract("青禾集团董事长王永和出席会议。")  # a given name ending in 和, with no name after it
    assert "王永和" in {m.key for m in ex.mentions if m.type.is_person}
