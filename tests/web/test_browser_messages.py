"""In a real browser: France sends a message to Germany from the compose page (region picker),
Germany's open inbox receives it live without a reload, and the thread shows the signature
verified; the inbox and thread in every language on a phone and a desktop; the home page with
its chart. No serious accessibility violation on any of these pages."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.web.live import Live, serious_violations, shot

pytestmark = pytest.mark.browser


def test_send_to_germany_arrives_live_and_reads_verified(live: Live) -> None:
    subject = f"Stolen passport seen in Strasbourg {uuid.uuid4().hex[:6]}"
    de = live.page("de.operator")
    de.goto("/console/messages")
    expect(de.get_by_role("heading", name=re.compile("Messages"))).to_be_visible()
    assert serious_violations(de) == []

    fr = live.page("fr.operator")
    fr.goto("/console/messages/compose")
    assert serious_violations(fr) == []
    fr.locator("details.region", has=fr.locator("#to-DE")).locator("summary").click()
    fr.get_by_label("Germany", exact=True).check()
    fr.get_by_label("Subject", exact=True).fill(subject)
    fr.get_by_label("Message", exact=True).fill("Holder of FR passport 15AB12345 crossed at Kehl.")
    fr.get_by_label("Priority", exact=True).select_option("urgent")
    fr.get_by_label("Handling code", exact=True).select_option("H1")
    fr.get_by_label("Source reliability", exact=True).select_option("A")
    fr.locator("#files").set_input_files(
        files=[{"name": "sighting.txt", "mimeType": "text/plain", "buffer": b"Kehl, 14:05"}]
    )
    expect(fr.locator("#uploads")).to_contain_text("sighting.txt: uploaded")
    expect(fr.locator('#uploads input[name="attachment"]')).to_have_count(1)
    shot(fr, "messages-compose-fr-operator", live.engine)
    fr.get_by_role("button", name="Send", exact=True).click()
    expect(fr.get_by_text("Message sent.")).to_be_visible()
    fr.context.close()

    # Germany's inbox, open since before the message was sent, shows it without a reload
    row = de.locator("#message-rows tr", has_text=subject)
    expect(row).to_be_visible(timeout=15_000)
    expect(de.locator("#live-status")).to_contain_text("FR")
    shot(de, "messages-inbox-live-de-operator", live.engine)
    row.get_by_role("link", name=subject).click()
    expect(de.get_by_role("heading", name=subject)).to_be_visible()
    expect(de.locator("#signature-status")).to_contain_text("Signature verified")
    expect(de.locator("article.message")).to_contain_text("not to be used as evidence")
    expect(de.get_by_role("link", name="sighting.txt")).to_be_visible()
    thread = de.url
    de.context.close()

    for lang in ("en", "fr", "es", "ar"):
        for phone in (False, True):
            page = live.page("de.operator", lang=lang, phone=phone)
            size = "phone" if phone else "desktop"
            page.goto(thread)
            expect(page.locator("#signature-status")).to_be_visible()
            assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= (360 if phone else 1280), "the page scrolls sideways"
            shot(page, f"messages-thread-{lang}-{size}", live.engine)
            page.goto("/console/messages")
            shot(page, f"messages-inbox-{lang}-{size}", live.engine)
            if not phone:
                assert serious_violations(page) == []
            page.context.close()


def test_home_page_with_its_chart(live: Live) -> None:
    for user, lang, phone in (("fr.operator", "en", False), ("gs.reviewer", "ar", True)):
        page = live.page(user, lang=lang, phone=phone)
        page.goto("/console/")
        chart = page.locator(".chart svg")
        expect(chart).to_be_visible()
        assert chart.locator("title").count() >= 1
        assert page.locator(".chart table tbody tr").count() == 30
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= (360 if phone else 1280), "the page scrolls sideways"
        shot(page, f"home-chart-{user}-{lang}-{'phone' if phone else 'desktop'}", live.engine)
        assert serious_violations(page) == []
        page.context.close()
