"""Deltas: OLD + diff(OLD, NEW) answers exactly as NEW; a delta for another base, tampered or
expired, is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest

from concord.records.service import remove, update
from concord.screening.names import PersonProfile, analyze
from concord.screening.snapshot.delta import apply_delta, make_delta
from concord.screening.snapshot.errors import (
    ExpiredSnapshotError,
    NotASnapshotError,
    SnapshotError,
    WrongBaseError,
)
from concord.screening.snapshot.keys import ServerKeys
from concord.screening.snapshot.offline import OfflineScreener
from concord.screening.snapshot.reader import open_file
from tests.screening.snapshot.conftest import World, doc, person

DOCUMENTS = [("L898902C3", "FR"), ("C01X00T47", "DE"), ("YA1234567", "IT"), ("NEW000001", "ES"),
             ("L8989O2C3", "FR"), ("C01X00T48", "DE")]  # fmt: skip
PEOPLE = ["Ahmed Haddad", "Sergey Ivanov", "Ivan Petrov", "Maria Lopez"]


def change_world(world: World) -> None:
    """An addition, a change, a deletion, and a record newly hidden from FR."""
    world.enter(world.de, "added_doc", "document", doc("NEW000001", "ES"))
    world.enter(world.it, "added_person", "person", person("Иван Петров", "1970", "RU"))
    with world.db.transaction() as s:
        update(s, world.de.principal, world.ids["de_person"],
               {"data": person("Ahmed Al-Haddad", "1981-04-12", "EG")},
               expected_version=1, settings=world.settings)  # fmt: skip
        remove(s, world.it.principal, world.ids["it_except_es"], expected_version=1,
               settings=world.settings)  # fmt: skip
        update(s, world.de.principal, world.ids["de_only_fr"], {"countries": ["IT"]},
               expected_version=1, settings=world.settings)  # fmt: skip


def answers(screener: OfflineScreener) -> list[object]:
    out: list[object] = [[h.as_dict() for h in screener.documents(n, c)] for n, c in DOCUMENTS]
    out += [
        [h.as_dict() for h in screener.persons(PersonProfile(names=(analyze(n),)))] for n in PEOPLE
    ]
    return out


def test_diff_apply_roundtrip_answers_as_new(world: World, server: ServerKeys) -> None:
    old = world.export()
    change_world(world)
    new = world.export(now=world.now + timedelta(hours=1))
    assert new.statement.content_sha256 != old.statement.content_sha256
    made = make_delta(old.data, new.data, keys=server, now=world.now + timedelta(hours=2))
    assert made.statement.counts == {"added": 2, "changed": 1, "removed": 2}
    assert made.statement.base_sha256 == old.statement.content_sha256
    when = world.now + timedelta(hours=3)
    new2 = apply_delta(old.data, made.data, verify_key=server.verify_key, private=world.post,
                       now=when)  # fmt: skip
    opened_new = open_file(new.data, server.verify_key, world.post, kind="snapshot", now=when)
    opened_new2 = open_file(new2, server.verify_key, world.post, kind="snapshot", now=when)
    assert opened_new2.plaintext == opened_new.plaintext
    assert opened_new2.statement == opened_new.statement
    assert opened_new2.statement.content_sha256 == new.statement.content_sha256
    s_old = OfflineScreener.from_bytes(old.data, server.verify_key, world.post, when)
    s_new = OfflineScreener.from_bytes(new.data, server.verify_key, world.post, when)
    s_new2 = OfflineScreener.from_bytes(new2, server.verify_key, world.post, when)
    assert answers(s_new2) == answers(s_new)
    assert answers(s_old) != answers(s_new)  # the queries do see the changes
    assert s_new2.documents("NEW000001", "ES") and not s_old.documents("NEW000001", "ES")
    assert s_old.documents("C01X00T47", "DE") and not s_new2.documents("C01X00T47", "DE")


def test_delta_for_another_base_is_refused(world: World, server: ServerKeys) -> None:
    first = world.export()
    world.enter(world.fr, "x", "document", doc("X00000001", "FR"))
    second = world.export()
    world.enter(world.fr, "y", "document", doc("Y00000001", "FR"))
    third = world.export()
    delta = make_delta(second.data, third.data, keys=server, now=world.now).data
    with pytest.raises(WrongBaseError, match="wrong base"):
        apply_delta(first.data, delta, verify_key=server.verify_key, private=world.post,
                    now=world.now)  # fmt: skip


def test_tampered_delta_is_refused(world: World, server: ServerKeys) -> None:
    old = world.export()
    change_world(world)
    delta = make_delta(old.data, world.export().data, keys=server, now=world.now).data
    step = max(1, len(delta) // 97)
    for offset in [*range(0, len(delta), step), len(delta) - 1]:
        broken = delta[:offset] + bytes([delta[offset] ^ 0x80]) + delta[offset + 1 :]
        with pytest.raises(SnapshotError):
            apply_delta(old.data, broken, verify_key=server.verify_key, private=world.post,
                        now=world.now)  # fmt: skip


def test_expired_delta_is_refused_but_an_expired_base_is_not(
    world: World, server: ServerKeys
) -> None:
    old = world.export(days=1)
    change_world(world)
    later = world.now + timedelta(days=2)  # OLD has expired by now
    new = world.export(now=later, days=3)
    delta = make_delta(old.data, new.data, keys=server, now=later).data
    rebuilt = apply_delta(old.data, delta, verify_key=server.verify_key, private=world.post,
                          now=later)  # fmt: skip
    assert open_file(rebuilt, server.verify_key, world.post, kind="snapshot", now=later)
    with pytest.raises(ExpiredSnapshotError, match="expired on"):
        apply_delta(old.data, delta, verify_key=server.verify_key, private=world.post,
                    now=later + timedelta(days=3))  # fmt: skip


def test_a_snapshot_is_not_a_delta_and_countries_do_not_mix(
    world: World, server: ServerKeys
) -> None:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    old = world.export()
    with pytest.raises(NotASnapshotError, match="not a delta"):
        apply_delta(old.data, old.data, verify_key=server.verify_key, private=world.post,
                    now=world.now)  # fmt: skip
    world.register("IT", X25519PrivateKey.generate())
    with pytest.raises(WrongBaseError, match="one country"):
        make_delta(old.data, world.export("IT").data, keys=server, now=world.now)
