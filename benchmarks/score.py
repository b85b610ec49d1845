"""Score the extractor with the independent scorer on three sets (run by ``make score``).

    python benchmarks/score.py [--shared ../shared] [--sets seeds,fit,check]

Three tables, never mixed:

* **seeds** — the five seed pages (one newspaper), with their gold;
* **realnews fit** — the 36 real articles of ``realnews/splits.json``'s fit split: the project may learn from
  them and read their errors (``--errors fit`` prints them);
* **realnews check** — the 12 articles of the check split: never read, never trained on, scored only as a
  whole. The gap between the fit and check tables measures over-fitting; the check table is the judge.

Each document is built on its own — read, extracted, resolved and written as ``graph.ttl`` into
``build/score/<set>/<doc>/`` by the library, the pipeline loaded once for all of them — then
``kgscore.py`` compares each set's graphs with its gold (world links excluded).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def document_turtle(path: Path, nlp) -> bytes:
    """``graph.ttl`` of the document at *path* built on its own, as ``kg build PATH`` writes it."""
    from kg.extraction import extract_document
    from kg.ingest import read_document
    from kg.rdf.graph import quads
    from kg.resolve import resolve
    from kg.store import dump_sorted, quad_store

    extraction = extract_document(read_document(path, path.stem), nlp)
    return dump_sorted(quad_store(quads(resolve([extraction]))), ["turtle"])["turtle"]


def build_set(texts: list[Path], out: Path, nlp) -> list[str]:
    """Each of *texts* built into ``out/<stem>/graph.ttl``; the one-line failures."""
    failures = []
    for path in texts:
        target = out / path.stem / "graph.ttl"
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            target.write_bytes(document_turtle(path, nlp))
        except Exception as exc:  # noqa: BLE001 - a document that fails scores as empty, and says why
            target.unlink(missing_ok=True)
            failures.append(f"{path.name}: {type(exc).__name__}: {exc}")
    return failures


def kgscore(scorer: Path, gold: list[Path], graphs: Path, errors: bool = False) -> str:
    """kgscore.py's table for the gold files *gold* against the graphs under *graphs* (world links excluded)."""
    with tempfile.TemporaryDirectory() as tmp:
        for g in gold:
            (Path(tmp) / g.name).symlink_to(g.resolve())
        args = [sys.executable, str(scorer), "--gold-dir", tmp, "--graph-dir", str(graphs)]
        res = subprocess.run(args + (["--show-errors"] if errors else []), capture_output=True, text=True)
    out = res.stdout.rstrip() or res.stderr.strip()
    return out + ("\n" + res.stderr.rstrip() if errors and res.stderr.strip() else "")


def sets(shared: Path) -> dict[str, tuple[list[Path], list[Path]]]:
    """``name → (texts, gold files)`` of the seeds and the two realnews splits."""
    found = {}
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    found["seeds"] = (seeds, [shared / "gold" / f"{p.stem}.json" for p in seeds])
    splits = shared / "realnews" / "splits.json"
    if splits.exists():
        split = json.loads(splits.read_text(encoding="utf-8"))
        for name in ("fit", "check"):
            ids = sorted(split[name])
            found[name] = ([shared / "realnews" / "texts" / f"{i}.txt" for i in ids],
                           [shared / "realnews" / "gold" / f"{i}.json" for i in ids])
    return found


TITLES = {"seeds": "seeds (one newspaper)", "fit": "realnews fit (read and learnt from)",
          "check": "realnews check (never read; scored as a whole)"}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "score")
    ap.add_argument("--sets", default="seeds,fit,check", help="which tables, comma-separated")
    ap.add_argument("--errors", default="", help="sets whose errors to print as well (never check): seeds,fit")
    a = ap.parse_args(argv)
    wanted = [s for s in a.sets.split(",") if s]
    show = {s for s in a.errors.split(",") if s}
    if "check" in show:
        raise SystemExit("error: the check split's errors are never read; score it as a whole (drop it from --errors)")
    from kg.nlp.pipeline import load_pipeline

    t = time.perf_counter()
    nlp = load_pipeline("default")
    available = sets(a.shared)
    scorer = a.shared / "tools" / "kgscore.py"
    for name in wanted:
        if name not in available or not all(p.exists() for p in available[name][0] + available[name][1]):
            print(f"== {name}: texts or gold missing under {a.shared}; skipped ==\n")
            continue
        texts, gold = available[name]
        failures = build_set(texts, a.out / name, nlp)
        print(f"== {TITLES[name]}: {len(texts)} documents, each built on its own (world links excluded) ==")
        for f in failures:
            print(f)
        print(kgscore(scorer, gold, a.out / name, errors=name in show))
        print()
    print(f"({time.perf_counter() - t:.1f} s, the pipeline loaded once)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
