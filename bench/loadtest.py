"""Load test: Concord's API served by uvicorn on loopback, against a trivial ASGI baseline
served the same way and hit by the same client in the same run (machines here are noisy, so
the ratio is what counts).

Measures, for a few endpoints, requests/s and latency percentiles at a fixed concurrency:
- ``/health`` (no database),
- ``GET /api/v1/auth/me`` (token lookup, one audit-free read),
- ``GET /api/v1/members?limit=10`` (token lookup + query),
- ``POST /api/v1/notifications`` (a write: one transaction with an audit event).
Prints a table on stderr and one JSON document on the last line of stdout.

Usage: python bench/loadtest.py [--seconds 5] [--concurrency 16] [--engine sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
BASELINE_APP = """
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": b'{"status":"ok"}'})
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server at {url} did not come up")


def prepare_database(url: str, env: dict[str, str]) -> str:
    """Migrate, and create a service account with a token; returns the token."""
    code = (
        "from concord.bootstrap import prepare, system_principal\n"
        "from concord.db.database import Database\n"
        "from concord.auth import accounts\n"
        "from concord.auth.roles import Role\n"
        "from concord.settings import Settings\n"
        "s = Settings(); db = Database.from_url(s.database_url); prepare(db)\n"
        "with db.transaction() as x:\n"
        "    p = system_principal(x)\n"
        "    a = accounts.create_account(x, p, settings=s, kind='service', username='bench-fr',\n"
        "        display_name='bench', role=Role.NCB_OPERATOR, country='FR').account\n"
        "    t, secret = accounts.create_token(x, p, settings=s, account_id=a.id, name='bench')\n"
        "print(secret)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    )
    return out.stdout.strip().splitlines()[-1]


async def _request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes) -> int:
    """One HTTP/1.1 keep-alive exchange; returns the status code."""
    writer.write(raw)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    chunked = False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        lname = name.strip().lower()
        if lname == b"content-length":
            length = int(value.strip())
        elif lname == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status


def _raw(
    method: str, url: str, headers: dict[str, str] | None, body: dict[str, Any] | None
) -> tuple[str, int, bytes]:
    parsed = httpx.URL(url)
    payload = json.dumps(body).encode() if body is not None else b""
    lines = [
        f"{method} {parsed.raw_path.decode()} HTTP/1.1",
        f"Host: {parsed.host}",
        "Connection: keep-alive",
    ]
    for k, v in (headers or {}).items():
        lines.append(f"{k}: {v}")
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
    return parsed.host, int(parsed.port or 80), ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


async def hammer(
    url: str,
    *,
    seconds: float,
    concurrency: int,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Closed-loop load: ``concurrency`` keep-alive connections, each sending its next request
    as soon as the previous answer is in. A minimal client, so that it is not the bottleneck."""
    host, port, raw = _raw(method, url, headers, body)
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                status = await _request(reader, writer, raw)
                latencies.append(time.perf_counter() - t0)
                if status >= 400:
                    errors += 1
        finally:
            writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - start
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 2)

    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 2),
    }


def serve(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        args, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument(
        "--database-url", default=None, help="default: a fresh SQLite file in a temporary directory"
    )
    opts = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="concord-load-"))
    db_url = opts.database_url or f"sqlite:///{tmp / 'load.db'}"
    env = {
        **os.environ,
        "CONCORD_DATABASE_URL": db_url,
        "CONCORD_RATE_LIMIT_PER_MINUTE": "0",
        "CONCORD_LOG_LEVEL": "warning",
        "CONCORD_ENVIRONMENT": "development",
    }
    token = prepare_database(db_url, env)
    (tmp / "baseline_app.py").write_text(BASELINE_APP)
    base_port, app_port = free_port(), free_port()
    uvicorn = [
        sys.executable,
        "-m",
        "uvicorn",
        "--host",
        "127.0.0.1",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    baseline = serve([*uvicorn, "--port", str(base_port), "baseline_app:app"], env, tmp)
    concord = serve(
        [*uvicorn, "--port", str(app_port), "--factory", "concord.app:create_app"], env, ROOT
    )
    results: dict[str, Any] = {}
    try:
        wait_up(f"http://127.0.0.1:{base_port}/")
        wait_up(f"http://127.0.0.1:{app_port}/health")
        auth = {"Authorization": f"Bearer {token}"}
        run = {"seconds": opts.seconds, "concurrency": opts.concurrency}
        cases: list[tuple[str, str, str, dict[str, str] | None, dict[str, Any] | None]] = [
            ("baseline_raw_asgi", "GET", f"http://127.0.0.1:{base_port}/", None, None),
            ("health", "GET", f"http://127.0.0.1:{app_port}/health", None, None),
            ("auth_me", "GET", f"http://127.0.0.1:{app_port}/api/v1/auth/me", auth, None),
            (
                "members_page",
                "GET",
                f"http://127.0.0.1:{app_port}/api/v1/members?limit=10",
                auth,
                None,
            ),
            (
                "notification_write",
                "POST",
                f"http://127.0.0.1:{app_port}/api/v1/notifications",
                auth,
                {"title": "load test", "role": "ncb_operator"},
            ),
        ]
        for name, method, url, headers, body in cases:
            results[name] = asyncio.run(
                hammer(url, method=method, headers=headers, body=body, **run)
            )
            print(f"{name:20} {results[name]}", file=sys.stderr)
        base = results["baseline_raw_asgi"]["rps"]
        for name in list(results):
            results[name]["ratio_to_baseline"] = round(results[name]["rps"] / base, 3)
        failed = [n for n, r in results.items() if r["errors"]]
    finally:
        for proc in (baseline, concord):
            proc.terminate()
            proc.wait(timeout=10)
    print(
        json.dumps(
            {
                "benchmark": "loadtest",
                "engine": db_url.split(":")[0],
                "seconds": opts.seconds,
                "concurrency": opts.concurrency,
                "results": results,
                "ok": not failed,
            }
        )
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
