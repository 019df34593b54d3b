"""ICAO Doc 9303 machine readable zones (MRZ): check digits and parsing.

Formats (Doc 9303 Parts 4-7): TD1 (3 lines of 30), TD2 (2 x 36), TD3 passports (2 x 44), and
machine readable visas MRV-A (2 x 44) and MRV-B (2 x 36), whose document code starts with ``V``.

Check digit (Part 3): values 0-9 → 0-9, A-Z → 10-35, ``<`` → 0, times the repeating weights
7, 3, 1, summed modulo 10. TD1, TD2 and TD3 carry a composite check digit; TD3 checks its
personal-number field (a filler check digit is accepted when that field is empty); visas have
neither. A document number longer than nine characters (TD1, Part 5; the same layout is read in
TD2) has ``<`` in its check-digit position and continues at the start of the optional data,
followed by its check digit and a filler.

Parsing rules:
- lines are split on newlines; surrounding whitespace and blank lines are ignored and ASCII
  lowercase is uppercased; any other character outside ``A-Z 0-9 <`` is an error;
- a check digit that is not a digit is a failed check (``checks``), not an error; dates, sex,
  country codes and names that cannot be read are errors (:class:`MrzError`);
- ``lenient=True`` repairs the commonest OCR confusion: ``O`` → ``0`` in numeric fields (dates,
  check digits), ``0`` → ``O`` in alphabetic ones (codes, names), listed in ``Mrz.corrections``;
- century: a birth date is the latest YYMMDD date not after ``today``; an expiry date takes the
  one year ending in YY inside ``today.year - 49 .. today.year + 50`` (for 2000-2049: 20YY unless
  more than 50 years ahead). Birth dates with ``<`` for unknown parts give ``birth_date=None``;
- sex ``<`` (unspecified) is returned as ``X``; ``X`` in the MRZ is accepted as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

# ICAO three-letter codes (``D<<``, ``GBN``, ``UNK`` ...) to ISO alpha-2: see its docstring.
from concord.records.identifiers.countries import icao_to_alpha2 as iso3_to_alpha2

__all__ = [
    "Mrz",
    "MrzError",
    "build_td3",
    "check_digit",
    "document_number_check",
    "iso3_to_alpha2",
    "parse_mrz",
]

MrzFormat = Literal["TD1", "TD2", "TD3", "MRVA", "MRVB"]
_VALUES = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")} | {"<": 0}
_TIMES_7 = {c: v * 7 for c, v in _VALUES.items()}
_TIMES_3 = {c: v * 3 for c, v in _VALUES.items()}
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_BAD_CHAR = re.compile(r"[^A-Z0-9<]")
_CODE = re.compile(r"[A-Z](?:[A-Z]{2}|[A-Z]<|<<)")
_BIRTH = re.compile(r"(\d\d|<<){3}")
_NAME_BAD = re.compile(r"[^A-Z<]")
_SEX = {"M": "M", "F": "F", "<": "X", "X": "X"}
# 0-based (line, start, end) ranges read as numbers / letters, for lenient O/0 repair.
_DATES_2 = ((1, 9, 10), (1, 13, 20), (1, 21, 28))
_NUMERIC = {
    "TD1": ((0, 14, 15), (1, 0, 7), (1, 8, 15), (1, 29, 30)),
    "TD2": (*_DATES_2, (1, 35, 36)),
    "TD3": (*_DATES_2, (1, 42, 44)),
    "MRVA": _DATES_2,
    "MRVB": _DATES_2,
}
_ALPHA_TD1 = ((0, 0, 5), (1, 15, 18), (2, 0, 30))


class MrzError(ValueError):
    """Malformed MRZ text: the message names the line, position and what was expected."""


def check_digit(s: str) -> str:
    """The ICAO 9303 check digit of ``s`` (characters A-Z, 0-9 and ``<`` only)."""
    try:  # characters at weights 7, 3 and 1 summed separately, in C (this is the hot loop)
        total = (
            sum(map(_TIMES_7.__getitem__, s[0::3]))
            + sum(map(_TIMES_3.__getitem__, s[1::3]))
            + sum(map(_VALUES.__getitem__, s[2::3]))
        )
    except KeyError as exc:
        raise MrzError(f"invalid character {exc.args[0]!r} in {s!r}: use A-Z, 0-9 or '<'") from None
    return str(total % 10)


def document_number_check(number: str, check: str) -> bool:
    """Whether ``check`` is the check digit of a document number (lowercase and fillers allowed)."""
    cleaned = number.strip().translate(_ASCII_UPPER).replace(" ", "<")
    if _BAD_CHAR.search(cleaned) or not cleaned:
        return False
    return check.strip() == check_digit(cleaned)


@dataclass(frozen=True, slots=True)
class Mrz:
    """A parsed MRZ. Dates are expanded with the century rule in the module docstring."""

    format: MrzFormat
    document_code: str
    issuing_state: str
    document_number: str
    nationality: str
    birth_date: date | None
    birth_date_raw: str
    expiry_date: date
    sex: str
    primary_name: str
    secondary_name: str
    optional_data: str
    optional_data_2: str
    checks: dict[str, bool] = field(hash=False)
    lines: tuple[str, ...] = ()
    corrections: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        """Whether every check digit the format carries is right."""
        return all(self.checks.values())

    @property
    def issuing_country(self) -> str | None:
        return iso3_to_alpha2(self.issuing_state)

    @property
    def nationality_country(self) -> str | None:
        return iso3_to_alpha2(self.nationality)


def _split(text: str) -> list[str]:
    raw = text.translate(_ASCII_UPPER).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [line for line in (part.strip() for part in raw) if line]
    if not lines:
        raise MrzError("MRZ is empty")
    if len(lines) not in (2, 3):
        glued = len(lines) == 1 and len(lines[0]) in (72, 88, 90)
        hint = f" (a {len(lines[0])}-character MRZ without line breaks?)" if glued else ""
        raise MrzError(f"MRZ has {len(lines)} line(s){hint}; expected 2 lines (TD2, TD3, MRV-A, "
                       "MRV-B) or 3 lines (TD1)")  # fmt: skip
    for n, line in enumerate(lines, 1):
        bad = _BAD_CHAR.search(line)
        if bad:
            raise MrzError(
                f"MRZ line {n} position {bad.start() + 1}: invalid character "
                f"{bad.group()!r}; only A-Z, 0-9 and '<' are allowed"
            )
    width = 30 if len(lines) == 3 else len(lines[0])
    if width not in ((30,) if len(lines) == 3 else (36, 44)):
        raise MrzError(
            f"MRZ line 1 has {width} characters; a two-line MRZ has lines of 36 "
            "(TD2, MRV-B) or 44 (TD3, MRV-A)"
        )
    for n, line in enumerate(lines, 1):
        if len(line) != width:
            kind = {30: "TD1", 36: "TD2/MRV-B", 44: "TD3/MRV-A"}[width]
            raise MrzError(f"MRZ line {n} has {len(line)} characters; expected {width} ({kind})")
    return lines


def _repair(lines: list[str], fmt: str, corrections: list[str]) -> None:
    """Lenient mode: O → 0 in numeric ranges, 0 → O in alphabetic ranges, in place."""
    alpha = _ALPHA_TD1 if fmt == "TD1" else ((0, 0, 5), (0, 5, len(lines[0])), (1, 10, 13))
    for ranges, wrong, right in ((_NUMERIC[fmt], "O", "0"), (alpha, "0", "O")):
        for n, start, end in ranges:
            segment = lines[n][start:end]
            if wrong in segment:
                where = (i for i, c in enumerate(segment, start + 1) if c == wrong)
                corrections += (
                    f"line {n + 1} position {i}: {wrong!r} read as {right!r}" for i in where
                )
                lines[n] = lines[n][:start] + segment.replace(wrong, right) + lines[n][end:]


def _ok(data: str, digit: str) -> bool:
    return digit.isdigit() and check_digit(data) == digit


def _code(value: str, where: str, what: str) -> str:
    if not _CODE.fullmatch(value):
        raise MrzError(f"MRZ {where} ({what}): {value!r} is not a three-letter code")
    return value.rstrip("<")


def _date(raw: str, where: str, what: str, birth: bool, today: date) -> date:
    if not raw.isdigit():
        raise MrzError(f"MRZ {where} ({what}): {raw!r} is not a date YYMMDD")
    yy, month, day = int(raw[:2]), int(raw[2:4]), int(raw[4:])
    if birth:  # the latest date not after today
        latest = today.year - (today.year - yy) % 100
        years: tuple[int, ...] = (latest, latest - 100)
    else:  # the one year inside today.year - 49 .. today.year + 50
        low = today.year - 49
        years = (low + (yy - low) % 100,)
    for year in years:
        try:
            value = date(year, month, day)
        except ValueError:
            continue
        if not birth or value <= today:
            return value
    raise MrzError(f"MRZ {where} ({what}): {raw!r} is not a valid date")


def _names(line: str, n: int, start: int) -> tuple[str, str]:
    """(primary, secondary) identifiers from the name field ``line[start:]`` of line ``n``."""
    field_, where = line[start:], f"line {n} positions {start + 1}-{len(line)}"
    bad = _NAME_BAD.search(field_)
    if bad:
        raise MrzError(
            f"MRZ {where} (name): invalid character {bad.group()!r} at position "
            f"{start + bad.start() + 1}; names use A-Z and '<'"
        )
    primary, _, secondary = field_.rstrip("<").partition("<<")
    primary = " ".join(primary.replace("<", " ").split())
    if not primary:
        raise MrzError(f"MRZ {where} (name): the primary identifier (surname) is empty")
    return primary, " ".join(secondary.replace("<", " ").split())


def _long_number(number: str, digit: str, optional: str) -> tuple[str, str, str]:
    """(number, check digit, rest of optional data) for TD1/TD2 numbers over nine characters."""
    if digit == "<" and number[-1] != "<" and optional[:1] not in ("", "<"):
        extension, _, rest = optional.partition("<")
        return number + extension[:-1], extension[-1], rest
    return number, digit, optional


def parse_mrz(text: str, *, lenient: bool = False, today: date | None = None) -> Mrz:
    """Parse and check a TD1, TD2, TD3, MRV-A or MRV-B MRZ; raise :class:`MrzError` if malformed.

    ``today`` (default: the local date) anchors the century rule for the two dates.
    """
    lines = _split(text)
    today = today or date.today()
    if len(lines) == 3:
        fmt: MrzFormat = "TD1"
    elif lines[0][0] == "V":
        fmt = "MRVB" if len(lines[0]) == 36 else "MRVA"
    else:
        fmt = "TD2" if len(lines[0]) == 36 else "TD3"
    corrections: list[str] = []
    if lenient:
        _repair(lines, fmt, corrections)
    l1, l2 = lines[0], lines[1]
    if not ("A" <= l1[0] <= "Z") or not ("A" <= l1[1] <= "Z" or l1[1] == "<"):
        raise MrzError(
            f"MRZ line 1 positions 1-2 (document code): {l1[:2]!r} is not a document "
            "code (a letter, then a letter or '<')"
        )
    state = _code(l1[2:5], "line 1 positions 3-5", "issuing state")
    optional_2 = ""
    composite: str | None = None
    if fmt == "TD1":
        b = 0  # offset of the birth date in line 2; sex, expiry and their checks follow it
        nationality = _code(l2[15:18], "line 2 positions 16-18", "nationality")
        number, digit, optional = _long_number(l1[5:14], l1[14], l1[15:30])
        optional_2 = l2[18:29]
        primary, secondary = _names(lines[2], 3, 0)
        composite = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    else:
        b = 13
        nationality = _code(l2[10:13], "line 2 positions 11-13", "nationality")
        number, digit = l2[0:9], l2[9]
        primary, secondary = _names(l1, 1, 5)
        if fmt == "TD2":
            number, digit, optional = _long_number(number, digit, l2[28:35])
            composite = l2[0:10] + l2[13:20] + l2[21:35]
        elif fmt == "TD3":
            optional = l2[28:42]
            composite = l2[0:10] + l2[13:20] + l2[21:43]
        else:  # visas: optional data up to the end of the line, no composite check digit
            optional = l2[28:]
    birth_raw, expiry_raw = l2[b : b + 6], l2[b + 8 : b + 14]
    where = f"line 2 positions {b + 1}-{b + 6}"
    birth = None
    if not (_BIRTH.fullmatch(birth_raw) and "<" in birth_raw):  # "<" marks unknown parts
        birth = _date(birth_raw, where, "date of birth", True, today)
    where = f"line 2 positions {b + 9}-{b + 14}"
    expiry = _date(expiry_raw, where, "date of expiry", False, today)
    sex = _SEX.get(l2[b + 7])
    if sex is None:
        raise MrzError(
            f"MRZ line 2 position {b + 8} (sex): expected 'M', 'F', 'X' or '<', got {l2[b + 7]!r}"
        )
    checks = {"document_number": _ok(number, digit), "birth_date": _ok(birth_raw, l2[b + 6]),
              "expiry_date": _ok(expiry_raw, l2[b + 14])}  # fmt: skip
    if fmt == "TD3":  # a filler check digit is allowed when the personal number is empty
        empty = l2[42] == "<" and optional == "<" * 14
        checks["optional"] = empty or _ok(optional, l2[42])
    if composite is not None:
        checks["composite"] = _ok(composite, l2[-1])
    return Mrz(
        format=fmt,
        document_code=l1[:2].rstrip("<"),
        issuing_state=state,
        document_number=number.rstrip("<"),
        nationality=nationality,
        birth_date=birth,
        birth_date_raw=birth_raw,
        expiry_date=expiry,
        sex=sex,
        primary_name=primary,
        secondary_name=secondary,
        optional_data=optional.strip("<"),
        optional_data_2=optional_2.strip("<"),
        checks=checks,
        lines=tuple(lines),
        corrections=tuple(corrections),
    )


def build_td3(
    *,
    number: str,
    state: str,
    surname: str,
    given: str,
    birth: date,
    sex: str,
    expiry: date,
    nationality: str | None = None,
) -> str:
    """A passport's two-line TD3 MRZ with every check digit computed (demo data, tests,
    benchmarks). Names are given in Latin letters; anything else becomes ``<``."""

    def field(text: str) -> str:
        return re.sub(r"[^A-Z]+", "<", text.translate(_ASCII_UPPER)).strip("<")

    names = f"{field(surname)}<<{field(given)}"
    line1 = f"P<{state.ljust(3, '<')}{names}"[:44].ljust(44, "<")
    num = number.ljust(9, "<")[:9]
    born, expires = birth.strftime("%y%m%d"), expiry.strftime("%y%m%d")
    personal = "<" * 14
    body = (
        f"{num}{check_digit(num)}{(nationality or state).ljust(3, '<')}{born}{check_digit(born)}"
        f"{sex if sex in ('M', 'F') else '<'}{expires}{check_digit(expires)}"
        f"{personal}{check_digit(personal)}"
    )
    composite = body[0:10] + body[13:20] + body[21:43]
    return f"{line1}\n{body}{check_digit(composite)}"
