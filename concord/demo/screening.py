"""Demo travellers who hit demo records, so that a fresh ``make run`` shows real hits at once:

- a passenger whose passport (its MRZ, check digits right) was reported stolen;
- a wanted person whose record is written in Latin letters, typed at the border in Cyrillic;
- a car whose VIN is in the stolen-vehicles database.

They are found in the loaded records (reproducible from the seed), screened once by the French
border service account at load time (so hit notifications and follow-ups exist), and printed by
``concord demo travellers`` with ready-to-run commands.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import icu
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from concord.auth.models import Account
from concord.auth.service import principal_for
from concord.db.database import Database
from concord.records.identifiers.mrz import build_td3
from concord.records.models import Record, RecordLink
from concord.screening.runtime import ScreeningRuntime
from concord.screening.schemas import ScreenQuery, ScreenResult
from concord.settings import Settings

ALPHA3 = {
    "FR": "FRA",
    "DE": "DEU",
    "ES": "ESP",
    "IT": "ITA",
    "GR": "GRC",
    "TR": "TUR",
    "RU": "RUS",
    "US": "USA",
    "BR": "BRA",
    "NG": "NGA",
    "EG": "EGY",
    "SA": "SAU",
    "IN": "IND",
    "TH": "THA",
    "CN": "CHN",
    "JP": "JPN",
    "KR": "KOR",
}


@dataclass
class Traveller:
    title: str
    query: dict[str, Any]
    command: str


def _latin_alias(data: dict[str, Any]) -> dict[str, Any]:
    names: list[dict[str, Any]] = data["names"]
    latin = [n for n in names if (n.get("script") or "Latn") == "Latn"]
    return (latin or names)[-1]


def passport_and_holder(session: Session) -> tuple[Record, Record] | None:
    """Russia's stolen passport (or any document of Russia's with a holder) and its holder."""
    holder = aliased(Record)
    rows: list[tuple[Record, Record]] = [
        (doc, person)
        for doc, person in session.execute(
            select(Record, holder)
            .join(RecordLink, RecordLink.from_id == Record.id)
            .join(holder, holder.id == RecordLink.to_id)
            .where(Record.type == "document", Record.owner == "RU", Record.restriction == "all")
            .order_by(Record.owner_ref)
        )
    ]
    # a stolen passport if there is one, else any document with a holder
    rows.sort(
        key=lambda r: (
            r[0].data.get("status") != "stolen",
            r[0].data.get("document_type") != "passport",
        )
    )
    return rows[0] if rows else None


def travellers(session: Session) -> list[Traveller]:
    """The demo's travellers, found in the loaded records."""
    out: list[Traveller] = []
    row = passport_and_holder(session)
    if row is not None:
        doc, person = row
        name = _latin_alias(person.data)
        born = person.data.get("birth_date") or "1980-01-01"
        mrz = build_td3(
            number=doc.data["number"],
            state=ALPHA3.get(doc.data["country"], "XXX"),
            surname=name.get("family") or name.get("full", ""),
            given=name.get("given") or "",
            birth=date.fromisoformat((born + "-01-01")[:10]),
            sex=person.data.get("sex", "M"),
            expiry=date.fromisoformat(doc.data.get("expires_on") or "2030-01-01"),
        )
        out.append(
            Traveller(
                f"passport {doc.data['number']} ({doc.data['status']}) and its holder",
                {"mrz": mrz},
                f"concord screen --mrz '{mrz.replace(chr(10), chr(92) + 'n')}'",
            )
        )
    wanted = session.execute(
        select(Record)
        .where(Record.type == "person", Record.owner == "DE", Record.restriction == "all")
        .order_by(Record.owner_ref)
    ).scalar()
    if wanted is not None:
        latin = _latin_alias(wanted.data)
        full = latin.get("full") or f"{latin.get('given')} {latin.get('family')}"
        cyrillic = str(icu.Transliterator.createInstance("Latin-Cyrillic").transliterate(full))
        born = wanted.data.get("birth_date")
        query: dict[str, Any] = {"person": {"names": [cyrillic]}}
        if born:
            query["person"]["birth_date"] = born
        dob = f" --dob {born}" if born else ""
        out.append(
            Traveller(
                f"{full}, typed in Cyrillic as {cyrillic}",
                query,
                f"concord screen --name '{cyrillic}'{dob}",
            )
        )
    car = session.execute(
        select(Record)
        .where(Record.type == "vehicle", Record.owner == "IT", Record.restriction == "all")
        .order_by(Record.owner_ref)
    ).scalar()
    if car is not None and car.data.get("vin"):
        vin = car.data["vin"]
        out.append(
            Traveller(f"stolen car {car.label}", {"vin": vin}, f"concord screen --vin {vin}")
        )
    return out


def screen_travellers(db: Database, settings: Settings, username: str) -> list[ScreenResult]:
    """Screen the demo travellers once as ``username`` (the border service account)."""
    with db.transaction() as session:
        found = travellers(session)
        account = session.execute(select(Account).where(Account.username == username)).scalar_one()
        principal = principal_for(account)
    runtime = ScreeningRuntime(db, settings)
    runtime.synchronous = True
    queries = [ScreenQuery.model_validate(t.query) for t in found]
    return runtime.commit(runtime.run(principal, queries))
