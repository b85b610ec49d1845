"""Interoperability with a real external store: Virtuoso Open Source (Debian's package).

``make test`` installs it when missing (``make virtuoso``); the fixture starts a
private instance on loopback ports with its database in a temporary folder.
Our Turtle is loaded there unchanged, ``kg push`` sends it over the Graph
Store Protocol, and every named query must give the same rows in Virtuoso,
in pyoxigraph (used directly) and through ``kg query``.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.query import bind, named_queries

pytestmark = pytest.mark.skipif(shutil.which("virtuoso-t") is None,
                                reason="virtuoso-t not installed (run `make virtuoso` as root)")

INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
GRAPH = "https://w3id.org/zhkg/graph/seeds"
PARAMS = {"org": "森工集团", "region": "包头"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A running Virtuoso; yields its HTTP base URL."""
    db = tmp_path_factory.mktemp("virtuoso")
    sql, http = _free_port(), _free_port()
    lines = []
    section = ""
    for line in INI.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            section = line.strip()
        line = line.replace("/var/lib/virtuoso-opensource-7/db/", f"{db}/")
        if line.replace(" ", "").startswith("ServerPort="):
            port = sql if section == "[Parameters]" else http
            line = f"ServerPort = 127.0.0.1:{port}"
        lines.append(line)
    (db / "virtuoso.ini").write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(db / "virtuoso.ini")], cwd=db,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http}"
    try:
        for _ in range(120):
            try:
                if httpx.get(f"{base}/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                pytest.fail(f"virtuoso-t exited with {proc.returncode}; see {db / 'virtuoso.log'}")
            time.sleep(0.5)
        else:
            pytest.fail("Virtuoso did not answer within 60 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def _virtuoso_rows(base: str, text: str, graph: str) -> list[dict]:
    r = httpx.post(f"{base}/sparql", data={"query": text, "default-graph-uri": graph},
                   headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert r.status_code == 200, r.text[:500]
    doc = r.json()
    return [{v: b[v]["value"] for v in doc["head"]["vars"] if v in b} for b in doc["results"]["bindings"]]


def _oxigraph_rows(ttl: Path, text: str) -> list[dict]:
    store = ox.Store()
    store.load(path=str(ttl), format=ox.RdfFormat.TURTLE)
    res = store.query(text)
    names = [v.value for v in res.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in res]


def _norm(rows: list[dict]) -> list[tuple]:
    """Rows compared as values: numbers by value, GROUP_CONCAT lists as sets (SPARQL leaves their order open)."""
    out = []
    for r in rows:
        cells = []
        for k, v in sorted(r.items()):
            try:
                v = float(v)
            except ValueError:
                if " | " in v:
                    v = tuple(sorted(v.split(" | ")))
            cells.append((k, v))
        out.append(tuple(cells))
    return sorted(out, key=repr)


def test_our_turtle_loads_unchanged_and_named_queries_agree(seed_build, virtuoso):
    ttl = seed_build[0] / "graph.ttl"
    put = httpx.put(f"{virtuoso}/sparql-graph-crud-auth", params={"graph": GRAPH}, content=ttl.read_bytes(),
                    headers={"Content-Type": "text/turtle"}, auth=httpx.DigestAuth("dba", "dba"), timeout=120)
    assert put.status_code in (200, 201, 204), put.text[:300]
    count = _virtuoso_rows(virtuoso, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", GRAPH)
    assert int(count[0]["n"]) == sum(1 for _ in ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE))

    checked = 0
    for name, nq in named_queries().items():
        for params in [{}] + ([{p: PARAMS[p] for p in nq.params}] if nq.params else []):
            text = bind(nq.text, params)
            in_virtuoso = _norm(_virtuoso_rows(virtuoso, text, GRAPH))
            in_oxigraph = _norm(_oxigraph_rows(ttl, text))
            args = ["query", str(ttl), "--name", name, "--format", "json"]
            for k, v in params.items():
                args += ["--param", f"{k}={v}"]
            res = CliRunner().invoke(main, args)
            assert res.exit_code == 0, res.output
            via_cli = _norm([{k: v for k, v in r.items() if v is not None} for r in json.loads(res.output)])
            assert in_virtuoso, (name, params)
            assert in_virtuoso == in_oxigraph == via_cli, (name, params)
            checked += 1
    assert checked == len(named_queries()) + sum(1 for nq in named_queries().values() if nq.params)


def test_exact_value_and_group_concat_literals_agree_in_virtuoso_and_oxigraph(seed_build, virtuoso):
    """Values are compared as the stores give them back, literal form and language included."""
    ttl = seed_build[0] / "graph.ttl"
    put = httpx.put(f"{virtuoso}/sparql-graph-crud-auth", params={"graph": GRAPH}, content=ttl.read_bytes(),
                    headers={"Content-Type": "text/turtle"}, auth=httpx.DigestAuth("dba", "dba"), timeout=120)
    assert put.status_code in (200, 201, 204)
    kg_ = "PREFIX kg: <https://w3id.org/zhkg/ontology#> "
    values = _oxigraph_rows(ttl, kg_ + "SELECT DISTINCT ?v WHERE { ?s kg:amount|kg:quantity|kg:price ?v }")
    assert values
    for row in values:
        typed = f'"{row["v"]}"^^<http://www.w3.org/2001/XMLSchema#decimal>'  # the term exactly as written
        q = kg_ + f"SELECT ?s WHERE {{ ?s kg:amount|kg:quantity|kg:price {typed} }} ORDER BY ?s"
        assert _virtuoso_rows(virtuoso, q, GRAPH) == _oxigraph_rows(ttl, q) != [], row
    q = bind(named_queries()["agreements"].text, {})
    r = httpx.post(f"{virtuoso}/sparql", data={"query": q, "default-graph-uri": GRAPH},
                   headers={"Accept": "application/sparql-results+json"}, timeout=60)
    in_virtuoso = {b["parties"].get("xml:lang") for b in r.json()["results"]["bindings"]}
    store = ox.Store()
    store.load(path=str(ttl), format=ox.RdfFormat.TURTLE)
    in_oxigraph = {s["parties"].language for s in store.query(q)}
    assert in_virtuoso == {None} and in_oxigraph == {None}  # a plain literal in both


def test_kg_push_replaces_and_adds_over_the_graph_store_protocol(seed_build, virtuoso, tmp_path):
    target = "https://w3id.org/zhkg/graph/pushed"
    url = f"{virtuoso}/sparql-graph-crud-auth"
    one = tmp_path / "one.ttl"
    one.write_text("<https://w3id.org/zhkg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> \"x\" .\n",
                   encoding="utf-8")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    res = CliRunner().invoke(main, ["push", str(seed_build[0]), "--endpoint", url, "--graph", target,
                                    "--user", "dba", "--password", "dba"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("PUT ") and " triples " in res.output
    full = int(_virtuoso_rows(virtuoso, count, target)[0]["n"])
    assert full == sum(1 for _ in ox.parse(path=str(seed_build[0] / "graph.ttl"), format=ox.RdfFormat.TURTLE))

    res = CliRunner().invoke(main, ["push", str(one), "--endpoint", url, "--graph", target, "--user", "dba",
                                    "--password", "dba", "--post"])
    assert res.exit_code == 0, res.output
    assert int(_virtuoso_rows(virtuoso, count, target)[0]["n"]) == full + 1

    res = CliRunner().invoke(main, ["push", str(one), "--endpoint", url, "--graph", target, "--user", "dba",
                                    "--password", "dba"])
    assert res.exit_code == 0
    assert int(_virtuoso_rows(virtuoso, count, target)[0]["n"]) == 1  # PUT replaced the graph

    res = CliRunner().invoke(main, ["push", str(one), "--endpoint", url, "--graph", target, "--user", "dba",
                                    "--password", "wrong"])
    assert res.exit_code == 1 and "check --user and --password" in res.output
    assert int(_virtuoso_rows(virtuoso, count, target)[0]["n"]) == 1  # nothing lost
