"""End to end on the seed corpus: outputs, RDF parsers, SHACL, named queries, determinism, bad input."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.namespace import RDF

from kg.builder import build
from kg.query import load, query
from kg.rdf.terms import ENTITY_CLASSES, KG

from .conftest import ROOT, SEEDS, SHARED

SEED_1 = SEEDS / "001_5fbdaa8fd5a4efac.txt"


def test_build_writes_all_outputs(seed_build):
    out, report = seed_build
    for name in ("graph.ttl", "graph.trig", "ontology.ttl", "graph.html"):
        assert (out / name).stat().st_size > 0
    assert report.documents == 5 and not report.skipped
    assert report.entities["Enterprise"] >= 10
    assert sorted(p.name for p in out.glob(".*")) == [".zhkg-build.lock", ".zhkg-cache"]  # no temporary files left


def test_turtle_parses_in_rdflib_and_pyoxigraph(seed_build):
    import pyoxigraph

    out, _ = seed_build
    g = Graph().parse(out / "graph.ttl", format="turtle")
    store = pyoxigraph.Store()
    store.load(path=str(out / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(g) > 500
    ds = Dataset()
    ds.parse(out / "graph.trig", format="trig")
    named = [c for c in ds.graphs() if c.identifier != ds.default_context.identifier and len(c)]
    assert len(named) == 5  # one provenance graph per document
    store2 = pyoxigraph.Store()
    store2.load(path=str(out / "graph.trig"), format=pyoxigraph.RdfFormat.TRIG)
    assert len(store2) == len(set(ds.quads((None, None, None, None))))


def test_no_blank_nodes_and_iris_under_the_id_namespace(seed_graph):
    from rdflib import BNode

    assert not any(isinstance(t, BNode) for triple in seed_graph for t in triple)
    for s in seed_graph.subjects(RDF.type, KG.Enterprise):
        assert str(s).startswith("https://w3id.org/zhkg/id/enterprise/")


def test_every_entity_has_label_pinyin_and_evidence_has_offsets(seed_build, seed_graph):
    from rdflib.namespace import RDFS

    for cls in ENTITY_CLASSES:
        for s in seed_graph.subjects(RDF.type, KG[cls]):
            langs = sorted(o.language.lower() for o in seed_graph.objects(s, RDFS.label))  # tags are case-insensitive
            assert langs == ["zh", "zh-latn-pinyin"], s
    raws = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    rows = query(seed_graph, """
        PREFIX kg: <https://w3id.org/zhkg/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?id ?start ?end WHERE { ?e a kg:Evidence ; kg:document/dcterms:identifier ?id ;
                                       kg:startOffset ?start ; kg:endOffset ?end }""")
    assert rows
    for r in rows:
        raw = raws[r["id"]]
        assert 0 <= int(r["start"]) < int(r["end"]) <= len(raw)


def test_seed_graph_conforms_to_the_shapes(seed_build):
    from kg.validate import validate_graph

    conforms, text = validate_graph(seed_build[0] / "graph.ttl")
    assert conforms, text


def test_a_store_and_its_build_folder_validate_like_the_turtle(tmp_path):
    from kg.validate import validate_graph

    out = tmp_path / "out"
    build([SEED_1], out, html=False, store=out / "store")
    for target in (out / "graph.ttl", out / "store", out):
        conforms, text = validate_graph(target)
        assert conforms, (target, text[:400])


def test_shapes_catch_a_broken_graph(seed_graph, tmp_path):
    from rdflib import Literal

    from kg.validate import validate_graph

    g = Graph()
    for t in seed_graph:
        g.add(t)
    region = next(g.subjects(RDF.type, KG.Region))
    g.add((region, KG.adminCode, Literal("not-a-code")))
    conforms, text = validate_graph(g)
    assert not conforms and "adminCode" in text


def _pairs(rows, a, b):
    return {frozenset((r[a], r[b])) for r in rows}


def test_named_queries_return_each_seed_agreement_once(seed_graph):
    rows = query(seed_graph, "agreements")
    parties = [frozenset(r["parties"].split(" | ")) for r in rows]
    assert len(parties) == len(set(parties)) == len({r["agreement"] for r in rows})
    sengong = "中国内蒙古森林工业集团有限责任公司"
    for other in ("蒙盐集团", "远景科技集团", "包钢集团"):
        assert frozenset((sengong, other)) in parties, other
    three = [r for r in rows if len(r["parties"].split(" | ")) == 3]
    assert len(three) == 1 and three[0]["title"] == "《认购林草碳汇替代生态环境损害修复协作框架协议》"
    only = query(seed_graph, "agreements", org="蒙盐集团")
    assert [frozenset(r["parties"].split(" | ")) for r in only] == [frozenset((sengong, "蒙盐集团"))]
    assert only[0]["date"] == "2024-01-10"


def test_multi_party_agreement_links_every_pair(seed_graph):
    rows = query(seed_graph, """
        PREFIX kg: <https://w3id.org/zhkg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?a ?b WHERE { ?x kg:signedAgreementWith ?y . ?x rdfs:label ?a . ?y rdfs:label ?b .
                             FILTER(LANG(?a) = "zh" && LANG(?b) = "zh") }""")
    pairs = {frozenset((r["a"], r["b"])) for r in rows}
    trio = ("中国内蒙古森林工业集团有限责任公司", "内蒙古自治区人民检察院", "内蒙古自治区林草局")
    for i in range(3):
        for j in range(i + 1, 3):
            assert frozenset((trio[i], trio[j])) in pairs


def test_named_queries_officials_trades_and_regions(seed_graph):
    officials = query(seed_graph, "officials-of", org="森工集团")
    assert {r["official"] for r in officials} >= {"张良", "牛广忠", "关立春"}
    assert {r["title"] for r in officials if r["official"] == "张良"} == {"党委书记、董事长"}
    trades = query(seed_graph, "carbon-trades")
    donation = [r for r in trades if "十四冬组委会" in (r["party1"], r["party2"])]
    assert donation and donation[0]["seller"] == "中国内蒙古森林工业集团有限责任公司"
    assert float(donation[0]["quantity"]) == 30000
    inside = query(seed_graph, "located-in", region="包头")
    assert "土默特右旗" in {r["thing"] for r in inside}
    everything = {r["thing"] for r in query(seed_graph, "located-in", region="内蒙古自治区")}
    assert "土默特右旗" in everything  # through 包头市, transitively


def test_bad_sparql_is_a_query_error_with_its_position(seed_graph):
    from kg.errors import QueryError

    with pytest.raises(QueryError, match=r"line 1, column \d+"):
        query(seed_graph, "SELECT ?x WHERE { ?x ?y }")
    with pytest.raises(QueryError, match="named queries are"):
        query(seed_graph, "no-such-query")


def test_same_input_gives_byte_identical_output_across_processes(tmp_path):
    """Two builds in separate processes, with different hash seeds, write the same bytes — every output."""
    import os
    import subprocess
    import sys

    seeds = sorted(SEED_1.parent.glob("*.txt"))[:3]
    for run, seed in (("a", "1"), ("b", "4242")):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        res = subprocess.run([sys.executable, "-m", "kg.cli", "build", *map(str, seeds), "--out", str(tmp_path / run),
                              "--store", str(tmp_path / run / "store")], env=env, capture_output=True, text=True)
        assert res.returncode == 0, res.stderr
    for name in ("graph.ttl", "graph.trig", "graph.html", "ontology.ttl"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def _facts(path: Path) -> set:
    """Entity and relation triples, minus what depends on the file (path, hash, evidence)."""
    g = Graph().parse(path, format="turtle")
    skip = {KG.evidence, KG.sha256}
    out = set()
    for s, p, o in g:
        if "/evidence/" in str(s) or "/document/" in str(s) or p in skip or "/document/" in str(o):
            continue
        out.add((s, p, o))
    return out


def test_parallel_extraction_writes_the_same_bytes(tmp_path):
    from kg.parallel import start_method

    seeds = sorted(SEEDS.glob("*.txt"))[:3]
    one = build(seeds, tmp_path / "one", jobs=1)
    assert start_method() == "spawn"  # this process has numpy loaded (and pytest's threads, maybe)
    two = build(seeds, tmp_path / "two", jobs=2)
    # the command starts its workers before anything loads numpy: forked on Linux
    res = subprocess.run([sys.executable, "-c", "from kg.parallel import start_method; print(start_method())"],
                         capture_output=True, text=True, check=True)
    assert res.stdout.strip() == ("fork" if sys.platform.startswith("linux") else "spawn")
    res = subprocess.run([sys.executable, "-m", "kg.cli", "build", *map(str, seeds), "--out", str(tmp_path / "cli"),
                          "--jobs", "2", "--no-cache"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    for name in ("graph.ttl", "graph.trig", "graph.html"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    assert one.summary().replace("one", "two") == two.summary()


def test_a_rebuild_reuses_unchanged_documents_and_equals_a_clean_build(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(f, corpus)
    out = tmp_path / "out"
    assert build([corpus], out, html=False).reused == 0
    assert build([corpus], out, html=False).summary().startswith("documents   3 read, 3 reused, 0 skipped")
    changed = sorted(corpus.glob("*.txt"))[2]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n湖州绿源环保科技有限公司与安吉县人民政府签署合作协议。\n",
                       encoding="utf-8")
    assert build([corpus], out, html=False).summary().startswith("documents   3 read, 2 reused, 0 skipped")
    build([corpus], tmp_path / "clean", html=False, cache=False)
    for name in ("graph.ttl", "graph.trig"):
        assert (out / name).read_bytes() == (tmp_path / "clean" / name).read_bytes(), name
    assert "安吉县人民政府" in (out / "graph.ttl").read_text(encoding="utf-8")
    changed.unlink()  # a document taken out takes its facts with it
    assert build([corpus], out, html=False).summary().startswith("documents   2 read, 2 reused, 0 skipped")
    assert "安吉县人民政府" not in (out / "graph.ttl").read_text(encoding="utf-8")
    assert len(list((out / ".zhkg-cache").glob("*/*.pickle"))) == 2


def test_a_gbk_copy_builds_the_same_graph(tmp_path):
    src = tmp_path / "gbk"
    src.mkdir()
    (src / SEED_1.name).write_bytes(SEED_1.read_text(encoding="utf-8").encode("gb18030"))
    build([SEED_1], tmp_path / "utf8", html=False)
    build([src], tmp_path / "gbk-out", html=False)
    assert _facts(tmp_path / "utf8" / "graph.ttl") == _facts(tmp_path / "gbk-out" / "graph.ttl")


def test_an_undecodable_file_is_reported_and_the_rest_builds(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED_1, corpus)
    (corpus / "broken.txt").write_bytes(bytes(range(256)) * 16)
    report = build([corpus], tmp_path / "out", html=False)
    assert report.documents == 1
    assert [Path(p).name for p, _ in report.skipped] == ["broken.txt"]
    assert "UTF-8" in report.skipped[0][1]
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_a_failed_build_leaves_earlier_outputs_intact(tmp_path):
    from kg.errors import InputError

    out = tmp_path / "out"
    build([SEED_1], out, html=False)
    before = (out / "graph.ttl").read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(InputError, match="no document could be read"):
        build([bad], out, html=False)
    assert (out / "graph.ttl").read_bytes() == before


def test_an_interrupted_store_write_leaves_the_previous_build_whole(tmp_path, monkeypatch):
    """Ctrl-C while the store is being written: graph.* and store/ are all still the earlier build's."""
    import kg.store

    out, seeds = tmp_path / "out", sorted(SEEDS.glob("*.txt"))
    build([seeds[0]], out, html=False, store=out / "store")
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    n_before = query(load(out / "store"), count)[0]["n"]

    real_fill = kg.store._fill

    def interrupted(*args):
        real_fill(*args)
        raise KeyboardInterrupt

    monkeypatch.setattr(kg.store, "_fill", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build([seeds[1]], out, html=False, store=out / "store")
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert query(load(out / "store"), count)[0]["n"] == n_before
    assert sorted(p.name for p in out.iterdir()) == sorted([*before, "store", ".zhkg-cache"])  # no leftovers


def test_outputs_follow_the_umask(tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        out = tmp_path / "out"
        build([SEED_1], out, store=out / "store")
        res = subprocess.run([sys.executable, "-m", "kg.cli", "export", str(out / "graph.ttl"), "--format", "nt",
                              "--out", str(out / "graph.nt")], capture_output=True, text=True)
        assert res.returncode == 0, res.stderr
    finally:
        os.umask(old)
    for name in ("graph.ttl", "graph.trig", "graph.html", "ontology.ttl", "graph.nt"):
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o644, name
    assert stat.S_IMODE((out / "store").stat().st_mode) == 0o755


def test_html_is_offline_and_shows_every_entity(seed_build, seed_graph):
    html = (seed_build[0] / "graph.html").read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=\s*[\"']?https?://", html, re.I)
    assert "@import" not in html
    data = json.loads(re.search(r"const DATA = (.*);\n", html).group(1))
    entities = {s for cls in ENTITY_CLASSES for s in seed_graph.subjects(RDF.type, KG[cls])}
    assert len(data["nodes"]) == len(entities)
    assert data["edges"]


def test_html_labels_are_data_not_markup():
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS

    from kg.viz import render_html

    g = Graph()
    s = URIRef("https://w3id.org/zhkg/id/enterprise/x")
    g.add((s, RDF.type, KG.Enterprise))
    g.add((s, RDFS.label, Literal('<script>alert(1)</script>"><img src=x onerror=alert(2)>集团', lang="zh")))
    html = render_html(g)
    body = html.split("const DATA = ", 1)[1]
    assert "<script>alert" not in body and "<img" not in body
    assert "\\u003cscript\\u003ealert(1)" in body


@pytest.mark.skipif(not (SHARED / "gold").exists(), reason="needs ../shared/gold")
def test_seed_gold_scores_do_not_regress(tmp_path):
    for f in sorted(SEEDS.glob("*.txt")):
        build([f], tmp_path / f.stem, html=False)
    out = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "kgscore.py"), "--gold-dir", str(SHARED / "gold"),
         "--graph-dir", str(tmp_path), "--json"], capture_output=True, text=True, check=True)
    scores = json.loads(out.stdout)
    assert scores["entities"]["f1"] >= 0.87, scores["entities"]
    assert scores["relations"]["f1"] >= 0.90, scores["relations"]
    assert scores["entities"]["dup"] == 0
