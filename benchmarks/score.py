"""Score the extractor on each development set with the independent scorer (run by ``make score``).

    python benchmarks/score.py [--shared ../shared] [--jobs 2]

Two sets, two tables, never mixed: the seed pages (one newspaper) and ``realnews`` (other publishers
and provinces, with independent gold). Each document is built on its own with ``kg build`` into
``build/score/<set>/<doc>/``, then ``kgscore.py`` compares it with the gold (world links excluded).
A change that lifts one table and lowers the other is not progress.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _build(txt: Path, out: Path) -> str | None:
    res = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(txt), "--out", str(out), "--no-html"],
                         capture_output=True, text=True)
    return None if res.returncode == 0 else f"{txt.name}: {res.stderr.strip()[-300:]}"


def score_set(name: str, texts: Path, gold: Path, out: Path, scorer: Path, jobs: int) -> str:
    files = sorted(texts.glob("*.txt"))
    with ThreadPoolExecutor(jobs) as pool:
        failures = [f for f in pool.map(lambda t: _build(t, out / t.stem), files) if f]
    res = subprocess.run([sys.executable, str(scorer), "--gold-dir", str(gold), "--graph-dir", str(out)],
                         capture_output=True, text=True)
    head = f"== {name}: {len(files)} documents, each built on its own (world links excluded) =="
    return "\n".join([head, *failures, res.stdout.rstrip() or res.stderr.strip()])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "score")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args(argv)
    sets = [("seeds", ROOT / "seeds", a.shared / "gold"),
            ("realnews", a.shared / "realnews" / "texts", a.shared / "realnews" / "gold")]
    for name, texts, gold in sets:
        if not texts.is_dir() or not gold.is_dir():
            print(f"== {name}: {texts} or {gold} missing; skipped ==")
            continue
        print(score_set(name, texts, gold, a.out / name, a.shared / "tools" / "kgscore.py", a.jobs))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
