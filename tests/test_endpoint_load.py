"""The endpoint under the loads a hostile trial put on it, with real sockets and a real HTTP client on
127.0.0.1: replies leave at once on kept-alive connections, the kernel queues many connections, a client
that stalls before its request is complete is answered 408, runaway queries cost the other clients their
turn but never their answer, a full queue is answered 503 with Retry-After at once, and a busy port is
one line."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from .conftest import serve_text

httpx = pytest.importorskip("httpx")

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"VALUES ?v{i} {{ 0 1 2 3 4 5 6 7 8 9 }}" for i in range(12)) + " }"
ASK = "ASK { ?s ?p ?o }"
DATA = "<http://example.org/a> <http://example.org/p> <http://example.org/b> .\n"


def _serve(tmp_path, **cfg):
    return serve_text(tmp_path, DATA, "g.nt", **cfg)


@pytest.fixture
def server(tmp_path):
    server = _serve(tmp_path, timeout=1, read_timeout=1, workers=2)
    yield server
    server.shutdown()
    server.server_close()


def _recv_all(sock: socket.socket) -> bytes:
    out = b""
    sock.settimeout(10)
    while True:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, socket.timeout):
            break
        if not chunk:
            break
        out += chunk
    return out


def test_replies_leave_without_waiting_for_an_ack(server):
    # Nagle's algorithm held each reply's body until the client acknowledged its headers: 40 ms on every
    # request of a kept-alive connection. The server's own end of a real connection has it off.
    handler = server.RequestHandlerClass
    listener = socket.create_server(("127.0.0.1", 0))
    client = socket.create_connection(listener.getsockname())
    conn, _ = listener.accept()
    try:
        h = handler.__new__(handler)
        h.request, h.connection, h.server, h.client_address = conn, conn, server, ("127.0.0.1", 0)
        assert conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
        h.setup()
        assert conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        for s in (client, conn, listener):
            s.close()


def test_the_listen_backlog_holds_many_connections(server):
    port = server.server_address[1]
    out = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True)
    if out.returncode != 0 or not out.stdout.strip():
        pytest.skip("ss (iproute2) is not here to read the listening socket's backlog")
    backlog = int(out.stdout.split()[2])  # a listening socket's Send-Q is its backlog
    assert backlog >= 128, out.stdout


@pytest.mark.parametrize("sent", [b"", b"GET /sparql?query=AS", b"GET /sparql HTTP/1.1\r\nHost: x\r\n"])
def test_a_client_that_stalls_before_its_request_is_complete_is_answered_408(server, sent):
    with socket.create_connection(server.server_address) as sock:
        sock.sendall(sent)
        out = _recv_all(sock)
    assert out.startswith(b"HTTP/1.1 408"), out[:80]
    assert b"Connection: close" in out


def test_runaway_queries_do_not_cost_other_clients_their_answers(server):
    url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    stop = time.monotonic() + 4
    codes: dict[str, list[int]] = {"runaway": [], "normal": []}

    def client(kind: str) -> None:
        with httpx.Client(timeout=60) as c:
            while time.monotonic() < stop:
                r = c.get(url, params={"query": RUNAWAY if kind == "runaway" else ASK})
                codes[kind].append(r.status_code)

    with ThreadPoolExecutor(6) as pool:
        for f in [pool.submit(client, "runaway") for _ in range(2)] + [pool.submit(client, "normal") for _ in range(4)]:
            f.result()
    assert codes["runaway"] and set(codes["runaway"]) == {503}  # each stopped at its limit
    # the normal queries waited for a worker while runaways held both, and were then answered: waiting is
    # not running, so their own time limit had not started
    assert codes["normal"] and set(codes["normal"]) == {200}, codes["normal"]


def test_a_full_queue_is_answered_503_with_retry_after_at_once(tmp_path):
    server = _serve(tmp_path, timeout=3, workers=1, queue=1)
    url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    try:
        with ThreadPoolExecutor(2) as pool:
            held = pool.submit(httpx.get, url, params={"query": RUNAWAY}, timeout=60)  # holds the one worker
            time.sleep(0.5)
            waiting = pool.submit(httpx.get, url, params={"query": ASK}, timeout=60)  # waits its turn
            time.sleep(0.5)
            r = httpx.get(url, params={"query": ASK}, timeout=60)  # one more than may wait
            assert r.status_code == 503 and "busy" in r.text
            assert 1 <= int(r.headers["Retry-After"]) <= 3
            assert held.result().status_code == 503 and "timed out" in held.result().text
            assert waiting.result().status_code == 200
    finally:
        server.shutdown()
        server.server_close()


def test_a_port_in_use_is_one_line_and_exit_2(tmp_path):
    src = tmp_path / "g.nt"
    src.write_text(DATA, encoding="utf-8")
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        res = subprocess.run([sys.executable, "-m", "kg.cli", "serve", str(src), "--port", str(port)],
                             capture_output=True, text=True, timeout=120)
    assert res.returncode == 2
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1, res.stderr
    assert re.match(rf"error: 127\.0\.0\.1:{port}: cannot listen \(.*\); choose another --port", res.stderr)
