"""Randomised workflow runs: any actor tries any action in any order; a notice is never
published (nor seen by other members as published) without a reviewer's approval following
its last submission, and no request fails with a server error."""

from __future__ import annotations

import os
import random

from fastapi.testclient import TestClient

from concord.notices.workflow import Action
from tests.factories import Actors
from tests.notices.helpers import RED_FIELDS, person, request

ACTIONS = [a.value for a in Action] + ["edit", "update"]


def test_random_runs_never_publish_without_approval(client: TestClient, actors: Actors) -> None:
    seed = int(os.environ.get("CONCORD_TEST_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    fr = actors.make("ncb_operator", "FR")
    cast = {
        "requester": fr,
        "colleague": actors.make("ncb_admin", "FR"),
        "other_member": actors.make("ncb_operator", "DE"),
        "reviewer": actors.make("gs_reviewer"),
        "officer": actors.make("gs_officer"),
        "border": actors.make("border_officer", "FR"),
    }
    reviewer_ids = {cast["reviewer"].account_id}
    subject = person(client, fr)
    notices = [
        request(
            client,
            fr,
            {"type": rng.choice(["red", "blue"]), "subject_id": subject, "fields": RED_FIELDS},
        )["id"]
        for _ in range(3)
    ]
    for step in range(120):
        nid = rng.choice(notices)
        who = rng.choice(list(cast))
        actor = cast[who]
        what = rng.choice(ACTIONS)
        if what in ("edit", "update"):
            got = client.get(f"/api/v1/notices/{nid}", headers=actor.headers)
            etag = got.headers.get("etag", '"v1"')
            if what == "edit":
                r = client.patch(
                    f"/api/v1/notices/{nid}",
                    headers=actor.headers | {"If-Match": etag},
                    json={"fields": RED_FIELDS},
                )
            else:
                r = client.post(
                    f"/api/v1/notices/{nid}/updates",
                    headers=actor.headers | {"If-Match": etag},
                    json={"fields": RED_FIELDS, "reason": "change"},
                )
        else:
            body: dict[str, object] = {"action": what}
            if rng.random() < 0.8:
                body["reason"] = "because"
            if what == "refuse" and rng.random() < 0.8:
                body["ground"] = rng.choice(["art3", "art2", "other"])
            r = client.post(f"/api/v1/notices/{nid}/transitions", headers=actor.headers, json=body)
        assert r.status_code < 500, (seed, step, who, what, r.text)
        assert r.status_code in (200, 403, 404, 409, 412, 422, 428), (seed, step, r.text)
        for n in notices:
            got = client.get(f"/api/v1/notices/{n}", headers=fr.headers).json()
            history = client.get(f"/api/v1/notices/{n}/history", headers=fr.headers).json()
            if got["status"] != "published":
                continue
            last_submit = max(
                i for i, e in enumerate(history) if e["action"] in ("submit", "resubmit")
            )
            approvals = [
                e
                for e in history[last_submit:]
                if e["action"] == "approve" and e["actor_id"] in reviewer_ids
            ]
            assert approvals, (seed, step, history)
