"""``concord users``: people, who log in with a password and a TOTP code."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from concord import audit
from concord.auth import accounts, secrets
from concord.auth.roles import Permission, Role
from concord.auth.schemas import AccountOut, NewUserOut, UserCreate
from concord.cli.context import EXIT_BAD_INPUT, account_named, fail, state
from concord.cli.members import NO_LIMIT
from concord.cli.output import dump, dump_all, emit_json, fields, say, table
from concord.errors import ValidationFailedError

users_app = typer.Typer(
    help="Accounts: people who log in with password and TOTP (and listing of all accounts).",
    no_args_is_help=True,
)


class AccountKind(StrEnum):
    USER = "user"
    SERVICE = "service"


Json = Annotated[bool, typer.Option("--json", help="Write one JSON document to stdout.")]
Username = Annotated[str, typer.Argument(metavar="USERNAME", help="Username of the account.")]
RoleOpt = Annotated[Role, typer.Option(help="Role of the account.")]
Country = Annotated[
    str | None, typer.Option(help="Member country (ISO 3166 alpha-2, e.g. FR).", metavar="CC")
]


def _password(password: str | None, from_stdin: bool) -> str:
    if password is not None and from_stdin:
        fail("give --password or --password-stdin, not both", EXIT_BAD_INPUT)
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if password is not None:
        return password
    if sys.stdin.isatty():
        return str(typer.prompt("Initial password", hide_input=True, confirmation_prompt=True))
    fail("an initial password is needed: --password-stdin or --password", EXIT_BAD_INPUT)


@users_app.command("create")
def create_user(
    ctx: typer.Context,
    username: Username,
    role: RoleOpt,
    display_name: Annotated[str, typer.Option(help="Full name shown to others.")],
    country: Country = None,
    agency: Annotated[
        str | None, typer.Option(metavar="ID", help="Agency the person works for.")
    ] = None,
    email: Annotated[str | None, typer.Option(help="Contact address.")] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the initial password from stdin.")
    ] = False,
    password: Annotated[
        str | None,
        typer.Option(help="Initial password (visible in the process list: prefer stdin)."),
    ] = None,
    as_json: Json = False,
) -> None:
    """Create a person; prints the TOTP secret and otpauth URI, once.

    Enrol the secret in the person's authenticator app now: it is never shown again.
    """
    secret = _password(password, password_stdin)
    with state(ctx).work() as w:
        body = UserCreate(
            username=username,
            display_name=display_name,
            role=role,
            country=country.upper() if country else None,
            agency_id=agency,
            email=email,
            password=secret,
        )
        new = accounts.create_account(
            w.session,
            w.principal,
            settings=w.settings,
            kind="user",
            username=body.username,
            display_name=body.display_name,
            role=body.role,
            country=body.country,
            agency_id=body.agency_id,
            email=body.email,
            password=body.password,
        )
        out = NewUserOut(
            account=AccountOut.model_validate(new.account),
            totp_secret=new.totp_secret,
            totp_uri=new.totp_uri,
        )
    if as_json:
        emit_json(dump(out))
        return
    say(f"created user {out.account.username} ({out.account.id}), role {out.account.role}")
    say("TOTP secret and URI (shown once; enrol them in an authenticator app now):")
    fields([("totp secret", out.totp_secret), ("totp uri", out.totp_uri)])


@users_app.command("list")
def list_users(
    ctx: typer.Context,
    country: Country = None,
    kind: Annotated[
        AccountKind | None, typer.Option(help="Only people or service accounts.  [default: both]")
    ] = None,
    as_json: Json = False,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Show at most this many rows.  [default: all]")
    ] = None,
) -> None:
    """List the accounts the actor may see, by username."""
    with state(ctx).work() as w:
        rows, total = accounts.list_accounts(
            w.session,
            w.principal,
            country=country.upper() if country else None,
            kind=str(kind) if kind else None,
            limit=limit or NO_LIMIT,
        )
        out = [AccountOut.model_validate(r) for r in rows]
    if as_json:
        emit_json(dump_all(out))
        return
    table(
        ["username", "kind", "role", "country", "display name", "disabled", "locked until"],
        [
            (
                a.username,
                a.kind,
                a.role,
                a.country_code,
                a.display_name,
                a.disabled_at,
                a.locked_until,
            )
            for a in out
        ],
        title=f"{len(out)} of {total} accounts",
    )


def _change(ctx: typer.Context, username: str, verb: str, as_json: bool) -> None:
    with state(ctx).work() as w:
        account = account_named(w.session, w.principal, username)
        if verb == "disabled":
            accounts.set_disabled(w.session, w.principal, account.id, disabled=True)
        elif verb == "enabled":
            accounts.set_disabled(w.session, w.principal, account.id, disabled=False)
        else:
            accounts.unlock(w.session, w.principal, account.id)
        out = AccountOut.model_validate(account)
    if as_json:
        emit_json(dump(out))
        return
    say(f"{verb} {out.username}")


@users_app.command("disable")
def disable(ctx: typer.Context, username: Username, as_json: Json = False) -> None:
    """Disable an account: it can no longer log in and its tokens stop working."""
    _change(ctx, username, "disabled", as_json)


@users_app.command("enable")
def enable(ctx: typer.Context, username: Username, as_json: Json = False) -> None:
    """Enable a disabled account again."""
    _change(ctx, username, "enabled", as_json)


@users_app.command("unlock")
def unlock(ctx: typer.Context, username: Username, as_json: Json = False) -> None:
    """Unlock an account locked after too many failed logins."""
    _change(ctx, username, "unlocked", as_json)


@users_app.command("reset-totp")
def reset_totp(ctx: typer.Context, username: Username, as_json: Json = False) -> None:
    """Give a person a new TOTP secret (lost phone); prints it and its URI, once."""
    with state(ctx).work() as w:
        account = account_named(w.session, w.principal, username)
        new = accounts.reset_totp(w.session, w.principal, account.id, settings=w.settings)
        out = NewUserOut(
            account=AccountOut.model_validate(new.account),
            totp_secret=new.totp_secret,
            totp_uri=new.totp_uri,
        )
    if as_json:
        emit_json(dump(out))
        return
    say(f"new TOTP secret for {out.account.username} (shown once):")
    fields([("totp secret", out.totp_secret), ("totp uri", out.totp_uri)])


@users_app.command("totp-code")
def totp_code(ctx: typer.Context, username: Username, as_json: Json = False) -> None:
    """Print a person's current TOTP code, for demo logins (development only)."""
    cli = state(ctx)
    if not cli.is_development:
        fail("totp-code is only available in development", EXIT_BAD_INPUT)
    with cli.work() as w:
        accounts.require(w.principal, Permission.USERS_MANAGE)
        account = account_named(w.session, w.principal, username)
        if account.kind != "user" or account.totp_secret is None:
            raise ValidationFailedError(f"'{username}' has no second factor")
        try:
            secret = secrets.open_totp(
                account.totp_secret, w.settings.secret_key.get_secret_value()
            )
        except ValueError as exc:
            fail(str(exc))
        code = secrets.totp_now(secret)
        audit.record(
            w.session,
            actor=w.principal,
            action="account.totp_code",
            object_type="account",
            object_id=account.id,
        )
    if as_json:
        emit_json({"username": username, "code": code})
        return
    say(code)
