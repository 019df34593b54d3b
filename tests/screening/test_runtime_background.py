"""The production mode of screening: the index is built in a background thread while
/health answers, /ready reports it, the change feed is polled, and screenings are committed by
the group-commit journal (on a scratch database with real commits and connections)."""

from __future__ import annotations

import time
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from concord.app import create_app
from concord.audit.models import AuditEvent
from concord.db.database import Database
from tests.conftest import make_settings
from tests.factories import Actors
from tests.records import samples


def _until(check: Any, seconds: float = 15.0) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


def test_background_index_and_group_commit(scratch_db: Database, engine_url: str) -> None:
    settings = make_settings(engine_url, screening_refresh_seconds=0.2)
    actors = Actors(scratch_db, settings)
    fr = actors.make("ncb_operator", "FR")
    es = actors.make("border_officer", "ES")
    app = create_app(settings, db=scratch_db)
    with TestClient(app) as client:
        assert client.get("/health").status_code == 200
        ready = _until(lambda: client.get("/ready").status_code == 200)
        assert ready
        report = client.get("/ready").json()["screening_index"]
        assert report["status"] == "ready"
        r = client.post(
            "/api/v1/records", headers=fr.headers, json={"type": "vehicle", "data": samples.VEHICLE}
        )
        assert r.status_code == 201, r.text
        record_id = r.json()["id"]

        def hits() -> list[Any]:
            out = client.post(
                "/api/v1/screen", headers=es.headers, json={"vin": samples.VEHICLE["vin"]}
            )
            assert out.status_code == 200, out.text
            return list(out.json()["hits"])

        found = _until(hits)
        assert [h["record_id"] for h in found] == [record_id]
    with scratch_db.session() as s:
        events = s.execute(
            select(AuditEvent).where(AuditEvent.action == "screening.query")
        ).scalars()
        assert all(e.actor_id == es.account_id for e in events)
    assert app.state.screening.journal.written >= 1
