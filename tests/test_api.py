"""The public surface: what `import kg` offers, and every exception exported."""

from __future__ import annotations

import inspect

import kg
import kg.errors


def test_every_exception_is_exported_and_derives_from_the_base():
    classes = {name for name, obj in inspect.getmembers(kg.errors, inspect.isclass)
               if issubclass(obj, Exception) and obj.__module__ == "kg.errors"}
    assert classes <= set(kg.__all__)
    assert all(issubclass(getattr(kg, c), kg.ZhkgError) for c in classes)


def test_library_round_trip(tmp_path):
    from .conftest import SEEDS

    report = kg.build([SEEDS / "000_21d474c0e952bd66.txt"], tmp_path, html=False)
    g = kg.load(tmp_path)
    rows = kg.query(g, "officials-of", org="蒙盐集团")
    assert {r["official"] for r in rows} == {"袁肃", "张同彪", "陈军"}
    assert report.outputs["turtle"] == tmp_path / "graph.ttl"
    assert set(kg.named_queries()) == {"agreements", "carbon-trades", "located-in", "officials-of"}


def test_a_library_build_leaves_the_callers_garbage_collector_alone(tmp_path):
    """``kg build`` tunes the collector of its own process; ``kg.build`` in someone's notebook must not."""
    import gc

    from .conftest import SEEDS

    before = (gc.get_threshold(), gc.get_freeze_count())
    kg.build([SEEDS / "000_21d474c0e952bd66.txt"], tmp_path, model=None, html=False, cache=False)
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
