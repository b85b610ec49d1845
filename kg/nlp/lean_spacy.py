"""spaCy imported without its command line, for the processes a build owns.

``import spacy`` also imports ``spacy.cli`` — every ``spacy`` subcommand, and with them requests,
urllib3, weasel, httpx, rich, typer and jinja2: some 360 modules, 0.3 s of the 0.8 s the import takes,
paid again by every worker a build starts. Extraction never calls spaCy's command line, so
:func:`defer_cli` has the next ``import spacy`` leave ``spacy.cli`` out, and the package imports it
the first time something reaches for ``spacy.cli`` or ``spacy.info``: code in the same process sees
the same spaCy, a little later. ``tests/test_lean_spacy.py`` checks both in a fresh process.

Only ``kg build`` and its workers call it (:func:`kg.parallel.own_process`); a library user's own
``import spacy`` is left as spaCy makes it.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import types

__all__ = ["defer_cli"]

#: What ``spacy/__init__.py`` takes from its command line: ``from .cli.info import info``.
_DEFERRED = ("spacy.cli", "spacy.cli.info")


def defer_cli() -> None:
    """Have this process's first ``import spacy`` skip ``spacy.cli`` until it is used; nothing once
    spaCy is imported."""
    if "spacy" in sys.modules or any(isinstance(f, _Finder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _Finder())


class _Finder(importlib.abc.MetaPathFinder):
    """Finds ``spacy`` as the other finders do, with its loader wrapped; steps aside after that once."""

    def find_spec(self, name, path=None, target=None):
        if name != "spacy":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


class _Loader(importlib.abc.Loader):
    """Runs spaCy's ``__init__`` with placeholders for :data:`_DEFERRED`, then takes them away."""

    def __init__(self, inner: importlib.abc.Loader) -> None:
        self.inner = inner

    def __getattr__(self, name):  # resources and the like: the real loader's
        return getattr(self.inner, name)

    def create_module(self, spec):
        return self.inner.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        stubs = {name: types.ModuleType(name) for name in _DEFERRED}
        stubs["spacy.cli.info"].info = _info
        sys.modules.update(stubs)
        try:
            self.inner.exec_module(module)
        finally:
            for name, stub in stubs.items():
                if sys.modules.get(name) is stub:
                    del sys.modules[name]
            module.__spec__.loader = module.__loader__ = self.inner
        module.__getattr__ = _cli_on_use  # PEP 562: only for names the package lacks


def _cli_on_use(name: str):
    if name == "cli":
        return importlib.import_module("spacy.cli")  # which sets spacy.cli from now on
    raise AttributeError(f"module 'spacy' has no attribute {name!r}")


def _info(*args, **kwargs):
    """``spacy.info``, imported when called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)
