"""The members registry: 196 members with ISO codes and INTERPOL regions, one NCB each,
agencies authorised and suspended by their NCB."""

import pycountry
from fastapi.testclient import TestClient

from concord.members.reference import REGIONS, read_members
from tests.factories import Actors


def test_membership_data_is_consistent() -> None:
    rows = read_members()
    assert len(rows) == 196
    assert len({r.code for r in rows}) == 196
    for row in rows:
        iso = pycountry.countries.get(alpha_2=row.code)
        assert iso is not None, row.code
        assert (iso.alpha_3, iso.numeric) == (row.alpha3, row.numeric), row.code
        assert row.region in REGIONS
    codes = {r.code for r in rows}
    assert "KP" not in codes, "DPRK is not a member"
    assert {"PS", "PW", "FM", "VA", "SS"} <= codes


def test_api_lists_196_members(client: TestClient, actors: Actors) -> None:
    a = actors.make("border_officer", "FR")
    r = client.get("/api/v1/members", headers=a.headers)
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == 196
    assert len(body["items"]) == 196
    regions = {m["region"] for m in body["items"]}
    assert regions == set(REGIONS)


def test_filter_by_region_and_name(client: TestClient, actors: Actors) -> None:
    a = actors.make("ncb_operator", "FR")
    europe = client.get("/api/v1/members", params={"region": "Europe"}, headers=a.headers).json()
    assert 40 < europe["total"] < 60
    assert all(m["region"] == "Europe" for m in europe["items"])
    found = client.get("/api/v1/members", params={"q": "fra"}, headers=a.headers).json()
    assert "FR" in [m["code"] for m in found["items"]]
    bad = client.get("/api/v1/members", params={"region": "Atlantis"}, headers=a.headers)
    assert bad.status_code == 422


def test_member_detail_with_ncb(client: TestClient, actors: Actors) -> None:
    a = actors.make("ncb_operator", "FR")
    r = client.get("/api/v1/members/jp", headers=a.headers)
    assert r.status_code == 200
    body = r.json()
    assert body["code"] == "JP" and body["alpha3"] == "JPN"
    assert body["ncb"]["country_code"] == "JP"
    assert client.get("/api/v1/members/zz", headers=a.headers).status_code == 404
    assert client.get("/api/v1/members/kp", headers=a.headers).status_code == 404


def test_agency_lifecycle(client: TestClient, actors: Actors) -> None:
    admin = actors.make("ncb_admin", "KE")
    r = client.post(
        "/api/v1/agencies",
        headers=admin.headers,
        json={"name": "Kenya Revenue Authority Customs", "kind": "customs"},
    )
    assert r.status_code == 201, r.text
    agency = r.json()
    assert (agency["country_code"], agency["status"]) == ("KE", "active")
    dup = client.post(
        "/api/v1/agencies",
        headers=admin.headers,
        json={"name": "Kenya Revenue Authority Customs", "kind": "customs"},
    )
    assert dup.status_code == 409
    s = client.post(
        f"/api/v1/agencies/{agency['id']}/suspend",
        headers=admin.headers,
        json={"reason": "pending review"},
    ).json()
    assert (s["status"], s["suspension_reason"]) == ("suspended", "pending review")
    back = client.post(f"/api/v1/agencies/{agency['id']}/reinstate", headers=admin.headers).json()
    assert back["status"] == "active"
    detail = client.get("/api/v1/members/KE", headers=admin.headers).json()
    assert detail["agencies"] == 1


def test_operator_cannot_authorise_agencies(client: TestClient, actors: Actors) -> None:
    op = actors.make("ncb_operator", "KE")
    r = client.post(
        "/api/v1/agencies", headers=op.headers, json={"name": "X agency", "kind": "police"}
    )
    assert r.status_code == 403


def test_secretariat_must_name_country(client: TestClient, actors: Actors) -> None:
    gs = actors.make("gs_admin")
    r = client.post(
        "/api/v1/agencies", headers=gs.headers, json={"name": "Y agency", "kind": "police"}
    )
    assert r.status_code == 422
    r = client.post(
        "/api/v1/agencies",
        headers=gs.headers,
        json={"name": "Y agency", "kind": "police", "country": "KE"},
    )
    assert r.status_code == 201
