"""Send a graph to another triple store with the SPARQL 1.1 Graph Store Protocol.

    push("build/", "http://127.0.0.1:8890/sparql-graph-crud-auth",
         graph="https://w3id.org/zhkg/graph/seeds", user="dba", password="dba")

``PUT`` replaces the target graph with ours; ``POST`` (``method="POST"``)
adds our triples to it. The body is Turtle. Basic and digest
authentication are both answered (Virtuoso's ``/sparql-graph-crud-auth``
asks for digest).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import httpx
from rdflib import Graph

from kg.errors import ZhkgError

__all__ = ["PushError", "PushResult", "push"]


class PushError(ZhkgError):
    """The store refused the graph, or could not be reached."""

    exit_code = 1


@dataclass(frozen=True)
class PushResult:
    url: str
    method: str
    status: int
    triples: int
    bytes: int


def push(
    graph: str | Path | Graph,
    endpoint: str,
    *,
    graph_iri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    method: str = "PUT",
    timeout: float = 120.0,
) -> PushResult:
    """PUT (or POST) *graph* as Turtle to the Graph Store Protocol *endpoint*.

    Without *graph_iri* the store's default graph is the target (``?default``).
    """
    from kg.rdf.serialize import serialize
    from kg.store import load

    method = method.upper()
    if method not in ("PUT", "POST"):
        raise ValueError("method must be PUT or POST")
    g = graph if isinstance(graph, Graph) else load(graph)
    body = serialize(g, "turtle")
    params = {"graph": graph_iri} if graph_iri else {"default": ""}
    auth = None
    if user is not None:
        auth = _Either(user, password or "")
    try:
        resp = httpx.request(method, endpoint, params=params, content=body, auth=auth, timeout=timeout,
                             headers={"Content-Type": "text/turtle; charset=utf-8"})
    except httpx.HTTPError as exc:
        raise PushError(f"{endpoint}: cannot be reached ({exc}); is the store running and the URL right?") from exc
    if resp.status_code in (401, 403):
        raise PushError(f"{endpoint}: {resp.status_code} {resp.reason_phrase}; check --user and --password "
                        "(the user needs write rights on the graph store)")
    if resp.status_code >= 300:
        detail = " ".join(resp.text.split())[:200]
        raise PushError(f"{endpoint}: the store answered {resp.status_code} {resp.reason_phrase}: {detail}")
    return PushResult(str(resp.request.url), method, resp.status_code, len(g), len(body))


class _Either(httpx.Auth):
    """Answer whichever challenge the server sends: digest or basic."""

    def __init__(self, user: str, password: str):
        self._digest = httpx.DigestAuth(user, password)
        self._basic = httpx.BasicAuth(user, password)

    def auth_flow(self, request):
        response = yield request
        if response.status_code != 401:
            return
        challenge = response.headers.get("www-authenticate", "").lower()
        auth = self._digest if challenge.startswith("digest") else self._basic
        flow = auth.auth_flow(request)
        req = next(flow)
        if challenge.startswith("digest"):
            req = flow.send(response)
        yield req
