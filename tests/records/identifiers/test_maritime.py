"""IMO ship numbers and MMSIs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concord.records.identifiers import imo_check_digit, validate_imo, validate_mmsi


@pytest.mark.parametrize("value", ["IMO 9074729", "9074729", "imo9074729", " IMO-9074729 "])
def test_valid_imo(value: str) -> None:
    result = validate_imo(value)
    assert result.valid and result.value == "9074729" and result.error is None


def test_wrong_check_digit() -> None:
    result = validate_imo("IMO 9074728")
    assert not result.valid
    assert result.error == "IMO number 9074728: check digit 8 is wrong (expected 9)"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("IMO 907472", "must have seven digits"),
        ("90747290", "must have seven digits"),
        ("IMO 90747A9", "is not an IMO number"),
        ("", "is not an IMO number"),
        ("IMO ٩٠٧٤٧٢٩", "is not an IMO number"),
    ],
)
def test_malformed_imo(value: str, message: str) -> None:
    result = validate_imo(value)
    assert not result.valid and message in (result.error or "")


@given(st.text(alphabet="0123456789", min_size=6, max_size=6))
def test_imo_check_digit_definition(six: str) -> None:
    expected = str(sum(int(d) * (7 - i) for i, d in enumerate(six)) % 10)
    assert imo_check_digit(six) == expected
    assert validate_imo(f"IMO {six}{expected}").valid
    wrong = str((int(expected) + 1) % 10)
    assert not validate_imo(six + wrong).valid


def test_imo_check_digit_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="six digits"):
        imo_check_digit("12345")


@pytest.mark.parametrize(
    ("value", "mid", "station"),
    [
        ("211331640", "211", "ship station"),
        ("366 123 456", "366", "ship station"),
        ("021112345", "211", "group of ship stations"),
        ("002111234", "211", "coast station"),
        ("111211123", "211", "SAR aircraft"),
        ("992111234", "211", "aid to navigation"),
        ("982111234", "211", "craft associated with a parent ship"),
        ("821112345", "211", "handheld VHF transceiver"),
        ("970123456", None, "AIS search and rescue transmitter"),
        ("972123456", None, "man overboard device"),
        ("974123456", None, "EPIRB-AIS"),
    ],
)
def test_valid_mmsi(value: str, mid: str | None, station: str) -> None:
    result = validate_mmsi(value)
    assert result.valid and result.error is None
    assert (result.value, result.mid, result.station_type) == (value.replace(" ", ""), mid, station)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("21133164", "must be nine digits"),
        ("2113316401", "must be nine digits"),
        ("21133164A", "must be nine digits"),
        ("123456789", "assigns no identities starting with '12'"),
        ("960000000", "assigns no identities starting with '96'"),
        ("200000000", "200 is not a Maritime Identification Digits code"),
        ("001991234", "199 is not a Maritime Identification Digits code"),
    ],
)
def test_invalid_mmsi(value: str, message: str) -> None:
    result = validate_mmsi(value)
    assert not result.valid and message in (result.error or "")


@given(st.text(max_size=20))
def test_never_raise(text: str) -> None:
    assert isinstance(validate_imo(text).valid, bool)
    assert isinstance(validate_mmsi(text).valid, bool)
