"""The load test's setup: a fresh database (a SQLite file, or a new database on the given
PostgreSQL server), migrated and loaded with the demo through the CLI (``concord db upgrade``,
``concord demo load``); service accounts with tokens for a few NCBs; screening queries drawn
from the demo's records (hits) and invented (misses); then, once the server is up, console
sessions signed in through the sign-in form (password + TOTP) and a message in each NCB's
inbox, sent through the API.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pyotp

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
#: NCBs whose service accounts send, read and browse (demo countries).
NCBS = ("FR", "DE", "ES", "IT", "RU", "US")
#: People signed in to the console.
CONSOLE_USERS = ("fr.operator", "de.operator", "gs.reviewer")
CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')
ALPHA3 = {"FR": "FRA", "DE": "DEU", "ES": "ESP", "IT": "ITA", "RU": "RUS", "US": "USA"}


@contextmanager
def fresh_database(engine: str, url: str | None, tmp: Path) -> Iterator[str]:
    """The URL of an empty database, dropped afterwards (PostgreSQL) or in ``tmp`` (SQLite)."""
    if engine == "sqlite":
        yield f"sqlite:///{tmp / 'loadtest.db'}"
        return
    if not url:
        raise SystemExit("--engine postgresql needs --database-url or CONCORD_TEST_POSTGRES_URL")
    from sqlalchemy import create_engine, make_url, text

    name = f"concord_load_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def load_demo(env: dict[str, str]) -> list[dict[str, str]]:
    """``concord db upgrade`` and ``concord demo load``; the demo's logins."""
    concord = str(BIN / "concord")
    subprocess.run([concord, "db", "upgrade"], env=env, check=True, capture_output=True)
    out = subprocess.run(
        [concord, "demo", "load", "--json"], env=env, check=True, capture_output=True, text=True
    )
    logins: list[dict[str, str]] = json.loads(out.stdout)
    return logins


def _latin(data: dict[str, Any]) -> dict[str, Any]:
    names = data.get("names") or [{}]
    latin = [n for n in names if (n.get("script") or "Latn") == "Latn"]
    found: dict[str, Any] = (latin or names)[0]
    return found


def _mrz(number: str, state: str, family: str, given: str, born: str, sex: str) -> str:
    from concord.records.identifiers.mrz import build_td3

    return build_td3(
        number=number,
        state=state,
        surname=family,
        given=given,
        birth=date.fromisoformat((born + "-01-01")[:10]),
        sex=sex if sex in ("M", "F") else "M",
        expiry=date(2031, 5, 17),
    )


def prepare_accounts(database_url: str, *, seed: int) -> dict[str, Any]:
    """Service accounts and tokens for :data:`NCBS`, and the screening and browsing data
    drawn from the demo's records. Runs in this process against ``database_url``."""
    from faker import Faker
    from sqlalchemy import select

    from concord.auth import accounts
    from concord.auth.roles import Role
    from concord.bootstrap import system_principal
    from concord.db.database import Database
    from concord.records.models import Record
    from concord.settings import Settings

    settings = Settings(environment="development", database_url=database_url)  # type: ignore[call-arg]
    db = Database.from_url(database_url)
    tokens: dict[str, str] = {}
    with db.transaction() as session:
        system = system_principal(session)
        for country in NCBS:
            new = accounts.create_account(
                session,
                system,
                settings=settings,
                kind="service",
                username=f"{country.lower()}.loadtest",
                display_name=f"{country} NCB load test system",
                role=Role.NCB_OPERATOR,
                country=country,
            )
            _token, secret = accounts.create_token(
                session, system, settings=settings, account_id=new.account.id, name="loadtest"
            )
            tokens[country] = secret
        rows = list(
            session.execute(
                select(Record.type, Record.data).where(
                    Record.restriction == "all", Record.type.in_(("person", "document"))
                )
            )
        )
    db.dispose()
    rng = random.Random(seed)
    persons = [data for kind, data in rows if kind == "person"]
    documents = [data for kind, data in rows if kind == "document"]
    hits: list[dict[str, Any]] = []
    for p in persons:
        name = _latin(p)
        full = name.get("full") or f"{name.get('given', '')} {name.get('family', '')}".strip()
        query: dict[str, Any] = {"names": [full]}
        if p.get("birth_date"):
            query["birth_date"] = p["birth_date"]
        hits.append({"person": query})
    for d in documents:
        hits.append({"document": {"number": d["number"], "country": d["country"]}})
        if d["country"] in ALPHA3 and d.get("document_type") == "passport":
            hits.append(
                {"mrz": _mrz(d["number"], ALPHA3[d["country"]], "TRAVELLER", "ANNE", "1980", "F")}
            )
    fake = Faker(["fr_FR", "de_DE", "es_ES", "it_IT", "en_US", "tr_TR", "pt_BR"])
    fake.seed_instance(seed)
    misses: list[dict[str, Any]] = []
    letters = "ABCDEFGHJKLMNPRTUVWXYZ"
    for i in range(600):
        number = "".join(rng.choice(letters) for _ in range(2)) + f"{rng.randrange(10**7):07d}"
        born = f"{rng.randrange(1950, 2005)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        kind = i % 3
        if kind == 0:
            misses.append({"person": {"names": [fake.name()], "birth_date": born}})
        elif kind == 1:
            misses.append({"document": {"number": number, "country": rng.choice(NCBS)}})
        else:
            state = rng.choice(list(ALPHA3.values()))
            family, given = fake.last_name(), fake.first_name()
            misses.append({"mrz": _mrz(number, state, family, given, born, "M")})
    families = sorted({_latin(p).get("family", "") for p in persons} - {""})
    record_queries = ["type=person&limit=20", "type=document&limit=20", "type=vehicle&limit=20"]
    record_queries += [
        f"q={quote(f)}&limit=20" for f in rng.sample(families, min(20, len(families)))
    ]
    public_queries = ["resultPerPage=20", "nationality=RU&resultPerPage=20"]
    public_queries += [f"name={quote(f)}&resultPerPage=20" for f in rng.sample(families, 10)]
    public_queries += ["freeText=armed&resultPerPage=20", "ageMin=30&ageMax=50"]
    return {
        "ncbs": tokens,
        "screen_hits": hits,
        "screen_misses": misses,
        "record_queries": record_queries,
        "public_queries": public_queries,
    }


def sign_in(base: str, username: str, totp_secret: str, password: str) -> str:
    """Sign in through the form; the session's ``Cookie`` header value."""
    with httpx.Client(base_url=base, timeout=30) as client:
        page = client.get("/")
        found = CSRF.search(page.text)
        if not found:
            raise SystemExit("no CSRF field on the sign-in page")
        answer = client.post(
            "/signin",
            data={
                "csrf": found.group(1),
                "username": username,
                "password": password,
                "code": pyotp.TOTP(totp_secret).now(),
            },
        )
        if answer.status_code != 303:
            raise SystemExit(f"{username} could not sign in: {answer.status_code}")
        return "; ".join(f"{k}={v}" for k, v in client.cookies.items())


def seed_inboxes(base: str, tokens: dict[str, str]) -> dict[str, list[str]]:
    """One message to each NCB (from the next one), sent through the API; ids by recipient."""
    inbox: dict[str, list[str]] = {}
    countries = sorted(tokens)
    with httpx.Client(base_url=base, timeout=30) as client:
        for i, to in enumerate(countries):
            sender = countries[(i + 1) % len(countries)]
            answer = client.post(
                "/api/v1/messages",
                headers={"Authorization": f"Bearer {tokens[sender]}"},
                json={"to": [to], "subject": f"Load test setup for {to}", "body": "Setup."},
            )
            answer.raise_for_status()
            inbox[to] = [answer.json()["id"]]
    return inbox


def finish_fixture(
    fixture: dict[str, Any], base: str, logins: list[dict[str, str]]
) -> dict[str, Any]:
    """Add what needs the server: console cookies and a message in every NCB's inbox."""
    by_name = {login["username"]: login for login in logins}
    fixture["cookies"] = {
        user: sign_in(base, user, by_name[user]["totp_secret"], by_name[user]["password"])
        for user in CONSOLE_USERS
    }
    fixture["inbox"] = seed_inboxes(base, fixture["ncbs"])
    fixture["border_token"] = by_name["fr.border"]["token"]
    return fixture
