"""IBAN, BIC, ISIN, LEI, national numbers and the generic dispatcher."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from concord.records.identifiers import (
    NATIONAL_SCHEMES,
    SCHEMES,
    validate_iban,
    validate_identifier,
)


def test_iban() -> None:
    result = validate_iban("GB82 WEST 1234 5698 7654 32")
    assert result.valid and result.value == "GB82WEST12345698765432"
    assert (result.country, result.scheme, result.error) == ("GB", "iban", None)


def test_iban_one_digit_changed() -> None:
    result = validate_iban("GB82 WEST 1234 5698 7654 33")
    assert not result.valid and result.country is None
    assert result.error is not None and "GB82WEST12345698765433" in result.error
    assert "checksum" in result.error


def test_iban_wrong_length_for_country() -> None:
    result = validate_iban("GB82 WEST 1234 5698 7654 3")
    assert not result.valid and result.error is not None and result.error.startswith("IBAN")


@given(st.integers(4, 21), st.sampled_from("0123456789"))
def test_every_single_digit_change_in_an_iban_is_caught(position: int, digit: str) -> None:
    iban = "GB82WEST12345698765432"
    changed = iban[:position] + digit + iban[position + 1 :]
    assert validate_iban(changed).valid is (changed == iban)


@pytest.mark.parametrize(
    ("scheme", "value", "compact", "country"),
    [
        ("iban", "de89 3704 0044 0532 0130 00", "DE89370400440532013000", "DE"),
        ("bic", "DEUTDEFF", "DEUTDEFF", "DE"),
        ("swift", "deut de ff 500", "DEUTDEFF500", "DE"),
        ("isin", "US0378331005", "US0378331005", None),
        ("lei", "5493001KJTIIGC8Y1R12", "5493001KJTIIGC8Y1R12", None),
        ("imo", "IMO 9074729", "9074729", None),
        ("mmsi", "211331640", "211331640", None),
        ("vin", "1M8GDM9AXKP042788", "1M8GDM9AXKP042788", None),
        ("fr.nir", "2 95 10 99 126 111 93", "295109912611193", "FR"),
        ("es.dni", "54362315-K", "54362315K", "ES"),
        ("de.idnr", "36 574 261 809", "36574261809", "DE"),
        ("us.ssn", "536-90-4399", "536904399", "US"),
        ("br.cpf", "390.533.447-05", "39053344705", "BR"),
        ("nl.bsn", "1112.22.333", "111222333", "NL"),
        ("FR.NIR", "295109912611193", "295109912611193", "FR"),
    ],
)
def test_valid_identifiers(scheme: str, value: str, compact: str, country: str | None) -> None:
    result = validate_identifier(scheme, value)
    assert result.valid and result.checked and result.error is None, result.error
    assert (result.value, result.country) == (compact, country)


@pytest.mark.parametrize(
    ("scheme", "value", "message"),
    [
        ("bic", "DEUTDEF", "BIC"),
        ("isin", "US0378331006", "ISIN 'US0378331006'"),
        ("lei", "5493001KJTIIGC8Y1R13", "LEI"),
        ("imo", "9074728", "check digit 8 is wrong"),
        ("mmsi", "12345678", "nine digits"),
        ("vin", "1M8GDM9A1KP042788", "check digit (position 9)"),
        ("fr.nir", "295109912611194", "fr.nir"),
        ("es.dni", "54362315Z", "es.dni"),
        ("us.ssn", "000-12-3456", "us.ssn"),
        ("nl.bsn", "111222334", "nl.bsn"),
        ("bitcoin", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "checksum"),
        ("eth", "0x123", "Ethereum"),
    ],
)
def test_invalid_identifiers(scheme: str, value: str, message: str) -> None:
    result = validate_identifier(scheme, value)
    assert not result.valid and result.checked
    assert result.error is not None and message in result.error, result.error


def test_vin_outside_north_america_is_valid_with_a_warning() -> None:
    result = validate_identifier("vin", "WVWZZZ1JZXW000001")
    assert result.valid and len(result.warnings) == 1


@pytest.mark.parametrize("scheme", ["national_id", "land_title", "other", "passport"])
def test_free_form_schemes_are_not_checked(scheme: str) -> None:
    result = validate_identifier(scheme, "  ABC 123  ")
    assert result.valid and not result.checked and result.value == "ABC 123"


def test_every_national_scheme_imports() -> None:
    for scheme in NATIONAL_SCHEMES:
        result = validate_identifier(scheme, "0")
        assert result.checked and not result.valid and result.error


@settings(max_examples=300)
@given(st.sampled_from(sorted(SCHEMES)), st.text(max_size=40))
def test_never_raise(scheme: str, value: str) -> None:
    result = validate_identifier(scheme, value)
    assert result.valid or result.error
