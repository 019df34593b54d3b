"""Honorifics and degrees are not name parts: dropped at the head (and degrees at the end) of
a person's name, never where they may be a name."""

from __future__ import annotations

import pytest

from concord.screening.names import Decision, analyze, compare_texts


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("pani Kamila Pilich", ("kamila", "pilich")),
        ("Sig.ra Anna Rossi", ("anna", "rossi")),
        ("Dott.ssa Anna Rossi", ("anna", "rossi")),
        ("Dipl.-Ing. Rosalia Noack MBA.", ("rosalia", "noack")),
        ("Univ.Prof. Hans Meier B.Sc.", ("hans", "meier")),
        ("Ing. Liane Wieloch B.A.", ("liane", "wieloch")),
        ("Öğr. Gör. Ali Akçay", ("ali", "akcay")),
        ("Sr. Luiz Costa", ("luiz", "costa")),
        ("Srta. Ana Rocha", ("ana", "rocha")),
        ("الأستاذة ميرا الكواهلة", ("myra", "al", "kwahla")),
        ("الدكتور رجاء طه", ("rja", "th")),
        ("пан Федір Габелко", ("fedir", "gabelko")),
        ("श्रीमती सीता शर्मा", ("sita", "sarma")),
    ],
)
def test_leading_honorifics_and_trailing_degrees_are_dropped(
    text: str, tokens: tuple[str, ...]
) -> None:
    assert analyze(text).tokens == tokens


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Pan Wei", ("pan", "wei")),  # a Chinese family name, not the Polish ``pan``
        ("Sayed Ali", ("sayed", "ali")),
        ("Ahmed El Sayed", ("ahmed", "el", "sayed")),
        ("Anna B A", ("anna", "b", "a")),  # initials, not a degree: too short a name
        ("Sr.", ("sr",)),  # never stripped to nothing
    ],
)
def test_names_that_look_like_titles_are_kept(text: str, tokens: tuple[str, ...]) -> None:
    assert analyze(text).tokens == tokens


def test_a_title_does_not_make_or_break_a_match() -> None:
    assert compare_texts("pani Kamila Pilich", "Kamila Pilich").score >= 0.99
    assert compare_texts("Scott Bryan", "الأستاذة بوران مطير").decision == Decision.NO
