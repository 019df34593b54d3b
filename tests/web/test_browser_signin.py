"""In a real browser: sign in with TOTP, the sign-in page in every language (Arabic right to
left), on a phone and a desktop, with no serious accessibility violation."""

from __future__ import annotations

import pytest

from tests.web.live import Live, serious_violations, shot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_sign_in_page_in_each_language(live: Live, lang: str, phone: bool) -> None:
    ctx = live.context(lang=lang, phone=phone)
    page = ctx.new_page()
    page.goto("/")
    html = page.locator("html")
    assert html.get_attribute("lang") == lang
    assert html.get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert page.locator('a[href="/public/"]').count() >= 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= (360 if phone else 1280), "the page scrolls sideways"
    shot(page, f"signin-{lang}-{'phone' if phone else 'desktop'}", live.engine)
    assert serious_violations(page) == []
    ctx.close()


def test_sign_in_with_totp_and_out(live: Live) -> None:
    ctx = live.context()
    page = ctx.new_page()
    live.sign_in(page, "fr.operator")
    assert page.get_by_role("heading", name="Home").is_visible()
    shot(page, "home-fr-operator", live.engine)
    page.locator("details.account summary").click()
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.wait_for_url("**/?done=signed_out")
    page.goto("/console/")
    assert "/?next=/console/" in page.url
    ctx.close()


def test_language_menu_switches_to_arabic(live: Live) -> None:
    ctx = live.context(lang="en-GB")
    page = ctx.new_page()
    page.goto("/")
    page.get_by_role("link", name="العربية").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", name="تسجيل الدخول").is_visible()
    ctx.close()
