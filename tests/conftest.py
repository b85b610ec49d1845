"""Shared fixtures: the seed graph is built once per session (rules and model, as shipped)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """``kg build seeds`` into a temporary folder; returns (folder, report)."""
    from kg.builder import build

    out = tmp_path_factory.mktemp("seed-build")
    report = build([SEEDS], out)
    return out, report


@pytest.fixture(scope="session")
def seed_graph(seed_build):
    from kg.query import load

    return load(seed_build[0] / "graph.ttl")


def canonical(graph) -> set:
    """The triples of *graph* as RDF 1.1 compares them: language tags in any case,
    simple literals with or without ``xsd:string``, decimals by value (3.0 = 3)."""
    from decimal import Decimal

    from rdflib import XSD, Literal

    out = set()
    for s, p, o in graph.triples((None, None, None)):
        if isinstance(o, Literal) and (o.language or o.datatype == XSD.string):
            o = Literal(str(o), lang=o.language.lower() if o.language else None)
        elif isinstance(o, Literal) and o.datatype == XSD.decimal:
            o = ("decimal", Decimal(str(o)).normalize())
        out.add((s, p, o))
    return out


def serve_text(tmp_path, data: str, name: str = "graph.trig", **cfg):
    """A ``kg serve`` server on 127.0.0.1 (a free port) answering on *data* written to *tmp_path/name*,
    serving in a thread; the caller shuts it down."""
    import threading

    from kg.serve import EndpointConfig, make_server

    src = tmp_path / name
    src.write_text(data, encoding="utf-8")
    server = make_server(src, "127.0.0.1", 0, EndpointConfig(**cfg))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
