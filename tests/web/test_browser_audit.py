"""In a real browser: an auditor of the Secretariat searches the audit trail and presses
"Verify the chain", in English, French, Spanish and Arabic (right to left), and sees the
chain intact; an NCB admin creates a person and sees the authenticator secret once. No serious
accessibility violation on any page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.web.live import Live, serious_violations, shot

pytestmark = pytest.mark.browser
INTACT = {
    "en": "The chain is intact",
    "fr": "La chaîne est intacte",
    "es": "La cadena está intacta",
    "ar": "السلسلة سليمة",
}
VERIFY = {
    "en": "Verify the chain",
    "fr": "Vérifier la chaîne",
    "es": "Verificar la cadena",
    "ar": "التحقق من السلسلة",
}


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_search_the_trail_and_verify_the_chain(live: Live, lang: str) -> None:
    page = live.page("gs.auditor", lang=lang, phone=lang == "ar")
    page.goto("/console/audit")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    page.locator("#f-action").fill("notice.approve")
    page.locator("#f-outcome").select_option("ok")
    page.locator('form[role="search"] button[type="submit"]').click()
    rows = page.locator("tbody tr")
    expect(rows.first).to_be_visible()
    assert "notice.approve" in rows.first.inner_text()
    assert serious_violations(page) == []
    if lang == "ar":
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, f"audit-search-{lang}", live.engine)
    rows.first.locator("a").click()
    expect(page.locator("pre.payload")).to_be_visible()
    assert serious_violations(page) == []
    page.go_back()
    page.get_by_role("button", name=VERIFY[lang]).click()
    result = page.locator("#verify-result")
    expect(result).to_be_visible()
    expect(result).to_contain_text(INTACT[lang])
    assert "notice" in (result.get_attribute("class") or "")
    assert serious_violations(page) == []
    shot(page, f"audit-verified-{lang}", live.engine)
    page.context.close()


def test_an_ncb_admin_creates_a_person_and_sees_the_secret_once(live: Live) -> None:
    page = live.page("fr.admin")
    page.goto("/console/admin")
    assert serious_violations(page) == []
    shot(page, "admin-people-en", live.engine)
    page.get_by_label("Username (lower case, digits, . _ -)").fill("fr.browser.operator")
    page.get_by_label("Full name").fill("Camille Navigateur")
    page.get_by_label("Role").select_option("ncb_operator")
    page.get_by_label("Initial password (at least 12 characters)").fill("a long enough password")
    page.get_by_role("button", name="Create", exact=True).click()
    secret = page.locator("#totp-secret")
    expect(secret).to_be_visible()
    assert len(secret.inner_text().strip()) >= 16
    expect(page.locator("#totp-uri")).to_contain_text("otpauth://totp/")
    assert serious_violations(page) == []
    shot(page, "admin-user-created-secret-en", live.engine)
    value = secret.inner_text().strip()
    page.get_by_role("link", name="Done").click()
    expect(page.get_by_role("heading", name="fr.browser.operator")).to_be_visible()
    assert value not in page.content()
    assert serious_violations(page) == []
    page.goto("/console/admin/agencies")
    assert serious_violations(page) == []
    page.goto("/console/admin/services")
    assert serious_violations(page) == []
    page.context.close()
