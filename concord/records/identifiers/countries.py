"""Country codes: ISO 3166-1 and the variants that travel documents and national exports use.

Concord stores every country as an ISO 3166-1 alpha-2 code. :func:`normalise_country` accepts
alpha-2, alpha-3 and numeric (leading zeros optional) ISO 3166-1 codes in any case, and:

- ``UK`` (ISO "exceptionally reserved" for the United Kingdom) → ``GB``;
- ``EL`` (the European Union's code for Greece) → ``GR``;
- ICAO Doc 9303 Part 3 codes that are not ISO alpha-3: ``D`` → ``DE``, the British nationality
  codes ``GBD``, ``GBN``, ``GBO``, ``GBP``, ``GBS`` → ``GB``; MRZ fillers (``D<<``) are ignored;
- Kosovo, which has no ISO 3166-1 code: ``XK`` (the user-assigned code used by the EU and IMF),
  ``XKX`` and ``RKS`` (printed in Kosovo passports) → ``XK``. Kosovo is not an INTERPOL member;
  normalising the code says nothing about membership, which callers check against the members
  table.

ICAO codes that name no state (United Nations, stateless persons, refugees, international
organisations such as INTERPOL itself, ``XPO``) and withdrawn ISO codes (``YU``, ``SU``, ``ANT``)
raise :class:`CountryError` naming the code and what it stands for.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import Final

import pycountry

__all__ = [
    "ICAO_NON_STATE_CODES",
    "VARIANTS",
    "CountryError",
    "icao_to_alpha2",
    "is_country",
    "normalise_country",
]


class CountryError(ValueError):
    """A code that is not (or no longer) an ISO 3166-1 country or a known variant of one."""


#: Non-ISO codes mapped to the ISO 3166-1 alpha-2 code Concord uses (Kosovo: ``XK``).
VARIANTS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "UK": "GB",
        "EL": "GR",
        "D": "DE",
        "GBD": "GB",  # British Overseas Territories citizen
        "GBN": "GB",  # British National (Overseas)
        "GBO": "GB",  # British Overseas citizen
        "GBP": "GB",  # British protected person
        "GBS": "GB",  # British subject
        "XK": "XK",
        "XKX": "XK",
        "RKS": "XK",
    }
)

#: ICAO Doc 9303 Part 3 codes for issuers and nationalities that are not states.
ICAO_NON_STATE_CODES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "UNO": "a United Nations organization or official",
        "UNA": "a specialized agency of the United Nations or its official",
        "UNK": "a resident of Kosovo holding a UNMIK travel document",
        "XXA": "a stateless person (1954 Convention)",
        "XXB": "a refugee (1951 Convention)",
        "XXC": "a refugee other than under the 1951 Convention",
        "XXX": "a person of unspecified nationality",
        "EUE": "the European Union",
        "XPO": "INTERPOL",
        "XOM": "the Sovereign Military Order of Malta",
        "XBA": "the African Development Bank",
        "XIM": "the African Export-Import Bank",
        "XCC": "the Caribbean Community",
        "XCE": "the Council of Europe",
        "XCO": "the Common Market for Eastern and Southern Africa",
        "XEC": "the Economic Community of West African States",
        "XES": "the Organisation of Eastern Caribbean States",
        "XMP": "the Parliamentary Assembly of the Mediterranean",
        "XDC": "the Southern African Development Community",
    }
)

_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


@cache
def _tables() -> tuple[frozenset[str], Mapping[str, str], Mapping[str, str]]:
    """(alpha-2 codes, alpha-3 → alpha-2, numeric → alpha-2) from pycountry, built once."""
    alpha2: set[str] = set()
    alpha3: dict[str, str] = {}
    numeric: dict[str, str] = {}
    for country in pycountry.countries:
        code = str(country.alpha_2)
        alpha2.add(code)
        alpha3[str(country.alpha_3)] = code
        numeric[str(country.numeric)] = code
    return frozenset(alpha2), alpha3, numeric


def _clean(code: str) -> str:
    return code.strip().translate(_ASCII_UPPER).rstrip("<")


def _historic(code: str) -> str | None:
    """A description of a withdrawn ISO 3166 code, or None."""
    db = pycountry.historic_countries
    if code.isdigit():
        old = db.get(numeric=code.zfill(3))
    elif len(code) == 2:
        old = db.get(alpha_2=code)
    elif len(code) == 3:
        old = db.get(alpha_3=code)
    elif len(code) == 4:
        old = db.get(alpha_4=code)
    else:
        return None
    if old is None:
        return None
    return f"{old.name}, withdrawn {getattr(old, 'withdrawal_date', 'from ISO 3166-1')}"


def normalise_country(code: str) -> str:
    """The ISO 3166-1 alpha-2 code (``XK`` for Kosovo) for any accepted form of ``code``."""
    c = _clean(code)
    if not c:
        raise CountryError("country code is empty")
    variant = VARIANTS.get(c)
    if variant is not None:
        return variant
    if c in ICAO_NON_STATE_CODES:
        raise CountryError(
            f"{code!r} is the ICAO code for {ICAO_NON_STATE_CODES[c]}, not a country"
        )
    if c.isascii():
        alpha2, alpha3, numeric = _tables()
        if len(c) == 2 and c in alpha2:
            return c
        if len(c) == 3 and c in alpha3:
            return alpha3[c]
        if c.isdigit() and len(c) <= 3 and c.zfill(3) in numeric:
            return numeric[c.zfill(3)]
        if c.isalnum():
            old = _historic(c)
            if old is not None:
                raise CountryError(f"{code!r} is a withdrawn ISO 3166 code ({old})")
    raise CountryError(f"unknown country code {code!r}")


def is_country(code: str) -> bool:
    """Whether :func:`normalise_country` accepts ``code``."""
    try:
        normalise_country(code)
    except CountryError:
        return False
    return True


def icao_to_alpha2(code: str) -> str | None:
    """ISO alpha-2 for an ICAO 9303 three-letter code (``D<<``, ``GBN``, ``UTO`` ...), else None.

    Codes that name no state (``UNO``, ``UNA``, ``UNK``, ``XXA``, ``XXB``, ``XXC``, ``XXX``,
    organisations) and unknown codes such as the specimen state ``UTO`` give None. ``UNK`` is None
    on purpose: the document was issued by the UN mission (UNMIK), not by a state; ``RKS``, printed
    in passports issued by Kosovo itself, gives ``XK``.
    """
    c = _clean(code)
    if len(c) == 3 or c == "D":
        variant = VARIANTS.get(c)
        if variant is not None:
            return variant
        return _tables()[1].get(c)
    return None
