"""Administration in the console: people (create with the TOTP secret shown once, change the
role, disable and enable, reset the second factor), agencies (authorise, suspend, reinstate),
service accounts and their tokens (issue: shown once; revoke); an NCB admin of one country
never sees or changes another country's accounts, agencies or tokens."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from concord.auth.models import Account, ApiToken
from concord.db.database import Database
from concord.members.models import Agency
from tests.factories import Actors
from tests.web.conftest import csrf_of


def _post(web: TestClient, path: str, data: dict[str, Any]) -> Any:
    page = web.get("/console/admin")
    return web.post(path, data={"csrf": csrf_of(page.text), **data})


def _account(db: Database, username: str) -> Account | None:
    with db.session() as s:
        return s.execute(select(Account).where(Account.username == username)).scalar()


NEW_USER = {
    "kind": "user",
    "username": "fr.new.operator",
    "display_name": "Nouvelle Opératrice",
    "role": "ncb_operator",
    "email": "new@police.example.fr",
    "password": "a long enough password",
}


def test_create_a_person_and_see_the_secret_once(
    web: TestClient, signed_in: Any, db: Database
) -> None:
    signed_in("ncb_admin", "FR")
    page = _post(web, "/console/admin/accounts", NEW_USER)
    assert page.status_code == 200, page.text
    assert 'id="totp-secret"' in page.text and "otpauth://totp/" in page.text
    account = _account(db, "fr.new.operator")
    assert account is not None and account.country_code == "FR" and account.role == "ncb_operator"
    detail = web.get(f"/console/admin/accounts/{account.id}")
    assert detail.status_code == 200
    assert "totp-secret" not in detail.text and "otpauth://" not in detail.text
    assert "fr.new.operator" in web.get("/console/admin").text


def test_bad_input_is_shown_inline_and_nothing_is_written(
    web: TestClient, signed_in: Any, db: Database
) -> None:
    signed_in("ncb_admin", "FR")
    page = _post(
        web, "/console/admin/accounts", NEW_USER | {"username": "Bad Name", "password": "short"}
    )
    assert page.status_code == 422
    assert 'id="e-username"' in page.text and 'id="e-password"' in page.text
    assert 'value="Bad Name"' in page.text and "short" not in page.text.split("<main")[1]
    assert _account(db, "Bad Name") is None
    refused = _post(web, "/console/admin/accounts", NEW_USER | {"role": "gs_admin"})
    assert refused.status_code == 422 and "belongs to the General Secretariat" in refused.text
    assert _account(db, "fr.new.operator") is None


def test_csrf_is_required(web: TestClient, signed_in: Any, db: Database) -> None:
    signed_in("ncb_admin", "FR")
    answer = web.post("/console/admin/accounts", data={"csrf": "1" * 64, **NEW_USER})
    assert answer.status_code == 403 and "csrf_failed" in answer.text
    assert _account(db, "fr.new.operator") is None


def test_change_role_disable_enable_and_reset(
    web: TestClient, signed_in: Any, actors: Actors, db: Database
) -> None:
    person = actors.user("ncb_operator", "FR")
    signed_in("ncb_admin", "FR")
    base = f"/console/admin/accounts/{person.account_id}"
    assert _post(web, f"{base}/role", {"role": "border_officer"}).status_code == 303
    assert _post(web, f"{base}/disable", {}).status_code == 303
    with db.session() as s:
        row = s.get(Account, person.account_id)
        assert row is not None and row.role == "border_officer" and row.disabled_at is not None
    assert _post(web, f"{base}/enable", {}).status_code == 303
    reset = _post(web, f"{base}/reset-totp", {})
    assert reset.status_code == 200 and 'id="totp-secret"' in reset.text
    refused = _post(web, f"{base}/role", {"role": "gs_reviewer"})
    assert refused.status_code == 422 and "belongs to the General Secretariat" in refused.text
    unknown = _post(web, f"{base}/role", {"role": "emperor"})
    assert unknown.status_code == 422 and 'id="account-error"' in unknown.text
    with db.session() as s:
        row = s.get(Account, person.account_id)
        assert row is not None and row.role == "border_officer" and row.disabled_at is None


def test_an_ncb_admin_never_sees_or_changes_another_country(
    web: TestClient, signed_in: Any, actors: Actors, db: Database
) -> None:
    german = actors.user("ncb_operator", "DE")
    german_service = actors.make("border_officer", "DE")
    with db.transaction() as s:
        s.add(Agency(country_code="DE", ncb_id=_ncb(s, "DE"), name="Bundespolizei Test",
                     kind="border", status="active"))  # fmt: skip
    signed_in("ncb_admin", "FR")
    for path in ("/console/admin", "/console/admin/services", "/console/admin/agencies"):
        page = web.get(path)
        assert page.status_code == 200
        for secret in (german.principal.username, german_service.principal.username,
                       "Bundespolizei Test"):  # fmt: skip
            assert secret not in page.text
    assert web.get("/console/admin?country=DE").text.count("/console/admin/accounts/") == 0
    assert web.get(f"/console/admin/accounts/{german.account_id}").status_code == 404
    for change in ("disable", "reset-totp", "role"):
        answer = _post(
            web, f"/console/admin/accounts/{german.account_id}/{change}", {"role": "ncb_admin"}
        )
        assert answer.status_code == 404
    tokens = _post(
        web, f"/console/admin/accounts/{german_service.account_id}/tokens", {"name": "x"}
    )
    assert tokens.status_code == 404
    with db.session() as s:
        row = s.get(Account, german.account_id)
        assert row is not None and row.disabled_at is None and row.role == "ncb_operator"
        token_id = s.execute(
            select(ApiToken.id).where(ApiToken.account_id == german_service.account_id)
        ).scalar_one()
        agency_id = s.execute(
            select(Agency.id).where(Agency.name == "Bundespolizei Test")
        ).scalar_one()
    assert _post(web, f"/console/admin/tokens/{token_id}/revoke", {}).status_code == 404
    suspend = _post(web, f"/console/admin/agencies/{agency_id}/suspend", {"reason": "no way"})
    assert suspend.status_code == 404
    with db.session() as s:
        assert s.get(ApiToken, token_id).revoked_at is None  # type: ignore[union-attr]
        assert s.get(Agency, agency_id).status == "active"  # type: ignore[union-attr]


def _ncb(session: Any, code: str) -> str:
    from concord.members.models import Ncb

    return str(session.execute(select(Ncb.id).where(Ncb.country_code == code)).scalar_one())


def test_service_account_token_shown_once_and_revoked(
    web: TestClient, signed_in: Any, db: Database
) -> None:
    signed_in("ncb_admin", "FR")
    made = _post(
        web,
        "/console/admin/accounts",
        {"kind": "service", "username": "fr-border-gate", "display_name": "Gate",
         "role": "border_officer", "purpose": "border_control"},
    )  # fmt: skip
    assert made.status_code == 303
    account = _account(db, "fr-border-gate")
    assert account is not None
    issued = _post(web, f"/console/admin/accounts/{account.id}/tokens", {"name": "gate-1"})
    assert issued.status_code == 200 and 'id="token-secret"' in issued.text
    secret = issued.text.split('id="token-secret">')[1].split("<")[0]
    page = web.get(f"/console/admin/accounts/{account.id}")
    assert "gate-1" in page.text and secret not in page.text
    bad = _post(web, f"/console/admin/accounts/{account.id}/tokens", {"name": "", "days": "x"})
    assert bad.status_code == 422 and 'id="account-error"' in bad.text
    with db.session() as s:
        token = s.execute(select(ApiToken).where(ApiToken.account_id == account.id)).scalar_one()
    assert _post(web, f"/console/admin/tokens/{token.id}/revoke", {}).status_code == 303
    with db.session() as s:
        assert s.get(ApiToken, token.id).revoked_at is not None  # type: ignore[union-attr]


def test_agencies_create_suspend_reinstate(web: TestClient, signed_in: Any, db: Database) -> None:
    signed_in("ncb_admin", "FR")
    bad = _post(web, "/console/admin/agencies", {"name": "X", "kind": "navy"})
    assert bad.status_code == 422 and 'id="e-kind"' in bad.text and 'id="e-name"' in bad.text
    made = _post(web, "/console/admin/agencies", {"name": "Douane de Test", "kind": "customs"})
    assert made.status_code == 303
    with db.session() as s:
        agency = s.execute(select(Agency).where(Agency.name == "Douane de Test")).scalar_one()
        assert agency.country_code == "FR"
    short = _post(web, f"/console/admin/agencies/{agency.id}/suspend", {"reason": "x"})
    assert short.status_code == 422 and f'id="e-reason-{agency.id}"' in short.text
    assert (
        _post(
            web, f"/console/admin/agencies/{agency.id}/suspend", {"reason": "Audit pending"}
        ).status_code
        == 303
    )
    with db.session() as s:
        assert s.get(Agency, agency.id).status == "suspended"  # type: ignore[union-attr]
    assert _post(web, f"/console/admin/agencies/{agency.id}/reinstate", {}).status_code == 303


def test_operators_cannot_open_administration(web: TestClient, signed_in: Any) -> None:
    signed_in("ncb_operator", "FR")
    assert web.get("/console/admin").status_code == 403
    assert web.get("/console/admin/agencies").status_code == 403


def test_secretariat_admin_sees_every_country(
    web: TestClient, signed_in: Any, actors: Actors, db: Database
) -> None:
    german = actors.user("ncb_operator", "DE")
    signed_in("gs_admin")
    page = web.get("/console/admin?country=DE")
    assert page.status_code == 200 and german.principal.username in page.text
    with db.session() as s:
        total = s.execute(select(func.count()).select_from(Account)).scalar_one()
    assert total >= 2
