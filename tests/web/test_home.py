"""The console's home page: unread and overdue messages, hits on the country's records,
notices awaiting review or an answer, records nearing review, the activity chart (inline SVG
with a table of its numbers), each only for roles that allow it, and never another country's."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from tests.factories import Actors
from tests.records import samples
from tests.records.test_records_api import create
from tests.web.test_messages import api_send


def test_home_shows_messages_hits_and_the_chart(
    web: TestClient, actors: Actors, signed_in: Any
) -> None:
    fr = actors.make("ncb_operator", "FR")
    de = actors.make("ncb_operator", "DE")
    sent = api_send(web, de, to=["FR"], priority="immediate")
    doc = create(
        web, fr, "document", samples.DOCUMENT | {"number": "15AB12345", "check_digit": None}
    )
    screened = web.post(
        "/api/v1/screen",
        headers=de.headers,
        json={"document": {"number": "15AB12345", "country": "FR"}},
    )
    assert screened.status_code == 200, screened.text
    signed_in("ncb_operator", "FR")
    home = web.get("/console/")
    assert home.status_code == 200
    text = home.text
    assert "Unread: 1" in text and f"/console/messages/{sent['id']}" in text
    assert "Hits on your country&#39;s data" in text or "Hits on your country's data" in text
    assert f"/console/records/{doc['id']}" in text
    assert "Notices awaiting your answer" in text
    assert "Notices awaiting your review" not in text  # not a reviewer
    # the chart: an SVG with its title and description, and the numbers as a table
    assert re.search(r"<svg[^>]*role=\"img\"", text)
    assert '<title id="chart-title">Screenings and hits per day, last 30 days</title>' in text
    assert '<desc id="chart-desc">' in text
    assert "The numbers as a table" in text and '<th scope="row">' in text


def test_the_chart_counts_only_the_countrys_own_screenings(
    web: TestClient, actors: Actors, signed_in: Any
) -> None:
    de = actors.make("ncb_operator", "DE")
    for _ in range(3):
        r = web.post(
            "/api/v1/screen",
            headers=de.headers,
            json={"document": {"number": "ZZ9", "country": "FR"}},
        )
        assert r.status_code == 200
    signed_in("ncb_operator", "FR")
    home = web.get("/console/")
    assert "0 screenings and 0 hits in 30 days" in home.text
    web.cookies.clear()
    signed_in("ncb_operator", "DE")
    assert "3 screenings and 0 hits in 30 days" in web.get("/console/").text


def test_a_reviewer_sees_the_queue_and_a_delegate_sees_no_private_block(
    web: TestClient, signed_in: Any
) -> None:
    signed_in("gs_reviewer")
    page = web.get("/console/")
    assert page.status_code == 200 and "Notices awaiting your review" in page.text
    web.cookies.clear()
    signed_in("delegate", "FR")
    page = web.get("/console/")
    assert page.status_code == 200
    for block in ("Messages", "Hits on your", "Notices awaiting", "Records nearing", "<svg"):
        assert block not in page.text.split("<main")[1], block


def test_another_countrys_message_is_not_on_my_home(
    web: TestClient, actors: Actors, signed_in: Any
) -> None:
    de = actors.make("ncb_operator", "DE")
    sent = api_send(web, de, to=["ES"])
    signed_in("ncb_operator", "FR")
    home = web.get("/console/")
    assert sent["id"] not in home.text and sent["case_reference"] not in home.text
    assert "Unread: 0" in home.text
