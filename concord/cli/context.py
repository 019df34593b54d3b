"""Shared plumbing of the CLI: settings and database on the Typer context, the acting principal,
one transaction per command, and errors mapped to exit codes.

The root callback stores a :class:`CliState` on ``ctx.obj``. Commands open a unit of work with
``state.work()``, which resolves the actor (``--as USERNAME``, or in development the General
Secretariat's system actor), runs the command in one transaction and turns
:class:`~concord.errors.ConcordError` into ``error: <detail>`` on stderr and exit code 2 (bad
input: 400/422) or 1 (anything else). Tests run the CLI on their own database through
:func:`override`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import NoReturn

import typer
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from concord import audit
from concord.audit.chain import Signer
from concord.auth import accounts
from concord.auth.models import Account
from concord.auth.principal import Principal
from concord.auth.service import principal_for
from concord.bootstrap import system_principal
from concord.db.database import Database
from concord.errors import ConcordError, NotFoundError
from concord.members.models import Agency
from concord.settings import Settings

EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


@dataclass(frozen=True)
class _Override:
    db: Database | None = None
    settings: Settings | None = None


_override: ContextVar[_Override | None] = ContextVar("concord_cli_override", default=None)


@contextmanager
def override(*, db: Database | None = None, settings: Settings | None = None) -> Iterator[None]:
    """Run CLI invocations on this database and/or these settings (for tests only)."""
    token = _override.set(_Override(db=db, settings=settings))
    try:
        yield
    finally:
        _override.reset(token)


def fail(message: str, code: int = EXIT_FAILURE) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def exit_code_for(exc: ConcordError) -> int:
    return EXIT_BAD_INPUT if exc.status in (400, 422) else EXIT_FAILURE


def describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    return f"{where}: {first['msg']}" if where else str(first["msg"])


@dataclass(frozen=True)
class Work:
    """What a command works with: one session (one transaction) and the acting principal."""

    session: Session
    principal: Principal
    settings: Settings
    signer: Signer


@dataclass
class CliState:
    settings: Settings
    acting_as: str | None = None
    overridden: bool = False
    command_path: str = "concord"
    _db: Database | None = None
    _owns_db: bool = False
    _principal: Principal | None = field(default=None, repr=False)

    @classmethod
    def build(cls, acting_as: str | None) -> CliState:
        forced = _override.get()
        settings = forced.settings if forced is not None else None
        if settings is None:
            try:
                settings = Settings()
            except ValidationError as exc:
                fail(f"invalid configuration: {describe(exc)}", EXIT_BAD_INPUT)
        db = forced.db if forced is not None else None
        return cls(settings=settings, acting_as=acting_as, overridden=forced is not None, _db=db)

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = Database.from_url(self.settings.database_url)
            self._owns_db = True
        return self._db

    @property
    def is_development(self) -> bool:
        return self.settings.environment == "development"

    @property
    def signer(self) -> Signer:
        return Signer.from_seed(self.settings.audit_signing_key.get_secret_value())

    def close(self) -> None:
        if self._owns_db and self._db is not None:
            self._db.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction, with errors mapped to exit codes; no actor is resolved."""
        with self.errors_mapped(), self.db.transaction() as session:
            yield session

    @contextmanager
    def work(self) -> Iterator[Work]:
        """One transaction on behalf of the acting principal."""
        with self.errors_mapped(), self.db.transaction() as session:
            principal = self.resolve_actor(session)
            yield Work(session, principal, self.settings, self.signer)

    def resolve_actor(self, session: Session) -> Principal:
        if self.acting_as is None:
            if not self.is_development:
                fail("--as USERNAME is required outside development", EXIT_BAD_INPUT)
            self._principal = system_principal(session)
            return self._principal
        account = session.execute(
            select(Account).where(Account.username == self.acting_as)
        ).scalar_one_or_none()
        if account is None:
            fail(f"--as: no account '{self.acting_as}'", EXIT_BAD_INPUT)
        if account.disabled_at is not None:
            fail(f"--as: account '{self.acting_as}' is disabled", EXIT_BAD_INPUT)
        if account.agency_id is not None:
            agency = session.get(Agency, account.agency_id)
            if agency is None or agency.status != "active":
                fail(f"--as: the agency of '{self.acting_as}' is suspended", EXIT_BAD_INPUT)
        self._principal = principal_for(account)
        return self._principal

    @contextmanager
    def errors_mapped(self) -> Iterator[None]:
        """Turn the platform's errors into ``error: ...`` on stderr and an exit code."""
        try:
            yield
        except ConcordError as exc:
            if exc.is_denial:
                self._audit_denial(exc)
            fail(exc.detail, exit_code_for(exc))
        except ValidationError as exc:
            fail(describe(exc), EXIT_BAD_INPUT)
        except SQLAlchemyError as exc:
            reason = getattr(exc, "orig", None) or exc
            fail(f"database error: {reason} (is the schema current? try `concord db upgrade`)")
        except TimeoutError as exc:  # the SQLite writer queue gave up waiting
            fail(f"database busy: {exc}")

    def _audit_denial(self, exc: ConcordError) -> None:
        """Record a denied attempt in its own transaction: the command's was rolled back."""
        with self.db.transaction() as session:
            audit.record(
                session,
                actor=self._principal,
                action="access.denied",
                outcome="denied",
                object_type=exc.object_type,
                object_id=exc.object_id,
                payload={"command": self.command_path, "code": exc.code},
            )


def state(ctx: typer.Context) -> CliState:
    """The CLI state of the running command (and remember which command it is)."""
    obj = ctx.find_root().obj
    if not isinstance(obj, CliState):  # pragma: no cover - the root callback always sets it
        raise RuntimeError("the concord CLI state is missing")
    obj.command_path = ctx.command_path
    return obj


def account_named(session: Session, principal: Principal, username: str) -> Account:
    """The account called ``username``, if the principal may see it (same rules as by id)."""
    account_id = session.execute(
        select(Account.id).where(Account.username == username)
    ).scalar_one_or_none()
    if account_id is None:
        raise NotFoundError(f"No account '{username}'")
    return accounts.get_account(session, principal, account_id)
