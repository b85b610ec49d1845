"""SPARQL over a built graph: named queries shipped in the package, or your own::

    g = load("build/graph.ttl")
    rows = query(g, "officials-of", org="青禾集团")
    rows[0]["official"]      # the official's name

A named query declares each parameter as a slot, ``VALUES ?org_param { UNDEF }``,
inside the group that uses it. Binding a parameter fills the slot with one
RDF literal, escaped by the SPARQL string grammar: the SPARQL 1.1 form of
rdflib's ``initBindings`` (SEP-0007 substitution), which every engine
understands — rdflib, Oxigraph and external stores alike. The value can
never become query syntax.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from decimal import Decimal
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import QueryError, QueryParamError, first_line

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.query import Result

# rdflib and Oxigraph are imported where a query runs, not here: ``import kg`` binds this module's
# functions, and a build's worker process imports ``kg`` without ever running a query.

__all__ = ["NamedQuery", "named_queries", "load", "query", "prepare", "run", "run_isolated", "srj_rows", "bind",
           "sparql_string", "format_rows", "dataframe", "FORMATS"]

#: Output formats of :func:`format_result`.
FORMATS = ("table", "csv", "json", "srj")

def __getattr__(name: str):
    if name == "load":  # ``from kg.query import load``, as the module docstring shows
        from kg.store import load

        return load
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_SLOT = re.compile(r"VALUES\s+\?(\w+)_param\s*\{\s*UNDEF\s*\}")

QUERIES = Path(__file__).parent / "queries"


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[str, ...]
    text: str
    variants: dict[str, str] = field(default_factory=dict)  # param → the query shaped for it (NAME@PARAM.rq)


def named_queries() -> dict[str, NamedQuery]:
    """The queries of ``kg/queries/``: ``NAME.rq``, and ``NAME@PARAM.rq`` — the same query shaped for a
    given PARAM, whose ``?PARAM_param``, ``?PARAM_zh`` and ``?PARAM_pinyin`` become literals, so that the
    store starts from the matching node instead of filtering every answer (at a million triples:
    located-in 2.5 s → 0.01 s)."""
    out: dict[str, NamedQuery] = {}
    variants: dict[str, dict[str, str]] = {}
    for f in sorted(QUERIES.glob("*.rq")):
        text = f.read_text(encoding="utf-8")
        if "@" in f.stem:
            name, param = f.stem.split("@", 1)
            variants.setdefault(name, {})[param] = text
            continue
        comments = [line[1:].strip() for line in text.splitlines() if line.startswith("#")]
        params = tuple(sorted(set(_SLOT.findall(text))))
        out[f.stem] = NamedQuery(f.stem, comments[0] if comments else "", params, text)
    for name, texts in variants.items():
        out[name] = replace(out[name], variants=texts)
    return out


def prepare(name_or_text: str, **params: str) -> tuple[str, str]:
    """``(SPARQL text, label for messages)`` of a named query with its *params* bound, or of a SPARQL text."""
    named = named_queries()
    if name_or_text in named:
        nq = named[name_or_text]
        unknown = set(params) - set(nq.params)
        if unknown:
            raise QueryParamError(
                f"query {nq.name!r}: unknown parameter(s) {', '.join(sorted(unknown))}; "
                f"it takes: {', '.join(nq.params) or 'none'}"
            )
        if len(params) == 1 and next(iter(params)) in nq.variants:
            (param, value), = params.items()
            return bind_terms(nq.variants[param], param, str(value)), f"query {nq.name!r}"
        return bind(nq.text, params), f"query {nq.name!r}"
    if re.fullmatch(r"[\w-]+", name_or_text.strip()):
        raise QueryError(f"no named query {name_or_text!r}; the named queries are: {', '.join(named)}")
    if params:
        raise QueryParamError("parameters go with named queries only; write them into your own query")
    return name_or_text, "query"


def run(graph: Graph, name_or_text: str, **params: str) -> Result:
    """Execute a named query (by name) or a SPARQL text; *params* bind ``?<name>_param``."""
    return execute(graph, *prepare(name_or_text, **params))


def execute(graph: Graph, text: str, label: str = "query") -> Result:
    """Run SPARQL *text* on *graph*, turning engine errors into :class:`QueryError`.

    On a graph opened by :func:`kg.store.load` the query goes to Oxigraph as it
    is, so ``FROM``, ``FROM NAMED`` and ``GRAPH`` see the whole dataset (rdflib's
    query path would pin the default graph and ignore ``FROM``).
    """
    from kg.store import oxigraph_of

    _refuse_updates(text, label)
    store = oxigraph_of(graph)
    if store is not None:
        return _from_oxigraph(_ox_query(store, text, label))
    try:
        return graph.query(text)
    except Exception as exc:
        raise QueryError(f"{label}: {_syntax_message(exc)}") from exc


def _ox_query(store, text: str, label: str):
    try:
        return store.query(text)
    except Exception as exc:
        raise QueryError(f"{label}: {_syntax_message(exc)}") from exc


def _refuse_updates(text: str, label: str) -> None:
    from kg.engine import inspect_query

    if inspect_query(text).is_update:
        raise QueryError(f"{label}: SPARQL Update is not supported: a zhkg graph is a build output; "
                         "change the documents and run kg build again")


def _from_oxigraph(res) -> Result:
    import pyoxigraph as ox
    from oxrdflib._converter import from_ox
    from rdflib import Graph, Variable
    from rdflib.query import Result

    if isinstance(res, ox.QueryBoolean):
        out = Result("ASK")
        out.askAnswer = bool(res)
        return out
    if isinstance(res, ox.QueryTriples):
        out = Result("CONSTRUCT")
        out.graph = Graph()
        for t in res:
            out.graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return out
    out = Result("SELECT")
    names = [v.value for v in res.variables]
    out.vars = [Variable(n) for n in names]
    out.bindings = [{Variable(n): from_ox(sol[n]) for n in names if sol[n] is not None} for sol in res]
    return out


def run_isolated(path: str | Path, text: str, label: str = "query", timeout: float = 300.0,
                 allow_service: bool = False) -> tuple[str, object]:
    """Run SPARQL *text* on the graph at *path* in a worker process that is killed past *timeout* seconds
    (or on Ctrl-C). Returns ``("srj", SPARQL-results JSON text)`` for SELECT and ASK, or
    ``("rows", [{"s", "p", "o"}, ...])`` for CONSTRUCT and DESCRIBE.

    ``SERVICE`` is refused unless *allow_service*: a query should not make the
    machine fetch URLs without being asked to.
    """
    from kg.engine import QueryPool, QueryTimeout, inspect_query
    from kg.store import _resolve

    _refuse_updates(text, label)
    if inspect_query(text).uses_service and not allow_service:
        raise QueryError(f"{label}: SERVICE makes this machine fetch another endpoint; pass --allow-service to allow it")
    source = _resolve(Path(path))
    try:
        with QueryPool(source, workers=1, timeout=timeout) as pool:
            answer = pool.run(text, accept="application/sparql-results+json, application/n-triples;q=0.9")
    except QueryTimeout:
        raise QueryError(f"{label}: stopped after {timeout:g} s; narrow the query or raise --timeout") from None
    except RuntimeError as exc:
        raise QueryError(f"{label}: {exc}") from None
    body = answer.body.decode("utf-8", "replace")
    if answer.status != 200:
        raise QueryError(f"{label}: {_syntax_text(body.split(': ', 1)[-1])}")
    if answer.kind == "graph":
        import pyoxigraph as ox

        return "rows", [{"s": t.subject.value, "p": t.predicate.value, "o": t.object.value}
                        for t in ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES)]
    return "srj", body


def srj_rows(srj: str) -> list[dict[str, str | None]]:
    """Rows of a SPARQL-results JSON text as :func:`query` gives them (ASK: one row ``{"ask": …}``)."""
    doc = json.loads(srj)
    if "boolean" in doc:
        return [{"ask": str(bool(doc["boolean"])).lower()}]
    names = doc["head"]["vars"]
    return [{n: (b[n]["value"] if n in b else None) for n in names} for b in doc["results"]["bindings"]]


def sparql_string(value: str) -> str:
    r"""*value* as a SPARQL string literal (STRING_LITERAL_QUOTE with ECHAR escapes).

    >>> print(sparql_string('x" } ; DROP ALL #\\'))
    "x\" } ; DROP ALL #\\"
    """
    out = value.replace("\\", "\\\\").replace('"', '\\"')
    out = out.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{out}"'


def bind(text: str, params: dict[str, str]) -> str:
    """Fill the parameter slots of a named query's *text* with literal values.

    >>> bind("SELECT * WHERE { VALUES ?org_param { UNDEF } }", {"org": "青禾集团"})
    'SELECT * WHERE { VALUES ?org_param { "青禾集团" } }'
    """

    def fill(m: re.Match) -> str:
        name = m.group(1)
        if name not in params:
            return m.group(0)
        return f"VALUES ?{name}_param {{ {sparql_string(str(params[name]))} }}"

    return _SLOT.sub(fill, text)


def bind_terms(text: str, param: str, value: str) -> str:
    """A ``NAME@PARAM.rq`` query with *value* written in: ``?PARAM_param`` as a plain literal,
    ``?PARAM_zh`` and ``?PARAM_pinyin`` as the Chinese and pinyin labels it may be.

    >>> bind_terms('?o rdfs:label ?org_zh . FILTER(?x != ?org_param)', "org", "青禾集团")
    '?o rdfs:label "青禾集团"@zh . FILTER(?x != "青禾集团")'
    """
    lit = sparql_string(value)
    forms = {"param": lit, "zh": lit + "@zh", "pinyin": lit + "@zh-latn-pinyin"}
    return re.sub(rf"\?{re.escape(param)}_(param|zh|pinyin)\b", lambda m: forms[m.group(1)], text)


def _syntax_message(exc: Exception) -> str:
    line, col = getattr(exc, "lineno", None), getattr(exc, "col", None)
    msg = getattr(exc, "msg", None) or first_line(exc)
    if line is not None and col is not None:  # rdflib's parser
        return f"syntax error at line {line}, column {col}: {msg}"
    return _syntax_text(msg)


def _syntax_text(msg: str) -> str:
    """Oxigraph's ``error at L:C: …`` as ``syntax error at line L, column C: …``."""
    m = re.match(r"(?:malformed query: )?error at (\d+):(\d+): (.*)", msg.splitlines()[0] if msg else msg)
    return f"syntax error at line {m.group(1)}, column {m.group(2)}: {m.group(3)}" if m else msg


def _value(v) -> str | None:
    if v is None:
        return None
    return str(v)


def query(graph: Graph, name_or_text: str, **params: str) -> list[dict[str, str | None]]:
    """Rows of a SELECT (dicts by variable name), or triples of a CONSTRUCT as s/p/o dicts."""
    from kg.store import oxigraph_of

    store = oxigraph_of(graph)
    if store is not None:  # straight from Oxigraph's terms: no rdflib term per value (2,400 rows: 0.6 s → 0.05 s)
        import pyoxigraph as ox

        text, label = prepare(name_or_text, **params)
        _refuse_updates(text, label)
        res = _ox_query(store, text, label)
        if isinstance(res, ox.QuerySolutions):
            names = [v.value for v in res.variables]
            return [dict(zip(names, [None if t is None else t.value for t in sol])) for sol in res]
        if isinstance(res, ox.QueryBoolean):
            return [{"ask": str(bool(res)).lower()}]
        return [{"s": t.subject.value, "p": t.predicate.value, "o": t.object.value} for t in res]
    res = run(graph, name_or_text, **params)
    if res.type == "SELECT":
        vars_ = [str(v) for v in res.vars]
        return [{v: _value(row[i]) for i, v in enumerate(vars_)} for row in res]
    if res.type == "ASK":
        return [{"ask": str(bool(res.askAnswer)).lower()}]
    return [{"s": str(s), "p": str(p), "o": str(o)} for s, p, o in res]


def to_srj(result: Result) -> str:
    """A SELECT or ASK result as SPARQL 1.1 Query Results JSON (``application/sparql-results+json``)."""
    if result.type not in ("SELECT", "ASK"):
        raise QueryError("SPARQL-results JSON holds SELECT and ASK results; use --format table/csv/json for CONSTRUCT")
    return result.serialize(format="json").decode("utf-8")


def _py(term):
    """An RDF term as a plain Python value: numbers and dates typed, IRIs and other literals as text."""
    from rdflib import Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() and term.datatype and term.datatype.endswith("integer") else float(value)
        if isinstance(value, (int, float, bool, datetime.date)):
            return value
    return str(term)


def dataframe(graph: Graph, name_or_text: str, **params: str):
    """The rows of a SELECT as a :class:`pandas.DataFrame`, numbers and dates typed.

    Needs pandas (``pip install 'zhkg[pandas]'``).
    """
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - pandas is in the test extra
        raise QueryError("kg.dataframe needs pandas; install it with pip install 'zhkg[pandas]'") from exc
    res = run(graph, name_or_text, **params)
    if res.type != "SELECT":
        raise QueryError("dataframe() takes a SELECT query")
    cols = [str(v) for v in res.vars]
    return pd.DataFrame([[_py(row[i]) for i in range(len(cols))] for row in res], columns=cols)


def format_rows(rows: list[dict], fmt: str = "table") -> str:
    """Render rows as an aligned table, CSV or JSON (a list of objects)."""
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
