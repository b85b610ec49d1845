"""zhkg — a knowledge graph of enterprises, government bodies, officials, projects
and regions from Chinese news.

The library surface::

    import kg
    report = kg.build(["seeds"], "build")        # text files → graph.ttl, graph.trig, graph.html
    g = kg.load("build/graph.ttl")                # rdflib.Graph
    rows = kg.query(g, "agreements", org="蒙盐集团")
    df = kg.dataframe(g, "carbon-trades")        # pandas DataFrame, numbers typed
    kg.explore(g)                                 # the explorer, inline in Jupyter

Graphs are rdflib graphs with an Oxigraph store underneath (:mod:`kg.store`).
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
from kg.query import dataframe, named_queries, query
from kg.store import load
from kg.viz import explore

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
    "dataframe",
    "explore",
    "load",
    "named_queries",
    "query",
]
__version__ = "0.1.0"
