"""The cross-country access matrix (issue 9): every operation of the OpenAPI schema, tried by
every actor (each role in FR, DE, BR and the Secretariat) on every object of the kind it names,
against the policy written in :mod:`tests.matrix.areas`.

- ``test_every_operation_is_in_the_matrix`` fails when an operation is added to the API without
  an entry here.
- ``test_matrix_sample`` (``make test``): for every operation, a random allowed attempt, two
  random denied ones and one with an id of another kind.
- ``test_matrix_whole`` (``make verify``): every combination, in random order.
"""

from __future__ import annotations

import os
import random

import pytest

from tests.matrix.areas import AREAS
from tests.matrix.model import Endpoint, Obj, V
from tests.matrix.runner import Attempt, attempt
from tests.matrix.world import World

SEED = int(os.environ.get("CONCORD_MATRIX_SEED", "20261127"))


def endpoints() -> list[Endpoint]:
    return [ep for area in AREAS for ep in area.ENDPOINTS]


def test_every_operation_is_in_the_matrix(world: World) -> None:
    schema = world.client.app.openapi()  # type: ignore[attr-defined]
    ops = {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    listed = [ep.key for ep in endpoints()]
    duplicates = {k for k in listed if listed.count(k) > 1}
    assert not duplicates, f"listed twice: {sorted(duplicates)}"
    missing = ops - set(listed)
    assert not missing, f"operations not in the access matrix: {sorted(missing)}"
    stale = set(listed) - ops
    assert not stale, f"matrix entries for operations that no longer exist: {sorted(stale)}"


def attempts(world: World, ep: Endpoint) -> list[Attempt]:
    objects: list[Obj | None] = list(world.of(ep.kind)) if ep.kind else [None]
    found = []
    for actor in world.all_actors():
        for obj in objects:
            verdict = ep.rule(actor, obj)
            if verdict is not V.SKIP:
                found.append(Attempt(ep, actor, obj, verdict))
    return found


def strangers(world: World, ep: Endpoint, rng: random.Random) -> list[Attempt]:
    """Ids of objects of other kinds (and one that names nothing) in the endpoint's path."""
    if ep.kind is None or ep.params is not None or "{" not in ep.path:
        return []
    others = [o for kind, objs in world.objects.items() if kind != ep.kind for o in objs]
    picks = rng.sample(others, min(2, len(others)))
    picks.append(Obj(kind="nothing", id="00000000-0000-4000-8000-000000000000", owner=None))
    actor = rng.choice(world.all_actors())
    return [Attempt(ep, actor, obj, V.ABSENT) for obj in picks]


def run(world: World, chosen: list[Attempt]) -> None:
    problems: list[str] = []
    for at in chosen:
        problems.extend(attempt(world, at))
    if not problems:
        return
    # one line per endpoint and kind of failure, with its count and first example
    groups: dict[str, list[str]] = {}
    for problem in problems:
        head, _, rest = problem.partition(" as ")
        reason = rest.split("): ", 1)[-1][:40]
        groups.setdefault(f"{head} | {reason}", []).append(problem)
    lines = [f"{len(v)} x {v[0][:400]}" for v in groups.values()]
    raise AssertionError(
        f"{len(problems)} problems in {len(chosen)} attempts:\n" + "\n".join(lines[:80])
    )


def test_matrix_sample(world: World) -> None:
    rng = random.Random(SEED)
    chosen: list[Attempt] = []
    for ep in endpoints():
        every = attempts(world, ep)
        allowed = [a for a in every if a.verdict is V.ALLOW]
        denied = [a for a in every if a.verdict is V.DENY]
        chosen += rng.sample(allowed, min(1, len(allowed)))
        chosen += rng.sample(denied, min(2, len(denied)))
        chosen += strangers(world, ep, rng)[:1]
    run(world, chosen)


@pytest.mark.slow
def test_matrix_whole(world: World) -> None:
    rng = random.Random(SEED)
    chosen = [a for ep in endpoints() for a in attempts(world, ep)]
    for ep in endpoints():
        chosen += strangers(world, ep, rng)
    rng.shuffle(chosen)
    run(world, chosen)
