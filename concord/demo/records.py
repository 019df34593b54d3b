"""The demo's police records: every record type in every demo country, entered through the
records service by each country's demo operator (so each is validated and audited), and the
same for the same seed.

Persons are named by their country's Faker locale in its own script (the primary name), with a
Latin transliteration as an alias where that script is not Latin: ICU's ``Any-Latin;
Latin-ASCII`` (Chinese syllables joined per name), and Faker's kana and romanised readings for
Japanese. Identifiers are valid: ICAO 9303 check digits on travel documents, North American VINs
with their check digit, IMO numbers, IBANs (ISO 7064 mod 97-10), LEIs and wallet addresses with
their checksums. Documents are linked to their holders and vehicles and assets to their owners;
a few records are restricted (``only``/``except``) and a few are near or past their review date.
"""

from __future__ import annotations

import hashlib
import re
import string
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from random import Random
from typing import Any

import icu
from faker import Faker
from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum import iban, numdb
from stdnum.iso7064 import mod_97_10

from concord.auth.models import Account
from concord.auth.service import principal_for
from concord.clock import now as clock_now
from concord.demo.people import COUNTRIES, DemoCountry
from concord.records import checks, service
from concord.records.identifiers import check_digit, imo_check_digit, vin_check_digit
from concord.settings import Settings

#: Per demo country: currency, MMSI maritime identification digits, a city, a plate pattern
#: (``L`` a letter, ``D`` a digit, anything else as written).
_LOCAL: dict[str, tuple[str, str, str, str]] = {
    code: (currency, mid, city, plate)
    for code, currency, mid, city, plate in (
        line.split("|")
        for line in """FR|EUR|227|Marseille|LL-DDD-LL
DE|EUR|211|Hamburg|L-LL DDDD
ES|EUR|224|Málaga|DDDD LLL
IT|EUR|247|Napoli|LL DDD LL
GR|EUR|237|Πειραιάς|LLL-DDDD
TR|TRY|271|İstanbul|DD L DDDD
RU|RUB|273|Москва|LDDDLL DD
US|USD|366|Miami|LLL DDDD
BR|BRL|710|São Paulo|LLLDLDD
NG|NGN|657|Lagos|LLL DDD LL
EG|EGP|622|الإسكندرية|DDDD LLL
SA|SAR|403|جدة|DDDD LLL
IN|INR|419|मुंबई|LL DD LL DDDD
TH|THB|567|พัทยา|DLL DDDD
CN|CNY|412|上海|沪L DDDDD
JP|JPY|431|横浜|横浜 DDD あ DD-DD
KR|KRW|440|부산|DD가 DDDD""".splitlines()
    )
}
#: Where the demo's people hold accounts when their own country has no IBAN.
_OFFSHORE = {"CH": "CHF", "LU": "EUR", "GB": "GBP", "CY": "EUR", "AE": "AED"}
_NO_IBAN = {"ES", "US", "NG", "IN", "TH", "CN", "JP", "KR"}  # ES: national check digits
_CHARS = {
    "n": string.digits,
    "a": string.ascii_uppercase,
    "c": string.digits + "ABCDEFGHJKLMNPRSTUVWXYZ",
}
_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _rows(text: str) -> tuple[tuple[str, ...], ...]:
    """A table written ``a|b|c;d|e|f`` (to keep the demo's vocabulary compact)."""
    return tuple(tuple(row.split("|")) for row in text.split(";"))


_NA_CARS = _rows(  # world manufacturer identifiers of North American plants, make, model
    "1FA|Ford|Mustang;1G1|Chevrolet|Malibu;2T1|Toyota|Corolla;3VW|Volkswagen|Jetta;"
    "1HG|Honda|Accord;5YJ|Tesla|Model 3;1C4|Jeep|Grand Cherokee;4T1|Toyota|Camry"
)
_CARS = _rows(
    "Renault|Clio;Peugeot|308;Volkswagen|Golf;BMW|X5;Mercedes-Benz|E 220;Fiat|Panda;"
    "Hyundai|Tucson;Lada|Vesta"
)
_ART = _rows(  # title, object type, period, materials
    "Portrait of a Young Woman|painting|17th century|oil on canvas;"
    "Harbour at Dawn|painting|1890s|oil on canvas;"
    "Icon of Saint Nicholas|icon|16th century|tempera on wood;"
    "Head of a Bodhisattva|sculpture|Tang dynasty|limestone;"
    "Leaf from a Qur'an manuscript|manuscript|10th century|ink and gold on parchment;"
    "Red-figure amphora|vase|5th century BC|terracotta;"
    "View of Mount Fuji|woodblock print|Edo period|ink and colour on paper;"
    "Celadon maebyeong vase|vase|Goryeo dynasty|stoneware;"
    "Gold stater of Philip II|coin|4th century BC|gold;"
    "Shiva Nataraja|sculpture|Chola period|bronze;"
    "Still Life with Lemons|painting|1920s|oil on board;"
    "Commemorative head of an Ooni|sculpture|14th century|terracotta"
)
_GUNS = _rows(  # make, model, calibre, type
    "Glock|17|9x19mm|pistol;Beretta|92FS|9x19mm|pistol;Smith & Wesson|686|.357 Magnum|revolver;"
    "Kalashnikov|AK-103|7.62x39mm|rifle;SIG Sauer|P226|9x19mm|pistol;"
    "Remington|870|12 gauge|shotgun;CZ|75 B|9x19mm|pistol"
)
_SHIPS = _rows(
    "Aurora|Sea Falcon|Nordic Star|Blue Horizon|Santa Maria|Golden Dragon|Morning Calm|Poseidon|"
    "Al Noor|Volga|Kaveri|Sakura Maru"
)[0]
_SHIP_TYPES = ("yacht", "fishing vessel", "bulk carrier", "container ship", "tug")
_COLOURS = ("black", "white", "grey", "silver", "blue", "red")
PERSONS = 5


@dataclass
class _Entry:
    type: str
    data: dict[str, Any]
    holder: int | None = None  # index of the person it is linked to
    kind: str = "owner"
    restriction: str = "all"
    countries: list[str] = field(default_factory=list)
    due_in_days: int | None = None  # review date moved to now + this


def _pick(rng: Random, chars: str, k: int) -> str:
    return "".join(rng.choices(chars, k=k))


def _pattern(rng: Random, pattern: str) -> str:
    return "".join(
        rng.choice(_LETTERS) if ch == "L" else str(rng.randrange(10)) if ch == "D" else ch
        for ch in pattern
    )


@cache
def _faker(locale: str) -> Faker:
    return Faker(locale, providers=["faker.providers.person"])


@cache
def _latin() -> icu.Transliterator:
    return icu.Transliterator.createInstance("Any-Latin; Latin-ASCII")


def romanise(name: str) -> str:
    """A Latin (ASCII) spelling of a name: ``Παπαδόπουλος`` → ``Papadopoulos``, ``王秀英`` →
    ``Wangxiuying`` (Chinese syllables of one name are joined)."""
    text = str(_latin().transliterate(name))
    if checks.script_of(name) == "Hani":
        text = text.replace(" ", "")
    return " ".join(w.capitalize() for w in re.sub(r"[^A-Za-z' -]", "", text).split())


def _name(c: DemoCountry, given: str, family: str, kind: str, lang: str | None) -> dict[str, Any]:
    latin = lang is None
    parts = (family, given) if c.family_first else (given, family)
    full = (" " if latin else c.separator).join(parts)
    out = {"full": full, "given": given, "family": family, "kind": kind}
    return out | ({"lang": lang} if lang else {})


def _person(rng: Random, fake: Faker, c: DemoCountry) -> dict[str, Any]:
    female = rng.random() < 0.5
    lang = c.locale.split("_")[0]
    if c.code == "JP":
        given = fake.first_name_female_pair() if female else fake.first_name_male_pair()
        family = fake.last_name_pair()
        names = [
            _name(c, given[i], family[i], kind, lang) for i, kind in ((0, "primary"), (1, "alias"))
        ]
        names.append(_name(c, given[2], family[2], "alias", None))
    else:
        first = fake.first_name_female() if female else fake.first_name_male()
        last = fake.last_name_female() if female else fake.last_name_male()
        names = [_name(c, first, last, "primary", lang)]
        if checks.script_of(first + last) != "Latn":
            names.append(_name(c, romanise(first), romanise(last), "alias", None))
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(20000))
    return {
        "names": names,
        "birth_date": born.isoformat()[: rng.choice((10, 10, 10, 7, 4))],
        "birth_place": _LOCAL[c.code][2],
        "sex": "F" if female else "M",
        "nationalities": [c.code],
        "identifiers": [
            {"scheme": "national_id", "value": _pick(rng, string.digits, 11), "country": c.code}
        ],
        "description": {
            "height_cm": rng.randrange(150, 200),
            "eyes": rng.choice(("brown", "blue", "green")),
        },
    }


def _document(rng: Random, c: DemoCountry, blank: bool) -> dict[str, Any]:
    number = _pick(rng, _LETTERS, 2) + _pick(rng, string.digits, 7)
    kind = rng.choice(("passport", "passport", "identity_card", "visa"))
    issued = date(2012, 1, 1) + timedelta(days=rng.randrange(4000))
    out = {
        "number": number,
        "country": c.code,
        "document_type": kind,
        "check_digit": check_digit(number),
    }
    if blank:
        return out | {"status": "stolen_blank", "reported_on": issued.isoformat()}
    return out | {
        "status": rng.choice(("stolen", "stolen", "lost", "revoked", "invalidated")),
        "issued_on": issued.isoformat(),
        "expires_on": (issued + timedelta(days=3652 if kind == "passport" else 1826)).isoformat(),
        "reported_on": (issued + timedelta(days=rng.randrange(30, 1000))).isoformat(),
    }


def _vehicle(rng: Random, c: DemoCountry, north_american: bool) -> dict[str, Any]:
    year = rng.randrange(2008, 2025)
    out = {"plate": _pattern(rng, _LOCAL[c.code][3]), "plate_country": c.code, "year": year,
           "colour": rng.choice(_COLOURS), "vehicle_type": "car"}  # fmt: skip
    if not north_american:
        return out | dict(zip(("make", "model"), rng.choice(_CARS), strict=True))
    wmi, make, model = rng.choice(_NA_CARS)
    year_code = "ABCDEFGHJKLMNPRSTVWXY123456789"[(year - 1980) % 30]
    vin = wmi + _pick(rng, _CHARS["c"], 5) + "0" + year_code + _pick(rng, _LETTERS, 1)
    vin += _pick(rng, string.digits, 6)
    return out | {"vin": vin[:8] + vin_check_digit(vin) + vin[9:], "make": make, "model": model}


def _iban(rng: Random, cc: str) -> str:
    bban_format = numdb.get("iban").info(cc)[0][1]["bban"]  # e.g. 8!n10!n
    bban = "".join(
        _pick(rng, _CHARS[t], int(n)) for n, t in re.findall(r"(\d+)!([nac])", bban_format)
    )
    return cc + iban.calc_check_digits(cc + "00" + bban) + bban


def _wallet(rng: Random) -> dict[str, str]:
    if rng.random() < 0.5:
        return {"scheme": "ethereum", "value": "0x" + _pick(rng, "0123456789abcdef", 40)}
    payload = b"\x00" + rng.randbytes(20)  # a P2PKH address: Base58Check of version + hash
    raw = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    number, address = int.from_bytes(raw, "big"), ""
    while number:
        number, digit = divmod(number, 58)
        address = _BASE58[digit] + address
    zeros = len(raw) - len(raw.lstrip(b"\0"))  # each leading zero byte is written "1"
    return {"scheme": "bitcoin", "value": "1" * zeros + address}


def _asset(rng: Random, c: DemoCountry, kind: str, owner: str) -> dict[str, Any]:
    currency, _mid, city, _plate = _LOCAL[c.code]
    value = f"{rng.randrange(20, 5000) * 1000}.00"
    where = c.code
    if kind == "bank_account":
        where = rng.choice(sorted(_OFFSHORE)) if c.code in _NO_IBAN else c.code
        currency = _OFFSHORE.get(where, currency)
        ident = {"scheme": "iban", "value": _iban(rng, where)}
        name = f"Account of {owner} in {where}"
    elif kind == "company_share":
        lei = "5493" + "00" + _pick(rng, _CHARS["c"], 12)
        ident = {"scheme": "lei", "value": lei + mod_97_10.calc_check_digits(lei)}
        name = f"{rng.choice((25, 40, 51, 100))}% of {owner.split()[-1]} Holdings"
    elif kind == "real_estate":
        ident = {"scheme": "land_title", "value": f"{c.code}-{_pick(rng, string.digits, 8)}"}
        name = f"Apartment, {city}"
    else:
        ident, name, currency, where = _wallet(rng), f"Wallet of {owner}", "USD", ""
    out = {"kind": kind, "name": name, "identifiers": [ident], "declared_owner": owner,
           "estimated_value": value, "currency": currency}  # fmt: skip
    return out | ({"country": where} if where else {})


def _artwork(rng: Random, fake: Faker, index: int) -> dict[str, Any]:
    title, object_type, period, materials = _ART[index % len(_ART)]
    out = {"title": title, "object_type": object_type, "period": period, "materials": materials}
    painted = object_type in ("painting", "woodblock print")
    return out | (
        {"artist": fake.name(), "dimensions": f"{rng.randrange(20, 120)} cm"} if painted else {}
    )


def _firearm(rng: Random) -> dict[str, Any]:
    make, model, calibre, kind = rng.choice(_GUNS)
    serial = _pick(rng, _LETTERS, 2) + _pick(rng, string.digits, 6)
    return {
        "serial": serial,
        "make": make,
        "model": model,
        "calibre": calibre,
        "firearm_type": kind,
    }


def _vessel(rng: Random, c: DemoCountry) -> dict[str, Any]:
    six = "9" + _pick(rng, string.digits, 5)
    mmsi = _LOCAL[c.code][1] + _pick(rng, string.digits, 6)
    return {"imo": six + imo_check_digit(six), "mmsi": mmsi, "name": rng.choice(_SHIPS),
            "flag": c.code, "vessel_type": rng.choice(_SHIP_TYPES)}  # fmt: skip


def entries(c: DemoCountry, index: int, seed: int) -> list[_Entry]:
    """What the demo operator of ``c`` enters, in order: persons first, then what links to
    them. ``index``, the country's place in the demo, varies restrictions and review dates."""
    key = f"concord-demo-records:{seed}:{c.code}"
    rng, fake = Random(key), _faker(c.locale)  # noqa: S311 - demo data, not secrets
    fake.seed_instance(key)
    people = [_person(rng, fake, c) for _ in range(PERSONS)]
    latin = [p["names"][-1]["full"] for p in people]  # the Latin alias, or the Latin name
    others = [o.code for o in COUNTRIES if o.code != c.code]
    persons = [_Entry("person", p) for p in people]
    # Each document but the last (a stolen blank) is linked to its holder.
    last = PERSONS - 1
    docs = [
        _Entry("document", _document(rng, c, i == last), None if i == last else i, "holder")
        for i in range(PERSONS)
    ]
    cars = [_Entry("vehicle", _vehicle(rng, c, north_american=i < 2), i) for i in range(3)]
    art = [_Entry("artwork", _artwork(rng, fake, index + i)) for i in range(2)]
    guns = [_Entry("firearm", _firearm(rng)) for _ in range(2)]
    kinds = ("bank_account", ("company_share", "real_estate")[index % 2], "crypto_wallet")
    assets = [_Entry("asset", _asset(rng, c, kind, latin[i]), i) for i, kind in enumerate(kinds)]
    restricted = (guns[1], persons[-1], assets[0])[index % 3]
    restricted.restriction = ("only", "except", "only")[index % 3]
    restricted.countries = rng.sample(others, 2 if index % 3 == 0 else 1)
    cars[0].due_in_days = rng.randrange(3, 28)  # nearly due for review
    if index % 4 == 0:
        art[0].due_in_days = -rng.randrange(1, 30)  # past it: hidden from every other country
    return persons + docs + cars + art + guns + [_Entry("vessel", _vessel(rng, c))] + assets


def load_records(session: Session, settings: Settings, seed: int) -> int:
    """Enter every demo country's records as its demo operator; returns how many."""
    now = clock_now(settings)
    count = 0
    for index, c in enumerate(COUNTRIES):
        username = f"{c.code.lower()}.operator"
        account = session.execute(select(Account).where(Account.username == username)).scalar_one()
        principal = principal_for(account)
        rng = Random(f"concord-demo-grading:{seed}:{c.code}")  # noqa: S311 - demo data
        persons: list[str] = []
        for n, e in enumerate(entries(c, index, seed), 1):
            entered = service.RecordInput(
                type=e.type,
                data=e.data,
                owner_ref=f"{c.code}-{e.type[:3].upper()}-{n:03d}",
                reliability=rng.choice("AABBBC"),
                handling=rng.choice(("H0", "H0", "H0", "H1", "H2")),
                restriction=e.restriction,
                countries=e.countries,
            )
            row = service.create(session, principal, entered, settings=settings)
            if e.type == "person":
                persons.append(row.id)
            elif e.holder is not None:
                service.link(
                    session, principal, row.id, persons[e.holder], e.kind, settings=settings
                )
            if e.due_in_days is not None:  # entered long ago: its review falls due soon
                period = row.review_at - row.created_at
                row.review_at = now + timedelta(days=e.due_in_days)
                row.created_at = row.updated_at = row.review_at - period
            count += 1
    return count
