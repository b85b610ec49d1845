"""The SPARQL endpoint with a real HTTP client against a server on 127.0.0.1."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from rdflib import Graph

from kg.serve import EndpointConfig, make_server

httpx = pytest.importorskip("httpx")

SELECT = """PREFIX kg: <https://w3id.org/zhkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name WHERE { ?o a kg:Enterprise ; rdfs:label ?name . FILTER(LANG(?name) = "zh") } ORDER BY ?name"""
SLOW = """SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"""  # ~10^10 rows: a runaway


@pytest.fixture(scope="module")
def endpoint(seed_build):
    # a timeout that a small query meets on a loaded machine (0.5 s did not, once), and a runaway never does
    config = EndpointConfig(timeout=2.0, max_rows=5, explorer=seed_build[0] / "graph.html")
    server = make_server(seed_build[0], "127.0.0.1", 0, config)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_get_select_as_sparql_json_with_cors(endpoint):
    r = httpx.get(f"{endpoint}/sparql", params={"query": SELECT}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "*"
    rows = r.json()["results"]["bindings"]
    assert len(rows) == 5 and r.headers["x-zhkg-truncated"] == "true"  # the row cap
    assert all(b["name"]["xml:lang"] == "zh" for b in rows)


def test_post_form_and_body_with_csv_tsv_xml(endpoint):
    r = httpx.post(f"{endpoint}/sparql", data={"query": SELECT}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.text.splitlines()[0] == "name"
    r = httpx.post(f"{endpoint}/sparql", content=SELECT.encode(), headers={
        "Content-Type": "application/sparql-query", "Accept": "text/tab-separated-values"})
    assert r.text.splitlines()[0] == "?name" and r.text.splitlines()[1].endswith('"@zh')
    r = httpx.get(f"{endpoint}/sparql", params={"query": SELECT}, headers={"Accept": "application/sparql-results+xml"})
    assert r.status_code == 200 and "<sparql" in r.text


def test_construct_as_turtle_and_jsonld(endpoint):
    q = "PREFIX kg: <https://w3id.org/zhkg/ontology#> CONSTRUCT { ?a kg:signedAgreementWith ?b } WHERE { ?a kg:signedAgreementWith ?b }"
    r = httpx.get(f"{endpoint}/sparql", params={"query": q}, headers={"Accept": "text/turtle"})
    g = Graph().parse(data=r.text, format="turtle")
    assert len(g) > 5
    r = httpx.get(f"{endpoint}/sparql", params={"query": q}, headers={"Accept": "application/ld+json"})
    assert len(Graph().parse(data=r.text, format="json-ld")) == len(g)


@pytest.mark.parametrize(
    "method, kwargs, status, words",
    [
        ("post", {"data": {"update": "INSERT DATA { <x:a> <x:b> <x:c> }"}}, 403, "read-only"),
        ("post", {"content": b"DELETE WHERE { ?s ?p ?o }", "headers": {"Content-Type": "application/sparql-update"}}, 403, "read-only"),
        ("get", {"params": {"query": "LOAD <http://example.org/data.ttl>"}}, 403, "read-only"),
        ("get", {"params": {"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"}}, 403, "SERVICE"),
        ("get", {"params": {"query": "SELECT ?x WHERE { ?x ?y }"}}, 400, "malformed"),
        ("get", {"params": {}}, 400, "missing query"),
    ],
)
def test_refusals_and_bad_queries(endpoint, method, kwargs, status, words):
    r = getattr(httpx, method)(f"{endpoint}/sparql", **kwargs)
    assert r.status_code == status and words in r.text


def test_a_slow_query_times_out_and_the_server_stays_up(endpoint):
    with ThreadPoolExecutor(4) as pool:
        slow = pool.submit(httpx.get, f"{endpoint}/sparql", params={"query": SLOW}, timeout=60)
        quick = [pool.submit(httpx.get, f"{endpoint}/sparql", params={"query": SELECT}, timeout=60) for _ in range(6)]
        r = slow.result()
        assert r.status_code == 503 and "timed out" in r.text
        assert all(f.result().status_code == 200 for f in quick)


def test_landing_page_and_explorer(endpoint):
    r = httpx.get(f"{endpoint}/")
    assert r.status_code == 200 and 'action="/sparql"' in r.text and "/explorer" in r.text
    r = httpx.get(f"{endpoint}/explorer")
    assert r.status_code == 200 and "const DATA = " in r.text


def test_kg_serve_command_answers_then_stops(seed_build):
    import re
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", str(seed_build[0]), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        url = re.search(r"(http://127\.0\.0\.1:\d+/sparql)", line).group(1)
        r = httpx.get(url, params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/sparql-results+json"})
        assert r.json()["boolean"] is True
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_kg_serve_answers_from_an_on_disk_store(seed_build, tmp_path):
    """The command itself, in its own process, serving a store folder inside a build folder."""
    import shutil
    import subprocess
    import sys

    from kg.store import write_store

    folder = tmp_path / "b"
    folder.mkdir()
    shutil.copy(seed_build[0] / "graph.html", folder / "graph.html")
    store = write_store(seed_build[0] / "graph.trig", folder / "store")
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", str(store), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("SPARQL endpoint http://127.0.0.1:"), line + proc.stderr.read()
        url = line.split()[2]
        r = httpx.post(url, data={"query": SELECT}, headers={"Accept": "application/sparql-results+json"}, timeout=30)
        names = [b["name"]["value"] for b in r.json()["results"]["bindings"]]
        assert "蒙盐集团" in names
        r = httpx.get(url.replace("/sparql", "/explorer"), timeout=30)
        assert r.status_code == 200 and "vis.Network" in r.text
    finally:
        proc.terminate()
        proc.wait(timeout=30)
