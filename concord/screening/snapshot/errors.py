"""Why a snapshot, a delta or a key is refused. Every refusal is a :class:`SnapshotError`
(HTTP 422, CLI exit 2) with a stable code, so that a border post's tooling can tell a bad
signature from an expired file without parsing messages."""

from __future__ import annotations

from concord.errors import ConcordError


class SnapshotError(ConcordError):
    """A snapshot or delta that cannot be used; nothing was written."""

    status = 422
    code = "snapshot_refused"
    title = "Snapshot refused"


class NotASnapshotError(SnapshotError):
    code = "snapshot_unknown_format"
    title = "Not a Concord snapshot"


class CorruptSnapshotError(SnapshotError):
    code = "snapshot_corrupted"
    title = "Snapshot corrupted"


class BadSignatureError(SnapshotError):
    code = "snapshot_bad_signature"
    title = "Snapshot signature invalid"


class WrongSignerError(SnapshotError):
    code = "snapshot_wrong_signer"
    title = "Snapshot signed by another key"


class ExpiredSnapshotError(SnapshotError):
    code = "snapshot_expired"
    title = "Snapshot expired"


class NotForThisKeyError(SnapshotError):
    code = "snapshot_not_for_this_key"
    title = "Snapshot not encrypted for this key"


class WrongBaseError(SnapshotError):
    code = "snapshot_wrong_base"
    title = "Delta made for another snapshot"


class KeyFileError(SnapshotError):
    code = "snapshot_key_file"
    title = "Unusable key file"


class PassphraseNeededError(KeyFileError):
    code = "snapshot_passphrase_needed"
    title = "Key file is passphrase-protected"


class SigningKeyNotConfiguredError(ConcordError):
    """Outside development the snapshot signing seed must be set before anything is signed."""

    status = 503
    code = "snapshot_signing_key_unset"
    title = "Snapshot signing key not configured"
