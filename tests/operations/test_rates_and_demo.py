"""The rate table (closest earlier rate, loading, bad files) and the demo's report generator
(its figures pass the same checks as reported ones, and the seed decides them)."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from concord.demo.operation_plans import CURRENCY, SERIES, plans
from concord.demo.operations import _Rates, _report
from concord.errors import PermissionDeniedError, ValidationFailedError
from concord.operations import rates
from concord.operations.checks import MAX_LINE_USD_CENTS, check_report
from concord.operations.commodities import COMMODITIES, check_quantity
from concord.operations.schemas import ReportIn
from tests.factories import Actors
from tests.operations.helpers import usd_cents


def test_the_shipped_table_is_loaded_and_used_closest_earlier(session: Session) -> None:
    got = rates.rate_on(session, "EUR", date(2024, 3, 17))
    assert got is not None and got.on_date == date(2024, 3, 1)
    assert usd_cents(1_000, "EUR", date(2024, 3, 17)) == got.to_usd_cents(1_000)
    assert rates.rate_on(session, "EUR", date(2019, 12, 31)) is None
    assert rates.rate_on(session, "XYZ", date(2024, 1, 1)) is None
    assert rates.rate_on(session, "USD", date(1999, 1, 1)) == rates.Rate(
        "USD", date(1999, 1, 1), 1.0
    )
    known = rates.known_currencies(session)
    for code in (
        "EUR",
        "GBP",
        "JPY",
        "CNY",
        "INR",
        "BRL",
        "ZAR",
        "NGN",
        "KES",
        "THB",
        "PHP",
        "IDR",
        "MXN",
        "CAD",
        "AUD",
        "CHF",
        "RUB",
        "TRY",
        "EGP",
        "USD",
    ):
        assert code in known
    # one rate a month for 2020-2026
    eur = _Rates(session).by["EUR"][0]
    assert eur[0] == date(2020, 1, 1) and eur[-1] == date(2026, 12, 1) and len(eur) == 84


def test_loading_needs_the_secretariat_and_refuses_bad_rows(
    session: Session, actors: Actors, tmp_path: Path
) -> None:
    path = tmp_path / "r.csv"
    path.write_text("currency,date,per_usd\nXTS,2024-01-01,4\n")
    with pytest.raises(PermissionDeniedError):
        rates.load_file(session, actors.make("ncb_admin", "FR").principal, path)
    admin = actors.make("gs_admin").principal
    assert rates.load_file(session, admin, path)["inserted"] == 1
    got = rates.rate_on(session, "XTS", date(2024, 5, 1))
    assert got is not None and got.to_usd_cents(10) == 250
    for text, words in (
        ("currency,date,per_usd\nXTS,2024-01-01,4\nXTS,2024-01-01,5\n", "appears twice"),
        ("currency,date,per_usd\nEURO,2024-01-01,4\n", "ISO 4217"),
        ("currency,date,per_usd\nXTS,01/02/2024,4\n", "YYYY-MM-DD"),
        ("currency,date,per_usd\nXTS,2024-01-01,four\n", "not a number"),
        ("currency,date,per_usd\n", "no rates"),
    ):
        path.write_text(text)
        with pytest.raises(ValidationFailedError, match=words):
            rates.load_file(session, admin, path)


def test_units_and_caps() -> None:
    assert check_quantity(COMMODITIES["cocaine"], 2, "t") is None
    assert "plausible" in (check_quantity(COMMODITIES["cocaine"], 101, "t") or "")
    assert "does not fit" in (check_quantity(COMMODITIES["firearms"], 3, "kg") or "")
    assert check_quantity(COMMODITIES["live_animals"], 40, "head") is None
    assert check_quantity(COMMODITIES["alcohol"], 5_000, "l") is None
    assert check_quantity(COMMODITIES["timber"], 120, "m3") is None
    assert "greater than 0" in (check_quantity(COMMODITIES["gold"], 0, "kg") or "")


def test_demo_reports_pass_the_checks_and_follow_the_seed(session: Session) -> None:
    table = _Rates(session)

    def draw(seed: int) -> list[tuple[str, int, int]]:
        rnd = random.Random(seed)
        out = []
        for plan in plans(2021):
            kind = SERIES[plan.series]
            day = date(plan.year, *plan.start)
            for country in plan.countries:
                version, lines = _report(rnd, kind, country, day, table)
                body = ReportIn.model_validate(
                    {
                        "report_date": day.isoformat(),
                        "arrests": version["arrests"],
                        "victims_rescued": version["victims_rescued"],
                        "seizures": [
                            {
                                "commodity": ln["commodity"],
                                "quantity": ln["quantity"],
                                "unit": ln["unit"],
                                "value": ln["value"],
                                "currency": ln["currency"],
                            }
                            for ln in lines
                            if ln["kind"] == "seizure"
                        ],
                    }
                )
                assert check_report(body, start=day, today=day) == [], (plan.name, country)
                for ln in lines:
                    assert ln["currency"] == CURRENCY[country]
                    assert 0 < ln["value_usd_cents"] <= MAX_LINE_USD_CENTS
                    assert ln["value_usd_cents"] == usd_cents(ln["value"], ln["currency"], day)
                out.append((plan.name, version["arrests"], version["seizures_usd_cents"]))
        return out

    first = draw(7)
    assert draw(7) == first
    assert draw(8) != first
    assert sum(a for _n, a, _c in first) > 1_000
