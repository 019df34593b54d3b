"""Key administration: end-to-end keys of mailboxes' clients, KEK rotation, mailbox key
rotation and erasure (crypto-shredding). Every change is audited.

- **End-to-end.** A mailbox's administrators register the X25519 public key of its client;
  senders' clients seal the content for it (:func:`seal_outgoing`) and the server stores
  ciphertext only; the reader's client opens its sealed copy (:func:`open_sealed`) and checks
  it against the SHA-256 the sender signed.
- **KEK rotation** (:func:`rotate_kek`): re-wraps every mailbox key under the configured KEK;
  messages are not re-encrypted.
- **Mailbox key rotation** (:func:`rotate_mailbox`): a new version (data key and signing key);
  copies made under older versions stay readable with them.
- **Erasure** (:func:`erase_mailbox`): destroys every version of a mailbox's keys and its
  sealed copies, so that its copies can never be read again; the audit chain is untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.errors import (
    PermissionDeniedError,
    TamperingDetectedError,
    ValidationFailedError,
)
from concord.messaging import addressing, content, crypto, mailboxes, service
from concord.messaging.keys import KeyStore
from concord.messaging.models import Mailbox, MailboxKey, Message, MessageKey

HEX64 = frozenset("0123456789abcdef")


def _public_key(value: str) -> bytes:
    text = value.strip().lower()
    if len(text) != 64 or not set(text) <= HEX64:
        raise ValidationFailedError("public key: 64 hexadecimal characters (32 bytes, X25519)")
    return bytes.fromhex(text)


def register_e2e_key(
    session: Session, principal: Principal, store: KeyStore, public_hex: str, now: datetime
) -> Mailbox:
    """Register the X25519 public key of the caller's mailbox's client: from now on, messages
    to the mailbox are sealed for it by the senders' clients."""
    if not principal.has(Permission.MESSAGES_ADMIN):
        raise PermissionDeniedError("Registering a mailbox key is for its administrators")
    public = _public_key(public_hex)
    box = mailboxes.own_mailbox(session, store, principal, now)
    box.e2e_public = public.hex()
    store.forget_box(box.address)
    audit.record(
        session,
        actor=principal,
        action="mailbox.e2e_key",
        object_type="mailbox",
        object_id=box.id,
        payload={"address": box.address, "public_key": box.e2e_public},
    )
    return box


def e2e_recipients(
    session: Session, principal: Principal, store: KeyStore, out: service.Outgoing, now: datetime
) -> dict[str, bytes]:
    """The registered X25519 public key of each mailbox ``out`` goes to (resolved as the
    server will resolve them); refused if one has none."""
    sender = mailboxes.own_mailbox(session, store, principal, now)
    # the service's own resolution: seal for exactly the mailboxes it will deliver to
    boxes = addressing.resolve_recipients(session, store, sender.address, out, now)
    missing = [b.address for b in boxes if not b.e2e_public]
    if missing:
        raise ValidationFailedError(
            "end-to-end: no key registered for mailbox "
            f"{', '.join(missing[:20])}{' ...' if len(missing) > 20 else ''}: "
            "send without --e2e, or ask them to run `concord messages register-key`"
        )
    return {b.address: bytes.fromhex(b.e2e_public or "") for b in boxes}


def seal_outgoing(out: service.Outgoing, publics: dict[str, bytes]) -> None:
    """Seal ``out``'s content for each recipient (client side) and clear the plaintext, so
    that only ciphertext and the content's SHA-256 reach the server."""
    plain = content.pack(out.subject, out.body, out.references)
    out.sealed = {address: crypto.seal(key, plain).hex() for address, key in publics.items()}
    out.content_sha256 = crypto.sha256(plain)
    out.subject, out.body = "", ""
    # only record ids stay in the clear (to find messages by record); names are sealed
    out.references = [{"record_id": r["record_id"]} for r in out.references if r.get("record_id")]


def open_sealed(private: bytes, message: Message, sealed_hex: str | None) -> dict[str, Any]:
    """Open the caller's sealed copy of an end-to-end message and check it is exactly what
    the sender signed: :class:`TamperingDetectedError` if not, :class:`ValidationFailedError`
    if what the sender's client sealed is not a message (subject, body, references)."""
    if not sealed_hex:
        raise ValidationFailedError(f"Message {message.id}: no sealed copy for your mailbox")
    try:
        plain = crypto.unseal(private, bytes.fromhex(sealed_hex))
    except (crypto.TamperedError, ValueError):
        raise TamperingDetectedError(
            f"Message {message.id}: the sealed copy was altered, or is not for this key"
        ) from None
    if crypto.sha256(plain) != content.claims(message)["content_sha256"]:
        raise TamperingDetectedError(
            f"Message {message.id}: its content does not match what the sender signed"
        )
    try:  # RecursionError: JSON nested too deep
        value = content.unpack(plain)
    except (ValueError, RecursionError):
        value = None
    if not (
        isinstance(value, dict)
        and isinstance(value.get("subject", ""), str)
        and isinstance(value.get("body", ""), str)
        and isinstance(refs := value.get("references", []), list)
        and all(isinstance(r, dict) for r in refs)
    ):
        raise ValidationFailedError(f"Message {message.id}: its sealed content is not a message")
    return value


def _require_key_admin(principal: Principal, what: str) -> None:
    if not (principal.has(Permission.MESSAGES_ADMIN) and principal.is_secretariat):
        raise PermissionDeniedError(f"{what} is for the General Secretariat's administrators")


@dataclass(frozen=True)
class KekRotation:
    kek_id: str
    rewrapped: int  # re-wrapped under the current KEK
    erased: int  # erased keys (nothing to re-wrap), relabelled
    current: int  # already under the current KEK


def rotate_kek(session: Session, principal: Principal, store: KeyStore) -> KekRotation:
    """Re-wrap every mailbox key still wrapped by an older KEK under the current one."""
    _require_key_admin(principal, "Rotating the key-encryption key")
    if not store.previous:
        raise ValidationFailedError(
            "Set CONCORD_MESSAGING_KEK_PREVIOUS to the secret in use until now, and "
            "CONCORD_MESSAGING_KEK to the new one, then run the rotation"
        )
    erased: int = session.execute(
        select(func.count())
        .select_from(MailboxKey)
        .where(MailboxKey.kek_id != store.kek_id, MailboxKey.wrapped_dek.is_(None))
    ).scalar_one()
    rewrapped = store.rewrap(session)
    total: int = session.execute(select(func.count()).select_from(MailboxKey)).scalar_one()
    result = KekRotation(store.kek_id, rewrapped, erased, total - rewrapped - erased)
    audit.record(
        session,
        actor=principal,
        action="messaging.kek_rotate",
        object_type="kek",
        object_id=store.kek_id,
        payload={"rewrapped": rewrapped, "erased": erased, "keys": total},
    )
    return result


def rotate_mailbox(session: Session, store: KeyStore, mailbox: Mailbox, now: datetime) -> int:
    """A new version of ``mailbox``'s keys (data key and signing key); returns it. Copies
    under older versions stay readable with them; new ones are signed with the new one."""
    version = mailbox.key_version + 1
    store.create(session, mailbox, version, now)
    session.flush()
    return version


def rotate_own_mailbox(
    session: Session, principal: Principal, store: KeyStore, now: datetime
) -> Mailbox:
    box = mailboxes.administered_mailbox(session, store, principal, now)
    version = rotate_mailbox(session, store, box, now)
    audit.record(
        session,
        actor=principal,
        action="mailbox.rotate_keys",
        object_type="mailbox",
        object_id=box.id,
        payload={"address": box.address, "version": version, "signing_public": box.signing_public},
    )
    return box


def erase_mailbox(
    session: Session,
    principal: Principal,
    store: KeyStore,
    address: str,
    reason: str,
    now: datetime,
) -> int:
    """Crypto-shred a mailbox: destroy every version of its keys and drop its sealed
    copies; returns how many key versions were destroyed. Other mailboxes' copies, the
    signatures and the audit chain are untouched."""
    _require_key_admin(principal, "Erasing a mailbox")
    if not reason.strip():
        raise ValidationFailedError("reason: say why the mailbox is erased")
    box = mailboxes.by_address(session, address if "/" in address else address.upper())
    destroyed = store.shred(session, box, now)
    box.e2e_public = None
    store.forget_box(box.address)
    sealed_ids = select(MessageKey.message_id).where(MessageKey.mailbox_id == box.id)
    dropped = 0
    for message in session.execute(
        select(Message).where(Message.mode == "e2e", Message.id.in_(sealed_ids))
    ).scalars():
        if message.sealed and box.address in message.sealed:
            message.sealed = {a: v for a, v in message.sealed.items() if a != box.address}
            dropped += 1
    session.flush()
    audit.record(
        session,
        actor=principal,
        action="mailbox.erase",
        object_type="mailbox",
        object_id=box.id,
        payload={
            "address": box.address,
            "reason": reason.strip()[:500],
            "key_versions": destroyed,
            "sealed_copies": dropped,
        },
    )
    return destroyed
