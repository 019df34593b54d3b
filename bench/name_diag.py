"""Diagnostics of name screening (not part of the benchmark): speed per phase, and which true
top-10 hits the candidate index misses, and why.

Builds a persons-only index from bench/screening_data.py (names cached under ``--cache``),
runs the benchmark's name queries, and compares the hits of a sample of queries with an
exhaustive scan using the full scorer (cached too: it depends only on the data and the scorer)::

    .venv/bin/python bench/name_diag.py --persons 200000 --truth 200 -v
"""

from __future__ import annotations

import argparse
import cProfile
import multiprocessing
import pickle
import pstats
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import screening_data as data  # noqa: E402
from screening import SEED, name_queries  # noqa: E402

from concord.screening.index import InMemoryIndex, Viewer  # noqa: E402
from concord.screening.index.persons import Tuning, key_hashes  # noqa: E402
from concord.screening.names import PersonProfile, analyze, score_person  # noqa: E402

_PROFILES: list[PersonProfile] = []


def _exhaustive(job: tuple[PersonProfile, int, int]) -> list[tuple[float, int]]:
    query, lo, hi = job
    out = []
    for i in range(lo, hi):
        s = score_person(query, _PROFILES[i])
        if s.decision != "no":
            out.append((float(s.score), i))
    return out


def cached(path: Path, make: Any) -> Any:
    if path.exists():
        with path.open("rb") as f:
            return pickle.load(f)  # noqa: S301 - our own cache
    value = make()
    with path.open("wb") as f:
        pickle.dump(value, f)
    return value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--truth", type=int, default=100, help="queries checked exhaustively")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/np"))  # noqa: S108
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sort", default="cumulative", help="profile order (e.g. tottime)")
    parser.add_argument("--phases", action="store_true", help="time each phase of a query")
    parser.add_argument("-v", "--verbose", action="store_true")
    for name, value in vars(Tuning()).items():
        if isinstance(value, int | float):
            parser.add_argument(f"--{name}", type=type(value), default=value)
    args = parser.parse_args()
    args.cache.mkdir(exist_ok=True)
    names = cached(
        args.cache / f"names_{args.persons}.pkl", lambda: data.person_names(args.persons, SEED)
    )
    started = time.perf_counter()
    tuning = Tuning(**{k: getattr(args, k) for k in vars(Tuning()) if hasattr(args, k)})
    index = InMemoryIndex.from_records(data.persons(names, SEED), tuning=tuning)
    print(f"built in {time.perf_counter() - started:.1f} s", flush=True)
    queries = name_queries(names, args.queries)
    profiles = [PersonProfile(names=(analyze(q),)) for q, _h, _k in queries]
    viewer = Viewer(None, data.REVIEW.replace(year=2030))
    for p in profiles[:50]:
        index.search_persons(p, viewer)
    phases = time_phases(index) if args.phases else None
    prof = cProfile.Profile() if args.profile else None
    lat = []
    results = []
    for p in profiles:
        if prof:
            prof.enable()
        t = time.perf_counter()
        results.append(index.search_persons(p, viewer, limit=10))
        lat.append(time.perf_counter() - t)
        if prof:
            prof.disable()
    ms = np.array(lat) * 1000
    print(
        f"{len(profiles) / sum(lat):.0f} q/s, p50 {np.percentile(ms, 50):.2f} ms, "
        f"p99 {np.percentile(ms, 99):.2f} ms, mean {ms.mean():.2f} ms",
        flush=True,
    )
    if phases is not None:
        for name, spent in phases.items():
            print(f"  {name}: {spent * 1000 / len(profiles):.3f} ms per query")
    if prof:
        pstats.Stats(prof).sort_stats(args.sort).print_stats(35)
    if not args.truth:
        return
    cols = index.persons
    _PROFILES[:] = cols.profiles
    rng = random.Random(SEED + 5)
    picked = rng.sample(range(len(profiles)), min(args.truth, len(profiles)))
    truth_path = args.cache / f"truth_{args.persons}_{args.queries}.pkl"
    truth: dict[int, list[tuple[float, int]]] = {}
    if truth_path.exists():
        with truth_path.open("rb") as f:
            truth = pickle.load(f)  # noqa: S301
    todo = [qi for qi in picked if qi not in truth]
    if todo:
        n = len(_PROFILES)
        started = time.perf_counter()
        with multiprocessing.get_context("fork").Pool(2) as pool:
            for k, qi in enumerate(todo):
                parts = pool.map(
                    _exhaustive, [(profiles[qi], 0, n // 2), (profiles[qi], n // 2, n)]
                )
                truth[qi] = sorted((x for p in parts for x in p), key=lambda x: (-x[0], x[1]))[:10]
                if k % 20 == 19:
                    print(
                        f"  exhaustive {k + 1}/{len(todo)}, {time.perf_counter() - started:.0f} s"
                    )
                    with truth_path.open("wb") as f:
                        pickle.dump(truth, f)
        with truth_path.open("wb") as f:
            pickle.dump(truth, f)
    hexes = cols.ids.tobytes().hex()
    found = wanted = 0
    for qi in picked:
        ours = results[qi]
        ours_ids = {h.record_id for h in ours}
        floor = ours[-1].score.score if len(ours) == 10 else -1.0  # fewer: no ties
        for score, row in truth[qi]:
            wanted += 1
            rid = hexes[32 * row : 32 * row + 32]
            ok = rid in ours_ids or score <= floor
            found += ok
            if not ok and args.verbose:
                explain(index, queries[qi], profiles[qi], row, score, floor, viewer)
    print(f"recall@10 {found / max(wanted, 1):.4f} ({found}/{wanted}) over {len(picked)} queries")


def time_phases(index: InMemoryIndex) -> dict[str, float]:
    """Wrap the phases of :meth:`InMemoryIndex.search_persons` with timers (seconds spent)."""
    import concord.screening.index.memory as memory
    from concord.screening.index.persons import PersonColumns

    spent: dict[str, float] = {}

    def timed(name: str, fn: Any) -> Any:
        spent[name] = 0.0

        def wrapper(*a: Any, **k: Any) -> Any:
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.perf_counter() - t

        return wrapper

    for name in ("candidates", "near", "prescore"):
        setattr(PersonColumns, name, timed(name, getattr(PersonColumns, name)))
    memory.rank = timed("rank (scores)", memory.rank)
    index.scorer = timed("explain hits", index.scorer)
    return spent


def explain(
    index: InMemoryIndex,
    query: tuple[str, str, int],
    profile: PersonProfile,
    row: int,
    score: float,
    floor: float,
    viewer: Viewer,
) -> None:
    cols = index.persons
    cand = cols.profiles[row]
    qkeys = sorted({k for n in profile.names for k in n.keys})
    ckeys = {k for n in cand.names for k in n.keys}
    shared = sorted(set(qkeys) & ckeys)
    rows = cols.candidates(key_hashes(qkeys), viewer, index.countries, index.tuning)
    where = np.flatnonzero(rows == row)
    pre = cols.prescore(profile, np.array([row]), index.tuning)[0]
    allpre = cols.prescore(profile, rows, index.tuning) if len(rows) else np.zeros(0)
    pre_rank = int((allpre > pre).sum()) if len(where) else -1
    print(
        f"MISS [{query[1]}] q={query[0]!r} ({' '.join(profile.names[0].tokens)}) -> "
        f"{cand.names[0].original!r} ({cand.names[0].text}) score {score:.3f} > ours10 "
        f"{floor if floor >= 0 else '-'}; shared keys {shared}; cand rank "
        f"{int(where[0]) if len(where) else 'not gathered'}/{len(rows)}; prescore {pre:.3f} "
        f"rank {pre_rank}"
    )


if __name__ == "__main__":
    main()
