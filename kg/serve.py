"""A read-only SPARQL 1.1 Protocol endpoint over a built graph.

    kg serve build/ --port 7878
    curl 'http://127.0.0.1:7878/sparql?query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%201'

* ``GET /sparql?query=…`` and ``POST /sparql`` (form ``query=…`` or body
  ``application/sparql-query``); results as SPARQL JSON, XML, CSV or TSV, and
  CONSTRUCT/DESCRIBE as Turtle or JSON-LD, chosen by the ``Accept`` header.
* CORS headers on every answer, so YASGUI in a browser can use it.
* Read-only: SPARQL Update is refused (403), and so are ``SERVICE`` clauses
  (which would make the server fetch URLs) unless ``allow_service`` is set.
* A time limit and a row cap per query; a query that exceeds them gets a clear
  error (503 / a truncated result flagged by ``X-Zhkg-Truncated``), and the
  server stays up.
* ``/`` is a landing page with a query form; ``/explorer`` serves
  ``graph.html`` when it lies beside the graph.
"""

from __future__ import annotations

import html
import json
import logging
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from rdflib import Graph
from rdflib.query import Result

__all__ = ["EndpointConfig", "make_server"]

log = logging.getLogger(__name__)

_RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_GRAPH_TYPES = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt"}


@dataclass(frozen=True)
class EndpointConfig:
    timeout: float = 30.0  # seconds per query
    max_rows: int = 10_000
    allow_service: bool = False
    explorer: Path | None = None


class QueryRefused(Exception):
    def __init__(self, status: HTTPStatus, message: str):
        super().__init__(message)
        self.status = status


def _check(query: str, cfg: EndpointConfig):
    """Parse *query*; refuse updates and (unless allowed) SERVICE."""
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepared = prepareQuery(query)
    except Exception as exc:
        if _looks_like_update(query):
            raise QueryRefused(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused") from exc
        raise QueryRefused(HTTPStatus.BAD_REQUEST, f"malformed query: {str(exc).splitlines()[0]}") from exc
    if not cfg.allow_service and "ServiceGraphPattern" in repr(prepared.algebra):
        raise QueryRefused(HTTPStatus.FORBIDDEN, "SERVICE is refused: this endpoint does not fetch other endpoints")
    return prepared


def _looks_like_update(query: str) -> bool:
    words = query.upper().split()
    return any(w in ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "COPY", "MOVE", "ADD") for w in words)


def _negotiate(accept: str, table: dict[str, str], default: str) -> tuple[str, str]:
    for part in (accept or "").split(","):
        mime = part.split(";")[0].strip().lower()
        if mime in table:
            return mime, table[mime]
    return default, table[default]


def make_server(graph: Graph, host: str = "127.0.0.1", port: int = 7878,
                config: EndpointConfig | None = None) -> ThreadingHTTPServer:
    """A server answering SPARQL on *graph*; call ``serve_forever()`` on it."""
    cfg = config or EndpointConfig()
    # Queries only read the graph, so they run side by side, each in a daemon thread: a query
    # past its time limit is answered with 503 at once, and its thread never holds up shutdown.
    def run_with_timeout(prepared):
        box: dict = {}

        def target():
            try:
                box["result"] = evaluate(prepared)
            except Exception as exc:  # reported to the client below
                box["error"] = exc

        t = threading.Thread(target=target, daemon=True, name="sparql-query")
        t.start()
        t.join(cfg.timeout)
        if t.is_alive():
            raise TimeoutError
        if "error" in box:
            raise box["error"]
        return box["result"]

    def evaluate(prepared):
        res = graph.query(prepared)
        if res.type == "SELECT":
            rows = []
            for i, row in enumerate(res):
                if i >= cfg.max_rows:
                    return res, rows, True
                rows.append(row)
            return res, rows, False
        return res, None, False

    class Handler(BaseHTTPRequestHandler):
        server_version = "zhkg-sparql/0.1"

        def log_message(self, fmt, *args):  # quiet by default; use -v for logs
            log.info("%s " + fmt, self.address_string(), *args)

        def _send(self, status: HTTPStatus, body: bytes, ctype: str, extra: dict | None = None):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _error(self, status: HTTPStatus, message: str):
            self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

        def do_OPTIONS(self):
            self._send(HTTPStatus.NO_CONTENT, b"", "text/plain")

        def do_GET(self):
            url = urlparse(self.path)
            if url.path == "/":
                return self._send(HTTPStatus.OK, _landing().encode("utf-8"), "text/html; charset=utf-8")
            if url.path == "/explorer":
                if cfg.explorer is None or not cfg.explorer.exists():
                    return self._error(HTTPStatus.NOT_FOUND, "no graph.html beside this graph; run kg view first")
                return self._send(HTTPStatus.OK, cfg.explorer.read_bytes(), "text/html; charset=utf-8")
            if url.path != "/sparql":
                return self._error(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql")
            q = parse_qs(url.query).get("query")
            if not q:
                return self._error(HTTPStatus.BAD_REQUEST, "missing query parameter: /sparql?query=…")
            self._answer(q[0])

        def do_POST(self):
            if urlparse(self.path).path != "/sparql":
                return self._error(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql")
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8")
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            if ctype == "application/sparql-update":
                return self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused")
            if ctype == "application/sparql-query":
                return self._answer(body)
            form = parse_qs(body)
            if "update" in form:
                return self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused")
            if "query" not in form:
                return self._error(HTTPStatus.BAD_REQUEST, "missing query: POST query=… or an application/sparql-query body")
            self._answer(form["query"][0])

        def _answer(self, query: str):
            try:
                prepared = _check(query, cfg)
            except QueryRefused as exc:
                return self._error(exc.status, str(exc))
            try:
                res, rows, truncated = run_with_timeout(prepared)
            except TimeoutError:
                return self._error(HTTPStatus.SERVICE_UNAVAILABLE,
                                   f"query timed out after {cfg.timeout:g} s; narrow it or raise --timeout")
            except Exception as exc:
                return self._error(HTTPStatus.BAD_REQUEST, f"query failed: {str(exc).splitlines()[0]}")
            extra = {"X-Zhkg-Truncated": "true"} if truncated else {}
            accept = self.headers.get("Accept", "")
            if res.type in ("CONSTRUCT", "DESCRIBE"):
                mime, fmt = _negotiate(accept, _GRAPH_TYPES, "text/turtle")
                return self._send(HTTPStatus.OK, res.graph.serialize(format=fmt, encoding="utf-8"),
                                  f"{mime}; charset=utf-8", extra)
            mime, fmt = _negotiate(accept, _RESULT_TYPES, "application/sparql-results+json")
            if res.type == "SELECT":
                # a fresh result holding the capped rows only
                capped = Result("SELECT")
                capped.vars = res.vars
                capped.bindings = [{v: x for v, x in zip(res.vars, row) if x is not None} for row in rows]
                res = capped
            if fmt == "tsv":
                data = _tsv(res).encode("utf-8")
            else:
                data = res.serialize(format=fmt, encoding="utf-8")
            if fmt == "json" and truncated:
                doc = json.loads(data)
                doc["zhkg:truncated"] = True
                data = json.dumps(doc, ensure_ascii=False).encode("utf-8")
            self._send(HTTPStatus.OK, data, f"{mime}; charset=utf-8", extra)

        do_HEAD = do_GET

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server


def _tsv(res) -> str:
    """SPARQL 1.1 TSV: terms in Turtle syntax, tab-separated."""
    if res.type == "ASK":
        return "?_askResult\n" + ("true" if res.askAnswer else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in res.vars)]
    for b in res.bindings:
        lines.append("\t".join(b[v].n3() if v in b else "" for v in res.vars))
    return "\n".join(lines) + "\n"


def _landing() -> str:
    return f"""<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>zhkg SPARQL</title></head>
<body style="font-family: sans-serif; max-width: 50em; margin: 2em auto">
<h1>zhkg SPARQL endpoint</h1>
<p>SPARQL 1.1 Protocol at <code>/sparql</code> (GET or POST, read-only). <a href="/explorer">Graph explorer</a>.</p>
<form method="post" action="/sparql">
<textarea name="query" rows="10" cols="80">{html.escape(_EXAMPLE)}</textarea><br>
<button type="submit">Run</button></form></body></html>"""


_EXAMPLE = """PREFIX kg: <https://w3id.org/zhkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?agreement ?party WHERE { ?agreement a kg:Agreement ; kg:party/rdfs:label ?party }
LIMIT 20"""
