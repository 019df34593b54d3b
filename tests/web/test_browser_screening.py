"""In a real browser: screen the demo traveller's stolen passport by its MRZ and see the hit
(in every language, on a desktop and a phone), and screen a passenger list with the upload's
progress bar and a download of the result."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from concord.demo.screening import passport_and_holder, travellers
from tests.web.live import Live, serious_violations, shot

pytestmark = pytest.mark.browser

STOLEN = {"en": "Travel document", "fr": "Document de voyage", "es": "Documento de viaje"}
STOLEN["ar"] = "وثيقة سفر"
RED = {"en": "Red Notice", "fr": "Notice rouge", "es": "Notificación roja", "ar": "النشرة الحمراء"}


def _demo(live: Live) -> tuple[str, str]:
    with live.db.session() as s:
        mrz = str(travellers(s)[0].query["mrz"])
        found = passport_and_holder(s)
        assert found is not None
        return mrz, found[0].id


@pytest.mark.parametrize(
    ("lang", "phone"),
    [("en", False), ("en", True), ("ar", False), ("ar", True), ("fr", False), ("es", False)],
    ids=["en-desktop", "en-phone", "ar-desktop", "ar-phone", "fr-desktop", "es-desktop"],
)
def test_screen_the_stolen_passport_mrz(live: Live, lang: str, phone: bool) -> None:
    mrz, document_id = _demo(live)
    page = live.page("fr.operator", lang=lang, phone=phone)
    page.goto("/console/screen")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    page.locator("#mrz").fill(mrz)
    page.locator("form.screen-form button[type=submit]").click()
    hit = page.locator(".hit").filter(has=page.locator(f'a[href="/console/records/{document_id}"]'))
    expect(hit).to_be_visible()
    expect(hit.locator(".badge.match")).to_be_visible()
    expect(hit).to_contain_text(STOLEN[lang])
    expect(hit.locator(".notice-hit")).to_contain_text(RED[lang])
    expect(page.locator(".hit mark").first).to_be_visible()  # the holder's matched name
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= (360 if phone else 1280), "the page scrolls sideways"
    shot(page, f"screening-mrz-{lang}-{'phone' if phone else 'desktop'}", live.engine)
    assert serious_violations(page) == []
    page.context.close()


def test_a_bad_mrz_is_refused_inline(live: Live) -> None:
    mrz, _ = _demo(live)
    page = live.page("fr.operator")
    page.goto("/console/screen")
    page.locator("#mrz").fill(mrz[:-1] + ("0" if mrz[-1] != "0" else "1"))
    page.locator("form.screen-form button[type=submit]").click()
    expect(page.locator("#mrz-error")).to_contain_text("check digit wrong")
    expect(page.locator("#mrz")).to_have_attribute("aria-invalid", "true")
    shot(page, "screening-bad-mrz-en-desktop", live.engine)
    assert serious_violations(page) == []
    page.context.close()


def test_batch_screening_with_progress_and_download(live: Live) -> None:
    mrz, document_id = _demo(live)
    rows = ["name,dob,mrz,reference"]
    rows += [f"Traveller {i},1980,,pax-{i}" for i in range(1, 40)]
    rows.append('"","","' + mrz + '",stolen-passport')
    page = live.page("fr.operator")
    page.goto("/console/screen/batch")
    assert serious_violations(page) == []
    sent: list[dict[str, str]] = []
    page.on(
        "request",
        lambda r: sent.append(r.headers) if r.method == "POST" and "/batch" in r.url else None,
    )
    page.locator("#file").set_input_files(
        {"name": "passengers.csv", "mimeType": "text/csv", "buffer": "\n".join(rows).encode()}
    )
    page.locator("form[data-upload] button[type=submit]").click()
    page.wait_for_url("**/console/screen/batch/*")
    assert sent and "x-csrf-token" in sent[0]  # posted by the progress-bar upload (XHR)
    expect(page.locator("table")).to_contain_text("stolen-passport")
    shot(page, "screening-batch-result-en-desktop", live.engine)
    assert serious_violations(page) == []
    with page.expect_download() as download:
        page.locator("a[download]").click()
    assert download.value.suggested_filename == "passengers-hits.csv"
    content = Path(download.value.path()).read_text(encoding="utf-8")
    assert document_id in content and "stolen-passport" in content
    page.context.close()
