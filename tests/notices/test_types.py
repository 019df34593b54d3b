"""Type rules: Silver (pilot countries, cap, assets), UN Special Notices (Secretariat, always
public), Black (a body), Purple (a modus operandi), Yellow."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from concord.app import create_app
from concord.db.database import Database
from tests.conftest import make_settings
from tests.factories import Actors
from tests.notices.helpers import act, person, request
from tests.records import samples
from tests.records.test_records_api import create as create_record

SILVER: dict[str, Any] = {
    "charges": [
        {
            "charge": "Laundering the proceeds of embezzlement of public funds through "
            "real estate abroad",
            "penalty_years": 10,
        }
    ],
    "circumstances": "Villa bought in 2021 with funds embezzled from the state oil company.",
}


def _silver(client: TestClient, actor: Any) -> dict[str, Any]:
    asset = create_record(client, actor, "asset", samples.ASSET)
    return request(client, actor, {"type": "silver", "fields": SILVER | {"assets": [asset["id"]]}})


def test_silver_pilot_and_cap(db: Database, engine_url: str) -> None:
    settings = make_settings(engine_url, notices_silver_cap=1, notices_silver_pilot=["IT", "FR"])
    actors = Actors(db, settings)
    with TestClient(create_app(settings, db=db)) as client:
        it = actors.make("ncb_operator", "IT")
        fr = actors.make("ncb_operator", "FR")
        de = actors.make("ncb_operator", "DE")
        reviewer = actors.make("gs_reviewer")
        asset = create_record(client, de, "asset", samples.ASSET)
        r = request(
            client, de, {"type": "silver", "fields": SILVER | {"assets": [asset["id"]]}}, 403
        )
        assert "pilot" in r["detail"]
        # a Silver notice lists assets, not a person
        request(client, it, {"type": "silver", "subject_id": person(client, it)}, 422)
        first = _silver(client, it)
        act(client, it, first["id"], "submit")
        act(client, reviewer, first["id"], "approve")
        second = _silver(client, fr)
        act(client, fr, second["id"], "submit")
        r2 = act(client, reviewer, second["id"], "approve", code=409)
        assert "capped at 1" in r2["detail"]
        # Silver is never public
        request(client, it, {"type": "silver", "public": True, "fields": SILVER}, 422)


def test_un_notice_from_the_secretariat_always_public(client: TestClient, actors: Actors) -> None:
    officer = actors.make("gs_officer")
    reviewer = actors.make("gs_reviewer")
    de = actors.make("ncb_operator", "DE")
    fields = {
        "sanctions": ["asset_freeze", "travel_ban", "arms_embargo"],
        "un_reference": "QDe.004",
        "entity": {"name": "Al-Example Brigades", "aliases": ["AEB"]},
        "circumstances": "Listed by the Security Council Committee pursuant to resolution 1267",
    }
    n = request(client, officer, {"type": "un", "fields": fields})
    assert n["public"] is True and n["requesting_country"] is None
    act(client, officer, n["id"], "submit")
    done = act(client, reviewer, n["id"], "approve")
    assert done["status"] == "published"
    seen = client.get(f"/api/v1/notices/{n['id']}", headers=de.headers).json()
    assert "asset freeze" in seen["action"] and "travel ban" in seen["action"]


def test_black_and_purple_and_yellow(client: TestClient, actors: Actors) -> None:
    es = actors.make("ncb_operator", "ES")
    reviewer = actors.make("gs_reviewer")
    black = request(
        client,
        es,
        {
            "type": "black",
            "language": "es",
            "fields": {
                "body": {
                    "found_on": "2025-08-14",
                    "found_place": "Playa de la Malvarrosa, Valencia",
                    "sex": "M",
                    "estimated_age": "30-40",
                    "description": "Tatuaje de un ancla en el antebrazo izquierdo",
                },
                "circumstances": "Cuerpo hallado en el mar sin documentos",
            },
        },
    )
    assert "Valencia" in black["title"]
    act(client, es, black["id"], "submit")
    assert act(client, reviewer, black["id"], "approve")["status"] == "published"
    purple = request(
        client,
        es,
        {
            "type": "purple",
            "fields": {
                "modus_operandi": "Thieves pose as water company staff to enter the homes of "
                "elderly people and steal cash and jewellery",
                "circumstances": "Series of 40 cases in 2025",
            },
        },
    )
    act(client, es, purple["id"], "submit")
    missing = person(client, es, sex="F", birth_date="2009-01-20")
    yellow = request(
        client,
        es,
        {
            "type": "yellow",
            "subject_id": missing,
            "public": True,
            "fields": {
                "date_of_event": "2025-10-02",
                "place_of_event": "Sevilla",
                "circumstances": "Desaparecida a la salida del instituto",
            },
        },
    )
    sub = act(client, es, yellow["id"], "submit")
    assert not [f for f in sub["findings"] if f["severity"] == "block"], sub["findings"]
