"""``concord screen --offline``: the main screening command on a MIND snapshot, MRZ included,
with no database access for the screening itself."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from concord.db.database import Database
from concord.records.identifiers.mrz import build_td3
from tests.cli.conftest import Cli, fails
from tests.conftest import make_settings
from tests.factories import Actors
from tests.screening.snapshot.conftest import World

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def cli(db: Database, engine_url: str, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setenv("CONCORD_SNAPSHOT_PASSPHRASE", PASSPHRASE)
    return Cli(db, make_settings(engine_url, environment="development"))


def test_screen_offline_with_an_mrz(cli: Cli, world: World, actors: Actors, tmp_path: Path) -> None:
    admin = actors.make("ncb_admin", "FR").principal.username
    key, pub, snap = tmp_path / "post.pem", tmp_path / "server.pub", tmp_path / "fr.mind"
    cli.ok("--as", admin, "snapshot", "keygen", "--for", "FR", "--out", str(key))
    cli.ok("snapshot", "pubkey", "--out", str(pub))
    cli.ok("--as", world.fr.principal.username, "snapshot", "export", "--for", "FR", str(snap))
    mrz = build_td3(
        number="L898902C3",
        state="FRA",
        surname="HADDAD",
        given="AHMED",
        birth=date(1981, 4, 12),
        sex="M",
        expiry=date(2031, 1, 1),
    )
    offline = ("screen", "--offline", str(snap), "--pubkey", str(pub), "--key", str(key))
    out = cli.json(*offline, "--mrz", mrz.replace("\n", "\\n"))
    found = {h["record_id"]: h["decision"] for h in out["hits"]}
    assert found[world.ids["fr_doc"]] == "match"
    assert found[world.ids["de_person"]] == "match"
    fails(cli(*offline, "--vin", "1M8GDM9AXKP042788"), 2, "documents and persons only")
    fails(cli("screen", "--offline", str(snap), "--name", "X Y"), 2, "--pubkey")
    other = tmp_path / "other.pub"
    other.write_text("11" * 32)
    fails(
        cli(
            "screen",
            "--offline",
            str(snap),
            "--pubkey",
            str(other),
            "--key",
            str(key),
            "--name",
            "Ahmed Haddad",
        ),
        2,
    )
