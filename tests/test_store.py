"""Oxigraph under rdflib: files, build folders and on-disk stores answer the same SPARQL."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from rdflib import Graph

import kg
from kg.cli import main
from kg.errors import GraphLoadError, OutputError, QueryParamError
from kg.query import bind, named_queries, query, run, to_srj
from kg.store import is_store, load, oxigraph_of, write_store

from .conftest import canonical

PARAMS = {"org": "森工集团", "region": "包头"}


@pytest.fixture(scope="module")
def seed_store(seed_build, tmp_path_factory):
    return write_store(seed_build[0] / "graph.trig", tmp_path_factory.mktemp("store") / "store")


def _rows(graph, name, **params):
    return [tuple(sorted(r.items())) for r in query(graph, name, **params)]


def test_every_named_query_gives_the_same_rows_on_each_engine_and_source(seed_build, seed_store):
    out = seed_build[0]
    sources = {
        "ttl/oxigraph": load(out / "graph.ttl"),
        "trig/oxigraph": load(out / "graph.trig"),
        "store": load(seed_store),
        "ttl/rdflib": load(out / "graph.ttl", engine="rdflib"),
    }
    assert oxigraph_of(sources["store"]) is not None and oxigraph_of(sources["ttl/rdflib"]) is None
    for name, nq in named_queries().items():
        for params in ({}, {p: PARAMS[p] for p in nq.params}):
            # numbers compare by value: Oxigraph writes 3.0 as its canonical "3"
            results = {src: [tuple((k, _num(v)) for k, v in r) for r in _rows(g, name, **params)]
                       for src, g in sources.items()}
            first = results["ttl/rdflib"]
            assert first, (name, params)
            for src, rows in results.items():
                assert rows == first, (name, params, src)


def _num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return v


def test_a_store_holds_the_graph_and_its_provenance_graphs(seed_build, seed_store):
    assert is_store(seed_store)
    g = load(seed_store)
    assert canonical(g) == canonical(Graph().parse(seed_build[0] / "graph.ttl"))
    n = query(g, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a a <https://w3id.org/zhkg/ontology#RelationAssertion> } }")
    assert int(n[0]["n"]) > 50


def test_two_processes_read_one_store_at_once(seed_store):
    code = ("import kg,sys; g=kg.load(sys.argv[1]); "
            "print(len(kg.query(g,'officials-of',org='森工集团')))")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(seed_store)], stdout=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert outs[0] == outs[1] and int(outs[0]) >= 3


def test_rewriting_a_store_replaces_it_whole_and_refuses_other_folders(seed_build, tmp_path):
    one = seed_build[0] / "graph.trig"
    dest = write_store(one, tmp_path / "s")
    write_store(one, dest)  # replacing an existing store is fine
    assert is_store(dest) and not list(tmp_path.glob(".s.*"))
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "keep.txt").write_text("mine")
    with pytest.raises(OutputError, match="not an Oxigraph store"):
        write_store(one, tmp_path / "notes")
    assert (tmp_path / "notes" / "keep.txt").read_text() == "mine"
    with pytest.raises(GraphLoadError, match="kg build"):
        load(tmp_path / "notes")


def test_a_broken_file_fails_and_leaves_no_half_store(tmp_path):
    bad = tmp_path / "bad.trig"
    bad.write_text("<a> <b> <c> { oops", encoding="utf-8")
    with pytest.raises(Exception):
        write_store(bad, tmp_path / "s")
    assert not (tmp_path / "s").exists() and not list(tmp_path.glob(".s.*"))
    with pytest.raises(GraphLoadError, match="bad.trig: cannot be parsed"):
        load(bad)


def test_parameters_are_literals_never_syntax(tmp_path):
    """A value with quotes, braces and a comment matches exactly that label and nothing else."""
    tricky = 'A"} ; DROP ALL # \\ 公司\n'
    ttl = tmp_path / "g.ttl"
    label = tricky.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    ttl.write_text(
        "@prefix kg: <https://w3id.org/zhkg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/zhkg/id/enterprise/x> a kg:Enterprise ; rdfs:label \"%s\"@zh .\n"
        "<https://w3id.org/zhkg/id/official/y> a kg:Official ; rdfs:label \"王五\"@zh ; kg:holdsPost <https://w3id.org/zhkg/id/post/p> .\n"
        "<https://w3id.org/zhkg/id/post/p> kg:postIn <https://w3id.org/zhkg/id/enterprise/x> ; kg:title \"董事长\" .\n" % label,
        encoding="utf-8")
    for engine in ("oxigraph", "rdflib"):
        g = load(ttl, engine=engine)
        assert [r["official"] for r in query(g, "officials-of", org=tricky)] == ["王五"]
        assert query(g, "officials-of", org='x" } } SELECT * WHERE { ?s ?p ?o } #') == []
        assert len(g) == 7  # nothing was changed
    assert 'VALUES ?org_param { "A\\"} ; DROP ALL # \\\\ 公司\\n" }' in bind(named_queries()["officials-of"].text,
                                                                         {"org": tricky})
    with pytest.raises(QueryParamError):
        query(load(ttl), "officials-of", organisation="x")


def test_sparql_results_json_and_dataframes(seed_graph):
    doc = json.loads(to_srj(run(seed_graph, "officials-of", org="森工集团")))
    assert doc["head"]["vars"] == ["organization", "official", "title"]
    officials = {b["official"]["value"] for b in doc["results"]["bindings"]}
    assert {"张良", "关立春"} <= officials
    ask = json.loads(to_srj(run(seed_graph, "ASK { ?s a <https://w3id.org/zhkg/ontology#CarbonTrade> }")))
    assert ask["boolean"] is True
    df = kg.dataframe(seed_graph, "carbon-trades")
    assert len(df) >= 3 and str(df["amount"].dtype) == "float64"
    assert df["amount"].max() >= 1_500_000
    assert list(kg.dataframe(seed_graph, "officials-of", org="森工集团").columns) == ["organization", "official", "title"]


def test_cli_builds_a_store_and_queries_it(tmp_path):
    from .conftest import SEEDS

    seed = sorted(SEEDS.glob("*.txt"))[1]
    out, store = tmp_path / "b", tmp_path / "b" / "store"
    res = CliRunner().invoke(main, ["build", str(seed), "--out", str(out), "--store", str(store), "--no-html"])
    assert res.exit_code == 0, res.output
    assert f"store       {store}" in res.output and is_store(store)
    for target in (store, out):  # a build folder with a store answers from the store
        res = CliRunner().invoke(main, ["query", str(target), "--name", "agreements", "--format", "srj"])
        assert res.exit_code == 0, res.output
        assert json.loads(res.output)["head"]["vars"] == ["agreement", "parties", "title", "date"]
    res = CliRunner().invoke(main, ["query", str(store), "CONSTRUCT WHERE { ?s ?p ?o }", "--format", "srj"])
    assert res.exit_code == 2 and "SELECT and ASK" in res.output


def test_from_and_dataset_parameters_count_what_pyoxigraph_counts(seed_build):
    """One document's provenance graph chosen by FROM (kg query, kg.query) or by default-graph-uri
    (kg serve) holds exactly the triples pyoxigraph finds there, not the whole graph."""
    import threading

    import httpx
    import pyoxigraph as ox

    from kg.serve import EndpointConfig, make_server

    trig = seed_build[0] / "graph.trig"
    store = ox.Store()
    store.load(path=str(trig), format=ox.RdfFormat.TRIG)
    name = sorted(g.value for g in store.named_graphs())[0]
    count = "SELECT (COUNT(*) AS ?n) {} WHERE {{ ?s ?p ?o }}"
    expected = next(iter(store.query(count.format(f"FROM <{name}>"))))["n"].value
    everything = next(iter(store.query(count.format(""))))["n"].value
    assert expected != everything

    res = CliRunner().invoke(main, ["query", str(trig), count.format(f"FROM <{name}>"), "--format", "csv"])
    assert res.exit_code == 0 and res.output.split() == ["n", expected], res.output
    assert query(load(trig), count.format(f"FROM <{name}>"))[0]["n"] == expected
    named = f"SELECT (COUNT(*) AS ?n) FROM NAMED <{name}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert query(load(trig), named)[0]["n"] == expected

    server = make_server(trig, "127.0.0.1", 0, EndpointConfig(workers=1))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        r = httpx.get(f"http://127.0.0.1:{server.server_address[1]}/sparql",
                      params={"query": count.format(""), "default-graph-uri": name},
                      headers={"Accept": "application/sparql-results+json"})
        assert r.json()["results"]["bindings"][0]["n"]["value"] == expected
    finally:
        server.shutdown()
        server.server_close()
