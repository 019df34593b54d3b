"""Loading the demo dataset: agencies, people, a border service account with its API token,
welcome notifications, all created through the services by the Secretariat's system actor, and
police records entered by each country's demo operator (so every step is in the audit trail),
then the five past years' notices, messages, search tallies and operations (``history.py``,
``operations.py``), in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from concord import audit
from concord.auth import accounts
from concord.auth import secrets as auth_secrets
from concord.auth.models import Account
from concord.auth.principal import SECRETARIAT, Principal
from concord.auth.roles import Role
from concord.bootstrap import SYSTEM_USERNAME, system_principal
from concord.db.database import Database
from concord.demo import credentials
from concord.demo.agencies import AGENCIES, FR_BORDER
from concord.demo.history import load_history
from concord.demo.messages import load_messages
from concord.demo.notices import load_notices
from concord.demo.operations import load_operations
from concord.demo.people import COUNTRIES, display_name, people
from concord.demo.records import load_records
from concord.demo.staff import load_staff
from concord.errors import ConflictError
from concord.members.models import Agency, Country
from concord.members.service import create_agency
from concord.notify.service import send
from concord.settings import Settings

#: Environments the demo may be loaded in. Its credentials are public: never in production.
ALLOWED_ENVIRONMENTS = frozenset({"development", "test"})

BORDER_USERNAME = "fr.border"
BORDER_DISPLAY_NAME = "PAF Roissy-Charles-de-Gaulle, contrôle frontière"
BORDER_PURPOSE = "border_control"


class DemoRefusedError(ConflictError):
    """The demo dataset cannot be loaded here (wrong environment, or data already present).

    A plain conflict to clients (same code and title, so the error catalogue is unchanged);
    the subclass only lets callers catch this refusal precisely."""


@dataclass
class DemoResult:
    """What :func:`load_demo` created. ``logins`` has one entry per account: username, role,
    country (empty for the Secretariat), password and totp_secret (empty for the service
    account) and token (empty for people, who log in)."""

    seed: int
    logins: list[dict[str, str]] = field(default_factory=list)
    accounts: int = 0
    people: int = 0
    service_accounts: int = 0
    agencies: int = 0
    notifications: int = 0
    records: int = 0
    notices: int = 0
    diffusions: int = 0
    messages: int = 0
    operations: int = 0
    staff: int = 0
    hits: int = 0
    #: the five past years: notices, messages and monthly search tallies (``history.py``)
    past_notices: int = 0
    past_messages: int = 0
    search_tallies: int = 0
    countries: list[str] = field(default_factory=list)


def _login(username: str, role: Role, country: str | None, **secret: str) -> dict[str, str]:
    return {
        "username": username,
        "role": str(role),
        "country": country or "",
        "password": secret.get("password", ""),
        "totp_secret": secret.get("totp_secret", ""),
        "token": secret.get("token", ""),
    }


def demo_logins(seed: int) -> list[dict[str, str]]:
    """The demo's credentials for ``seed``, without a database: what :func:`load_demo` returns
    in ``logins``, so they can be shown again on every start."""
    out = [
        _login(
            p.username,
            p.role,
            p.country,
            password=credentials.DEMO_PASSWORD,
            totp_secret=credentials.totp_secret(seed, p.username),
        )
        for p in people()
    ]
    out.append(
        _login(
            BORDER_USERNAME,
            Role.BORDER_OFFICER,
            "FR",
            token=credentials.service_token(seed, BORDER_USERNAME),
        )
    )
    return out


def _has_accounts(session: Session) -> bool:
    stmt = select(Account.id).where(Account.username != SYSTEM_USERNAME).limit(1)
    return session.execute(stmt).first() is not None


def database_is_empty(db: Database) -> bool:
    """True when no account exists besides the Secretariat's system actor."""
    with db.session() as session:
        return not _has_accounts(session)


def _check_environment(settings: Settings) -> None:
    if settings.environment not in ALLOWED_ENVIRONMENTS:
        raise DemoRefusedError(
            "The demo dataset has public credentials and is only loaded in development or "
            f"test, never in '{settings.environment}'"
        )


def _check_database(session: Session) -> None:
    if _has_accounts(session):
        raise DemoRefusedError("database already has accounts")
    missing = sorted(
        {c.code for c in COUNTRIES} - set(session.execute(select(Country.code)).scalars())
    )
    if missing:
        raise DemoRefusedError(f"Reference data is missing demo countries: {', '.join(missing)}")


def _agencies(session: Session, system: Principal) -> dict[tuple[str, str], Agency]:
    out: dict[tuple[str, str], Agency] = {}
    for a in AGENCIES:
        out[(a.country, a.name)] = create_agency(
            session, system, name=a.name, kind=str(a.kind), country=a.country
        )
    return out


def _people(session: Session, system: Principal, settings: Settings, seed: int) -> int:
    key = settings.secret_key.get_secret_value()
    count = 0
    shared_hash = credentials.shared_password_hash()
    for person in people():
        new = accounts.create_account(
            session,
            system,
            settings=settings,
            kind="user",
            username=person.username,
            display_name=display_name(person, seed),
            role=person.role,
            country=person.country,
            email=f"{person.username}@demo.concord.invalid",
            password_hash=shared_hash,
        )
        # create_account drew a random second factor; the demo's comes from the seed.
        secret = credentials.totp_secret(seed, person.username)
        new.account.totp_secret = auth_secrets.seal_totp(secret, key)
        count += 1
    return count


def _border_service(
    session: Session, system: Principal, settings: Settings, seed: int, agency: Agency
) -> Account:
    new = accounts.create_account(
        session,
        system,
        settings=settings,
        kind="service",
        username=BORDER_USERNAME,
        display_name=BORDER_DISPLAY_NAME,
        role=Role.BORDER_OFFICER,
        country="FR",
        agency_id=agency.id,
        default_purpose=BORDER_PURPOSE,
    )
    token, _random = accounts.create_token(
        session,
        system,
        settings=settings,
        account_id=new.account.id,
        name="demo border screening",
        days=min(365, settings.token_max_days),
    )
    # Replace the random secret by the seed's, so that the token is known on every start.
    token.token_hash = auth_secrets.token_digest(credentials.service_token(seed, BORDER_USERNAME))
    session.flush()
    return new.account


def _welcome(session: Session, system: Principal, border: Account) -> int:
    def note(title: str, body: str, **to: str) -> None:
        send(
            session,
            system,
            kind="welcome",
            title=title,
            body=body,
            account_id=to.get("account_id"),
            role=None,
            country=to.get("country"),
        )

    for c in COUNTRIES:
        note(
            f"{c.greeting} — welcome to Concord",
            f"The {c.code} NCB's demo accounts are ready: {c.code.lower()}.admin manages the "
            f"country's agencies and accounts, {c.code.lower()}.operator screens and notifies. "
            "This is demonstration data.",
            country=c.code,
        )
    note(
        "Welcome to the General Secretariat's workspace",
        "Demo accounts of the Secretariat, the CCF and the NCBs of "
        f"{len(COUNTRIES)} countries are ready. This is demonstration data.",
        country=SECRETARIAT,
    )
    note(
        "Your API token is ready",
        "The demo border-screening token of this account is active; its purpose defaults to "
        f"'{BORDER_PURPOSE}'.",
        account_id=border.id,
    )
    return len(COUNTRIES) + 2


def load_demo(db: Database, settings: Settings, *, seed: int) -> DemoResult:
    """Load the demo dataset for ``seed`` into an empty database, in one transaction.

    Refused (:class:`DemoRefusedError`, a 409 conflict) outside the development and test
    environments, and when the database already has accounts besides the system actor.
    """
    _check_environment(settings)  # before touching the database
    result = DemoResult(seed=seed, countries=[c.code for c in COUNTRIES])
    with db.transaction() as session:
        _check_database(session)
        system = system_principal(session)
        agencies = _agencies(session, system)
        result.agencies = len(agencies)
        result.people = _people(session, system, settings, seed)
        border = _border_service(session, system, settings, seed, agencies[("FR", FR_BORDER)])
        result.service_accounts = 1
        result.notifications = _welcome(session, system, border)
        result.accounts = result.people + result.service_accounts
        result.records = load_records(session, settings, seed)
        demo_notices = load_notices(session, settings, seed)
        result.notices = demo_notices.notices
        result.diffusions = demo_notices.diffusions
        result.messages = load_messages(session, settings)
        history = load_history(session, settings, seed)
        result.past_notices = history.notices
        result.past_messages = history.messages
        result.search_tallies = history.tallies
        result.operations = load_operations(session, settings, seed).operations
        result.staff = load_staff(session, settings, seed)
        audit.record(
            session,
            actor=system,
            action="demo.load",
            object_type="demo",
            payload={
                "seed": seed,
                "accounts": result.accounts,
                "agencies": result.agencies,
                "notifications": result.notifications,
                "records": result.records,
                "notices": result.notices,
                "messages": result.messages,
                "past_years": f"{history.years[0]}-{history.years[1]}",
                "past_notices": result.past_notices,
                "past_messages": result.past_messages,
                "search_tallies": result.search_tallies,
            },
        )
    # Screened after the load commits, as the border post would: hits, alerts, audit.
    from concord.demo.screening import screen_travellers

    screened = screen_travellers(db, settings, BORDER_USERNAME)
    result.hits = sum(len(r.hits) for r in screened)
    result.logins = demo_logins(seed)
    return result
