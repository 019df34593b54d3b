"""Fuzzing the ICAO 9303 MRZ parser (:mod:`concord.records.identifiers.mrz`).

Declared: :func:`parse_mrz` returns an :class:`Mrz` or raises :class:`MrzError` (a
``ValueError``); :func:`check_digit` returns a digit or raises :class:`MrzError`;
:func:`document_number_check` returns a bool. Valid MRZs of every format are generated here with
an independent implementation of the Doc 9303 check digit, and must round-trip.
"""

from __future__ import annotations

import string
from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from concord.records.identifiers.mrz import (
    Mrz,
    MrzError,
    check_digit,
    document_number_check,
    parse_mrz,
)
from tests.fuzz.strategies import as_text, deep, mutated, odd_text, quick

TODAY = date(2026, 11, 27)
ALPHABET = string.ascii_uppercase + string.digits + "<"
_VAL = {c: i for i, c in enumerate(string.digits + string.ascii_uppercase)} | {"<": 0}


def cd(s: str) -> str:
    """Doc 9303 Part 3 check digit, written independently of the product."""
    return str(sum(_VAL[c] * (7, 3, 1)[i % 3] for i, c in enumerate(s)) % 10)


TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
)
TD2 = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6"
MRVA = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<"
SAMPLES = [s.encode() for s in (TD3, TD1, TD2, MRVA)]


def parse_or_declared(text: str, *, lenient: bool = False, today: date = TODAY) -> Mrz | None:
    """The parser's contract: an Mrz, or MrzError; anything else fails the test."""
    try:
        m = parse_mrz(text, lenient=lenient, today=today)
    except MrzError as exc:
        assert str(exc)  # the message says what is wrong
        return None
    assert m.format in ("TD1", "TD2", "TD3", "MRVA", "MRVB")
    assert isinstance(m.valid, bool)
    return m


def td3_checks(lines: tuple[str, ...]) -> dict[str, bool]:
    """What the checks of a TD3 must be, from the independent check digit."""
    l2 = lines[1]
    personal = l2[28:42]
    return {
        "document_number": l2[9] == cd(l2[0:9]),
        "birth_date": l2[19] == cd(l2[13:19]),
        "expiry_date": l2[27] == cd(l2[21:27]),
        "optional": (l2[42] == "<" and personal == "<" * 14) or l2[42] == cd(personal),
        "composite": l2[43] == cd(l2[0:10] + l2[13:20] + l2[21:43]),
    }


# -- arbitrary and damaged input ----------------------------------------------------------------

#: Text shaped like an MRZ (right or wrong widths and line counts), mostly MRZ characters.
mrz_shaped = st.builds(
    "\n".join,
    st.sampled_from(
        [(3, 30), (2, 36), (2, 44), (2, 30), (3, 36), (2, 72), (1, 88), (4, 30)]
    ).flatmap(
        lambda shape: st.lists(
            st.text(st.sampled_from(ALPHABET), min_size=shape[1], max_size=shape[1]).flatmap(
                lambda line: st.one_of(st.just(line), st.builds(_poke, st.just(line), odd_text))
            ),
            min_size=shape[0],
            max_size=shape[0],
        )
    ),
)


def _poke(line: str, junk: str) -> str:
    return line[: len(line) // 2] + junk + line[len(line) // 2 + len(junk) :]


any_input = st.one_of(
    st.text(max_size=200),
    odd_text,
    mrz_shaped,
    mutated(SAMPLES).map(as_text),
    mutated(SAMPLES).map(lambda b: b.decode("latin-1")),
)
dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31))


def check_any(text: str, lenient: bool, today: date) -> None:
    m = parse_or_declared(text, lenient=lenient, today=today)
    if m is not None and m.format == "TD3" and not lenient:
        assert m.checks == td3_checks(m.lines)


@quick()
@given(any_input, st.booleans(), dates)
@example("P<UTOERIKSSON<<ANNA<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE", False, TODAY)
def test_any_text_parses_or_raises_mrz_error(text: str, lenient: bool, today: date) -> None:
    # The example: two lines of 30 characters were taken for a TD3 and read past their end
    # (IndexError) until _split refused two-line MRZs that are not 36 or 44 wide.
    check_any(text, lenient, today)


@pytest.mark.slow
@deep(1500)
@given(any_input, st.booleans(), dates)
def test_any_text_parses_or_raises_mrz_error_deep(text: str, lenient: bool, today: date) -> None:
    check_any(text, lenient, today)


def check_digits_contract(text: str, digit: str) -> None:
    try:
        value = check_digit(text)
    except MrzError:
        assert set(text) - set(ALPHABET)  # refused only for characters outside A-Z 0-9 <
    else:
        assert value == cd(text)
    assert isinstance(document_number_check(text, digit), bool)


@quick()
@given(
    st.one_of(st.text(ALPHABET, max_size=60), st.text(max_size=30), odd_text), st.text(max_size=3)
)
def test_check_digit_and_number_check(text: str, digit: str) -> None:
    check_digits_contract(text, digit)


@pytest.mark.slow
@deep(1000)
@given(
    st.one_of(st.text(ALPHABET, max_size=60), st.text(max_size=30), odd_text), st.text(max_size=3)
)
def test_check_digit_and_number_check_deep(text: str, digit: str) -> None:
    check_digits_contract(text, digit)


# -- valid MRZs round-trip ----------------------------------------------------------------------

word = st.text(string.ascii_uppercase, min_size=1, max_size=8)
code = st.one_of(
    st.text(string.ascii_uppercase, min_size=3, max_size=3),
    st.sampled_from(["D<<", "UTO", "GBN", "XXA"]),
    st.builds(
        lambda a, b: a + b + "<",
        st.sampled_from(string.ascii_uppercase),
        st.sampled_from(string.ascii_uppercase),
    ),
)
filler = st.text(ALPHABET, min_size=0, max_size=14)


@st.composite
def valid_mrz(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    fmt = draw(st.sampled_from(["TD1", "TD2", "TD3"]))
    width = {"TD1": 30, "TD2": 36, "TD3": 44}[fmt]
    doc = draw(st.sampled_from(["P<", "PM", "PD"] if fmt == "TD3" else ["I<", "ID", "AC", "C<"]))
    state, nationality = draw(code), draw(code)
    number = draw(st.text(string.ascii_uppercase + string.digits, min_size=1, max_size=9))
    number_field = number.ljust(9, "<")
    birth = draw(st.dates(TODAY - timedelta(days=99 * 365), TODAY))
    expiry = draw(st.dates(date(TODAY.year - 45, 1, 1), date(TODAY.year + 45, 12, 31)))
    sex = draw(st.sampled_from("MF<X"))
    surname = draw(st.lists(word, min_size=1, max_size=2))
    given = draw(st.lists(word, min_size=0, max_size=2))
    names = "<".join(surname) + ("<<" + "<".join(given) if given else "")
    name_width = width if fmt == "TD1" else width - 5
    names = names[:name_width]
    if names.endswith("<"):  # a cut that ends on a separator
        names = names.rstrip("<")
    b, e = birth.strftime("%y%m%d"), expiry.strftime("%y%m%d")
    dates_ = f"{b}{cd(b)}{sex}{e}{cd(e)}"
    if fmt == "TD3":
        personal = draw(filler).ljust(14, "<")
        l1 = f"{doc}{state}{names}".ljust(44, "<")
        body = f"{number_field}{cd(number_field)}{nationality}{dates_}{personal}{cd(personal)}"
        l2 = body + cd(body[0:10] + body[13:20] + body[21:43])
        lines, optional, optional_2 = [l1, l2], personal, ""
    elif fmt == "TD2":
        optional = draw(filler).ljust(7, "<")[:7]
        l1 = f"{doc}{state}{names}".ljust(36, "<")
        body = f"{number_field}{cd(number_field)}{nationality}{dates_}{optional}"
        l2 = body + cd(body[0:10] + body[13:20] + body[21:35])
        lines, optional_2 = [l1, l2], ""
    else:
        optional = draw(filler).ljust(15, "<")[:15]
        optional_2 = draw(filler).ljust(11, "<")[:11]
        l1 = f"{doc}{state}{number_field}{cd(number_field)}{optional}"
        body = f"{dates_}{nationality}{optional_2}"
        l2 = body + cd(l1[5:30] + body[0:7] + body[8:15] + body[18:29])
        lines = [l1, l2, names.ljust(30, "<")]
    assert all(len(line) == width for line in lines)
    primary, _, secondary = names.partition("<<")
    expected: dict[str, object] = {
        "format": fmt,
        "document_code": doc.rstrip("<"),
        "issuing_state": state.rstrip("<"),
        "nationality": nationality.rstrip("<"),
        "document_number": number,
        "birth_date": birth,
        "expiry_date": expiry,
        "sex": "X" if sex == "<" else sex,
        "primary_name": primary.replace("<", " "),
        "secondary_name": " ".join(secondary.replace("<", " ").split()),
        "optional_data": optional.strip("<"),
        "optional_data_2": optional_2.strip("<"),
    }
    return "\n".join(lines), expected


def check_round_trip(mrz: str, expected: dict[str, object], variant: int, lenient: bool) -> None:
    text = [mrz, mrz.lower(), f"  \r\n{mrz.replace(chr(10), chr(13) + chr(10))}\n\n "][variant]
    m = parse_mrz(text, lenient=lenient, today=TODAY)
    got = {k: getattr(m, k) for k in expected}
    assert got == expected
    assert m.valid and all(m.checks.values()), m.checks
    assert "\n".join(m.lines) == mrz
    # every single-digit change to a dated or numbered field is caught by a check digit
    lines = mrz.split("\n")
    row = 1
    start = 13 if m.format != "TD1" else 0
    for offset in (0, 5, 8, 13):  # birth date and expiry date digits
        i = start + offset
        old = lines[row][i]
        new = str((int(old) + 1) % 10)
        damaged = lines.copy()
        damaged[row] = damaged[row][:i] + new + damaged[row][i + 1 :]
        broken = parse_or_declared("\n".join(damaged), today=TODAY)
        assert broken is None or not broken.valid


@quick(60)
@given(valid_mrz(), st.integers(0, 2), st.booleans())
def test_valid_mrz_round_trips_and_check_digits_bite(
    case: tuple[str, dict[str, object]], variant: int, lenient: bool
) -> None:
    check_round_trip(*case, variant, lenient)


@pytest.mark.slow
@deep(600)
@given(valid_mrz(), st.integers(0, 2), st.booleans())
def test_valid_mrz_round_trips_and_check_digits_bite_deep(
    case: tuple[str, dict[str, object]], variant: int, lenient: bool
) -> None:
    check_round_trip(*case, variant, lenient)
