"""The notice workflow over HTTP: request, submission with automated findings, review,
publication, updates under re-review, suspension, cancellation, expiry; who sees what."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from concord.app import create_app
from concord.audit.models import AuditEvent
from concord.db.base import utcnow
from concord.db.database import Database
from concord.notices.models import Notice
from tests.conftest import make_settings
from tests.factories import Actors
from tests.notices.helpers import RED_FIELDS, act, person, published_red, request


def test_red_notice_from_request_to_publication(client: TestClient, actors: Actors) -> None:
    fr = actors.make("ncb_operator", "FR")
    de = actors.make("ncb_operator", "DE")
    reviewer = actors.make("gs_reviewer")
    subject = person(client, fr)
    draft = request(
        client, fr, {"type": "red", "subject_id": subject, "public": True, "fields": RED_FIELDS}
    )
    assert draft["status"] == "draft" and draft["view"] == "full"
    assert draft["title"].startswith("Viktor Marchenko") or "Marchenko" in draft["title"]
    # a draft is the requester's alone
    assert client.get(f"/api/v1/notices/{draft['id']}", headers=de.headers).status_code == 404

    submitted = act(client, fr, draft["id"], "submit")
    assert submitted["status"] == "submitted"
    assert submitted["findings"] is not None
    assert not [f for f in submitted["findings"] if f["severity"] in ("block", "flag")]

    # other members see "request being processed", nothing of its content
    seen = client.get(f"/api/v1/notices/{draft['id']}", headers=de.headers).json()
    assert seen["status"] == "processing" and seen["view"] == "processing"
    assert seen["fields"] is None and seen["findings"] is None

    # the requester cannot approve its own request
    act(client, fr, draft["id"], "approve", code=403)
    act(client, reviewer, draft["id"], "start_review")
    published = act(client, reviewer, draft["id"], "approve")
    assert published["status"] == "published"
    assert published["entity_id"].startswith(f"{utcnow().year}/")
    assert published["expires_at"] is not None

    member = client.get(f"/api/v1/notices/{draft['id']}", headers=de.headers).json()
    assert member["view"] == "member" and member["status"] == "published"
    assert "provisionally arrest" in member["action"] and "FR" in member["action"]
    assert member["findings"] is None

    history = client.get(f"/api/v1/notices/{draft['id']}/history", headers=fr.headers).json()
    assert [(e["action"], e["to_status"]) for e in history] == [
        ("create", "draft"),
        ("submit", "submitted"),
        ("start_review", "under_review"),
        ("approve", "published"),
    ]
    assert history[-1]["actor_id"] == reviewer.account_id
    assert (
        client.get(f"/api/v1/notices/{draft['id']}/history", headers=de.headers).status_code == 404
    )


def test_info_requested_resubmitted_then_refused(client: TestClient, actors: Actors) -> None:
    fr = actors.make("ncb_operator", "FR")
    de = actors.make("ncb_operator", "DE")
    reviewer = actors.make("gs_reviewer")
    subject = person(client, fr)
    n = request(client, fr, {"type": "red", "subject_id": subject, "fields": RED_FIELDS})
    act(client, fr, n["id"], "submit")
    act(client, reviewer, n["id"], "request_info", code=422)  # a reason is required
    act(client, reviewer, n["id"], "request_info", reason="Send the arrest warrant")
    # editing is allowed while information is requested
    current = client.get(f"/api/v1/notices/{n['id']}", headers=fr.headers)
    fields = RED_FIELDS | {"circumstances": RED_FIELDS["circumstances"] + " Warrant attached."}
    r = client.patch(
        f"/api/v1/notices/{n['id']}",
        headers=fr.headers | {"If-Match": current.headers["etag"]},
        json={"fields": fields},
    )
    assert r.status_code == 200, r.text
    act(client, fr, n["id"], "resubmit")
    act(client, reviewer, n["id"], "refuse", code=422, reason="Political")  # no ground
    refused = act(client, reviewer, n["id"], "refuse", reason="Art. 3 concerns", ground="art3")
    assert refused["status"] == "refused" and refused["refusal_ground"] == "art3"
    assert client.get(f"/api/v1/notices/{n['id']}", headers=de.headers).status_code == 404
    # nothing moves a refused notice to published
    act(client, reviewer, n["id"], "approve", code=409)
    stats = client.get("/api/v1/notices/stats", headers=reviewer.headers).json()
    assert stats["refusals_by_ground"]["art3"] == 1


def test_published_notice_changes_only_after_re_review(client: TestClient, actors: Actors) -> None:
    fr = actors.make("ncb_operator", "FR")
    reviewer = actors.make("gs_reviewer")
    n = published_red(client, fr, reviewer)
    got = client.get(f"/api/v1/notices/{n['id']}", headers=fr.headers)
    changed = RED_FIELDS | {"circumstances": "Updated: seen in Marseille in 2025."}
    r = client.patch(
        f"/api/v1/notices/{n['id']}",
        headers=fr.headers | {"If-Match": got.headers["etag"]},
        json={"fields": changed},
    )
    assert r.status_code == 409 and "re-review" in r.json()["detail"]
    r = client.post(
        f"/api/v1/notices/{n['id']}/updates",
        headers=fr.headers | {"If-Match": got.headers["etag"]},
        json={"fields": changed, "reason": "New sighting"},
    )
    assert r.status_code == 200, r.text
    pending = r.json()
    assert pending["status"] == "published" and pending["pending_update"] is not None
    # the circulating text stays as approved until the reviewer decides
    assert pending["fields"]["circumstances"] == RED_FIELDS["circumstances"]
    done = act(client, reviewer, n["id"], "approve_update")
    assert done["fields"]["circumstances"] == "Updated: seen in Marseille in 2025."
    assert done["pending_update"] is None
    act(client, reviewer, n["id"], "approve_update", code=409)  # nothing pending


def test_suspend_reinstate_cancel(client: TestClient, actors: Actors) -> None:
    fr = actors.make("ncb_operator", "FR")
    de = actors.make("ncb_operator", "DE")
    reviewer = actors.make("gs_reviewer")
    officer = actors.make("gs_officer")
    n = published_red(client, fr, reviewer)
    act(client, fr, n["id"], "suspend", code=403, reason="x")
    act(client, officer, n["id"], "suspend", reason="Identity under verification")
    assert client.get(f"/api/v1/notices/{n['id']}", headers=de.headers).status_code == 404
    act(client, officer, n["id"], "reinstate", reason="Identity confirmed")
    assert client.get(f"/api/v1/notices/{n['id']}", headers=de.headers).status_code == 200
    act(client, fr, n["id"], "cancel", code=422)  # reason needed
    done = act(client, fr, n["id"], "cancel", reason="Subject arrested and extradited")
    assert done["status"] == "cancelled"
    act(client, fr, n["id"], "reinstate", code=409, reason="x")


def test_abuse_is_refused_and_changes_nothing(
    client: TestClient, actors: Actors, db: Database
) -> None:
    fr = actors.make("ncb_operator", "FR")
    de = actors.make("ncb_operator", "DE")
    border = actors.make("border_officer", "FR")
    officer = actors.make("gs_officer")
    german_person = person(client, de)
    with db.session() as s:
        before = s.execute(select(func.count()).select_from(Notice)).scalar_one()
    # a notice on someone else's record
    r = request(client, fr, {"type": "red", "subject_id": german_person, "fields": RED_FIELDS}, 422)
    assert "your own records" in r["detail"]
    # red without a subject, purple with one, unknown fields
    request(client, fr, {"type": "red", "fields": RED_FIELDS}, 422)
    request(client, fr, {"type": "purple", "subject_id": german_person, "fields": {}}, 422)
    bad = request(client, fr, {"type": "blue", "fields": {"colour": "x"}}, 422)
    assert "colour" in bad["detail"]
    # Blue may not be public; UN notices come from the Secretariat; border officers don't request
    own = person(client, fr)
    request(client, fr, {"type": "blue", "subject_id": own, "public": True}, 422)
    request(client, fr, {"type": "un", "subject_id": own, "fields": {}}, 403)
    request(client, officer, {"type": "red", "subject_id": own, "fields": RED_FIELDS}, 403)
    request(client, border, {"type": "red", "subject_id": own, "fields": RED_FIELDS}, 403)
    with db.session() as s:
        assert s.execute(select(func.count()).select_from(Notice)).scalar_one() == before
    # an incomplete request cannot be submitted; it stays a draft
    draft = request(client, fr, {"type": "red", "subject_id": own, "fields": {}})
    r2 = act(client, fr, draft["id"], "submit", code=422)
    assert "incomplete" in r2["detail"]
    assert client.get(f"/api/v1/notices/{draft['id']}", headers=fr.headers).json()["status"] == (
        "draft"
    )


def test_blocking_findings_prevent_publication(client: TestClient, actors: Actors) -> None:
    fr = actors.make("ncb_operator", "FR")
    reviewer = actors.make("gs_reviewer")
    subject = person(client, fr)
    fields: dict[str, Any] = RED_FIELDS | {
        "charges": [{"charge": "Theft of a bicycle from a railway station", "penalty_years": 1}]
    }
    n = request(client, fr, {"type": "red", "subject_id": subject, "fields": fields})
    sub = act(client, fr, n["id"], "submit")
    rules = {(f["rule"], f["severity"]) for f in sub["findings"]}
    assert ("penalty-threshold", "block") in rules
    r = act(client, reviewer, n["id"], "approve", code=409)
    assert "blocking" in r["detail"]


def test_political_red_notice_is_flagged(client: TestClient, actors: Actors) -> None:
    tr = actors.make("ncb_operator", "TR")
    reviewer = actors.make("gs_reviewer")
    subject = person(client, tr, political_figure=True)
    fields = {
        "charges": [
            {
                "charge": "Insulting the President of the Republic in articles published "
                "abroad and organising an unauthorised demonstration",
                "penalty_years": 4,
            }
        ],
        "warrant": {"reference": "2024/118", "issued_by": "Ankara Criminal Court"},
    }
    n = request(client, tr, {"type": "red", "subject_id": subject, "fields": fields})
    sub = act(client, tr, n["id"], "submit")
    rules = {f["rule"] for f in sub["findings"]}
    assert "art3-political" in rules
    queue = client.get("/api/v1/notices?queue=true", headers=reviewer.headers).json()
    (item,) = [i for i in queue["items"] if i["id"] == n["id"]]
    assert "art3-political" in {f["rule"] for f in item["findings"]}


def test_check_saves_nothing(client: TestClient, actors: Actors, db: Database) -> None:
    fr = actors.make("ncb_operator", "FR")
    with db.session() as s:
        notices = s.execute(select(func.count()).select_from(Notice)).scalar_one()
        events = s.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
    r = client.post(
        "/api/v1/notices/check",
        headers=fr.headers,
        json={
            "type": "red",
            "fields": {"charges": [{"charge": "Adultery and leaving the marital home"}]},
        },
    )
    assert r.status_code == 200, r.text
    out = r.json()
    assert "behavioural-offence" in {f["rule"] for f in out["findings"]}
    assert out["flagged"] >= 1
    with db.session() as s:
        assert s.execute(select(func.count()).select_from(Notice)).scalar_one() == notices
        assert s.execute(select(func.count()).select_from(AuditEvent)).scalar_one() == events


def test_notices_expire_at_their_review_date(
    client: TestClient, actors: Actors, db: Database, engine_url: str
) -> None:
    from concord.notices import decisions

    fr = actors.make("ncb_operator", "FR")
    de = actors.make("ncb_operator", "DE")
    reviewer = actors.make("gs_reviewer")
    n = published_red(client, fr, reviewer)
    later = make_settings(engine_url, now=utcnow() + timedelta(days=5 * 366))
    # past the date the notice is out of circulation at once, before the job runs
    with TestClient(create_app(later, db=db)) as future:
        assert future.get(f"/api/v1/notices/{n['id']}", headers=de.headers).status_code == 404
    with db.transaction() as s:
        assert decisions.expire_due(s, later) >= 1
    got = client.get(f"/api/v1/notices/{n['id']}", headers=fr.headers).json()
    assert got["status"] == "expired"


def test_arabic_request_kept_intact(client: TestClient, actors: Actors) -> None:
    eg = actors.make("ncb_operator", "EG")
    subject = person(client, eg)
    charge = "القتل العمد مع سبق الإصرار والترصد"
    n = request(
        client,
        eg,
        {
            "type": "red",
            "subject_id": subject,
            "language": "ar",
            "fields": {
                "charges": [
                    {
                        "charge": charge,
                        "charge_translation": {"en": "Premeditated murder"},
                        "penalty_years": 25,
                    }
                ],
                "warrant": {"reference": "١٢٣/٢٠٢٤", "issued_by": "محكمة جنايات القاهرة"},
            },
        },
    )
    got = client.get(f"/api/v1/notices/{n['id']}", headers=eg.headers).json()
    assert got["language"] == "ar"
    assert got["fields"]["charges"][0]["charge"] == charge
    assert got["fields"]["charges"][0]["charge_translation"] == {"en": "Premeditated murder"}
    sub = act(client, eg, n["id"], "submit")
    assert not [f for f in sub["findings"] if f["severity"] in ("block", "flag")], sub["findings"]
