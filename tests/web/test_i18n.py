"""Languages: complete catalogues, the explicit choice before the browser's Accept-Language,
right-to-left Arabic, localised dates."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from concord.web import i18n
from concord.web.templating import environment


@pytest.mark.parametrize("code", ["fr", "es", "ar"])
def test_every_message_of_the_console_is_translated(code: str) -> None:
    used = i18n.source_messages()
    assert len(used) > 20
    assert i18n.missing(code) == {}, "run `scripts/i18n missing` and translate"


def test_the_catalogues_translate_nothing_unused() -> None:
    used = set(i18n.source_messages())
    for code in ("fr", "es", "ar"):
        stale = {m.id for m in i18n.catalogue(code) if m.id and m.id not in used}
        assert stale == set(), f"{code}: entries no page uses"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr-FR,fr;q=0.9,en;q=0.8", "fr"),
        ("es-MX", "es"),
        ("ar-EG,ar;q=0.9", "ar"),
        ("de-DE,de;q=0.9", "en"),
        ("de;q=1.0, es;q=0.5", "es"),
        ("en;q=0.1, fr;q=0.9", "fr"),
        ("", "en"),
        ("*", "en"),
        ("fr;q=abc", "en"),
    ],
)
def test_accept_language(header: str, expected: str) -> None:
    assert i18n.from_header(header) == expected


def test_explicit_choice_beats_the_browser(web: TestClient) -> None:
    page = web.get("/", headers={"Accept-Language": "fr-FR"})
    assert '<html lang="fr" dir="ltr">' in page.text
    assert "Connexion" in page.text
    chosen = web.get("/lang/ar?next=/", headers={"Accept-Language": "fr-FR"})
    assert chosen.status_code == 303
    page = web.get("/", headers={"Accept-Language": "fr-FR"})
    assert '<html lang="ar" dir="rtl">' in page.text
    assert "تسجيل الدخول" in page.text
    assert page.headers["content-language"] == "ar"


def test_unknown_language_is_ignored(web: TestClient) -> None:
    web.get("/lang/xx?next=/")
    assert web.get("/", headers={"Accept-Language": "es"}).headers["content-language"] == "es"


def test_dates_and_numbers_are_localised() -> None:
    day = date(2026, 11, 27)
    fr = environment("fr").from_string(
        "{{ d | fdate('long') }} {{ n | fnumber }} {{ c | country }}"
    )
    assert fr.render(d=day, n=12345.5, c="DE") == "27 novembre 2026 12\u202f345,5 Allemagne"
    ar = environment("ar").from_string("{{ c | country }}")
    assert ar.render(c="FR") == "فرنسا"
