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

Last, a reliability table: how often the relations in each band of confidence are right. A relation's
confidence is how often its rule was right on the seeds and the fit split (``kg/data/relation_confidence.tsv``,
``python -m kg.nlp.confidence``), so on the fit split it is shown by five document folds, each scored with
confidences measured without it; the check split shows the shipped figures.
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


def document_graph(path: Path, nlp):
    """The resolved graph of the document at *path* built on its own, as ``kg build PATH`` resolves it."""
    from kg.extraction import extract_document
    from kg.ingest import read_document
    from kg.resolve import resolve

    return resolve([extract_document(read_document(path, path.stem), nlp)])


def turtle(rg) -> bytes:
    """``graph.ttl`` of resolved graph *rg*, as ``kg build`` writes it."""
    from kg.rdf.graph import quads
    from kg.store import dump_sorted, quad_store

    return dump_sorted(quad_store(quads(rg)), ["turtle"])["turtle"]


def build_set(texts: list[Path], out: Path, nlp) -> tuple[dict, list[str]]:
    """Each of *texts* built into ``out/<stem>/graph.ttl``: ``({stem: resolved graph}, one-line failures)``."""
    graphs, failures = {}, []
    for path in texts:
        target = out / path.stem / "graph.ttl"
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            graphs[path.stem] = document_graph(path, nlp)
            target.write_bytes(turtle(graphs[path.stem]))
        except Exception as exc:  # noqa: BLE001 - a document that fails scores as empty, and says why
            target.unlink(missing_ok=True)
            failures.append(f"{path.name}: {type(exc).__name__}: {exc}")
    return graphs, failures


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
    judged: dict[str, dict[str, list]] = {}
    for name in wanted:
        if name not in available or not all(p.exists() for p in available[name][0] + available[name][1]):
            print(f"== {name}: texts or gold missing under {a.shared}; skipped ==\n")
            continue
        texts, gold = available[name]
        graphs, failures = build_set(texts, a.out / name, nlp)
        print(f"== {TITLES[name]}: {len(texts)} documents, each built on its own (world links excluded) ==")
        for f in failures:
            print(f)
        print(kgscore(scorer, gold, a.out / name, errors=name in show))
        print()
        judged[name] = _judge(graphs, gold)
    if {"seeds", "fit", "check"} <= set(judged):
        print(reliability_tables(judged))
    print(f"({time.perf_counter() - t:.1f} s, the pipeline loaded once)")
    return 0


def _judge(graphs: dict, gold: list[Path]) -> dict[str, list]:
    """Each document's direct relations judged against its gold (:func:`kg.nlp.confidence.judged`)."""
    from kg.nlp.confidence import judged

    return {g.stem: judged(graphs[g.stem], json.loads(g.read_text(encoding="utf-8")))
            for g in gold if g.stem in graphs}


def reliability_tables(judged: dict[str, dict[str, list]]) -> str:
    """How often the relations of each confidence band are right: on the check split with the shipped
    confidences (measured on the seeds and fit), and on the fit split by five document folds, each scored
    with confidences measured on the seeds and the other folds."""
    from kg.nlp.confidence import folds, measure, recalibrated, reliability

    check = [r for rows in judged["check"].values() for r in rows]
    held_out = []
    seeds = [r for rows in judged["seeds"].values() for r in rows]
    for fold in folds(list(judged["fit"])):
        train = seeds + [r for d, rows in judged["fit"].items() if d not in fold for r in rows]
        held_out += recalibrated([r for d in fold for r in judged["fit"][d]], measure(train))
    lines = ["== reliability: the share of right relations in each band of confidence (world links excluded) ==",
             f"{'confidence':12}{'check right':>14}{'P':>7}{'fit, 5 folds':>16}{'P':>7}"]
    for (band, right, n), (_, fright, fn) in zip(reliability(check), reliability(held_out)):
        lines.append(f"{band:12}{f'{right}/{n}':>14}{(right / n if n else 0):7.2f}{f'{fright}/{fn}':>16}"
                     f"{(fright / fn if fn else 0):7.2f}")
    top = [x for x in check if x.right is not None and x.confidence >= 0.8]
    lines.append(f"check, confidence >= 0.8: {sum(x.right for x in top)}/{len(top)} right")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
