"""Financial, asset and national identifiers, validated with python-stdnum.

- IBAN (ISO 13616): :mod:`stdnum.iban` checks the country's length and structure and the
  ISO 7064 mod 97-10 check digits; ``country`` is the IBAN's country code.
- BIC (ISO 9362), ISIN (ISO 6166), LEI (ISO 17442): :mod:`stdnum.bic`, :mod:`stdnum.isin`,
  :mod:`stdnum.lei`.
- IMO and MMSI (:mod:`.maritime`), VIN (:mod:`.vin`: a wrong check digit outside North America
  is a warning), Bitcoin and Ethereum addresses (:mod:`.crypto`).
- National numbers, scheme ``<cc>.<name>`` (e.g. ``fr.nir``, ``es.dni``, ``us.ssn``): the module
  ``stdnum.<cc>.<name>`` from the allow-list :data:`NATIONAL_SCHEMES`, imported on first use.

:func:`validate_identifier` dispatches on the scheme. Schemes it does not know (``national_id``,
``land_title``, ``other`` ...) are free-form: the value is accepted with surrounding whitespace
removed and ``checked=False``.
"""

from __future__ import annotations

import importlib
import keyword
from collections.abc import Callable
from functools import cache
from types import MappingProxyType
from typing import Final

from stdnum import bic as _bic
from stdnum import iban as _iban
from stdnum import isin as _isin
from stdnum import lei as _lei

from concord.records.identifiers.crypto import validate_bitcoin, validate_ethereum
from concord.records.identifiers.maritime import validate_imo, validate_mmsi
from concord.records.identifiers.result import IdentifierResult
from concord.records.identifiers.vin import validate_vin

__all__ = ["NATIONAL_SCHEMES", "SCHEMES", "validate_iban", "validate_identifier"]


def _module_name(scheme: str) -> str:
    """``fr.nir`` → ``stdnum.fr.nir``; country codes that are Python keywords get ``_``."""
    cc, name = scheme.split(".")
    return f"stdnum.{cc}{'_' if keyword.iskeyword(cc) else ''}.{name}"


#: National schemes ``<cc>.<name>`` and their python-stdnum modules.
NATIONAL_SCHEMES: Final = MappingProxyType(
    {
        scheme: _module_name(scheme)
        for scheme in [
            "ar.dni",
            "at.vnr",
            "be.nn",
            "bg.egn",
            "br.cpf",
            "ca.sin",
            "ch.ssn",
            "cl.rut",
            "cn.ric",
            "cz.rc",
            "de.idnr",
            "dk.cpr",
            "ee.ik",
            "es.dni",
            "es.nie",
            "fi.hetu",
            "fr.nir",
            "gb.nhs",
            "gr.amka",
            "hr.oib",
            "ie.pps",
            "il.idnr",
            "in.aadhaar",
            "is.kennitala",
            "it.codicefiscale",
            "kr.rrn",
            "lt.asmens",
            "mx.curp",
            "nl.bsn",
            "no.fodselsnummer",
            "pl.pesel",
            "pt.cc",
            "ro.cnp",
            "se.personnummer",
            "si.emso",
            "sk.rc",
            "tr.tckimlik",
            "ua.rntrc",
            "us.itin",
            "us.ssn",
            "za.idnr",
        ]
    }
)

_ALIASES: Final = MappingProxyType({"btc": "bitcoin", "eth": "ethereum", "swift": "bic"})
_NAMES: Final = MappingProxyType({"iban": "IBAN", "bic": "BIC", "isin": "ISIN", "lei": "LEI"})


def _stdnum_check(
    scheme: str,
    label: str,
    validate: Callable[[str], str],
    compact: Callable[[str], str],
    value: str,
    country: Callable[[str], str | None] | None = None,
) -> IdentifierResult:
    raw = value.strip()
    try:
        number = validate(raw)
    except ValueError as exc:  # stdnum's ValidationError is a ValueError
        reason = str(exc) or "the number is invalid."
        try:
            shown = compact(raw)
        except ValueError:
            shown = raw
        return IdentifierResult(False, raw, f"{label} {shown!r}: {reason}", scheme)
    return IdentifierResult(
        True, compact(number), None, scheme, country(number) if country else None
    )


def validate_iban(value: str) -> IdentifierResult:
    """Check an IBAN; ``value`` is the compact form and ``country`` its two-letter country."""
    return _stdnum_check("iban", "IBAN", _iban.validate, _iban.compact, value, lambda n: n[:2])


@cache
def _national(scheme: str) -> tuple[Callable[[str], str], Callable[[str], str]]:
    module = importlib.import_module(NATIONAL_SCHEMES[scheme])
    validate: Callable[[str], str] = module.validate
    compact: Callable[[str], str] = module.compact
    return validate, compact


def _simple(scheme: str, value: str) -> IdentifierResult:
    module = {"bic": _bic, "isin": _isin, "lei": _lei}[scheme]
    country = (lambda n: n[4:6]) if scheme == "bic" else None
    return _stdnum_check(scheme, _NAMES[scheme], module.validate, module.compact, value, country)


def _vin(value: str) -> IdentifierResult:
    result = validate_vin(value)
    error = "; ".join(result.errors) or None
    return IdentifierResult(result.valid, result.vin, error, "vin", warnings=result.warnings)


def _mmsi(value: str) -> IdentifierResult:
    result = validate_mmsi(value)
    return IdentifierResult(result.valid, result.value, result.error, "mmsi")


_VALIDATORS: Final[MappingProxyType[str, Callable[[str], IdentifierResult]]] = MappingProxyType(
    {
        "iban": validate_iban,
        "bic": lambda v: _simple("bic", v),
        "isin": lambda v: _simple("isin", v),
        "lei": lambda v: _simple("lei", v),
        "imo": validate_imo,
        "mmsi": _mmsi,
        "vin": _vin,
        "bitcoin": validate_bitcoin,
        "ethereum": validate_ethereum,
    }
)

#: Every scheme :func:`validate_identifier` checks (others are accepted unchecked).
SCHEMES: Final = frozenset(_VALIDATORS) | frozenset(NATIONAL_SCHEMES) | frozenset(_ALIASES)


def validate_identifier(scheme: str, value: str) -> IdentifierResult:
    """Validate ``value`` under ``scheme`` (case-insensitive); unknown schemes are not checked."""
    key = scheme.strip().lower()
    key = _ALIASES.get(key, key)
    validator = _VALIDATORS.get(key)
    if validator is not None:
        return validator(value)
    if key in NATIONAL_SCHEMES:
        validate, compact = _national(key)
        label = NATIONAL_SCHEMES[key].removeprefix("stdnum.")
        result = _stdnum_check(key, label, validate, compact, value)
        if result.valid:
            return IdentifierResult(True, result.value, None, key, key[:2].upper())
        return result
    return IdentifierResult(True, value.strip(), None, key, checked=False)
