"""Check a graph against ``ontology/zhkg-shapes.ttl`` with pySHACL::

    conforms, report = validate_graph("build/graph.ttl")
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.builder import ONTOLOGY_FILE
from kg.store import load, oxigraph_of, to_memory

__all__ = ["SHAPES_FILE", "validate_graph"]

SHAPES_FILE = ONTOLOGY_FILE.with_name("zhkg-shapes.ttl")


def validate_graph(graph: str | Path | Graph) -> tuple[bool, str]:
    """``(conforms, report text)`` for *graph* (a path, build folder or rdflib Graph)."""
    from pyshacl import validate

    g = graph if isinstance(graph, Graph) else load(graph, engine="rdflib")  # a store opens in Oxigraph anyway
    if oxigraph_of(g) is not None:  # its simple literals come back typed xsd:string, which sh:in would not match
        g = to_memory(g)
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    ont = Graph().parse(ONTOLOGY_FILE, format="turtle")
    conforms, _results, text = validate(g, shacl_graph=shapes, ont_graph=ont, inference="none",
                                        allow_warnings=True)
    return bool(conforms), text
