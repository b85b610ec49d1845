"""Memory and time of ``kg build`` on big inputs (run by ``make bench``; not a test).

    python benchmarks/input_bench.py [--mb 100]

1. A 100 MB file: the seed pages printed over and over, as a badly scanned archive is — every
   repeat is dropped by the repeated-passage filter, but the whole file is read and cleaned.
2. A long line: 1.2 million characters of the seed text with its line breaks and sentence ends
   taken out, which spaCy alone would refuse (its limit is 1,000,000).

Each build runs as its own ``kg build`` process; its peak resident memory is the child's
``ru_maxrss``.
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


# Runs `kg build` in a fresh interpreter that prints its own peak RSS last (RUSAGE_CHILDREN would give
# the maximum over every child so far).
_CHILD = """import resource, sys
from kg.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
print("PEAK", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
sys.exit(code)
"""


def timed_build(path: Path, out: Path, *options: str, one_core: bool = False) -> tuple[float, float, str]:
    """``(seconds, peak MB, first line printed)`` of ``kg build PATH --out OUT --no-html OPTIONS`` run in its
    own interpreter (also used by ``length_bench.py``); with *one_core*, on one core only (where the
    system lets a process choose its cores: Linux), so that no thread of a numeric library helps."""
    pin = None
    if one_core and hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        pin = functools.partial(os.sched_setaffinity, 0, {core})
    t = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", _CHILD, "build", str(path), "--out", str(out), "--no-html",
                          *options], capture_output=True, text=True, preexec_fn=pin)
    dt = time.perf_counter() - t
    if res.returncode != 0:
        raise SystemExit(f"kg build {path} failed: {res.stderr.strip()[-500:]}")
    lines = res.stdout.splitlines()
    peak = int(lines[-1].split()[1]) / 1024
    return dt, peak, lines[0]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=int, default=100)
    a = ap.parse_args(argv)
    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.txt"
        with big.open("w", encoding="utf-8") as fh:
            size = 0
            while size < a.mb * 1024 * 1024:
                fh.write(seeds + "\n\n")
                size += len((seeds + "\n\n").encode("utf-8"))
        rows.append((f"{size / 2**20:.0f} MB file, repeated pages", size, *timed_build(big, Path(tmp) / "o1")))
        flat = "".join(ch for ch in seeds if ch not in "\n。！？；!?;")
        line = Path(tmp) / "line.txt"
        line.write_text((flat * (1_200_000 // len(flat) + 1))[:1_200_000], encoding="utf-8")
        rows.append(("1.2M-character line", line.stat().st_size, *timed_build(line, Path(tmp) / "o2")))
    print(f"{'input':30}{'bytes':>13}{'seconds':>9}{'peak RSS':>10}  summary")
    for name, nbytes, sec, peak, first in rows:
        print(f"{name:30}{nbytes:13,}{sec:9.1f}{peak:9.0f}M  {first}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
