"""Field checks used by the record types: thin adapters from the identifier modules
(:mod:`concord.records.identifiers`) to Pydantic validators. Each raises ``ValueError`` with a
precise message; a few problems are only warnings (collected in :data:`warnings`)."""

from __future__ import annotations

import re
from contextvars import ContextVar
from datetime import UTC, date, datetime

import icu
import pycountry

from concord.records import identifiers as ids

#: Warnings raised while validating one record (e.g. a VIN check digit outside North America).
warnings: ContextVar[list[str] | None] = ContextVar("concord_record_warnings", default=None)

_DOC_NUMBER = re.compile(r"^[A-Z0-9<]{1,30}$")
_PLATE = re.compile(r"^[A-Z0-9\u0080-\uffff]{1,15}$")


def warn(message: str) -> None:
    collected = warnings.get()
    if collected is not None:
        collected.append(message)


def country(code: str) -> str:
    try:
        return ids.normalise_country(code)
    except ids.CountryError as exc:
        raise ValueError(str(exc)) from None


def birth_date(value: str, today: date | None = None) -> str:
    try:
        parsed = ids.parse_partial_date(value)
        ids.check_not_future(parsed, today or datetime.now(UTC).date(), "date of birth")
    except ids.DateRuleError as exc:
        raise ValueError(str(exc)) from None
    return parsed.iso


def document_number(value: str) -> str:
    number = re.sub(r"[\s-]", "", value).upper()
    if not _DOC_NUMBER.match(number):
        raise ValueError(f"'{value}' is not a travel-document number (letters and digits only)")
    return number


def document_dates(
    issued: date | None, expires: date | None, reported: date | None, today: date | None = None
) -> None:
    today = today or datetime.now(UTC).date()
    try:
        if issued is not None:
            ids.check_not_future(issued, today, "issue date")
        if reported is not None:
            ids.check_not_future(reported, today, "report date")
        if issued is not None and expires is not None:
            ids.check_order(issued, expires, "issue", "expiry")
        if issued is not None and reported is not None:
            ids.check_order(issued, reported, "issue", "report")
    except ids.DateRuleError as exc:
        raise ValueError(str(exc)) from None


def document_check_digit(number: str, check: str) -> None:
    if not ids.document_number_check(number, check):
        raise ValueError(
            f"check digit {check} does not match document number {number} "
            f"(ICAO 9303 gives {ids.check_digit(number)})"
        )


def vin(value: str) -> str:
    result = ids.validate_vin(value)
    if result.errors:
        raise ValueError(result.errors[0])
    for message in result.warnings:
        warn(message)
    return result.vin


def plate(value: str) -> str:
    normalised = re.sub(r"[\s.-]", "", value).upper()
    if not _PLATE.match(normalised):
        raise ValueError(f"'{value}' is not a registration plate")
    return normalised


def serial(value: str) -> str:
    return re.sub(r"[\s-]", "", value).upper()


def imo(value: str) -> str:
    result = ids.validate_imo(value)
    if not result.valid:
        raise ValueError(result.error or f"'{value}' is not an IMO number")
    return result.value


def mmsi(value: str) -> str:
    result = ids.validate_mmsi(value)
    if not result.valid:
        raise ValueError(result.error or f"'{value}' is not an MMSI")
    return result.value


def identifier(scheme: str, value: str) -> str:
    result = ids.validate_identifier(scheme, value)
    if not result.valid:
        raise ValueError(result.error or f"'{value}' is not a valid {scheme}")
    return result.value


def currency(code: str) -> str:
    if pycountry.currencies.get(alpha_3=code) is None:
        raise ValueError(f"'{code}' is not an ISO 4217 currency")
    return code


def script_of(text: str) -> str | None:
    """The ISO 15924 code of the first script (other than common/inherited) in ``text``."""
    for ch in text:
        script = icu.Script.getScript(ord(ch))
        name = str(script.getShortName())
        if name not in ("Zyyy", "Zinh", "Zzzz"):
            return "Hani" if name in ("Hans", "Hant") else name
    return None
