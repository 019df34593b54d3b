"""Matrix area: cross-border operations (docs/operations-cooperation.md, "Who does what").

The policy encoded here, per operation:
- Everyone needs ``operations:read`` (NCB admins and operators, ``gs_officer``,
  ``gs_reviewer``, ``gs_admin``); others are refused 403.
- The Secretariat's ``gs_officer`` (``operations:coordinate``) coordinates every operation; its
  other roles with ``operations:read`` observe every operation. The lead NCB coordinates its
  own; an NCB that accepted its invitation participates; one invited (or that declined) sees
  the invitation only (the description: objectives included); any other country: 404, audited.
- Coordinators create, edit, invite, start and close (409 when the status forbids it: editing
  or inviting once closed, a transition from the wrong status).
- Only an invited NCB answers, once (409 when already answered or for the lead); the
  Secretariat answers nothing.
- Coordinators and participants link targets (records they may read); coordinators unlink any
  target, a participant only those its country linked; observers change nothing; closed: 409.
- Operation hits: coordinators and the Secretariat's observers, not participants (403).
- Results: coordinators and participants with ``operations:report`` report for their country
  (the Secretariat as ``IPSG``), while the operation is active (409 otherwise, and for a second
  first report); results, history and totals: everyone who sees the whole operation.

World: operations led by FR in each status (planned, active, closed) with DE participating
(invitation accepted), one coordinated by the Secretariat (FR and DE taking part, active), and
one led by DE (active) whose invitation FR declined and BR has not answered yet. BR is invited
to none of FR's operations nor to the Secretariat's.
Canaries: the objectives (seen by the invited too), target notes and report notes (seen only by
those who see the whole operation).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from concord.auth.roles import Permission
from concord.clock import now as clock_now
from tests.matrix.model import Endpoint, MActor, Obj, Readable, V, attrs
from tests.matrix.world import World

P = Permission
API = "/api/v1/operations"
FULL = frozenset({"coordinator", "participant", "observer"})


def role(actor: MActor, obj: Obj | None) -> str | None:
    """The actor's part in the operation, from the documented table."""
    a = attrs(obj)
    if not actor.has(P.OPERATIONS_READ):
        return None
    if actor.gs:
        return "coordinator" if actor.has(P.OPERATIONS_COORDINATE) else "observer"
    if a.get("lead") is not None and actor.country == a["lead"]:
        return "coordinator" if actor.has(P.OPERATIONS_COORDINATE) else "participant"
    answer = a.get("answers", {}).get(actor.country)
    return {"accepted": "participant", "invited": "invited", "declined": "declined"}.get(
        answer or ""
    )


def _sees(actor: MActor, obj: Obj) -> bool:
    return role(actor, obj) is not None


def _sees_all(actor: MActor, obj: Obj) -> bool:
    return role(actor, obj) in FULL


KINDS: dict[str, Readable] = {
    "operation": _sees,
    # what only those who see the whole operation see (targets' and reports' notes)
    "operation_detail": _sees_all,
}


def _verdict(ok: bool, *, state: bool = True) -> V:
    """DENY unless ``ok``; an allowed attempt the world's state cannot answer is SKIPped."""
    if not ok:
        return V.DENY
    return V.ALLOW if state else V.SKIP


def r_read(actor: MActor, obj: Obj | None) -> V:
    return _verdict(role(actor, obj) is not None)


def r_full(actor: MActor, obj: Obj | None) -> V:
    return _verdict(role(actor, obj) in FULL)


def r_coordinate(actor: MActor, obj: Obj | None) -> V:
    return _verdict(role(actor, obj) == "coordinator" and actor.has(P.OPERATIONS_COORDINATE))


def r_answer(actor: MActor, obj: Obj | None) -> V:
    part = role(actor, obj)
    return _verdict(not actor.gs and actor.has(P.OPERATIONS_COORDINATE) and part is not None)


def r_link(actor: MActor, obj: Obj | None) -> V:
    return _verdict(role(actor, obj) in ("coordinator", "participant"))


def r_unlink(actor: MActor, obj: Obj | None) -> V:
    part = role(actor, obj)
    targets: dict[str, str] = attrs(obj).get("targets", {})
    if part not in ("coordinator", "participant"):
        return V.DENY
    if not targets:
        return V.SKIP  # nothing to unlink: no question of access
    if part == "coordinator" or attrs(obj).get("status") == "closed":
        return V.ALLOW  # closed: refused to every coordinator and participant alike (409)
    # a participant unlinks what its own country linked (the params pick it when there is one)
    return _verdict(actor.country in targets)


def r_hits(actor: MActor, obj: Obj | None) -> V:
    return _verdict(role(actor, obj) in ("coordinator", "observer"))


def _reports(actor: MActor, obj: Obj | None) -> bool:
    return actor.has(P.OPERATIONS_REPORT) and role(actor, obj) in ("coordinator", "participant")


def r_submit(actor: MActor, obj: Obj | None) -> V:
    return _verdict(_reports(actor, obj))


def r_amend(actor: MActor, obj: Obj | None) -> V:
    # an amendment needs a report to amend while active (closed/planned: 409 before that)
    a = attrs(obj)
    reported = (actor.country or "IPSG") in a.get("reports", ())
    return _verdict(_reports(actor, obj), state=reported or a.get("status") != "active")


def r_history(actor: MActor, obj: Obj | None) -> V:
    return _verdict(role(actor, obj) in FULL, state=bool(attrs(obj).get("reports")))


def _today(world: World) -> date:
    return clock_now(world.settings).date()


def _create_body(world: World, actor: MActor, obj: Obj | None) -> dict[str, Any]:
    today = _today(world)
    return {
        "code_name": "MATRIX PROBE",
        "crime_area": "drugs",
        "start_date": today.isoformat(),
        "end_date": date(today.year + 1, 1, 31).isoformat(),
        "coordinating_unit": "Matrix unit",
        "objectives": "probe",
        "invite": ["IT"],
    }


def _transition_body(world: World, actor: MActor, obj: Obj | None) -> dict[str, Any]:
    # closed: any transition is refused (409)
    return {"action": "start" if attrs(obj).get("status") == "planned" else "close"}


def _target_body(world: World, actor: MActor, obj: Obj | None) -> dict[str, Any]:
    # a record of the caller's own country, linked to no operation yet
    records = world.extra["operation_records"]
    return {"record_id": records.get(actor.country or "FR", records["FR"]), "note": "probe"}


def _unlink_params(world: World, actor: MActor, obj: Obj | None) -> dict[str, str]:
    assert obj is not None
    targets: dict[str, str] = obj.attrs.get("targets", {})
    mine = targets.get(actor.country or "IPSG")
    first = next(iter(targets.values()), "0" * 32)
    return {"op_id": obj.id, "target_id": mine or first}


def _report(world: World, note: str = "probe", arrests: int = 1) -> dict[str, Any]:
    return {
        "report_date": _today(world).isoformat(),
        "arrests": arrests,
        "seizures": [
            {
                "commodity": "cocaine",
                "quantity": 2.5,
                "unit": "kg",
                "value": 1000,
                "currency": "USD",
            }
        ],
        "note": note,
    }


def _own_country(world: World, actor: MActor, obj: Obj | None) -> dict[str, str]:
    assert obj is not None
    return {"op_id": obj.id, "country": actor.country or "IPSG"}


def _history_params(world: World, actor: MActor, obj: Obj | None) -> dict[str, str]:
    assert obj is not None
    reports = obj.attrs.get("reports", ())
    return {"op_id": obj.id, "country": reports[0] if reports else "FR"}


CONFLICT = frozenset({409})  # the operation's status (or an answer given) forbids it, for all
ENDPOINTS: list[Endpoint] = [
    Endpoint("POST", API, lambda a, o: _verdict(a.has(P.OPERATIONS_COORDINATE)), body=_create_body),
    Endpoint("GET", API, lambda a, o: _verdict(a.has(P.OPERATIONS_READ))),
    Endpoint("GET", f"{API}/{{op_id}}", r_read, kind="operation"),
    Endpoint(
        "PATCH",
        f"{API}/{{op_id}}",
        r_coordinate,
        kind="operation",
        body=lambda w, a, o: {"objectives": "probe objectives"},
        ok=CONFLICT,  # closed operations no longer change
    ),
    Endpoint(
        "POST",
        f"{API}/{{op_id}}/transitions",
        r_coordinate,
        kind="operation",
        body=_transition_body,
        ok=CONFLICT,  # a closed operation has no transition left
    ),
    Endpoint(
        "POST",
        f"{API}/{{op_id}}/invitations",
        r_coordinate,
        kind="operation",
        body=lambda w, a, o: {"countries": ["IT"]},
        ok=CONFLICT,  # no invitations once closed
    ),
    Endpoint(
        "POST",
        f"{API}/{{op_id}}/invitation",
        r_answer,
        kind="operation",
        body=lambda w, a, o: {"answer": "accepted", "note": "probe"},
        ok=CONFLICT,  # answered once: the lead, the accepted and the declined get 409
    ),
    Endpoint("GET", f"{API}/{{op_id}}/targets", r_full, kind="operation"),
    Endpoint(
        "POST",
        f"{API}/{{op_id}}/targets",
        r_link,
        kind="operation",
        body=_target_body,
        ok=CONFLICT,  # a closed operation's targets are final
    ),
    Endpoint(
        "DELETE",
        f"{API}/{{op_id}}/targets/{{target_id}}",
        r_unlink,
        kind="operation",
        params=_unlink_params,
        ok=CONFLICT,  # closed
    ),
    Endpoint("GET", f"{API}/{{op_id}}/hits", r_hits, kind="operation"),
    Endpoint(
        "POST",
        f"{API}/{{op_id}}/results",
        r_submit,
        kind="operation",
        body=lambda w, a, o: _report(w),
        ok=CONFLICT,  # not active, or the country reported already (amend instead)
    ),
    Endpoint("GET", f"{API}/{{op_id}}/results", r_full, kind="operation"),
    Endpoint(
        "PUT",
        f"{API}/{{op_id}}/results/{{country}}",
        r_amend,
        kind="operation",
        params=_own_country,
        body=lambda w, a, o: _report(w, arrests=3),
        ok=CONFLICT,  # reports are locked unless the operation is active
    ),
    Endpoint(
        "GET",
        f"{API}/{{op_id}}/results/{{country}}/history",
        r_history,
        kind="operation",
        params=_history_params,
    ),
    Endpoint("GET", f"{API}/{{op_id}}/totals", r_full, kind="operation"),
]


def _record(world: World, actor: MActor, n: int) -> str:
    body = {
        "type": "vehicle",
        "data": {"vin": "WVWZZZ1JZ3W386752", "make": "Volkswagen"},
        "owner_ref": f"matrix-op-{actor.country}-{n}",
    }
    made = world.call(actor, "POST", "/api/v1/records", json=body)
    return str(made["id"])


def build(world: World) -> None:
    fr, de, br = (world.actor("ncb_operator", c) for c in ("FR", "DE", "BR"))
    gs = world.actor("gs_officer")
    today = _today(world)
    end = date(today.year + 1, 3, 31)
    records = {c.country: _record(world, c, 1) for c in (fr, de, br)}
    world.extra["operation_records"] = records  # never linked: free for the targets probes
    linked = {c.country: _record(world, c, 2) for c in (fr, de, br)}

    def create(by: MActor, name: str, invite: list[str], lead: str | None) -> dict[str, Any]:
        body = {
            "code_name": f"MATRIX {name}",
            "crime_area": "drugs",
            "start_date": today.isoformat(),
            "end_date": end.isoformat(),
            "coordinating_unit": "Matrix unit",
            "objectives": f"Qop-{name}-objectives-5s8",
            "invite": invite,
        }
        made: dict[str, Any] = world.call(by, "POST", API, json=body)
        made["answers"] = {lead: "accepted"} if lead else {}
        made["answers"].update(dict.fromkeys(invite, "invited"))
        made["targets"], made["reports"], made["details"] = {}, [], []
        made["status"] = "planned"
        return made

    def answer(op: dict[str, Any], by: MActor, value: str) -> None:
        world.call(by, "POST", f"{API}/{op['id']}/invitation", json={"answer": value})
        op["answers"][by.country] = value

    def target(op: dict[str, Any], by: MActor, name: str) -> None:
        note = f"Qop-{name}-target-{by.country or 'GS'}-3k7"
        body = {"record_id": linked[by.country or "FR"], "note": note}
        made = world.call(by, "POST", f"{API}/{op['id']}/targets", json=body)
        op["targets"][by.country or "IPSG"] = made["id"]
        op["details"].append((made["id"], note))

    def report(op: dict[str, Any], by: MActor, name: str, amend: bool = False) -> None:
        org = by.country or "IPSG"
        note = f"Qop-{name}-report-{org}-6b1"
        world.call(by, "POST", f"{API}/{op['id']}/results", json=_report(world, note))
        if amend:
            path = f"{API}/{op['id']}/results/{org}"
            world.call(by, "PUT", path, json=_report(world, note + "-v2", 4))
        op["reports"].append(org)
        op["details"].append((f"report-{op['id'][:8]}-{org}", note))

    def move(op: dict[str, Any], by: MActor, action: str) -> None:
        world.call(by, "POST", f"{API}/{op['id']}/transitions", json={"action": action})
        op["status"] = "active" if action == "start" else "closed"

    ops = []
    planned = create(fr, "PLANNED", ["DE"], "FR")
    answer(planned, de, "accepted")
    ops.append(planned)

    active = create(fr, "ACTIVE", ["DE"], "FR")
    answer(active, de, "accepted")
    move(active, fr, "start")
    target(active, fr, "ACTIVE")
    target(active, de, "ACTIVE")
    report(active, fr, "ACTIVE", amend=True)
    ops.append(active)

    closed = create(fr, "CLOSED", ["DE"], "FR")
    answer(closed, de, "accepted")
    move(closed, fr, "start")
    target(closed, fr, "CLOSED")
    report(closed, fr, "CLOSED")
    report(closed, de, "CLOSED")
    move(closed, fr, "close")
    ops.append(closed)

    secretariat = create(gs, "SECRETARIAT", ["FR", "DE"], None)
    answer(secretariat, fr, "accepted")
    answer(secretariat, de, "accepted")
    move(secretariat, gs, "start")
    target(secretariat, de, "SECRETARIAT")
    report(secretariat, gs, "SECRETARIAT")
    report(secretariat, de, "SECRETARIAT")
    ops.append(secretariat)

    # DE's own: FR declined its invitation (sees the invitation only), BR's is unanswered
    german = create(de, "GERMAN", ["FR", "BR"], "DE")
    answer(german, fr, "declined")
    move(german, de, "start")
    report(german, de, "GERMAN", amend=True)
    ops.append(german)

    # the statistics' drill-down probe: an operation of FR's alone (stats area)
    alone = create(fr, "ALONE", [], "FR")
    world.extra["operation_fr_alone"] = alone["id"]

    for op in ops:
        a = {
            "status": op["status"],
            "lead": op["lead_country"],
            "answers": op["answers"],
            "targets": op["targets"],
            "reports": tuple(op["reports"]),
            "name": op["code_name"].split()[-1],
        }
        world.add(Obj("operation", op["id"], op["lead_country"], a, (op["objectives"],)))
        for detail_id, note in op["details"]:
            world.add(Obj("operation_detail", detail_id, op["lead_country"], a, (note,)))
