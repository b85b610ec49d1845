"""SPARQL evaluated by Oxigraph in worker processes that a time limit can kill.

``kg serve`` and ``kg query`` both answer through a :class:`QueryPool`::

    with QueryPool("build/store", workers=2, timeout=30) as pool:
        answer = pool.run("ASK { ?s ?p ?o }", accept="application/sparql-results+json")
        answer.status, answer.media_type, answer.body     # 200, 'application/sparql-results+json', b'{...}'

Why processes: a query running inside Oxigraph cannot be interrupted from
Python, so a thread past its time limit would keep its core busy until it ends.
A worker past the limit is killed and replaced; the other workers go on
answering. Parsing happens in the worker too, so a huge query is bounded by
the same limit.

What runs where:

* the parent (:func:`inspect_query`) refuses updates and, unless allowed,
  ``SERVICE``, with a small lexer — no SPARQL parser is shared between
  threads (rdflib's is not thread-safe);
* the worker opens the graph (a store read-only, or a file loaded into
  memory), evaluates the query with the protocol's dataset (``FROM``,
  ``FROM NAMED``, ``default-graph-uri``, ``named-graph-uri`` — the protocol's
  dataset wins, as SPARQL 1.1 Protocol §2.1.4 says), picks the media type
  from the ``Accept`` header and serialises the result.
"""

from __future__ import annotations

import math
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

__all__ = ["Answer", "PoolBusy", "QueryInfo", "QueryPool", "QueryTimeout", "inspect_query", "negotiate", "OFFERS",
           "prepare_source", "remove_tree"]

#: Media types offered for each kind of result, the first being the default.
OFFERS = {
    "bindings": ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                 "text/tab-separated-values", "application/json", "application/xml"),
    "boolean": ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values", "application/json", "application/xml"),
    "graph": ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json",
              "text/n3", "application/trig", "application/n-quads", "text/plain"),
}


@dataclass(frozen=True)
class Answer:
    """What a query gave: an HTTP-style status, the media type and the bytes."""

    status: int
    media_type: str
    body: bytes
    truncated: bool = False
    kind: str = ""  # "bindings" | "boolean" | "graph" | "" for an error


class QueryTimeout(Exception):
    """The query ran past the time limit; its worker was killed."""


class PoolBusy(QueryTimeout):
    """Every worker is busy and as many requests as may wait are waiting, or no worker came free while
    this one waited; *retry_after* is a whole number of seconds by which a worker will be free."""

    def __init__(self, retry_after: int):
        super().__init__(f"every query worker is busy; retry after {retry_after} s")
        self.retry_after = retry_after


# --------------------------------------------------------------------------- lexing

_STRIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n]*",
    re.S,
)
_WORD = re.compile(r"(?<![?$:\w@.-])([A-Za-z]+)(?![\w:])")
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_QUERY_WORDS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


@dataclass(frozen=True)
class QueryInfo:
    is_update: bool
    uses_service: bool
    form: str  # SELECT / ASK / CONSTRUCT / DESCRIBE / an update word / ""


def inspect_query(text: str) -> QueryInfo:
    """The keywords of a SPARQL text, outside strings, IRIs and comments.

    >>> inspect_query('PREFIX s: <http://x/SERVICE> SELECT * { ?s s:p "SERVICE" }').uses_service
    False
    >>> inspect_query("PREFIX ex: <http://x/>  CLEAR ALL").is_update
    True
    """
    words = [w.upper() for w in _WORD.findall(_STRIP.sub(" ", text))]
    form = next((w for w in words if w in _QUERY_WORDS or w in _UPDATE_WORDS), "")
    return QueryInfo(form in _UPDATE_WORDS, "SERVICE" in words, form)


# --------------------------------------------------------------------------- negotiation

def _ranges(accept: str) -> list[tuple[str, float]]:
    out = []
    for part in (accept or "").split(","):
        bits = [b.strip() for b in part.split(";")]
        mime = bits[0].lower()
        if not mime:
            continue
        q = 1.0
        for b in bits[1:]:
            k, _, v = b.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(v)))
                except ValueError:
                    q = 0.0
        out.append((mime, q))
    return out


def negotiate(accept: str | None, offers: tuple[str, ...]) -> str | None:
    """The offer the ``Accept`` header prefers (q-values, then specificity), or None (→ 406).

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", OFFERS["bindings"])
    'application/sparql-results+xml'
    >>> negotiate("text/*;q=0.9, */*;q=0.1", OFFERS["bindings"])
    'text/csv'
    >>> negotiate("image/png", OFFERS["graph"]) is None
    True
    """
    ranges = _ranges(accept or "")
    if not ranges:
        return offers[0]
    best, best_q = None, 0.0
    for offer in offers:
        kind = offer.split("/")[0]
        q, spec = None, -1
        for mime, mq in ranges:
            s = 2 if mime == offer else 1 if mime == f"{kind}/*" else 0 if mime == "*/*" else -1
            if s > spec:
                q, spec = mq, s
        if q is not None and spec >= 0 and q > best_q:
            best, best_q = offer, q
    return best


# --------------------------------------------------------------------------- the worker

def _open(source: str):
    import pyoxigraph as ox

    p = Path(source)
    if p.is_dir():
        return ox.Store.read_only(str(p))
    store = ox.Store()
    store.bulk_load(path=str(p), format=ox.RdfFormat.from_extension(p.suffix.lstrip(".").lower())
                    or ox.RdfFormat.TURTLE)
    return store


_GRAPH_FORMATS = {
    "text/turtle": "TURTLE", "application/n-triples": "N_TRIPLES", "text/plain": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML", "application/ld+json": "JSON_LD", "text/n3": "N3",
    "application/trig": "TRIG", "application/n-quads": "N_QUADS",
}
_RESULT_FORMATS = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}


def _evaluate(store, req: dict) -> Answer:
    import pyoxigraph as ox

    if "update" in req:  # a syntax check only: nothing is ever executed
        from rdflib.plugins.sparql.parser import parseUpdate

        try:
            parseUpdate(req["update"])
        except Exception as exc:
            return Answer(400, "text/plain", f"malformed update: {_one_line(exc)}".encode())
        return Answer(200, "text/plain", b"")

    kwargs = {}
    if req.get("default_graphs") is not None or req.get("named_graphs") is not None:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in req.get("default_graphs") or []]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in req.get("named_graphs") or []]
    try:
        res = store.query(req["query"], base_iri=req.get("base_iri"), **kwargs)
    except SyntaxError as exc:
        return Answer(400, "text/plain", f"malformed query: {_one_line(exc)}".encode())
    kind = "boolean" if isinstance(res, ox.QueryBoolean) else "graph" if isinstance(res, ox.QueryTriples) else "bindings"
    mime = negotiate(req.get("accept"), OFFERS[kind])
    if mime is None:
        return Answer(406, "text/plain", (f"no acceptable media type for this {kind} result; this endpoint offers "
                                          + ", ".join(OFFERS[kind])).encode())
    try:
        if kind == "graph":
            fmt = getattr(ox.RdfFormat, _GRAPH_FORMATS[mime])
            if fmt.supports_datasets:  # a CONSTRUCT result is a default graph
                data = ox.serialize([ox.Quad(t.subject, t.predicate, t.object) for t in res], format=fmt)
            else:
                data = res.serialize(format=fmt)
            return Answer(200, mime, data, kind=kind)
        if kind == "boolean":
            fmt = _RESULT_FORMATS[mime]
            if fmt in ("csv", "tsv"):  # SPARQL 1.1 CSV/TSV define no boolean form: one row, one column
                data = ("_askResult\n" if fmt == "csv" else "?_askResult\n") + ("true\n" if bool(res) else "false\n")
                return Answer(200, mime, data.encode(), kind=kind)
            return Answer(200, mime, res.serialize(format=getattr(ox.QueryResultsFormat, fmt.upper())), kind=kind)
        return _bindings(res, mime, req.get("max_rows"))
    except (OSError, ValueError, SyntaxError) as exc:  # evaluation errors surface while iterating
        return Answer(400, "text/plain", f"query failed: {_one_line(exc)}".encode())


def _bindings(res, mime: str, max_rows: int | None) -> Answer:
    """A SELECT result, cut at *max_rows*, written by rdflib's result serialisers."""
    from oxrdflib._converter import from_ox
    from rdflib import Variable
    from rdflib.query import Result

    names = [v.value for v in res.variables]
    rows, truncated = [], False
    for i, sol in enumerate(res):
        if max_rows is not None and i >= max_rows:
            truncated = True
            break
        row = {}
        for name in names:
            term = sol[name]
            if term is not None:
                row[Variable(name)] = from_ox(term)
        rows.append(row)
    out = Result("SELECT")
    out.vars = [Variable(n) for n in names]
    out.bindings = rows
    fmt = _RESULT_FORMATS[mime]
    if fmt == "tsv":
        lines = ["\t".join(f"?{n}" for n in names)]
        lines += ["\t".join(r[Variable(n)].n3() if Variable(n) in r else "" for n in names) for r in rows]
        data = ("\n".join(lines) + "\n").encode("utf-8")
    else:
        data = out.serialize(format=fmt, encoding="utf-8")
    return Answer(200, mime, data, truncated, "bindings")


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _stdio_main() -> None:
    """Entry of a worker process: frames on fd 0 and (a copy of) fd 1; prints go to stderr."""
    out = os.dup(1)
    os.dup2(2, 1)
    _worker_main(sys.argv[1], Connection(0, writable=False), Connection(out, readable=False))


def _worker_main(source: str, conn, out) -> None:
    try:
        store = _open(source)
    except Exception as exc:  # reported on the first request
        out.send(Answer(500, "text/plain", f"{source}: cannot be opened ({_one_line(exc)})".encode()))
        return
    out.send("ready")
    while True:
        try:
            req = conn.recv()
        except EOFError:
            return
        try:
            answer = _evaluate(store, req)
        except Exception as exc:  # never leave the parent waiting
            answer = Answer(500, "text/plain", f"query failed: {_one_line(exc)}".encode())
        out.send(answer)


# --------------------------------------------------------------------------- the pool

@dataclass(eq=False)
class _Worker:
    """A ``python -c`` child speaking pickled frames over its stdin and stdout."""

    proc: subprocess.Popen
    conn: Connection  # reads the child's stdout
    out: Connection  # writes the child's stdin

    @classmethod
    def start(cls, source: str) -> "_Worker":
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parents[1])
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        proc = subprocess.Popen([sys.executable, "-c", "from kg.engine import _stdio_main; _stdio_main()", source],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, close_fds=True)
        return cls(proc, Connection(os.dup(proc.stdout.fileno()), writable=False),
                   Connection(os.dup(proc.stdin.fileno()), readable=False))

    def send(self, req: dict) -> None:
        self.out.send(req)

    def wait_ready(self, timeout: float) -> Answer | None:
        if not self.conn.poll(timeout):
            raise QueryTimeout
        try:
            msg = self.conn.recv()
        except EOFError:
            return Answer(500, "text/plain", b"the query worker exited at start")
        return None if msg == "ready" else msg

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.wait(5)
        except Exception:
            pass
        for c in (self.conn, self.out, self.proc.stdin, self.proc.stdout):
            try:
                c.close()
            except Exception:
                pass


def prepare_source(path: str | Path) -> tuple[Path, Path | None]:
    """A store folder for *path*: the store itself, or a temporary store loaded from the file
    (or from an rdflib graph opened by :func:`kg.store.load`).

    Returns ``(store folder, temporary folder to remove or None)``.
    """
    import gc

    import pyoxigraph as ox

    from kg.store import _FORMATS, _resolve, is_store, oxigraph_of

    if isinstance(path, (str, Path)):
        p = _resolve(Path(path))
        if is_store(p):
            return p, None
    tmp = Path(tempfile.mkdtemp(prefix="zhkg-serve-"))
    try:
        store = ox.Store(str(tmp))
        if not isinstance(path, (str, Path)):
            under = oxigraph_of(path)
            data = under.dump(format=ox.RdfFormat.N_QUADS) if under is not None else \
                path.serialize(format="nquads" if hasattr(path, "contexts") else "nt", encoding="utf-8")
            store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        else:
            store.bulk_load(path=str(p), format=_FORMATS.get(p.suffix.lower(), _FORMATS[".ttl"])[1])
        store.flush()
        del store
        gc.collect()
    except BaseException:  # a bad file, Ctrl-C while loading: the half-made store goes
        gc.collect()
        remove_tree(tmp)
        raise
    return tmp, tmp


@dataclass
class QueryPool:
    """*workers* processes answering queries on *source* (a store folder or a graph file).

    A store folder is opened read-only by every worker; a file is loaded by
    each worker into memory (for ``kg query``; ``kg serve`` first turns a file
    into a temporary store with :func:`prepare_source`, so that a replaced
    worker is ready at once).
    """

    source: str | Path
    workers: int = 1
    timeout: float = 30.0
    max_rows: int | None = None
    startup_timeout: float = 600.0
    #: Requests that may wait for a free worker at once (0: eight per worker); one more is refused at once
    #: with :class:`PoolBusy`.
    max_waiting: int = 0
    _idle: "queue.Queue[_Worker]" = field(default_factory=queue.Queue, init=False, repr=False)
    _all: set = field(default_factory=set, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _closed: bool = field(default=False, init=False, repr=False)
    _waiting: int = field(default=0, init=False, repr=False)
    _deadlines: dict = field(default_factory=dict, init=False, repr=False)  # running call → its deadline

    def __post_init__(self):
        self.source = str(self.source)
        started = [self._spawn() for _ in range(max(1, self.workers))]
        for w in started:
            self._ready(w)

    def _spawn(self) -> _Worker:
        w = _Worker.start(self.source)
        with self._lock:
            self._all.add(w)
        return w

    def _ready(self, w: _Worker) -> None:
        try:
            err = w.wait_ready(self.startup_timeout)
        except QueryTimeout:
            err = Answer(500, "text/plain", f"{self.source}: the query worker did not start".encode())
        if err is not None:
            self._discard(w)
            self.close()
            raise RuntimeError(err.body.decode())
        self._idle.put(w)

    def _discard(self, w: _Worker) -> None:
        w.kill()
        with self._lock:
            self._all.discard(w)

    def _replace(self) -> None:
        if self._closed:
            return
        w = self._spawn()
        try:
            self._ready(w)
        except RuntimeError:
            pass

    def run(self, query: str, accept: str | None = None, default_graphs: list[str] | None = None,
            named_graphs: list[str] | None = None, base_iri: str | None = None) -> Answer:
        """Evaluate *query*; raise :class:`QueryTimeout` when it runs past the limit (its worker is replaced)."""
        return self._call({"query": query, "accept": accept, "default_graphs": default_graphs,
                           "named_graphs": named_graphs, "max_rows": self.max_rows, "base_iri": base_iri})

    def _call(self, req: dict) -> Answer:
        """Run *req* on a free worker. Waiting for one is not running: the time limit counts from the moment
        a worker takes the request. At most :attr:`max_waiting` requests wait, in turn (first come, first
        served); one more is refused at once with :class:`PoolBusy`. A waiting request gives up (PoolBusy)
        only when no worker came free in the time every request ahead of it could take at its limit."""
        w = self._free_worker()
        deadline = time.monotonic() + self.timeout
        me = object()
        with self._lock:
            self._deadlines[me] = deadline
        try:
            return self._on(w, req, deadline)
        finally:
            with self._lock:
                del self._deadlines[me]

    def _free_worker(self) -> _Worker:
        workers = max(1, self.workers)
        most = self.max_waiting or 8 * workers
        with self._lock:
            if self._waiting >= most:
                raise PoolBusy(self._retry_after())
            self._waiting += 1
        try:
            return self._idle.get(timeout=(self.timeout + 5) * (1 + math.ceil(most / workers)))
        except queue.Empty:
            with self._lock:
                raise PoolBusy(self._retry_after()) from None
        finally:
            with self._lock:
                self._waiting -= 1

    def _retry_after(self) -> int:
        """Whole seconds until the first running query ends or is stopped (called holding the lock)."""
        soonest = min(self._deadlines.values(), default=time.monotonic())
        return max(1, math.ceil(soonest - time.monotonic()))

    def _on(self, w: _Worker, req: dict, deadline: float) -> Answer:
        try:
            w.send(req)
            while True:  # short polls, so that Ctrl-C in the parent is seen at once
                left = deadline - time.monotonic()
                if left <= 0:
                    raise QueryTimeout
                if w.conn.poll(min(left, 0.2)):
                    break
            answer = w.conn.recv()
        except BaseException:
            self._discard(w)
            threading.Thread(target=self._replace, daemon=True).start()
            raise
        self._idle.put(w)
        return answer

    def update_parses(self, text: str) -> bool:
        """Whether *text* is a well-formed SPARQL Update — parsed in a worker (rdflib's parser is not
        thread-safe) and never executed."""
        return self._call({"update": text}).status == 200

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()

    def __enter__(self) -> "QueryPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def remove_tree(path: Path | None) -> None:
    if path is not None:
        shutil.rmtree(path, ignore_errors=True)

