"""The Arabic article: split off a name written with it (ال, alif lam), not off a name that
begins with another alif (أل: أليخين Alekhine) or in Hebrew (אליהו Eliyahu); and across
scripts an article is like nothing but an article."""

from __future__ import annotations

import pytest

from concord.screening.names import Decision, compare_texts
from concord.screening.names.translit import split_words


def test_the_article_is_split_off_only_where_it_is_written() -> None:
    assert [t for t, _, _ in split_words("الظواهري")] == ["al", "zwahry"]
    assert [t for t, _, _ in split_words("أليخين")] == ["alykhyn"]
    assert [t for t, _, _ in split_words("إليزي")] == ["alyzy"]
    assert [t for t, _, _ in split_words("אליהו")] == ["lyhw"]


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [("Beyram Alekhine", "بيرم أليخين"), ("Alessio Churg", "أليسيو شيرغ"),
     ("Ayman al-Zawahiri", "أيمن الظواهري")],
)  # fmt: skip
def test_names_beginning_with_al_still_match(latin: str, arabic: str) -> None:
    assert compare_texts(latin, arabic).decision != Decision.NO


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [("Joseph Valette", "صهيب الشرفاء"), ("Taylor Bray", "بيسان الوعري"),
     ("Lara Nogueira", "صبور بنو النجار"), ("Allana da Mata", "المهندسة ماذى النمري")],
)  # fmt: skip
def test_an_article_is_no_name(latin: str, arabic: str) -> None:
    # were possible: valette = al, taylor = al, lara = al, allana = al
    assert compare_texts(latin, arabic).decision == Decision.NO
