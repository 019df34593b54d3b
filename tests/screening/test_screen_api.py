"""Screening over HTTP: every database in one query, MRZ, access rules at screening time,
audit, owner notifications, bad input, and following up hits (confirm, discard, clearance)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from concord.audit.models import AuditEvent, AuditPayload
from concord.notify.models import Notification
from concord.records.identifiers.mrz import check_digit
from tests.factories import Actor, Actors
from tests.records import samples
from tests.records.test_records_api import create

ICAO_SPECIMEN_TD3 = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
)


def td3(number: str, country3: str, surname: str, given: str, born: str, sex: str) -> str:
    """A TD3 MRZ with correct check digits (``born`` as YYMMDD)."""
    line1 = f"P<{country3}{surname}<<{given.replace(' ', '<')}".ljust(44, "<")
    num = number.ljust(9, "<")
    expiry = "341231"
    personal = "<" * 14
    body = (
        f"{num}{check_digit(num)}{country3}{born}{check_digit(born)}{sex}"
        f"{expiry}{check_digit(expiry)}{personal}{check_digit(personal)}"
    )
    composite = body[0:10] + body[13:20] + body[21:43]
    return f"{line1}\n{body}{check_digit(composite)}"


def screen(client: TestClient, actor: Actor, body: dict[str, Any], code: int = 200) -> Any:
    r = client.post("/api/v1/screen", headers=actor.headers, json=body)
    assert r.status_code == code, r.text
    return r.json()


@pytest.fixture
def world(client: TestClient, actors: Actors) -> dict[str, Any]:
    fr = actors.make("ncb_operator", "FR")
    de = actors.make("ncb_operator", "DE")
    doc = create(
        client, fr, "document", samples.DOCUMENT | {"number": "15AB12345", "check_digit": None}
    )
    person = create(
        client,
        fr,
        "person",
        {
            "names": [{"full": "Сергей Иванов", "lang": "ru"}],
            "birth_date": "1975-03-14",
            "sex": "M",
            "nationalities": ["RU"],
        },
    )
    car = create(client, fr, "vehicle", samples.VEHICLE)
    gun = create(client, fr, "firearm", samples.FIREARM)
    ship = create(client, fr, "vessel", samples.VESSEL)
    only_de = create(
        client,
        fr,
        "document",
        samples.DOCUMENT | {"number": "99ZZ00001", "check_digit": None},
        restriction="only",
        countries=["DE"],
    )
    return {
        "fr": fr,
        "de": de,
        "doc": doc,
        "person": person,
        "car": car,
        "gun": gun,
        "ship": ship,
        "only_de": only_de,
    }


def test_document_hit_is_explained_audited_and_notified(
    client: TestClient, actors: Actors, world: dict[str, Any], session: Session
) -> None:
    es = actors.make("border_officer", "ES")
    out = screen(client, es, {"document": {"number": "15 ab 12345", "country": "FRA"}})
    [hit] = out["hits"]
    assert hit["record_id"] == world["doc"]["id"]
    assert (hit["record_type"], hit["owner"], hit["decision"]) == ("document", "FR", "match")
    assert hit["score"] == 1.0 and hit["ocr"] is False and hit["alert"] is True
    assert hit["explanation"][0]["how"] == "exact"
    assert out["purpose"] == "border_control"
    assert hit["notices"] == []
    event = session.execute(
        select(AuditEvent).where(
            AuditEvent.action == "screening.query", AuditEvent.object_id == out["screening_id"]
        )
    ).scalar_one()
    assert event.actor_id == es.account_id and event.purpose == "border_control"
    payload = session.get(AuditPayload, event.seq)
    assert payload is not None
    data = json.loads(payload.data)
    assert data["searched"] == {"document": {"number": "15AB12345", "country": "FR"}}
    assert data["returned"][0]["record"] == world["doc"]["id"]
    note = session.execute(
        select(Notification).where(Notification.object_id == hit["id"])
    ).scalar_one()
    assert note.country == "FR" and note.kind == "screening.hit" and "ES" in note.title
    # the owner NCB's operators see it through the API; a third country does not
    seen = client.get("/api/v1/notifications", headers=world["fr"].headers).json()["items"]
    assert note.id in [n["id"] for n in seen]
    other = client.get("/api/v1/notifications", headers=world["de"].headers).json()["items"]
    assert note.id not in [n["id"] for n in other]


def test_ocr_confusion_found_and_flagged(client: TestClient, actors: Actors, world: Any) -> None:
    es = actors.make("border_officer", "ES")
    out = screen(client, es, {"document": {"number": "I5A812345", "country": "FR"}})
    [hit] = out["hits"]
    assert hit["record_id"] == world["doc"]["id"]
    assert hit["ocr"] is True and hit["decision"] == "possible" and hit["score"] < 1
    assert hit["explanation"][0]["how"] == "ocr"


def test_every_database_in_one_query(client: TestClient, actors: Actors, world: Any) -> None:
    es = actors.make("border_officer", "ES")
    body = {
        "vin": samples.VEHICLE["vin"],
        "plate": {"number": "AB-123-CD", "country": "FR"},
        "serial": "ab 12345",
        "imo": "9074729",
        "document": {"number": "15AB12345", "country": "FR"},
        "person": {"names": ["Sergei Ivanov"], "birth_date": "1975-03-14"},
    }
    out = screen(client, es, body)
    found = {h["record_id"]: h for h in out["hits"]}
    for name in ("car", "gun", "ship", "doc", "person"):
        assert world[name]["id"] in found, name
    person = found[world["person"]["id"]]
    assert person["decision"] == "match" and 0 < person["score"] < 1
    assert any(e["field"] == "name" for e in person["explanation"])
    assert any(e["field"] == "birth_date" for e in person["explanation"])


def test_mrz_screens_document_and_holder(client: TestClient, actors: Actors, world: Any) -> None:
    es = actors.make("border_officer", "ES")
    mrz = td3("15AB12345", "FRA", "IVANOV", "SERGEI", "750314", "M")
    out = screen(client, es, {"mrz": mrz})
    assert out["mrz"]["document_number"] == "15AB12345"
    assert out["mrz"]["issuing_state"] == "FR"
    kinds = {h["matched_on"]: h["record_id"] for h in out["hits"]}
    assert kinds["mrz_document"] == world["doc"]["id"]
    assert kinds["mrz_holder"] == world["person"]["id"]


def test_icao_specimen_and_non_state_codes_are_screened(client: TestClient, actors: Actors) -> None:
    es = actors.make("border_officer", "ES")
    out = screen(client, es, {"mrz": ICAO_SPECIMEN_TD3})
    assert out["mrz"]["issuing_state"] == "UTO" and out["hits"] == []
    for code in ("D", "GBD", "UNO", "XXA", "UTO"):
        screen(client, es, {"document": {"number": "X1", "country": code}})


def test_restricted_records_never_appear(
    client: TestClient, actors: Actors, world: dict[str, Any]
) -> None:
    key = {"document": {"number": "99ZZ00001", "country": "FR"}}
    it = actors.make("border_officer", "IT")
    assert screen(client, it, key)["hits"] == []
    de = actors.make("border_officer", "DE")
    assert [h["record_id"] for h in screen(client, de, key)["hits"]] == [world["only_de"]["id"]]
    assert len(screen(client, world["fr"], key)["hits"]) == 1  # the owner


@pytest.mark.parametrize(
    ("body", "where", "words"),
    [
        ({"mrz": ICAO_SPECIMEN_TD3.replace("L898902C36", "L898902C46")}, "mrz", "document number"),
        ({"person": {"names": ["X"], "birth_date": "1990-02-30"}}, "birth_date", "out of range"),
        ({"document": {"number": "A1", "country": "QQ"}}, "country", "unknown country"),
        ({"person": {"names": ["  "]}}, "names", "at least 1"),
        ({"person": {"names": ["--"]}}, "names", "no letters"),
        ({}, "body", "at least one"),
    ],
)
def test_bad_input_is_a_precise_problem(
    client: TestClient, actors: Actors, body: dict[str, Any], where: str, words: str
) -> None:
    es = actors.make("border_officer", "ES")
    r = client.post("/api/v1/screen", headers=es.headers, json=body)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert where in r.text and words in r.text


def test_batch(client: TestClient, actors: Actors, world: Any) -> None:
    es = actors.make("border_officer", "ES")
    queries = [
        {"document": {"number": "15AB12345", "country": "FR"}, "reference": "row-1"},
        {"vin": samples.VEHICLE["vin"], "reference": "row-2"},
        {"person": {"names": ["Nobody Atall"]}, "reference": "row-3"},
    ]
    r = client.post(
        "/api/v1/screen/batch", headers=es.headers, json={"purpose": "customs", "queries": queries}
    )
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["reference"] for x in results] == ["row-1", "row-2", "row-3"]
    assert [len(x["hits"]) for x in results] == [1, 1, 0]
    assert {x["purpose"] for x in results} == {"customs"}
    too_many = {"queries": [queries[0]] * 1001}
    r = client.post("/api/v1/screen/batch", headers=es.headers, json=too_many)
    assert r.status_code == 422 and "1000" in r.text


def test_roles_without_screen_are_refused(client: TestClient, actors: Actors) -> None:
    reviewer = actors.make("gs_reviewer")
    r = client.post("/api/v1/screen", headers=reviewer.headers, json={"vin": "X"})
    assert r.status_code == 403
    r = client.post("/api/v1/screen", json={"vin": "X"})
    assert r.status_code == 401


def test_follow_up_and_clearance(client: TestClient, actors: Actors, world: dict[str, Any]) -> None:
    es = actors.make("border_officer", "ES")
    body = {"document": {"number": "15AB12345", "country": "FR"}}
    hit = screen(client, es, body)["hits"][0]
    url = f"/api/v1/screen/hits/{hit['id']}"
    # a third country sees nothing of it
    it = actors.make("ncb_operator", "IT")
    assert client.get(url, headers=it.headers).status_code == 404
    # the owner NCB sees it in its list
    owned = client.get("/api/v1/screen/hits?side=owner", headers=world["fr"].headers).json()
    assert hit["id"] in [h["id"] for h in owned["items"]]
    # clearing needs a confirmed false match first
    r = client.post(f"{url}/clearances", headers=es.headers, json={"days": 30, "reason": "x"})
    assert r.status_code == 409
    bad = {"action": "discard", "outcome": "person_detained"}
    assert client.post(f"{url}/follow-ups", headers=es.headers, json=bad).status_code == 422
    r = client.post(
        f"{url}/follow-ups",
        headers=es.headers,
        json={"action": "discard", "outcome": "false_match", "note": "other person"},
    )
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "discarded" and r.json()["follow_ups"][0]["side"] == "screener"
    r = client.post(
        f"{url}/clearances",
        headers=es.headers,
        json={"days": 30, "reason": "twin brother, checked"},
    )
    assert r.status_code == 201, r.text
    clearance = r.json()
    # the same traveller no longer alerts; the hit is still shown
    again = screen(client, es, body)["hits"][0]
    assert again["alert"] is False and again["cleared_until"] is not None
    # revoked: it alerts again
    r = client.delete(f"/api/v1/screen/clearances/{clearance['id']}", headers=es.headers)
    assert r.status_code == 200 and r.json()["revoked_at"] is not None
    assert screen(client, es, body)["hits"][0]["alert"] is True
    # the owner confirms another hit with an outcome
    other = screen(client, es, body)["hits"][0]
    r = client.post(
        f"/api/v1/screen/hits/{other['id']}/follow-ups",
        headers=world["fr"].headers,
        json={"action": "confirm", "outcome": "document_seized"},
    )
    assert r.status_code == 201 and r.json()["follow_ups"][0]["side"] == "owner"
    assert (
        client.post(
            f"/api/v1/screen/hits/{other['id']}/follow-ups",
            headers=it.headers,
            json={"action": "confirm", "outcome": "other"},
        ).status_code
        == 404
    )


def test_changes_reach_the_index_without_restart(
    client: TestClient, actors: Actors, world: dict[str, Any]
) -> None:
    es = actors.make("border_officer", "ES")
    body = {"document": {"number": "15AB12345", "country": "FR"}}
    assert len(screen(client, es, body)["hits"]) == 1
    r = client.delete(
        f"/api/v1/records/{world['doc']['id']}",
        headers=world["fr"].headers | {"If-Match": '"v1"'},
    )
    assert r.status_code in (200, 204), r.text
    assert screen(client, es, body)["hits"] == []
    create(
        client,
        world["fr"],
        "document",
        samples.DOCUMENT | {"number": "77XY77777", "check_digit": None},
    )
    out = screen(client, es, {"document": {"number": "77XY77777", "country": "FR"}})
    assert len(out["hits"]) == 1


def test_screening_has_its_own_rate_limit(db: Any, actors: Actors, engine_url: str) -> None:
    from concord.app import create_app
    from tests.conftest import make_settings

    settings = make_settings(engine_url, rate_limit_per_minute=2, screening_rate_limit_per_minute=3)
    es = actors.make("border_officer", "ES")
    with TestClient(create_app(settings, db=db)) as client:
        me = [client.get("/api/v1/auth/me", headers=es.headers).status_code for _ in range(3)]
        assert me == [200, 200, 429]
        body = {"vin": samples.VEHICLE["vin"]}
        codes = [
            client.post("/api/v1/screen", headers=es.headers, json=body).status_code
            for _ in range(4)
        ]
        assert codes == [200, 200, 200, 429]


def test_the_fast_path_answers_like_the_route(
    client: TestClient, actors: Actors, world: dict[str, Any], app: Any
) -> None:
    """A known token with a valid query is answered below FastAPI's routing; anything else
    (first use of a token, bad input) falls through to the route, with the same answers."""
    fast = next(m for m in _middlewares(app) if type(m).__name__ == "ScreeningFastPath")
    es = actors.make("border_officer", "ES")
    body = {"document": {"number": "15AB12345", "country": "FR"}}
    first = screen(client, es, body)  # token not cached yet: the route
    assert fast.fell_through >= 1
    served = fast.served
    second = screen(client, es, body)  # cached: the fast path
    assert fast.served == served + 1
    assert second["hits"][0]["record_id"] == first["hits"][0]["record_id"]
    assert second.keys() == first.keys()
    assert second["hits"][0].keys() == first["hits"][0].keys()
    r = client.post("/api/v1/screen", headers=es.headers, json={"document": {"number": "!"}})
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem")


def _middlewares(app: Any) -> list[Any]:
    found, node = [], app.middleware_stack
    while node is not None:
        found.append(node)
        node = getattr(node, "app", None)
    return found
