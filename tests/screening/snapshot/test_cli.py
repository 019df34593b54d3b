"""``concord snapshot`` end to end: keygen, pubkey, export, screen, diff, apply, refusals."""

from __future__ import annotations

import stat
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from concord.audit.models import AuditEvent
from concord.db.database import Database
from tests.cli.conftest import Cli, fails
from tests.conftest import make_settings
from tests.factories import Actors
from tests.screening.snapshot.conftest import World
from tests.screening.snapshot.test_delta import change_world

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def cli(db: Database, engine_url: str, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setenv("CONCORD_SNAPSHOT_PASSPHRASE", PASSPHRASE)
    return Cli(db, make_settings(engine_url, environment="development"))


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def test_offline_round_trip(
    cli: Cli, world: World, actors: Actors, db: Database, tmp_path: Path, engine_url: str
) -> None:
    admin = actors.make("ncb_admin", "FR").principal.username
    operator = world.fr.principal.username
    key, pub = tmp_path / "post.pem", tmp_path / "server.pub"
    made = cli.json("--as", admin, "snapshot", "keygen", "--for", "FR", "--out", str(key),
                    "--name", "Calais")  # fmt: skip
    assert made["country"] == "FR" and len(made["key_id"]) == 16
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and b"ENCRYPTED" in key.read_bytes()
    fails(cli("--as", admin, "snapshot", "keygen", "--for", "FR", "--out", str(key)), 2,
          "never overwritten")  # fmt: skip
    listed = cli.json("--as", admin, "snapshot", "keys")
    assert made["key_id"] in {k["key_id"] for k in listed}
    cli.ok("snapshot", "pubkey", "--out", str(pub))
    assert len(pub.read_text().strip()) == 64

    old = tmp_path / "old.mind"
    out = cli.json("--as", operator, "snapshot", "export", "--for", "FR", str(old))
    assert out["counts"] == {"document": 4, "person": 2} and out["bytes"] == old.stat().st_size
    info = cli.json("snapshot", "info", str(old), "--pubkey", str(pub))
    assert info["content_sha256"] == out["content_sha256"]

    screen = ("snapshot", "screen", "--pubkey", str(pub), "--key", str(key))
    found = cli.json(*screen, str(old), "--document", "L8989O2C3", "--country", "FR",
                     "--name", "أحمد حداد", "--dob", "1981-04-12")  # fmt: skip
    hits = {(h["record_id"], h["decision"], h["ocr"]) for h in found["hits"]}
    assert hits == {(world.ids["fr_doc"], "possible", True),
                    (world.ids["de_person"], "match", False)}  # fmt: skip
    text = cli.ok(*screen, str(old), "--document", "L898902C3", "--country", "FR").stdout
    assert world.ids["fr_doc"] in text and "match" in text

    change_world(world)
    new, delta, new2 = tmp_path / "new.mind", tmp_path / "d.mind", tmp_path / "new2.mind"
    cli.ok("--as", operator, "snapshot", "export", "--for", "FR", str(new))
    diff = cli.json("--as", operator, "snapshot", "diff", str(old), str(new), "--out", str(delta))
    assert diff["counts"] == {"added": 2, "changed": 1, "removed": 2}
    applied = cli.json("snapshot", "apply", str(old), str(delta), "--out", str(new2),
                       "--pubkey", str(pub), "--key", str(key))  # fmt: skip
    assert applied["content_sha256"] == cli.json("snapshot", "info", str(new), "--pubkey",
                                                 str(pub))["content_sha256"]  # fmt: skip
    queries = [
        ["--name", "Ahmed Haddad"],
        ["--document", "NEW000001", "--country", "ES"],
        ["--document", "C01X00T47", "--country", "DE"],
        ["--name", "Ivan Petrov"],
    ]
    for query in queries:
        expected = cli.json(*screen, str(new), *query)["hits"]
        assert cli.json(*screen, str(new2), *query)["hits"] == expected

    # refusals: exit 2, nothing written
    other = tmp_path / "other.mind"
    cli.ok("--as", operator, "snapshot", "export", "--for", "FR", str(other))
    fails(cli("snapshot", "apply", str(other), str(delta), "--out", str(tmp_path / "x.mind"),
              "--pubkey", str(pub), "--key", str(key)), 2, "wrong base")  # fmt: skip
    flip(delta, 200)
    fails(cli("snapshot", "apply", str(old), str(delta), "--out", str(tmp_path / "x.mind"),
              "--pubkey", str(pub), "--key", str(key)), 2, "bad signature")  # fmt: skip
    assert not (tmp_path / "x.mind").exists() and not (tmp_path / "x.mind.part").exists()
    flip(new, new.stat().st_size - 10)
    fails(cli(*screen, str(new), "--name", "Ahmed"), 2, "corrupted")
    later = make_settings(
        engine_url, environment="development", now=(world.now + timedelta(days=31)).isoformat()
    )
    fails(cli.using(later)(*screen, str(new2), "--name", "Ahmed"), 2, "expired on")

    with db.session() as s:
        actions = list(s.execute(select(AuditEvent.action)).scalars())
    assert {"snapshot.key_register", "snapshot.export", "snapshot.delta"} <= set(actions)


def test_another_country_can_neither_register_nor_export_for_fr(
    cli: Cli, world: World, actors: Actors, db: Database, tmp_path: Path
) -> None:
    de_admin = actors.make("ncb_admin", "DE").principal.username
    key, out = tmp_path / "k.pem", tmp_path / "fr.mind"
    fails(cli("--as", de_admin, "snapshot", "keygen", "--for", "FR", "--out", str(key)), 1,
          "Only FR's NCB administrators")  # fmt: skip
    assert not key.exists()
    fails(cli("--as", world.de.principal.username, "snapshot", "export", "--for", "FR",
              str(out)), 1, "Only FR's NCB or the General Secretariat")  # fmt: skip
    assert not out.exists() and not out.with_name("fr.mind.part").exists()
    with db.session() as s:
        denied = list(
            s.execute(select(AuditEvent).where(AuditEvent.action == "access.denied")).scalars()
        )
    assert {e.object_type for e in denied} == {"snapshot_key", "snapshot"}


def test_default_signing_key_refused_outside_development(
    cli: Cli, world: World, engine_url: str, tmp_path: Path
) -> None:
    test_env = cli.using(make_settings(engine_url))
    fails(test_env("--as", world.fr.principal.username, "snapshot", "export", "--for", "FR",
                   str(tmp_path / "x.mind")), 1, "CONCORD_SNAPSHOT_SIGNING_KEY")  # fmt: skip
    fails(test_env("--as", world.fr.principal.username, "snapshot", "pubkey"), 1,
          "CONCORD_SNAPSHOT_SIGNING_KEY")  # fmt: skip


def test_screen_needs_a_query(cli: Cli, tmp_path: Path) -> None:
    fails(cli("snapshot", "screen", str(tmp_path / "none.mind"), "--pubkey", "00" * 32,
              "--key", str(tmp_path / "k.pem")), 2, "give --name")  # fmt: skip
