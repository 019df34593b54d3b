"""Matrix area: notices and diffusions.

Policy (docs/notices.md, docs/api.md, concord/auth/roles.py):
- an NCB (``notices:request``) requests notices about its own records; UN Special Notices are
  requested by the Secretariat (``gs_officer``); only the requester edits a draft or a request
  sent back (409 in other states), asks for updates of a published notice (409 otherwise),
  submits, resubmits and cancels;
- a reviewer (``notices:review``) starts reviews, approves, asks for information, refuses; the
  Secretariat (``notices:manage``) suspends and reinstates; a state that does not allow an action
  answers 409 to everyone;
- the requester and the Secretariat see everything, the history included; other members (with
  ``notices:read``) see a published notice in circulation (content) and a request being
  processed where its type allows (type, title and country only), never drafts, refusals,
  suspended, cancelled or expired notices, nor a notice about a record restricted away from
  them; everything else is 404, audited;
- diffusions are sent by an NCB (``diffusions:send``), seen by the sender, the recipients and
  the Secretariat (``notices:read``), and checked by reviewers (409 once checked).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import update

from concord.auth.roles import Permission
from concord.clock import now as clock_now
from concord.notices.models import Notice
from tests.matrix.areas.records import with_twins
from tests.matrix.model import Endpoint, MActor, Obj, Readable, V, need
from tests.matrix.world import World

NOTICES = "/api/v1/notices"
DIFFUSIONS = "/api/v1/diffusions"
WHILE_PROCESSING = {"red", "yellow", "blue", "black", "green", "orange"}
PROCESSING = {"submitted", "under_review", "info_requested"}
TERMINAL = {"refused", "cancelled", "expired"}


def red_fields(circumstances: str) -> dict[str, Any]:
    return {
        "charges": [
            {
                "charge": f"Armed robbery of a jewellery shop, its owner killed {circumstances}",
                "penalty_years": 30,
                "offence_date": "2023-02-11",
                "law": "Code pénal art. 221-1",
            }
        ],
        "circumstances": circumstances,
        "warrant": {"reference": "MA-2023-0456", "issued_by": "Tribunal judiciaire de Lyon"},
    }


def fields_for(kind: str, text: str) -> dict[str, Any]:
    if kind == "red":
        return red_fields(text)
    if kind == "yellow":
        return {"date_of_event": "2025-03-14", "place_of_event": "Marseille", "circumstances": text}
    if kind == "purple":
        return {"modus_operandi": f"Skimming devices hidden in fuel pumps; {text}"}
    if kind == "un":
        return {"un_reference": "QDi.321", "sanctions": ["asset_freeze"], "circumstances": text}
    return {"circumstances": text}


def _subject_hidden(actor: MActor, obj: Obj) -> bool:
    return actor.country in obj.attrs.get("hidden_from", ())


def _requester(actor: MActor, obj: Obj) -> bool:
    requester = obj.attrs["requester"]
    return actor.gs if requester is None else actor.country == requester


def full_view(actor: MActor, obj: Obj) -> bool:
    return actor.has(Permission.NOTICES_READ) and (actor.gs or _requester(actor, obj))


def content_readable(actor: MActor, obj: Obj) -> bool:
    """Full view, or a published notice in circulation seen by another member."""
    if full_view(actor, obj):
        return True
    return (
        actor.has(Permission.NOTICES_READ)
        and obj.attrs["status"] == "published"
        and not _subject_hidden(actor, obj)
    )


def visible(actor: MActor, obj: Obj) -> bool:
    if content_readable(actor, obj):
        return True
    return (
        actor.has(Permission.NOTICES_READ)
        and obj.attrs["status"] in PROCESSING
        and obj.attrs["type"] in WHILE_PROCESSING
        and not _subject_hidden(actor, obj)
    )


def diffusion_readable(actor: MActor, obj: Obj) -> bool:
    return actor.has(Permission.NOTICES_READ) and (
        actor.gs or actor.country == obj.owner or actor.country in obj.attrs["to"]
    )


KINDS: dict[str, Readable] = {
    "notice": content_readable,
    # what only the requester and the Secretariat see: reasons of decisions (the history)
    "notice_review": lambda a, o: full_view(a, o),
    "diffusion": diffusion_readable,
}


def _verdict(ok: bool) -> V:
    return V.ALLOW if ok else V.DENY


def _read(actor: MActor, obj: Obj | None) -> V:
    assert obj is not None
    return _verdict(visible(actor, obj))


def _history(actor: MActor, obj: Obj | None) -> V:
    assert obj is not None
    return _verdict(full_view(actor, obj))


def _requester_acts(actor: MActor, obj: Obj | None) -> V:
    assert obj is not None
    return _verdict(actor.has(Permission.NOTICES_REQUEST) and _requester(actor, obj))


#: the action tried on a notice in each state, allowed from that state, and who may take it
ACTIONS: dict[str, tuple[str, str]] = {
    "draft": ("submit", "requester"),
    "info_requested": ("resubmit", "requester"),
    "submitted": ("start_review", "reviewer"),
    "under_review": ("request_info", "reviewer"),
    "published": ("suspend", "manager"),
    "suspended": ("reinstate", "manager"),
}


def _transition(actor: MActor, obj: Obj | None) -> V:
    assert obj is not None
    status = obj.attrs["status"]
    if not visible(actor, obj):
        return V.DENY
    if status in TERMINAL:
        # the state forbids any action for everyone (409): nothing to learn about access
        return V.SKIP
    _action, who = ACTIONS[status]
    if who == "requester":
        allowed = actor.has(Permission.NOTICES_REQUEST) and _requester(actor, obj)
    elif who == "reviewer":
        allowed = actor.has(Permission.NOTICES_REVIEW)
    else:
        allowed = actor.gs and actor.has(Permission.NOTICES_MANAGE)
    return _verdict(allowed)


def _transition_body(world: World, actor: MActor, obj: Obj | None) -> dict[str, Any]:
    status = obj.attrs.get("status", "published") if obj is not None else "published"
    action = ACTIONS.get(status, ("cancel", ""))[0]
    return {"action": action, "reason": "checked by the matrix", "ground": None}


def _if_match(world: World, actor: MActor, obj: Obj | None) -> dict[str, str]:
    version = obj.attrs.get("version", 1) if obj is not None else 1
    return {"If-Match": f'"v{version}"'}


def _create_body(world: World, actor: MActor, obj: Obj | None) -> dict[str, Any]:
    subject = world.extra["notice_subjects"][actor.country or "FR"]
    return {"type": "red", "subject_id": subject, "public": False, "fields": red_fields("x")}


def _diffusion_body(world: World, actor: MActor, obj: Obj | None) -> dict[str, Any]:
    to = "DE" if actor.country == "FR" else "FR"
    return {
        "type": "blue",
        "fields": {"circumstances": "Seen near the border"},
        "to_countries": [to],
    }


def _diffusion_review(actor: MActor, obj: Obj | None) -> V:
    assert obj is not None
    return _verdict(actor.has(Permission.NOTICES_REVIEW) and diffusion_readable(actor, obj))


RELEVANT = frozenset(
    {
        Permission.NOTICES_READ,
        Permission.NOTICES_REQUEST,
        Permission.NOTICES_REVIEW,
        Permission.NOTICES_MANAGE,
        Permission.DIFFUSIONS_SEND,
    }
)

ENDPOINTS: list[Endpoint] = with_twins([
    Endpoint(
        "POST",
        NOTICES,
        # a Red Notice is requested by a member country's NCB about its own record
        need(Permission.NOTICES_REQUEST, lambda a, o: a.country is not None),
        body=_create_body,
    ),
    Endpoint("GET", NOTICES, need(Permission.NOTICES_READ), query=lambda w, a, o: {"limit": 200}),
    Endpoint(
        "POST",
        NOTICES + "/check",
        need(Permission.NOTICES_READ),
        body=lambda w, a, o: {"type": "red", "fields": red_fields("A robbery in Lyon")},
    ),
    Endpoint("GET", NOTICES + "/stats", need(Permission.NOTICES_READ)),
    Endpoint("GET", NOTICES + "/{notice_id}", _read, kind="notice"),
    Endpoint(
        "PATCH",
        NOTICES + "/{notice_id}",
        _requester_acts,
        kind="notice",
        body=lambda w, a, o: {"language": "fr"},
        headers=_if_match,
        ok=frozenset({409}),  # only drafts and requests sent back are edited, by anyone
    ),
    Endpoint(
        "POST",
        NOTICES + "/{notice_id}/updates",
        _requester_acts,
        kind="notice",
        body=lambda w, a, o: {
            "fields": fields_for(
                o.attrs.get("type", "red") if o else "red", "Seen since in Marseille"
            ),
            "reason": "new information",
        },
        headers=_if_match,
        ok=frozenset({409}),  # only a published notice without a pending update, for anyone
    ),
    Endpoint(
        "POST",
        NOTICES + "/{notice_id}/transitions",
        _transition,
        kind="notice",
        body=_transition_body,
    ),
    Endpoint("GET", NOTICES + "/{notice_id}/history", _history, kind="notice"),
    Endpoint(
        "POST",
        DIFFUSIONS,
        need(Permission.DIFFUSIONS_SEND, lambda a, o: a.country is not None),
        body=_diffusion_body,
    ),
    Endpoint("GET", DIFFUSIONS, need(Permission.NOTICES_READ)),
    Endpoint(
        "GET",
        DIFFUSIONS + "/{diffusion_id}",
        lambda a, o: _verdict(o is not None and diffusion_readable(a, o)),
        kind="diffusion",
    ),
    Endpoint(
        "POST",
        DIFFUSIONS + "/{diffusion_id}/review",
        _diffusion_review,
        kind="diffusion",
        body=lambda w, a, o: {"compliant": True, "reason": "checked"},
        ok=frozenset({409}),  # a diffusion already checked is not checked again, by anyone
    ),
], RELEVANT)  # fmt: skip


def _person(family: str, given: str) -> dict[str, Any]:
    return {
        "names": [{"given": given, "family": family, "kind": "primary"}],
        "birth_date": "1979-06-02",
        "sex": "M",
        "nationalities": ["UA"],
    }


def subject(world: World, country: str, family: str, **extra: Any) -> str:
    body = {"type": "person", "data": _person(family, "Viktor"), **extra}
    row = world.call(world.actor("ncb_operator", country), "POST", "/api/v1/records", json=body)
    return str(row["id"])


#: (name, requester, type, final status, public, subject restriction, canary or "")
SPECS: list[tuple[str, str | None, str, str, bool, dict[str, Any], str]] = [
    ("fr_red_draft", "FR", "red", "draft", True, {}, "Qnx-draftcircs"),
    ("fr_red_submitted", "FR", "red", "submitted", True, {}, "Qnx-submcircs"),
    ("fr_red_review", "FR", "red", "under_review", True, {}, "Qnx-revwcircs"),
    ("fr_red_info", "FR", "red", "info_requested", True, {}, "Qnx-infocircs"),
    ("fr_red_public", "FR", "red", "published", True, {}, ""),
    ("fr_red_private", "FR", "red", "published", False, {}, "Qnx-privcircs"),
    ("fr_red_refused", "FR", "red", "refused", True, {}, "Qnx-refucircs"),
    ("fr_red_suspended", "FR", "red", "suspended", True, {}, "Qnx-suspcircs"),
    ("fr_red_cancelled", "FR", "red", "cancelled", True, {}, "Qnx-canccircs"),
    ("fr_red_expired", "FR", "red", "expired", True, {}, "Qnx-expicircs"),
    (
        "fr_red_except_de",
        "FR",
        "red",
        "published",
        False,
        {"restriction": "except", "countries": ["DE"]},
        "Qnx-exdecircs",
    ),
    ("fr_blue_published", "FR", "blue", "published", False, {}, "Qnx-bluecircs"),
    ("fr_purple_submitted", "FR", "purple", "submitted", False, {}, "Qnx-purpcircs"),
    ("fr_yellow_public", "FR", "yellow", "published", True, {}, ""),
    ("gs_un_person", None, "un", "published", True, {}, ""),
    ("gs_un_entity", None, "un", "published", True, {}, ""),
    ("de_red_public", "DE", "red", "published", True, {}, ""),
    ("de_red_draft", "DE", "red", "draft", True, {}, "Qnx-dedrcircs"),
]

#: how to reach each status from a draft: (action, reason)
PATHS: dict[str, list[str]] = {
    "draft": [],
    "submitted": ["submit"],
    "under_review": ["submit", "start_review"],
    "info_requested": ["submit", "start_review", "request_info"],
    "published": ["submit", "start_review", "approve"],
    "refused": ["submit", "start_review", "refuse"],
    "suspended": ["submit", "start_review", "approve", "suspend"],
    "cancelled": ["submit", "cancel"],
    "expired": ["submit", "start_review", "approve"],
}


def build(world: World) -> None:
    reviewer = world.actor("gs_reviewer")
    world.extra["notice_subjects"] = {
        c: subject(world, c, f"Matrixsubject{c.lower()}") for c in ("FR", "DE", "BR")
    }
    expired: list[str] = []
    for n, (name, requester, kind, status, public, restriction, canary) in enumerate(SPECS):
        actor = (
            world.actor("gs_officer") if requester is None else world.actor("ncb_admin", requester)
        )
        text = f"Seen in Lyon in March {canary}".strip()
        body: dict[str, Any] = {"type": kind, "language": "en", "fields": fields_for(kind, text)}
        if kind in ("red", "yellow"):
            body["public"] = public
        if name == "gs_un_entity":
            body["fields"]["entity"] = {"name": "Matrix Front", "aliases": ["MF"]}
        elif kind != "purple":
            owner = requester or "BR"
            body["subject_id"] = subject(world, owner, f"Matrixperson{n:02d}", **restriction)
        made = world.call(actor, "POST", NOTICES, json=body)
        reasons = []
        for action in PATHS[status]:
            who = actor if action in ("submit", "cancel") else reviewer
            reason = f"Qnr-{name}-{action}" if action not in ("submit", "start_review") else None
            extra = {"ground": "art3"} if action == "refuse" else {}
            world.call(
                who,
                "POST",
                f"{NOTICES}/{made['id']}/transitions",
                json={"action": action, "reason": reason, **extra},
            )
            if reason:
                reasons.append(reason)
        if status == "expired":
            expired.append(made["id"])
        full = world.call(reviewer, "GET", f"{NOTICES}/{made['id']}")
        attrs = {
            "name": name,
            "type": kind,
            "status": status,
            "requester": requester,
            "public": public and kind in ("red", "yellow", "un"),
            "hidden_from": list(restriction.get("countries", [])),
            "version": full["version"],
            "entity_id": full.get("entity_id"),
            "collection": "un/entities" if name == "gs_un_entity" else (
                "un/persons" if kind == "un" else kind
            ),
        }  # fmt: skip
        canaries = (canary,) if canary else ()
        if canary and full.get("entity_id"):  # a published notice kept from the public
            canaries += (full["entity_id"],)
        world.add(Obj("notice", made["id"], requester, attrs, canaries=canaries))
        if reasons:
            world.add(Obj("notice_review", f"review-{n:02d}", requester, attrs, tuple(reasons)))
    with world.db.transaction() as s:
        past = clock_now(world.settings) - timedelta(days=2)
        s.execute(
            update(Notice).where(Notice.id.in_(expired)).values(status="expired", expires_at=past)
        )
    _diffusions(world)


def _diffusions(world: World) -> None:
    #: (sender, recipients, canary, checked already)
    for sender, to, canary, checked in (
        ("FR", ["DE"], "Qdx-frtode", False),
        ("DE", ["FR"], "Qdx-detofr", False),
        ("FR", ["BR"], "Qdx-frtobr", True),
    ):
        made = world.call(
            world.actor("ncb_operator", sender),
            "POST",
            DIFFUSIONS,
            json={"type": "blue", "fields": {"circumstances": f"Seen at {canary}"},
                  "to_countries": to},
        )  # fmt: skip
        if checked:
            world.call(
                world.actor("gs_reviewer"),
                "POST",
                f"{DIFFUSIONS}/{made['id']}/review",
                json={"compliant": False, "reason": "not compliant"},
            )
        world.add(Obj("diffusion", made["id"], sender, {"to": to}, canaries=(canary,)))
