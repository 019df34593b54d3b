"""Console and public pages: time to first byte on the demo dataset, against the server's
liveness endpoint (``/health``) measured in the same run (issue 7: "first byte under 100 ms
on the demo data").

Starts ``concord serve`` (one worker) over a fresh database loaded with the demo (seed 7),
signs each demo person in through the sign-in form (password + TOTP + CSRF), then requests
every page ``--rounds`` times one after the other and reports the median and 95th percentile
of the time until the response's headers arrive.

Usage::

    .venv/bin/python bench/web_pages.py [--rounds 30] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import pyotp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = 7
#: (who, path): the pages a day at an NCB, a border post, the Secretariat and an audit touches.
PAGES: list[tuple[str | None, str]] = [
    (None, "/"),
    (None, "/public/"),
    (None, "/public/?name=a"),
    ("fr.operator", "/console/"),
    ("fr.operator", "/console/screen"),
    ("fr.operator", "/console/records"),
    ("fr.operator", "/console/notices"),
    ("fr.operator", "/console/messages"),
    ("fr.operator", "/console/stats"),
    ("gs.reviewer", "/console/"),
    ("gs.reviewer", "/console/notices"),
    ("gs.auditor", "/console/audit"),
    ("fr.admin", "/console/admin"),
]
CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(url: str) -> None:
    from concord.bootstrap import prepare as migrate
    from concord.db.database import Database
    from concord.demo.load import load_demo
    from concord.settings import Settings

    settings = Settings(environment="development", database_url=url)  # type: ignore[call-arg]
    db = Database.from_url(url)
    migrate(db)
    load_demo(db, settings, seed=SEED)
    db.dispose()


def sign_in(base: str, username: str) -> httpx.Client:
    from concord.demo import credentials

    client = httpx.Client(base_url=base, timeout=30)
    page = client.get("/")
    found = CSRF.search(page.text)
    assert found, "no CSRF field on the sign-in page"
    answer = client.post(
        "/signin",
        data={
            "csrf": found.group(1),
            "username": username,
            "password": credentials.DEMO_PASSWORD,
            "code": pyotp.TOTP(credentials.totp_secret(SEED, username)).now(),
        },
    )
    if answer.status_code != 303:
        raise SystemExit(f"{username} could not sign in: {answer.status_code}")
    return client


def first_byte(client: httpx.Client, path: str) -> tuple[float, int]:
    start = time.perf_counter()
    with client.stream("GET", path) as response:
        elapsed = time.perf_counter() - start
        response.read()
    return elapsed * 1000, response.status_code


def measure(client: httpx.Client, path: str, rounds: int) -> dict[str, Any]:
    first_byte(client, path)  # warm caches (templates, catalogues, indexes)
    times, statuses = [], set()
    for _ in range(rounds):
        ms, status = first_byte(client, path)
        times.append(ms)
        statuses.add(status)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 2),
        "status": sorted(statuses),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="concord-web-bench-")
    url = f"sqlite:///{tmp}/web.db"
    log("loading the demo dataset")
    prepare(url)
    port = free_port()
    env = {
        **os.environ,
        "CONCORD_ENVIRONMENT": "development",
        "CONCORD_DATABASE_URL": url,
        "CONCORD_RATE_LIMIT_PER_MINUTE": "0",
        "CONCORD_LOG_LEVEL": "warning",
    }
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/concord"), "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        clients: dict[str | None, httpx.Client] = {None: httpx.Client(base_url=base)}
        results: dict[str, Any] = {
            "baseline /health": measure(clients[None], "/health", args.rounds)
        }
        for who, path in PAGES:
            if who not in clients:
                clients[who] = sign_in(base, who)  # type: ignore[arg-type]
            results[f"{who or 'public'} {path}"] = measure(clients[who], path, args.rounds)
        base_ms = results["baseline /health"]["median_ms"]
        for value in results.values():
            value["ratio_to_health"] = round(value["median_ms"] / base_ms, 1) if base_ms else None
    finally:
        server.terminate()
        server.wait(timeout=20)
    if args.json:
        print(json.dumps({"rounds": args.rounds, "pages": results}, indent=2))
        return
    for name, value in results.items():
        print(
            f"{name:<40} median {value['median_ms']:>7.2f} ms  p95 {value['p95_ms']:>7.2f} ms"
            f"  x{value['ratio_to_health']}  {value['status']}"
        )


if __name__ == "__main__":
    main()
