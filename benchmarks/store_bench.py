"""Our store path (Oxigraph under rdflib) against plain rdflib on a ~1M-triple graph.

    python benchmarks/store_bench.py [--triples 1000000] [--query-timeout 120]

The graph is the seed graph repeated with renamed entities until it reaches the
requested size. Each engine runs in its own process (so memory is its own)
and reports: parsing the Turtle, writing it back as Turtle, and every named
query with its example parameter. A query that runs past --query-timeout is
stopped (its process killed and restarted for the rest) and shown as ">N s".
Run by ``make bench``; not a test.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARAMS = {"org": "森工集团", "region": "包头"}


def make_graph(seed_ttl: Path, target: int, out: Path) -> int:
    """Copies of the seed graph with every zhkg IRI and Chinese label made distinct per copy."""
    import pyoxigraph as ox

    base = list(ox.parse(path=str(seed_ttl), format=ox.RdfFormat.TURTLE))
    copies = max(1, round(target / len(base)))

    def rename(term, k):
        if isinstance(term, ox.NamedNode) and term.value.startswith("https://w3id.org/zhkg/id/"):
            return ox.NamedNode(f"{term.value}-{k}")
        if isinstance(term, ox.Literal) and term.language == "zh" and k:
            return ox.Literal(f"{term.value}{k}", language="zh")
        return term

    def triples():
        for k in range(copies):
            for t in base:
                yield ox.Triple(rename(t.subject, k), t.predicate, rename(t.object, k))

    prefixes = {"kg": "https://w3id.org/zhkg/ontology#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                "skos": "http://www.w3.org/2004/02/skos/core#", "xsd": "http://www.w3.org/2001/XMLSchema#"}
    ox.serialize(triples(), str(out), format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    return copies * len(base)


def child(engine: str, ttl: str, queries: list[str], do_io: bool) -> None:
    """Runs in its own process: prints one JSON line per measured step."""
    from kg.query import query
    from kg.rdf.serialize import serialize
    from kg.store import load

    def emit(step, seconds, note=""):
        print(json.dumps({"step": step, "seconds": seconds, "note": note}), flush=True)

    t = time.perf_counter()
    g = load(ttl, engine=engine)
    if do_io:
        emit("load (parse Turtle)", time.perf_counter() - t, f"{len(g):,} triples")
        t = time.perf_counter()
        data = serialize(g, "turtle")
        emit("write Turtle", time.perf_counter() - t, f"{len(data) / 1e6:,.0f} MB")
        del data
    from kg.query import named_queries

    for name in queries:
        nq = named_queries()[name]
        params = {p: PARAMS[p] for p in nq.params}
        print(json.dumps({"start": name}), flush=True)
        t = time.perf_counter()
        rows = query(g, name, **params)
        emit(f"query {name}", time.perf_counter() - t, f"{len(rows):,} rows")
    emit("peak RSS", 0.0, f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


def run_engine(engine: str, ttl: Path, queries: list[str], timeout: float) -> dict[str, tuple[float | None, str]]:
    results: dict[str, tuple[float | None, str]] = {}
    todo, do_io = list(queries), True
    while True:
        cmd = [sys.executable, __file__, "--child", engine, str(ttl), "--queries", ",".join(todo)]
        if not do_io:
            cmd.append("--no-io")
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        current, started = None, None
        import selectors

        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        killed = False
        while True:
            wait = None if current is None else max(0.1, timeout - (time.perf_counter() - started))
            if not sel.select(wait):
                proc.kill()
                proc.wait()
                results[f"query {current}"] = (None, f">{timeout:.0f} s, stopped")
                todo.remove(current)
                killed = True
                break
            line = proc.stdout.readline()
            if not line:
                break
            msg = json.loads(line)
            if "start" in msg:
                current, started = msg["start"], time.perf_counter()
                continue
            results[msg["step"]] = (msg["seconds"], msg["note"])
            if msg["step"].startswith("query "):
                todo.remove(current)
                current = None
        proc.wait()
        do_io = False
        if not killed or not todo:
            return results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--query-timeout", type=float, default=120.0)
    ap.add_argument("--ours-only", action="store_true", help="skip plain rdflib (minutes at a million triples)")
    ap.add_argument("--child", nargs=2, metavar=("ENGINE", "TTL"), help=argparse.SUPPRESS)
    ap.add_argument("--queries", default="", help=argparse.SUPPRESS)
    ap.add_argument("--no-io", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        child(a.child[0], a.child[1], [q for q in a.queries.split(",") if q], not a.no_io)
        return 0

    from kg.builder import build
    from kg.query import named_queries

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        build([ROOT / "seeds"], tmp / "seed", html=False)
        ttl = tmp / "big.ttl"
        n = make_graph(tmp / "seed" / "graph.ttl", a.triples, ttl)
        print(f"graph: {n:,} triples, {ttl.stat().st_size / 1e6:,.0f} MB of Turtle; "
              f"query time limit {a.query_timeout:.0f} s\n")
        queries = list(named_queries())
        ours = run_engine("oxigraph", ttl, queries, a.query_timeout)
        plain = {} if a.ours_only else run_engine("rdflib", ttl, queries, a.query_timeout)

    print(f"{'step':<28}{'Oxigraph (ours)':>16}{'plain rdflib':>16}{'ratio':>9}  notes")
    for step in ours:
        o, p = ours[step], plain.get(step, (None, "not run"))
        if step == "peak RSS":
            print(f"{step:<28}{o[1]:>16}{p[1]:>16}")
            continue
        ratio = f"{p[0] / o[0]:.0f}x" if p[0] and o[0] else (f">{a.query_timeout / o[0]:.0f}x" if o[0] and step in plain else "")
        fmt = lambda r: f"{r[0]:.2f} s" if r[0] is not None else r[1].split(",")[0]  # noqa: E731
        print(f"{step:<28}{fmt(o):>16}{fmt(p):>16}{ratio:>9}  {o[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
