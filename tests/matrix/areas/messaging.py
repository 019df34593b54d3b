"""Matrix area: secure messaging (docs/messaging.md, messaging-webhooks.md,
messaging-attachments.md).

The policy encoded here:
- A mailbox is held by its NCB's people with ``messages:read`` (FR's NCB admins, operators and
  border officers hold ``FR``), by an agency's own accounts only (``FR/<agency>``), and by the
  Secretariat's staff with ``messages:read`` (``IPSG``). Reading, replying, forwarding,
  acknowledging and downloading attachments need a copy of the message in a mailbox one holds;
  anyone else gets 404, audited. Reading a case needs one's mailbox among its participants.
- Sending (messages, cases, attachments) needs ``messages:send``; lists need ``messages:read``.
- A mailbox's administration (key rotation, webhooks, the outbox) is for its administrators:
  ``messages:admin`` on the mailbox they would hold (``ncb_admin`` for its NCB's, ``gs_admin`` for
  the Secretariat's ``IPSG``, without reading its mail). Registering the end-to-end client key
  needs ``messages:read`` too (it is the reading client's key): ``gs_admin`` is denied.
- Erasing a mailbox (crypto-shredding) is for the Secretariat's administrators only
  (``messages:admin`` without a country), whatever the mailbox.
- Forwarding an H2 message is refused to everyone (409); acknowledging one's own sent message
  has nothing to acknowledge (409).

World: a case opened by FR (canary title) holding messages FR->DE with each handling code
(one with an attachment), a message DE->FR, one from the Secretariat to FR, and one from DE to
an FR agency's mailbox (which FR's NCB does not hold); webhooks of FR and DE with dead pushes.
BR takes part in nothing: every canary must stay out of its answers.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from concord.auth.roles import Permission
from concord.messaging.models import OutboxItem
from tests.factories import Actors
from tests.matrix.model import Endpoint, MActor, Obj, Readable, Rule, V, attrs, need
from tests.matrix.world import World

P = Permission


def holds(actor: MActor, address: str) -> bool:
    """Does the actor hold the mailbox ``address``? (The world's actors are no agency's.)"""
    if not actor.has(P.MESSAGES_READ):
        return False
    if address == "IPSG":
        return actor.gs
    return "/" not in address and actor.country == address


def holds_any(actor: MActor, obj: Obj | None) -> bool:
    return any(holds(actor, a) for a in attrs(obj).get("holders", ()))


def _readable(actor: MActor, obj: Obj) -> bool:
    return holds_any(actor, obj)


def _box_admin(actor: MActor, obj: Obj | None = None) -> bool:
    """An administrator of the mailbox the actor would hold (``obj``: of this owner's one)."""
    return actor.has(P.MESSAGES_ADMIN) and (obj is None or actor.country == obj.owner)


def _webhook_readable(actor: MActor, obj: Obj) -> bool:
    # its administrators; and the auditors who may read that country's audit trail
    # (webhook.create records the URL)
    auditor = actor.has(P.AUDIT_READ) and (actor.gs or actor.country == obj.owner)
    return _box_admin(actor, obj) or auditor


KINDS: dict[str, Readable] = {
    "message": _readable,
    "case": _readable,
    "attachment": _readable,
    "mailbox": lambda actor, obj: True,  # addresses and public keys are public to members
    "webhook": _webhook_readable,
    "outbox_item": _webhook_readable,
}


def _other(actor: MActor) -> list[str]:
    """A recipient other than the sender's own mailbox."""
    return ["FR"] if actor.country in (None, "DE") else ["DE"]


def _send_body(world: World, actor: MActor, obj: Obj | None) -> dict[str, Any]:
    return {
        "to": _other(actor),
        "case_id": obj.id if obj is not None else None,
        "subject": "matrix probe",
        "body": "probe body",
        "handling": "H1",
    }


def _reply_body(world: World, actor: MActor, obj: Obj | None) -> dict[str, Any]:
    # the sender's own people reply to every recipient (a reply to oneself is refused)
    sender = obj is not None and (actor.country or "IPSG") == obj.owner
    return {"subject": "matrix reply", "body": "reply body", "to_all": sender}


def _attachment_params(world: World, actor: MActor, obj: Obj | None) -> dict[str, str]:
    assert obj is not None
    return {"message_id": obj.attrs["message_id"], "attachment_id": obj.id}


def _holder(permission: Permission) -> Rule:
    """``permission``, and a copy of the message (or a place in the case) in a held mailbox."""
    return need(permission, then=holds_any)


def _admin_rule(actor: MActor, obj: Obj | None) -> V:
    return V.ALLOW if _box_admin(actor) else V.DENY


def _reading_admin_rule(actor: MActor, obj: Obj | None) -> V:
    return V.ALLOW if _box_admin(actor) and actor.has(P.MESSAGES_READ) else V.DENY


def _owner_admin_rule(actor: MActor, obj: Obj | None) -> V:
    return V.ALLOW if _box_admin(actor, obj) else V.DENY


def _eraser(actor: MActor, obj: Obj | None) -> V:
    return V.ALLOW if actor.has(P.MESSAGES_ADMIN) and actor.gs else V.DENY


API = "/api/v1"
ENDPOINTS: list[Endpoint] = [
    Endpoint("GET", f"{API}/mailboxes", need(P.MESSAGES_READ)),
    Endpoint("GET", f"{API}/mailboxes/mine", need(P.MESSAGES_READ)),
    Endpoint(
        "PUT",
        f"{API}/mailboxes/mine/e2e-key",
        _reading_admin_rule,
        body=lambda w, a, o: {"public_key": "ab" * 32},
    ),
    Endpoint("POST", f"{API}/mailboxes/mine/rotate-keys", _admin_rule),
    Endpoint(
        "POST",
        f"{API}/mailboxes/{{address}}/erase",
        _eraser,
        kind="mailbox",
        body=lambda w, a, o: {"reason": "matrix: erasure requested by the owner"},
    ),
    Endpoint("GET", f"{API}/mailboxes/mine/webhooks", _admin_rule),
    Endpoint(
        "POST",
        f"{API}/mailboxes/mine/webhooks",
        _admin_rule,
        body=lambda w, a, o: {"url": "https://ncb.example/concord/probe"},
    ),
    Endpoint(
        "DELETE",
        f"{API}/mailboxes/mine/webhooks/{{webhook_id}}",
        _owner_admin_rule,
        kind="webhook",
    ),
    Endpoint("GET", f"{API}/mailboxes/mine/outbox", _admin_rule, query=lambda w, a, o: {}),
    Endpoint(
        "POST",
        f"{API}/mailboxes/mine/outbox/{{item_id}}/retry",
        _owner_admin_rule,
        kind="outbox_item",
    ),
    Endpoint(
        "POST",
        f"{API}/messages",
        _holder(P.MESSAGES_SEND),
        # into an existing case: only its participants' holders (another's case: 404, audited)
        kind="case",
        body=_send_body,
    ),
    Endpoint("GET", f"{API}/messages", need(P.MESSAGES_READ)),
    Endpoint(
        "GET",
        f"{API}/messages/stream",
        need(P.MESSAGES_READ),
        query=lambda w, a, o: {"seconds": 0.01, "interval": 0.1},
    ),
    Endpoint("GET", f"{API}/messages/{{message_id}}", _holder(P.MESSAGES_READ), kind="message"),
    Endpoint(
        "POST",
        f"{API}/messages/{{message_id}}/reply",
        _holder(P.MESSAGES_SEND),
        kind="message",
        body=_reply_body,
    ),
    Endpoint(
        "POST",
        f"{API}/messages/{{message_id}}/forward",
        _holder(P.MESSAGES_SEND),
        kind="message",
        body=lambda w, a, o: {"to": ["IT"], "note": "for your information"},
        # H2: no onward sharing, refused to every holder (docs/messaging.md)
        ok=frozenset({409}),
    ),
    Endpoint(
        "POST",
        f"{API}/messages/{{message_id}}/acknowledge",
        _holder(P.MESSAGES_READ),
        kind="message",
        # the sending mailbox's holders have nothing to acknowledge
        ok=frozenset({409}),
    ),
    Endpoint(
        "GET",
        f"{API}/messages/{{message_id}}/attachments/{{attachment_id}}",
        _holder(P.MESSAGES_READ),
        kind="attachment",
        params=_attachment_params,
    ),
    Endpoint(
        "POST",
        f"{API}/attachments",
        need(P.MESSAGES_SEND),
        raw=lambda w, a, o: (b"probe attachment\n", "text/plain"),
        query=lambda w, a, o: {"filename": "probe.txt"},
    ),
    Endpoint(
        "POST",
        f"{API}/cases",
        need(P.MESSAGES_SEND),
        body=lambda w, a, o: {"title": "matrix probe case", "crime_area": "drugs"},
    ),
    Endpoint("GET", f"{API}/cases", need(P.MESSAGES_READ)),
    Endpoint("GET", f"{API}/cases/{{case_id}}", _holder(P.MESSAGES_READ), kind="case"),
]


def _message(
    world: World, actor: MActor, body: dict[str, Any], holders: tuple[str, ...], canary: str
) -> Obj:
    sent = world.call(actor, "POST", f"{API}/messages", json=body)
    return world.add(
        Obj(
            "message",
            sent["id"],
            actor.country or "IPSG",
            {"handling": body.get("handling", "H0"), "holders": holders},
            (canary,),
        )
    )


def build(world: World) -> None:
    fr, de = world.actor("ncb_operator", "FR"), world.actor("ncb_operator", "DE")
    fr_admin, de_admin = world.actor("ncb_admin", "FR"), world.actor("ncb_admin", "DE")
    gs = world.actor("gs_officer")
    for a in (fr, de, world.actor("ncb_operator", "BR"), gs):  # every mailbox made up front
        world.call(a, "GET", f"{API}/mailboxes/mine")

    # an FR agency and its mailbox (held by its own accounts only, not by FR's NCB)
    agency = world.call(
        fr_admin, "POST", f"{API}/agencies", json={"name": "Matrix customs FR", "kind": "customs"}
    )
    agent = Actors(world.db, world.settings).make("ncb_operator", "FR", agency_id=agency["id"])
    agency_box = world.call(None, "GET", f"{API}/mailboxes/mine", headers=agent.headers)
    world.extra["agency_mailbox"] = agency_box["address"]
    for address in ("FR", "DE", "BR", "IPSG", agency_box["address"]):
        world.add(Obj("mailbox", address, address.split("/")[0]))

    # webhooks (before the messages, so that their pushes are queued)
    hooks = {}
    for admin in (fr_admin, de_admin):
        url = f"https://ncb-{admin.country}.example/hook/Qmx-hook-{admin.country}-5v1"
        made = world.call(admin, "POST", f"{API}/mailboxes/mine/webhooks", json={"url": url})
        hooks[admin.country] = made["id"]
        world.add(Obj("webhook", made["id"], admin.country, {}, (url.rsplit("/", 1)[1],)))

    # FR's case: title is a canary (cases' titles are metadata in the clear)
    case = world.call(
        fr, "POST", f"{API}/cases", json={"title": "Qmx-case-FR-title-8j3", "crime_area": "drugs"}
    )
    attachment = world.call(
        fr,
        "POST",
        f"{API}/attachments",
        params={"filename": "evidence.txt"},
        content=b"Qmx-attachment-FR-3z8 ledger\n",
        headers={"Content-Type": "text/plain"},
    )
    for code in ("H0", "H1", "H2", "H3"):
        body: dict[str, Any] = {
            "to": ["DE"],
            "case_id": case["id"],
            "subject": f"Qmx-subject-FR-{code}-4p2",
            "body": f"Qmx-body-FR-{code}-9c1",
            "handling": code,
            "priority": "urgent" if code == "H1" else "routine",
        }
        if code == "H3":
            body["handling_text"] = "only for the investigating magistrate"
        if code == "H0":
            body["attachments"] = [attachment["id"]]
        m = _message(world, fr, body, ("FR", "DE"), f"Qmx-body-FR-{code}-9c1")
        if code == "H0":
            world.add(
                Obj(
                    "attachment",
                    attachment["id"],
                    "FR",
                    {"message_id": m.id, "holders": ("FR", "DE")},
                    ("Qmx-attachment-FR-3z8",),
                )
            )
    world.add(Obj("case", case["id"], "FR", {"holders": ("FR", "DE")}, ("Qmx-case-FR-title-8j3",)))

    de_msg = {
        "to": ["FR"],
        "case_title": "Qmx-case-DE-title-2w6",
        "subject": "Qmx-subject-DE-7h4",
        "body": "Qmx-body-DE-7h4",
        "handling": "H1",
    }
    m = _message(world, de, de_msg, ("DE", "FR"), "Qmx-body-DE-7h4")
    opened = world.call(de, "GET", f"{API}/messages/{m.id}")
    world.add(
        Obj("case", opened["case_id"], "DE", {"holders": ("DE", "FR")}, ("Qmx-case-DE-title-2w6",))
    )
    gs_msg = {"to": ["FR"], "subject": "Qmx-subject-GS-1n5", "body": "Qmx-body-GS-1n5"}
    _message(world, gs, gs_msg, ("IPSG", "FR"), "Qmx-body-GS-1n5")
    agency_msg = {
        "to": [agency_box["address"]],
        "case_title": "Qmx-case-agency-title-6d2",
        "subject": "Qmx-subject-agency-6d2",
        "body": "Qmx-body-agency-6d2",
    }
    m = _message(world, de, agency_msg, ("DE", agency_box["address"]), "Qmx-body-agency-6d2")
    opened = world.call(de, "GET", f"{API}/messages/{m.id}")
    world.add(
        Obj(
            "case",
            opened["case_id"],
            "DE",
            {"holders": ("DE", agency_box["address"])},
            ("Qmx-case-agency-title-6d2",),
        )
    )

    # the pushes to the webhooks, as if every attempt had failed (the dead-letter view)
    with world.db.transaction() as s:
        s.execute(update(OutboxItem).values(status="dead", last_error="matrix: unreachable"))
    for admin in (fr_admin, de_admin):
        page = world.call(admin, "GET", f"{API}/mailboxes/mine/outbox")
        assert page["items"], f"no push queued for {admin.country}'s webhook"
        item = page["items"][0]
        world.add(Obj("outbox_item", str(item["id"]), admin.country, {}, ()))
