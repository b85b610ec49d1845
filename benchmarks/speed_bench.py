"""Speed per core of the whole build against jieba's POS tagger, on the same text in the same run.

The corpus: 200 files of CLUENER2020 *train* text (20 lines each, in file order). Printed:

* jieba ``posseg`` alone over that text (the yardstick the ratio is taken against);
* each stage of extraction in this process, on one BLAS thread as in a build: the character tokenizer
  (jieba features), the statistical recogniser, the rule component, the merger, and what is left for
  ingest, the document passes and relation finders;
* the whole process — ``kg build DIR --jobs N --no-cache --no-html`` as a user runs it — for N = 1 and 2,
  with chars/s, the ratio to posseg, and the speed-up of two workers over one (each the best of
  ``--repeats`` interleaved runs, as is posseg).

Run with ``make bench`` (which runs it again with ``--files 500``: all of CLUENER train that fits, where a
build's fixed start is a smaller share); not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KG = Path(sys.executable).with_name("kg")


def make_corpus(train: Path, out: Path, files: int = 200, lines: int = 20) -> int:
    """Write *files* text files of *lines* CLUENER lines each; return the number of characters."""
    texts = []
    with train.open(encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line)["text"])
            if len(texts) == files * lines:
                break
    out.mkdir(parents=True, exist_ok=True)
    chars = 0
    for i in range(files):
        body = "\n".join(texts[i * lines:(i + 1) * lines]) + "\n"
        (out / f"c{i:03d}.txt").write_text(body, encoding="utf-8")
        chars += len(body)
    return chars


def posseg_rate(texts: list[str]) -> float:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.posseg.lcut("预热")  # the dictionary loads outside the timing
    t = time.perf_counter()
    for text in texts:
        jieba.posseg.lcut(text)
    return sum(map(len, texts)) / (time.perf_counter() - t)


def stage_times(texts: list[str]) -> list[tuple[str, float]]:
    """Seconds of each pipeline component and of the passes and relation finders, over *texts*."""
    from kg.builder import extract_document
    from kg.ingest import parse_text
    from kg.nlp.pipeline import load_pipeline

    nlp = load_pipeline("default")
    nlp("预热")
    from kg.nlp.extract import char_batches

    # the lines in batches of about BATCH_CHARS characters, as a build runs them
    batches = list(char_batches([line for text in texts for line in text.split("\n") if line]))
    t = time.perf_counter()
    docs = [[nlp.make_doc(line) for line in batch] for batch in batches]
    rows = [("tokenizer (jieba features)", time.perf_counter() - t)]
    for name, proc in nlp.pipeline:
        t = time.perf_counter()
        docs = [list(proc.pipe(ds, batch_size=len(ds))) if hasattr(proc, "pipe") else [proc(d) for d in ds]
                for ds in docs]
        rows.append((f"component {name}", time.perf_counter() - t))
    t = time.perf_counter()
    for i, text in enumerate(texts):
        extract_document(parse_text(text, f"d{i}"), nlp)
    whole = time.perf_counter() - t
    rest = whole - sum(s for _, s in rows)
    if rest > 0:  # timing noise can make the components' sum exceed the whole
        rows.append(("ingest + passes + relations", rest))
    rows.append(("extraction in process", whole))
    return rows


def build_seconds(corpus: Path, jobs: int) -> tuple[float, int]:
    """Wall time and peak memory (KB, of the whole process tree) of one ``kg build``."""
    with tempfile.TemporaryDirectory() as out:
        cmd = [str(KG), "build", str(corpus), "--out", out, "--no-html", "--no-cache", "--jobs", str(jobs)]
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONHASHSEED": "0"})
        dt = time.perf_counter() - t
    import resource

    return dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--train", type=Path, default=ROOT.parent / "shared/benchmarks/cluener2020/train.json")
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=5, help="builds of each kind; the fastest is reported")
    a = ap.parse_args(argv)
    # per core: one BLAS thread here, as in a build's extraction (set before NumPy loads)
    from kg.parallel import ONE_THREAD

    for var, value in ONE_THREAD.items():
        os.environ.setdefault(var, value)
    if not a.train.is_file():
        print(f"speed_bench: {a.train} not found; pass --train PATH to CLUENER2020 train.json", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        chars = make_corpus(a.train, corpus, a.files)
        texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
        # the whole builds first: once this process has run the model, its idle BLAS threads keep
        # spinning for a while and would take a core from the builds it starts
        # best of REPEATS, runs interleaved with posseg's (which loads no BLAS): this machine's speed drifts
        # by a fifth from one minute to the next, so each ratio is taken over the same minutes
        runs = {jobs: [] for jobs in (1, 2)}
        rates = []
        for _ in range(a.repeats):
            for jobs in runs:
                runs[jobs].append(build_seconds(corpus, jobs)[0])
            rates.append(posseg_rate(texts))
        builds = [(jobs, min(secs)) for jobs, secs in runs.items()]
        yard = max(rates)
        print(f"corpus: {a.files} files of CLUENER2020 train text, {chars:,} characters; "
              f"builds and posseg: best of {a.repeats}")
        print(f"{'':34}{'seconds':>9}{'chars/s':>11}{'× posseg':>10}")
        print(f"{'jieba posseg (yardstick)':34}{chars / yard:9.2f}{yard:11,.0f}{1:10.2f}")
        for name, sec in stage_times(texts):
            rate = chars / sec if sec else float("inf")
            print(f"{name:34}{sec:9.2f}{rate:11,.0f}{rate / yard:10.2f}")
        one = builds[0][1]
        for jobs, sec in builds:
            rate = chars / sec
            # the speed-up two ways: fastest against fastest, and the median of the runs side by side (the
            # two builds of one round ran within seconds of each other, on the same machine speed)
            paired = statistics.median(a / b for a, b in zip(runs[1], runs[jobs]))
            print(f"{f'kg build --jobs {jobs} (whole process)':34}{sec:9.2f}{rate:11,.0f}{rate / yard:10.2f}"
                  + (f"   {one / sec:.2f}× --jobs 1 (fastest), {paired:.2f}× (median of {a.repeats} rounds)"
                     if jobs > 1 else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
