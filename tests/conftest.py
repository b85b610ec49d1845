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
