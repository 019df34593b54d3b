"""The Secretariat's staff records: kept by gs_admin only, validated, and the representation of
member countries and regions among staff at a date and its change between two dates."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from concord.members.models import Country
from tests.factories import Actor, Actors

STAFF = [
    ("FR", "P3", "2015-01-01", None),
    ("FR", "G5", "2016-06-01", "2019-12-31"),
    ("DE", "P4", "2018-03-01", None),
    ("NG", "P2", "2019-01-01", "2020-06-30"),
    ("BR", "D1", "2021-01-01", None),
    ("JP", "P5", "2010-01-01", "2018-12-31"),
]


def _add(client: TestClient, admin: Actor) -> list[str]:
    ids = []
    for cc, grade, start, end in STAFF:
        answer = client.post(
            "/api/v1/staff",
            json={"nationality": cc, "grade": grade, "start_date": start, "end_date": end},
            headers=admin.headers,
        )
        assert answer.status_code == 201, answer.text
        ids.append(answer.json()["id"])
    return ids


def _expected(session: Session, on: date) -> dict[str, tuple[int, set[str]]]:
    regions = dict(session.execute(select(Country.code, Country.region)).all())
    out: dict[str, tuple[int, set[str]]] = defaultdict(lambda: (0, set()))
    for cc, _grade, start, end in STAFF:
        if date.fromisoformat(start) <= on and (end is None or date.fromisoformat(end) >= on):
            n, countries = out[regions[cc]]
            out[regions[cc]] = (n + 1, countries | {cc})
    return out


def test_representation_at_a_date(client: TestClient, actors: Actors, session: Session) -> None:
    admin = actors.make("gs_admin")
    _add(client, admin)
    for day in ("2019-06-15", "2019-12-31", "2020-01-01", "2021-06-01"):
        got = client.get(
            f"/api/v1/stats/staff/representation?at={day}", headers=admin.headers
        ).json()
        expected = _expected(session, date.fromisoformat(day))
        assert got["staff"] == sum(n for n, _ in expected.values())
        assert got["countries"] == len(set().union(*[c for _, c in expected.values()]))
        assert got["regions"] == len(expected)
        by_region = {r["region"]: (r["staff"], r["countries"]) for r in got["by_region"]}
        for region, (n, countries) in expected.items():
            assert by_region[region] == (n, len(countries))
        assert got["members"] == session.execute(select(func.count(Country.code))).scalar()
        assert day in got["source"]


def test_change_between_two_dates_by_region(client: TestClient, actors: Actors) -> None:
    admin = actors.make("gs_admin")
    _add(client, admin)
    got = client.get(
        "/api/v1/stats/staff/change?a=2018-06-01&b=2021-06-01", headers=admin.headers
    ).json()
    rows = {r["region"]: r for r in got["by_region"]}
    # 2018-06-01: FR x2, DE, JP; 2021-06-01: FR, DE, BR
    assert (rows["Europe"]["staff_a"], rows["Europe"]["staff_b"]) == (3, 2)
    assert rows["Europe"]["staff_change"] == -1 and rows["Europe"]["countries_change"] == 0
    assert rows["Asia and South Pacific"]["countries_change"] == -1
    assert rows["Americas"]["staff_change"] == 1
    assert (got["countries_a"], got["countries_b"]) == (3, 3)
    assert (got["regions_a"], got["regions_b"]) == (2, 2)
    text = client.get(
        "/api/v1/stats/staff/change?a=2018-06-01&b=2021-06-01&format=csv", headers=admin.headers
    ).text
    table = {r["region"]: r for r in csv.DictReader(io.StringIO(text))}
    assert table["Americas"]["staff_change"] == "1"


def test_only_gs_admin_keeps_staff_records(client: TestClient, actors: Actors) -> None:
    admin = actors.make("gs_admin")
    ids = _add(client, admin)
    for role, cc in (("gs_officer", None), ("ncb_admin", "FR"), ("auditor", None)):
        other = actors.make(role, cc)
        assert client.get("/api/v1/staff", headers=other.headers).status_code == 403
        body = {"nationality": "FR", "grade": "P3", "start_date": "2020-01-01"}
        assert client.post("/api/v1/staff", json=body, headers=other.headers).status_code == 403
        assert client.delete(f"/api/v1/staff/{ids[0]}", headers=other.headers).status_code == 403
    listing = client.get("/api/v1/staff?serving_on=2019-06-01", headers=admin.headers).json()
    assert listing["total"] == 4
    assert set(listing["items"][0]) == {
        "id",
        "nationality",
        "region",
        "grade",
        "start_date",
        "end_date",
        "created_at",
        "updated_at",
    }
    changed = client.patch(
        f"/api/v1/staff/{ids[0]}", json={"end_date": "2020-01-31"}, headers=admin.headers
    )
    assert changed.status_code == 200 and changed.json()["end_date"] == "2020-01-31"
    assert client.delete(f"/api/v1/staff/{ids[0]}", headers=admin.headers).status_code == 204
    assert client.get(f"/api/v1/staff/{ids[0]}", headers=admin.headers).status_code == 404


def test_a_member_sees_regions_not_nationalities(client: TestClient, actors: Actors) -> None:
    _add(client, actors.make("gs_admin"))
    fr = actors.make("ncb_operator", "FR")
    mine = client.get("/api/v1/stats/staff/representation?at=2019-06-15", headers=fr.headers)
    assert mine.json()["by_country"] is None and mine.json()["countries"] == 3
    gs = actors.make("gs_officer")
    full = client.get("/api/v1/stats/staff/representation?at=2019-06-15", headers=gs.headers)
    assert full.json()["by_country"] == {"DE": 1, "FR": 2, "NG": 1}


def test_bad_staff_records_are_refused(client: TestClient, actors: Actors) -> None:
    admin = actors.make("gs_admin")
    good: dict[str, Any] = {"nationality": "FR", "grade": "P3", "start_date": "2020-01-01"}
    cases = [
        ({**good, "nationality": "XX"}, "nationality"),
        ({**good, "end_date": "2019-01-01"}, "end_date"),
        ({**good, "grade": "chief"}, "grade"),
        ({**good, "start_date": "1900-01-01"}, "start_date"),
        ({**good, "name": "Jean Dupont"}, "name"),  # no personal data beyond the four fields
    ]
    for body, field in cases:
        answer = client.post("/api/v1/staff", json=body, headers=admin.headers)
        assert answer.status_code == 422, body
        assert field in answer.text
    assert client.get("/api/v1/staff", headers=admin.headers).json()["total"] == 0
    made = client.post("/api/v1/staff", json=good, headers=admin.headers).json()
    bad = client.patch(
        f"/api/v1/staff/{made['id']}", json={"end_date": "2019-12-31"}, headers=admin.headers
    )
    assert bad.status_code == 422 and "end_date" in bad.text
    null = client.patch(
        f"/api/v1/staff/{made['id']}", json={"nationality": None}, headers=admin.headers
    )
    assert null.status_code == 422 and "nationality" in null.text
