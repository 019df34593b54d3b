"""A small HTTP/1.1 load generator for loopback benchmarks: raw asyncio streams, keep-alive
connections, requests prepared as bytes beforehand, so the client costs far less per request
than the server it measures (an httpx client costs about as much as a FastAPI route).

``drive(...)`` runs ``connections`` loops for ``seconds``, each sending the next body from a
list and reading the response (status line, headers, ``Content-Length`` body). With ``rate``
set, requests are started on a fixed schedule (open loop) and latency counts from the
scheduled time, so a stalled server cannot hide its queue (no coordinated omission).

Usable on its own: ``python bench/http_load.py URL TOKEN BODY.json --seconds 10``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np


@dataclass
class LoadResult:
    done: int = 0
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0

    def percentile_ms(self, q: float) -> float:
        return float(np.percentile(np.array(self.latencies) * 1000, q)) if self.latencies else 0.0


def prepare(url: str, token: str, bodies: list[Any]) -> tuple[str, int, list[bytes]]:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    requests = []
    for body in bodies:
        data = json.dumps(body).encode()
        head = (
            f"POST {parts.path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(data)}\r\n\r\n"
        ).encode()
        requests.append(head + data)
    return host, port, requests


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    if length:
        await reader.readexactly(length)
    return status


async def drive(
    url: str,
    token: str,
    bodies: list[Any],
    *,
    seconds: float,
    connections: int = 32,
    rate: float | None = None,
) -> LoadResult:
    host, port, requests = prepare(url, token, bodies)
    result = LoadResult()
    started = time.perf_counter()
    stop = started + seconds
    counter = 0
    interval = connections / rate if rate else 0.0

    async def loop(n: int) -> None:
        nonlocal counter
        reader, writer = await asyncio.open_connection(host, port)
        next_at = started + n * (interval / connections) if rate else 0.0
        try:
            while True:
                now = time.perf_counter()
                if now >= stop:
                    return
                if rate:
                    if next_at > now:
                        await asyncio.sleep(next_at - now)
                    t0 = next_at
                    next_at += interval
                else:
                    t0 = now
                request = requests[counter % len(requests)]
                counter += 1
                writer.write(request)
                status = await _read_response(reader)
                result.latencies.append(time.perf_counter() - t0)
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if status == 200:
                    result.done += 1
                else:
                    result.errors += 1
        finally:
            writer.close()

    await asyncio.gather(*(loop(n) for n in range(connections)))
    result.seconds = time.perf_counter() - started
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("token")
    parser.add_argument("body", help="a JSON file: one body, or a list of bodies")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rate", type=float)
    args = parser.parse_args()
    with Path(args.body).open(encoding="utf-8") as f:
        loaded = json.load(f)
    bodies = loaded if isinstance(loaded, list) else [loaded]
    try:
        import uvloop

        uvloop.install()
    except ImportError:  # pragma: no cover
        pass
    r = asyncio.run(
        drive(
            args.url,
            args.token,
            bodies,
            seconds=args.seconds,
            connections=args.connections,
            rate=args.rate,
        )
    )
    print(
        json.dumps(
            {
                "per_second": round(r.per_second),
                "p50_ms": round(r.percentile_ms(50), 2),
                "p99_ms": round(r.percentile_ms(99), 2),
                "errors": r.errors,
                "statuses": r.statuses,
            }
        )
    )


if __name__ == "__main__":
    main()
