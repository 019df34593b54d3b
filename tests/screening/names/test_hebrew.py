"""Hebrew: letters with a geresh (ג' j, צ' ch, ז' zh, ח' kh), however the mark is typed, and a
vav between consonants read as v as well as a vowel (דוד David)."""

from __future__ import annotations

import pytest

from concord.screening.names import Decision, compare_texts
from concord.screening.names.translit import split_words


@pytest.mark.parametrize("mark", ["'", "\u05f3", "\u2019"])
def test_a_geresh_gives_the_sound_hebrew_lacks(mark: str) -> None:
    assert [t for t, _, _ in split_words(f"ג{mark}מאל")] == ["jml"]
    assert [t for t, _, _ in split_words(f"צ{mark}ילה")] == ["chylh"]
    assert [t for t, _, _ in split_words(f"ח{mark}סאונה")] == ["khswnh"]
    assert [t for t, _, _ in split_words("גמאל")] == ["gml"]  # no geresh: g


@pytest.mark.parametrize(
    ("latin", "hebrew"),
    [("Jamal", "ג'מאל"), ("Najib", "נג'יב"), ("Khasawneh", "ח'סאונה"), ("David", "דוד"),
     ("David Cohen", "דוד כהן"), ("Yosef", "יוסף")],
)  # fmt: skip
def test_hebrew_spellings_match(latin: str, hebrew: str) -> None:
    assert compare_texts(latin, hebrew).decision == Decision.MATCH


def test_other_names_do_not() -> None:
    assert compare_texts("David", "דן").decision == Decision.NO
    assert compare_texts("Jamal", "גמליאל").decision == Decision.NO
