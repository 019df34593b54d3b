"""The load test's open-model HTTP/1.1 client: requests start on a fixed schedule whatever the
server does, and each latency counts from the request's *scheduled* start, so a server that
stalls cannot hide its queue (no coordinated omission).

One schedule: request ``i`` of a run is due at ``start + i / rate``; its class comes from a
seeded draw over the mix, and its bytes are built at send time by the class (so Idempotency
keys are fresh and a read can name a message that was created earlier in the run). A due
request takes an idle keep-alive connection, or opens one: an open model needs as many
connections as there are requests in flight. Raw asyncio streams, no HTTP library: the client
must cost far less per request than the server it measures (an httpx request costs about what
a FastAPI route does).

With ``processes > 1`` the schedule is dealt round robin to that many client processes (the
same times, the same classes), for when one process cannot keep the rate; the ``send lag``
(actual send time minus scheduled time) in the result says whether it did.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Conn = tuple[asyncio.StreamReader, asyncio.StreamWriter]
#: A request class's builder: (rng, shared state) -> (request bytes, hook on the answer or None)
Build = Callable[[random.Random, dict[str, Any]], tuple[bytes, Callable[[bytes], None] | None]]

REQUEST_TIMEOUT = 10.0
#: idle kept-alive connections older than this are not reused (`concord serve` closes them
#: after CONCORD_KEEP_ALIVE_TIMEOUT_SECONDS, 5 by default)
KEEP_ALIVE = 4.0
DRAIN_TIMEOUT = 15.0


@dataclass
class ClassResult:
    latencies: list[float] = field(default_factory=list)  # seconds, every answered request
    statuses: dict[str, int] = field(default_factory=dict)  # "200", "503", "timeout", ...
    errors: int = 0
    lags: list[float] = field(default_factory=list)  # send time - scheduled time, seconds

    def add(self, other: ClassResult) -> None:
        self.latencies += other.latencies
        self.lags += other.lags
        self.errors += other.errors
        for k, v in other.statuses.items():
            self.statuses[k] = self.statuses.get(k, 0) + v


@dataclass
class RunResult:
    classes: dict[str, ClassResult]
    seconds: float  # measured window
    connections_opened: int = 0
    samples: list[str] = field(default_factory=list)  # a few error answers, for the report
    counts: dict[str, int] = field(default_factory=dict)  # what the hooks counted


def schedule(mix: dict[str, float], n: int, seed: int) -> list[str]:
    """The class of each of ``n`` requests: a seeded draw over the mix's weights."""
    rng = random.Random(seed)
    names = [k for k, w in mix.items() if w > 0]
    weights = [mix[k] for k in names]
    return rng.choices(names, weights=weights, k=n)


async def _read_answer(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """Status, body, and whether the connection may be reused."""
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length, chunked, keep = 0, False, True
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        lname = name.strip().lower()
        if lname == b"content-length":
            length = int(value.strip())
        elif lname == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
        elif lname == b"connection" and b"close" in value.lower():
            keep = False
    if chunked:
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0].strip(), 16)
            parts.append(await reader.readexactly(size + 2))
            if size == 0:
                break
        return status, b"".join(p[:-2] for p in parts), keep
    return status, (await reader.readexactly(length) if length else b""), keep


async def _run(
    host: str,
    port: int,
    builders: dict[str, Build],
    classes: list[str],
    indexes: range,
    *,
    start: float,
    rate: float,
    warmup: int,
    seed: int,
) -> RunResult:
    rng = random.Random(seed)
    state: dict[str, Any] = {}
    idle: list[tuple[Conn, float]] = []  # (connection, when it was last used)
    results = {name: ClassResult() for name in builders}
    samples: list[str] = []
    opened = 0

    async def one(i: int, due: float) -> None:
        nonlocal opened
        name = classes[i]
        raw, hook = builders[name](rng, state)
        res = results[name] if i >= warmup else ClassResult()
        lag = time.monotonic() - due
        conn: Conn | None = None
        try:
            async with asyncio.timeout(REQUEST_TIMEOUT):
                while idle:  # the most recently used first; drop those the server may close
                    conn, last = idle.pop()
                    if time.monotonic() - last < KEEP_ALIVE:
                        break
                    conn[1].close()
                    conn = None
                try:
                    if conn is None:
                        raise ConnectionResetError
                    conn[1].write(raw)
                    status, body, keep = await _read_answer(conn[0])
                except (OSError, asyncio.IncompleteReadError) as stale:
                    # a kept-alive connection the server closed before answering anything:
                    # sent again on a new one, as HTTP clients do
                    if isinstance(stale, asyncio.IncompleteReadError) and stale.partial:
                        raise
                    if conn is not None:
                        conn[1].close()
                    opened += 1
                    conn = await asyncio.open_connection(host, port)
                    conn[1].write(raw)
                    status, body, keep = await _read_answer(conn[0])
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            if conn is not None:
                conn[1].close()
            key = "timeout" if isinstance(exc, TimeoutError) else type(exc).__name__
            res.statuses[key] = res.statuses.get(key, 0) + 1
            res.errors += 1
            return
        elapsed = time.monotonic() - due
        res.latencies.append(elapsed)
        res.lags.append(lag)
        res.statuses[str(status)] = res.statuses.get(str(status), 0) + 1
        if keep:
            idle.append((conn, time.monotonic()))
        else:
            conn[1].close()
        if status >= 400:
            res.errors += 1
            if len(samples) < 5:
                first_line = raw.split(b"\r\n", 1)[0].decode(errors="replace")
                samples.append(f"{status} {first_line}: {body[:300].decode(errors='replace')}")
        elif hook is not None:
            hook(body)

    # a few connections opened beforehand, as a client with a pool would have
    for _ in range(8):
        idle.append((await asyncio.open_connection(host, port), start))
    tasks: dict[asyncio.Task[None], int] = {}
    for i in indexes:
        due = start + i / rate
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        task = asyncio.create_task(one(i, due))
        tasks[task] = i
        task.add_done_callback(lambda t: tasks.pop(t, None))
    if tasks:
        await asyncio.wait(list(tasks), timeout=DRAIN_TIMEOUT)
    for task, i in list(tasks.items()):  # still in flight after the drain: an error
        task.cancel()
        if i >= warmup:
            res = results[classes[i]]
            res.statuses["unfinished"] = res.statuses.get("unfinished", 0) + 1
            res.errors += 1
    for (_, writer), _last in idle:
        writer.close()
    measured = (len(classes) - warmup) / rate
    return RunResult(results, measured, opened, samples, state.get("counts", {}))


def _worker(args: dict[str, Any], conn: Any) -> None:
    from loadtest_scenario import builders_for

    try:
        import uvloop

        uvloop.install()
    except ImportError:  # pragma: no cover
        pass
    builders = builders_for(args["fixture"], args["mix"])
    result = asyncio.run(
        _run(
            args["host"],
            args["port"],
            builders,
            args["classes"],
            range(args["k"], len(args["classes"]), args["processes"]),
            start=args["start"],
            rate=args["rate"],
            warmup=args["warmup"],
            seed=args["seed"] + args["k"],
        )
    )
    conn.send(
        json.dumps(
            {
                "classes": {n: vars(c) for n, c in result.classes.items()},
                "seconds": result.seconds,
                "opened": result.connections_opened,
                "samples": result.samples,
                "counts": result.counts,
            }
        )
    )
    conn.close()


def drive(
    host: str,
    port: int,
    *,
    fixture: dict[str, Any],
    mix: dict[str, float],
    rate: float,
    seconds: float,
    warmup: float,
    processes: int,
    seed: int,
) -> RunResult:
    """Run the schedule (``warmup`` seconds not counted, then ``seconds`` measured) against
    host:port from ``processes`` client processes; merge their results."""
    n_warm = int(warmup * rate)
    classes = schedule(mix, n_warm + int(seconds * rate), seed)
    ctx = multiprocessing.get_context("spawn")
    start = time.monotonic() + 2.0 + 0.3 * processes  # time for the children to start
    pipes, procs = [], []
    for k in range(processes):
        parent, child = ctx.Pipe(duplex=False)
        args = {
            "host": host,
            "port": port,
            "fixture": fixture,
            "mix": mix,
            "classes": classes,
            "k": k,
            "processes": processes,
            "start": start,
            "rate": rate,
            "warmup": n_warm,
            "seed": seed,
        }
        proc = ctx.Process(target=_worker, args=(args, child), daemon=True)
        proc.start()
        pipes.append(parent)
        procs.append(proc)
    merged = RunResult({}, 0.0)
    for parent, proc in zip(pipes, procs, strict=True):
        got = json.loads(parent.recv())
        proc.join()
        for name, data in got["classes"].items():
            merged.classes.setdefault(name, ClassResult()).add(ClassResult(**data))
        merged.seconds = max(merged.seconds, got["seconds"])
        merged.connections_opened += got["opened"]
        merged.samples += got["samples"]
        for key, value in got["counts"].items():
            merged.counts[key] = merged.counts.get(key, 0) + value
    return merged
