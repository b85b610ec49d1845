"""benchmarks/duie_facts.py counts DuIE facts the pipeline finds (on the rules-only pipeline here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_PATH = Path(__file__).resolve().parents[3] / "benchmarks" / "duie_facts.py"
_spec = importlib.util.spec_from_file_location("duie_facts", _PATH)
duie_facts = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(duie_facts)


def _spo(predicate: str, subject: str, obj: str) -> dict:
    return {"predicate": predicate, "subject": subject, "object": {"@value": obj}}


def test_a_post_under_the_short_name_duie_writes_counts_and_a_missing_one_does_not(rules):
    rows = [
        {"text": "青禾能源集团有限公司董事长王立新出席。", "spo_list": [_spo("董事长", "青禾能源集团", "王立新")]},
        {"text": "王立新是一位企业家。", "spo_list": [_spo("董事长", "青禾能源集团", "王立新")]},
        {"text": "松岭集团总部位于宁波。", "spo_list": [_spo("成立日期", "松岭集团", "2001年")]},  # not counted
    ]
    assert duie_facts.measure(rows, rules) == {"posts": (1, 2), "head offices": (0, 0)}
