"""``concord messages keygen|register-key|rotate-kek|rotate-mailbox-keys|erase-mailbox``: the
keys of messaging. Thin wrappers over :mod:`concord.messaging.keyops`, every change audited.

- ``keygen`` / ``register-key``: end-to-end mode (the private key stays in a file, mode 0600,
  on the client's side; only the public key is registered);
- ``rotate-kek``: re-wrap every mailbox key under ``CONCORD_MESSAGING_KEK`` (the secret in use
  until now in ``CONCORD_MESSAGING_KEK_PREVIOUS``); messages are not re-encrypted;
- ``rotate-mailbox-keys``: a new version of the caller mailbox's data and signing keys;
- ``erase-mailbox``: crypto-shredding, for the Secretariat's administrators."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from concord.cli.context import EXIT_BAD_INPUT, fail, state
from concord.cli.output import emit_json, note, say
from concord.clock import now as clock_now
from concord.errors import ValidationFailedError
from concord.messaging import crypto, keyops
from concord.messaging.keys import KeyStore

Json = Annotated[bool, typer.Option("--json", help="Write one JSON document to stdout.")]


def read_private(path: Path) -> bytes:
    """The X25519 private key written by ``keygen`` (64 hex characters)."""
    try:
        text = path.read_text("ascii").strip()
        key = bytes.fromhex(text)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ValidationFailedError(f"--key: cannot read a key from {path}: {exc}") from None
    if len(key) != 32:
        raise ValidationFailedError(f"--key: {path} does not hold a 32-byte X25519 key")
    return key


def keygen(
    out: Annotated[
        Path, typer.Option("--out", metavar="FILE", help="Where to write the private key.")
    ],
    as_json: Json = False,
) -> None:
    """Make an X25519 key pair for end-to-end mode: the private key goes to FILE (hex, mode
    0600, never overwritten) and the public key is printed, to register with `register-key`."""
    private, public = crypto.new_e2e_key()
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        fail(f"--out: {out} exists; it is never overwritten", EXIT_BAD_INPUT)
    except OSError as exc:
        fail(f"--out: cannot create {out}: {exc}", EXIT_BAD_INPUT)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(private.hex() + "\n")
    if as_json:
        emit_json({"private_key_file": str(out), "public_key": public.hex()})
        return
    note(f"private key written to {out} (mode 0600): keep it on this client only")
    say(public.hex())


def register_key(
    ctx: typer.Context,
    public: Annotated[
        str, typer.Option("--public", metavar="HEX", help="The X25519 public key (64 hex).")
    ],
    as_json: Json = False,
) -> None:
    """Register your mailbox's end-to-end public key (mailbox administrators): messages to
    your mailbox are then sealed for it by the senders' clients."""
    st = state(ctx)
    with st.work() as w:
        store = KeyStore.from_settings(w.settings)
        box = keyops.register_e2e_key(w.session, w.principal, store, public, clock_now(w.settings))
        result = {"address": box.address, "e2e_public": box.e2e_public}
    if as_json:
        emit_json(result)
    else:
        say(f"mailbox {result['address']}: end-to-end key {result['e2e_public']} registered")


def rotate_kek(ctx: typer.Context, as_json: Json = False) -> None:
    """Re-wrap every mailbox key under CONCORD_MESSAGING_KEK (Secretariat administrators).

    Set CONCORD_MESSAGING_KEK to the new secret and CONCORD_MESSAGING_KEK_PREVIOUS to the one in
    use until now. Messages are not re-encrypted: only the mailboxes' keys are re-wrapped."""
    st = state(ctx)
    with st.work() as w:
        store = KeyStore.from_settings(w.settings)
        done = keyops.rotate_kek(w.session, w.principal, store)
    if as_json:
        emit_json(
            {
                "kek_id": done.kek_id,
                "rewrapped": done.rewrapped,
                "erased": done.erased,
                "already_current": done.current,
            }
        )
        return
    say(f"re-wrapped {done.rewrapped} mailbox key(s) under KEK {done.kek_id}")
    say(f"{done.current} already current, {done.erased} erased (nothing to re-wrap)")
    note("Once every Concord process runs with the new KEK, unset CONCORD_MESSAGING_KEK_PREVIOUS.")


def rotate_mailbox_keys(ctx: typer.Context, as_json: Json = False) -> None:
    """Give your mailbox a new key version (data key and signing key; mailbox
    administrators). Older messages stay readable with the older version."""
    st = state(ctx)
    with st.work() as w:
        store = KeyStore.from_settings(w.settings)
        box = keyops.rotate_own_mailbox(w.session, w.principal, store, clock_now(w.settings))
        result = {
            "address": box.address,
            "key_version": box.key_version,
            "signing_public": box.signing_public,
        }
    if as_json:
        emit_json(result)
    else:
        say(
            f"mailbox {result['address']}: key version {result['key_version']}, "
            f"signing key {result['signing_public']}"
        )


def erase_mailbox(
    ctx: typer.Context,
    address: Annotated[str, typer.Argument(metavar="ADDRESS", help="FR, FR/<agency>, IPSG.")],
    reason: Annotated[str, typer.Option(metavar="TEXT", help="Why (kept in the audit trail).")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    as_json: Json = False,
) -> None:
    """Erase a mailbox's keys (crypto-shredding; Secretariat administrators): its copies of
    messages can never be read again. Other mailboxes' copies, signatures and the audit
    chain are untouched. Irreversible."""
    if not yes:
        typer.confirm(
            f"Erase every key of mailbox {address}? Its messages become unreadable forever",
            abort=True,
            err=True,
        )
    st = state(ctx)
    with st.work() as w:
        store = KeyStore.from_settings(w.settings)
        destroyed = keyops.erase_mailbox(
            w.session, w.principal, store, address, reason, clock_now(w.settings)
        )
    if as_json:
        emit_json({"address": address, "key_versions_destroyed": destroyed})
    else:
        say(f"mailbox {address}: {destroyed} key version(s) destroyed; its copies are unreadable")


def register(app: typer.Typer) -> None:
    app.command("keygen")(keygen)
    app.command("register-key")(register_key)
    app.command("rotate-kek")(rotate_kek)
    app.command("rotate-mailbox-keys")(rotate_mailbox_keys)
    app.command("erase-mailbox")(erase_mailbox)
