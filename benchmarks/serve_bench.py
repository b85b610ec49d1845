"""Load on ``kg serve``: requests/s and latency percentiles of the named queries with 8 clients,
without and with runaway queries in flight (run by ``make bench``; not a test), and the latency of one
client's requests on a kept-alive connection.

    python benchmarks/serve_bench.py [--graph build/] [--clients 8] [--seconds 10]

Everything stays on 127.0.0.1: the server is started here on a free port, the clients are
threads of this process, each phase runs for a fixed time and stops by itself. In the second
phase one more client sends only runaway queries (a cross product of 10^12 rows) that the
server must stop at its time limit; the table shows what that costs the others. In the third, four
runaway clients (more than there are workers): every normal query should still be answered 200, later.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARAMS = {"org": "森工集团", "region": "包头"}
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
    f"VALUES ?v{i} {{ 0 1 2 3 4 5 6 7 8 9 }}" for i in range(12)) + " }"


def _phase(url: str, queries: list[str], clients: int, seconds: float, runaways: int) -> dict:
    import httpx

    lat: list[float] = []
    codes: dict[int, int] = {}
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def client(k: int) -> None:
        with httpx.Client(timeout=60) as c:
            i = k
            while time.monotonic() < stop:
                t = time.perf_counter()
                r = c.get(url, params={"query": queries[i % len(queries)]},
                          headers={"Accept": "application/sparql-results+json"})
                dt = time.perf_counter() - t
                with lock:
                    lat.append(dt)
                    codes[r.status_code] = codes.get(r.status_code, 0) + 1
                i += 1

    stopped = [0]

    def runaway() -> None:
        with httpx.Client(timeout=60) as c:
            while time.monotonic() < stop:
                r = c.get(url, params={"query": RUNAWAY})
                if r.status_code == 503:
                    stopped[0] += 1

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    threads += [threading.Thread(target=runaway) for _ in range(runaways)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - t0
    lat.sort()

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000

    return {"requests": len(lat), "rps": len(lat) / wall, "p50": pct(0.5), "p95": pct(0.95), "p99": pct(0.99),
            "mean": statistics.fmean(lat) * 1000 if lat else 0.0, "codes": codes, "stopped": stopped[0]}


def _keepalive(url: str, n: int = 300) -> dict:
    """Median milliseconds of *n* requests in a row on one kept-alive connection: the landing page, and a
    query that costs nothing (what is left is the server's own latency)."""
    import httpx

    out = {}
    with httpx.Client(timeout=60) as c:
        for name, params in (("page", None), ("ask", {"query": "ASK {}"})):
            lat = []
            for _ in range(n):
                t = time.perf_counter()
                c.get(url.replace("/sparql", "/") if params is None else url, params=params)
                lat.append(time.perf_counter() - t)
            out[name] = statistics.median(lat) * 1000
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--graph", type=Path, default=None, help="graph or build folder (default: build the seeds)")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--timeout", type=float, default=2.0, help="the server's query time limit")
    a = ap.parse_args(argv)

    from kg.query import bind, named_queries
    from kg.serve import EndpointConfig, make_server

    with tempfile.TemporaryDirectory() as tmp:
        graph = a.graph
        if graph is None:
            from kg.builder import build

            graph = Path(tmp) / "seeds"
            build([ROOT / "seeds"], graph, html=False)
        queries = []
        for nq in named_queries().values():
            queries.append(bind(nq.text, {}))
            if nq.params:
                queries.append(bind(nq.text, {p: PARAMS[p] for p in nq.params}))
        server = make_server(graph, "127.0.0.1", 0, EndpointConfig(timeout=a.timeout))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
        try:
            keep = _keepalive(url)
            rows = [("named queries", _phase(url, queries, a.clients, a.seconds, 0)),
                    ("+ 1 runaway client", _phase(url, queries, a.clients, a.seconds, 1)),
                    ("+ 4 runaway clients", _phase(url, queries, a.clients, a.seconds, 4))]
        finally:
            server.shutdown()
            server.server_close()
    print(f"kg serve, {a.clients} clients, {a.seconds:g} s per phase, {len(queries)} named-query texts, "
          f"{server.pool.workers} workers, time limit {a.timeout:g} s")
    print(f"one client, one kept-alive connection, 300 requests: landing page p50 {keep['page']:.2f} ms, "
          f"ASK {{}} p50 {keep['ask']:.2f} ms")
    print(f"{'phase':22}{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}  status codes; runaways stopped")
    for name, r in rows:
        codes = ", ".join(f"{k}: {v}" for k, v in sorted(r["codes"].items()))
        print(f"{name:22}{r['requests']:9d}{r['rps']:8.1f}{r['p50']:8.1f}{r['p95']:8.1f}{r['p99']:8.1f}"
              f"  {codes}; {r['stopped']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
