"""Organisations of CLUENER2020 dev read by the whole pipeline, rules and gazetteers included (run by
``make eval-ner``).

    python benchmarks/cluener_orgs.py [--data ../shared/benchmarks/cluener2020/dev.json]

``kg eval-ner`` scores the statistical recogniser alone on CLUENER; this reads the same dev sentences through
the pipeline a user runs, and counts, for CLUENER's ``company``, ``government`` and ``organization`` spans,
how many zhkg finds with exactly the same extent and how many of those it gives the matching type
(Enterprise, GovernmentBody, Organization). Last, the spans zhkg types as one of the three where CLUENER marks
no span of any label. CLUENER's conventions are not zhkg's (it marks sports clubs as organisations, short
names like 招行, and often leaves a company's place out of its name), so the figures move with changes to the
endings and the lists of national bodies, and say little in absolute terms. Dev is never read to write a rule.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.nlp.corpora import read_cluener

LABELS = {"company": "Enterprise", "government": "GovernmentBody", "organization": "Organization"}


def measure(sentences, nlp) -> dict[str, tuple[int, int, int]]:
    """``{label: (spans, found, typed right)}`` for each of :data:`LABELS` over CLUENER *sentences*
    (:func:`kg.nlp.corpora.read_cluener`), and ``"unmarked"``: ``(0, n, 0)`` with *n* the organisation spans
    zhkg finds where CLUENER marks nothing."""
    from kg.extraction import extract_document
    from kg.ingest import parse_text

    counts = {label: [0, 0, 0] for label in LABELS}
    unmarked = 0
    for i, sent in enumerate(sentences):
        ex = extract_document(parse_text(sent.text, f"cluener{i}"), nlp)
        found = {(m.start, m.end): m.type.value for m in ex.mentions}
        for start, end, label in sent.spans:
            if label in LABELS:
                got = found.get((start, end))
                counts[label][0] += 1
                counts[label][1] += got is not None
                counts[label][2] += got == LABELS[label]
        marked = {(start, end) for start, end, _ in sent.spans}
        unmarked += sum(1 for span, typ in found.items() if typ in LABELS.values() and span not in marked)
    out = {label: (c[0], c[1], c[2]) for label, c in counts.items()}
    out["unmarked"] = (0, unmarked, 0)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path,
                    default=Path(__file__).resolve().parents[2] / "shared/benchmarks/cluener2020/dev.json")
    args = ap.parse_args(argv)
    from kg.nlp.pipeline import load_pipeline

    counts = measure(list(read_cluener(args.data)), load_pipeline())
    print(f"CLUENER dev, whole pipeline    {'spans':>6} {'found':>6} {'typed':>6}")
    for label in LABELS:
        spans, found, typed = counts[label]
        print(f"{label:<30} {spans:>6} {found:>6} {typed:>6}")
    print(f"organisation spans CLUENER marks as nothing: {counts['unmarked'][1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
