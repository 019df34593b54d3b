"""Ship identifiers: IMO ship numbers and MMSIs.

IMO number (IMO Resolution A.1117(30)): seven digits, usually written ``IMO 9074729``; the last
digit is the check digit ``sum(d[i] * (7 - i) for i in 0..5) mod 10``. Validation uses
:mod:`stdnum.imo`, which implements exactly this rule.

MMSI (Maritime Mobile Service Identity, ITU-R M.585): nine digits. The Maritime Identification
Digits (MID, 201-775, first digit 2-7) name the flag administration; where they sit depends on the
kind of station: ``MIDXXXXXX`` ship, ``0MIDXXXXX`` group of ships, ``00MIDXXXX`` coast station,
``111MIDXXX`` SAR aircraft, ``8MIDXXXXX`` handheld VHF, ``98MIDXXXX`` craft associated with a
parent ship, ``99MIDXXXX`` aid to navigation. ``970``, ``972`` and ``974`` (AIS-SART, man
overboard, EPIRB-AIS) carry no MID. Only the format and the MID range are checked: the MID table
of flags is not consulted.
"""

from __future__ import annotations

from dataclasses import dataclass

from stdnum import imo as _imo
from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError

from concord.records.identifiers.result import IdentifierResult

__all__ = ["MmsiResult", "imo_check_digit", "validate_imo", "validate_mmsi"]

_REMOVE = str.maketrans("", "", " -.\t")
# (prefix, station type, MID start) in matching order; MID start None: no MID.
_MMSI_KINDS: tuple[tuple[str, str, int | None], ...] = (
    ("970", "AIS search and rescue transmitter", None),
    ("972", "man overboard device", None),
    ("974", "EPIRB-AIS", None),
    ("111", "SAR aircraft", 3),
    ("00", "coast station", 2),
    ("0", "group of ship stations", 1),
    ("98", "craft associated with a parent ship", 2),
    ("99", "aid to navigation", 2),
    ("8", "handheld VHF transceiver", 1),
    ("2", "ship station", 0),
    ("3", "ship station", 0),
    ("4", "ship station", 0),
    ("5", "ship station", 0),
    ("6", "ship station", 0),
    ("7", "ship station", 0),
)


def imo_check_digit(six_digits: str) -> str:
    """The check digit of the first six digits of an IMO number."""
    if len(six_digits) != 6 or not six_digits.isdigit() or not six_digits.isascii():
        raise ValueError(f"an IMO number starts with six digits, not {six_digits!r}")
    return _imo.calc_check_digit(six_digits)


def validate_imo(value: str) -> IdentifierResult:
    """Check an IMO ship number (``IMO 9074729`` or ``9074729``); value is the seven digits."""
    raw = value.strip()
    cleaned = raw.translate(_REMOVE)
    if not cleaned.isascii():
        return IdentifierResult(False, raw, f"{raw!r} is not an IMO number (seven digits)", "imo")
    try:
        number = _imo.validate(cleaned)
    except InvalidChecksum:
        digits = _imo.compact(cleaned)
        return IdentifierResult(
            False,
            raw,
            f"IMO number {digits}: check digit {digits[-1]} is wrong "
            f"(expected {_imo.calc_check_digit(digits[:6])})",
            "imo",
        )
    except InvalidLength:
        return IdentifierResult(False, raw, f"IMO number {raw!r} must have seven digits", "imo")
    except ValidationError:
        return IdentifierResult(False, raw, f"{raw!r} is not an IMO number (seven digits)", "imo")
    return IdentifierResult(True, number, None, "imo")


@dataclass(frozen=True, slots=True)
class MmsiResult:
    """Outcome of :func:`validate_mmsi`; ``mid`` is None for devices without a MID."""

    valid: bool
    value: str
    error: str | None = None
    mid: str | None = None
    station_type: str | None = None


def validate_mmsi(value: str) -> MmsiResult:
    """Check the format of a nine-digit MMSI and extract its MID and station type."""
    raw = value.strip()
    digits = raw.translate(_REMOVE)
    if len(digits) != 9 or not digits.isdigit() or not digits.isascii():
        return MmsiResult(False, raw, f"MMSI {raw!r} must be nine digits")
    match = next((k for k in _MMSI_KINDS if digits.startswith(k[0])), None)
    if match is None:
        return MmsiResult(
            False,
            digits,
            f"MMSI {digits}: ITU-R M.585 assigns no identities starting with {digits[:2]!r}",
        )
    _, kind, start = match
    if start is None:
        return MmsiResult(True, digits, None, None, kind)
    mid = digits[start : start + 3]
    if not ("201" <= mid <= "775"):
        return MmsiResult(
            False,
            digits,
            f"MMSI {digits} ({kind}): {mid} is not a Maritime Identification Digits code (201-775)",
            mid,
            kind,
        )
    return MmsiResult(True, digits, None, mid, kind)
