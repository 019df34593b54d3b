"""Screening in the console: one query (name, number, VIN, MRZ) through the API's runtime,
results with explanations, inline errors, batch screening of a CSV with a download, and what
one country may never see of another's records."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from concord.audit.models import AuditEvent
from concord.db.database import Database
from tests.factories import Actors
from tests.records import samples
from tests.records.test_records_api import create
from tests.screening.test_screen_api import td3
from tests.web.conftest import csrf_of, sign_in

MRZ = td3("15AB12345", "FRA", "DUPONT", "JEAN", "750314", "M")


def _screen(web: TestClient, **fields: str) -> Any:
    page = web.get("/console/screen")
    assert page.status_code == 200
    form = {"csrf": csrf_of(page.text), "text": "", "kind": "name", "mrz": ""} | fields
    return web.post("/console/screen", data=form)


def _screenings(db: Database) -> int:
    with db.session() as s:
        return int(
            s.execute(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "screening.query")
            ).scalar_one()
        )


def test_screen_an_mrz_and_see_the_stolen_document(
    web: TestClient, client: TestClient, actors: Actors, signed_in: Any, db: Database
) -> None:
    de = actors.make("ncb_operator", "DE")
    doc = samples.DOCUMENT | {"number": "15AB12345", "check_digit": None}
    record = create(client, de, "document", doc)
    signed_in("border_officer", "FR")
    before = _screenings(db)
    answer = _screen(web, mrz=MRZ, purpose="border_control")
    assert answer.status_code == 200
    html = answer.text
    assert record["id"] in html
    assert 'class="badge match"' in html
    assert "Travel document" in html
    assert "100%" in html
    assert "Germany" in html  # the owner country, by name
    assert "all valid" in html
    assert _screenings(db) == before + 1  # audited like the API's screenings


def test_a_name_hit_is_explained_with_the_matched_parts_marked(
    web: TestClient, client: TestClient, actors: Actors, signed_in: Any
) -> None:
    de = actors.make("ncb_operator", "DE")
    person = {"names": [{"full": "Сергей Иванов"}], "birth_date": "1975-03-14", "sex": "M"}
    record = create(client, de, "person", person)
    signed_in("ncb_operator", "FR")
    html = _screen(web, text="Sergei Ivanov", kind="name", dob="1975-03-14").text
    assert record["id"] in html
    assert "<mark>Иванов</mark>" in html  # the record's name, its matched parts marked
    assert "Transliterated" in html and "ivanov" in html


def test_a_vin_is_recognised_without_choosing_its_kind(
    web: TestClient, client: TestClient, actors: Actors, signed_in: Any
) -> None:
    it = actors.make("ncb_operator", "IT")
    record = create(client, it, "vehicle", samples.VEHICLE)
    signed_in("ncb_operator", "FR")
    html = _screen(web, text=samples.VEHICLE["vin"].lower(), kind="name").text
    assert record["id"] in html
    assert "Vehicle" in html


def test_a_wrong_check_digit_is_refused_inline_and_nothing_is_written(
    web: TestClient, signed_in: Any, db: Database
) -> None:
    signed_in("border_officer", "FR")
    before = _screenings(db)
    bad = MRZ[:-1] + ("0" if MRZ[-1] != "0" else "1")
    answer = _screen(web, mrz=bad)
    assert answer.status_code == 422
    assert 'id="mrz-error"' in answer.text
    assert "MRZ check digit wrong for: composite" in answer.text
    assert "P&lt;FRADUPONT" in answer.text  # the input is kept
    empty = _screen(web)
    assert empty.status_code == 422
    assert "Enter a name, a number or an MRZ to screen." in empty.text
    assert _screenings(db) == before


def test_screening_needs_its_permission(web: TestClient, signed_in: Any) -> None:
    signed_in("gs_reviewer")
    assert web.get("/console/screen").status_code == 403
    assert web.get("/console/screen/batch").status_code == 403


def test_a_screening_without_its_csrf_token_is_refused(
    web: TestClient, signed_in: Any, db: Database
) -> None:
    signed_in("border_officer", "FR")
    before = _screenings(db)
    answer = web.post("/console/screen", data={"csrf": "0" * 64, "mrz": MRZ})
    assert answer.status_code == 403
    assert "csrf_failed" in answer.text
    assert _screenings(db) == before


def test_a_record_restricted_away_from_france_is_never_shown_to_france(
    web: TestClient, client: TestClient, actors: Actors, signed_in: Any
) -> None:
    de = actors.make("ncb_operator", "DE")
    hidden = create(
        client,
        de,
        "person",
        {"names": [{"given": "Gretchen", "family": "Verborgen"}], "birth_date": "1970"},
        restriction="except",
        countries=["FR"],
    )
    open_ = create(client, de, "person", {"names": [{"given": "Gretchen", "family": "Offen"}]})
    signed_in("ncb_operator", "FR")
    html = _screen(web, text="Gretchen Verborgen", kind="name").text
    assert hidden["id"] not in html
    assert "Verborgen" not in html.split('id="results-title"')[1]
    html = _screen(web, text="Gretchen Offen", kind="name").text
    assert open_["id"] in html


CSV = (
    "name,dob,vin,mrz,reference\n"
    "Sergei Ivanov,1975-03-14,,,pax-1\n"
    f",,{samples.VEHICLE['vin']},,pax-2\n"
    ",,,P<BROKEN,pax-3\n"
)


def _upload(web: TestClient, content: bytes, name: str = "pax.csv") -> Any:
    page = web.get("/console/screen/batch")
    assert page.status_code == 200
    return web.post(
        "/console/screen/batch",
        data={"csrf": csrf_of(page.text), "purpose": "border_control"},
        files={"file": (name, content, "text/csv")},
    )


def test_batch_screening_gives_a_result_to_download_for_its_owner_only(
    web: TestClient, client: TestClient, actors: Actors, signed_in: Any, app: Any
) -> None:
    it = actors.make("ncb_operator", "IT")
    car = create(client, it, "vehicle", samples.VEHICLE)
    signed_in("border_officer", "FR")
    answer = _upload(web, CSV.encode())
    assert answer.status_code == 303
    result = web.get(answer.headers["location"])
    assert result.status_code == 200
    assert "pax-2" in result.text and "pax-3" in result.text
    download = web.get(answer.headers["location"] + "/download")
    assert download.status_code == 200
    assert download.headers["content-disposition"] == 'attachment; filename="pax-hits.csv"'
    lines = download.text.splitlines()
    assert lines[0].startswith("row,reference,record_id")
    assert any(car["id"] in line and "pax-2" in line for line in lines)
    assert any("pax-3" in line and "MRZ" in line for line in lines)  # the unreadable row
    with TestClient(app, follow_redirects=False) as other:
        sign_in(other, actors.user("border_officer", "FR"))
        assert other.get(answer.headers["location"] + "/download").status_code == 404
        assert other.get(answer.headers["location"]).status_code == 404


def test_bad_batch_files_are_refused_with_a_precise_message(
    web: TestClient, signed_in: Any, db: Database
) -> None:
    signed_in("border_officer", "FR")
    before = _screenings(db)
    not_csv = _upload(web, b"%PDF-1.4", name="list.pdf")
    assert not_csv.status_code == 415
    assert "is not a .csv file" in not_csv.text
    columns = _upload(web, b"colour,size\nred,2\n")
    assert columns.status_code == 422
    assert "names none of the columns to screen" in columns.text
    many = _upload(web, ("name\n" + "Jean Dupont\n" * 5001).encode())
    assert many.status_code == 422
    assert "more than 5,000 rows" in many.text
    assert _screenings(db) == before
