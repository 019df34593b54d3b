"""In a real browser: browse my country's records, create a person record (an inline error
first, then fixed), and import a file with an error report."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.web.live import Live, serious_violations, shot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("lang", "phone"), [("en", False), ("ar", True)], ids=["en", "ar-phone"])
def test_create_a_person_with_an_inline_error_then_fixed(
    live: Live, lang: str, phone: bool
) -> None:
    page = live.page("fr.operator", lang=lang, phone=phone)
    page.goto("/console/records")
    expect(page.locator("table")).to_be_visible()
    assert serious_violations(page) == []
    shot(page, f"records-list-{lang}-{'phone' if phone else 'desktop'}", live.engine)
    page.goto("/console/records/new?type=person")
    page.locator("#f-given").fill("Amélie")
    page.locator("#f-family").fill(f"Navigateur-{lang}")
    page.locator("#f-birth_date").fill("1990-02-30")
    page.locator("#f-nationalities").fill("FR")
    page.locator("form.record-form button[type=submit]").click()
    expect(page.locator("#birth_date-error")).to_be_visible()
    expect(page.locator("#f-birth_date")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#f-family")).to_have_value(f"Navigateur-{lang}")
    shot(page, f"records-new-error-{lang}-{'phone' if phone else 'desktop'}", live.engine)
    assert serious_violations(page) == []
    page.locator("#f-birth_date").fill("1990-02-28")
    page.locator("form.record-form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text(f"Amélie Navigateur-{lang} (1990-02-28)")
    expect(page.locator("p.notice[role=status]")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= (360 if phone else 1280), "the page scrolls sideways"
    shot(page, f"records-detail-{lang}-{'phone' if phone else 'desktop'}", live.engine)
    assert serious_violations(page) == []
    page.context.close()


def test_import_a_file_with_progress_and_an_error_report(live: Live) -> None:
    page = live.page("fr.operator")
    page.goto("/console/records/import")
    assert serious_violations(page) == []
    csv = (
        "owner_ref,number,country,document_type,status\n"
        "WEB-IMP-1,16CD12345,FR,passport,stolen\n"
        "WEB-IMP-2,16CD12346,ZZ,passport,stolen\n"
    )
    page.locator("#file").set_input_files(
        {"name": "documents.csv", "mimeType": "text/csv", "buffer": csv.encode()}
    )
    page.locator("#type").select_option("document")
    page.locator("form[data-upload] button[type=submit]").click()
    page.wait_for_url("**/console/records/import/*")
    expect(page.locator("table")).to_contain_text("WEB-IMP-2")
    shot(page, "records-import-report-en-desktop", live.engine)
    assert serious_violations(page) == []
    with page.expect_download() as download:
        page.locator("a[download]").click()
    assert download.value.suggested_filename == "import-errors.csv"
    page.context.close()
