"""``concord snapshot``: MIND, the offline copy (see ``docs/mind.md``).

Server side (on the database, as ``--as``): ``keygen``, ``keys``, ``revoke``, ``pubkey``,
``export``, ``diff``. Post side (no database, no network): ``info``, ``apply``, ``screen``.
Refused files exit 2 and nothing is written.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from concord.cli.context import CliState, state
from concord.cli.output import console, emit_json, fields, note, table
from concord.clock import now as clock_now
from concord.errors import ValidationFailedError
from concord.records import checks
from concord.screening.names import PersonProfile, analyze
from concord.screening.snapshot import delta, export, keys, recipients
from concord.screening.snapshot.errors import PassphraseNeededError
from concord.screening.snapshot.format import Statement, format_time
from concord.screening.snapshot.offline import OfflineHit, OfflineScreener
from concord.screening.snapshot.reader import read_file, verified

app = typer.Typer(
    help="Offline snapshots (MIND): keys, signed encrypted exports, deltas, offline screening.",
    no_args_is_help=True,
)

Country = Annotated[str, typer.Option("--for", metavar="CC", help="The country (ISO alpha-2).")]
Json = Annotated[bool, typer.Option("--json", help="Write one JSON document to stdout.")]
PubKey = Annotated[
    str,
    typer.Option(
        "--pubkey",
        metavar="KEY",
        help="The server's signing public key: 64 hex digits, or a file (hex or PEM) from "
        "`concord snapshot pubkey`.",
    ),
]
PrivKey = Annotated[
    Path,
    typer.Option("--key", metavar="KEYFILE", help="This post's private key (from keygen)."),
]
Passphrase = Annotated[
    str | None,
    typer.Option(
        "--passphrase",
        envvar="CONCORD_SNAPSHOT_PASSPHRASE",
        show_envvar=True,
        help="Passphrase of the key file; prompted for when needed and not given.",
    ),
]


def _write(path: Path, data: bytes, cli: CliState) -> None:
    """Write ``data`` to ``path`` through a temporary file: all or nothing."""
    partial = path.with_name(f"{path.name}.part")
    with cli.errors_mapped():
        try:
            partial.write_bytes(data)
            partial.replace(path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise ValidationFailedError(f"{path}: {exc.strerror}") from None


def private_key(path: Path, passphrase: str | None) -> Any:
    """The post's private key from ``path``, asking for its passphrase on a terminal."""
    secret = passphrase.encode() if passphrase else None
    try:
        return keys.load_private_key(path, secret)
    except PassphraseNeededError:
        if not sys.stdin.isatty():
            raise
        entered = typer.prompt(f"passphrase of {path}", hide_input=True)
        return keys.load_private_key(path, entered.encode())


def _statement_out(s: Statement) -> dict[str, Any]:
    return {
        "kind": s.kind,
        "id": s.id,
        "country": s.country,
        "created_at": format_time(s.created_at),
        "expires_at": format_time(s.expires_at),
        "counts": s.counts,
        "content_sha256": s.content_sha256,
        "recipients": [r.key_id for r in s.recipients],
        "signer_key_id": s.signer_key_id,
        **({"base_sha256": s.base_sha256} if s.base_sha256 else {}),
    }


def _show(s: Statement, json_out: bool, extra: dict[str, Any] | None = None) -> None:
    out = {**_statement_out(s), **(extra or {})}
    if json_out:
        emit_json(out)
    else:
        fields(list(out.items()))


@app.command("keygen")
def keygen(
    ctx: typer.Context,
    country: Country,
    out: Annotated[
        Path, typer.Option("--out", metavar="KEYFILE", help="Where to write the private key.")
    ],
    name: Annotated[str | None, typer.Option(help="Which post holds the key.")] = None,
    passphrase: Passphrase = None,
    no_passphrase: Annotated[
        bool, typer.Option("--no-passphrase", help="Leave the key file unencrypted.")
    ] = False,
    json_out: Json = False,
) -> None:
    """Create an X25519 key pair for one of CC's offline posts: register the public key
    (audited) and write the private key to KEYFILE (mode 0600, never overwritten)."""
    cli = state(ctx)
    code = country.strip().upper()
    if not no_passphrase and not passphrase:
        passphrase = typer.prompt("passphrase", hide_input=True, confirmation_prompt=True)
    with cli.errors_mapped():
        fd = keys.create_key_file(out)
    try:
        private = keys.new_recipient_key()
        with cli.work() as w:
            row = recipients.register(
                w.session,
                w.principal,
                country=code,
                public_raw=keys.x25519_raw(private.public_key()),
                name=name or f"{code} offline post",
                now=clock_now(w.settings),
            )
            result = {"key_id": row.key_id, "country": row.country, "name": row.name}
        secret = None if no_passphrase or not passphrase else passphrase.encode()
        os.write(fd, keys.private_key_pem(private, secret))
    except BaseException:
        os.close(fd)
        out.unlink(missing_ok=True)
        raise
    os.close(fd)
    result["key_file"] = str(out)
    if json_out:
        emit_json(result)
    else:
        fields(list(result.items()))


@app.command("keys")
def list_keys(
    ctx: typer.Context,
    country: Annotated[str | None, typer.Option("--for", metavar="CC", help="Only CC.")] = None,
    json_out: Json = False,
) -> None:
    """List the registered snapshot keys (an NCB sees its own)."""
    with state(ctx).work() as w:
        rows = [
            {
                "key_id": r.key_id,
                "country": r.country,
                "name": r.name,
                "created_at": r.created_at,
                "revoked_at": r.revoked_at,
            }
            for r in recipients.listed(w.session, w.principal, country)
        ]
    if json_out:
        emit_json(rows)
    else:
        table(["key id", "country", "name", "created", "revoked"], [list(r.values()) for r in rows])


@app.command("revoke")
def revoke(ctx: typer.Context, key_id: Annotated[str, typer.Argument(metavar="KEY_ID")]) -> None:
    """Revoke a post's key (a lost laptop): later snapshots are not encrypted for it."""
    with state(ctx).work() as w:
        row = recipients.revoke(w.session, w.principal, key=key_id, now=clock_now(w.settings))
    note(f"revoked key {row.key_id} of {row.country}")


@app.command("pubkey")
def pubkey(
    ctx: typer.Context,
    pem: Annotated[bool, typer.Option("--pem", help="PEM instead of hex.")] = False,
    out: Annotated[Path | None, typer.Option("--out", metavar="FILE", help="Write here.")] = None,
) -> None:
    """Print the server's snapshot signing public key, which posts pin with --pubkey."""
    cli = state(ctx)
    with cli.errors_mapped():
        server = keys.ServerKeys.from_settings(cli.settings)
    text = server.verify_key_pem() if pem else server.verify_key_hex()
    if out is None:
        typer.echo(text)
    else:
        _write(out, (text + "\n").encode("ascii"), cli)
        note(f"signing key {server.signer_key_id} written to {out}")


@contextmanager
def _progress() -> Iterator[export.Progress | None]:
    if not sys.stderr.isatty():
        yield None
        return
    bar = Progress(
        TextColumn("exporting"), BarColumn(), MofNCompleteColumn(), console=console(stderr=True)
    )
    task = bar.add_task("export", total=None)
    with bar:
        yield lambda done, total: bar.update(task, completed=done, total=total)


@app.command("export")
def export_cmd(
    ctx: typer.Context,
    country: Country,
    out: Annotated[Path, typer.Argument(metavar="OUT", dir_okay=False)],
    days: Annotated[
        int | None,
        typer.Option(min=1, max=366, help="Days valid.  [default: CONCORD_SNAPSHOT_DAYS_VALID]"),
    ] = None,
    json_out: Json = False,
) -> None:
    """Write a signed snapshot of what CC may see now (documents, persons), encrypted for CC's
    registered keys, expiring after --days (audited)."""
    cli = state(ctx)
    with _progress() as progress, cli.work() as w:
        made = export.export_snapshot(
            w.session,
            w.principal,
            country=country,
            settings=w.settings,
            now=clock_now(w.settings),
            days=days,
            progress=progress,
        )
        _write(out, made.data, cli)
    _show(made.statement, json_out, {"file": str(out), "bytes": len(made.data)})


@app.command("diff")
def diff_cmd(
    ctx: typer.Context,
    old: Annotated[Path, typer.Argument(metavar="OLD", dir_okay=False)],
    new: Annotated[Path, typer.Argument(metavar="NEW", dir_okay=False)],
    out: Annotated[Path, typer.Option("--out", metavar="DELTA", dir_okay=False)],
    json_out: Json = False,
) -> None:
    """Make the delta that turns OLD into NEW (server side: both exported here for one
    country), encrypted and signed like a snapshot (audited)."""
    cli = state(ctx)
    with cli.work() as w:
        made = delta.diff_snapshots(
            w.session,
            w.principal,
            old=read_file(old),
            new=read_file(new),
            settings=w.settings,
            now=clock_now(w.settings),
        )
        _write(out, made.data, cli)
    _show(made.statement, json_out, {"file": str(out), "bytes": len(made.data)})


@app.command("apply")
def apply_cmd(
    ctx: typer.Context,
    old: Annotated[Path, typer.Argument(metavar="OLD", dir_okay=False)],
    delta_file: Annotated[Path, typer.Argument(metavar="DELTA", dir_okay=False)],
    out: Annotated[Path, typer.Option("--out", metavar="NEW", dir_okay=False)],
    pubkey: PubKey,
    key: PrivKey,
    passphrase: Passphrase = None,
    json_out: Json = False,
) -> None:
    """Apply a delta to OLD (at the post, offline): the result answers exactly as the snapshot
    the server exported. A delta for another OLD, tampered or expired, is refused."""
    cli = state(ctx)
    now = clock_now(cli.settings)
    with cli.errors_mapped():
        verify_key = keys.load_verify_key(pubkey)
        data = delta.apply_delta(
            read_file(old),
            read_file(delta_file),
            verify_key=verify_key,
            private=private_key(key, passphrase),
            now=now,
        )
        _, statement = verified(data, verify_key, kind="snapshot", now=now)
    _write(out, data, cli)
    _show(statement, json_out, {"file": str(out)})


@app.command("info")
def info(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", dir_okay=False)],
    pubkey: PubKey,
    json_out: Json = False,
) -> None:
    """Check a snapshot's or delta's signature and expiry and show its statement (no key
    needed; nothing is decrypted)."""
    cli = state(ctx)
    with cli.errors_mapped():
        data = read_file(file)
        kind = "delta" if b'"kind":"delta"' in data[:4096] else "snapshot"
        _, statement = verified(
            data, keys.load_verify_key(pubkey), kind=kind, now=clock_now(cli.settings)
        )
    _show(statement, json_out)


@app.command("screen")
def screen(
    ctx: typer.Context,
    snapshot: Annotated[Path, typer.Argument(metavar="SNAPSHOT", dir_okay=False)],
    pubkey: PubKey,
    key: PrivKey,
    name: Annotated[list[str] | None, typer.Option(help="A name (any script); repeatable.")] = None,
    dob: Annotated[str | None, typer.Option(help="Birth date: YYYY[-MM[-DD]].")] = None,
    nationality: Annotated[str | None, typer.Option(metavar="CC")] = None,
    sex: Annotated[str | None, typer.Option(metavar="M|F|X")] = None,
    document: Annotated[str | None, typer.Option(metavar="NUMBER")] = None,
    country: Annotated[
        str | None, typer.Option("--country", metavar="CC", help="Document's issuing country.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 10,
    passphrase: Passphrase = None,
    json_out: Json = False,
) -> None:
    """Screen a person and/or a travel document against a snapshot, offline."""
    cli = state(ctx)
    with cli.errors_mapped():
        if not name and not document:
            raise ValidationFailedError("give --name and/or --document with --country")
        if document and not country:
            raise ValidationFailedError("--document needs --country (the issuing country)")
        screener = OfflineScreener.from_bytes(
            read_file(snapshot),
            keys.load_verify_key(pubkey),
            private_key(key, passphrase),
            clock_now(cli.settings),
        )
        hits: list[OfflineHit] = []
        if document and country:
            hits += screener.documents(document, country)
        if name:
            hits += screener.persons(_profile(name, dob, nationality, sex), limit)
    _report(screener, hits, json_out)


def _profile(
    names: list[str], dob: str | None, nationality: str | None, sex: str | None
) -> PersonProfile:
    try:
        return PersonProfile(
            names=tuple(analyze(n) for n in names),
            birth_date=checks.birth_date(dob) if dob else None,
            nationalities=(checks.country(nationality),) if nationality else (),
            sex=sex.upper() if sex else None,
        )
    except ValueError as exc:
        raise ValidationFailedError(str(exc)) from None


def _report(screener: OfflineScreener, hits: list[OfflineHit], json_out: bool) -> None:
    s = screener.statement
    if json_out:
        emit_json({"snapshot": _statement_out(s), "hits": [h.as_dict() for h in hits]})
        return
    note(f"snapshot for {s.country}, expires {format_time(s.expires_at)}: {len(hits)} hit(s)")
    table(
        ["decision", "score", "type", "record", "owner", "label", "why"],
        [
            (h.decision, h.score, h.record_type, h.record_id, h.owner, h.label, h.explanation)
            for h in hits
        ],
    )
