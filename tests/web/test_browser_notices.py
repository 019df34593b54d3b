"""In a real browser: an NCB operator requests a Red Notice through the wizard (type, subject,
details, the compliance findings, submit); a Secretariat reviewer opens it from the review
queue (desktop and phone), sees the findings beside the request and approves it; the notice
is then published with its history. Screenshots in English and French; no serious
accessibility violation on any page of the journey."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.web.live import Live, serious_violations, shot

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page: object, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # type: ignore[attr-defined]


def test_request_a_red_notice_and_approve_it(live: Live) -> None:
    op = live.page("fr.operator")
    op.goto("/console/notices")
    assert serious_violations(op) == []
    op.get_by_role("link", name="Request a notice").click()
    op.get_by_label("Red Notice").check()
    assert serious_violations(op) == []
    op.get_by_role("button", name="Next").click()
    subject = op.locator('input[name="subject_id"]').first
    subject.check()
    label = op.locator(f'label[for="{subject.get_attribute("id")}"]').inner_text()
    assert serious_violations(op) == []
    op.get_by_role("button", name="Next").click()
    op.get_by_label("Offence charged").first.fill(
        "Armed robbery of a jewellery shop in Marseille with shots fired at the owner"
    )
    op.get_by_label("Maximum penalty (years)").first.fill("20")
    op.get_by_label("Date of the offence").first.fill("2025-03-14")
    op.get_by_label("Reference").fill("MA-2025-0314")
    op.get_by_label("Issued by (court or judicial authority)").fill(
        "Tribunal judiciaire de Marseille"
    )
    op.get_by_label("Summary of the facts").fill(
        "On 14 March 2025 the subject and two accomplices robbed a jeweller at gunpoint."
    )
    assert serious_violations(op) == []
    shot(op, "notices-wizard-details-en", live.engine)
    op.get_by_role("button", name="Save and check").click()
    expect(op.get_by_role("heading", name="Automated compliance checks")).to_be_visible()
    shot(op, "notices-wizard-check-en", live.engine)
    assert serious_violations(op) == []
    op.get_by_role("button", name="Submit to the General Secretariat").click()
    expect(op.locator(".badge.status-submitted")).to_be_visible()
    notice_id = re.search(r"/console/notices/([0-9a-f]+)", op.url).group(1)  # type: ignore[union-attr]
    op.context.close()

    for phone in (False, True):
        rev = live.page("gs.reviewer", phone=phone)
        rev.goto(f"/console/notices?tab=queue&q={label}")
        link = rev.locator(f'a[href="/console/notices/{notice_id}/review"]')
        expect(link).to_be_visible()
        assert serious_violations(rev) == []
        shot(rev, f"notices-queue-{'phone' if phone else 'desktop'}-en", live.engine)
        link.click()
        expect(rev.get_by_role("heading", name="Automated findings")).to_be_visible()
        _no_sideways_scroll(rev, 360 if phone else 1280)
        assert serious_violations(rev) == []
        shot(rev, f"notices-review-{'phone' if phone else 'desktop'}-en", live.engine)
        if phone:
            rev.get_by_role("button", name="Approve and publish").click()
            expect(rev.locator(".badge.status-published")).to_be_visible()
            expect(rev.get_by_role("heading", name="History")).to_be_visible()
            history = rev.locator("table").last.inner_text()
            assert "Approve and publish" in history and "Submitted" in history
            shot(rev, "notices-published-phone-en", live.engine)
        rev.context.close()

    for lang, heading in (("en-GB", "History"), ("fr", "Historique")):
        page = live.page("fr.operator", lang=lang)
        page.goto(f"/console/notices/{notice_id}")
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        expect(page.locator(".badge.status-published")).to_be_visible()
        assert serious_violations(page) == []
        shot(page, f"notices-published-desktop-{lang[:2]}", live.engine)
        page.context.close()


def test_a_member_sees_the_list_in_arabic_right_to_left(live: Live) -> None:
    page = live.page("de.operator", lang="ar", phone=True)
    page.goto("/console/notices?tab=circulation")
    assert page.locator("html").get_attribute("dir") == "rtl"
    expect(page.get_by_role("heading", name="النشرات")).to_be_visible()
    _no_sideways_scroll(page, 360)
    assert serious_violations(page) == []
    shot(page, "notices-circulation-phone-ar", live.engine)
    page.context.close()
