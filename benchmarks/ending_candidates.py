"""Name endings CLUENER2020 train marks on companies, organisations and government bodies that
``kg/data/org_suffixes.tsv`` lacks: the source of the list's CLUENER block.

    python benchmarks/ending_candidates.py [--data ../shared/benchmarks/cluener2020/train.json] [--min 8]

For every span labelled ``company``, ``organization`` or ``government`` that no listed ending closes, its last
two to five characters are counted. An ending is printed when at least ``--min`` spans of four characters or more
close with it, with the share of its occurrences in the train text that lie at the end of such a span (how
often the characters, wherever written, close a name of that kind). A person then reads the list: endings of
sports clubs, games and foreign names are no use for Chinese regional news and stay out of the data file.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from kg.nlp.lexicon import DATA

LABELS = {"company": "Enterprise", "organization": "Organization", "government": "GovernmentBody"}


def known_endings() -> set[str]:
    rows = (line.split("\t") for line in (DATA / "org_suffixes.tsv").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#"))
    return {row[0] for row in rows}


def candidates(rows: list[dict], known: set[str], least: int) -> list[tuple[str, str, int, float]]:
    """``(ending, type, spans it closes, share of its occurrences closing a span)``, most spans first."""
    closing: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        for label, typ in LABELS.items():
            for name, places in row["label"].get(label, {}).items():
                if len(name) < 4 or any(name.endswith(k) for k in known):
                    continue
                for n in range(2, 6):
                    if len(name) > n:
                        closing[name[-n:]][typ] += len(places)
    frequent = {e: c for e, c in closing.items() if sum(c.values()) >= least}
    occurrences = Counter()
    for row in rows:
        for e in frequent:
            occurrences[e] += row["text"].count(e)
    out = []
    for e, c in frequent.items():
        typ, n = c.most_common(1)[0]
        out.append((e, typ, n, n / max(occurrences[e], 1)))
    return sorted(out, key=lambda t: (-t[2], t[0]))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/benchmarks/cluener2020/train.json"))
    ap.add_argument("--min", type=int, default=8, help="spans an ending must close (default 8)")
    args = ap.parse_args(argv)
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(f"{'ending':<8} {'type':<15} {'spans':>5} {'closes':>6}")
    for e, typ, n, share in candidates(rows, known_endings(), args.min):
        print(f"{e:<8} {typ:<15} {n:>5} {share:>6.2f}")


if __name__ == "__main__":
    main()
