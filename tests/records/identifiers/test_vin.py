"""ISO 3779 VINs and the North American check digit."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concord.records.identifiers import validate_vin, vin_check_digit, wmi_region

VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
# Transliteration from 49 CFR 565.15, written out independently of the implementation.
TRANSLIT = {str(d): d for d in range(10)} | {
    "A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "F": 6, "G": 7, "H": 8,
    "J": 1, "K": 2, "L": 3, "M": 4, "N": 5, "P": 7, "R": 9,
    "S": 2, "T": 3, "U": 4, "V": 5, "W": 6, "X": 7, "Y": 8, "Z": 9,
}  # fmt: skip


def test_classic_example() -> None:
    result = validate_vin("1M8GDM9AXKP042788")
    assert result.valid and result.check_digit_ok
    assert (result.errors, result.warnings) == ((), ())
    assert result.wmi_region == "North America" and result.wmi == "1M8"
    assert (result.model_year_code, result.model_years) == ("K", (1989, 2019))
    assert vin_check_digit("1M8GDM9AXKP042788") == "X"


def test_all_ones() -> None:
    result = validate_vin("11111111111111111")
    assert result.valid and result.check_digit_ok


def test_normalisation() -> None:
    result = validate_vin(" 1m8-gdm9ax kp042788 ")
    assert result.vin == result.value == "1M8GDM9AXKP042788" and result.valid


def test_wrong_check_digit_in_north_america_is_an_error() -> None:
    result = validate_vin("1M8GDM9A1KP042788")
    assert not result.valid and result.check_digit_ok is False
    assert result.errors == (
        "VIN 1M8GDM9A1KP042788: check digit (position 9) is '1', expected 'X'",
    )


def test_wrong_check_digit_elsewhere_is_a_warning() -> None:
    result = validate_vin("WVWZZZ1JZXW000001")  # European maker: position 9 is a filler
    assert result.valid and result.errors == ()
    assert result.check_digit_ok is False and result.wmi_region == "Europe"
    assert len(result.warnings) == 1
    assert "makers outside North America need not use it" in result.warnings[0]


@pytest.mark.parametrize(
    ("vin", "message"),
    [
        ("", "VIN is empty"),
        ("1M8GDM9AXKP04278", "has 16 characters; expected 17"),
        ("1M8GDM9AXKP0427888", "has 18 characters; expected 17"),
        ("1M8GDM9AXKP04278O", "position 17: the letter 'O' is not allowed"),
        ("IM8GDM9AXKP042788", "position 1: the letter 'I' is not allowed"),
        ("1M8GDM9AXKQ042788", "position 11: the letter 'Q' is not allowed"),
        ("1M8GDM9AXKP04278*", "position 17: character '*' is not allowed"),
        ("1M8GDM9AXKP04278é", "position 17: character 'é' is not allowed"),
    ],
)
def test_malformed(vin: str, message: str) -> None:
    result = validate_vin(vin)
    assert not result.valid and result.check_digit_ok is None
    assert any(message in error for error in result.errors), result.errors


@pytest.mark.parametrize(
    ("first", "region"),
    [("A", "Africa"), ("H", "Africa"), ("J", "Asia"), ("R", "Asia"), ("S", "Europe"),
     ("Z", "Europe"), ("1", "North America"), ("5", "North America"), ("6", "Oceania"),
     ("7", "Oceania"), ("8", "South America"), ("9", "South America"), ("0", None), ("", None)],
)  # fmt: skip
def test_wmi_region(first: str, region: str | None) -> None:
    assert wmi_region(first + "XXXX" if first else "") == region


def expected_check(vin: str) -> str:
    weights = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
    total = sum(TRANSLIT[c] * w for c, w in zip(vin, weights, strict=True)) % 11
    return "X" if total == 10 else str(total)


vins = st.text(alphabet=VIN_CHARS, min_size=17, max_size=17).map(
    lambda v: v[:8] + expected_check(v) + v[9:]
)


@given(vins)
def test_check_digit_matches_definition(vin: str) -> None:
    assert vin_check_digit(vin) == vin[8]
    result = validate_vin(vin)
    assert result.valid and result.check_digit_ok and result.errors == ()


@given(vins, st.integers(0, 16), st.sampled_from(VIN_CHARS))
def test_single_substitution(vin: str, position: int, c: str) -> None:
    corrupt = vin[:position] + c + vin[position + 1 :]
    result = validate_vin(corrupt)
    # Every weight but position 9's is non-zero modulo 11, so a substitution is seen unless the
    # two characters transliterate to the same value (A and J, for example).
    still_ok = c == vin[8] if position == 8 else TRANSLIT[c] == TRANSLIT[vin[position]]
    assert result.check_digit_ok is still_ok
    if not still_ok:
        if "1" <= corrupt[0] <= "5":
            assert not result.valid
        else:
            assert result.valid and any("check digit" in w for w in result.warnings)


@given(st.text(max_size=30))
def test_never_raises(text: str) -> None:
    result = validate_vin(text)
    assert isinstance(result.valid, bool)
    assert set(string.ascii_lowercase).isdisjoint(result.vin)
