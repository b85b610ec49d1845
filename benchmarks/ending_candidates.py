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
from collections import Counter, defaultdict
from pathlib import Path

from kg.nlp.corpora import Sentence, read_cluener
from kg.nlp.lexicon import lexicon

LABELS = {"company": "Enterprise", "organization": "Organization", "government": "GovernmentBody"}


def known_endings() -> set[str]:
    """The endings ``kg/data/org_suffixes.tsv`` lists."""
    return set(lexicon().suffixes)


def candidates(sentences: list[Sentence], known: set[str], least: int) -> list[tuple[str, str, int, float]]:
    """``(ending, type, spans it closes, share of its occurrences closing a span)``, most spans first."""
    closing: dict[str, Counter] = defaultdict(Counter)
    for sent in sentences:
        for start, end, label in sent.spans:
            name, typ = sent.text[start:end], LABELS.get(label)
            if typ is None or len(name) < 4 or any(name.endswith(k) for k in known):
                continue
            for n in range(2, 6):
                if len(name) > n:
                    closing[name[-n:]][typ] += 1
    frequent = {e: c for e, c in closing.items() if sum(c.values()) >= least}
    occurrences = Counter()
    for sent in sentences:
        for e in frequent:
            occurrences[e] += sent.text.count(e)
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
    print(f"{'ending':<8} {'type':<15} {'spans':>5} {'closes':>6}")
    for e, typ, n, share in candidates(list(read_cluener(args.data)), known_endings(), args.min):
        print(f"{e:<8} {typ:<15} {n:>5} {share:>6.2f}")


if __name__ == "__main__":
    main()
