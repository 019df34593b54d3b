"""End-to-end mode through the CLI: DE registers its client's key, FR seals for it, the server
holds ciphertext only, DE opens its copy with its private key; tampering is refused."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from concord.db.database import Database
from concord.messaging import content, crypto
from concord.messaging.models import Message
from tests.cli.conftest import Cli, fails
from tests.conftest import make_settings
from tests.factories import Actors

SECRET = "Informant JACKDAW meets the courier at Hbf Köln, platform 7, Friday 06:10"
SUBJECT = "Courier meeting point"


@pytest.fixture
def cli(db: Database, engine_url: str) -> Cli:
    return Cli(db, make_settings(engine_url, environment="development"))


def keygen(cli: Cli, path: Path) -> str:
    public: str = cli.json("messages", "keygen", "--out", str(path))["public_key"]
    return public


def all_rows(db: Database) -> str:
    """Every row of every table, as text."""
    dumped: list[str] = []
    with db.session() as s:
        conn = s.connection()
        tables = conn.execute(
            text(
                "select name from sqlite_master where type='table'"
                if conn.dialect.name == "sqlite"
                else "select tablename from pg_tables where schemaname = current_schema()"
            )
        ).scalars()
        for table in list(tables):
            for row in conn.execute(text(f'select * from "{table}"')):
                dumped.append(
                    repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row))
                )
    return "\n".join(dumped)


def test_end_to_end_through_the_cli(cli: Cli, actors: Actors, db: Database, tmp_path: Path) -> None:
    fr = actors.make("ncb_operator", "FR").principal.username
    de_admin = actors.make("ncb_admin", "DE").principal.username
    de = actors.make("ncb_operator", "DE").principal.username
    key = tmp_path / "de.key"
    public = keygen(cli, key)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    fails(cli("messages", "keygen", "--out", str(key)), 2, "never overwritten")
    fails(cli("--as", de, "messages", "register-key", "--public", public), 1, "administrators")
    fails(cli("--as", de_admin, "messages", "register-key", "--public", "abc"), 2, "64 hex")
    cli.ok("--as", de_admin, "messages", "register-key", "--public", public)

    sent = cli.json(
        "--as", fr, "messages", "send", "--to", "DE", "--e2e", "--subject", SUBJECT,
        "--body", SECRET, "--ref-person", "Viktor JACKDAW", "--handling", "H2",
    )  # fmt: skip
    assert sent["mode"] == "e2e" and sent["body"] is None and sent["subject"] is None

    dump = all_rows(db)
    for needle in ("JACKDAW", "Hbf K", SUBJECT):
        assert needle not in dump
    assert SECRET.encode().hex() not in dump

    shown = cli.ok("--as", de, "messages", "read", sent["id"], "--key", str(key)).stdout
    assert SECRET in shown and SUBJECT in shown
    assert "signature: verified (mailbox FR, key v1)" in shown
    got = cli.json("--as", de, "messages", "read", sent["id"], "--key", str(key))
    assert got["body"] == SECRET and got["references"][0]["names"] == ["Viktor JACKDAW"]
    listed = cli.json("--as", de, "messages", "list")["items"]
    assert listed[0]["mode"] == "e2e" and listed[0]["subject"] is None

    fails(cli("--as", de, "messages", "read", sent["id"]), 2, "--key FILE")
    other = tmp_path / "other.key"
    keygen(cli, other)
    fails(cli("--as", de, "messages", "read", sent["id"], "--key", str(other)), 2, "not for this")
    fails(cli("--as", de, "messages", "read", sent["id"], "--key", str(tmp_path)), 2, "--key")


def test_tampered_or_substituted_sealed_copy_is_refused(
    cli: Cli, actors: Actors, db: Database, tmp_path: Path
) -> None:
    fr = actors.make("ncb_operator", "FR").principal.username
    de_admin = actors.make("ncb_admin", "DE").principal.username
    key = tmp_path / "de.key"
    public = keygen(cli, key)
    cli.ok("--as", de_admin, "messages", "register-key", "--public", public)
    one, two = (
        cli.json(
            "--as",
            fr,
            "messages",
            "send",
            "--to",
            "DE",
            "--e2e",
            "--subject",
            "s",
            "--body",
            SECRET,
        )
        for _ in range(2)
    )
    with db.transaction() as s:
        m = s.get(Message, one["id"])
        assert m is not None and m.sealed is not None
        blob = bytearray.fromhex(m.sealed["DE"])
        blob[40] ^= 1
        m.sealed = {"DE": blob.hex()}
        # a well-formed copy sealed for DE, but not what FR signed
        n = s.get(Message, two["id"])
        assert n is not None
        forged = crypto.seal(bytes.fromhex(public), content.pack("s", "Pay 10k to IBAN X", []))
        n.sealed = {"DE": forged.hex()}
    read = ("--as", de_admin, "messages", "read")
    fails(cli(*read, one["id"], "--key", str(key)), 2, "altered")
    fails(cli(*read, two["id"], "--key", str(key)), 2, "does not match what the sender signed")


def test_recipient_without_a_key_refuses_end_to_end(
    cli: Cli, actors: Actors, db: Database, tmp_path: Path
) -> None:
    fr = actors.make("ncb_operator", "FR").principal.username
    de_admin = actors.make("ncb_admin", "DE").principal.username
    cli.ok("--as", de_admin, "messages", "register-key", "--public", keygen(cli, tmp_path / "k"))
    with db.session() as s:
        before = s.execute(text("select count(*) from messages")).scalar_one()
    result = cli(
        "--as", fr, "messages", "send", "--to", "DE", "--to", "IT", "--e2e", "--subject", "s",
        "--body", SECRET,
    )  # fmt: skip
    fails(result, 2, "no key registered for mailbox IT")
    assert "DE" not in result.stderr.split("mailbox", 1)[1].split(":")[0]
    with db.session() as s:
        assert s.execute(text("select count(*) from messages")).scalar_one() == before
