"""What a snapshot holds: exactly what the country may see, encrypted, signed, audited."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import select

from concord.audit.models import AuditEvent, AuditPayload
from concord.bootstrap import system_principal
from concord.errors import ConflictError, PermissionDeniedError
from concord.screening.snapshot import recipients
from concord.screening.snapshot.errors import NotForThisKeyError, SigningKeyNotConfiguredError
from concord.screening.snapshot.export import export_snapshot
from concord.screening.snapshot.keys import ServerKeys
from concord.screening.snapshot.reader import open_file
from concord.settings import Settings
from tests.conftest import make_settings
from tests.factories import Actors
from tests.screening.snapshot.conftest import HIDDEN, VISIBLE, World


def records_of(world: World, server: ServerKeys, data: bytes) -> list[dict[str, object]]:
    opened = open_file(data, server.verify_key, world.post, kind="snapshot", now=world.now)
    return [json.loads(line) for line in opened.plaintext.splitlines()]


def test_export_holds_exactly_what_fr_may_see(world: World, server: ServerKeys) -> None:
    made = world.export()
    rows = records_of(world, server, made.data)
    by_id = {world.ids[name]: name for name in world.ids}
    assert {by_id[str(r["id"])] for r in rows} == VISIBLE
    assert not HIDDEN & {by_id[str(r["id"])] for r in rows}
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
    assert made.statement.counts == {"document": 4, "person": 2}
    assert made.statement.country == "FR"
    passport = next(r for r in rows if r["id"] == world.ids["fr_doc"])
    assert passport == {
        "id": world.ids["fr_doc"],
        "type": "document",
        "owner": "FR",
        "label": "passport FR L898902C3",
        "key": "FR:L898902C3",
        "status": "stolen",
        "document_type": "passport",
    }
    ahmed = next(r for r in rows if r["id"] == world.ids["de_person"])
    assert (ahmed["names"], ahmed["birth_date"], ahmed["nationalities"], ahmed["sex"]) == (
        ["Ahmed Haddad"], "1981-04-12", ["EG"], "M"
    )  # fmt: skip


def test_italy_sees_its_own_list(world: World, server: ServerKeys) -> None:
    it_post = X25519PrivateKey.generate()
    world.register("IT", it_post)
    made = world.export("IT")
    opened = open_file(made.data, server.verify_key, it_post, kind="snapshot", now=world.now)
    ids = {json.loads(line)["id"] for line in opened.plaintext.splitlines()}
    names = {n for n, rid in world.ids.items() if rid in ids}
    assert names == {"fr_doc", "de_only_it", "de_except_fr", "it_except_es", "de_person",
                     "it_person", "de_person_only_it"}  # fmt: skip


def test_ciphertext_reveals_no_names_or_numbers(world: World) -> None:
    data = world.export().data
    for secret in ("L898902C3", "C01X00T47", "Haddad", "Иванов", "passport", "stolen", "FR:"):
        assert secret.encode() not in data
        assert secret.encode("utf-16-le") not in data
    for rid in world.ids.values():
        assert rid.encode() not in data


def test_another_key_cannot_decrypt(world: World, server: ServerKeys) -> None:
    data = world.export().data
    with pytest.raises(NotForThisKeyError, match="not for this key"):
        open_file(data, server.verify_key, X25519PrivateKey.generate(), kind="snapshot",
                  now=world.now)  # fmt: skip


def test_every_active_key_of_the_country_opens_it_and_a_revoked_one_no_longer(
    world: World, server: ServerKeys
) -> None:
    second = X25519PrivateKey.generate()
    second_id = world.register("FR", second, "Roissy")
    data = world.export().data
    assert records_of(world, server, data)
    assert open_file(data, server.verify_key, second, kind="snapshot", now=world.now).plaintext
    with world.db.transaction() as s:
        recipients.revoke(s, system_principal(s), key=second_id, now=world.now)
    later = world.export().data
    with pytest.raises(NotForThisKeyError):
        open_file(later, server.verify_key, second, kind="snapshot", now=world.now)


def test_no_key_no_export(world: World) -> None:
    with pytest.raises(ConflictError, match="ES has no snapshot key"):
        world.export("ES")


def test_export_is_audited(world: World) -> None:
    made = world.export()
    with world.db.session() as s:
        event = s.execute(
            select(AuditEvent).where(AuditEvent.action == "snapshot.export")
        ).scalar_one()
        payload = json.loads(s.get(AuditPayload, event.seq).data)  # type: ignore[union-attr]
    assert event.object_id == made.statement.id and event.country == "IPSG"
    assert payload["country"] == "FR"
    assert payload["counts"] == {"document": 4, "person": 2}
    assert payload["content_sha256"] == made.statement.content_sha256


@pytest.mark.parametrize(
    ("role", "country", "allowed"),
    [
        ("ncb_operator", "FR", True),
        ("ncb_admin", "FR", True),
        ("gs_officer", None, True),
        ("ncb_admin", "DE", False),
        ("ncb_operator", "DE", False),
        ("border_officer", "FR", False),
        ("gs_reviewer", None, False),
    ],
)
def test_who_may_export_for_fr(
    world: World, actors: Actors, role: str, country: str | None, allowed: bool
) -> None:
    actor = actors.make(role, country)
    with world.db.transaction() as s:
        if allowed:
            made = export_snapshot(
                s, actor.principal, country="FR", settings=world.settings, now=world.now
            )
            assert made.statement.counts["document"] == 4
        else:
            with pytest.raises(PermissionDeniedError):
                export_snapshot(
                    s, actor.principal, country="FR", settings=world.settings, now=world.now
                )


@pytest.mark.parametrize(
    ("role", "country", "allowed"),
    [("ncb_admin", "FR", True), ("gs_admin", None, True), ("ncb_operator", "FR", False),
     ("ncb_admin", "DE", False)],
)  # fmt: skip
def test_who_may_register_fr_keys(
    world: World, actors: Actors, role: str, country: str | None, allowed: bool
) -> None:
    actor = actors.make(role, country)
    raw = bytes(range(32))
    with world.db.transaction() as s:
        if allowed:
            row = recipients.register(
                s, actor.principal, country="FR", public_raw=raw, name="x", now=world.now
            )
            assert row.country == "FR"
        else:
            with pytest.raises(PermissionDeniedError):
                recipients.register(
                    s, actor.principal, country="FR", public_raw=raw, name="x", now=world.now
                )


def test_default_signing_seed_refused_outside_development(engine_url: str) -> None:
    with pytest.raises(SigningKeyNotConfiguredError, match="CONCORD_SNAPSHOT_SIGNING_KEY"):
        ServerKeys.from_settings(make_settings(engine_url))
    dev = Settings(environment="development")
    assert ServerKeys.from_settings(dev).signer_key_id
