"""One exception hierarchy for zhkg.

::

    ZhkgError
    ├── InputError          a source file cannot be read or decoded
    ├── ModelError          the entity model is missing or does not load
    ├── QueryError          a SPARQL query is malformed or a named query unknown
    │   └── QueryParamError a named query got a parameter it does not take
    ├── GraphLoadError      a graph file or store cannot be loaded
    └── OutputError         an output cannot be written

Every message is one line that names the file (or query) and says what to do.
"""

from __future__ import annotations

__all__ = [
    "ZhkgError",
    "InputError",
    "ModelError",
    "QueryError",
    "QueryParamError",
    "GraphLoadError",
    "OutputError",
    "first_line",
]


class ZhkgError(Exception):
    """Base class of every error zhkg raises on purpose."""

    exit_code = 1


class InputError(ZhkgError):
    """A source document cannot be read or decoded."""


class ModelError(ZhkgError):
    """The statistical entity model is missing or broken."""


class QueryError(ZhkgError):
    """A SPARQL query is malformed, or a named query does not exist."""

    exit_code = 2


class QueryParamError(QueryError):
    """A named query was given a parameter it does not declare."""


class GraphLoadError(ZhkgError):
    """A graph file or store cannot be loaded."""

    exit_code = 2


class OutputError(ZhkgError):
    """An output file cannot be written."""


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (its class name when it has none), for one-line errors.

    >>> first_line(ValueError("bad token at 3:7\\n  context follows"))
    'bad token at 3:7'
    >>> first_line(KeyError())
    'KeyError'
    """
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
