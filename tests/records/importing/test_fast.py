"""The travel-document fast path is ``prepare()``: whatever it accepts, ``prepare()`` accepts
with the same result (data, key, label, content hash, countries); everything else it leaves to
``prepare()``. And it does accept ordinary documents, or it would be no faster."""

from __future__ import annotations

import contextlib
import json
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concord.errors import ValidationFailedError
from concord.records.identifiers import check_digit
from concord.records.importing.fast import DocumentFastPath, Ready, canonical
from concord.records.service import RecordInput, prepare

MEMBERS = frozenset({"FR", "DE", "IT", "ES", "GB", "US"})
text = st.text(max_size=12)
junk = st.one_of(text, st.integers(), st.none(), st.lists(st.text(max_size=3), max_size=2))
numbers = st.one_of(
    st.from_regex(r"[A-Z0-9]{1,12}", fullmatch=True),
    st.sampled_from(["L898902C3", "l898902c3", "AB 12-34", " X1", "X1 ", "", "A" * 30, "A" * 31,
                     "\u0131d123", "\ufb0012", "X<1", "X\u00a01", "X\t1"]),
    junk,
)  # fmt: skip
countries = st.one_of(
    st.sampled_from(["FR", "fr", "FRA", "D", "D<<", "UK", "ZZ", "UNO", " FR", "FR ", "XK", "250",
                     "1", "", "fra", "EL", "SU"]),
    junk,
)  # fmt: skip
kinds = st.one_of(
    st.sampled_from(["passport", "identity_card", "visa", "other", "Passport", " visa"]), junk
)
statuses = st.one_of(
    st.sampled_from(["stolen", "lost", "revoked", "invalidated", "stolen_blank", "Lost"]), junk
)
dates = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(2100, 12, 31)).map(date.isoformat),
    st.sampled_from(["2019-02-30", "2019-3-2", "20190302", "0000-01-01", "2019-03-02T00:00",
                     " 2019-03-02", "2019-W10-1"]),
    junk,
)  # fmt: skip
digits = st.one_of(st.sampled_from([*"0123456789", "", " 6", "66", "x", "\u0666"]), junk)
notes = st.one_of(st.none(), text, st.integers())
meta = st.fixed_dictionaries(
    {
        "reliability": st.sampled_from(["A", "B", "C", "X", "Z"]),
        "handling": st.sampled_from(["H0", "H1", "H3", "H9"]),
        "handling_note": notes,
        "restriction": st.sampled_from(["all", "only", "except", "some"]),
        "countries": st.lists(st.sampled_from(["DE", "de", "IT", "KP", "FR", "ZZ"]), max_size=3),
    }
)


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, values in (
        ("number", numbers),
        ("country", countries),
        ("document_type", kinds),
        ("status", statuses),
    ):
        if draw(st.integers(0, 9)):  # usually there
            data[name] = draw(values)
    for name in ("issued_on", "expires_on", "reported_on"):
        if draw(st.booleans()):
            data[name] = draw(dates)
    if draw(st.booleans()):
        number = data.get("number")
        right = isinstance(number, str) and number.isascii() and number.isalnum()
        data["check_digit"] = check_digit(number.upper()) if right and draw(st.booleans()) else (
            draw(digits)
        )  # fmt: skip
    if draw(st.integers(0, 3)) == 0:
        data["holder_name"] = draw(st.one_of(text, junk))
    if draw(st.integers(0, 9)) == 0:
        data[draw(st.sampled_from(["shoe_size", "Number", "key"]))] = "x"
    return data


def same(got: Ready, record: RecordInput) -> None:
    want = prepare(record, MEMBERS)  # must not raise: the fast path accepted the record
    assert got == Ready.of(want)
    assert got.data_json == canonical(want.data)
    assert json.loads(got.data_json) == want.data


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=documents(), meta=meta, record_type=st.sampled_from(["document"] * 9 + ["person"]))
def test_fast_path_accepts_only_what_prepare_accepts_and_agrees(
    data: dict[str, Any], meta: dict[str, Any], record_type: str
) -> None:
    record = RecordInput(type=record_type, data=data, owner_ref="R1", **meta)
    got = DocumentFastPath(MEMBERS)(record)
    if got is not None:
        same(got, record)
        return
    with contextlib.suppress(ValidationFailedError):
        prepare(record, MEMBERS)  # may pass or fail: the fast path only stepped aside


valid_numbers = st.from_regex(r"[A-Z0-9]{6,12}", fullmatch=True)


@settings(max_examples=300, deadline=None)
@given(
    number=valid_numbers,
    country=st.sampled_from(["FR", "DEU", "it", "D", "UK"]),
    kind=st.sampled_from(["passport", "identity_card", "visa", "other"]),
    status=st.sampled_from(["stolen", "lost", "revoked", "invalidated", "stolen_blank"]),
    issued=st.dates(min_value=date(1990, 1, 1), max_value=date(2020, 1, 1)),
    holder=st.one_of(st.none(), st.text(min_size=1, max_size=40).map(str.strip).filter(bool)),
    with_digit=st.booleans(),
    restricted=st.booleans(),
)
def test_fast_path_takes_ordinary_documents(
    number: str,
    country: str,
    kind: str,
    status: str,
    issued: date,
    holder: str | None,
    with_digit: bool,
    restricted: bool,
) -> None:
    data: dict[str, Any] = {
        "number": number,
        "country": country,
        "document_type": kind,
        "status": status,
        "issued_on": issued.isoformat(),
        # ten years on; a 29 February issue date expires on 28 February
        "expires_on": issued.replace(
            year=issued.year + 10, day=min(issued.day, 28 if issued.month == 2 else 31)
        ).isoformat(),
    }
    if with_digit:
        data["check_digit"] = check_digit(number)
    if holder is not None:
        data["holder_name"] = holder
    record = RecordInput(
        type="document",
        data=data,
        owner_ref="R1",
        restriction="only" if restricted else "all",
        countries=["de", "IT"] if restricted else [],
    )
    got = DocumentFastPath(MEMBERS)(record)
    assert got is not None
    same(got, record)
