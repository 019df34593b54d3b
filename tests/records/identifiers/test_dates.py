"""Partial dates and date rules."""

from __future__ import annotations

import contextlib
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concord.records.identifiers import (
    DateRuleError,
    PartialDate,
    check_not_future,
    check_order,
    parse_partial_date,
)

TODAY = date(2025, 6, 1)


@pytest.mark.parametrize(
    ("text", "parts", "earliest", "latest"),
    [
        ("1974", (1974, None, None), date(1974, 1, 1), date(1974, 12, 31)),
        ("2024-02", (2024, 2, None), date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-02", (2023, 2, None), date(2023, 2, 1), date(2023, 2, 28)),
        (" 1974-08-12 ", (1974, 8, 12), date(1974, 8, 12), date(1974, 8, 12)),
    ],
)
def test_parse(text: str, parts: tuple[int, int | None, int | None], earliest: date,
               latest: date) -> None:  # fmt: skip
    d = parse_partial_date(text)
    assert (d.year, d.month, d.day) == parts
    assert (d.earliest, d.latest) == (earliest, latest)
    assert d.iso == text.strip() == str(d)
    assert d.complete is (parts[2] is not None)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1974-13", "month 13 is out of range 1-12"),
        ("1974-02-30", "day 30 is out of range 1-28 for 1974-02"),
        ("0000", "year 0 is out of range"),
        ("74", "is not a date"),
        ("1974/08/12", "is not a date"),
        ("1974-8-12", "is not a date"),
        ("12.08.1974", "is not a date"),
        ("", "is not a date"),
        ("١٩٧٤", "is not a date"),
        ("1974-08-12T00:00", "is not a date"),
    ],
)
def test_parse_errors(text: str, message: str) -> None:
    with pytest.raises(DateRuleError, match=message):
        parse_partial_date(text)


def test_constructor_checks() -> None:
    with pytest.raises(DateRuleError, match="a day needs a month"):
        PartialDate(1974, None, 3)
    assert PartialDate.from_date(date(1974, 8, 12)).iso == "1974-08-12"


def test_ordering() -> None:
    a, b, c, d = (parse_partial_date(s) for s in ("1974", "1974-01", "1974-01-01", "1975"))
    assert a < b < c < d and sorted([d, c, b, a]) == [a, b, c, d]
    assert a == parse_partial_date("1974") and a != b
    assert not a.definitely_before(c) and a.definitely_before(d)
    assert c.definitely_before(date(1974, 1, 2))


def test_not_future() -> None:
    with pytest.raises(DateRuleError) as exc:
        check_not_future(parse_partial_date("2031-04-02"), TODAY, "date of birth")
    assert str(exc.value) == "date of birth 2031-04-02 is in the future"
    check_not_future(parse_partial_date("2025"), TODAY, "date of birth")  # may be before today
    check_not_future(TODAY, TODAY)
    check_not_future(datetime(2025, 6, 1, 23, 59), TODAY)
    with pytest.raises(DateRuleError, match="date 2026 is in the future"):
        check_not_future(parse_partial_date("2026"), TODAY)
    with pytest.raises(DateRuleError, match="issue date 2025-06-02 is in the future"):
        check_not_future(date(2025, 6, 2), TODAY, "issue date")


def test_order() -> None:
    with pytest.raises(DateRuleError) as exc:
        check_order(date(2021, 5, 3), date(2020, 1, 1), "issue", "expiry")
    assert str(exc.value) == "expiry 2020-01-01 is before issue 2021-05-03"
    check_order(date(2021, 5, 3), date(2021, 5, 3), "issue", "expiry")  # same day allowed
    check_order(parse_partial_date("2021"), date(2021, 1, 1), "issue", "expiry")  # may overlap
    with pytest.raises(DateRuleError, match="later date 2020-12 is before earlier date 2021"):
        check_order(parse_partial_date("2021"), parse_partial_date("2020-12"))


partial_dates = st.dates(date(1, 1, 1), date(9999, 12, 31)).flatmap(
    lambda d: st.sampled_from(
        [PartialDate(d.year), PartialDate(d.year, d.month), PartialDate.from_date(d)]
    )
)


@given(partial_dates)
def test_round_trip(d: PartialDate) -> None:
    assert parse_partial_date(d.iso) == d
    assert d.earliest <= d.latest


@given(partial_dates, partial_dates)
def test_order_rule_matches_ranges(a: PartialDate, b: PartialDate) -> None:
    if a.definitely_before(b):
        assert a < b and not b.definitely_before(a)
    if b.definitely_before(a):
        with pytest.raises(DateRuleError):
            check_order(a, b)
    else:
        check_order(a, b)


@given(st.text(max_size=12))
def test_only_date_rule_error(text: str) -> None:
    with contextlib.suppress(DateRuleError):
        parse_partial_date(text)
