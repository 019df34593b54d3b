"""``concord users`` and ``concord services``."""

from __future__ import annotations

import pyotp
from fastapi.testclient import TestClient

from concord.settings import Settings
from tests.cli.conftest import Cli, fails
from tests.factories import Actors

PASSWORD = "a long enough password"


def create_user(cli: Cli, username: str = "ana.fr") -> dict[str, object]:
    out: dict[str, object] = cli.json(
        "users", "create", username, "--role", "ncb_operator", "--country", "FR",
        "--display-name", "Ana Example", "--password-stdin", input=PASSWORD + "\n",
    )  # fmt: skip
    return out


def test_users_create_prints_totp_once_and_person_logs_in(cli: Cli, client: TestClient) -> None:
    out = create_user(cli)
    account = out["account"]
    assert isinstance(account, dict)
    assert account["username"] == "ana.fr" and account["role"] == "ncb_operator"
    secret = out["totp_secret"]
    assert isinstance(secret, str) and str(out["totp_uri"]).startswith("otpauth://totp/")
    r = client.post(
        "/api/v1/auth/login",
        json={"username": "ana.fr", "password": PASSWORD, "totp": pyotp.TOTP(secret).now()},
    )
    assert r.status_code == 200, r.text
    me = client.get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {r.json()['access_token']}"}
    )
    assert me.json()["username"] == "ana.fr"


def test_users_create_text_output(cli: Cli) -> None:
    out = cli.ok(
        "users", "create", "bob.fr", "--role", "ncb_admin", "--country", "fr",
        "--display-name", "Bob", "--password", PASSWORD,
    ).stdout  # fmt: skip
    assert "created user bob.fr" in out and "totp secret" in out and "otpauth://" in out


def test_users_create_bad_input_exits_2(cli: Cli) -> None:
    base = ["users", "create", "x.fr", "--display-name", "X", "--password", PASSWORD]
    assert cli(*base, "--role", "emperor").exit_code == 2
    fails(cli(*base, "--role", "ncb_operator"), 2, "needs a member country")
    fails(cli(*base, "--role", "gs_officer", "--country", "FR"), 2, "no country")
    fails(
        cli("users", "create", "x.fr", "--role", "delegate", "--country", "FR",
            "--display-name", "X", "--password", "short"),
        2, "password",
    )  # fmt: skip
    fails(
        cli(*base, "--role", "delegate", "--country", "FR", "--password-stdin", input="p\n"),
        2, "not both",
    )  # fmt: skip
    fails(
        cli("users", "create", "x.fr", "--role", "delegate", "--country", "FR",
            "--display-name", "X"),
        2, "initial password is needed",
    )  # fmt: skip
    fails(cli(*base, "--role", "delegate", "--country", "FR", "--agency", "nope"), 2, "agency")


def test_users_create_duplicate_exits_1(cli: Cli) -> None:
    create_user(cli)
    result = cli(
        "users", "create", "ana.fr", "--role", "delegate", "--country", "FR",
        "--display-name", "Other", "--password", PASSWORD,
    )  # fmt: skip
    fails(result, 1, "Username 'ana.fr' is taken")


def test_users_create_by_ncb_admin_is_country_scoped(cli: Cli, actors: Actors) -> None:
    de = actors.make("ncb_admin", "DE")
    result = cli(
        "--as", de.principal.username, "users", "create", "ana.fr", "--role", "delegate",
        "--country", "FR", "--display-name", "Ana", "--password", PASSWORD,
    )  # fmt: skip
    fails(result, 1, "own country")


def test_users_list(cli: Cli, actors: Actors) -> None:
    create_user(cli)
    actors.make("ncb_operator", "DE")
    everyone = cli.json("users", "list")
    assert "ana.fr" in [a["username"] for a in everyone]
    fr_people = cli.json("users", "list", "--country", "FR", "--kind", "user")
    assert [a["username"] for a in fr_people] == ["ana.fr"]
    assert len(cli.json("users", "list", "--limit", "1")) == 1
    assert cli.json("users", "list", "--country", "JP") == []
    assert "ana.fr" in cli.ok("users", "list").stdout


def test_users_list_bad_input(cli: Cli) -> None:
    assert cli("users", "list", "--kind", "robot").exit_code == 2


def test_disable_enable_unlock(cli: Cli, client: TestClient, actors: Actors) -> None:
    svc = actors.make("ncb_operator", "FR")
    name = svc.principal.username
    assert client.get("/api/v1/auth/me", headers=svc.headers).status_code == 200
    assert cli.json("users", "disable", name)["disabled_at"] is not None
    assert client.get("/api/v1/auth/me", headers=svc.headers).status_code == 401
    assert "enabled" in cli.ok("users", "enable", name).stdout
    assert client.get("/api/v1/auth/me", headers=svc.headers).status_code == 200
    assert cli.json("users", "unlock", name)["locked_until"] is None


def test_disable_failures(cli: Cli) -> None:
    fails(cli("users", "disable", "nobody"), 1, "No account 'nobody'")
    fails(cli("users", "enable", "nobody"), 1, "No account 'nobody'")
    fails(cli("users", "unlock", "nobody"), 1, "No account 'nobody'")
    fails(cli("users", "disable", "gs.system"), 1, "cannot disable your own account")


def test_reset_totp(cli: Cli) -> None:
    first = create_user(cli)
    again = cli.json("users", "reset-totp", "ana.fr")
    assert again["totp_secret"] and again["totp_secret"] != first["totp_secret"]
    assert "otpauth://" in cli.ok("users", "reset-totp", "ana.fr").stdout


def test_reset_totp_failures(cli: Cli, actors: Actors) -> None:
    svc = actors.make("border_officer", "FR")
    fails(cli("users", "reset-totp", svc.principal.username), 2, "no second factor")
    fails(cli("users", "reset-totp", "nobody"), 1, "No account")


def test_totp_code_in_development(cli: Cli, client: TestClient) -> None:
    create_user(cli)
    code = cli.json("users", "totp-code", "ana.fr")["code"]
    assert len(code) == 6 and code.isdigit()
    assert cli.ok("users", "totp-code", "ana.fr").stdout.strip().isdigit()
    r = client.post(
        "/api/v1/auth/login",
        json={"username": "ana.fr", "password": PASSWORD, "totp": code},
    )
    assert r.status_code == 200, r.text


def test_totp_code_refused_outside_development(
    cli: Cli, settings: Settings, actors: Actors
) -> None:
    create_user(cli)
    admin = actors.make("gs_admin")
    result = cli.using(settings)("--as", admin.principal.username, "users", "totp-code", "ana.fr")
    fails(result, 2, "only available in development")
    fails(cli("users", "totp-code", "nobody"), 1, "No account")


def test_services_create(cli: Cli) -> None:
    out = cli.json(
        "services", "create", "fr.border", "--role", "border_officer", "--country", "FR",
        "--purpose", "border_control",
    )  # fmt: skip
    assert out["kind"] == "service" and out["default_purpose"] == "border_control"
    assert out["display_name"] == "fr.border"
    text = cli.ok("services", "create", "gs.screening", "--role", "gs_officer").stdout
    assert "created service account gs.screening" in text and "General Secretariat" in text


def test_services_create_failures(cli: Cli) -> None:
    fails(cli("services", "create", "x.svc", "--role", "border_officer"), 2, "member country")
    assert cli("services", "create", "x.svc", "--role", "king", "--country", "FR").exit_code == 2
    fails(cli("services", "create", "X", "--role", "gs_officer"), 2, "username")
    cli.ok("services", "create", "dup.svc", "--role", "gs_officer")
    fails(cli("services", "create", "dup.svc", "--role", "gs_officer"), 1, "is taken")
