"""``concord audit``: verify (and detect tampering), query, prune, signed head."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from concord.audit import service as audit_service
from concord.audit.chain import Signer
from concord.audit.models import AuditEvent
from concord.audit.verify import verify_chain
from concord.cli import audit as audit_cli
from concord.db.base import utcnow
from concord.db.database import Database
from concord.settings import Settings
from tests.cli.conftest import Cli, fails
from tests.conftest import make_settings
from tests.factories import Actors


def head_seq(db: Database) -> int:
    with db.session() as s:
        return int(s.execute(select(func.coalesce(func.max(AuditEvent.seq), 0))).scalar_one())


def make_events(cli: Cli) -> None:
    cli.ok("services", "create", "fr.border", "--role", "border_officer", "--country", "FR")
    cli.ok("tokens", "create", "fr.border", "--name", "t")


def test_verify_fresh_chain_exits_0(cli: Cli, db: Database) -> None:
    make_events(cli)
    before = head_seq(db)
    out = cli.ok("audit", "verify").stdout
    assert "audit chain OK" in out and f"head seq        {before}" in out
    result = cli.json("audit", "verify")
    assert result["ok"] is True and result["first_bad_seq"] is None
    assert result["checked"] == result["head_seq"] - (result["checkpoint_seq"] or 0)


def test_verify_after_tampering_exits_1_and_names_the_event(cli: Cli, db: Database) -> None:
    make_events(cli)
    target = head_seq(db)  # the token.create event
    with db.transaction() as s:
        s.execute(
            text("UPDATE audit_events SET action = 'tampered' WHERE seq = :seq"), {"seq": target}
        )
    result = cli("audit", "verify")
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert f"first bad event: seq {target} (event content does not match its hash" in result.stdout

    as_json = cli("audit", "verify", "--json")
    assert as_json.exit_code == 1
    body = json.loads(as_json.stdout)
    assert body["ok"] is False and body["first_bad_seq"] == target


def test_verify_is_audited_and_needs_permission(cli: Cli, db: Database, actors: Actors) -> None:
    cli.ok("audit", "verify")
    with db.session() as s:
        last = s.execute(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).scalar_one()
    assert last.action == "audit.verify" and last.outcome == "ok"
    operator = actors.make("ncb_operator", "FR")
    fails(cli("--as", operator.principal.username, "audit", "verify"), 1, "audit:verify")


def test_verify_progress_bar_goes_to_stderr(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    make_events(cli)
    seen: list[tuple[int, int]] = []
    original = verify_chain

    def spy(session, signer, progress=None):  # type: ignore[no-untyped-def]
        def both(checked: int, total: int) -> None:
            seen.append((checked, total))
            assert progress is not None
            progress(checked, total)

        return original(session, signer, both)

    monkeypatch.setattr(audit_cli, "PROGRESS_MIN_EVENTS", 1)
    monkeypatch.setattr("concord.cli.audit.verify_chain", spy)
    result = cli.ok("audit", "verify", "--json")
    assert json.loads(result.stdout)["ok"] is True  # the bar never reaches stdout
    assert seen and seen[-1][0] == seen[-1][1]


def test_query_as_auditor(cli: Cli, actors: Actors) -> None:
    make_events(cli)
    auditor = actors.make("auditor").principal.username
    rows = cli.json("--as", auditor, "audit", "query", "--action", "service.create")
    assert rows and {r["action"] for r in rows} == {"service.create"}
    border = next(a for a in cli.json("users", "list") if a["username"] == "fr.border")
    about = cli.json("--as", auditor, "audit", "query", "--object-id", border["id"])
    assert [r["action"] for r in about] == ["service.create"]
    since = (utcnow() - timedelta(hours=1)).isoformat()
    recent = cli.json("--as", auditor, "audit", "query", "--since", since, "--country", "ipsg")
    assert {r["country"] for r in recent} == {"IPSG"} and len(recent) >= 2
    assert cli.json("--as", auditor, "audit", "query", "--until", "2000-01-01") == []
    assert len(cli.json("--as", auditor, "audit", "query", "--limit", "1")) == 1
    table = cli.ok("--as", auditor, "audit", "query", "--object-type", "token").stdout
    assert "token.create" in table


def test_query_no_hits_is_success(cli: Cli, actors: Actors) -> None:
    auditor = actors.make("auditor").principal.username
    assert cli.json("--as", auditor, "audit", "query", "--action", "nothing.like.this") == []


def test_query_failures(cli: Cli, actors: Actors) -> None:
    fails(cli("audit", "query"), 1, "Only auditors")  # the system actor is an admin
    auditor = actors.make("auditor").principal.username
    fails(cli("--as", auditor, "audit", "query", "--since", "yesterday"), 2, "--since")
    assert cli("--as", auditor, "audit", "query", "--limit", "0").exit_code == 2


def test_prune_with_nothing_old(cli: Cli) -> None:
    assert "nothing to prune" in cli.ok("audit", "prune").stdout
    assert cli.json("audit", "prune")["checkpoint"] is None


def test_prune_old_events_then_chain_still_verifies(
    cli: Cli, db: Database, engine_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_ago = utcnow() - timedelta(days=30)
    with monkeypatch.context() as m:
        m.setattr(audit_service, "utcnow", lambda: long_ago)
        make_events(cli)
    old_head = head_seq(db)
    short = cli.using(make_settings(engine_url, environment="development", audit_retention_days=7))
    out = short.json("audit", "prune")
    assert out["retention_days"] == 7 and out["checkpoint"]["upto_seq"] == old_head
    verified = cli.json("audit", "verify")
    assert verified["ok"] is True and verified["checkpoint_seq"] == old_head


def test_prune_needs_permission(cli: Cli, actors: Actors) -> None:
    auditor = actors.make("auditor").principal.username
    fails(cli("--as", auditor, "audit", "prune"), 1, "audit:prune")


def test_head_is_signed(cli: Cli, db: Database, dev_settings: Settings) -> None:
    make_events(cli)
    head = json.loads(cli.ok("audit", "head").stdout)
    assert head["seq"] == head_seq(db)
    signer = Signer.from_seed(dev_settings.audit_signing_key.get_secret_value())
    statement = {k: head[k] for k in ("type", "seq", "hash", "signed_at")}
    assert head["key_id"] == signer.key_id and signer.verify(statement, head["signature"])


def test_head_needs_permission(cli: Cli, actors: Actors) -> None:
    operator = actors.make("ncb_operator", "FR")
    fails(cli("--as", operator.principal.username, "audit", "head"), 1, "audit:verify")
