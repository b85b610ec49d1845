"""zhkg — a knowledge graph of enterprises, government bodies, officials, projects
and regions from Chinese news.

The library surface::

    import kg
    report = kg.build(["seeds"], "build")        # text files → graph.ttl, graph.trig, graph.html
    g = kg.load("build/graph.ttl")                # rdflib.Graph
    rows = kg.query(g, "agreements", org="青禾集团")
    df = kg.dataframe(g, "carbon-trades")        # pandas DataFrame, numbers typed
    kg.explore(g)                                 # the explorer, inline in Jupyter

Graphs are rdflib graphs with an Oxigraph store underneath (:mod:`kg.store`).
The build, the explorer and the RDF stack are imported on first use, so a query
worker does not pay for the NLP stack, nor a build's worker process for rdflib.
"""

from __future__ import annotations

import importlib

from kg.errors import (
    GraphLoadError,
    InputError,
    ModelError,
    OutputError,
    QueryError,
    QueryParamError,
    ZhkgError,
)
# kg.query is imported here, before anything else can, so that the name ``kg.query`` is the
# function and not the submodule the import system would otherwise bind over it.
# It is light: rdflib and Oxigraph load with the first graph or query, not with ``import kg``.
from kg.query import dataframe, named_queries, query

_LAZY = {
    "BuildReport": "kg.builder",
    "build": "kg.builder",
    "explore": "kg.viz",
    "load": "kg.store",
}

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


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
