"""Periods that no figure can sensibly cover are refused before any counting starts."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.factories import Actors


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/stats/messages/growth?b_start=0083-12-06", "b.start"),
        ("/api/v1/stats/searches?start=1850-01-01&end=1950-01-01", "start"),
        ("/api/v1/stats/notices?start=2000-01-01&end=2999-12-31", "end"),
        ("/api/v1/stats/searches?start=2000-01-01&end=2020-12-31&group_by=day", "grain"),
    ],
)
def test_absurd_periods_are_refused(
    client: TestClient, actors: Actors, url: str, field: str
) -> None:
    gs = actors.make("gs_officer")
    answer = client.get(url, headers=gs.headers)
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"].startswith(field), answer.json()["detail"]


def test_the_longest_sensible_period_is_answered(client: TestClient, actors: Actors) -> None:
    gs = actors.make("gs_officer")
    for figure, grain in (
        ("searches", "year"),
        ("notices", "month"),
        ("messages", "year"),
        ("operations", "year"),
        ("members", "region"),
    ):
        answer = client.get(
            f"/api/v1/stats/{figure}?start=1923-01-01&end=2100-12-31&group_by={grain}",
            headers=gs.headers,
        )
        assert answer.status_code == 200, (figure, answer.text)
    growth = client.get(
        "/api/v1/stats/messages/growth?a_start=1923-01-01&a_end=1999-12-31&b_start=2000-01-01",
        headers=gs.headers,
    )
    assert growth.status_code == 200, growth.text
