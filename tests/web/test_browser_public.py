"""In a real browser, without signing in: search the public notices by name and nationality,
find a published Red Notice and open its page, in every language on a phone and a desktop,
with no serious accessibility violation."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from tests.web.live import Live, serious_violations, shot

pytestmark = pytest.mark.browser


def test_public_search_finds_a_red_notice_and_opens_it(live: Live) -> None:
    ctx = live.context()
    api = ctx.request.get("/notices/v1/red")
    assert api.ok
    first = api.json()["_embedded"]["notices"][0]
    name, nationality = first["name"], first["nationalities"][0]
    entity = first["entity_id"].replace("/", "-")
    ctx.close()
    for lang in ("en", "fr", "es", "ar"):
        for phone in (False, True):
            size = "phone" if phone else "desktop"
            ctx = live.context(lang=lang, phone=phone)
            page = ctx.new_page()
            page.goto("/public/")
            assert page.locator(".main-nav").count() == 0  # no console navigation
            page.locator("#p-name").fill(name)
            page.locator("#p-nationality").select_option(nationality)
            page.locator("form.public-search button[type=submit]").click()
            page.wait_for_url("**/public/?*")
            assert urlencode({"name": name}) in page.url
            link = page.locator(f'a[href="/public/notices/red/{entity}"]')
            expect(link).to_be_visible()
            assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= (360 if phone else 1280), "the page scrolls sideways"
            shot(page, f"public-search-{lang}-{size}", live.engine)
            if not phone:
                assert serious_violations(page) == []
            link.click()
            expect(page.locator("h1")).to_contain_text(name)
            assert page.locator('a[href="/"]').count() >= 1  # back to sign-in
            shot(page, f"public-notice-{lang}-{size}", live.engine)
            if not phone or lang == "ar":
                assert serious_violations(page) == []
            ctx.close()
