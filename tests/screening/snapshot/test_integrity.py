"""Refusals: any altered byte, another signer, an expired file, a truncated one. Each refusal
is a specific error, raised before anything is decrypted where the signature can tell."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from concord.screening.snapshot.errors import (
    BadSignatureError,
    CorruptSnapshotError,
    ExpiredSnapshotError,
    NotASnapshotError,
    SnapshotError,
    WrongSignerError,
)
from concord.screening.snapshot.format import MAGIC, unpack
from concord.screening.snapshot.keys import ServerKeys
from concord.screening.snapshot.reader import open_file
from tests.screening.snapshot.conftest import World


def flipped(data: bytes, offset: int) -> bytes:
    return data[:offset] + bytes([data[offset] ^ 0x01]) + data[offset + 1 :]


def test_every_flipped_byte_is_refused(world: World, server: ServerKeys) -> None:
    data = world.export().data
    assert open_file(data, server.verify_key, world.post, kind="snapshot", now=world.now)
    reasons: set[type[SnapshotError]] = set()
    for offset in range(len(data)):
        with pytest.raises(SnapshotError) as caught:
            open_file(
                flipped(data, offset), server.verify_key, world.post, kind="snapshot",
                now=world.now,
            )  # fmt: skip
        reasons.add(type(caught.value))
    assert {NotASnapshotError, BadSignatureError, CorruptSnapshotError} <= reasons


def test_refusal_names_the_part_altered(world: World, server: ServerKeys) -> None:
    data = world.export().data
    parts = unpack(data)
    statement_at = len(MAGIC) + 4
    signature_at = statement_at + len(parts.statement) + 2
    ciphertext_at = len(data) - len(parts.ciphertext)

    def refusal(offset: int) -> SnapshotError:
        with pytest.raises(SnapshotError) as caught:
            open_file(flipped(data, offset), server.verify_key, world.post, kind="snapshot",
                      now=world.now)  # fmt: skip
        return caught.value

    assert isinstance(refusal(0), NotASnapshotError)
    assert isinstance(refusal(statement_at + 40), BadSignatureError)
    assert isinstance(refusal(signature_at + 5), BadSignatureError)
    assert isinstance(refusal(signature_at - 5), BadSignatureError)  # statement's last bytes
    assert isinstance(refusal(ciphertext_at), CorruptSnapshotError)
    assert isinstance(refusal(len(data) - 1), CorruptSnapshotError)
    assert "bad signature" in refusal(statement_at + 40).detail


def test_truncated_or_extended_file_is_refused(world: World, server: ServerKeys) -> None:
    data = world.export().data
    for broken in (data[:20], data[:-1], data + b"\x00", b""):
        with pytest.raises(SnapshotError):
            open_file(broken, server.verify_key, world.post, kind="snapshot", now=world.now)


def test_another_servers_key_is_the_wrong_signer(world: World) -> None:
    data = world.export().data
    other = Ed25519PrivateKey.generate().public_key()
    with pytest.raises(WrongSignerError, match="wrong signer"):
        open_file(data, other, world.post, kind="snapshot", now=world.now)


def test_a_statement_re_signed_by_another_key_is_refused(world: World, server: ServerKeys) -> None:
    """An attacker who signs the same statement with its own key cannot pass the pinned key."""
    from concord.screening.snapshot import crypto

    parts = unpack(world.export().data)
    forged_sig = crypto.sign(Ed25519PrivateKey.generate(), parts.statement)
    forged = type(parts)(parts.statement, forged_sig, parts.envelope, parts.ciphertext)
    with pytest.raises(BadSignatureError):
        open_file(forged.to_bytes(), server.verify_key, world.post, kind="snapshot",
                  now=world.now)  # fmt: skip


def test_expiry(world: World, server: ServerKeys) -> None:
    made = world.export(days=3)
    expires = made.statement.expires_at
    assert expires == world.now + timedelta(days=3)
    ok_at = expires - timedelta(seconds=1)
    assert open_file(made.data, server.verify_key, world.post, kind="snapshot", now=ok_at)
    with pytest.raises(ExpiredSnapshotError, match=f"expired on {expires:%Y-%m-%d %H:%M} UTC"):
        open_file(made.data, server.verify_key, world.post, kind="snapshot", now=expires)


def test_default_validity_comes_from_settings(world: World) -> None:
    made = world.export()
    days = world.settings.snapshot_days_valid
    assert made.statement.expires_at - made.statement.created_at == timedelta(days=days)


def test_clock_set_far_back_is_refused(world: World, server: ServerKeys) -> None:
    data = world.export().data
    with pytest.raises(ExpiredSnapshotError, match="set its clock right"):
        open_file(data, server.verify_key, world.post, kind="snapshot",
                  now=world.now - timedelta(days=2))  # fmt: skip


def test_a_record_due_for_review_during_the_snapshot_drops_out_then(
    world: World, server: ServerKeys
) -> None:
    from sqlalchemy import update

    from concord.records.models import Record
    from concord.screening.snapshot.offline import OfflineScreener

    due = world.now + timedelta(days=5)
    with world.db.transaction() as s:
        s.execute(update(Record).where(Record.id == world.ids["de_only_fr"]).values(review_at=due))
    data = world.export().data
    before = OfflineScreener.from_bytes(data, server.verify_key, world.post, world.now)
    assert [h.record_id for h in before.documents("C01X00T47", "DE")] == [world.ids["de_only_fr"]]
    after = OfflineScreener.from_bytes(data, server.verify_key, world.post, due)
    assert after.documents("C01X00T47", "DE") == []
