"""Person-level scoring: the name combined with date of birth, nationality and sex."""

from __future__ import annotations

import pytest

from concord.screening.names import Decision, PersonProfile, analyze, score_person
from concord.screening.names.person import compare_dates


def person(
    name: str, born: str | None = None, nat: tuple[str, ...] = (), sex: str | None = None
) -> PersonProfile:
    return PersonProfile(names=(analyze(name),), birth_date=born, nationalities=nat, sex=sex)


@pytest.mark.parametrize(
    ("a", "b", "how"),
    [
        ("1980-03-04", "1980-03-04", "exact"),
        ("1980", "1980-03-04", "partial date agrees"),
        ("1980-03", "1980-03-04", "partial date agrees"),
        ("1980-03-04", "1980-04-03", "day/month swapped"),
        ("1980-03-04", "1980-03-14", "one-digit typo"),
        ("1980-03-04", "1981-03-04", "one-digit typo"),
        ("1980-03-04", "1979-06-30", "year +-1"),
        ("1980-03-04", "1965-11-20", "contradicts"),
        ("1980", "1990", "contradicts"),
    ],
)
def test_compare_dates(a: str, b: str, how: str) -> None:
    assert compare_dates(a, b) == how


def test_identical_everything_is_one() -> None:
    a = person("Ivan Petrov", "1970-01-02", ("ru",), "M")
    assert score_person(a, a).score == 1.0


def test_birth_date_evidence_orders_candidates() -> None:
    query = person("Ivan Petrov", "1970-01-02")
    exact = score_person(query, person("IVAN PETROV", "1970-01-02")).score
    swapped = score_person(query, person("IVAN PETROV", "1970-02-01")).score
    year = score_person(query, person("IVAN PETROV", "1970")).score
    near = score_person(query, person("IVAN PETROV", "1971-05-05")).score
    none = score_person(query, person("IVAN PETROV")).score
    wrong = score_person(query, person("IVAN PETROV", "1952-07-30"))
    assert exact > swapped > year > near > none > wrong.score
    assert exact < 1.0
    assert wrong.decision != Decision.MATCH
    assert wrong.evidence[0].how == "contradicts"


def test_nationality_and_sex_are_mild() -> None:
    query = person("Ivan Petrov", nat=("ru",), sex="M")
    same = score_person(query, person("Ivan Petrov", nat=("ru", "by"), sex="M"))
    other = score_person(query, person("Ivan Petrov", nat=("ua",), sex="F"))
    assert same.score > other.score
    assert {e.field for e in other.evidence} == {"nationality", "sex"}
    assert other.score > 0.5  # mild: a name match is not wiped out


def test_a_shared_birth_date_does_not_make_different_names_a_match() -> None:
    query = person("Mohammed Ali", "1980-01-01", ("sy",), "M")
    result = score_person(query, person("Mohammed Hassan", "1980-01-01", ("sy",), "M"))
    assert result.decision == Decision.NO


def test_best_alias_is_used() -> None:
    query = PersonProfile(names=(analyze("Abu Bakr al-Baghdadi"),), birth_date="1971")
    candidate = PersonProfile(
        names=(analyze("Ibrahim Awad al-Badri"), analyze("Abubakr al Baghdadi")),
        birth_date="1971-07-28",
    )
    result = score_person(query, candidate)
    assert result.decision == Decision.MATCH
    assert result.evidence[0].detail == "1971 ~ 1971-07-28"
