"""Graph → bytes, deterministically.

rdflib's Turtle and TriG writers order subjects, predicates and objects, and
zhkg writes no blank nodes, so the same graph always gives the same bytes.
"""

from __future__ import annotations

from rdflib import Dataset, Graph

__all__ = ["FORMATS", "serialize"]

#: Export formats: name → (rdflib format, needs a dataset)
FORMATS = {
    "turtle": ("turtle", False),
    "ttl": ("turtle", False),
    "nt": ("nt", False),
    "trig": ("trig", True),
    "nq": ("nquads", True),
    "jsonld": ("json-ld", False),
    "xml": ("xml", False),
}


def serialize(graph: Graph | Dataset, fmt: str) -> bytes:
    """Serialise *graph* as *fmt* (a key of :data:`FORMATS` or an rdflib format name)."""
    rdf_fmt = FORMATS.get(fmt, (fmt, False))[0]
    data = graph.serialize(format=rdf_fmt, encoding="utf-8")
    if rdf_fmt in ("nt", "nquads"):
        # line-based formats come out in hash order: sort the lines
        lines = sorted(set(data.decode("utf-8").splitlines()))
        data = ("\n".join(lines) + "\n").encode("utf-8")
    return data
