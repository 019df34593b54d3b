"""Notices in the console: lists by tab, the request wizard with the compliance findings
inline, the reviewer's queue and decisions, a notice's page with its history, the answer to a
request for information, and who may see what (another country's draft is a 404; members
never open the review queue)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from concord.db.database import Database
from concord.notices.models import Notice, NoticeEvent
from tests.factories import Actors
from tests.notices.helpers import RED_FIELDS, act, person, request
from tests.web.conftest import csrf_of

RED_FORM = {
    "language": "en",
    "charge_0_charge": RED_FIELDS["charges"][0]["charge"],
    "charge_0_penalty_years": "30",
    "charge_0_offence_date": "2023-02-11",
    "charge_0_law": "Code pénal art. 221-1",
    "warrant_reference": "MA-2023-0456",
    "warrant_issued_by": "Tribunal judiciaire de Lyon",
    "circumstances": RED_FIELDS["circumstances"],
}


def _form(web: TestClient, path: str, data: dict[str, Any]) -> Any:
    page = web.get("/console/notices")
    return web.post(path, data={"csrf": csrf_of(page.text), **data})


def _count(db: Database, *where: Any) -> int:
    with db.session() as s:
        return int(s.execute(select(func.count()).select_from(Notice).where(*where)).scalar_one())


def test_wizard_from_type_to_submitted_request(
    client: TestClient, web: TestClient, signed_in: Any, actors: Actors, db: Database
) -> None:
    signed_in("ncb_operator", "FR")
    fr = actors.make("ncb_operator", "FR")
    subject = person(client, fr, names=[{"given": "Lucien", "family": "Vautrin"}])
    types = web.get("/console/notices/new")
    assert types.status_code == 200
    assert 'value="red"' in types.text and 'value="un"' not in types.text
    assert web.get("/console/notices/new?ntype=red").headers["location"] == (
        "/console/notices/new/red"
    )
    subjects = web.get("/console/notices/new/red?q=Vautrin")
    assert "Lucien Vautrin" in subjects.text and subject in subjects.text
    form = web.get(f"/console/notices/new/red/details?subject_id={subject}")
    assert form.status_code == 200 and 'name="warrant_reference"' in form.text
    made = _form(web, "/console/notices/new/red", {"subject_id": subject, **RED_FORM})
    assert made.status_code == 303, made.text
    check_path = made.headers["location"]
    notice_id = check_path.split("/")[3]
    check = web.get(check_path)
    assert check.status_code == 200
    assert "Automated compliance checks" in check.text and "0 blocking" in check.text
    submitted = web.post(
        f"/console/notices/{notice_id}/act",
        data={"csrf": csrf_of(check.text), "action": "submit", "version": "1", "back": "check"},
    )
    assert submitted.status_code == 303
    page = web.get(submitted.headers["location"])
    assert "Submitted" in page.text and "History" in page.text
    with db.session() as s:
        row = s.get(Notice, notice_id)
        assert row is not None and row.status == "submitted"
        assert row.data["warrant"]["reference"] == "MA-2023-0456"


def test_bad_input_is_shown_inline_and_nothing_is_written(
    client: TestClient, web: TestClient, signed_in: Any, actors: Actors, db: Database
) -> None:
    signed_in("ncb_operator", "FR")
    subject = person(client, actors.make("ncb_operator", "FR"))
    before = _count(db)
    bad = RED_FORM | {"charge_0_penalty_years": "thirty", "warrant_issued_on": "31/02/2020"}
    answer = _form(web, "/console/notices/new/red", {"subject_id": subject, **bad})
    assert answer.status_code == 422
    assert 'id="e-charge_0_penalty_years"' in answer.text
    assert 'aria-invalid="true"' in answer.text
    assert 'value="thirty"' in answer.text  # the input is kept
    assert _count(db) == before


def test_another_countrys_record_cannot_be_the_subject(
    client: TestClient, web: TestClient, signed_in: Any, actors: Actors, db: Database
) -> None:
    signed_in("ncb_operator", "FR")
    german = person(client, actors.make("ncb_operator", "DE"), names=[{"full": "Kurt Geheim"}])
    assert "Kurt Geheim" not in web.get("/console/notices/new/red").text
    form = web.get(f"/console/notices/new/red/details?subject_id={german}")
    assert "Kurt Geheim" not in form.text
    answer = _form(web, "/console/notices/new/red", {"subject_id": german, **RED_FORM})
    assert answer.status_code == 422
    assert "of your country" in answer.text and "Kurt Geheim" not in answer.text
    assert _count(db, Notice.subject_id == german) == 0


def test_csrf_is_required(
    client: TestClient, web: TestClient, signed_in: Any, actors: Actors, db: Database
) -> None:
    signed_in("ncb_operator", "FR")
    subject = person(client, actors.make("ncb_operator", "FR"))
    answer = web.post(
        "/console/notices/new/red", data={"csrf": "0" * 64, "subject_id": subject, **RED_FORM}
    )
    assert answer.status_code == 403 and "csrf_failed" in answer.text
    assert _count(db, Notice.subject_id == subject) == 0


def _submitted_red(client: TestClient, actors: Actors, country: str = "FR", **data: Any) -> str:
    requester = actors.make("ncb_operator", country)
    subject = person(client, requester, **data)
    notice = request(
        client, requester, {"type": "red", "subject_id": subject, "fields": RED_FIELDS}
    )
    act(client, requester, notice["id"], "submit")
    return str(notice["id"])


def test_reviewer_approves_from_the_queue(
    client: TestClient, web: TestClient, signed_in: Any, actors: Actors, db: Database
) -> None:
    notice_id = _submitted_red(client, actors, names=[{"full": "Queue Person"}])
    signed_in("gs_reviewer")
    queue = web.get("/console/notices?tab=queue")
    assert queue.status_code == 200
    assert f"/console/notices/{notice_id}/review" in queue.text
    review = web.get(f"/console/notices/{notice_id}/review")
    assert review.status_code == 200
    assert "Automated findings" in review.text and "Approve and publish" in review.text
    assert "Queue Person" in review.text
    done = web.post(
        f"/console/notices/{notice_id}/act",
        data={"csrf": csrf_of(review.text), "action": "approve", "version": "2", "back": "review"},
    )
    assert done.status_code == 303
    page = web.get(done.headers["location"])
    assert "Published" in page.text and "Approve and publish" in page.text  # in the history
    with db.session() as s:
        row = s.get(Notice, notice_id)
        assert row is not None and row.status == "published" and row.entity_id


def test_refusal_needs_a_reason_shown_inline(
    client: TestClient, web: TestClient, signed_in: Any, actors: Actors, db: Database
) -> None:
    notice_id = _submitted_red(client, actors)
    signed_in("gs_reviewer")
    review = web.get(f"/console/notices/{notice_id}/review")
    answer = web.post(
        f"/console/notices/{notice_id}/act",
        data={
            "csrf": csrf_of(review.text),
            "action": "refuse",
            "reason": " ",
            "ground": "art3",
            "back": "review",
        },
    )
    assert answer.status_code == 422
    assert 'id="decision-error"' in answer.text and "needs a reason" in answer.text
    with db.session() as s:
        assert s.get(Notice, notice_id).status == "submitted"  # type: ignore[union-attr]
    refused = web.post(
        f"/console/notices/{notice_id}/act",
        data={
            "csrf": csrf_of(review.text),
            "action": "refuse",
            "reason": "Political character",
            "ground": "art3",
            "back": "review",
        },
    )
    assert refused.status_code == 303
    with db.session() as s:
        row = s.get(Notice, notice_id)
        assert row is not None and row.status == "refused" and row.refusal_ground == "art3"


def test_requester_answers_a_request_for_information(
    client: TestClient, web: TestClient, signed_in: Any, actors: Actors, db: Database
) -> None:
    notice_id = _submitted_red(client, actors)
    reviewer = actors.make("gs_reviewer")
    act(client, reviewer, notice_id, "request_info", reason="Give the warrant's date")
    signed_in("ncb_operator", "FR")
    page = web.get(f"/console/notices/{notice_id}")
    assert "Give the warrant&#39;s date" in page.text
    form = web.get(f"/console/notices/{notice_id}/edit")
    assert form.status_code == 200 and 'value="MA-2023-0456"' in form.text
    version = form.text.split('name="version" value="')[1].split('"')[0]
    saved = web.post(
        f"/console/notices/{notice_id}/edit",
        data={"csrf": csrf_of(form.text), "version": version, **RED_FORM}
        | {"warrant_issued_on": "2023-02-20"},
    )
    assert saved.status_code == 303, saved.text
    check = web.get(saved.headers["location"])
    assert "Resubmit to the General Secretariat" in check.text
    done = web.post(
        f"/console/notices/{notice_id}/act",
        data={"csrf": csrf_of(check.text), "action": "resubmit", "back": "check"},
    )
    assert done.status_code == 303
    with db.session() as s:
        row = s.get(Notice, notice_id)
        assert row is not None and row.status == "submitted"
        assert row.data["warrant"]["issued_on"] == "2023-02-20"


def test_other_countries_never_see_a_draft(
    client: TestClient, web: TestClient, signed_in: Any, actors: Actors
) -> None:
    de = actors.make("ncb_operator", "DE")
    subject = person(client, de, names=[{"full": "Dieter Entwurf"}])
    draft = request(client, de, {"type": "red", "subject_id": subject, "fields": RED_FIELDS})
    signed_in("ncb_operator", "FR")
    answer = web.get(f"/console/notices/{draft['id']}")
    assert answer.status_code == 404
    assert "Dieter Entwurf" not in answer.text
    for tab in ("requests", "circulation"):
        listing = web.get(f"/console/notices?tab={tab}&q=Dieter")
        assert listing.status_code == 200 and "Dieter Entwurf" not in listing.text
    assert web.get(f"/console/notices/{draft['id']}/edit").status_code == 404


def test_members_see_a_processing_request_reduced_and_no_queue(
    client: TestClient, web: TestClient, signed_in: Any, actors: Actors, db: Database
) -> None:
    notice_id = _submitted_red(client, actors, "DE", names=[{"full": "Reduced View"}])
    signed_in("ncb_operator", "FR")
    page = web.get(f"/console/notices/{notice_id}")
    assert page.status_code == 200
    assert "Request being processed" in page.text
    assert "MA-2023-0456" not in page.text and "History" not in page.text
    assert web.get("/console/notices?tab=queue").status_code == 403
    assert web.get(f"/console/notices/{notice_id}/review").status_code == 403
    answer = web.post(
        f"/console/notices/{notice_id}/act",
        data={"csrf": csrf_of(page.text), "action": "approve"},
    )
    assert answer.status_code == 403
    with db.session() as s:
        assert s.get(Notice, notice_id).status == "submitted"  # type: ignore[union-attr]
        events = s.execute(
            select(func.count()).select_from(NoticeEvent).where(NoticeEvent.notice_id == notice_id)
        ).scalar_one()
        assert events == 2  # create, submit


def test_lists_by_tab_and_search(
    client: TestClient, web: TestClient, signed_in: Any, actors: Actors
) -> None:
    fr = actors.make("ncb_operator", "FR")
    subject = person(client, fr, names=[{"full": "Tab Search Person"}])
    request(client, fr, {"type": "red", "subject_id": subject, "fields": RED_FIELDS})
    signed_in("ncb_operator", "FR")
    mine = web.get("/console/notices?tab=requests&q=Tab+Search&status=draft")
    assert mine.status_code == 200 and "Tab Search Person" in mine.text
    assert "Tab Search Person" not in web.get("/console/notices?tab=circulation&q=Tab").text
    assert web.get("/console/notices?tab=nonsense").status_code == 422


def test_the_public_or_signed_out_are_sent_to_sign_in(web: TestClient) -> None:
    answer = web.get("/console/notices")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/?next=")
