"""benchmarks/title_names.py counts what the post-title rule reads against CLUENER-style spans."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from kg.nlp.corpora import Sentence

_PATH = Path(__file__).resolve().parents[3] / "benchmarks" / "title_names.py"
_spec = importlib.util.spec_from_file_location("title_names", _PATH)
title_names = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(title_names)


def _row(text: str, position: str, name: str) -> Sentence:
    p, n = text.index(position), text.index(name)
    return Sentence(text, ((p, p + len(position), "position"), (n, n + len(name), "name")))


def test_exact_wrong_end_and_missed_names_are_told_apart():
    rows = [
        _row("青禾银行副行长周立和松岭集团代表出席", "副行长", "周立"),  # read exactly
        _row("总经理周平安出席", "总经理", "周平"),  # the rule reads 周平安: a wrong end
        _row("他是青禾公司员工周平", "员工", "周平"),  # 员工 is no post title: no pair
    ]
    counts = title_names.measure(rows)
    assert counts["pairs"] == 2
    assert (counts["exact"], counts["wrong_end"], counts["missed"]) == (1, 1, 0)
    assert (counts["read"], counts["not_cluener"]) == (2, 1)
