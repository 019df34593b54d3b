"""Slow and greedy clients against the real server: ``concord serve`` (uvicorn) in a
subprocess on a loopback port, with its timeouts made small by settings.

A client that trickles its headers (slowloris), never sends a byte, or sends its body slower
than the minimum rate is answered 408 (or simply disconnected) after the configured time, while
normal clients keep being served meanwhile; oversized headers and URLs get 431; past the
connection limit new requests get 503; and the server believes no X-Forwarded-* header from
an untrusted peer (uvicorn alone would believe loopback) and names no Server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from concord.bootstrap import prepare
from concord.db.database import Database, make_engine
from tests.conftest import TEST_SECRETS

ROOT = Path(__file__).resolve().parents[2]
HEADER_TIMEOUT = 2.0
BODY_TIMEOUT = 2.0
MAX_HEADER = 8192
MAX_CONNECTIONS = 8
#: generous bounds for a busy 2-core machine: they detect "never", not "slow"
WAIT = 15.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    where = tmp_path_factory.mktemp("slow-clients")
    url = f"sqlite:///{where / 'concord.db'}"
    database = Database(make_engine(url))
    prepare(database)
    database.dispose()
    port = _free_port()
    env = {
        **os.environ,
        "CONCORD_ENVIRONMENT": "test",
        "CONCORD_DATABASE_URL": url,
        "CONCORD_LOG_LEVEL": "warning",
        "CONCORD_RATE_LIMIT_PER_MINUTE": "3",
        "CONCORD_SCREENING_REFRESH_SECONDS": "0",
        "CONCORD_MESSAGING_WEBHOOK_INTERVAL_SECONDS": "0",
        "CONCORD_REQUEST_HEADER_TIMEOUT_SECONDS": str(HEADER_TIMEOUT),
        "CONCORD_REQUEST_BODY_TIMEOUT_SECONDS": str(BODY_TIMEOUT),
        "CONCORD_REQUEST_BODY_MIN_BYTES_PER_SECOND": "1000",
        "CONCORD_MAX_REQUEST_HEADER_BYTES": str(MAX_HEADER),
        "CONCORD_MAX_CONNECTIONS": str(MAX_CONNECTIONS),
        "CONCORD_KEEP_ALIVE_TIMEOUT_SECONDS": "1",
        **{f"CONCORD_{k.upper()}": v for k, v in TEST_SECRETS.items()},
    }
    log = where / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "concord", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 180  # imports alone take seconds on a busy machine
        while True:
            assert proc.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        _wait_for_service(port)
        yield "127.0.0.1", port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _connect(addr: tuple[str, int]) -> socket.socket:
    s = socket.create_connection(addr, timeout=WAIT)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def _read_until_closed(s: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (a timeout fails)."""
    data = b""
    while True:
        try:
            chunk = s.recv(65536)
        except ConnectionResetError:
            return data
        if not chunk:
            return data
        data += chunk


def _trickle(s: socket.socket, data: bytes, every: float, stop: threading.Event) -> None:
    for i in range(len(data)):
        if stop.wait(every):
            return
        try:
            s.sendall(data[i : i + 1])
        except OSError:  # the server hung up: what we are waiting for
            return


def _wait_for_service(port: int) -> None:
    """Until the server has room for a new connection again (slow sockets all closed)."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError("the server did not recover")


def _served_meanwhile(port: int, stop: threading.Event, codes: list[int]) -> None:
    while not stop.is_set():
        with httpx.Client(timeout=WAIT) as c:  # one connection per request
            codes.append(c.get(f"http://127.0.0.1:{port}/health").status_code)
        time.sleep(0.05)


def test_slowloris_and_slow_bodies_are_cut_off_while_others_are_served(
    server: tuple[str, int],
) -> None:
    slow_head = b"GET /health HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 200 + b"\r\n\r\n"
    body = b'{"username": "u", "password": "p", "totp": "123456"}'
    slow_body_head = (
        b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n"
    )
    stop = threading.Event()
    heads = [_connect(server) for _ in range(2)]
    bodies = [_connect(server) for _ in range(2)]
    idle = _connect(server)  # connects and never sends a byte
    for s in bodies:
        s.sendall(slow_body_head + body[:5])  # then one byte every 0.2 s: 5 bytes a second
    threads = [threading.Thread(target=_trickle, args=(s, slow_head, 0.2, stop)) for s in heads] + [
        threading.Thread(target=_trickle, args=(s, body[5:], 0.2, stop)) for s in bodies
    ]
    for t in threads:
        t.start()
    # Normal clients, started once every slow connection is open and pending.
    codes: list[int] = []
    normal = threading.Thread(target=_served_meanwhile, args=(server[1], stop, codes))
    normal.start()
    threads.append(normal)
    try:
        answers = [_read_until_closed(s) for s in heads + bodies + [idle]]
    finally:
        stop.set()
        for t in threads:
            t.join()
        for s in [*heads, *bodies, idle]:
            s.close()
    for answer in answers[:2]:  # trickled heads: 408, closed, long before the head was sent
        assert answer.startswith(b"HTTP/1.1 408 "), answer[:200]
        assert b"connection: close" in answer.lower()
    for answer in answers[2:4]:  # trickled bodies: a 408 problem, closed
        assert answer.startswith(b"HTTP/1.1 408 "), answer[:200]
        assert b"application/problem+json" in answer and b'"request_timeout"' in answer
        assert b"connection: close" in answer.lower()
    assert answers[4] == b""  # the silent connection was simply closed
    # meanwhile, normal clients were served, every one of them
    assert codes and set(codes) == {200}, codes


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * (MAX_HEADER + 100) + b"\r\n\r\n",
        b"GET /health?q=" + b"u" * (MAX_HEADER + 100) + b" HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /health HTTP/1.1\r\nHost: x\r\n"
        + b"".join(b"X-Many-%d: %s\r\n" % (i, b"m" * 100) for i in range(200))
        + b"\r\n",
    ],
    ids=["one-big-header", "long-url", "many-headers"],
)
@pytest.mark.parametrize("trickled", [False, True], ids=["at-once", "in-pieces"])
def test_oversized_heads_get_431(
    server: tuple[str, int], request_bytes: bytes, trickled: bool
) -> None:
    with _connect(server) as s:
        try:
            if trickled:
                for i in range(0, len(request_bytes), 1024):
                    s.sendall(request_bytes[i : i + 1024])
                    time.sleep(0.005)
            else:
                s.sendall(request_bytes)
        except OSError:
            pass  # refused before we finished: fine, the answer is waiting
        answer = _read_until_closed(s)
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:200]
    # a large but acceptable head is served
    ok = httpx.get(f"http://{server[0]}:{server[1]}/health", headers={"X-Fine": "f" * 4000})
    assert ok.status_code == 200


def test_connection_limit_then_recovery(server: tuple[str, int]) -> None:
    hogs = [_connect(server) for _ in range(MAX_CONNECTIONS)]
    try:
        for s in hogs:
            s.sendall(b"GET /health HTTP/1.1\r\n")  # and never the rest
        time.sleep(0.2)  # let the server accept them all
        r = httpx.get(f"http://{server[0]}:{server[1]}/health", timeout=WAIT)
        assert r.status_code == 503
        answers = [_read_until_closed(s) for s in hogs]  # the head timeout frees them
        assert all(a.startswith(b"HTTP/1.1 408 ") for a in answers), answers
    finally:
        for s in hogs:
            s.close()
    _wait_for_service(server[1])


def test_forwarded_headers_not_believed_and_no_server_name(server: tuple[str, int]) -> None:
    base = f"http://{server[0]}:{server[1]}"
    login = {"username": "nobody", "password": "wrong", "totp": "123456"}
    codes = []
    for i in range(5):
        h = {"X-Forwarded-For": f"198.51.100.{i}", "X-Forwarded-Proto": "https"}
        r = httpx.post(f"{base}/api/v1/auth/login", json=login, headers=h, timeout=WAIT)
        codes.append(r.status_code)
        assert "server" not in r.headers
        assert "strict-transport-security" not in r.headers
    # Every request paid from the one loopback address's budget of 3 (which the slow bodies
    # above may have spent already): a new X-Forwarded-For never bought a fresh one.
    first = codes.index(429)
    assert first <= 3 and set(codes[:first]) <= {401} and set(codes[first:]) == {429}, codes
