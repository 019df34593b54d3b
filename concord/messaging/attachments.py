"""Attachments: streamed upload, chunked encryption, binding to a message, streamed download.

A file is never held whole in memory. It is encrypted as it arrives with its own random file
key, in chunks of :data:`CHUNK` bytes (ChaCha20-Poly1305; nonce = an 8-byte random prefix and
the 4-byte big-endian chunk index; associated data = attachment id, chunk index and whether the
chunk is the last), so that an altered, reordered, swapped, truncated or extended file fails
authentication. It is written to a temporary file, fsynced and renamed into the attachment
store. The SHA-256 of the plaintext is computed on the way and recorded; the sender signs it.

The file key is wrapped by the uploading mailbox's data key until the file is sent, then
re-wrapped under the message's content key (so every mailbox holding a copy of the message
can read it, like the body). Stored file: ``MAGIC || prefix || chunk_0 || ... || chunk_n``."""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import structlog
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.db.base import new_id
from concord.errors import (
    ConflictError,
    GoneError,
    NotFoundError,
    PayloadTooLargeError,
    TamperingDetectedError,
    ValidationFailedError,
)
from concord.messaging import attachments_meta, content, crypto
from concord.messaging.keys import KeyStore
from concord.messaging.models import Attachment, Mailbox
from concord.settings import Settings

log = structlog.get_logger("concord.messaging")
CHUNK = 64 * 1024
TAG = 16
MAGIC = b"CCA1"
HEADER = len(MAGIC) + 8
#: unbound uploads (never sent) are purged after this long
UNBOUND_TTL = timedelta(days=1)


def _chunk_aad(attachment_id: str, index: int, final: bool) -> bytes:
    return f"concord-attachment:{attachment_id}:chunk:{index}:{int(final)}".encode()


def _mailbox_aad(attachment_id: str, mailbox_id: str, version: int) -> bytes:
    return f"concord-attachment:{attachment_id}:key:mailbox:{mailbox_id}:{version}".encode()


def _message_aad(attachment_id: str, message_id: str) -> bytes:
    return f"concord-attachment:{attachment_id}:key:message:{message_id}".encode()


def too_large(max_bytes: int) -> str:
    return (
        f"Attachments are limited to {max_bytes:,} bytes ({max_bytes / 2**20:.0f} MB) each; "
        "this file is larger. Split it or share it another way."
    )


class Upload:
    """One file being received: checked, hashed and encrypted chunk by chunk into a temporary
    file; :meth:`finish` makes it durable, :meth:`abort` removes every trace of it."""

    def __init__(self, directory: Path, content_type: str, max_bytes: int) -> None:
        self.id = new_id()
        self.content_type = content_type
        self.max_bytes = max_bytes
        self.key = crypto.new_key()
        self.size = 0
        self.path = directory / self.id
        self._aead = ChaCha20Poly1305(self.key)
        self._prefix = os.urandom(8)
        self._hash = hashlib.sha256()
        self._pending = bytearray()
        self._index = 0
        directory.mkdir(parents=True, exist_ok=True)
        self._tmp = directory / f".{self.id}.part"
        self._file = self._tmp.open("xb")  # closed by finish or abort
        self._file.write(MAGIC + self._prefix)

    def feed(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.max_bytes:
            raise PayloadTooLargeError(too_large(self.max_bytes))
        self._hash.update(data)
        view, pos = memoryview(data), 0
        while pos < len(view):
            if len(self._pending) == CHUNK:  # more data follows: that chunk was not the last
                self._emit(final=False)
            take = min(CHUNK - len(self._pending), len(view) - pos)
            self._pending += view[pos : pos + take]
            pos += take

    def _emit(self, *, final: bool) -> None:
        plain = bytes(self._pending)
        self._pending.clear()
        if self._index == 0:
            attachments_meta.sniff(plain, self.content_type)
        nonce = self._prefix + self._index.to_bytes(4, "big")
        aad = _chunk_aad(self.id, self._index, final)
        self._file.write(self._aead.encrypt(nonce, plain, aad))
        self._index += 1

    def finish(self) -> str:
        """Write the last chunk, fsync, rename into place; returns the plaintext's SHA-256."""
        if self.size == 0:
            raise ValidationFailedError("The file is empty")
        self._emit(final=True)
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        self._tmp.replace(self.path)
        directory = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
        return self._hash.hexdigest()

    def abort(self) -> None:
        self._file.close()
        self._tmp.unlink(missing_ok=True)
        self.path.unlink(missing_ok=True)


def record(
    session: Session,
    principal: Principal,
    store: KeyStore,
    box: Mailbox,
    upload: Upload,
    filename: str,
    sha256: str,
    now: datetime,
) -> Attachment:
    """The row of a finished upload, its file key wrapped by ``box``'s data key."""
    dek, _ = store.keys(session, box.id, box.key_version)
    row = Attachment(
        id=upload.id,
        message_id=None,
        mailbox_id=box.id,
        filename=filename,
        content_type=upload.content_type,
        size=upload.size,
        sha256=sha256,
        wrapped_key=crypto.encrypt(
            dek, upload.key, _mailbox_aad(upload.id, box.id, box.key_version)
        ),
        key_version=box.key_version,
        path=upload.id,
        created_at=now,
    )
    session.add(row)
    audit.record(
        session,
        actor=principal,
        action="attachment.upload",
        object_type="attachment",
        object_id=upload.id,
        payload={"mailbox": box.address, "size": upload.size, "sha256": sha256},
    )
    return row


@dataclass
class Binding:
    """Uploaded files to attach to a message being sent: their keys re-wrapped under the
    message's content key (``updates``), their digests (signed) and what the API shows."""

    digests: list[str]
    updates: list[dict[str, object]]
    listed: list[dict[str, object]]


def prepare_binding(
    session: Session,
    store: KeyStore,
    message_id: str,
    sender_id: str,
    ids: list[str],
    cek: bytes,
) -> Binding:
    """Check that the files ``ids`` were uploaded by ``sender_id`` and not sent yet, and
    re-wrap their keys under the message's content key. Nothing is written: :func:`apply_binding`
    does, in the transaction that inserts the message."""
    if not ids:
        return Binding([], [], [])
    if len(set(ids)) != len(ids):
        raise ValidationFailedError("attachments: the same file is given twice")
    rows = {
        a.id: a for a in session.execute(select(Attachment).where(Attachment.id.in_(ids))).scalars()
    }
    updates: list[dict[str, object]] = []
    for i in ids:
        row = rows.get(i)
        if row is None or row.mailbox_id != sender_id or row.message_id is not None:
            raise ValidationFailedError(
                f"attachments: '{i}' is not a file your mailbox uploaded and has not sent yet"
            )
        dek, _ = store.keys(session, sender_id, row.key_version)
        try:
            key = crypto.decrypt(dek, row.wrapped_key, _mailbox_aad(i, sender_id, row.key_version))
        except crypto.TamperedError:
            raise TamperingDetectedError(f"attachments: the key of '{i}' was altered") from None
        wrapped = crypto.encrypt(cek, key, _message_aad(i, message_id))
        updates.append({"b_id": i, "b_message": message_id, "b_key": wrapped})
    listed: list[dict[str, object]] = [
        {
            "id": a.id,
            "filename": a.filename,
            "content_type": a.content_type,
            "size": a.size,
            "sha256": a.sha256,
            "href": f"/api/v1/messages/{message_id}/attachments/{a.id}",
        }
        for a in sorted(rows.values(), key=lambda a: a.id)
    ]
    return Binding([rows[i].sha256 for i in ids], updates, listed)


_BIND = (
    update(Attachment.__table__)  # type: ignore[arg-type]
    .where(
        Attachment.__table__.c.id == bindparam("b_id"),
        Attachment.__table__.c.message_id.is_(None),
    )
    .values(message_id=bindparam("b_message"), wrapped_key=bindparam("b_key"))
)


def apply_binding(session: Session, updates: list[dict[str, object]]) -> None:
    """Attach the files (after the message's row is inserted); a file sent meanwhile by
    another message fails the whole send (409)."""
    for values in updates:
        if session.execute(_BIND, values).rowcount != 1:  # type: ignore[attr-defined]
            raise ConflictError(f"attachments: '{values['b_id']}' was sent meanwhile")


@dataclass
class Download:
    """An authorised, authenticated attachment: its first chunk already verified."""

    attachment: Attachment
    chunks: Iterator[bytes]


def open_download(
    session: Session,
    principal: Principal,
    store: KeyStore,
    directory: Path,
    message_id: str,
    attachment_id: str,
) -> Download:
    """For a holder of a copy of the message (404 otherwise): the file's plaintext chunks,
    each authenticated before it is given out, after the whole file was checked. Audited."""
    from concord.messaging.reading import copy_of, verify_signature

    message, box, key = copy_of(session, principal, message_id)
    row = session.get(Attachment, attachment_id)
    if row is None or row.message_id != message.id:
        raise NotFoundError(f"No attachment '{attachment_id}' in message '{message_id}'")
    signed = content.claims(message).get("attachments", [])
    if not verify_signature(session, message) or row.sha256 not in signed:
        raise TamperingDetectedError(
            f"Attachment {attachment_id} is not what the sender of {message_id} signed"
        )
    dek, _ = store.keys(session, box.id, key.key_version)
    try:
        cek = crypto.decrypt(dek, key.wrapped_cek, content.key_aad(message.id, box.id))
        file_key = crypto.decrypt(cek, row.wrapped_key, _message_aad(row.id, message.id))
    except crypto.TamperedError:
        raise TamperingDetectedError(f"Attachment {attachment_id}: its key was altered") from None
    path = directory / row.path
    try:
        # A first pass checks every chunk and the SHA-256, so that tampering anywhere is
        # answered 422 before a byte is sent; the stream checks every chunk again (the file
        # could change in between: the stream then stops before the altered chunk).
        for _ in _plaintext(path, row.id, file_key, row.size, row.sha256):
            pass
        chunks = _plaintext(path, row.id, file_key, row.size, row.sha256)
        first = next(chunks)
    except crypto.TamperedError as exc:
        raise TamperingDetectedError(
            f"Attachment {attachment_id}: the stored file was altered ({exc}); it cannot be trusted"
        ) from None
    except FileNotFoundError:
        raise GoneError(f"Attachment {attachment_id}: its file is missing from the store") from None
    audit.record(
        session,
        actor=principal,
        action="attachment.download",
        object_type="message",
        object_id=message.id,
        payload={"mailbox": box.address, "attachment": row.id, "sha256": row.sha256},
    )
    return Download(row, itertools.chain([first], chunks))


def _plaintext(
    path: Path, attachment_id: str, key: bytes, size: int, sha256: str
) -> Iterator[bytes]:
    """Decrypt chunk by chunk; raise :class:`crypto.TamperedError` before giving out a chunk
    that fails its tag, or a last chunk whose file does not hash to ``sha256``."""
    count = max(1, -(-size // CHUNK))
    digest = hashlib.sha256()
    aead = ChaCha20Poly1305(key)
    with path.open("rb") as f:
        head = f.read(HEADER)
        if len(head) != HEADER or not head.startswith(MAGIC):
            raise crypto.TamperedError("bad header")
        prefix = head[len(MAGIC) :]
        for index in range(count):
            final = index == count - 1
            want = (size - index * CHUNK if final else CHUNK) + TAG
            blob = f.read(want)
            if len(blob) != want or (final and f.read(1)):
                raise _tampered(attachment_id, index, "truncated or extended")
            try:
                nonce = prefix + index.to_bytes(4, "big")
                plain = aead.decrypt(nonce, blob, _chunk_aad(attachment_id, index, final))
            except InvalidTag:
                raise _tampered(attachment_id, index, "chunk fails authentication") from None
            digest.update(plain)
            if final and digest.hexdigest() != sha256:
                raise _tampered(attachment_id, index, "SHA-256 differs from the recorded one")
            yield plain


def _tampered(attachment_id: str, index: int, why: str) -> crypto.TamperedError:
    log.warning("attachment.tampered", attachment=attachment_id, chunk=index, reason=why)
    return crypto.TamperedError(f"chunk {index}: {why}")


def purge_unbound(session: Session, settings: Settings, now: datetime) -> int:
    """Delete uploads never sent within :data:`UNBOUND_TTL`, and files of the store that no
    row knows (an upload whose transaction failed). Returns how many files were removed."""
    directory = settings.messaging_attachment_dir
    cutoff = now - UNBOUND_TTL
    removed = 0
    stale = select(Attachment).where(
        Attachment.message_id.is_(None), Attachment.created_at < cutoff
    )
    for row in session.execute(stale).scalars():
        (directory / row.path).unlink(missing_ok=True)
        session.delete(row)
        removed += 1
    session.flush()
    if not directory.is_dir():
        return removed
    old = [p for p in directory.iterdir() if p.stat().st_mtime < cutoff.timestamp()]
    for start in range(0, len(old), 500):
        batch = old[start : start + 500]
        names = [p.name for p in batch]
        known = set(
            session.execute(select(Attachment.path).where(Attachment.path.in_(names))).scalars()
        )
        for p in batch:
            if p.name not in known:
                p.unlink(missing_ok=True)
                removed += 1
    return removed
