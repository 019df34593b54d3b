"""``concord tokens``: a token created on the command line authenticates through the HTTP app
until it is revoked there."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.cli.conftest import Cli, fails
from tests.factories import Actors


def make_service(cli: Cli, name: str = "fr.border") -> None:
    cli.ok("services", "create", name, "--role", "border_officer", "--country", "FR")


def test_token_authenticates_until_revoked(cli: Cli, client: TestClient) -> None:
    make_service(cli)
    out = cli.json("tokens", "create", "fr.border", "--name", "gate 3", "--days", "30")
    secret, token_id = out["secret"], out["token"]["id"]
    headers = {"Authorization": f"Bearer {secret}"}
    me = client.get("/api/v1/auth/me", headers=headers)
    assert me.status_code == 200, me.text
    assert me.json()["username"] == "fr.border"

    revoked = cli.json("tokens", "revoke", token_id)
    assert revoked["revoked_at"] is not None
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 401


def test_tokens_create_text_scopes_and_ranges(cli: Cli) -> None:
    make_service(cli)
    out = cli.json(
        "tokens", "create", "fr.border", "--name", "scoped", "--scope", "screen",
        "--ip-range", "10.0.0.0/8", "--ip-range", "192.0.2.1",
    )  # fmt: skip
    assert out["token"]["scopes"] == ["screen"]
    assert out["token"]["ip_ranges"] == ["10.0.0.0/8", "192.0.2.1"]
    text = cli.ok("tokens", "create", "fr.border", "--name", "plain").stdout
    assert "shown once" in text and "cnc_" in text


def test_tokens_create_failures(cli: Cli, actors: Actors) -> None:
    make_service(cli)
    base = ["tokens", "create", "fr.border", "--name", "t"]
    fails(cli("tokens", "create", "nobody", "--name", "t"), 1, "No account 'nobody'")
    fails(cli(*base, "--days", "400"), 2, "lifetime")
    assert cli(*base, "--scope", "everything").exit_code == 2
    fails(cli(*base, "--scope", "users:manage"), 2, "not part of role")
    fails(cli(*base, "--ip-range", "not-an-ip"), 2, "not an IP address")
    person = actors.user("ncb_operator", "FR")
    fails(
        cli("tokens", "create", person.principal.username, "--name", "t"),
        2,
        "issued to service accounts",
    )
    operator = actors.make("ncb_operator", "FR")
    fails(cli("--as", operator.principal.username, *base), 1, "does not allow")


def test_tokens_revoke_failures(cli: Cli) -> None:
    fails(cli("tokens", "revoke", "nope"), 1, "No token 'nope'")


def test_tokens_list(cli: Cli, actors: Actors) -> None:
    make_service(cli)
    mine = cli.json("tokens", "create", "fr.border", "--name", "listed")["token"]["id"]
    actors.make("ncb_operator", "DE")
    listed = cli.json("tokens", "list", "--account", "fr.border")
    assert [t["id"] for t in listed] == [mine]
    assert listed[0]["account"] == "fr.border" and "secret" not in listed[0]
    assert len(cli.json("tokens", "list")) >= 2
    assert len(cli.json("tokens", "list", "--limit", "1")) == 1
    assert "listed" in cli.ok("tokens", "list").stdout


def test_tokens_list_failures(cli: Cli) -> None:
    fails(cli("tokens", "list", "--account", "nobody"), 1, "No account 'nobody'")
    assert cli("tokens", "list", "--limit", "0").exit_code == 2
