"""How well the post-title rule reads the name after a title, on CLUENER2020 (run by ``make eval-ner``).

    python benchmarks/title_names.py [--data ../shared/benchmarks/cluener2020] [--splits train,dev]

CLUENER marks ``position`` and ``name`` spans. Where a Han name of two or three characters, starting with a
surname, follows a position that ends with one of zhkg's post titles (``kg/data/position_titles.txt``), the
official rule (:func:`kg.nlp.rules.find_titled_persons`) should read exactly that name. The rule was never
fitted to these sentences: this is a held-out measure of it, on news unlike the project's own.

Printed: the pairs, how many the rule reads exactly, how many it reads with a wrong end or not at all, and how
many of all the names it reads after titles are no CLUENER name (an upper bound of its false names: CLUENER
leaves some people unmarked).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from kg.nlp.corpora import Sentence, read_cluener
from kg.nlp.lexicon import lexicon
from kg.nlp.rules import find_titled_persons, word_spans

_HAN_NAME = re.compile(r"[\u4e00-\u9fff]{2,3}")


def spans(sent: Sentence, kind: str) -> list[tuple[int, int]]:
    """The sentence's spans of *kind* as ``(start, end)``, end exclusive."""
    return [(s, e) for s, e, label in sent.spans if label == kind]


def measure(sentences) -> dict[str, int]:
    """Counts over CLUENER *sentences* (:func:`kg.nlp.corpora.read_cluener`): pairs, exact, wrong end, missed,
    names read, names read that CLUENER lacks."""
    lex = lexicon()
    titles = tuple(t for t in lex.titles if len(t) >= 2)
    out = dict(pairs=0, exact=0, wrong_end=0, missed=0, read=0, not_cluener=0)
    for sent in sentences:
        text = sent.text
        names = spans(sent, "name")
        found = {c.start: c.end for c, _ in find_titled_persons(text, word_spans(text))}
        out["read"] += len(found)
        out["not_cluener"] += len(set(found.items()) - set(names))
        after_title = {e: text[s:e] for s, e in spans(sent, "position")}
        for s, e in names:
            title = after_title.get(s)
            if not title or not title.endswith(titles) or not _HAN_NAME.fullmatch(text[s:e]) \
                    or text[s] not in lex.surnames:
                continue
            out["pairs"] += 1
            key = "exact" if found.get(s) == e else "wrong_end" if s in found else "missed"
            out[key] += 1
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared/benchmarks/cluener2020")
    ap.add_argument("--splits", default="train,dev")
    args = ap.parse_args(argv)
    c = measure([sent for split in args.splits.split(",") for sent in read_cluener(args.data / f"{split}.json")])
    print(f"CLUENER {args.splits}: {c['pairs']} title-then-name pairs; read exactly {c['exact']} "
          f"({c['exact'] / max(c['pairs'], 1):.3f}), wrong end {c['wrong_end']}, missed {c['missed']}")
    print(f"names read after titles {c['read']}, of which CLUENER marks no name there {c['not_cluener']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
