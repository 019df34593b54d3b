"""Loading the membership list (``data/members.csv``, source in ``data/README.md``) into the
database, with one National Central Bureau per member. Idempotent: run after every upgrade."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources

import pycountry
from sqlalchemy import select
from sqlalchemy.orm import Session

from concord.members.models import Country, Ncb

REGIONS = (
    "Africa",
    "Americas",
    "Asia and South Pacific",
    "Europe",
    "Middle East and North Africa",
)


@dataclass(frozen=True)
class MemberRow:
    code: str
    alpha3: str
    numeric: str
    name: str
    region: str
    joined: int | None


def read_members() -> list[MemberRow]:
    text = resources.files("concord.members").joinpath("data/members.csv").read_text("utf-8")
    rows = []
    for raw in csv.DictReader(text.splitlines()):
        joined = raw.get("joined") or ""
        rows.append(
            MemberRow(
                code=raw["code"],
                alpha3=raw["alpha3"],
                numeric=raw["numeric"],
                name=raw["name"],
                region=raw["region"],
                joined=int(joined) if joined.strip() else None,
            )
        )
    return rows


def _official_name(code: str) -> str | None:
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "official_name", None) or getattr(country, "name", None)


def sync_members(session: Session) -> int:
    """Insert or update every member country and make sure each has its NCB. Returns the
    number of members."""
    rows = read_members()
    existing = {c.code: c for c in session.execute(select(Country)).scalars()}
    ncbs = set(session.execute(select(Ncb.country_code)).scalars())
    for row in rows:
        country = existing.get(row.code)
        if country is None:
            country = Country(code=row.code)
            session.add(country)
        country.alpha3, country.numeric, country.name = row.alpha3, row.numeric, row.name
        country.official_name = _official_name(row.code)
        country.region, country.joined = row.region, row.joined
    session.flush()
    for row in rows:
        if row.code not in ncbs:
            session.add(Ncb(country_code=row.code, name=f"INTERPOL NCB {row.name}"))
    session.flush()
    return len(rows)
