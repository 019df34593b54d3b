"""Vehicle identification numbers (ISO 3779) and the North American check digit.

A VIN has 17 characters from A-Z and 0-9 without I, O and Q. Its first character gives the
region of the world manufacturer identifier (WMI, ISO 3780): A-H Africa, J-R Asia, S-Z Europe,
1-5 North America, 6-7 Oceania, 8-9 South America. Position 10 is the model-year code (30-year
cycle: A = 1980 or 2010 ... Y = 2000 or 2030, 1-9 = 2001-2009 or 2031-2039), reported as
information only.

Check digit (position 9; 49 CFR 565 in the United States, also used in Canada and Mexico):
letters are transliterated (A-H → 1-8, J-N → 1-5, P → 7, R → 9, S-Z → 2-9), each character is
multiplied by the weights 8 7 6 5 4 3 2 10 0 9 8 7 6 5 4 3 2 and the sum is taken modulo 11;
a remainder of 10 is written ``X``. Makers outside North America need not use it, so a wrong
check digit is an error only when the WMI is North American (first character 1-5) and a warning
otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["VinResult", "validate_vin", "vin_check_digit", "wmi_region"]

_VALUES = {str(d): d for d in range(10)} | dict(
    zip(
        "ABCDEFGHJKLMNPRSTUVWXYZ",
        (1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9),
        strict=True,
    )
)
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"
_REGIONS = (
    ("ABCDEFGH", "Africa"),
    ("JKLMNPR", "Asia"),
    ("STUVWXYZ", "Europe"),
    ("12345", "North America"),
    ("67", "Oceania"),
    ("89", "South America"),
)
_REMOVE = str.maketrans("", "", " -\t")
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


@dataclass(frozen=True, slots=True)
class VinResult:
    """The outcome of :func:`validate_vin`. ``valid`` means no errors (warnings may remain)."""

    vin: str
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    check_digit_ok: bool | None
    wmi_region: str | None
    model_year_code: str | None
    model_years: tuple[int, ...]

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def value(self) -> str:
        """The normalised VIN (same as ``vin``)."""
        return self.vin

    @property
    def wmi(self) -> str:
        """The world manufacturer identifier (first three characters)."""
        return self.vin[:3]


def vin_check_digit(vin: str) -> str:
    """The check digit for a 17-character VIN (position 9 is ignored); ValueError if malformed."""
    if len(vin) != 17:
        raise ValueError(f"a VIN has 17 characters, not {len(vin)}")
    try:
        total = sum(_VALUES[c] * w for c, w in zip(vin, _WEIGHTS, strict=True))
    except KeyError as exc:
        raise ValueError(f"{exc.args[0]!r} cannot appear in a VIN") from None
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def wmi_region(vin: str) -> str | None:
    """The WMI region of the VIN's first character, or None if it is unassigned."""
    first = vin[:1].upper()
    for chars, region in _REGIONS:
        if first and first in chars:
            return region
    return None


def validate_vin(vin: str) -> VinResult:
    """Normalise (uppercase, drop spaces and dashes) and check a VIN."""
    value = vin.strip().translate(_REMOVE).translate(_ASCII_UPPER)
    errors: list[str] = []
    warnings: list[str] = []
    if not value:
        errors.append("VIN is empty")
    elif len(value) != 17:
        errors.append(f"VIN {value!r} has {len(value)} characters; expected 17")
    for position, c in enumerate(value, 1):
        if c in "IOQ":
            errors.append(
                f"VIN position {position}: the letter {c!r} is not allowed "
                "(I, O and Q are never used)"
            )
        elif c not in _VALUES:
            errors.append(
                f"VIN position {position}: character {c!r} is not allowed (only A-Z and 0-9)"
            )
    region = wmi_region(value)
    check_ok: bool | None = None
    year_code: str | None = None
    years: tuple[int, ...] = ()
    if not errors:
        expected = vin_check_digit(value)
        check_ok = value[8] == expected
        if not check_ok:
            message = (
                f"VIN {value}: check digit (position 9) is {value[8]!r}, expected {expected!r}"
            )
            if region == "North America":
                errors.append(message)
            else:
                warnings.append(f"{message}; makers outside North America need not use it")
        year_code = value[9]
        index = _YEAR_CODES.find(year_code)
        if index >= 0:
            years = (1980 + index, 2010 + index)
        elif region == "North America":  # elsewhere position 10 need not be a year code
            warnings.append(f"VIN {value}: position 10 {year_code!r} is not a model-year code")
    return VinResult(
        vin=value,
        errors=tuple(errors),
        warnings=tuple(warnings),
        check_digit_ok=check_ok,
        wmi_region=region,
        model_year_code=year_code,
        model_years=years,
    )
