"""Records in the console: browse and open my country's records, create and edit them with
inline validation, restrictions, review renewal, import with an error report; never another
country's private records."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from concord.audit.models import AuditEvent
from concord.db.database import Database
from concord.records.models import Record
from tests.factories import Actors
from tests.records import samples
from tests.records.test_records_api import create
from tests.web.conftest import csrf_of, sign_in


def _count(db: Database, owner: str) -> int:
    with db.session() as s:
        return int(
            s.execute(
                select(func.count()).select_from(Record).where(Record.owner == owner)
            ).scalar_one()
        )


def _german_records(client: TestClient, actors: Actors) -> tuple[dict[str, Any], dict[str, Any]]:
    de = actors.make("ncb_operator", "DE")
    hidden = create(
        client,
        de,
        "person",
        {"names": [{"given": "Gretchen", "family": "Verborgen"}]},
        restriction="except",
        countries=["FR"],
    )
    shared = create(client, de, "person", {"names": [{"given": "Hans", "family": "Offen"}]})
    return hidden, shared


def test_my_records_are_listed_and_filtered(
    web: TestClient, client: TestClient, actors: Actors, signed_in: Any
) -> None:
    fr = actors.make("ncb_operator", "FR")
    person = create(client, fr, "person", samples.PERSON, owner_ref="FR-P-1")
    car = create(client, fr, "vehicle", samples.VEHICLE, owner_ref="FR-V-1")
    hidden, shared = _german_records(client, actors)
    signed_in("ncb_operator", "FR")
    page = web.get("/console/records")
    assert page.status_code == 200
    assert person["id"] in page.text and car["id"] in page.text
    for other in (hidden, shared):  # the list is my country's records only
        assert other["id"] not in page.text
    assert "Verborgen" not in page.text
    only_cars = web.get("/console/records?type=vehicle").text
    assert car["id"] in only_cars and person["id"] not in only_cars
    by_text = web.get("/console/records?q=haddad").text
    assert person["id"] in by_text and car["id"] not in by_text
    overdue = web.get("/console/records?status=overdue").text
    assert person["id"] not in overdue


def test_a_record_restricted_away_from_france_is_a_404_for_france(
    web: TestClient, client: TestClient, actors: Actors, signed_in: Any
) -> None:
    hidden, shared = _german_records(client, actors)
    signed_in("ncb_operator", "FR")
    answer = web.get(f"/console/records/{hidden['id']}")
    assert answer.status_code == 404
    assert "Verborgen" not in answer.text
    seen = web.get(f"/console/records/{shared['id']}")  # shared with all: a consultation
    assert seen.status_code == 200
    assert "Offen" in seen.text
    assert 'action="/console/records/' not in seen.text  # no way to change it
    assert "Countries of the restriction" not in seen.text


def test_the_secretariat_sees_what_the_api_lets_it_see(
    web: TestClient, client: TestClient, actors: Actors, signed_in: Any
) -> None:
    hidden, shared = _german_records(client, actors)
    signed_in("gs_officer")
    page = web.get("/console/records?q=offen")
    assert page.status_code == 200
    assert shared["id"] in page.text
    assert web.get(f"/console/records/{hidden['id']}").status_code == 200
    assert web.get("/console/records/new").status_code == 403  # reads, never writes


def test_pages_need_their_permission(web: TestClient, signed_in: Any) -> None:
    signed_in("border_officer", "FR")
    assert web.get("/console/records").status_code == 403
    assert web.get("/console/records/new").status_code == 403


def _person_form(web: TestClient, **fields: str) -> Any:
    page = web.get("/console/records/new?type=person")
    assert page.status_code == 200
    form = {
        "csrf": csrf_of(page.text),
        "given": "Jean",
        "family": "Dupont",
        "full": "",
        "aliases": "Johnny D",
        "birth_date": "1980-02-30",
        "birth_place": "",
        "birth_country": "",
        "sex": "M",
        "nationalities": "FR",
        "owner_ref": "FR-WEB-1",
        "reliability": "B",
        "handling": "H0",
        "handling_note": "",
        "restriction": "all",
        "countries": "",
    } | fields
    return web.post("/console/records/new?type=person", data=form)


def test_create_a_person_with_an_inline_error_then_fixed(
    web: TestClient, signed_in: Any, db: Database
) -> None:
    signed_in("ncb_operator", "FR")
    before = _count(db, "FR")
    bad = _person_form(web)
    assert bad.status_code == 422
    assert 'id="birth_date-error"' in bad.text
    assert 'value="Dupont"' in bad.text  # the input is kept
    assert _count(db, "FR") == before
    good = _person_form(web, birth_date="1980-02-28")
    assert good.status_code == 303
    detail = web.get(good.headers["location"])
    assert detail.status_code == 200
    assert "The record was created." in detail.text
    assert "Jean Dupont (1980-02-28)" in detail.text
    assert "Johnny D" in detail.text
    assert _count(db, "FR") == before + 1
    again = _person_form(web, birth_date="1980-02-28")  # the same reference twice
    assert again.status_code == 409
    assert 'id="owner_ref-error"' in again.text


def test_a_restriction_without_countries_is_refused_inline(web: TestClient, signed_in: Any) -> None:
    signed_in("ncb_operator", "FR")
    answer = _person_form(web, birth_date="1980", restriction="only", countries="")
    assert answer.status_code == 422
    assert 'id="countries-error"' in answer.text
    assert "needs a country list" in answer.text


def test_edit_restrict_and_renew(
    web: TestClient, client: TestClient, actors: Actors, signed_in: Any, db: Database
) -> None:
    fr = actors.make("ncb_operator", "FR")
    person = create(client, fr, "person", samples.PERSON)
    signed_in("ncb_operator", "FR")
    edit = web.get(f"/console/records/{person['id']}/edit")
    assert edit.status_code == 200
    assert 'value="Haddad"' in edit.text
    form = {
        "csrf": csrf_of(edit.text),
        "version": "1",
        "given": "Ahmed",
        "family": "Haddad-Mansour",
        "full": "",
        "aliases": "Ahmad al-Haddad",
        "birth_date": "1981-04",
        "birth_place": "Alexandria",
        "birth_country": "",
        "sex": "M",
        "nationalities": "EG; FR",
        "reliability": "A",
        "handling": "H0",
        "handling_note": "",
    }
    saved = web.post(f"/console/records/{person['id']}/edit", data=form)
    assert saved.status_code == 303
    with db.session() as s:
        row = s.get(Record, person["id"])
        assert row is not None
        assert row.version == 2 and row.reliability == "A"
        names = row.data["names"]
        assert {"given": "Ahmed", "family": "Haddad-Mansour"}.items() <= names[0].items()
        assert any(n.get("full") == "أحمد حداد" for n in names)  # fields off the form are kept
        assert row.data["identifiers"] == samples.PERSON["identifiers"]
    stale = web.post(f"/console/records/{person['id']}/edit", data=form)  # version 1 again
    assert stale.status_code == 412
    detail = web.get(f"/console/records/{person['id']}")
    token = csrf_of(detail.text)
    bad = web.post(
        f"/console/records/{person['id']}/restriction",
        data={"csrf": token, "version": "2", "restriction": "only", "countries": "ZZ"},
    )
    assert bad.status_code == 422
    assert 'id="countries-error"' in bad.text
    ok = web.post(
        f"/console/records/{person['id']}/restriction",
        data={"csrf": token, "version": "2", "restriction": "only", "countries": "DE; ES"},
    )
    assert ok.status_code == 303
    shown = web.get(ok.headers["location"]).text
    assert "Germany" in shown and "Spain" in shown
    renewed = web.post(
        f"/console/records/{person['id']}/renew", data={"csrf": token, "version": "3"}
    )
    assert renewed.status_code == 303
    with db.session() as s:
        actions = s.execute(
            select(AuditEvent.action).where(AuditEvent.object_id == person["id"])
        ).scalars()
        assert "record.renew" in set(actions)


def test_forms_without_csrf_are_refused(
    web: TestClient, client: TestClient, actors: Actors, signed_in: Any, db: Database
) -> None:
    fr = actors.make("ncb_operator", "FR")
    person = create(client, fr, "person", samples.PERSON)
    signed_in("ncb_operator", "FR")
    before = _count(db, "FR")
    assert _person_form(web, csrf="0" * 64, birth_date="1980").status_code == 403
    renew = web.post(f"/console/records/{person['id']}/renew", data={"version": "1"})
    assert renew.status_code == 403
    assert _count(db, "FR") == before


def test_other_types_are_entered_as_json(web: TestClient, signed_in: Any, db: Database) -> None:
    signed_in("ncb_operator", "FR")
    page = web.get("/console/records/new?type=firearm")
    assert "has no form of its own" in page.text
    base = {"csrf": csrf_of(page.text), "reliability": "B", "handling": "H0"}
    bad = web.post("/console/records/new?type=firearm", data=base | {"data": '{"make": 1'})
    assert bad.status_code == 422
    assert 'id="data-error"' in bad.text
    good = web.post(
        "/console/records/new?type=firearm",
        data=base | {"data": '{"serial": "AB1234", "make": "Beretta"}', "restriction": "all"},
    )
    assert good.status_code == 303


IMPORT = (
    "owner_ref,number,country,document_type,status\n"
    "D-1,15AB12345,FR,passport,stolen\n"
    "D-2,15AB12346,XX,passport,stolen\n"
    "D-3,15AB12347,FR,passport,lost\n"
)


def test_import_a_file_with_an_error_report(
    web: TestClient, signed_in: Any, db: Database, actors: Actors, app: Any
) -> None:
    signed_in("ncb_operator", "FR")
    page = web.get("/console/records/import")
    assert page.status_code == 200
    before = _count(db, "FR")
    no_type = web.post(
        "/console/records/import",
        data={"csrf": csrf_of(page.text), "type": "", "status": "stolen"},
        files={"file": ("docs.csv", IMPORT.encode(), "text/csv")},
    )
    assert no_type.status_code == 422
    assert 'id="type-error"' in no_type.text
    answer = web.post(
        "/console/records/import",
        data={"csrf": csrf_of(page.text), "type": "document", "status": "stolen"},
        files={"file": ("docs.csv", IMPORT.encode(), "text/csv")},
    )
    assert answer.status_code == 303
    report = web.get(answer.headers["location"])
    assert report.status_code == 200
    assert "D-2" in report.text  # the refused line, with its reason
    assert _count(db, "FR") == before + 2
    errors = web.get(answer.headers["location"] + "/errors")
    assert errors.headers["content-disposition"].startswith("attachment")
    assert errors.text.splitlines()[0] == "line,owner_ref,reason"
    assert errors.text.splitlines()[1].startswith("3,D-2,")
    with TestClient(app, follow_redirects=False) as other:
        sign_in(other, actors.user("ncb_operator", "FR"))
        assert other.get(answer.headers["location"]).status_code == 404


def test_an_unknown_file_kind_is_refused(web: TestClient, signed_in: Any) -> None:
    signed_in("ncb_operator", "FR")
    page = web.get("/console/records/import")
    answer = web.post(
        "/console/records/import",
        data={"csrf": csrf_of(page.text), "type": "document", "status": "stolen"},
        files={"file": ("docs.xlsx", b"PK\x03\x04", "application/octet-stream")},
    )
    assert answer.status_code == 415
