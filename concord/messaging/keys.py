"""The key store: each mailbox's data key (DEK) and Ed25519 signing key, wrapped by the KEK.

Unwrapped keys are cached per process (they are needed for every message). Rotating the KEK
re-wraps the keys and nothing else; rotating a mailbox's keys adds a version (old copies stay
readable with the old version); erasing a mailbox's keys (crypto-shredding) destroys every
version, so its copies can never be read again, while the audit chain still verifies."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from concord.errors import ConflictError, GoneError
from concord.messaging import crypto
from concord.messaging.models import Mailbox, MailboxKey
from concord.settings import Settings

#: how long a resolved mailbox is reused by senders (a key rotation or an end-to-end key
#: registered by another process is seen by this one's senders within this time)
BOX_TTL_SECONDS = 2.0
#: after that, while one sender reads the mailbox again, the others keep the snapshot for at
#: most this much longer (rather than all reading it at once: a stampede under load)
BOX_GRACE_SECONDS = BOX_TTL_SECONDS / 2
#: ``session.info`` key: addresses of the mailboxes made in the session
MADE_KEY = "messaging_made_mailboxes"
#: ``session.info`` key: the session cannot read the database (a sender on the event loop),
#: so expired mailbox snapshots may be used while another sender reads them again
QUICK_KEY = "messaging_quick"


@dataclass(frozen=True)
class Box:
    """What sending needs of a mailbox (a snapshot of its row)."""

    id: str
    address: str
    kind: str
    country: str | None
    key_version: int
    signing_public: str
    e2e_public: str | None

    @classmethod
    def of(cls, box: Mailbox) -> Box:
        return cls(
            box.id,
            box.address,
            box.kind,
            box.country,
            box.key_version,
            box.signing_public,
            box.e2e_public,
        )


@dataclass
class KeyStore:
    """The KEK (and the previous one during a rotation), with a cache of unwrapped keys."""

    kek_id: str
    kek: bytes
    previous: dict[str, bytes] = field(default_factory=dict)
    _cache: dict[tuple[str, int], tuple[bytes, bytes]] = field(default_factory=dict)
    #: mailbox ids by address (mailboxes are never deleted, so this cannot go stale)
    addresses: dict[str, str] = field(default_factory=dict)
    #: recently resolved mailboxes by address, with the monotonic time they were read
    _boxes: dict[str, tuple[float, Box]] = field(default_factory=dict)
    #: expired snapshots being read again, and since when
    _refreshing: dict[str, float] = field(default_factory=dict)

    def box(self, address: str, *, stale_ok: bool = False) -> Box | None:
        """The mailbox at ``address`` if resolved less than :data:`BOX_TTL_SECONDS` ago; else
        None, and the caller reads it from the database.

        ``stale_ok`` (senders that cannot read the database, on the event loop): an expired
        snapshot is still given while another sender reads it again, for at most
        :data:`BOX_GRACE_SECONDS`; the first to find it expired gets None (and reads it)."""
        hit = self._boxes.get(address)
        if hit is None:
            return None
        now = time.monotonic()
        age = now - hit[0]
        if age < BOX_TTL_SECONDS:
            return hit[1]
        if not stale_ok or age >= BOX_TTL_SECONDS + BOX_GRACE_SECONDS:
            return None
        claimed = self._refreshing.get(address)
        if claimed is not None and now - claimed < BOX_GRACE_SECONDS:
            return hit[1]
        self._refreshing[address] = now
        return None

    def remember(self, session: Session, box: Mailbox) -> Box:
        """A snapshot of ``box``, kept for the next senders unless ``session`` made it (it
        is not committed yet and may be rolled back: the next sender will read it back)."""
        view = Box.of(box)
        if view.address not in session.info.get(MADE_KEY, ()):
            self._boxes[view.address] = (time.monotonic(), view)
            self._refreshing.pop(view.address, None)
        return view

    def forget_box(self, address: str) -> None:
        """Drop a mailbox's snapshot (its keys or its end-to-end key changed)."""
        self._boxes.pop(address, None)
        self._refreshing.pop(address, None)

    @classmethod
    def from_settings(cls, settings: Settings) -> KeyStore:
        kek_id, kek = crypto.derive_kek(settings.messaging_kek.get_secret_value())
        previous = {}
        if settings.messaging_kek_previous is not None:
            old_id, old = crypto.derive_kek(settings.messaging_kek_previous.get_secret_value())
            previous[old_id] = old
        return cls(kek_id, kek, previous)

    def _kek_for(self, kek_id: str) -> bytes:
        if kek_id == self.kek_id:
            return self.kek
        if kek_id in self.previous:
            return self.previous[kek_id]
        raise ConflictError(
            f"Mailbox keys are wrapped by KEK {kek_id}, which is not configured: set "
            "CONCORD_MESSAGING_KEK_PREVIOUS to the secret in use before the rotation"
        )

    def create(self, session: Session, mailbox: Mailbox, version: int, now: datetime) -> None:
        dek = crypto.new_key()
        seed, public = crypto.new_signing_key()
        session.add(
            MailboxKey(
                mailbox_id=mailbox.id,
                version=version,
                kek_id=self.kek_id,
                wrapped_dek=crypto.encrypt(self.kek, dek, _aad(mailbox.id, version, "dek")),
                wrapped_signing=crypto.encrypt(
                    self.kek, seed, _aad(mailbox.id, version, "signing")
                ),
                signing_public=public.hex(),
                created_at=now,
            )
        )
        mailbox.signing_public = public.hex()
        mailbox.key_version = version
        self.forget_box(mailbox.address)
        self._cache[(mailbox.id, version)] = (dek, seed)

    def keys(
        self, session: Session, mailbox_id: str, version: int, *, check: bool = False
    ) -> tuple[bytes, bytes]:
        """(data key, signing seed) of one version of a mailbox's keys. ``check``: make sure
        the keys were not erased since they were cached (another process may have erased
        them), as every read of a message does."""
        hit = self._cache.get((mailbox_id, version))
        if hit is not None and not check:
            return hit
        row = session.get(MailboxKey, (mailbox_id, version))
        if hit is not None and row is not None and row.wrapped_dek is not None:
            return hit
        self._cache.pop((mailbox_id, version), None)
        if row is None or row.wrapped_dek is None or row.wrapped_signing is None:
            raise GoneError(
                "This mailbox's keys were erased: its copies of messages cannot be read"
            )
        kek = self._kek_for(row.kek_id)
        dek = crypto.decrypt(kek, row.wrapped_dek, _aad(mailbox_id, version, "dek"))
        seed = crypto.decrypt(kek, row.wrapped_signing, _aad(mailbox_id, version, "signing"))
        self._cache[(mailbox_id, version)] = (dek, seed)
        return dek, seed

    def forget(self, mailbox_id: str | None = None) -> None:
        for key in [k for k in self._cache if mailbox_id is None or k[0] == mailbox_id]:
            del self._cache[key]
        crypto.forget_signing_keys()  # the loaded keys too (an erased mailbox's among them)
        for address, (_, view) in list(self._boxes.items()):
            if mailbox_id is None or view.id == mailbox_id:
                del self._boxes[address]

    def rewrap(self, session: Session) -> int:
        """Re-wrap every key not wrapped by the current KEK (after a KEK rotation)."""
        count = 0
        rows = session.execute(select(MailboxKey).where(MailboxKey.kek_id != self.kek_id))
        for row in rows.scalars():
            if row.wrapped_dek is None or row.wrapped_signing is None:
                row.kek_id = self.kek_id  # erased: nothing to re-wrap
                continue
            old = self._kek_for(row.kek_id)
            dek_aad = _aad(row.mailbox_id, row.version, "dek")
            sig_aad = _aad(row.mailbox_id, row.version, "signing")
            dek = crypto.decrypt(old, row.wrapped_dek, dek_aad)
            seed = crypto.decrypt(old, row.wrapped_signing, sig_aad)
            row.wrapped_dek = crypto.encrypt(self.kek, dek, dek_aad)
            row.wrapped_signing = crypto.encrypt(self.kek, seed, sig_aad)
            row.kek_id = self.kek_id
            count += 1
        session.flush()
        return count

    def shred(self, session: Session, mailbox: Mailbox, now: datetime) -> int:
        """Destroy every version of a mailbox's keys; returns how many."""
        rows = session.execute(select(MailboxKey).where(MailboxKey.mailbox_id == mailbox.id))
        count = 0
        for row in rows.scalars():
            if row.wrapped_dek is not None:
                row.wrapped_dek = None
                row.wrapped_signing = None
                row.destroyed_at = now
                count += 1
        self.forget(mailbox.id)
        session.flush()
        return count


def _aad(mailbox_id: str, version: int, what: str) -> bytes:
    return f"concord-mailbox-key:{mailbox_id}:{version}:{what}".encode()
