"""Concurrent replays: several clients send the same creating request with the same
Idempotency-Key at the same moment, on real commits (a scratch database of each engine).

Every answer must be the same success, and the database must change exactly as much as one
request with a fresh key changes it (measured just before, table by table): one record, one
message with its deliveries, one case, one notification, plus one audit trail entry's worth.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from concord.app import create_app
from concord.db.base import Base
from concord.db.database import Database
from concord.settings import Settings
from tests.factories import Actors

REPLAYS = 5

Body = Callable[[str], dict[str, Any]]
CASES: dict[str, tuple[str, str, Body]] = {
    "record": (
        "ncb_operator",
        "/api/v1/records",
        lambda tag: {
            "type": "firearm",
            "data": {"serial": f"SN-{tag}-4471", "make": "Beretta", "firearm_type": "pistol"},
        },
    ),
    "message": (
        "ncb_operator",
        "/api/v1/messages",
        lambda tag: {"to": ["DE", "IT"], "subject": f"Lead {tag}", "body": "Please confirm."},
    ),
    "case": ("ncb_operator", "/api/v1/cases", lambda tag: {"title": f"Case {tag}"}),
    "notification": ("ncb_admin", "/api/v1/notifications", lambda tag: {"title": f"Note {tag}"}),
}


def _counts(db: Database) -> dict[str, int]:
    with db.session() as s:
        return {
            name: int(s.execute(select(func.count()).select_from(table)).scalar_one())
            for name, table in Base.metadata.tables.items()
        }


def _delta(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {t: after[t] - before[t] for t in before if after[t] != before[t]}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_concurrent_replays_change_what_one_request_changes(
    scratch_db: Database, settings: Settings, kind: str
) -> None:
    role, path, body = CASES[kind]
    actor = Actors(scratch_db, settings).make(role, "FR")
    app = create_app(settings, db=scratch_db)
    # One server (one event loop, as one worker process serves), called from several threads
    # at once: the requests run concurrently in its thread pool and meet in the database.
    with TestClient(app) as client:
        # the first request of a country may create what later ones reuse (its mailbox)
        warm = client.post(path, json=body("warm-up"), headers=actor.headers)
        assert warm.is_success, warm.text
        before = _counts(scratch_db)
        single = client.post(
            path, json=body("one"), headers={**actor.headers, "Idempotency-Key": f"{kind}-1"}
        )
        assert single.is_success, single.text
        one = _delta(before, _counts(scratch_db))
        assert one, "a creating request changed nothing"

        answers: list[tuple[int, bytes]] = []
        errors: list[BaseException] = []
        gate = threading.Barrier(REPLAYS)

        def call() -> None:
            try:
                gate.wait()
                r = client.post(
                    path,
                    json=body("two"),
                    headers={**actor.headers, "Idempotency-Key": f"{kind}-2"},
                )
                answers.append((r.status_code, r.content))
            except BaseException as exc:  # reported below, not lost with the thread
                errors.append(exc)

        before = _counts(scratch_db)
        threads = [threading.Thread(target=call) for _ in range(REPLAYS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not errors, errors
    assert len(answers) == REPLAYS
    assert len(set(answers)) == 1, answers  # every client got the same answer
    assert 200 <= answers[0][0] < 300, answers[0]
    assert _delta(before, _counts(scratch_db)) == one
