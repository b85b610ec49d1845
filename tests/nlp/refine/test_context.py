"""The place a document is about, and bodies written without it (kg/nlp/refine/context.py)."""

from __future__ import annotations


def test_bare_bodies_take_the_city_the_document_is_about(extract):
    ex = extract("杭州市临安区召开会议。由杭州市委统战部牵头,市总工会参与。杭州市科技局发布。\n")
    union = [m for m in ex.mentions if m.text == "市总工会"]
    assert [m.key for m in union] == ["杭州市总工会"]
    assert ex.context_city == "330100" and ex.context_province == "330000"


def test_bare_bodies_without_a_place_are_left_out(extract):
    ex = extract("会议由市委主持。\n")
    assert not [m for m in ex.mentions if m.key.startswith("市委")]


def test_a_bare_autonomous_region_names_the_region_of_the_document(extract):
    ex = extract("广西壮族自治区南宁市召开会议。自治区将加快发展。\n")
    bare = [m for m in ex.mentions if m.key == "自治区"]
    assert bare and all(m.region_code == "450000" for m in bare)
