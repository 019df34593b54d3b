"""One attempt of the matrix: an actor calls an endpoint on an object, inside a savepoint that
is rolled back afterwards, so every attempt meets the same world.

What is checked, whatever the endpoint:
- never a 5xx;
- a DENY verdict is answered 403 or 404, with nothing written but the denial's audit event
  (``access.denied``, outcome ``denied``), which must be there: every denial is audited;
- an ALLOW verdict succeeds (2xx, or a status the endpoint documents as acceptable);
- the response carries no canary of an object the actor may not read, so a leak through any
  endpoint (a list, a search, a statistic, an error message) is caught.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from concord.audit.models import AuditEvent
from tests.matrix.model import Endpoint, MActor, Obj, V
from tests.matrix.world import World

_PARAM = re.compile(r"\{([^}]+)\}")


@dataclass
class Attempt:
    endpoint: Endpoint
    actor: MActor
    obj: Obj | None
    verdict: V

    @property
    def label(self) -> str:
        target = self.obj.label if self.obj is not None else "-"
        return (
            f"{self.endpoint.method} {self.endpoint.path} as {self.actor.label} on {target} "
            f"(expected {self.verdict.value})"
        )


def path_for(world: World, ep: Endpoint, actor: MActor, obj: Obj | None) -> str:
    names = _PARAM.findall(ep.path)
    if ep.params is not None:
        values: dict[str, str] = ep.params(world, actor, obj)
    elif names:
        assert obj is not None and len(names) == 1, f"{ep.path}: give params for {names}"
        values = {names[0]: obj.id}
    else:
        values = {}
    path = ep.path
    for name in names:
        path = path.replace("{" + name + "}", str(values[name]))
    return path


def _max_seq(world: World) -> int:
    with world.db.session() as s:
        return int(s.execute(select(func.coalesce(func.max(AuditEvent.seq), 0))).scalar_one())


def _events_after(world: World, seq: int) -> list[tuple[str, str]]:
    with world.db.session() as s:
        rows = s.execute(
            select(AuditEvent.action, AuditEvent.outcome).where(AuditEvent.seq > seq)
        ).all()
    return [(str(a), str(o)) for a, o in rows]


def send(
    world: World,
    ep: Endpoint,
    actor: MActor,
    obj: Obj | None,
    *,
    extra_headers: dict[str, str] | None = None,
    altered: bool = False,
) -> Any:
    """Send the endpoint's request; ``altered`` changes its payload (body, or else query)."""
    headers = {} if ep.anonymous else dict(actor.headers)
    headers.update(extra_headers or {})
    if ep.headers is not None:
        headers.update(ep.headers(world, actor, obj))
    kwargs: dict[str, Any] = {}
    if ep.query is not None:
        kwargs["params"] = ep.query(world, actor, obj)
    if ep.raw is not None:
        content, ctype = ep.raw(world, actor, obj)
        kwargs["content"] = content
        headers["Content-Type"] = ctype
    elif ep.body is not None:
        kwargs["json"] = ep.body(world, actor, obj)
    if altered:
        if "content" in kwargs:
            kwargs["content"] = kwargs["content"] + b"\n"
        elif "json" in kwargs:
            kwargs["json"] = {"altered": True, "was": kwargs["json"]}
        else:
            kwargs["params"] = {**(kwargs.get("params") or {}), "altered": "1"}
    return world.client.request(
        ep.method, path_for(world, ep, actor, obj), headers=headers, **kwargs
    )


def attempt(world: World, at: Attempt) -> list[str]:
    """Run one attempt; returns the failures found (empty when all is well)."""
    problems: list[str] = []
    nested = world.connection.begin_nested()
    try:
        before = _max_seq(world)
        response = send(world, at.endpoint, at.actor, at.obj)
        status = response.status_code
        text = response.text
        if status >= 500:
            problems.append(f"{at.label}: {status} {text[:300]}")
        elif at.verdict is V.DENY:
            if status not in (403, 404):
                problems.append(f"{at.label}: not refused, got {status} {text[:300]}")
            else:
                events = _events_after(world, before)
                if not any(outcome == "denied" for _action, outcome in events):
                    problems.append(
                        f"{at.label}: refused with {status} but the denial is not audited"
                    )
                extra = [e for e in events if e[1] != "denied"]
                if extra:
                    problems.append(f"{at.label}: refused but wrote audit events {extra}")
        elif at.verdict is V.ABSENT:
            if status not in (403, 404, 422):
                problems.append(f"{at.label}: an id of no such object gave {status} {text[:300]}")
        elif at.verdict is V.ALLOW and not (200 <= status < 300 or status in at.endpoint.ok):
            problems.append(f"{at.label}: allowed by the policy, got {status} {text[:300]}")
        problems.extend(leaks(world, at, text))
    finally:
        nested.rollback()
        world.client.app.state.keystore._cache.clear()  # type: ignore[attr-defined]
    return problems


def leaks(world: World, at: Attempt, text: str) -> list[str]:
    found = []
    for obj in world.canaried():
        readable = world.readable.get(obj.kind)
        if readable is None or readable(at.actor, obj):
            continue
        for canary in obj.canaries:
            if canary in text:
                found.append(f"{at.label}: response shows {obj.label} ({canary!r})")
    return found
