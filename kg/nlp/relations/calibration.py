"""The confidence a relation carries is how often its rule is right, measured on annotated news.

Each finder rule used to state a confidence of its own choosing (0.85 for a post, 0.8 for an agreement).
``kg/data/relation_confidence.tsv`` holds, for each relation and rule, the share of the facts that rule
stated on the training documents (the seed pages and the realnews fit split) that the gold confirms —
smoothed toward one half by one right and one wrong — written by ``python -m kg.nlp.confidence``
(``make train``). A fact's evidence carries that share as its confidence, so an analyst asking for the
facts at 0.8 or more gets the ones that were right eight times in ten on news they came from; a rule the
table does not know keeps its own figure.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path

from kg.model import Evidence

__all__ = ["TABLE", "calibrated", "rule_of", "table", "use_table"]

TABLE = Path(__file__).resolve().parents[2] / "data" / "relation_confidence.tsv"

_OVERRIDE: list = []  # a table set by use_table() (cross-validation, the training run), else the shipped one


def use_table(rows: "dict[tuple[str, str], float] | None") -> None:
    """Use *rows* from now on; ``{}`` keeps every rule's own figure; None the shipped table again."""
    _OVERRIDE[:] = [] if rows is None else [rows]


def table() -> dict[tuple[str, str], float]:
    """``(relation, rule) → confidence``."""
    return _OVERRIDE[0] if _OVERRIDE else _shipped()


@functools.lru_cache(maxsize=1)
def _shipped() -> dict[tuple[str, str], float]:
    rows = {}
    if TABLE.exists():
        for line in TABLE.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                relation, rule, confidence, *_ = line.split("\t")
                rows[(relation, rule)] = float(confidence)
    return rows


def rule_of(ev: Evidence) -> str:
    """The rule an evidence names (``zhkg.rel/0.2:post`` → ``post``)."""
    return ev.extractor.rsplit(":", 1)[-1]


def calibrated(relation: str, ev: Evidence) -> Evidence:
    """*ev* with the measured confidence of its rule for *relation*, where the table has one."""
    measured = table().get((relation, rule_of(ev)))
    return ev if measured is None or measured == ev.confidence else replace(ev, confidence=measured)
