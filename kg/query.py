"""SPARQL over a built graph: named queries shipped in the package, or your own::

    g = load("build/graph.ttl")
    rows = query(g, "officials-of", org="森工集团")
    rows[0]["official"]      # '关立春'

Parameters of named queries are passed as SPARQL bindings (``?org_param``),
never formatted into the query text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, Literal
from rdflib.query import Result

from kg.errors import GraphLoadError, QueryError, QueryParamError

__all__ = ["NamedQuery", "named_queries", "load", "query", "run", "format_rows"]

QUERIES = Path(__file__).parent / "queries"


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[str, ...]
    text: str


def named_queries() -> dict[str, NamedQuery]:
    out = {}
    for f in sorted(QUERIES.glob("*.rq")):
        text = f.read_text(encoding="utf-8")
        comments = [line[1:].strip() for line in text.splitlines() if line.startswith("#")]
        params = tuple(sorted(set(re.findall(r"\?(\w+)_param\b", text))))
        out[f.stem] = NamedQuery(f.stem, comments[0] if comments else "", params, text)
    return out


def load(path: str | Path) -> Graph:
    """Load a Turtle, TriG, N-Triples/N-Quads or JSON-LD file (or a build folder) into a graph."""
    p = Path(path)
    if p.is_dir():
        cand = p / "graph.ttl"
        if not cand.exists():
            raise GraphLoadError(f"{p}: no graph.ttl in this folder; run `kg build ... --out {p}` first")
        p = cand
    if not p.exists():
        raise GraphLoadError(f"{p}: no such file; give a graph.ttl/graph.trig or a build folder")
    fmt = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads", ".jsonld": "json-ld",
           ".json": "json-ld", ".rdf": "xml", ".xml": "xml"}.get(p.suffix.lower(), "turtle")
    g: Graph = Dataset(default_union=True) if fmt in ("trig", "nquads") else Graph()
    try:
        g.parse(p, format=fmt)
    except Exception as exc:
        raise GraphLoadError(f"{p}: cannot be parsed as {fmt} ({_first_line(exc)}); is it a zhkg output?") from exc
    return g


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def run(graph: Graph, name_or_text: str, **params: str) -> Result:
    """Execute a named query (by name) or a SPARQL text; *params* bind ``?<name>_param``."""
    named = named_queries()
    if name_or_text in named:
        nq = named[name_or_text]
        unknown = set(params) - set(nq.params)
        if unknown:
            raise QueryParamError(
                f"query {nq.name!r}: unknown parameter(s) {', '.join(sorted(unknown))}; "
                f"it takes: {', '.join(nq.params) or 'none'}"
            )
        text, label = nq.text, f"query {nq.name!r}"
    elif re.fullmatch(r"[\w-]+", name_or_text.strip()):
        raise QueryError(
            f"no named query {name_or_text!r}; the named queries are: {', '.join(named)}"
        )
    else:
        text, label = name_or_text, "query"
        if params:
            raise QueryParamError("parameters go with named queries only; write them into your own query")
    bindings = {f"{k}_param": Literal(v) for k, v in params.items()}
    try:
        return graph.query(text, initBindings=bindings)
    except Exception as exc:
        raise QueryError(f"{label}: {_syntax_message(exc)}") from exc


def _syntax_message(exc: Exception) -> str:
    line = getattr(exc, "lineno", None)
    col = getattr(exc, "col", None)
    msg = getattr(exc, "msg", None) or _first_line(exc)
    if line is not None and col is not None:
        return f"syntax error at line {line}, column {col}: {msg}"
    return msg


def _value(v) -> str | None:
    if v is None:
        return None
    return str(v)


def query(graph: Graph, name_or_text: str, **params: str) -> list[dict[str, str | None]]:
    """Rows of a SELECT (dicts by variable name), or triples of a CONSTRUCT as s/p/o dicts."""
    res = run(graph, name_or_text, **params)
    if res.type == "SELECT":
        vars_ = [str(v) for v in res.vars]
        return [{v: _value(row[i]) for i, v in enumerate(vars_)} for row in res]
    if res.type == "ASK":
        return [{"ask": str(bool(res.askAnswer)).lower()}]
    return [{"s": str(s), "p": str(p), "o": str(o)} for s, p, o in res]


def format_rows(rows: list[dict], fmt: str = "table") -> str:
    """Render rows as an aligned table, CSV or JSON."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1)
    cols = list(rows[0]) if rows else []
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if v is None else v) for k, v in r.items()})
        return buf.getvalue().rstrip("\n")
    if not rows:
        return "(no rows)"
    short = [{k: _short(v) for k, v in r.items()} for r in rows]
    widths = {c: max(_width(c), *(_width(r[c]) for r in short)) for c in cols}
    line = "  ".join(_pad(c, widths[c]) for c in cols)
    out = [line, "  ".join("-" * widths[c] for c in cols)]
    for r in short:
        out.append("  ".join(_pad(r[c], widths[c]) for c in cols).rstrip())
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def _short(v) -> str:
    if v is None:
        return ""
    s = str(v)
    if s.startswith("https://w3id.org/zhkg/id/"):
        s = "id:" + s[len("https://w3id.org/zhkg/id/"):]
    return s


def _width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, w: int) -> str:
    return s + " " * (w - _width(s))
