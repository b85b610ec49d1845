"""benchmarks/cluener_orgs.py counts CLUENER's organisation spans the pipeline finds (rules-only here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from kg.nlp.corpora import Sentence

_PATH = Path(__file__).resolve().parents[3] / "benchmarks" / "cluener_orgs.py"
_spec = importlib.util.spec_from_file_location("cluener_orgs", _PATH)
cluener_orgs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cluener_orgs)


def _row(text: str, **labels: list[str]) -> Sentence:
    return Sentence(text, tuple((text.index(n), text.index(n) + len(n), label)
                                for label, names in labels.items() for n in names))


def test_spans_found_typed_and_unmarked_are_told_apart(rules):
    rows = [
        _row("青禾能源集团有限公司与绵阳市人民政府签约", company=["青禾能源集团有限公司"], government=["绵阳市人民政府"]),
        _row("绵阳市碳汇研究会成立", company=["绵阳市碳汇研究会"]),  # found, but typed Organization
        _row("青禾俱乐部和松岭俱乐部比赛", organization=["青禾俱乐部"]),  # 松岭俱乐部 is found and marked as nothing
        _row("他喜欢松禾", company=["松禾"]),  # a two-character brand name: not found
    ]
    counts = cluener_orgs.measure(rows, rules)
    assert counts["company"] == (3, 2, 1)
    assert counts["government"] == (1, 1, 1)
    assert counts["organization"] == (1, 1, 1)
    assert counts["unmarked"] == (0, 1, 0)
