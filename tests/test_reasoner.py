"""The ontology and the data it describes, together, as an OWL 2 DL reasoner reads them: HermiT (the jar
that owlready2 ships, on Java from Debian's packages) finds the seed graph with its provenance consistent
with ``ontology/zhkg.ttl``. Literals of XML Schema's partial dates (gYear, gYearMonth, gMonthDay), which
lie outside the OWL 2 datatype map, are left to the reasoner's ``--ignoreUnsupportedDatatypes``."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDFS, XSD

from .conftest import ROOT

owlready2 = pytest.importorskip("owlready2")
if shutil.which("java") is None:
    pytest.skip("no Java here for HermiT (make test installs Debian's default-jre-headless)", allow_module_level=True)

ONTOLOGY = ROOT / "ontology" / "zhkg.ttl"
KG = "https://w3id.org/zhkg/ontology#"


def _hermit(ontology: Graph, data: Path, tmp: Path) -> subprocess.CompletedProcess:
    ds = Dataset()
    ds.parse(data, format="trig")
    merged = Graph()
    for triple in ontology:
        merged.add(triple)
    for s, p, o, _ in ds.quads((None, None, None, None)):  # the default graph and every provenance graph
        merged.add((s, p, o))
    path = tmp / "merged.owl"
    merged.serialize(path, format="xml", encoding="utf-8")
    jar = Path(owlready2.__file__).parent / "hermit"
    return subprocess.run(["java", "-Xmx1g", "-cp", f"{jar}:{jar / 'HermiT.jar'}", "org.semanticweb.HermiT.cli.CommandLine",
                           "-k", "--ignoreUnsupportedDatatypes", path.as_uri()], capture_output=True, text=True, timeout=600)


def test_the_seed_graph_is_consistent_with_the_ontology_for_hermit(seed_build, tmp_path):
    res = _hermit(Graph().parse(ONTOLOGY), seed_build[0] / "graph.trig", tmp_path)
    assert res.returncode == 0 and "owl#Thing is satisfiable" in res.stdout, res.stdout + res.stderr[-2000:]


def test_a_range_the_data_breaks_is_found_inconsistent(seed_build, tmp_path):
    # the check can fail: a sentence's range of xsd:string, which its language-tagged values are not in
    onto = Graph().parse(ONTOLOGY)
    sentence = URIRef(KG + "sentence")
    onto.remove((sentence, RDFS.range, None))
    onto.add((sentence, RDFS.range, XSD.string))
    res = _hermit(onto, seed_build[0] / "graph.trig", tmp_path)
    assert res.returncode != 0 and "InconsistentOntologyException" in res.stderr, res.stdout + res.stderr[-2000:]
