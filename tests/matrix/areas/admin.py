"""Matrix area: sign-in, accounts and tokens, members and agencies, the audit trail,
notifications, and the service routes.

Policy (docs/api.md, concord/auth/roles.py):
- A country's principal sees and manages the accounts, tokens and agencies of its own country
  only; the Secretariat those of every country and its own. Reading another account needs
  ``users:read``, managing it ``users:manage``; countries never manage Secretariat accounts.
- Tokens are managed with ``tokens:manage`` within the same bounds.
- Members and their NCBs are public to every signed-in principal; agencies are listed for the
  principal's own country (all for the Secretariat).
- The audit trail is read with ``audit:read``: a country's auditor sees its country's events,
  the Secretariat all; verifying the chain needs ``audit:verify``.
- Notifications are read by whom they are addressed to; sending needs ``notifications:send``,
  to one's own country (the Secretariat to anyone).
"""

from __future__ import annotations

import pyotp

from concord.auth.principal import SECRETARIAT
from concord.auth.roles import Permission, Role
from tests.factories import PASSWORD
from tests.matrix.model import Endpoint, MActor, Obj, Readable, V, everyone, need
from tests.matrix.world import COUNTRIES, OWNER, PARTNER, World


def acts_for(actor: MActor, owner: str | None) -> bool:
    """May the actor see or manage the private objects of ``owner`` (None: the Secretariat)?"""
    return actor.gs or (owner is not None and owner == actor.country)


def _reads_account(actor: MActor, obj: Obj) -> bool:
    return actor.has(Permission.USERS_READ) and acts_for(actor, obj.owner)


def _reads_agency(actor: MActor, obj: Obj) -> bool:
    return acts_for(actor, obj.owner)


def _addressed(actor: MActor, obj: Obj) -> bool:
    to = obj.attrs
    if to.get("account_id") is not None:
        return bool(to["account_id"] == actor.account_id)
    org = actor.country or SECRETARIAT
    return (to.get("country") in (None, org)) and (to.get("role") in (None, actor.role.value))


KINDS: dict[str, Readable] = {
    "account": _reads_account,
    "agency": _reads_agency,
    "notification": _addressed,
}


def manages_account(actor: MActor, obj: Obj | None) -> V:
    assert obj is not None
    if not actor.has(Permission.USERS_MANAGE) or not acts_for(actor, obj.owner):
        return V.DENY
    return V.ALLOW


def totp_reset(actor: MActor, obj: Obj | None) -> V:
    assert obj is not None
    if obj.attrs["kind"] != "user":
        return V.SKIP  # service accounts have no second factor (422 for everyone)
    return manages_account(actor, obj)


def issues_token(actor: MActor, obj: Obj | None) -> V:
    assert obj is not None
    if obj.attrs["kind"] != "service":
        return V.SKIP  # people log in; tokens are for service accounts (422 for everyone)
    if not actor.has(Permission.TOKENS_MANAGE) or not acts_for(actor, obj.owner):
        return V.DENY
    return V.ALLOW


def manages_token(actor: MActor, obj: Obj | None) -> V:
    assert obj is not None
    ok = actor.has(Permission.TOKENS_MANAGE) and acts_for(actor, obj.owner)
    return V.ALLOW if ok else V.DENY


def creates_account(actor: MActor, obj: Obj | None) -> V:
    """Creating an ncb_operator in the country ``obj`` names."""
    assert obj is not None
    ok = actor.has(Permission.USERS_MANAGE) and acts_for(actor, obj.owner)
    return V.ALLOW if ok else V.DENY


def manages_agency(actor: MActor, obj: Obj | None) -> V:
    assert obj is not None
    ok = actor.has(Permission.AGENCIES_MANAGE) and acts_for(actor, obj.owner)
    return V.ALLOW if ok else V.DENY


def reads_agency(actor: MActor, obj: Obj | None) -> V:
    assert obj is not None
    ok = actor.has(Permission.MEMBERS_READ) and acts_for(actor, obj.owner)
    return V.ALLOW if ok else V.DENY


def reads_account(actor: MActor, obj: Obj | None) -> V:
    assert obj is not None
    return V.ALLOW if _reads_account(actor, obj) else V.DENY


def reads_event(actor: MActor, obj: Obj | None) -> V:
    assert obj is not None
    ok = actor.has(Permission.AUDIT_READ) and acts_for(actor, obj.owner)
    return V.ALLOW if ok else V.DENY


def sends_notification(actor: MActor, obj: Obj | None) -> V:
    """Notifying the country ``obj`` names."""
    assert obj is not None
    ok = actor.has(Permission.NOTIFICATIONS_SEND) and acts_for(actor, obj.owner)
    return V.ALLOW if ok else V.DENY


def reads_notification(actor: MActor, obj: Obj | None) -> V:
    assert obj is not None
    return V.ALLOW if _addressed(actor, obj) else V.DENY


def _login(world: World, actor: MActor, obj: Obj | None) -> dict[str, str]:
    person = world.extra["person"]
    return {
        "username": person["username"],
        "password": PASSWORD,
        "totp": pyotp.TOTP(person["totp_secret"]).now(),
    }


def _new_account(world: World, actor: MActor, obj: Obj | None) -> dict[str, object]:
    assert obj is not None
    return {
        "username": f"matrix-new-{obj.owner.lower() if obj.owner else 'gs'}",
        "display_name": "New operator",
        "role": "ncb_operator",
        "country": obj.owner,
        "password": "another long passphrase 42",
    }


def _new_service(world: World, actor: MActor, obj: Obj | None) -> dict[str, object]:
    body = _new_account(world, actor, obj)
    body.pop("password")
    body["role"] = "border_officer"
    return body


def _country_path(world: World, actor: MActor, obj: Obj | None) -> dict[str, str]:
    assert obj is not None
    return {"code": obj.id}


def _stream(world: World, actor: MActor, obj: Obj | None) -> dict[str, object]:
    return {"seconds": 0.01}


ENDPOINTS: list[Endpoint] = [
    Endpoint("GET", "/health", everyone, anonymous=True),
    Endpoint("GET", "/ready", everyone, anonymous=True),
    Endpoint("GET", "/metrics", everyone, anonymous=True, note="counters only, no data"),
    Endpoint("POST", "/api/v1/auth/login", everyone, anonymous=True, body=_login),
    Endpoint("POST", "/api/v1/auth/logout", everyone),
    Endpoint("POST", "/api/v1/auth/logout-all", everyone),
    Endpoint("GET", "/api/v1/auth/me", everyone),
    Endpoint("GET", "/api/v1/accounts", need(Permission.USERS_READ)),
    Endpoint("POST", "/api/v1/accounts/users", creates_account, kind="country", body=_new_account),
    Endpoint(
        "POST", "/api/v1/accounts/services", creates_account, kind="country", body=_new_service
    ),
    Endpoint("GET", "/api/v1/accounts/{account_id}", reads_account, kind="account"),
    Endpoint("POST", "/api/v1/accounts/{account_id}/disable", manages_account, kind="account"),
    Endpoint("POST", "/api/v1/accounts/{account_id}/enable", manages_account, kind="account"),
    Endpoint("POST", "/api/v1/accounts/{account_id}/unlock", manages_account, kind="account"),
    Endpoint("POST", "/api/v1/accounts/{account_id}/reset-totp", totp_reset, kind="account"),
    Endpoint(
        "POST",
        "/api/v1/accounts/{account_id}/password",
        totp_reset,
        kind="account",
        body=lambda w, a, o: {"password": "a brand new passphrase 7"},
    ),
    Endpoint(
        "POST",
        "/api/v1/accounts/{account_id}/tokens",
        issues_token,
        kind="account",
        body=lambda w, a, o: {"name": "matrix", "days": 10},
    ),
    Endpoint("GET", "/api/v1/tokens", need(Permission.TOKENS_MANAGE)),
    Endpoint("GET", "/api/v1/tokens/{token_id}", manages_token, kind="token"),
    Endpoint("POST", "/api/v1/tokens/{token_id}/revoke", manages_token, kind="token"),
    Endpoint("GET", "/api/v1/members", need(Permission.MEMBERS_READ)),
    Endpoint(
        "GET",
        "/api/v1/members/{code}",
        lambda a, o: V.ALLOW if a.has(Permission.MEMBERS_READ) else V.DENY,
        kind="country",
        params=_country_path,
    ),
    Endpoint("GET", "/api/v1/agencies", need(Permission.MEMBERS_READ)),
    Endpoint(
        "POST",
        "/api/v1/agencies",
        lambda a, o: manages_agency(a, o),
        kind="country",
        body=lambda w, a, o: (
            {"name": "Matrix customs", "kind": "customs", "country": o.owner}
            if o is not None
            else {}
        ),
    ),
    Endpoint("GET", "/api/v1/agencies/{agency_id}", reads_agency, kind="agency"),
    Endpoint(
        "POST",
        "/api/v1/agencies/{agency_id}/suspend",
        manages_agency,
        kind="agency",
        body=lambda w, a, o: {"reason": "matrix check"},
    ),
    Endpoint("POST", "/api/v1/agencies/{agency_id}/reinstate", manages_agency, kind="agency"),
    Endpoint(
        "PUT",
        "/api/v1/agencies/{agency_id}/databases",
        manages_agency,
        kind="agency",
        body=lambda w, a, o: {"record_types": ["vehicle"]},
    ),
    Endpoint("GET", "/api/v1/audit/events", need(Permission.AUDIT_READ)),
    Endpoint("GET", "/api/v1/audit/events/{seq}", reads_event, kind="audit_event"),
    Endpoint("POST", "/api/v1/audit/verify", need(Permission.AUDIT_VERIFY)),
    Endpoint("GET", "/api/v1/audit/head", need(Permission.AUDIT_VERIFY)),
    Endpoint("GET", "/api/v1/notifications", need(Permission.NOTIFICATIONS_READ)),
    Endpoint(
        "POST",
        "/api/v1/notifications",
        sends_notification,
        kind="country",
        body=lambda w, a, o: {"title": "Matrix notice", "country": o.owner if o else None},
    ),
    Endpoint("GET", "/api/v1/notifications/count", need(Permission.NOTIFICATIONS_READ)),
    Endpoint("POST", "/api/v1/notifications/read-all", need(Permission.NOTIFICATIONS_READ)),
    Endpoint(
        "POST",
        "/api/v1/notifications/{notification_id}/read",
        reads_notification,
        kind="notification",
    ),
    Endpoint(
        "GET", "/api/v1/notifications/stream", need(Permission.NOTIFICATIONS_READ), query=_stream
    ),
]


def build(world: World) -> None:
    gs_admin = world.actor(Role.GS_ADMIN)
    for code in COUNTRIES:
        world.add(Obj("country", code, code))
    # a person to sign in as (login is tried anonymously with these credentials)
    person = world.call(
        gs_admin,
        "POST",
        "/api/v1/accounts/users",
        json={
            "username": "matrix-person-fr",
            "display_name": "Matrix person",
            "role": "ncb_operator",
            "country": OWNER,
            "password": PASSWORD,
        },
        expect=201,
    )
    world.extra["person"] = {
        "username": "matrix-person-fr",
        "totp_secret": person["totp_secret"],
    }
    for owner, role in ((OWNER, "ncb_operator"), (PARTNER, "ncb_admin"), (None, "gs_officer")):
        tag = (owner or "gs").lower()
        canary = f"Qzacct{tag}canary"
        for kind in ("user", "service"):
            body: dict[str, object] = {
                "username": f"matrix-{kind}-{tag}",
                "display_name": f"{canary} {kind}",
                "role": role,
                "country": owner,
            }
            if kind == "user":
                body["password"] = PASSWORD
            made = world.call(gs_admin, "POST", f"/api/v1/accounts/{kind}s", json=body, expect=201)
            account = made.get("account", made)
            world.add(Obj("account", account["id"], owner, {"kind": kind}, (f"{canary} {kind}",)))
            if kind == "service":
                token = world.call(
                    gs_admin,
                    "POST",
                    f"/api/v1/accounts/{account['id']}/tokens",
                    json={"name": f"matrix {tag}", "days": 30},
                    expect=201,
                )
                world.add(Obj("token", token["token"]["id"], owner))
    for owner in (OWNER, PARTNER):
        canary = f"Qzagency{owner.lower()}canary"
        agency = world.call(
            gs_admin,
            "POST",
            "/api/v1/agencies",
            json={"name": f"{canary} border police", "kind": "border", "country": owner},
            expect=201,
        )
        world.add(Obj("agency", agency["id"], owner, {}, (canary,)))
    # notifications: one to a person of FR, one to DE's NCB, one to the Secretariat's officers
    operator_fr = world.actor(Role.NCB_OPERATOR, OWNER)
    targets = [
        (OWNER, {"account_id": operator_fr.account_id}),
        (PARTNER, {"country": PARTNER}),
        (None, {"country": SECRETARIAT, "role": "gs_officer"}),
    ]
    for owner, to in targets:
        canary = f"Qznote{(owner or 'gs').lower()}canary"
        note = world.call(
            world.actor(Role.GS_OFFICER),
            "POST",
            "/api/v1/notifications",
            json={"title": f"{canary} check", **to},
            expect=201,
        )
        world.add(Obj("notification", note["id"], owner, dict(to), (canary,)))
    # audit events of each country: the accounts and agencies above were made by the
    # Secretariat; an event of FR's own and one of DE's
    for code in (OWNER, PARTNER):
        world.call(world.actor(Role.NCB_ADMIN, code), "GET", "/api/v1/accounts")
    events = world.call(
        world.actor(Role.AUDITOR), "GET", "/api/v1/audit/events", params={"limit": 1000}
    )
    seen: set[str] = set()
    for event in reversed(events["items"]):
        org = event.get("country")
        if org in seen or org not in (OWNER, PARTNER, SECRETARIAT):
            continue
        seen.add(org)
        world.add(Obj("audit_event", str(event["seq"]), None if org == SECRETARIAT else org))
    assert seen == {OWNER, PARTNER, SECRETARIAT}, f"audit events found for {seen}"
