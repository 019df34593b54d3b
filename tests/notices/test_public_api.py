"""The public notices API: the JSON of INTERPOL's public notices web service, only for notices
in circulation whose requesting country consented (UN Special Notices always), cached until any
notice changes, rate-limited per client address."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from concord.app import create_app
from concord.db.database import Database
from concord.notices.models import Notice
from concord.notices.public_cache import PublicCache, ages, fold
from concord.notices.public_schemas import RedNotice, UNEntity, UNPerson, YellowNotice
from tests.conftest import make_settings
from tests.notices.conftest import PublicWorld

BASE = "http://testserver/notices/v1"
ITEM_KEYS = {"forename", "name", "date_of_birth", "entity_id", "nationalities", "_links"}
PERSON_KEYS = ITEM_KEYS | {
    "place_of_birth", "country_of_birth_id", "sex_id", "languages_spoken_ids", "height",
    "weight", "eyes_colors_id", "hairs_id", "distinguishing_marks", "_embedded",
}  # fmt: skip
RED_KEYS = PERSON_KEYS | {"arrest_warrants"}
YELLOW_KEYS = PERSON_KEYS | {
    "date_of_event", "place", "country", "birth_name", "mother_forename", "mother_name",
    "father_forename", "father_name", "countries_likely_to_be_visited",
}  # fmt: skip
UN_PERSON_KEYS = PERSON_KEYS | {
    "name_in_original_script", "aliases", "un_reference", "un_reference_date", "summary",
    "sanctions",
}  # fmt: skip
UN_ENTITY_KEYS = {
    "entity_id", "name", "name_in_original_script", "also_known_as", "adresses",
    "un_reference", "un_reference_date", "summary", "sanctions", "_embedded", "_links",
}  # fmt: skip
YELLOW_FIELDS = {"date_of_event": "2025-03-14", "place_of_event": "Marseille, Vieux-Port"}
UN_FIELDS: dict[str, Any] = {
    "un_reference": "QDi.123",
    "sanctions": ["asset_freeze", "travel_ban", "arms_embargo"],
    "circumstances": "Listed for participating in the financing of a listed entity.",
}
ENTITY = {"name": "Example Front", "aliases": ["EF", "Front Exemple"], "address": "Rue 1, Tunis"}


def path_id(notice: Notice) -> str:
    assert notice.entity_id is not None
    return notice.entity_id.replace("/", "-")


def get(client: TestClient, url: str, code: int = 200, **params: Any) -> dict[str, Any]:
    r = client.get(url if url.startswith("http") else f"{BASE}{url}", params=params or None)
    assert r.status_code == code, r.text
    expected = "application/json" if code == 200 else "application/problem+json"
    assert r.headers["content-type"].startswith(expected)
    return dict(r.json())


def ids(page: dict[str, Any]) -> list[str]:
    return [n["entity_id"] for n in page["_embedded"]["notices"]]


# -- lists --------------------------------------------------------------------------------------


def test_list_is_shaped_like_the_interpol_service(
    client: TestClient, public_world: PublicWorld
) -> None:
    older = public_world.notice(published_ago=timedelta(days=2))
    newer = public_world.notice(published_ago=timedelta(days=1))
    page = get(client, "/red")
    assert set(page) == {"total", "query", "_embedded", "_links"}
    assert page["total"] == 2
    assert page["query"] == {"page": 1, "resultPerPage": 20}
    assert ids(page) == [newer.entity_id, older.entity_id]  # newest first
    item = page["_embedded"]["notices"][0]
    assert set(item) == ITEM_KEYS
    assert (item["forename"], item["name"]) == ("IVAN", "PETROV")
    assert item["date_of_birth"] == "1980/05/17"
    assert item["nationalities"] == ["RU"]
    url = f"{BASE}/red/{path_id(newer)}"
    assert item["_links"]["self"] == {"href": url}
    assert item["_links"]["images"] == {"href": f"{url}/images"}
    assert item["_links"]["thumbnail"]["href"].startswith(f"{url}/images/")
    assert set(page["_links"]) == {"self", "first", "last"}
    assert page["_links"]["self"]["href"] == f"{BASE}/red?page=1&resultPerPage=20"


def test_pagination_links(client: TestClient, public_world: PublicWorld) -> None:
    made = [public_world.notice(published_ago=timedelta(days=10 - i)) for i in range(5)]
    first = get(client, "/red", resultPerPage=2, sexId="M")
    assert first["total"] == 5 and len(ids(first)) == 2
    assert first["query"] == {"page": 1, "resultPerPage": 2, "sexId": "M"}
    links = {k: parse_qs(urlsplit(v["href"]).query) for k, v in first["_links"].items()}
    assert links["next"] == {"page": ["2"], "resultPerPage": ["2"], "sexId": ["M"]}
    assert links["last"]["page"] == ["3"] and links["first"]["page"] == ["1"]
    last = get(client, first["_links"]["last"]["href"])
    assert "next" not in last["_links"]
    assert ids(last) == [made[0].entity_id]
    middle = get(client, first["_links"]["next"]["href"])
    assert "next" in middle["_links"]
    assert ids(first) + ids(middle) + ids(last) == [m.entity_id for m in reversed(made)]
    beyond = get(client, "/red", page=9, resultPerPage=2)
    assert beyond["total"] == 5 and ids(beyond) == [] and "next" not in beyond["_links"]
    empty = get(client, "/yellow")
    assert empty["total"] == 0 and empty["_links"]["last"]["href"].endswith(
        "page=1&resultPerPage=20"
    )


def test_every_filter(client: TestClient, public_world: PublicWorld) -> None:
    w = public_world
    petrov = w.notice()  # FR and BE warrants, born 1980-05-17, M, RU
    mueller = w.notice(
        subject_id=w.person(
            names=[
                {"given": "Jürgen", "family": "Müller", "kind": "primary"},
                {"given": "George", "family": "Miller", "kind": "alias"},
            ],
            sex="F", nationalities=["DE", "AT"], birth_date="1995",
        ),
        fields={"charges": [{"charge": "Armed robbery of a bank", "issuing_country": "DE"}]},
        language="en",
    )  # fmt: skip
    haddad = w.notice(
        subject_id=w.person(
            "EG", names=[{"full": "أحمد حداد", "kind": "primary"}], sex="U",
            nationalities=["EG"], birth_date="2001-11",
        ),
        fields={"charges": [{"charge": "احتيال على الضحايا"}]}, country="EG", language="ar",
    )  # fmt: skip

    def found(**params: Any) -> set[str | None]:
        return set(ids(get(client, "/red", **params)))

    assert found() == {petrov.entity_id, mueller.entity_id, haddad.entity_id}
    assert found(name="petrov") == found(name="PETR") == {petrov.entity_id}
    assert found(name="muller") == found(name="MÜLLER") == {mueller.entity_id}
    assert found(name="miller", forename="george") == {mueller.entity_id}  # an alias
    assert found(forename="jurgen") == {mueller.entity_id}
    assert found(forename="ivan", name="muller") == set()  # one name answers both
    assert found(name="حداد") == found(name="حَدّاد") == {haddad.entity_id}
    assert found(name="haddad") == set()  # Latin searches look at Latin names only
    assert found(nationality="at") == found(nationality="DE") == {mueller.entity_id}
    assert found(sexId="F") == {mueller.entity_id}
    assert found(sexId="U") == {haddad.entity_id}
    assert found(sexId="M") == {petrov.entity_id}
    assert found(ageMin=18, ageMax=120) == {petrov.entity_id, mueller.entity_id, haddad.entity_id}
    assert found(ageMin=40) == {petrov.entity_id}
    assert found(ageMax=35) == {mueller.entity_id, haddad.entity_id}
    assert found(arrestWarrantCountryId="BE") == {petrov.entity_id}  # the charge's country
    assert found(arrestWarrantCountryId="FR") == {petrov.entity_id}  # the requesting country
    assert found(arrestWarrantCountryId="EG") == {haddad.entity_id}
    assert found(arrestWarrantCountryId="de") == {mueller.entity_id}
    assert found(freeText="robbery bank") == {mueller.entity_id}
    assert found(freeText="stupefiants") == {petrov.entity_id}  # accents ignored
    assert found(freeText="organised gang") == {petrov.entity_id}  # the English translation
    assert found(freeText="PETROV") == {petrov.entity_id}
    assert found(freeText="احتيال") == {haddad.entity_id}
    # empty parameters, as some clients send every one of them, filter nothing
    assert found(forename="", name="", nationality="", sexId="", ageMin="", ageMax="") == found()
    echoed = get(client, "/red", name=" Petrov ", nationality="ru", ageMin=30)["query"]
    assert echoed == {"page": 1, "resultPerPage": 20, "name": "Petrov", "nationality": "RU",
                      "ageMin": 30}  # fmt: skip


def test_arabic_names_are_sent_as_utf8(client: TestClient, public_world: PublicWorld) -> None:
    notice = public_world.notice(
        subject_id=public_world.person(
            "EG", names=[{"given": "أحمد", "family": "حداد", "kind": "primary"}]
        ),
        country="EG",
        language="ar",
    )
    r = client.get(f"{BASE}/red")
    assert "حداد".encode() in r.content and b"\\u" not in r.content
    item = r.json()["_embedded"]["notices"][0]
    assert (item["forename"], item["name"]) == ("أحمد", "حداد")
    detail = get(client, f"/red/{path_id(notice)}")
    assert detail["name"] == "حداد"


# -- details ------------------------------------------------------------------------------------


def test_red_notice_detail(client: TestClient, public_world: PublicWorld) -> None:
    notice = public_world.notice()
    url = f"{BASE}/red/{path_id(notice)}"
    r = client.get(url)
    assert r.status_code == 200
    body = r.json()
    assert set(body) == RED_KEYS
    RedNotice.model_validate(body)
    assert body["entity_id"] == notice.entity_id
    assert (body["forename"], body["name"], body["date_of_birth"]) == (
        "IVAN",
        "PETROV",
        "1980/05/17",
    )
    assert body["arrest_warrants"] == [
        {"issuing_country_id": "FR", "charge": "Meurtre en bande organisée",
         "charge_translation": "Murder by an organised gang"},
        {"issuing_country_id": "BE", "charge": "Trafic de stupéfiants", "charge_translation": None},
    ]  # fmt: skip
    assert (body["height"], body["weight"], body["sex_id"]) == (1.82, 85, "M")
    assert (body["country_of_birth_id"], body["place_of_birth"]) == ("RU", "Tver")
    assert body["languages_spoken_ids"] == ["RUS", "FRE"]
    assert body["eyes_colors_id"] == ["BRO"] and body["hairs_id"] == ["BRO"]
    assert body["distinguishing_marks"] == "Scar on the left cheek"
    assert body["nationalities"] == ["RU"]
    assert body["_embedded"] == {"links": []}
    assert body["_links"]["self"] == {"href": url}
    assert body["_links"]["images"] == {"href": f"{url}/images"}
    # nothing restricted or internal leaks
    text = r.text
    for secret in ("CONFIDENTIAL", "WARRANT-REF", "PX7788991", "SECRET-FINDING", notice.id,
                   str(notice.subject_id), "fr-photo-001", "Public API test notice"):  # fmt: skip
        assert secret not in text


def test_english_request_has_no_translation(client: TestClient, public_world: PublicWorld) -> None:
    notice = public_world.notice(
        language="en",
        fields={"charges": [{"charge": "Fraud", "charge_translation": {"fr": "Fraude"}}]},
    )
    body = get(client, f"/red/{path_id(notice)}")
    assert body["arrest_warrants"] == [
        {"issuing_country_id": "FR", "charge": "Fraud", "charge_translation": None}
    ]


def test_yellow_notice_detail(client: TestClient, public_world: PublicWorld) -> None:
    subject = public_world.person(
        names=[
            {"given": "Léa", "family": "Martin", "kind": "primary"},
            {"given": "Léa", "family": "Dubois", "kind": "birth"},
        ],
        sex="F", birth_date="2009-02-03", nationalities=["FR"], languages=["fra"],
        description={"hair": "blonde", "eyes": "blue-green"}, photos=[],
    )  # fmt: skip
    notice = public_world.notice("yellow", subject_id=subject, fields=YELLOW_FIELDS)
    body = get(client, f"/yellow/{path_id(notice)}")
    assert set(body) == YELLOW_KEYS
    YellowNotice.model_validate(body)
    assert (body["forename"], body["name"], body["birth_name"]) == ("LÉA", "MARTIN", "LÉA DUBOIS")
    assert (body["date_of_event"], body["place"], body["country"]) == (
        "2025/03/14", "Marseille, Vieux-Port", "FR",
    )  # fmt: skip
    assert body["mother_forename"] is None and body["father_name"] is None
    assert body["hairs_id"] == ["BLN"] and body["eyes_colors_id"] == ["BLU", "GRE"]
    assert (body["height"], body["weight"], body["sex_id"]) == (None, None, "F")
    assert body["languages_spoken_ids"] == ["FRE"]
    assert "arrest_warrants" not in body
    listed = get(client, "/yellow")
    assert ids(listed) == [notice.entity_id]
    get(client, f"/red/{path_id(notice)}", 404)  # a Yellow Notice is not a Red one


def test_un_persons_and_entities(client: TestClient, public_world: PublicWorld) -> None:
    w = public_world
    subject = w.person(
        "EG",
        names=[
            {"given": "Omar", "family": "Saleh", "kind": "primary"},
            {"full": "عمر صالح", "kind": "primary"},
            {"given": "Abu", "family": "Yusuf", "kind": "alias"},
        ],
    )
    person = w.notice("un", subject_id=subject, public=False, fields=UN_FIELDS, country=None)
    entity = w.notice(
        "un", fields={**UN_FIELDS, "un_reference": "QDe.042", "entity": ENTITY}, country=None,
        language="en", published_ago=timedelta(hours=2),
    )  # fmt: skip
    body = get(client, f"/un/persons/{path_id(person)}")
    assert set(body) == UN_PERSON_KEYS
    UNPerson.model_validate(body)
    assert (body["forename"], body["name"]) == ("OMAR", "SALEH")
    assert body["name_in_original_script"] == "عمر صالح"
    assert body["aliases"] == [{"forename": "ABU", "name": "YUSUF"}]
    assert (body["un_reference"], body["summary"]) == ("QDi.123", UN_FIELDS["circumstances"])
    assert body["sanctions"] == ["asset_freeze", "travel_ban", "arms_embargo"]
    ent = get(client, f"/un/entities/{path_id(entity)}")
    assert set(ent) == UN_ENTITY_KEYS
    UNEntity.model_validate(ent)
    assert ent["name"] == "EXAMPLE FRONT"
    assert ent["also_known_as"] == "EF; Front Exemple"
    assert ent["adresses"] == ["Rue 1, Tunis"] and ent["un_reference"] == "QDe.042"
    assert ent["_links"]["self"]["href"] == f"{BASE}/un/entities/{path_id(entity)}"
    get(client, f"/un/persons/{path_id(entity)}", 404)
    get(client, f"/un/entities/{path_id(person)}", 404)
    assert ids(get(client, "/un/persons")) == [person.entity_id]
    entities = get(client, "/un/entities", name="front exemple")
    assert ids(entities) == [entity.entity_id]
    assert entities["_embedded"]["notices"][0]["name"] == "EXAMPLE FRONT"
    assert ids(get(client, "/un")) == [person.entity_id, entity.entity_id]
    assert ids(get(client, "/un", sexId="M")) == [person.entity_id]  # persons only
    assert ids(get(client, "/un", name="صالح")) == [person.entity_id]


def test_images(client: TestClient, public_world: PublicWorld) -> None:
    notice = public_world.notice()
    url = f"{BASE}/red/{path_id(notice)}"
    body = get(client, f"/red/{path_id(notice)}/images")
    pictures = body["_embedded"]["images"]
    assert len(pictures) == 2
    assert set(pictures[0]) == {"picture_id", "_links"}
    assert pictures[0]["_links"]["self"]["href"] == f"{url}/images/{pictures[0]['picture_id']}"
    assert body["_links"] == {
        "self": {"href": f"{url}/images"},
        "notice": {"href": url},
        "thumbnail": {"href": pictures[0]["_links"]["self"]["href"]},
    }
    again = get(client, f"/red/{path_id(notice)}/images")
    assert again == body  # ids are stable
    listed = get(client, "/red")["_embedded"]["notices"][0]
    assert listed["_links"]["thumbnail"] == body["_links"]["thumbnail"]
    problem = get(client, pictures[0]["_links"]["self"]["href"], 404)
    assert "references to pictures" in problem["detail"]
    bare = public_world.notice(
        subject_id=public_world.person(photos=[], languages=None, description=None)
    )
    assert get(client, f"/red/{path_id(bare)}/images")["_embedded"] == {"images": []}
    unknown = get(client, f"/red/{path_id(bare)}")
    assert unknown["_links"]["thumbnail"]["href"].endswith("/images/none")
    assert (unknown["languages_spoken_ids"], unknown["eyes_colors_id"], unknown["height"]) == (
        [],
        [],
        None,
    )


# -- what is never public -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"public": False},  # the requesting country did not consent
        {"status": "draft"},
        {"status": "submitted"},
        {"status": "under_review"},
        {"status": "refused"},
        {"status": "suspended"},
        {"status": "cancelled"},
        {"status": "expired"},
        {"expires_in": timedelta(seconds=-1)},  # past its review date, not yet marked expired
    ],
)
def test_only_consented_notices_in_circulation_are_public(
    client: TestClient, public_world: PublicWorld, changes: dict[str, Any]
) -> None:
    hidden = public_world.notice(**changes)
    nid = path_id(hidden)
    assert get(client, "/red")["total"] == 0
    for url in (f"/red/{nid}", f"/red/{nid}/images", f"/red/{nid}/images/none"):
        problem = get(client, url, 404)
        assert problem["code"] == "not_found"
    unknown = get(client, "/red/1999-99999", 404)
    assert get(client, f"/red/{nid}", 404)["detail"] == unknown["detail"].replace("1999-99999", nid)


@pytest.mark.parametrize("type_", ["blue", "green", "black", "orange", "purple", "silver"])
def test_other_types_are_never_public(
    client: TestClient, public_world: PublicWorld, type_: str
) -> None:
    notice = public_world.notice(type_, public=True)
    for collection in ("red", "yellow", "un/persons", "un/entities"):
        get(client, f"/{collection}/{path_id(notice)}", 404)
        assert get(client, f"/{collection}")["total"] == 0
    assert get(client, "/un")["total"] == 0


@pytest.mark.parametrize(
    ("url", "where"),
    [
        ("/red?sexId=X", "sexId"),
        ("/red?ageMin=50&ageMax=20", "ageMin"),
        ("/red?ageMin=-3", "ageMin"),
        ("/red?resultPerPage=0", "resultPerPage"),
        ("/red?resultPerPage=161", "resultPerPage"),
        ("/red?page=0", "page"),
        ("/red?page=two", "page"),
        ("/red?nationality=FRA", "nationality"),
        ("/red?arrestWarrantCountryId=1", "arrestWarrantCountryId"),
        ("/red/2024%2F00001", None),
        ("/red/2024-1", "noticeID"),
        ("/red/abcd-efghi/images", "noticeID"),
        ("/yellow/2024-00001/images/x", "pictureID"),
    ],
)
def test_bad_parameters_are_named(client: TestClient, url: str, where: str | None) -> None:
    r = client.get(f"{BASE}{url}")
    assert 400 <= r.status_code < 500, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    if where is not None:
        problem = r.json()
        assert r.status_code == 422
        assert where in problem["detail"]
        assert problem["errors"][0]["loc"][-1] == where


# -- cache and rate limit -----------------------------------------------------------------------


def test_answers_are_cached_until_a_notice_changes(
    client: TestClient, public_world: PublicWorld
) -> None:
    notice = public_world.notice()
    first = client.get(f"{BASE}/red")
    assert first.headers["cache-control"] == "public, max-age=60"
    etag = first.headers["etag"]
    assert client.get(f"{BASE}/red", headers={"If-None-Match": etag}).status_code == 304
    detail = get(client, f"/red/{path_id(notice)}")
    # changed behind the service's back (no new generation): still served from the cache
    session = public_world.session
    session.execute(update(Notice).where(Notice.id == notice.id).values(status="suspended"))
    session.flush()
    assert client.get(f"{BASE}/red").content == first.content
    assert get(client, f"/red/{path_id(notice)}") == detail
    # as the notices service does it: the public answers change at once
    public_world.changed()
    assert get(client, "/red")["total"] == 0
    get(client, f"/red/{path_id(notice)}", 404)
    r = client.get(f"{BASE}/red", headers={"If-None-Match": etag})
    assert r.status_code == 200 and r.headers["etag"] != etag


def test_a_new_generation_reparses_only_what_changed(
    client: TestClient, public_world: PublicWorld
) -> None:
    kept, edited = public_world.notice(), public_world.notice()
    get(client, "/red")
    cache: PublicCache = client.app.state.public_notices_cache  # type: ignore[attr-defined]
    before = cache.last_index("red")
    assert before is not None
    fields = {"charges": [{"charge": "Escroquerie", "charge_translation": {"en": "Fraud"}}]}
    public_world.session.execute(
        update(Notice).where(Notice.id == edited.id).values(data=fields, version=2)
    )
    public_world.changed()
    body = get(client, f"/red/{path_id(edited)}")
    assert body["arrest_warrants"][0]["charge_translation"] == "Fraud"
    after = cache.last_index("red")
    assert after is not None and after is not before
    assert after.by_id[str(kept.entity_id)] is before.by_id[str(kept.entity_id)]
    assert after.by_id[str(edited.entity_id)] is not before.by_id[str(edited.entity_id)]


def test_ages_of_partial_birth_dates() -> None:
    today = date(2026, 6, 15)
    assert ages("1980-06-15", today) == (46, 46)
    assert ages("1980-06-16", today) == (45, 45)
    assert ages("1980-06", today) == (45, 46)
    assert ages("1980", today) == (45, 46)
    assert fold("  Al-Ḥaddād ") == "al haddad" and fold("حَدّاد") == "حداد"


def test_cache_can_be_turned_off(db: Database, engine_url: str, public_world: PublicWorld) -> None:
    app = create_app(make_settings(engine_url, notices_public_cache_seconds=0), db=db)
    notice = public_world.notice()
    with TestClient(app) as client:
        assert get(client, "/red")["total"] == 1
        public_world.session.execute(
            update(Notice).where(Notice.id == notice.id).values(public=False)
        )
        public_world.session.flush()
        assert get(client, "/red")["total"] == 0
        assert client.get(f"{BASE}/red").headers["cache-control"] == "public, max-age=0"


def test_rate_limit_per_client_address(db: Database, engine_url: str) -> None:
    app = create_app(make_settings(engine_url, notices_public_rate_limit_per_minute=3), db=db)
    with TestClient(app) as client:
        codes = [
            client.get(f"{BASE}/red", headers={"Authorization": f"Bearer token-{i}"}).status_code
            for i in range(4)
        ]
        assert codes == [200, 200, 200, 429]  # tokens do not buy a fresh bucket
        r = client.get(f"{BASE}/red/2024-00001")
        assert r.status_code == 429
        assert r.headers["content-type"].startswith("application/problem+json")
        assert int(r.headers["retry-after"]) >= 1
        assert r.json()["code"] == "rate_limited"
        assert client.get("/health").status_code == 200  # other paths are not counted here


# -- the documentation --------------------------------------------------------------------------

DOC = Path(__file__).resolve().parents[2] / "docs" / "public-notices.md"


def shape(value: Any, at: str = "") -> set[str]:
    """The paths of every key of a JSON document (list items merged)."""
    if isinstance(value, dict):
        return {f"{at}/{k}" for k in value} | {
            p for k, v in value.items() for p in shape(v, f"{at}/{k}")
        }
    if isinstance(value, list):
        return {p for v in value for p in shape(v, f"{at}[]")}
    return set()


def test_the_documented_examples_have_the_served_shape(
    client: TestClient, public_world: PublicWorld
) -> None:
    examples = {
        m.group(1): json.loads(m.group(2))
        for m in re.finditer(
            r"<!-- example: ([a-z-]+) -->\n```json\n(.*?)\n```", DOC.read_text(), re.S
        )
    }
    assert set(examples) == {"list", "red", "yellow", "un-person", "un-entity", "images"}
    red = public_world.notice()
    yellow = public_world.notice("yellow", fields=YELLOW_FIELDS)
    names = [{"given": "Omar", "family": "Saleh"}, {"given": "Abu", "kind": "alias"}]
    listed = public_world.person(names=names)
    person = public_world.notice("un", subject_id=listed, fields=UN_FIELDS, country=None)
    entity = public_world.notice("un", fields={**UN_FIELDS, "entity": ENTITY}, country=None)
    served = {
        "list": get(client, "/red", name="petrov"),
        "red": get(client, f"/red/{path_id(red)}"),
        "yellow": get(client, f"/yellow/{path_id(yellow)}"),
        "un-person": get(client, f"/un/persons/{path_id(person)}"),
        "un-entity": get(client, f"/un/entities/{path_id(entity)}"),
        "images": get(client, f"/red/{path_id(red)}/images"),
    }
    for name, example in examples.items():
        assert shape(example) == shape(served[name]), name


# -- a client written for INTERPOL's service ----------------------------------------------------


def wanted_by_name(
    http: httpx.Client, service: str, forename: str, name: str
) -> list[dict[str, Any]]:
    """How existing clients of ws-public.interpol.int use it: search, walk the ``next`` links,
    then follow each notice's ``self`` and ``images`` links."""
    found: list[dict[str, Any]] = []
    url: str | None = f"{service}/notices/v1/red"
    params: dict[str, Any] | None = {"forename": forename, "name": name, "resultPerPage": 1}
    while url:
        page = http.get(url, params=params).json()
        params = None
        for notice in page["_embedded"]["notices"]:
            full = http.get(notice["_links"]["self"]["href"]).json()
            pictures = http.get(notice["_links"]["images"]["href"]).json()
            charges = [w["charge_translation"] or w["charge"] for w in full["arrest_warrants"]]
            found.append(
                {
                    "id": full["entity_id"],
                    "who": f"{full['forename']} {full['name']}",
                    "born": full["date_of_birth"],
                    "charges": charges,
                    "pictures": [p["picture_id"] for p in pictures["_embedded"]["images"]],
                }
            )
        url = page["_links"].get("next", {}).get("href")
    return found


def test_a_client_of_the_interpol_service_works_unchanged(
    client: TestClient, public_world: PublicWorld
) -> None:
    first = public_world.notice(published_ago=timedelta(days=2))
    second = public_world.notice(published_ago=timedelta(days=1))
    public_world.notice(
        subject_id=public_world.person(names=[{"given": "Anna", "family": "Ivanova"}])
    )
    found = wanted_by_name(client, "http://testserver", "ivan", "petrov")
    assert [f["id"] for f in found] == [second.entity_id, first.entity_id]
    assert found[0]["who"] == "IVAN PETROV" and found[0]["born"] == "1980/05/17"
    assert found[0]["charges"] == ["Murder by an organised gang", "Trafic de stupéfiants"]
    assert len(found[0]["pictures"]) == 2
