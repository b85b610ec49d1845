"""MSRA test written in traditional characters, read by the whole pipeline (run by ``make eval-ner``).

    python benchmarks/traditional_msra.py [--msra ../shared/benchmarks/msra/test.txt]

News from Hong Kong, Macao and Taiwan is printed in traditional characters. zhkg reads such text in its
simplified form (:func:`kg.nlp.shapes.simplified_same_length`) while keeping the characters as printed. This
writes every MSRA test sentence in traditional characters with OpenCC's ``s2t`` converter (a sentence whose
conversion changes its length is converted character by character, so the gold spans stay in place) and
prints the pipeline's PER/LOC/ORG scores on the sentences as published and as converted: the closer the two,
the less the script matters.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.nlp.corpora import Sentence, read_msra
from kg.nlp.evaluate import format_scores, score_msra


def to_traditional(sentences, convert) -> list[Sentence]:
    """*sentences* with their text converted by *convert* (a str → str function), gold spans unmoved."""
    out = []
    for sent in sentences:
        text = convert(sent.text)
        if len(text) != len(sent.text):
            text = "".join(t if len(t := convert(c)) == 1 else c for c in sent.text)
        out.append(Sentence(text, sent.spans))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--msra", type=Path,
                    default=Path(__file__).resolve().parents[2] / "shared/benchmarks/msra/test.txt")
    args = ap.parse_args(argv)
    import opencc

    from kg.nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    published = list(read_msra(args.msra))
    converted = to_traditional(published, opencc.OpenCC("s2t").convert)
    changed = sum(a != b for s, t in zip(published, converted) for a, b in zip(s.text, t.text))
    total = sum(len(s.text) for s in published)
    print(f"MSRA test in traditional characters: {changed:,} of {total:,} characters differ from the published text")
    for name, sents in (("as published", published), ("in traditional characters", converted)):
        print(format_scores(f"MSRA {args.msra.name} {name} — zhkg pipeline", score_msra(sents, nlp, True),
                            ("PER", "LOC", "ORG"), {"micro": ("PER", "LOC", "ORG")}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
