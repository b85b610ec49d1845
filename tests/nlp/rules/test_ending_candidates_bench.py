"""benchmarks/ending_candidates.py proposes the name endings CLUENER-style spans close with."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from kg.nlp.corpora import Sentence

_PATH = Path(__file__).resolve().parents[3] / "benchmarks" / "ending_candidates.py"
_spec = importlib.util.spec_from_file_location("ending_candidates", _PATH)
ending_candidates = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ending_candidates)


def _row(text: str, label: str, *names: str) -> Sentence:
    return Sentence(text, tuple((text.index(n), text.index(n) + len(n), label) for n in names))


def test_an_unlisted_ending_is_counted_with_how_often_it_closes_a_name():
    rows = [
        _row("青禾拍卖行和松岭拍卖行宣布合作", "company", "青禾拍卖行", "松岭拍卖行"),
        _row("他去拍卖行看了看", "company"),  # the ending written alone closes no name
        _row("青禾集团有限公司发布公告", "company", "青禾集团有限公司"),  # a listed ending: not counted
        _row("绵阳市碳汇研究会成立", "organization", "绵阳市碳汇研究会"),
    ]
    found = {e: (typ, n, share) for e, typ, n, share in ending_candidates.candidates(rows, {"有限公司"}, 2)}
    typ, n, share = found["拍卖行"]
    assert (typ, n) == ("Enterprise", 2) and abs(share - 2 / 3) < 1e-9
    assert "公司" not in found and "研究会" not in found  # one span is fewer than the two asked for


def test_the_listed_endings_come_from_the_data_file():
    known = ending_candidates.known_endings()
    assert {"有限公司", "研究会", "派出所"} <= known
