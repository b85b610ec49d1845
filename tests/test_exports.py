"""Every export parses in parsers other than the one that wrote it.

RDF exports of a loaded graph are written by Oxigraph; each is read back by
rdflib and by raptor's ``rapper`` (Debian's raptor2-utils, installed by
``make test``), and must hold the same triples as the build's ``graph.ttl``
(written by Oxigraph too, sorted, and read back here by Oxigraph). GraphML is read by the
standard library's XML parser against the GraphML schema's structure.
"""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from kg.cli import main

from .conftest import canonical

TRIPLE_FORMATS = {"ttl": ("turtle", "turtle"), "nt": ("nt", "ntriples"), "xml": ("xml", "rdfxml"),
                  "jsonld": ("json-ld", None)}
QUAD_FORMATS = {"trig": ("trig", "trig"), "nq": ("nquads", "nquads"), "jsonld": ("json-ld", None)}


@pytest.fixture(scope="module")
def reference(seed_build):
    """The build's own graph.ttl, as read by Oxigraph's parser."""
    g = Graph()
    for t in ox.parse(path=str(seed_build[0] / "graph.ttl"), format=ox.RdfFormat.TURTLE):
        g.add(_from_ox(t))
    return canonical(g)


def _from_ox(t):
    from rdflib import BNode, Literal, URIRef

    def term(x):
        if isinstance(x, ox.NamedNode):
            return URIRef(x.value)
        if isinstance(x, ox.BlankNode):
            return BNode(x.value)
        if x.language:
            return Literal(x.value, lang=x.language)
        return Literal(x.value, datatype=URIRef(x.datatype.value))

    return term(t.subject), term(t.predicate), term(t.object)


def _export(src, fmt, out):
    res = CliRunner().invoke(main, ["export", str(src), "--format", fmt, "--out", str(out)])
    assert res.exit_code == 0, res.output
    return out


def _rapper_count(path, syntax) -> int:
    res = subprocess.run(["rapper", "-i", syntax, "-c", str(path)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-500:]
    return int(res.stderr.split("returned")[1].split()[0])


@pytest.mark.parametrize("fmt", sorted(TRIPLE_FORMATS))
def test_triple_exports_read_back_in_other_parsers(seed_build, reference, tmp_path, fmt):
    rdflib_fmt, rapper_syntax = TRIPLE_FORMATS[fmt]
    # a triple format of a dataset is its default graph; JSON-LD keeps the named graphs (next test)
    source = seed_build[0] / ("graph.ttl" if fmt in QUAD_FORMATS else "graph.trig")
    out = _export(source, fmt, tmp_path / f"g.{fmt}")
    assert canonical(Graph().parse(out, format=rdflib_fmt)) == reference
    if rapper_syntax and shutil.which("rapper"):
        assert _rapper_count(out, rapper_syntax) == len(reference)


@pytest.mark.parametrize("source", ["graph.trig", "store"])
@pytest.mark.parametrize("fmt", sorted(QUAD_FORMATS))
def test_quad_exports_read_back_in_other_parsers(seed_build, tmp_path, fmt, source):
    from kg.store import write_store

    rdflib_fmt, rapper_syntax = QUAD_FORMATS[fmt]
    src = seed_build[0] / "graph.trig"
    if source == "store":
        src = write_store(src, tmp_path / "store")
    out = _export(src, fmt, tmp_path / f"g.{fmt}")
    ours = Dataset().parse(out, format=rdflib_fmt)
    built = Dataset().parse(seed_build[0] / "graph.trig", format="trig")
    assert len(list(ours.quads())) == len(list(built.quads())) > 2000
    assert {str(c.identifier) for c in ours.contexts()} == {str(c.identifier) for c in built.contexts()}
    # and in another store: Oxigraph's own parser finds the same quads, each document's provenance graph
    # with its own name
    ox_fmt = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD}[fmt]
    theirs = {str(q) for q in ox.parse(path=str(out), format=ox_fmt)}
    assert theirs == {str(q) for q in ox.parse(path=str(seed_build[0] / "graph.trig"), format=ox.RdfFormat.TRIG)}
    if rapper_syntax and shutil.which("rapper"):
        assert _rapper_count(out, rapper_syntax) == len(list(built.quads()))


def test_build_outputs_read_back_in_raptor(seed_build):
    if not shutil.which("rapper"):
        pytest.skip("rapper not installed (run `make virtuoso` as root)")
    n_ttl = _rapper_count(seed_build[0] / "graph.ttl", "turtle")
    assert n_ttl == len(Graph().parse(seed_build[0] / "graph.ttl"))
    assert _rapper_count(seed_build[0] / "graph.trig", "trig") > n_ttl
    assert _rapper_count(seed_build[0] / "ontology.ttl", "turtle") > 100


def test_graphml_is_well_formed_graphml(seed_build, tmp_path):
    out = _export(seed_build[0] / "graph.ttl", "graphml", tmp_path / "g.graphml")
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(out).getroot()
    assert root.tag == "{http://graphml.graphdrawing.org/xmlns}graphml"
    keys = {(k.get("for"), k.get("attr.name")) for k in root.findall("g:key", ns)}
    assert {("node", "label"), ("node", "type"), ("node", "iri"), ("edge", "relation")} <= keys
    graph = root.find("g:graph", ns)
    nodes = {n.get("id") for n in graph.findall("g:node", ns)}
    edges = graph.findall("g:edge", ns)
    assert len(nodes) > 100 and len(edges) > 100
    assert all(e.get("source") in nodes and e.get("target") in nodes for e in edges)


def test_build_and_export_write_the_same_terms(seed_build, tmp_path):
    """graph.ttl and kg export's Turtle are isomorphic to rdflib itself (same lexical forms), and an
    exact-value query finds the same rows in each, in rdflib and in Oxigraph."""
    from rdflib import XSD
    from rdflib.compare import isomorphic

    built = seed_build[0] / "graph.ttl"
    exported = _export(built, "ttl", tmp_path / "export.ttl")
    a, b = Graph().parse(built, format="turtle"), Graph().parse(exported, format="turtle")
    assert isomorphic(a, b)
    decimals = sorted({o for o in a.objects() if getattr(o, "datatype", None) == XSD.decimal})
    assert decimals and not any(str(d).endswith(".0") for d in decimals)  # canonical: "50", never "50.0"
    for value in decimals:
        q = f"SELECT ?s ?p WHERE {{ ?s ?p {value.n3()} }}"
        rows = {tuple(map(str, r)) for r in a.query(q)}
        assert rows == {tuple(map(str, r)) for r in b.query(q)}
        for path in (built, exported):
            store = ox.Store()
            store.load(path=str(path), format=ox.RdfFormat.TURTLE)
            assert {(s["s"].value, s["p"].value) for s in store.query(q)} == rows


def test_export_without_out_writes_beside_the_graph(seed_build, tmp_path):
    build = tmp_path / "build"
    shutil.copytree(seed_build[0], build, ignore=shutil.ignore_patterns(".zhkg-cache"))
    res = CliRunner().invoke(main, ["export", str(build), "--format", "nq"])  # as the README writes it
    assert res.exit_code == 0, res.output
    assert res.output.strip() == str(build / "graph.nq") and (build / "graph.nq").stat().st_size > 0
    res = CliRunner().invoke(main, ["export", str(build / "graph.trig"), "--format", "trig"])
    assert res.exit_code == 2 and "would write over it" in res.output
    res = CliRunner().invoke(main, ["export", str(build / "graph.ttl"), "--format", "nt", "--out", "-"])
    assert res.exit_code == 0 and res.output.count("\n") == len(Graph().parse(build / "graph.ttl"))


def test_a_focused_view_never_writes_over_the_builds_explorer(seed_build, tmp_path):
    from rdflib.namespace import RDF, RDFS

    build = tmp_path / "build"
    shutil.copytree(seed_build[0], build, ignore=shutil.ignore_patterns(".zhkg-cache"))
    full = (build / "graph.html").read_bytes()
    g = Graph().parse(build / "graph.ttl")
    kg = "https://w3id.org/zhkg/ontology#"
    name = sorted(str(o) for s in g.subjects(RDF.type, __import__("rdflib").URIRef(kg + "Enterprise"))
                  for o in g.objects(s, RDFS.label) if getattr(o, "language", None) == "zh")[0]
    res = CliRunner().invoke(main, ["view", str(build), "--focus", name])
    assert res.exit_code == 0, res.output
    written = build / res.output.strip().rsplit("/", 1)[-1]
    assert written.name.startswith("graph.focus-") and written.exists()
    assert (build / "graph.html").read_bytes() == full
    res = CliRunner().invoke(main, ["view", str(build), "--max-nodes", "5"])
    assert res.exit_code == 0 and res.output.strip().endswith("graph.top-5.html")
    assert (build / "graph.html").read_bytes() == full
