"""The public notices site: search published Red, Yellow and UN notice extracts without
signing in; the same notices as the public API, so a draft, a refused consent or an expired
notice never appears and its page is 404; nothing private, no console navigation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from concord.notices.models import Notice
from concord.settings import Settings
from tests.factories import Actors
from tests.notices.conftest import PublicWorld


@pytest.fixture
def world(session: Session, actors: Actors, settings: Settings) -> PublicWorld:
    return PublicWorld(session, actors, settings)


def page_of(notice: Notice, kind: str = "red") -> str:
    assert notice.entity_id
    return f"/public/notices/{kind}/{notice.entity_id.replace('/', '-')}"


def test_search_and_read_a_published_red_notice(web: TestClient, world: PublicWorld) -> None:
    notice = world.notice()
    found = web.get("/public/?name=petrov&nationality=RU")
    assert found.status_code == 200
    assert "PETROV" in found.text and page_of(notice) in found.text
    assert "/console/messages" not in found.text and "Sign out" not in found.text
    assert 'href="/"' in found.text  # back to sign-in
    page = web.get(page_of(notice))
    assert page.status_code == 200
    assert "PETROV" in page.text and "IVAN" in page.text
    assert "Meurtre en bande organisée" in page.text and "Scar on the left cheek" in page.text
    assert "2 pictures" in page.text
    # what the public API does not publish is not here either
    for private in (
        "CONFIDENTIAL-CIRCUMSTANCES",
        "WARRANT-REF-0001",
        "SECRET-FINDING",
        "PX7788991",
    ):
        assert private not in page.text and private not in found.text


def test_filters_narrow_the_results(web: TestClient, world: PublicWorld) -> None:
    notice = world.notice()
    link = page_of(notice)
    assert link in web.get("/public/?forename=ivan&sex=M&age_min=20&age_max=90").text
    assert link not in web.get("/public/?sex=F").text
    assert link not in web.get("/public/?nationality=FR").text
    assert link not in web.get("/public/?age_max=20").text
    assert link not in web.get("/public/?type=yellow").text
    bad = web.get("/public/?age_min=50&age_max=20")
    assert bad.status_code == 422
    assert "The lowest age is more than the highest." in bad.text


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "draft"},
        {"status": "submitted"},
        {"public": False},  # the requesting country did not consent
        {"expires_in": timedelta(seconds=-1)},
    ],
)
def test_only_public_notices_appear(
    web: TestClient, world: PublicWorld, changes: dict[str, Any]
) -> None:
    hidden = world.notice(**changes)
    listing = web.get("/public/?name=petrov")
    assert listing.status_code == 200
    assert page_of(hidden) not in listing.text and "PETROV" not in listing.text
    assert web.get(page_of(hidden)).status_code == 404
    assert web.get(page_of(hidden)).headers["content-type"].startswith("text/html")


def test_other_notice_types_are_never_public(web: TestClient, world: PublicWorld) -> None:
    blue = world.notice("blue")
    assert web.get(page_of(blue)).status_code == 404
    assert web.get(page_of(blue, "un-persons")).status_code == 404
    assert "PETROV" not in web.get("/public/?type=un").text


def test_public_pages_in_arabic_are_right_to_left(web: TestClient, world: PublicWorld) -> None:
    world.notice()
    page = web.get("/public/", headers={"Accept-Language": "ar"})
    assert page.status_code == 200
    assert 'dir="rtl"' in page.text
