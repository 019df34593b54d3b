"""Deltas: bringing a post's snapshot up to date with a small file.

Made by the server (``concord snapshot diff OLD NEW``): it verifies both snapshots, reads them
back with its archive key, and writes the changed and removed records, encrypted for NEW's
recipients and signed. The delta carries NEW's signed statement, so that the post
(``concord snapshot apply OLD DELTA``), after checking everything, rebuilds a snapshot under
that very statement and signature: NEW2 has NEW's content hash, expiry and counts, and answers
every query exactly as NEW. Only the envelope (fresh keys) differs, which the signature does not
cover and the AEAD binds.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from uuid import uuid4

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.screening.snapshot import content, crypto, recipients
from concord.screening.snapshot.errors import (
    CorruptSnapshotError,
    NotASnapshotError,
    WrongBaseError,
)
from concord.screening.snapshot.export import seal
from concord.screening.snapshot.format import DELTA, SNAPSHOT, Statement
from concord.screening.snapshot.keys import ServerKeys
from concord.screening.snapshot.reader import check_time, decrypt, open_file, verified
from concord.settings import Settings


@dataclass(frozen=True)
class Made:
    data: bytes
    statement: Statement


def make_delta(old: bytes, new: bytes, *, keys: ServerKeys, now: datetime) -> Made:
    """The delta from ``old`` to ``new`` (both exported by this server for one country)."""
    opened_old = open_file(
        old, keys.verify_key, keys.archive, kind=SNAPSHOT, now=now, allow_expired=True
    )
    opened_new = open_file(new, keys.verify_key, keys.archive, kind=SNAPSHOT, now=now)
    before, after = opened_old.statement, opened_new.statement
    if before.country != after.country:
        raise WrongBaseError(
            f"OLD is a snapshot for {before.country} and NEW for {after.country}: a delta joins "
            "two snapshots of one country"
        )
    patch, counts = content.diff(
        content.Content.parse(opened_old.plaintext), content.Content.parse(opened_new.plaintext)
    )
    statement = Statement(
        kind=DELTA,
        id=uuid4().hex,
        country=after.country,
        created_at=now,
        expires_at=after.expires_at,
        signer_key_id=keys.signer_key_id,
        recipients=after.recipients,
        archive=after.archive,
        counts=counts,
        content_sha256=crypto.sha256(patch),
        content_bytes=len(patch),
        compression=after.compression,
        base_sha256=before.content_sha256,
        target={
            "statement": base64.b64encode(opened_new.container.statement).decode("ascii"),
            "signature": opened_new.container.signature.hex(),
        },
    )
    return Made(seal(keys, statement, patch), statement)


def diff_snapshots(
    session: Session,
    principal: Principal,
    *,
    old: bytes,
    new: bytes,
    settings: Settings,
    now: datetime,
) -> Made:
    """:func:`make_delta` on behalf of ``principal`` (who may export for the country), audited."""
    made = make_delta(old, new, keys=ServerKeys.from_settings(settings), now=now)
    recipients.authorise_export(principal, made.statement.country)
    audit.record(
        session,
        actor=principal,
        action="snapshot.delta",
        object_type="snapshot",
        object_id=made.statement.id,
        payload={
            "country": made.statement.country,
            "counts": made.statement.counts,
            "base_sha256": made.statement.base_sha256,
        },
    )
    return made


def apply_delta(
    old: bytes,
    delta: bytes,
    *,
    verify_key: Ed25519PublicKey,
    private: X25519PrivateKey,
    now: datetime,
) -> bytes:
    """The new snapshot, rebuilt at the post from OLD and a delta; refusals say why.

    OLD may have expired (a post that was away too long still updates by delta); the delta and
    the snapshot it leads to may not.
    """
    base = open_file(old, verify_key, private, kind=SNAPSHOT, now=now, allow_expired=True)
    container, statement = verified(delta, verify_key, kind=DELTA, now=now)
    if statement.base_sha256 != base.statement.content_sha256:
        raise WrongBaseError(
            f"wrong base: this delta applies to snapshot content {str(statement.base_sha256)[:16]}"
            f", not to {base.statement.content_sha256[:16]} (OLD)"
        )
    target_raw, target_signature = statement.target_parts()
    target = crypto.verify(verify_key, target_raw, target_signature)
    if target.kind != SNAPSHOT or target.country != statement.country:
        raise NotASnapshotError("the delta's target is not a snapshot of the same country")
    check_time(target, now)

    patch = decrypt(container, statement, private)
    rebuilt = content.patch(content.Content.parse(base.plaintext), patch).to_bytes()
    if crypto.sha256(rebuilt) != target.content_sha256:
        raise CorruptSnapshotError("corrupted: the delta does not lead to the signed snapshot")
    box = content.compress(rebuilt, target.compression)
    sealed = crypto.seal(target_raw, target_signature, box, (*target.recipients, target.archive))
    return sealed.to_bytes()
