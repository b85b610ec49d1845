"""zhkg — a knowledge graph of enterprises, government bodies, officials, projects
and regions from Chinese news.

The library surface::

    import kg
    report = kg.build(["seeds"], "build")        # text files → graph.ttl, graph.trig, graph.html
    g = kg.load("build/graph.ttl")                # rdflib.Graph
    rows = kg.query(g, "agreements", org="蒙盐集团")
"""

from __future__ import annotations

from kg.builder import BuildReport, build
from kg.errors import (
    GraphLoadError,
    InputError,
    ModelError,
    OutputError,
    QueryError,
    QueryParamError,
    ZhkgError,
)
from kg.query import load, named_queries, query

__all__ = [
    "BuildReport",
    "GraphLoadError",
    "InputError",
    "ModelError",
    "OutputError",
    "QueryError",
    "QueryParamError",
    "ZhkgError",
    "build",
    "load",
    "named_queries",
    "query",
]
__version__ = "0.1.0"
