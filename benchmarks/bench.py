"""Speed and memory of the build, stage by stage (run with `make bench`; not a test).

Prints seconds per stage for the seed corpus repeated N times (default 4 copies,
so repeated-passage detection does not hide the work), characters per second of
the NLP stage, the model's load time, and the peak resident memory.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--copies", type=int, default=4)
    a = ap.parse_args(argv)

    from kg.builder import extract_document
    from kg.ingest import read_document
    from kg.nlp.pipeline import load_pipeline
    from kg.rdf.graph import quads
    from kg.store import dump_sorted, from_quads, to_memory
    from kg.resolve import resolve
    from kg.viz import render_html

    rows = []
    t = time.perf_counter()
    nlp = load_pipeline("default")
    rows.append(("load pipeline", time.perf_counter() - t, ""))

    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    t = time.perf_counter()
    docs = []
    for k in range(a.copies):
        for f in seeds:
            d = read_document(f, doc_id=f"{f.stem}-{k}")
            docs.append(d)
    chars = sum(len(d.text) for d in docs)
    rows.append(("ingest", time.perf_counter() - t, f"{len(docs)} docs, {chars:,} clean chars"))

    t = time.perf_counter()
    exs = [extract_document(d, nlp) for d in docs]
    dt = time.perf_counter() - t
    rows.append(("extract (NLP + relations)", dt, f"{chars / dt:,.0f} chars/s"))

    t = time.perf_counter()
    rg = resolve(exs)
    rows.append(("resolve", time.perf_counter() - t, f"{len(rg.entities)} entities"))

    t = time.perf_counter()
    written = from_quads(quads(rg))
    rows.append(("to RDF", time.perf_counter() - t, f"{len(written):,} triples in the default graph"))

    t = time.perf_counter()
    dump_sorted(written, ["turtle", "trig"])
    rows.append(("serialise ttl + trig", time.perf_counter() - t, ""))

    t = time.perf_counter()
    render_html(to_memory(written))
    rows.append(("HTML", time.perf_counter() - t, ""))

    with tempfile.TemporaryDirectory():
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'stage':28}{'seconds':>9}  notes")
    for name, sec, note in rows:
        print(f"{name:28}{sec:9.2f}  {note}")
    print(f"{'peak RSS':28}{peak:8.0f}M")
    return 0


if __name__ == "__main__":
    sys.exit(main())
