"""Crash consistency of the whole platform: the real server, killed with SIGKILL under load.

``concord serve`` runs in a subprocess on a fresh database of the test's engine (SQLite file or
PostgreSQL scratch database). Eight writer threads, each with its own actor, write over HTTP
with an Idempotency-Key per write: document records, messages, notice chains (person record,
Red Notice request, submission) and border screenings (audit events, stored hits,
notifications). At a random moment the server is killed with SIGKILL; it is restarted, every
write left unanswered is retried with its key (and its chain completed), and a sample of
acknowledged writes is sent again with their keys, as a client that missed the answer would.

Then, after every round (see :mod:`tests.crash.checks`): every acknowledged write is stored
exactly once under the id its answer gave, no key has two effects, nothing is half-written,
the database passes its integrity checks (SQLite ``integrity_check`` and
``foreign_key_check``; PostgreSQL ``amcheck``; an anti-join per foreign key on both) and the
audit chain verifies.

One kill runs in ``make test`` (the chain verified in-process); ``make verify`` runs
``CONCORD_CRASH_ROUNDS`` (default 10) and ``concord audit verify`` as a separate process.
``CONCORD_CRASH_SEED`` replays the random choices of a failed run (its seed is in the message).
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import select

from concord.auth.models import Account
from concord.db.database import Database
from tests.conftest import make_settings
from tests.crash import checks
from tests.crash.workload import KINDS, Ledger, finish, replay_some, script, writer
from tests.crashkit import Server, audit_verify_cli, integrity_problems, url_of
from tests.factories import Actor, Actors

WRITERS_PER_KIND = 2
ROLES = {
    "record": ("ncb_operator", "FR"),
    "message": ("ncb_operator", "DE"),
    "notice": ("ncb_operator", "IT"),
    "screen": ("border_officer", "ES"),
}
REPLAYS_PER_ROUND = 12


@dataclass
class World:
    server: Server
    db: Database
    url: str
    writers: dict[str, list[Actor]]
    auditor: str
    seed: int = field(default_factory=lambda: int(os.environ.get("CONCORD_CRASH_SEED") or 0))

    def __post_init__(self) -> None:
        self.seed = self.seed or random.SystemRandom().randrange(1, 2**32)


@pytest.fixture
def world(scratch_db: Database, tmp_path: Path) -> Iterator[World]:
    url = url_of(scratch_db)
    actors = Actors(scratch_db, make_settings(url))
    writers = {kind: [actors.make(*ROLES[kind]) for _ in range(WRITERS_PER_KIND)] for kind in KINDS}
    auditor = actors.make("auditor")
    with scratch_db.session() as s:
        username = s.execute(
            select(Account.username).where(Account.id == auditor.account_id)
        ).scalar_one()
    server = Server(url, tmp_path / "server.log")
    server.start()
    try:
        yield World(server, scratch_db, url, writers, username)
    finally:
        server.stop()


def crash_round(world: World, ledger: Ledger, rnd: random.Random, tag: str) -> None:
    """Write under load, SIGKILL at a random moment, restart, retry, replay."""
    threads = [
        threading.Thread(
            target=writer,
            args=(
                world.server.base,
                script(kind, actor, f"{tag}-{kind}{n}", random.Random(rnd.random()), ledger),
                ledger,
            ),
        )
        for kind, actors in world.writers.items()
        for n, actor in enumerate(actors)
    ]
    target = len(ledger.acked) + rnd.randint(4, 40)
    for t in threads:
        t.start()
    # the moment of the kill is counted in acknowledged writes, so that a busy machine (slow
    # answers) still sees load before the kill; then a random fraction of a second more
    deadline = time.monotonic() + 120
    while len(ledger.acked) < target and time.monotonic() < deadline:
        if not any(t.is_alive() for t in threads):
            break
        time.sleep(0.01)
    time.sleep(rnd.uniform(0, 0.3))
    world.server.kill()
    for t in threads:
        t.join(timeout=120)
        assert not t.is_alive(), "a writer did not notice the kill"
    world.server.start()
    finish(world.server.base, ledger)
    replay_some(world.server.base, ledger, rnd, REPLAYS_PER_ROUND)


def check(world: World, ledger: Ledger, label: str) -> int:
    """Every check of :mod:`tests.crash.checks`; fails with the seed. Returns duplicates."""
    problems = list(ledger.failures) + world.server.errors_logged()
    listed = checks.sent(world.server.base, world.writers["message"])
    with world.db.session() as s:
        duplicates = checks.records(s, ledger, problems)
        duplicates += checks.messages(s, listed, ledger, problems)
        duplicates += checks.notices(s, ledger, problems)
        duplicates += checks.screenings(s, ledger, problems)
        checks.stored_answers(s, problems)
        checks.audit_chain(s, problems)
    problems += integrity_problems(world.db)
    assert not problems, (
        f"{label} (replay with CONCORD_CRASH_SEED={world.seed}): "
        f"{len(problems)} problem(s):\n" + "\n".join(p[:1000] for p in problems[:40])
    )
    for kind in ("record", "message", "notice", "screen"):
        assert ledger.of(kind), f"{label}: no {kind} was acknowledged (seed {world.seed})"
    return duplicates


def run(world: World, rounds: int, *, cli: bool = True) -> str:
    rnd = random.Random(world.seed)
    ledger = Ledger()
    started = time.monotonic()
    duplicates = 0
    for n in range(rounds):
        crash_round(world, ledger, rnd, f"r{n}")
        duplicates += check(world, ledger, f"after kill {n + 1} of {rounds}")
    world.server.stop()
    chain = "audit chain verified in-process"
    if cli:  # a separate process, as an operator runs it (seconds of imports: slow test only)
        verified = audit_verify_cli(world.url, world.auditor)
        assert verified["ok"] is True, verified
        chain = f"concord audit verify: {verified['checked']} events ok"
    kinds = ("record", "message", "subject", "notice", "submit", "screen")
    by_kind = {k: len(ledger.of(k)) for k in kinds}
    return (
        f"crash test on {world.db.dialect}: seed {world.seed}, {rounds} rounds, "
        f"{world.server.kills} kills, {len(ledger.acked)} writes acknowledged {by_kind}, "
        f"{ledger.retried} unanswered retried, {ledger.replayed} replayed, "
        f"{duplicates} duplicates, {chain}, "
        f"{time.monotonic() - started:.0f} s"
    )


def test_one_kill_loses_and_duplicates_nothing(world: World) -> None:
    print(run(world, 1, cli=False))


@pytest.mark.slow
def test_many_kills_lose_and_duplicate_nothing(world: World) -> None:
    print(run(world, int(os.environ.get("CONCORD_CRASH_ROUNDS", "10"))))
