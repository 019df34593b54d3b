"""Screening benchmark: the in-memory index (exact keys and names) and ``POST /api/v1/screen``.

In one run, on reproducible synthetic data (bench/screening_data.py):

1. builds an :class:`InMemoryIndex` of ``--persons`` persons and ``--documents`` documents
   (build time, peak RSS, index bytes per document);
2. bulk exact lookups: batches of document keys (10% present, 2% OCR variants), lookups/s;
3. name queries (typos, reordering, dropped middle names, transliterated forms, 20% absent):
   queries/s, p50/p99; the brute-force baseline, an exhaustive rapidfuzz ``process.cdist``
   scan with the cheapest scorer of the pipeline on both cores; recall@10 against an
   exhaustive scan with the full person scorer on a sample of queries (both cores; the sample
   is sized to ``--recall-seconds``);
4. HTTP: a real uvicorn server on a fresh SQLite database filled through the bulk insert path
   of bench/import_bench.py, a border service account, ``/screen`` driven by the raw-socket
   load generator of bench/http_load.py at full speed (32 connections; also the server's CPU
   time per screening, from ``/proc``), then at a steady 500 queries/s for the p99.

Prints a summary on stderr and one JSON object on the last line of stdout::

    .venv/bin/python bench/screening.py --persons 200000 --documents 2000000 --json
    .venv/bin/python bench/screening.py --persons 1000000 --documents 10000000 --skip-http
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import screening_data as data  # noqa: E402
from http_load import drive  # noqa: E402

from concord.screening.index import ExactKind, InMemoryIndex, Viewer  # noqa: E402
from concord.screening.names import PersonProfile, analyze, score_person  # noqa: E402

SEED = 20261126
_PROFILES: list[PersonProfile] = []  # shared with the recall workers (fork)
_IDS: list[str] = []


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def build(args: argparse.Namespace) -> tuple[InMemoryIndex, list[tuple[str, str]], float]:
    started = time.perf_counter()
    names = data.person_names(args.persons, SEED)
    log(f"generated {len(names):,} names in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()

    def records():  # type: ignore[no-untyped-def]
        yield from data.persons(names, SEED)
        yield from data.documents(args.documents, SEED)

    index = InMemoryIndex.from_records(records())
    seconds = time.perf_counter() - started
    log(f"built the index in {seconds:.0f} s, peak RSS {peak_rss_mb():,.0f} MB")
    return index, names, seconds


def exact_phase(index: InMemoryIndex, args: argparse.Namespace) -> dict[str, Any]:
    queries = data.document_queries(args.lookups, args.documents, SEED, args.hit_share)
    viewer = Viewer("FR", data.REVIEW.replace(year=2030))
    index.lookup(ExactKind.DOCUMENT, queries[:100_000], viewer)  # warm up
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        results = index.lookup(ExactKind.DOCUMENT, queries, viewer)
        runs.append(time.perf_counter() - started)
    found = [h for r in results for h in r]
    hits, ocr = len(found), sum(h.ocr for h in found)
    table = index.tables[ExactKind.DOCUMENT]
    rate = len(queries) / float(np.median(runs))
    log(f"exact: {rate:,.0f} lookups/s ({hits:,} hits, {ocr:,} by OCR folding), "
        f"{table.nbytes / args.documents:.2f} bytes/document")  # fmt: skip
    return {
        "doc_lookups_per_s": round(rate),
        "index_bytes_per_doc": round(table.nbytes / max(args.documents, 1), 2),
        "doc_hits": hits,
        "doc_ocr_hits": ocr,
    }


def name_queries(names: list[tuple[str, str]], count: int) -> list[tuple[str, str, int]]:
    """(query, how, index of the person it comes from or -1)."""
    rng = random.Random(SEED + 3)
    absent = data.person_names(max(1, count // 5), SEED + 99)
    out = []
    for i in range(count):
        if i % 5 == 4:
            out.append((absent[i // 5 % len(absent)][0], "absent", -1))
            continue
        k = rng.randrange(len(names))
        name = names[k][0]
        latin = analyze(name).text
        query, how = data.name_variant(name, latin, rng)
        out.append((query, how, k))
    return out


def name_phase(
    index: InMemoryIndex, names: list[tuple[str, str]], args: argparse.Namespace
) -> dict[str, Any]:
    queries = name_queries(names, args.name_queries)
    profiles = [PersonProfile(names=(analyze(q),)) for q, _h, _k in queries]
    viewer = Viewer(None, data.REVIEW.replace(year=2030))
    for p in profiles[:50]:
        index.search_persons(p, viewer)
    latencies = []
    results = []
    started = time.perf_counter()
    for p in profiles:
        t = time.perf_counter()
        results.append(index.search_persons(p, viewer, limit=10))
        latencies.append(time.perf_counter() - t)
    total = time.perf_counter() - started
    lat = np.array(latencies) * 1000
    rate = len(profiles) / total
    found = sum(1 for r in results if r)
    p50, p99 = np.percentile(lat, 50), np.percentile(lat, 99)
    log(f"names: {rate:,.0f} queries/s, p50 {p50:.2f} ms, p99 {p99:.2f} ms; "
        f"{found:,} of {len(profiles):,} with hits")  # fmt: skip
    out: dict[str, Any] = {
        "name_queries_per_s": round(rate, 1),
        "name_p50_ms": round(float(np.percentile(lat, 50)), 3),
        "name_p99_ms": round(float(np.percentile(lat, 99)), 3),
    }
    out.update(bruteforce(index, [q for q, _h, _k in queries], args))
    out.update(recall(index, profiles, results, args))
    return out


def bruteforce(
    index: InMemoryIndex, queries: list[str], args: argparse.Namespace
) -> dict[str, Any]:
    from rapidfuzz import fuzz, process

    texts = index.persons.texts
    sample = [analyze(q).text for q in queries[: args.bruteforce_queries]]
    rates = []
    # the pipeline's cheapest scorer (the baseline), then token_sort_ratio (the baseline of
    # earlier runs, whose pre-score it was) for comparison
    for scorer in (index.tuning.scorer, fuzz.token_sort_ratio):
        started = time.perf_counter()
        for q in sample:
            process.cdist([q], texts, scorer=scorer, workers=-1, dtype=np.float32)
        rates.append(len(sample) / (time.perf_counter() - started))
        log(f"brute force ({scorer.__name__}, both cores): {rates[-1]:,.2f} queries/s")
    return {
        "bruteforce_queries_per_s": round(rates[0], 2),
        "bruteforce_token_sort_ratio_per_s": round(rates[1], 2),
    }


def _exhaustive(args: tuple[PersonProfile, int, int]) -> list[tuple[float, str]]:
    query, lo, hi = args
    out = []
    for i in range(lo, hi):
        s = score_person(query, _PROFILES[i])
        if s.decision != "no":
            out.append((float(s.score), _IDS[i]))
    return out


def recall(
    index: InMemoryIndex,
    profiles: list[PersonProfile],
    results: list[Any],
    args: argparse.Namespace,
) -> dict[str, Any]:
    cols = index.persons
    _PROFILES[:] = cols.profiles
    hexes = cols.ids.tobytes().hex()
    _IDS[:] = [hexes[32 * i : 32 * i + 32] for i in range(len(cols.profiles))]
    rng = random.Random(SEED + 5)
    picked = rng.sample(range(len(profiles)), min(args.recall_max, len(profiles)))
    n = len(_PROFILES)
    found = wanted = sampled = 0
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        for qi in picked:  # as many as fit in --recall-seconds (at least 3)
            if sampled >= 3 and time.perf_counter() - started > args.recall_seconds:
                break
            sampled += 1
            parts = pool.map(_exhaustive, [(profiles[qi], 0, n // 2), (profiles[qi], n // 2, n)])
            truth = sorted((x for p in parts for x in p), key=lambda x: (-x[0], x[1]))[:10]
            ours = results[qi]
            ours_ids = {h.record_id for h in ours}
            floor = ours[-1].score.score if len(ours) == 10 else -1.0  # fewer: no ties
            for score, rid in truth:
                wanted += 1
                found += rid in ours_ids or score <= floor  # ties at the 10th place count
    value = found / wanted if wanted else 1.0
    log(f"recall@10 {value:.4f} over {sampled} queries ({wanted} expected hits), "
        f"exhaustive scans took {time.perf_counter() - started:.0f} s")  # fmt: skip
    return {
        "recall_at_10": round(value, 4),
        "recall_queries": sampled,
        "recall_expected": wanted,
    }


# HTTP ----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare_database(url: str, rows: int) -> tuple[str, list[tuple[str, str]]]:
    """A fresh database with ``rows`` documents and a border service account; (token, present
    documents as (country, number))."""
    import import_bench

    from concord.auth import accounts
    from concord.auth.roles import Role
    from concord.bootstrap import system_principal
    from concord.db.database import Database

    import_bench.fresh_database(url)
    import_bench.phase_raw(url, rows, 5000)
    settings = import_bench.settings_for(url)
    db = Database.from_url(url)
    with db.transaction() as s:
        system = system_principal(s)
        new = accounts.create_account(
            s, system, settings=settings, kind="service", username="bench.border",
            display_name="Bench border screening", role=Role.BORDER_OFFICER, country="FR",
        )  # fmt: skip
        _token, secret = accounts.create_token(
            s, system, settings=settings, account_id=new.account.id, name="bench"
        )
    db.dispose()
    rng = random.Random(SEED)
    present = [(c[2], c[1]) for c in import_bench.documents(min(rows, 20_000))]
    return secret, rng.sample(present, min(len(present), 5000))


def process_cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process and its threads (Linux ``/proc``), in seconds;
    0 where there is no ``/proc``."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def http_phase(args: argparse.Namespace) -> dict[str, Any]:
    empty: dict[str, Any] = {"http_doc_queries_per_s": None, "http_p99_ms": None}
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'screen.db'}"
        token, present = prepare_database(url, args.http_documents)
        port = free_port()
        server_log = (Path(tmp) / "server.log").open("w")
        env = {**os.environ, "CONCORD_DATABASE_URL": url, "CONCORD_ENVIRONMENT": "development",
               "CONCORD_RATE_LIMIT_PER_MINUTE": "0", "CONCORD_SCREENING_REFRESH_SECONDS": "1",
               "CONCORD_LOG_LEVEL": "warning"}  # fmt: skip
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "concord.app:create_app", "--host",
             "127.0.0.1", "--port", str(port), "--loop", "uvloop", "--http", "httptools",
             "--log-level", "warning", "--no-access-log", "--workers", str(args.http_workers)],
            env=env, cwd=ROOT, stdout=server_log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            import httpx

            rng = random.Random(SEED)
            bodies = [
                {"document": {"number": n, "country": c}}
                if rng.random() < 0.1
                else {"document": {"number": f"X{rng.randrange(10**8):08d}", "country": "FR"}}
                for c, n in present
            ]
            deadline = time.monotonic() + 300
            status = 0
            while time.monotonic() < deadline:
                try:
                    r = httpx.post(
                        f"http://127.0.0.1:{port}/api/v1/screen",
                        json=bodies[0],
                        headers={"Authorization": f"Bearer {token}"},
                        timeout=10,
                    )
                    status = r.status_code
                    if status != 503:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.5)
            if status == 404:
                log("HTTP: POST /api/v1/screen is not there yet: skipped")
                return empty
            if status != 200:
                log(f"HTTP: /screen answered {status}: skipped")
                return empty
            url = f"http://127.0.0.1:{port}/api/v1/screen"
            cpu_before = process_cpu_seconds(server.pid)
            busy = asyncio.run(drive(url, token, bodies, seconds=args.http_seconds))
            qps, lat, errors = busy.per_second, busy.latencies, busy.errors
            # the server's CPU per answered screening: steadier than the throughput on a
            # machine whose speed swings, and what a change to the request path moves
            cpu_ms = 1000 * (process_cpu_seconds(server.pid) - cpu_before) / max(busy.done, 1)
            # 500/s as asked, or 80% of the capacity just measured if that is less (beyond it
            # the queue grows for as long as the run lasts and p99 measures the run's length)
            rate = min(500.0, 0.8 * qps)
            calm = asyncio.run(drive(url, token, bodies, seconds=args.http_seconds, rate=rate))
            steady, errors2 = calm.latencies, calm.errors
            p99 = float(np.percentile(np.array(steady) * 1000, 99))
            log(f"HTTP: {qps:,.0f} queries/s at 32 connections ({errors} errors, server CPU "
                f"{cpu_ms:.2f} ms each); at {rate:.0f}/s p99 {p99:.1f} ms "
                f"({errors2} errors)")  # fmt: skip
            busy_p99 = float(np.percentile(np.array(lat) * 1000, 99))
            return {
                "http_doc_queries_per_s": round(qps),
                "http_p99_ms": round(p99, 2),
                "http_steady_rate": round(rate),
                "http_max_p99_ms": round(busy_p99, 2),
                "http_server_cpu_ms_per_query": round(cpu_ms, 3),
            }
        finally:
            server.terminate()
            server.wait(30)
            server_log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument("--documents", type=int, default=2_000_000)
    parser.add_argument("--lookups", type=int, default=1_000_000, help="keys per bulk batch")
    parser.add_argument("--hit-share", type=float, default=0.02, help="documents present")
    parser.add_argument("--name-queries", type=int, default=2000)
    parser.add_argument("--bruteforce-queries", type=int, default=10)
    parser.add_argument("--recall-seconds", type=float, default=150)
    parser.add_argument("--recall-max", type=int, default=200)
    parser.add_argument("--http-documents", type=int, default=200_000)
    parser.add_argument("--http-seconds", type=float, default=15)
    parser.add_argument("--http-workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--json", action="store_true", help="(the JSON line is always printed)")
    args = parser.parse_args()
    began = time.perf_counter()
    index, names, seconds = build(args)
    result: dict[str, Any] = {"persons": args.persons, "documents": args.documents}
    result.update(exact_phase(index, args))
    result.update(name_phase(index, names, args))
    result["build_seconds"] = round(seconds, 1)
    result["peak_rss_mb"] = peak_rss_mb()
    del index, names
    if args.skip_http:
        result.update({"http_doc_queries_per_s": None, "http_p99_ms": None})
    else:
        result.update(http_phase(args))
    result["total_seconds"] = round(time.perf_counter() - began)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
