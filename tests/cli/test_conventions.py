"""Conventions every command follows: the acting account, exit codes, JSON-only stdout."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from concord.audit.models import AuditEvent
from concord.bootstrap import SYSTEM_USERNAME
from concord.db.database import Database
from concord.settings import Settings
from tests.cli.conftest import Cli, fails
from tests.factories import Actors


def test_help_lists_every_group(cli: Cli) -> None:
    out = cli.ok("--help").stdout
    for group in ("serve", "db", "members", "agencies", "users", "services", "tokens", "audit"):
        assert group in out


def test_no_command_shows_help_and_usage_error_exits_2(cli: Cli) -> None:
    assert cli("members", "list", "--no-such-option").exit_code == 2
    assert cli("no-such-command").exit_code == 2


def test_default_actor_in_development_is_the_system_account(cli: Cli, db: Database) -> None:
    cli.ok("users", "list")
    with db.session() as s:
        event = s.execute(
            select(AuditEvent).where(AuditEvent.action == "account.list")
        ).scalar_one()
    assert event.role == "gs_admin" and event.country == "IPSG"


def test_as_unknown_user_exits_2(cli: Cli) -> None:
    fails(cli("--as", "nobody.here", "members", "list"), 2, "no account 'nobody.here'")


def test_as_disabled_account_is_refused(cli: Cli, actors: Actors) -> None:
    admin = actors.make("ncb_admin", "FR")
    cli.ok("users", "disable", admin.principal.username)
    fails(cli("--as", admin.principal.username, "users", "list"), 2, "is disabled")


def test_outside_development_as_is_required(cli: Cli, settings: Settings) -> None:
    assert settings.environment == "test"
    fails(cli.using(settings)("members", "list"), 2, "--as USERNAME is required")
    fails(cli.using(settings)("users", "list"), 2, "--as USERNAME is required")


def test_outside_development_as_acts(cli: Cli, settings: Settings, actors: Actors) -> None:
    admin = actors.make("ncb_admin", "FR")
    rows = cli.using(settings).json("--as", admin.principal.username, "users", "list")
    assert {r["country_code"] for r in rows} == {"FR"}  # an NCB sees its own country only


def test_as_acts_with_that_accounts_rights(cli: Cli, actors: Actors) -> None:
    operator = actors.make("ncb_operator", "FR")
    fails(
        cli("--as", operator.principal.username, "users", "list"),
        1,
        "error: Your role does not allow 'users:read'",
    )


def test_hidden_objects_are_not_found_and_audited(cli: Cli, actors: Actors, db: Database) -> None:
    fr = actors.make("ncb_operator", "FR")
    de_admin = actors.make("ncb_admin", "DE")
    fails(cli("--as", de_admin.principal.username, "users", "disable", fr.principal.username), 1)
    with db.session() as s:
        denied = s.execute(
            select(AuditEvent).where(AuditEvent.action == "access.denied")
        ).scalar_one()
    assert denied.actor_id == de_admin.account_id and denied.outcome == "denied"
    assert denied.object_type == "account"


def test_bad_configuration_exits_2(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONCORD_ENVIRONMENT", "production")
    monkeypatch.delenv("CONCORD_SECRET_KEY", raising=False)
    result = Cli(db, None)("members", "list")
    fails(result, 2, "invalid configuration", "CONCORD_SECRET_KEY")


def test_json_output_is_one_document_and_nothing_else(cli: Cli) -> None:
    for command in (
        ["members", "list"],
        ["members", "show", "FR"],
        ["users", "list"],
        ["tokens", "list"],
        ["agencies", "list"],
        ["audit", "verify"],
        ["db", "current"],
    ):
        result = cli.ok(*command, "--json")
        json.loads(result.stdout)  # raises if anything else is on stdout
    head = cli.ok("audit", "head")
    assert json.loads(head.stdout)["type"] == "head"


def test_system_account_exists_after_any_command(cli: Cli) -> None:
    names = [r["username"] for r in cli.json("users", "list")]
    assert SYSTEM_USERNAME in names
