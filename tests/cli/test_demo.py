"""``concord demo``: loading the demo dataset and showing its logins."""

from __future__ import annotations

from fastapi.testclient import TestClient

from concord.demo import demo_logins
from concord.settings import Settings
from tests.cli.conftest import Cli, fails
from tests.conftest import make_settings

SEED = 7


def test_demo_load_then_logins_work(cli: Cli, client: TestClient) -> None:
    logins = cli.json("demo", "load", "--seed", str(SEED))
    assert logins == demo_logins(SEED)
    assert {"username", "role", "country", "password", "totp_secret", "token"} <= logins[0].keys()
    service = next(login for login in logins if login["token"])
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {service['token']}"})
    assert me.status_code == 200 and me.json()["username"] == service["username"]

    # Loaded once: --if-empty is then a successful no-op; without it the load is refused.
    skipped = cli("demo", "load", "--if-empty", "--json")
    assert skipped.exit_code == 0 and skipped.stdout.strip() == "[]"
    assert "nothing loaded" in skipped.stderr
    fails(cli("demo", "load"), 1, "already has accounts")


def test_demo_load_prints_a_table_on_stderr(cli: Cli) -> None:
    result = cli.ok("demo", "load", "--if-empty")
    person = demo_logins(cli.settings.demo_seed if cli.settings else 0)[0]
    assert person["username"] in result.stderr and "totp_secret" in result.stderr


def test_demo_refused_in_production(cli: Cli, engine_url: str, settings: Settings) -> None:
    production = make_settings(
        engine_url,
        environment="production",
        secret_key=settings.secret_key.get_secret_value(),
    )
    fails(cli.using(production)("demo", "load"), 1, "never in 'production'")


def test_demo_logins_without_loading(cli: Cli) -> None:
    assert cli.json("demo", "logins", "--seed", str(SEED)) == demo_logins(SEED)
    assert "concord users totp-code" in cli.ok("demo", "logins").stderr
    assert cli("demo", "logins", "--seed", "many").exit_code == 2
