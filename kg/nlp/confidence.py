"""Measure how often each relation rule is right, and write the table its facts' confidence comes from.

    python -m kg.nlp.confidence --shared ../shared      # writes kg/data/relation_confidence.tsv

The documents are the seed pages and the realnews **fit** split (the check split is never read). Each is
built on its own with every rule's own confidence (:func:`kg.nlp.relations.calibration.use_table`); each
direct relation of its resolved graph is judged as the independent scorer judges it — its two ends
matched to gold entities by name or alias, right when the gold holds that relation between them,
neither right nor wrong when the gold has it only as standard geography (``basis: world``). For each
relation and rule, the confidence is ``(right + 1) / (stated + 2)``.

:func:`judged` and :func:`reliability` also serve ``benchmarks/score.py``, which prints how precise the
facts of each confidence band are on the documents the table was not made from.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Judged", "folds", "judged", "measure", "recalibrated", "reliability", "write_table", "main"]

ROOT = Path(__file__).resolve().parents[2]
SYMMETRIC = {"signedAgreementWith", "tradedCarbonWith"}
#: Confidence bands of the reliability table, highest first.
BANDS = (0.9, 0.8, 0.7, 0.6, 0.0)


@dataclass(frozen=True)
class Judged:
    """One direct relation of a built document: its relation, the rules that stated it (with their
    confidences), and whether the gold confirms it (None: only standard geography, not scored)."""

    relation: str
    rules: tuple[tuple[str, float], ...]
    right: bool | None

    @property
    def confidence(self) -> float:
        return max((c for _, c in self.rules), default=0.0)


def _norm(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s).split())


def judged(rg, gold: dict) -> list[Judged]:
    """The direct relations of resolved graph *rg* judged against *gold* (kgscore's matching)."""
    from kg.model import EventKind
    from kg.nlp.relations.calibration import rule_of

    by_label: dict[str, set[str]] = defaultdict(set)
    for e in gold["entities"]:
        for name in [e["name"], *e.get("aliases", [])]:
            by_label[_norm(name)].add(e["id"])
    wanted, optional = defaultdict(set), defaultdict(set)
    for r in gold["relations"]:
        key = (r["head"], r["tail"])
        key = tuple(sorted(key)) if r["type"] in SYMMETRIC else key
        (optional if r.get("basis") == "world" else wanted)[r["type"]].add(key)

    def ids(entity_key: str) -> set[str]:
        ent = rg.entities.get(entity_key)
        if ent is None:
            return set()
        return set().union(*(by_label.get(_norm(x), set()) for x in {ent.name, *ent.aliases}))

    stated: dict[tuple[str, str, str], list] = defaultdict(list)
    for ev in rg.events:
        rel = "signedAgreementWith" if ev.kind is EventKind.AGREEMENT else "tradedCarbonWith"
        for i, a in enumerate(ev.parties):
            for b in ev.parties[i + 1:]:
                stated[(rel, *sorted((a, b)))] += ev.evidence
    for p in rg.posts:
        stated[("holdsPositionIn", p.holder, p.organization)] += p.evidence
    for loc in rg.locations:
        stated[("locatedIn", loc.inner, loc.outer)] += loc.evidence
    out = []
    for (rel, head, tail), evidence in sorted(stated.items()):
        pairs = {(h, t) for h in ids(head) for t in ids(tail)}
        if rel in SYMMETRIC:
            pairs = {tuple(sorted(x)) for x in pairs}
        right = True if pairs & wanted[rel] else None if pairs & optional[rel] else False
        rules = {}
        for ev in evidence:
            rules[rule_of(ev)] = max(rules.get(rule_of(ev), 0.0), ev.confidence)
        out.append(Judged(rel, tuple(sorted(rules.items())), right))
    return out


def measure(rows: list[Judged]) -> dict[tuple[str, str], tuple[float, int, int]]:
    """``(relation, rule) → (confidence, right, stated)`` over judged relations (each rule that stated a
    relation counts it once)."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        if r.right is None:
            continue
        for rule, _ in r.rules:
            counts[(r.relation, rule)][0] += int(r.right)
            counts[(r.relation, rule)][1] += 1
    return {k: (round((right + 1) / (n + 2), 3), right, n) for k, (right, n) in sorted(counts.items())}


def recalibrated(rows: list[Judged], table: dict[tuple[str, str], tuple[float, int, int]]) -> list[Judged]:
    """*rows* with each rule's confidence taken from *table* (from :func:`measure`) where it has the rule."""
    return [Judged(r.relation, tuple((rule, table[(r.relation, rule)][0] if (r.relation, rule) in table else c)
                                     for rule, c in r.rules), r.right) for r in rows]


def folds(doc_ids: list[str], k: int = 5) -> list[list[str]]:
    """*doc_ids* sorted and dealt round-robin into *k* folds: the same folds on every run."""
    ordered = sorted(doc_ids)
    return [ordered[i::k] for i in range(k)]


def reliability(rows: list[Judged]) -> list[tuple[str, int, int]]:
    """``(band, right, stated)`` per confidence band, highest first (relations the gold does not score
    left out)."""
    out = []
    for k, low in enumerate(BANDS):
        high = BANDS[k - 1] if k else 1.01
        inside = [r for r in rows if r.right is not None and low <= r.confidence < high]
        label = f">= {low:.1f}" if k == 0 else f"{low:.1f}–{high:.1f}" if low else f"< {high:.1f}"
        out.append((label, sum(r.right for r in inside), len(inside)))
    return out


def write_table(table: dict[tuple[str, str], tuple[float, int, int]], path: Path, source: str) -> None:
    lines = ["# relation<TAB>rule<TAB>confidence<TAB>right<TAB>stated — written by `python -m kg.nlp.confidence`",
             f"# from {source}; confidence = (right + 1) / (stated + 2)."]
    lines += [f"{rel}\t{rule}\t{conf}\t{right}\t{n}" for (rel, rule), (conf, right, n) in table.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def training_documents(shared: Path) -> list[tuple[Path, Path]]:
    """``(text, gold)`` of the seed pages and the realnews fit split; never the check split."""
    seeds = [(p, shared / "gold" / f"{p.stem}.json") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    split = json.loads((shared / "realnews" / "splits.json").read_text(encoding="utf-8"))
    return seeds + [(shared / "realnews" / "texts" / f"{d}.txt", shared / "realnews" / "gold" / f"{d}.json")
                    for d in sorted(split["fit"])]


def build_judged(text: Path, gold: Path, nlp) -> list[Judged]:
    """*text* built on its own, its relations judged against *gold*."""
    from kg.extraction import extract_document
    from kg.ingest import read_document
    from kg.resolve import resolve

    rg = resolve([extract_document(read_document(text, text.stem), nlp)])
    return judged(rg, json.loads(gold.read_text(encoding="utf-8")))


def main(argv: list[str] | None = None) -> int:
    from kg.nlp.relations.calibration import TABLE, use_table

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=TABLE)
    a = ap.parse_args(argv)
    from kg.nlp.pipeline import load_pipeline

    use_table({})  # the rules' own figures: what is measured is the rules, not an earlier table
    nlp = load_pipeline("default")
    docs = training_documents(a.shared)
    rows = [r for text, gold in docs for r in build_judged(text, gold, nlp)]
    table = measure(rows)
    write_table(table, a.out, f"{len(docs)} documents: the seed pages and the realnews fit split")
    print(f"{len(rows)} relations of {len(docs)} documents judged; {len(table)} rules written to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
