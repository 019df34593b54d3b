"""Fuzzing screening input: the query body of ``POST /api/v1/screen`` (fast path and route, both
engines) and the CSV passenger lists of ``concord screen-file`` and the console's batch upload
(no database).

Declared: the API answers 200 or a 4xx problem. A passenger list is read row by row: a row that
is not a query is refused by :func:`query_of` (pydantic's ``ValidationError`` or a
``ValueError``, reported on its row); a file that is not UTF-8 CSV raises
:class:`ValidationFailedError`.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import ValidationError

from concord.cli.screen import _rows, query_of
from concord.db.database import Database
from concord.errors import ValidationFailedError
from concord.settings import Settings
from concord.web.screening_batch import parse_rows
from tests.cli.conftest import Cli, fails
from tests.factories import Actor, Actors
from tests.fuzz.samples import tampered_object
from tests.fuzz.strategies import (
    QUICK_DB,
    assert_declared_answer,
    deep,
    deep_json,
    mutated,
    nesting,
    quick,
)

TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
QUERIES: list[dict[str, Any]] = [
    {"person": {"names": ["Ahmed Haddad"], "birth_date": "1981-04", "nationality": "EG"}},
    {"document": {"number": "L898902C3", "country": "FRA"}, "reference": "row-7"},
    {"mrz": TD3, "purpose": "border_control"},
    {"vin": "1M8GDM9AXKP042788", "plate": {"number": "AB-123-CD", "country": "FR"}},
    {"serial": "XK-4421", "imo": "IMO 9074729"},
]
TWO_LINES_OF_30 = "P<UTOERIKSSON<<ANNA<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE"
CONTENT_TYPES = ["application/json", "text/plain", "application/json; charset=latin-1", ""]

body = st.one_of(
    st.sampled_from(QUERIES).map(lambda q: json.dumps(q).encode()),
    tampered_object(QUERIES).map(lambda t: t.encode("utf-8", "surrogatepass")),
    mutated([json.dumps(q).encode() for q in QUERIES], max_ops=3),
    nesting.map(str.encode),
    st.binary(max_size=100),
)


@pytest.fixture
def screener(actors: Actors) -> Actor:
    return actors.make("ncb_operator", "FR")


def check_screen(client: TestClient, actor: Actor, data: bytes, ctype: str) -> None:
    headers = {**actor.headers, **({"Content-Type": ctype} if ctype else {})}
    for _ in range(2):  # the first request caches the token: the second takes the fast path
        response = client.post("/api/v1/screen", headers=headers, content=data)
        assert_declared_answer(response)
        if response.status_code == 200:
            assert "screening_id" in response.json()


@quick(2 * QUICK_DB)
@given(body, st.sampled_from(CONTENT_TYPES))
# The parser read past the end of a two-line MRZ of 30 characters (IndexError, a 500 here).
@example(json.dumps({"mrz": TWO_LINES_OF_30}).encode(), "application/json")
@example(deep_json(100_000).encode(), "application/json")
def test_screen_body_never_fails(
    client: TestClient, screener: Actor, data: bytes, content_type: str
) -> None:
    check_screen(client, screener, data, content_type)


@pytest.mark.slow
@deep(150)
@given(body, st.sampled_from(CONTENT_TYPES))
def test_screen_body_never_fails_deep(
    client: TestClient, screener: Actor, data: bytes, content_type: str
) -> None:
    check_screen(client, screener, data, content_type)


# -- passenger lists ----------------------------------------------------------------------------

PASSENGERS = (
    "name,dob,nationality,sex,document,country,mrz,vin,plate,serial,imo,reference\n"
    "Ahmed Haddad;A. Haddad,1981-04,EG,M,,,,,,,,row-1\n"
    ",,,,L898902C3,FRA,,,,,,row-2\n"
    f',,,,,,"{TD3}",,,,,row-3\n'
    ",,,,,,,1M8GDM9AXKP042788,AB-123-CD,,9074729,\n"
).encode()
passenger_list = st.one_of(
    mutated([PASSENGERS]),
    st.binary(max_size=200),
    st.just(PASSENGERS + b"x," + b"A" * 140_000 + b"\n"),
    st.just(b"name,dob\n" + "Анна\x00,1990\n".encode("utf-16")),
)


def check_passenger_list(tmp: Path, data: bytes) -> None:
    path = tmp / "passengers.csv"
    path.write_bytes(data)
    try:  # concord screen-file
        rows = list(_rows(path))
    except ValidationFailedError as exc:
        assert exc.detail
    else:
        for number, row in rows:
            with contextlib.suppress(ValidationError, ValueError):  # reported on its row
                query_of(row, number)
    try:  # the console's batch upload
        parsed = parse_rows(data)
    except ValidationFailedError as exc:
        assert exc.detail
    else:
        assert parsed and all(number >= 2 for number, _ in parsed)


@quick()
@given(passenger_list)
@example(b"name,dob\n" + b"\xff\xfe")  # UnicodeDecodeError escaped from screen-file
@example(b"name," + b"A" * 140_000 + b"\n")  # csv.Error escaped (a header over the limit)
def test_passenger_list_rows_are_queries_or_declared_errors(tmp_path: Path, data: bytes) -> None:
    check_passenger_list(tmp_path, data)


@pytest.mark.slow
@deep(800)
@given(passenger_list)
def test_passenger_list_rows_are_queries_or_declared_errors_deep(
    tmp_path: Path, data: bytes
) -> None:
    check_passenger_list(tmp_path, data)


@pytest.mark.parametrize(
    "data",
    [b"name,dob\nAnna,\xff\xfe\n", b"name,dob\nx," + b"A" * 140_000 + b"\n"],
    ids=["not-utf8", "cell-over-the-csv-limit"],
)
def test_screen_file_refuses_an_unreadable_list_with_exit_code_2(
    db: Database, settings: Settings, actors: Actors, tmp_path: Path, data: bytes
) -> None:
    """Regression: UnicodeDecodeError and csv.Error escaped ``concord screen-file`` (a traceback
    instead of an error message and exit code 2)."""
    source, out = tmp_path / "passengers.csv", tmp_path / "hits.csv"
    source.write_bytes(data)
    officer = actors.make("border_officer", "ES").principal.username
    fails(
        Cli(db, settings)("--as", officer, "screen-file", str(source), "--out", str(out)),
        2,
        "not a UTF-8 CSV file",
    )
