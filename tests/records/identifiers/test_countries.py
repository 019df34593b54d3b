"""ISO 3166-1 codes and their variants."""

from __future__ import annotations

import contextlib
import csv
from pathlib import Path

import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st

import concord
from concord.records.identifiers import CountryError, is_country, normalise_country


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("UK", "GB"),
        ("EL", "GR"),
        ("D", "DE"),
        ("D<<", "DE"),
        ("GBR", "GB"),
        ("GBN", "GB"),
        ("276", "DE"),
        ("76", "BR"),
        ("076", "BR"),
        ("fr", "FR"),
        (" deu ", "DE"),
        ("XK", "XK"),
        ("XKX", "XK"),
        ("RKS", "XK"),
        ("UKR", "UA"),
        ("PS", "PS"),
        ("CW", "CW"),
    ],
)
def test_normalise(code: str, expected: str) -> None:
    assert normalise_country(code) == expected


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("ZZ", "unknown country code 'ZZ'"),
        ("", "country code is empty"),
        ("<<<", "country code is empty"),
        ("999", "unknown country code '999'"),
        ("XXA", "'XXA' is the ICAO code for a stateless person"),
        ("UNK", "UNMIK"),
        ("XPO", "INTERPOL"),
        ("YU", "'YU' is a withdrawn ISO 3166 code (Yugoslavia"),
        ("ANT", "Netherlands Antilles"),
        ("SU", "withdrawn"),
        ("\u017f", "unknown country code"),  # long s, which str.upper() turns into S
        ("FRANCE", "unknown country code 'FRANCE'"),
    ],
)
def test_unknown(code: str, message: str) -> None:
    with pytest.raises(CountryError, match=message.replace("(", r"\(")):
        normalise_country(code)
    assert not is_country(code)


def test_every_iso_code_normalises_to_its_alpha2() -> None:
    for country in pycountry.countries:
        for form in (country.alpha_2, country.alpha_3, country.numeric, country.alpha_3.lower()):
            assert normalise_country(form) == country.alpha_2


def test_every_interpol_member_is_iso() -> None:
    path = Path(concord.__file__).parent / "members" / "data" / "members.csv"
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            assert normalise_country(row["code"]) == row["code"]
            assert normalise_country(row["alpha3"]) == row["code"]
            assert normalise_country(row["numeric"]) == row["code"]


@given(st.text(max_size=6))
def test_only_country_error(text: str) -> None:
    with contextlib.suppress(CountryError):
        assert len(normalise_country(text)) == 2
