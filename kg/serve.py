"""A read-only SPARQL 1.1 Protocol endpoint over a built graph.

    kg serve build/ --port 7878
    curl 'http://127.0.0.1:7878/sparql?query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%201'

* ``GET /sparql?query=…`` and ``POST /sparql`` (form ``query=…`` or a body of
  ``application/sparql-query``); ``/sparql/`` is the same endpoint.
* The dataset comes from ``default-graph-uri`` / ``named-graph-uri`` when given
  (they win over ``FROM`` / ``FROM NAMED`` in the query), else from the query,
  else the store's default graph with every provenance graph named.
* Results in every standard media type — SPARQL JSON, XML, CSV, TSV; Turtle,
  N-Triples, RDF/XML, JSON-LD, N3, TriG, N-Quads for CONSTRUCT/DESCRIBE —
  chosen from ``Accept`` with its q-values; 406 when none is acceptable.
* Read-only: SPARQL Update is refused (403; 400 when it is malformed), and
  so are ``SERVICE`` clauses unless ``allow_service`` is set.
* Queries run in worker processes (:mod:`kg.engine`): one past the time limit
  is killed and answered 503, and the other workers answer meanwhile. A
  SELECT past the row cap is cut and flagged ``X-Zhkg-Truncated: true``.
* Every request gets an HTTP answer: a bad ``Content-Length`` 400, a body over
  the size limit 413, an unknown media type 415, another method 405 with
  ``Allow``, a client that stops sending 408.
* CORS headers on every answer, so YASGUI in a browser can use it. ``/`` is a
  landing page with a query form; ``/explorer`` serves ``graph.html``.
"""

from __future__ import annotations

import html
import logging
import os
import socket
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from kg.engine import PoolBusy, QueryPool, QueryTimeout, inspect_query, prepare_source, remove_tree

__all__ = ["EndpointConfig", "SparqlServer", "make_server"]

log = logging.getLogger(__name__)

_ALLOW = "GET, POST, HEAD, OPTIONS"
_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"
_UPDATE = "application/sparql-update"


@dataclass(frozen=True)
class EndpointConfig:
    timeout: float = 30.0  # seconds per query, parsing included
    max_rows: int = 10_000
    allow_service: bool = False
    explorer: Path | None = None
    workers: int = 0  # query processes; 0: one per core
    max_body: int = 1_000_000  # bytes of a request body or query string
    read_timeout: float = 10.0  # seconds a client may take to send its request
    queue: int = 0  # queries that may wait for a busy worker; past them 503 with Retry-After (0: 8 per worker)


class _Refused(Exception):
    def __init__(self, status: HTTPStatus, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server; ``server_close()`` also stops the query workers."""

    daemon_threads = True
    #: Connections the kernel queues before they are accepted (``listen``'s backlog; socketserver's 5 made
    #: clients beyond it wait a second for a SYN retry). The kernel caps it at ``net.core.somaxconn``.
    request_queue_size = 1024
    pool: QueryPool | None = None
    cleanup: Path | None = None

    def server_close(self) -> None:
        super().server_close()  # also called by the constructor when it cannot bind: no pool yet
        if self.pool is not None:
            self.pool.close()
        remove_tree(self.cleanup)


def make_server(source, host: str = "127.0.0.1", port: int = 7878,
                config: EndpointConfig | None = None) -> SparqlServer:
    """A server answering SPARQL on *source*; call ``serve_forever()`` on it.

    *source* is a graph file, a build folder or a store folder. A file is
    loaded once into a temporary on-disk store that every worker opens
    read-only (removed by ``server_close()``).
    """
    cfg = config or EndpointConfig()
    store, cleanup = prepare_source(source)
    pool = QueryPool(store, workers=cfg.workers or os.cpu_count() or 1, timeout=cfg.timeout, max_rows=cfg.max_rows,
                     max_waiting=cfg.queue)
    try:
        server = SparqlServer((host, port), _handler(cfg, pool))
    except OSError:
        pool.close()
        remove_tree(cleanup)
        raise
    server.pool, server.cleanup = pool, cleanup
    return server


def _media(value: str | None) -> tuple[str, dict[str, str]]:
    parts = [p.strip() for p in (value or "").split(";")]
    params = {}
    for p in parts[1:]:
        k, _, v = p.partition("=")
        params[k.strip().lower()] = v.strip().strip('"').lower()
    return parts[0].lower(), params


def _decode(body: bytes, params: dict[str, str]) -> str:
    charset = params.get("charset", "utf-8")
    if charset not in ("utf-8", "utf8"):
        raise _Refused(HTTPStatus.BAD_REQUEST, f"the body must be UTF-8 (SPARQL 1.1 Protocol), not {charset}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Refused(HTTPStatus.BAD_REQUEST, f"the body is not valid UTF-8 (byte {exc.start})") from None


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise _Refused(HTTPStatus.BAD_REQUEST, f"more than one {name} parameter; send exactly one")
    return values[0] if values else None


def _handler(cfg: EndpointConfig, pool: QueryPool):
    class Handler(BaseHTTPRequestHandler):
        server_version = "zhkg-sparql/0.2"
        protocol_version = "HTTP/1.1"
        timeout = cfg.read_timeout  # socket reads: a client that stops sending gets 408

        def log_message(self, fmt, *args):  # quiet by default; use -v for logs
            log.info("%s " + fmt, self.address_string(), *args)

        def setup(self):
            super().setup()
            # a reply goes out as soon as it is written: with Nagle's algorithm on, the body waited for the
            # client's delayed ACK of the headers, 40 ms on every request of a kept-alive connection
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def handle_one_request(self):
            """http.server's loop for one request, but a client that stalls before its request is complete
            (nothing sent, half a request line, headers cut off) is answered 408, not dropped."""
            self.command, self.request_version, self.requestline = "", "HTTP/1.1", ""
            try:
                self.raw_requestline = self.rfile.readline(65537)
                if len(self.raw_requestline) > 65536:
                    self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG)
                    return
                if not self.raw_requestline:
                    self.close_connection = True
                    return
                if not self.parse_request():
                    return
                method = getattr(self, "do_" + self.command, None)
                if method is None:
                    self.send_error(HTTPStatus.NOT_IMPLEMENTED, f"unsupported method ({self.command!r})")
                    return
                method()
                self.wfile.flush()
            except (socket.timeout, TimeoutError):
                self.close_connection = True
                self.command = ""
                try:
                    self._error(HTTPStatus.REQUEST_TIMEOUT,
                                f"the request did not arrive within {cfg.read_timeout:g} s", {"Connection": "close"})
                except OSError:
                    pass  # the client is gone

        # ------------------------------------------------------------ replies
        def _send(self, status: int, body: bytes, ctype: str, extra: dict | None = None):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.send_header("Access-Control-Allow-Methods", _ALLOW)
            self.send_header("Vary", "Accept")
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _error(self, status: int, message: str, extra: dict | None = None):
            self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8", extra)

        def _guard(self, work):
            try:
                try:
                    work()
                except PoolBusy as busy:  # waiting is not running: a query's time limit starts with its worker
                    raise _Refused(HTTPStatus.SERVICE_UNAVAILABLE, "every query worker is busy and the queue is "
                                   "full; retry after Retry-After seconds", {"Retry-After": str(busy.retry_after)})
                except QueryTimeout:
                    raise _Refused(HTTPStatus.SERVICE_UNAVAILABLE, f"query timed out after {cfg.timeout:g} s and "
                                   "was stopped; narrow it or raise --timeout")
            except _Refused as exc:
                if exc.status >= 400 and self.command == "POST":
                    self.close_connection = True  # the body may be unread
                self._error(exc.status, str(exc), exc.headers)
            except (socket.timeout, TimeoutError):
                self.close_connection = True
                self._error(HTTPStatus.REQUEST_TIMEOUT, "the request body did not arrive in time")
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True
            except Exception as exc:  # an answer, never a dropped connection
                log.exception("request failed")
                self.close_connection = True
                self._error(HTTPStatus.INTERNAL_SERVER_ERROR, f"internal error: {type(exc).__name__}")

        # ------------------------------------------------------------ methods
        def do_OPTIONS(self):
            self._send(HTTPStatus.NO_CONTENT, b"", "text/plain", {"Allow": _ALLOW})

        def do_GET(self):
            self._guard(self._get)

        do_HEAD = do_GET

        def do_POST(self):
            self._guard(self._post)

        def _not_allowed(self):
            self.close_connection = True
            self._error(HTTPStatus.METHOD_NOT_ALLOWED, f"{self.command} is not allowed; use GET or POST",
                        {"Allow": _ALLOW})

        do_PUT = do_DELETE = do_PATCH = _not_allowed

        def _endpoint(self, url) -> bool:
            return url.path.rstrip("/") == "/sparql"

        def _get(self):
            url = urlparse(self.path)
            if url.path == "/":
                return self._send(HTTPStatus.OK, _landing().encode("utf-8"), "text/html; charset=utf-8")
            if url.path.rstrip("/") == "/explorer":
                if cfg.explorer is None or not cfg.explorer.exists():
                    raise _Refused(HTTPStatus.NOT_FOUND, "no graph.html beside this graph; run kg view first")
                return self._send(HTTPStatus.OK, cfg.explorer.read_bytes(), "text/html; charset=utf-8")
            if not self._endpoint(url):
                raise _Refused(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql")
            if len(url.query) > cfg.max_body:
                raise _Refused(HTTPStatus.REQUEST_URI_TOO_LONG, f"the query string is over {cfg.max_body:,} bytes")
            params = parse_qs(url.query, keep_blank_values=True)
            if "update" in params:
                raise _Refused(HTTPStatus.BAD_REQUEST, "updates are sent by POST, and this endpoint is read-only")
            query = _one(params, "query")
            if query is None:
                raise _Refused(HTTPStatus.BAD_REQUEST, "missing query parameter: /sparql?query=…")
            self._answer(query, params)

        def _body(self) -> bytes:
            if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
                return self._chunked()
            raw = self.headers.get("Content-Length")
            if raw is None:
                return b""
            try:
                length = int(raw)
                if length < 0:
                    raise ValueError
            except ValueError:
                raise _Refused(HTTPStatus.BAD_REQUEST, f"bad Content-Length {raw!r}") from None
            if length > cfg.max_body:
                raise _Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the body is over {cfg.max_body:,} bytes")
            data = self.rfile.read(length)
            if len(data) < length:
                raise _Refused(HTTPStatus.BAD_REQUEST, "the body is shorter than its Content-Length")
            return data

        def _chunked(self) -> bytes:
            out = bytearray()
            while True:
                line = self.rfile.readline(1024).strip()
                try:
                    size = int(line.split(b";")[0], 16)
                except ValueError:
                    raise _Refused(HTTPStatus.BAD_REQUEST, "malformed chunked body") from None
                if size == 0:
                    while self.rfile.readline(1024).strip():  # trailers
                        pass
                    return bytes(out)
                if len(out) + size > cfg.max_body:
                    raise _Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the body is over {cfg.max_body:,} bytes")
                out += self.rfile.read(size)
                self.rfile.readline(8)

        def _post(self):
            url = urlparse(self.path)
            if not self._endpoint(url):
                raise _Refused(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql")
            params = parse_qs(url.query, keep_blank_values=True)
            ctype, cparams = _media(self.headers.get("Content-Type"))
            body = self._body()
            if not ctype:
                raise _Refused(HTTPStatus.BAD_REQUEST, f"POST needs a Content-Type: {_FORM} or {_QUERY}")
            if ctype == _FORM:
                text = _decode(body, cparams)
                form = parse_qs(text, keep_blank_values=True)
                for k, v in form.items():
                    params.setdefault(k, []).extend(v)
                if "update" in form:
                    return self._update(_one(form, "update"), params)
                query = _one(params, "query")
                if query is None:
                    raise _Refused(HTTPStatus.BAD_REQUEST, "missing query: POST query=… or an application/sparql-query body")
                return self._answer(query, params)
            if ctype == _QUERY:
                if "query" in params:
                    raise _Refused(HTTPStatus.BAD_REQUEST, "a query in the body and in the URL; send one")
                return self._answer(_decode(body, cparams), params)
            if ctype == _UPDATE:
                return self._update(_decode(body, cparams), params)
            raise _Refused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                           f"unsupported Content-Type {ctype}; use {_FORM} or {_QUERY}")

        def _update(self, text: str, params: dict):
            if ("using-graph-uri" in params or "using-named-graph-uri" in params) and \
                    any(w in text.upper() for w in ("USING", "WITH")):
                raise _Refused(HTTPStatus.BAD_REQUEST, "using-graph-uri with USING/WITH in the update: choose one")
            if not pool.update_parses(text):
                raise _Refused(HTTPStatus.BAD_REQUEST, "malformed update (and this endpoint is read-only)")
            raise _Refused(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused")

        def _answer(self, query: str, params: dict):
            info = inspect_query(query)
            if info.is_update:
                raise _Refused(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused")
            if info.uses_service and not cfg.allow_service:
                raise _Refused(HTTPStatus.FORBIDDEN, "SERVICE is refused: this endpoint does not fetch other endpoints")
            dataset = {}
            if "default-graph-uri" in params or "named-graph-uri" in params:
                dataset = {"default_graphs": params.get("default-graph-uri", []),
                           "named_graphs": params.get("named-graph-uri", [])}
            base = f"http://{self.headers.get('Host') or 'localhost'}/sparql"
            try:
                answer = pool.run(query, accept=self.headers.get("Accept"), base_iri=base, **dataset)
            except (EOFError, OSError) as exc:
                raise _Refused(HTTPStatus.INTERNAL_SERVER_ERROR, f"the query worker died ({type(exc).__name__})")
            if answer.status != 200:
                raise _Refused(answer.status, answer.body.decode("utf-8", "replace"))
            extra = {"X-Zhkg-Truncated": "true"} if answer.truncated else {}
            self._send(HTTPStatus.OK, answer.body, f"{answer.media_type}; charset=utf-8", extra)

    return Handler


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
