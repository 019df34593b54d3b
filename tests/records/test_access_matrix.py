"""Every role, from the owner country, a listed country, an excluded country and the
Secretariat, against records under each restriction, before and after the review deadline:
who reads, who writes, who gets 404 — with the expected answer derived from the rules, not
from the code."""

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from concord.app import create_app
from concord.auth.roles import Role
from concord.db.base import utcnow
from concord.db.database import Database
from tests.conftest import make_settings
from tests.factories import Actors
from tests.records import samples

READERS = {Role.NCB_ADMIN, Role.NCB_OPERATOR, Role.GS_OFFICER, Role.GS_REVIEWER, Role.CCF_MEMBER}
WRITERS = {Role.NCB_ADMIN, Role.NCB_OPERATOR}
SECRETARIAT = {Role.GS_OFFICER, Role.GS_REVIEWER, Role.GS_ADMIN, Role.CCF_MEMBER}


def expected_read(role: Role, country: str | None, restriction: str, overdue: bool) -> bool:
    if role not in READERS:
        return False
    if country == "FR":  # the owner
        return True
    if overdue:
        return False
    if country is None:  # the Secretariat
        return True
    return {"all": True, "only": country == "DE", "except": country != "IT"}[restriction]


@pytest.mark.parametrize("overdue", [False, True])
def test_access_matrix(db: Database, engine_url: str, actors: Actors, overdue: bool) -> None:
    owner = actors.make("ncb_operator", "FR")
    records: dict[str, dict[str, Any]] = {}
    with TestClient(create_app(make_settings(engine_url), db=db)) as client:
        for restriction, countries in (("all", []), ("only", ["DE"]), ("except", ["IT"])):
            r = client.post(
                "/api/v1/records",
                headers=owner.headers,
                json={
                    "type": "firearm",
                    "data": samples.FIREARM,
                    "restriction": restriction,
                    "countries": countries,
                },
            )
            assert r.status_code == 201, r.text
            records[restriction] = r.json()
    when = utcnow() + timedelta(days=6 * 365 if overdue else 1)
    settings = make_settings(engine_url, now=when.isoformat())
    failures = []
    with TestClient(create_app(settings, db=db)) as client:
        for role in Role:
            places = [None] if role in SECRETARIAT else ["FR", "DE", "IT", "ES"]
            if role == Role.AUDITOR:
                places = [None, "FR", "DE"]
            for country in places:
                actor = actors.make(role.value, country)
                for restriction, rec in records.items():
                    url = f"/api/v1/records/{rec['id']}"
                    got = client.get(url, headers=actor.headers).status_code
                    want_read = expected_read(role, country, restriction, overdue)
                    want = 200 if want_read else (403 if role not in READERS else 404)
                    if got != want:
                        failures.append(("GET", role.value, country, restriction, got, want))
                    if role in WRITERS and country == "FR":
                        continue  # the owner's own changes are tested elsewhere
                    patch = client.patch(
                        url,
                        json={"reliability": "X"},
                        headers={**actor.headers, "If-Match": '"v1"'},
                    )
                    if patch.status_code not in (403, 404):
                        failures.append(
                            (
                                "PATCH",
                                role.value,
                                country,
                                restriction,
                                patch.status_code,
                                "403/404",
                            )
                        )
    assert failures == []
    # Nothing was changed by anyone but the owner.
    with TestClient(create_app(settings, db=db)) as client:
        for rec in records.values():
            got = client.get(f"/api/v1/records/{rec['id']}", headers=owner.headers).json()
            assert got["version"] == 1 and got["reliability"] == "B"
