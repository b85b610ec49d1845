"""Data flows one way, and so do imports: no two modules of ``kg`` import each other, directly or round a
longer loop — function-level imports included, since a deferred import is still a dependency."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

from .conftest import ROOT

PACKAGE = ROOT / "kg"


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The kg modules *path* imports: ``from kg.x import y`` names kg.x.y where that is a module, else kg.x."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for a in node.names:
                full = f"{node.module}.{a.name}"
                found.add(full if full in modules else node.module)
    return {m for m in found if m in modules}


def import_graph() -> nx.DiGraph:
    files = sorted(PACKAGE.rglob("*.py"))
    modules = {_module(f) for f in files}
    g = nx.DiGraph()
    for f in files:
        me = _module(f)
        g.add_node(me)
        for other in _imports(f, modules):
            # a package's __init__ gathering its own modules' names is not a loop back from them
            if other != me and not me.startswith(other + "."):
                g.add_edge(me, other)
    return g


def test_no_two_modules_import_each_other():
    g = import_graph()
    assert len(g) > 40
    cycles = sorted(sorted(c) for c in nx.simple_cycles(g))
    assert cycles == [], cycles


def test_nothing_downstream_of_the_nlp_stage_imports_spacy():
    downstream = ["kg.resolve", "kg.rdf.graph", "kg.rdf.serialize", "kg.store", "kg.query", "kg.serve", "kg.viz",
                  "kg.model", "kg.builder"]
    for name in downstream:
        path = ROOT / (name.replace(".", "/") + ".py")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert "spacy" not in names and "thinc" not in names, name
