"""Posts and head offices of DuIE 2.0 dev sentences, read by the whole pipeline (run by ``make eval-ner``).

    python benchmarks/duie_facts.py [--data ../shared/benchmarks/duie/dev_relevant.jsonl]

DuIE is Baidu's relation-extraction set: encyclopaedic and business sentences, not carbon-market news, never
read to write a rule of zhkg's. Its ``董事长`` and ``校长`` facts (organisation → person) are posts, its ``总部地点``
facts (company → place) are locations. Each sentence is extracted on its own (the pipeline loaded once) and a
fact counts as found when zhkg has that person holding a post in an organisation whose text equals, holds or is
held by DuIE's subject (DuIE writes short names, 百度 for 百度公司), or that company lying in a place of the same
kind. A held-out measure of recall: DuIE marks only some facts of each sentence, so no precision is printed.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

POSTS = ("董事长", "校长")
HEAD_OFFICE = ("总部地点",)


def _same(a: str, b: str) -> bool:
    return a == b or (len(min(a, b, key=len)) >= 2 and (a in b or b in a))


def measure(rows, nlp) -> dict[str, tuple[int, int]]:
    """``{"posts": (found, facts), "head offices": (found, facts)}`` over DuIE *rows*."""
    from kg.extraction import extract_document
    from kg.ingest import parse_text

    counts = {"posts": [0, 0], "head offices": [0, 0]}
    for i, row in enumerate(rows):
        facts = [s for s in row["spo_list"] if s["predicate"] in POSTS + HEAD_OFFICE]
        if not facts:
            continue
        ex = extract_document(parse_text(row["text"], f"duie{i}"), nlp)
        posts = [(p.holder.text, p.organization.text) for p in ex.posts]
        located = [(loc.inner.text, loc.outer.text) for loc in ex.locations]
        for spo in facts:
            subject, obj = spo["subject"], spo["object"]["@value"]
            if spo["predicate"] in POSTS:
                key, hit = "posts", any(h == obj and _same(o, subject) for h, o in posts)
            else:
                key, hit = "head offices", any(_same(a, subject) and _same(b, obj) for a, b in located)
            counts[key][0] += hit
            counts[key][1] += 1
    return {k: (v[0], v[1]) for k, v in counts.items()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path,
                    default=Path(__file__).resolve().parents[2] / "shared/benchmarks/duie/dev_relevant.jsonl")
    args = ap.parse_args(argv)
    from kg.nlp.pipeline import load_pipeline

    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    for kind, (found, total) in measure(rows, load_pipeline()).items():
        print(f"DuIE dev {kind}: {found} of {total} found ({found / max(total, 1):.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
