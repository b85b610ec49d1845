"""The namespace module and the ontology file list the same terms."""

from __future__ import annotations

import ast
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.rdf.terms import KG, NS

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "zhkg.ttl"


def _ontology_terms() -> set[str]:
    g = Graph().parse(ONTOLOGY, format="turtle")
    return {str(s)[len(NS):] for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(NS)}


def _module_terms() -> set[str]:
    return {k for k in KG.__annotations__}


def test_every_term_in_the_module_is_in_the_ontology_and_back():
    assert _module_terms() == _ontology_terms()


def test_a_misspelt_term_is_an_error():
    import pytest

    with pytest.raises(AttributeError):
        KG.Enterprize  # noqa: B018


def test_the_writers_oxigraph_terms_are_the_namespace_terms():
    import pyoxigraph as ox
    import pytest

    from kg.rdf.graph import _KG

    assert _KG.Enterprise == ox.NamedNode(KG.Enterprise) and _KG["Region"] == ox.NamedNode(KG.Region)
    with pytest.raises(AttributeError):
        _KG.Enterprize  # noqa: B018


_VIEWS = ("KG", "_KG")  # the namespace, and the writer's Oxigraph view of it (kg/rdf/graph.py)


def test_every_kg_term_used_in_code_exists():
    used = set()
    for path in (ROOT / "kg").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in _VIEWS:
                used.add(node.attr)
            if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in _VIEWS
                    and isinstance(node.slice, ast.Constant)):
                used.add(node.slice.value)
    assert used, "the code should use the namespace module"
    assert used <= _ontology_terms()


def test_ontology_contract_of_the_scorer():
    g = Graph().parse(ONTOLOGY, format="turtle")
    for cls in ("Organization", "Enterprise", "GovernmentBody", "Person", "Official", "Project", "Region"):
        assert (KG[cls], RDF.type, OWL.Class) in g
        langs = {o.language for o in g.objects(KG[cls], RDFS.label)}
        assert {"zh", "en"} <= langs
    assert (KG.Enterprise, RDFS.subClassOf, KG.Organization) in g
    assert (KG.GovernmentBody, RDFS.subClassOf, KG.Organization) in g
    assert (KG.Official, RDFS.subClassOf, KG.Person) in g
    assert (KG.signedAgreementWith, RDF.type, OWL.SymmetricProperty) in g
    assert (KG.tradedCarbonWith, RDF.type, OWL.SymmetricProperty) in g
    assert (KG.locatedIn, RDF.type, OWL.TransitiveProperty) in g
    assert (KG.holdsPositionIn, RDFS.domain, KG.Official) in g
    assert (KG.Post, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Post")) in g
