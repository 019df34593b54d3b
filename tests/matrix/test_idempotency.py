"""Idempotency-Key on every creating POST of the API (every POST documented with a 201).

For each, an allowed request from the access matrix is sent with a fresh key inside a
savepoint: a replay must return the first answer byte for byte (marked
``Idempotent-Replayed``) and change no table; the same key with a different payload must be
refused with 422 ``idempotency_key_reused`` and change nothing either. Concurrent replays are
proven against real commits in ``tests/api/test_http.py`` (``test_concurrent_replays_*``).
"""

from __future__ import annotations

import random
import uuid

from sqlalchemy import func, select

from concord.db.base import Base
from tests.matrix.model import Endpoint, V
from tests.matrix.runner import Attempt, send
from tests.matrix.test_matrix import SEED, attempts, endpoints
from tests.matrix.world import World

#: Creating POSTs that refuse an Idempotency-Key (400), with the reason.
REFUSE_KEY: dict[str, str] = {
    "/api/v1/attachments": "a streamed upload of up to 50 MB is never buffered, so it cannot be "
    "hashed for replay; a retried upload only leaves an unsent file, purged after a day",
}


def creating_posts(world: World) -> list[Endpoint]:
    schema = world.client.app.openapi()  # type: ignore[attr-defined]
    found = []
    for ep in endpoints():
        op = schema["paths"].get(ep.path, {}).get(ep.method.lower(), {})
        if ep.method == "POST" and "201" in op.get("responses", {}):
            found.append(ep)
    return found


def _counts(world: World) -> dict[str, int]:
    with world.db.session() as s:
        return {
            name: int(s.execute(select(func.count()).select_from(table)).scalar_one())
            for name, table in Base.metadata.tables.items()
        }


def _replays(world: World, at: Attempt) -> list[str] | None:
    """The failures of one endpoint's replay checks; None if the attempt did not succeed."""
    ep, label = at.endpoint, at.label
    nested = world.connection.begin_nested()
    try:
        key = {"Idempotency-Key": f"matrix-{uuid.uuid4().hex}"}
        first = send(world, ep, at.actor, at.obj, extra_headers=key)
        if ep.path in REFUSE_KEY:
            refused = first.status_code == 400 and "Idempotency-Key" in first.json()["detail"]
            return [] if refused else [f"{label}: a key was not refused: {first.status_code}"]
        if not 200 <= first.status_code < 300:
            return None
        before = _counts(world)
        problems = []
        again = send(world, ep, at.actor, at.obj, extra_headers=key)
        if (again.status_code, again.content) != (first.status_code, first.content):
            problems.append(f"{label}: replay answered {again.status_code} {again.text[:200]}")
        if again.headers.get("idempotent-replayed") != "true":
            problems.append(f"{label}: replay not marked Idempotent-Replayed")
        other = send(world, ep, at.actor, at.obj, extra_headers=key, altered=True)
        if other.status_code != 422 or other.json().get("code") != "idempotency_key_reused":
            problems.append(f"{label}: reused key answered {other.status_code} {other.text[:200]}")
        after = _counts(world)
        changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
        if changed:
            problems.append(f"{label}: replays changed row counts {changed}")
        return problems
    finally:
        nested.rollback()
        world.client.app.state.keystore._cache.clear()  # type: ignore[attr-defined]


def test_every_creating_post_is_idempotent(world: World) -> None:
    rng = random.Random(SEED)
    posts = creating_posts(world)
    assert len(posts) >= 20, [ep.key for ep in posts]
    problems: list[str] = []
    for ep in posts:
        allowed = [a for a in attempts(world, ep) if a.verdict is V.ALLOW]
        rng.shuffle(allowed)
        for at in allowed[:6]:
            found = _replays(world, at)
            if found is not None:
                problems.extend(found)
                break
        else:
            problems.append(f"{ep.method} {ep.path}: no allowed attempt succeeded")
    assert not problems, "\n".join(problems)
