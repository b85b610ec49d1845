"""Build time against a document's length, one line and many lines (run by ``make bench``; not a test).

    python benchmarks/length_bench.py [--sizes 100000,400000,2000000]

Every pass over a document must be linear (or n·log n) in its length: a pass that scans every sentence or
every mention for each mention shows here as time growing faster than the text. The documents are news-like
text that never repeats itself (a repeated passage would be dropped by the build's duplicate filter and cost
nothing): a word-bigram chain (jieba's words) learnt from the seed pages and, when ``../shared`` is beside
the repository, CLUENER2020's train sentences, walked with a fixed seed. The same text is built twice, as
one line (no line breaks at all, the worst case of an OCR dump) and as paragraphs of a few sentences.

Each build is its own ``kg build FILE --jobs 1 --no-cache --no-html`` process, pinned to one core (Linux: no
thread of a numeric library runs beside it); printed: characters, seconds,
characters per second and their ratio to jieba posseg's on the same text (measured first, in the same run,
so that machines of different speed compare), the child's peak memory, and the time per character relative
to the smallest size (1.0 everywhere is linear).
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from input_bench import timed_build  # run as a script: benchmarks/ is on the path

ROOT = Path(__file__).resolve().parents[1]
CLUENER = ROOT.parent / "shared" / "benchmarks" / "cluener2020" / "train.json"


def _lines() -> list[str]:
    lines = [line.strip() for p in sorted((ROOT / "seeds").glob("*.txt"))
             for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    if CLUENER.exists():
        with CLUENER.open(encoding="utf-8") as fh:
            lines += [json.loads(row)["text"] for row in fh if row.strip()]
    return lines


class Chain:
    """A word-bigram chain: each word's next words, weighted by how often they follow it."""

    def __init__(self, lines: list[str]):
        import jieba

        jieba.setLogLevel(60)
        follows: dict[str, dict[str, int]] = {}
        for line in lines:
            words = ["<s>", *jieba.lcut(line), "</s>"]
            for a, b in zip(words, words[1:]):
                nxt = follows.setdefault(a, {})
                nxt[b] = nxt.get(b, 0) + 1
        self.table = {}
        for word, nxt in follows.items():
            choices = sorted(nxt)
            totals, run = [], 0
            for c in choices:
                run += nxt[c]
                totals.append(run)
            self.table[word] = (choices, totals)

    def sentence(self, rng: random.Random, limit: int = 120) -> str:
        out, word = [], "<s>"
        while len(out) < limit:
            choices, totals = self.table[word]
            word = choices[bisect.bisect_right(totals, rng.randrange(totals[-1]))]
            if word == "</s>":
                break
            out.append(word)
        text = "".join(out)
        return text if text.endswith(("。", "！", "？")) else text + "。"


def document(chain: Chain, size: int, one_line: bool, seed: int = 11) -> str:
    """*size* characters of chain text: one line, or paragraphs of two to six sentences."""
    rng = random.Random(seed)
    parts, n = [], 0
    while n < size:
        para = "".join(chain.sentence(rng) for _ in range(rng.randint(2, 6)))
        parts.append(para)
        n += len(para) + 1
    return ("" if one_line else "\n").join(parts)[:size]


def posseg_rate(text: str) -> float:
    """Characters per second of jieba's part-of-speech tagger on *text*, line by line."""
    import jieba.posseg

    jieba.posseg.lcut("预热")  # the dictionary loads outside the timing
    lines = text.split("\n")
    t = time.perf_counter()
    for line in lines:
        jieba.posseg.lcut(line)
    return len(text) / (time.perf_counter() - t)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100000,400000,2000000", help="document lengths in characters")
    a = ap.parse_args(argv)
    sizes = [int(s) for s in a.sizes.split(",")]
    chain = Chain(_lines())
    sample = document(chain, 200_000, one_line=False)
    rate = posseg_rate(sample)
    print(f"jieba posseg on 200,000 characters of the same text: {rate:,.0f} chars/s (one core; the reference); "
          f"each build on one core")
    print(f"{'layout':<10} {'chars':>10} {'seconds':>8} {'chars/s':>9} {'× posseg':>9} {'peak MB':>8} "
          f"{'s/char vs first':>16}")
    with tempfile.TemporaryDirectory() as tmp:
        for one_line in (True, False):
            first = None
            for size in sizes:
                path = Path(tmp) / f"doc_{size}_{int(one_line)}.txt"
                path.write_text(document(chain, size, one_line), encoding="utf-8")
                dt, peak, _ = timed_build(path, Path(tmp) / "out", "--no-cache", "--jobs", "1", one_core=True)
                per_char = dt / size
                first = first or per_char
                print(f"{'one line' if one_line else 'lines':<10} {size:>10,} {dt:>8.1f} {size / dt:>9,.0f} "
                      f"{size / dt / rate:>9.2f} {peak:>8,.0f} {per_char / first:>16.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
