from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import main

from .conftest import SEEDS


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help_with_an_example(command):
    res = CliRunner().invoke(main, [command, "--help"])
    assert res.exit_code == 0
    assert "Example:" in res.output


def test_query_prints_a_table_and_csv(seed_build):
    out = str(seed_build[0])
    runner = CliRunner()
    res = runner.invoke(main, ["query", out, "--name", "officials-of", "--param", "org=蒙盐集团"])
    assert res.exit_code == 0, res.output
    assert "袁肃" in res.output and "row" in res.output
    res = runner.invoke(main, ["query", out, "--name", "agreements", "--format", "csv"])
    assert res.output.splitlines()[0] == "agreement,parties,title,date"


def test_bad_sparql_exits_2_with_one_line(seed_build):
    res = CliRunner().invoke(main, ["query", str(seed_build[0]), "SELECT ?x WHERE { ?x ?y }"])
    assert res.exit_code == 2
    lines = [l for l in res.output.splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: query: syntax error at line 1, column")


def test_unknown_parameter_is_refused(seed_build):
    res = CliRunner().invoke(main, ["query", str(seed_build[0]), "--name", "agreements", "--param", "who=x"])
    assert res.exit_code == 2
    assert "unknown parameter(s) who" in res.output


def test_validate_exit_codes(seed_build, tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["validate", str(seed_build[0] / "graph.ttl")]).exit_code == 0
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix kg: <https://w3id.org/zhkg/ontology#> .\n<x:a> kg:holdsPositionIn <x:b> .\n", encoding="utf-8")
    assert runner.invoke(main, ["validate", str(bad)]).exit_code == 1
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle", encoding="utf-8")
    res = runner.invoke(main, ["validate", str(broken)])
    assert res.exit_code == 2 and "cannot be parsed" in res.output


def test_build_reports_skipped_files_and_exits_1(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ok.txt").write_text((SEEDS / "003_d8021e33e9058de8.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "in" / "bad.txt").write_bytes(b"\xff\xfe\x00\x00" * 50 + bytes(range(256)))
    res = CliRunner().invoke(main, ["build", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--no-html"])
    assert res.exit_code == 1
    assert "bad.txt" in res.output and "documents   1 read, 0 reused, 1 skipped" in res.output
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_export_formats(seed_build, tmp_path):
    import pyoxigraph

    res = CliRunner().invoke(main, ["export", str(seed_build[0] / "graph.trig"), "--format", "nq", "--out", str(tmp_path / "g.nq")])
    assert res.exit_code == 0, res.output
    store = pyoxigraph.Store()
    store.load(path=str(tmp_path / "g.nq"), format=pyoxigraph.RdfFormat.N_QUADS)
    assert len(store) > 500


def _html_nodes(path):
    import json
    import re

    html = path.read_text(encoding="utf-8")
    return json.loads(re.search(r"const DATA = (.*);\n", html).group(1))["nodes"]


def test_view_focus_draws_the_neighbourhood(seed_build, tmp_path):
    out = tmp_path / "focus.html"
    res = CliRunner().invoke(main, ["view", str(seed_build[0]), "--focus", "蒙盐集团", "--depth", "1", "--out", str(out)])
    assert res.exit_code == 0, res.output
    labels = {n["label"] for n in _html_nodes(out)}
    assert {"蒙盐集团", "袁肃", "中国内蒙古森林工业集团有限责任公司"} <= labels
    assert "鄂尔多斯市" not in labels
    res = CliRunner().invoke(main, ["view", str(seed_build[0]), "--max-nodes", "7", "--out", str(out)])
    assert res.exit_code == 0 and len(_html_nodes(out)) == 7
    res = CliRunner().invoke(main, ["view", str(seed_build[0]), "--focus", "不存在的公司", "--out", str(out)])
    assert res.exit_code == 2 and "no entity named" in res.output


def test_graphml_export_opens_in_networkx(seed_build, seed_graph, tmp_path):
    import networkx as nx

    from kg.rdf.terms import ENTITY_CLASSES, KG

    out = tmp_path / "g.graphml"
    assert CliRunner().invoke(main, ["export", str(seed_build[0] / "graph.ttl"), "--format", "graphml",
                                     "--out", str(out)]).exit_code == 0
    G = nx.read_graphml(out)
    entities = {s for c in ENTITY_CLASSES for s in seed_graph.subjects(None, KG[c])}
    assert G.number_of_nodes() == len(entities)
    labels = {d["label"] for _, d in G.nodes(data=True)}
    assert "蒙盐集团" in labels
    assert {d["relation"] for _, _, d in G.edges(data=True)} == {
        "signedAgreementWith", "tradedCarbonWith", "locatedIn", "holdsPositionIn"}


def test_jsonld_export_round_trips_with_the_shipped_context(seed_build, seed_graph, tmp_path):
    import json

    from rdflib import Graph

    from kg.rdf.serialize import JSONLD_CONTEXT

    from .conftest import ROOT, canonical

    out = tmp_path / "g.jsonld"
    assert CliRunner().invoke(main, ["export", str(seed_build[0] / "graph.ttl"), "--format", "jsonld",
                                     "--out", str(out)]).exit_code == 0
    back = Graph().parse(out, format="json-ld")
    assert canonical(back) == canonical(Graph().parse(seed_build[0] / "graph.ttl"))
    assert json.loads((ROOT / "ontology" / "zhkg-context.jsonld").read_text(encoding="utf-8")) == JSONLD_CONTEXT


def test_the_command_ends_a_build_at_once_and_anything_else_as_python_does(tmp_path):
    """``kg`` (kg.cli:run) leaves by os._exit after a written build: the summary still reaches a pipe
    whole and the exit code still tells skipped files; other commands end normally, atexit included."""
    import subprocess
    import sys

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("宁波港集团与舟山市人民政府签署合作协议。", encoding="utf-8")
    ok = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(tmp_path / "ok"),
                         "--no-html", "--rules-only"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines()[0].startswith("documents   1 read") and ok.stdout.rstrip().endswith("ontology.ttl")
    (corpus / "b.txt").write_bytes(b"")
    skipped = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(tmp_path / "sk"),
                              "--no-html", "--rules-only"], capture_output=True, text=True)
    assert skipped.returncode == 1 and "skipped" in skipped.stdout
    code = ("import atexit, sys; from kg import cli; atexit.register(lambda: print('atexit ran'));"
            "sys.argv = ['kg', 'query', sys.argv[1], '--name', 'no-such-query']; cli.run()")
    other = subprocess.run([sys.executable, "-c", code, str(tmp_path / "ok")], capture_output=True, text=True)
    assert other.returncode == 2 and "atexit ran" in other.stdout
    # under a profiler the build ends as Python ends, so the profile is written
    prof = tmp_path / "build.prof"
    profiled = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "kg.cli", "build", str(corpus),
                               "--out", str(tmp_path / "pr"), "--no-html", "--rules-only"], capture_output=True, text=True)
    assert "documents   1 read" in profiled.stdout and prof.stat().st_size > 0  # (cProfile swallows the exit code)


def test_the_default_number_of_workers_follows_the_corpus_size_and_how_workers_start(tmp_path, monkeypatch):
    import os

    from kg import cli, parallel

    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_text("短文。" * 10, encoding="utf-8")
    big.write_text("长文。" * 12_000, encoding="utf-8")  # 108 KB
    cores = os.cpu_count() or 1
    monkeypatch.setattr(parallel, "start_method", lambda: "fork")
    assert cli._default_jobs([small]) == 1 and cli._default_jobs([big]) == cores
    monkeypatch.setattr(parallel, "start_method", lambda: "spawn")  # each worker imports everything anew
    assert cli._default_jobs([big]) == 1 and cli._default_jobs([big] * 3) == cores
