"""Person-level evidence: the name score combined with date of birth, nationality and sex.

The name score is moved in log-odds space: agreeing evidence adds, contradicting evidence
subtracts, by the amounts in :data:`ADJUSTMENTS` (documented in ``docs/matching.md``). Support
only counts in full for names that are at least a possible match: a shared birth date does not make
two different names the same person.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from concord.screening.names.compare import compare_any, compare_any_score
from concord.screening.names.model import POSSIBLE_THRESHOLD, Decision, Name, NameMatch, decide

__all__ = [
    "ADJUSTMENTS",
    "Evidence",
    "PersonProfile",
    "PersonScore",
    "person_score",
    "score_person",
]

#: Log-odds added to the name score per kind of evidence.
ADJUSTMENTS: dict[str, float] = {
    "birth_date:exact": 1.2,
    "birth_date:partial date agrees": 0.5,
    "birth_date:day/month swapped": 0.6,
    "birth_date:one-digit typo": 0.5,
    "birth_date:year +-1": 0.15,
    "birth_date:contradicts": -4.5,
    "nationality:shared": 0.3,
    "nationality:contradicts": -0.4,
    "sex:same": 0.1,
    "sex:contradicts": -0.5,
}
_LOGIT_CAP = 6.0


@dataclass(frozen=True)
class PersonProfile:
    names: tuple[Name, ...]
    birth_date: str | None = None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    nationalities: tuple[str, ...] = ()
    sex: str | None = None  # "M", "F", "X", "U"


@dataclass
class Evidence:
    field: str
    how: str
    detail: str


@dataclass
class PersonScore:
    score: float
    decision: Decision
    name: NameMatch
    evidence: list[Evidence] = field(default_factory=list)


def _date_parts(value: str) -> list[str]:
    return [p for p in value.strip()[:10].split("-") if p]


def compare_dates(a: str, b: str) -> str | None:
    """How two birth dates relate: a key of :data:`ADJUSTMENTS` without the field, or None when
    one is unusable."""
    pa, pb = _date_parts(a), _date_parts(b)
    if not pa or not pb or not all(p.isdigit() for p in pa + pb):
        return None
    if pa == pb:
        return "exact" if len(pa) == 3 else "partial date agrees"
    common = min(len(pa), len(pb))
    if len(pa) != len(pb) and pa[:common] == pb[:common]:
        return "partial date agrees"
    if len(pa) == 3 and len(pb) == 3:
        if pa[0] == pb[0] and pa[1] == pb[2] and pa[2] == pb[1]:
            return "day/month swapped"
        sa, sb = "".join(pa), "".join(pb)
        if len(sa) == len(sb) and sum(x != y for x, y in zip(sa, sb, strict=True)) == 1:
            return "one-digit typo"
    if pa[0] != pb[0] and len(pa[0]) == len(pb[0]) == 4:
        one_digit = sum(x != y for x, y in zip(pa[0], pb[0], strict=True)) == 1
        if one_digit and len(pa) == 3 and pa[1:] == pb[1:]:
            return "one-digit typo"
        if abs(int(pa[0]) - int(pb[0])) == 1:
            return "year +-1"
    return "contradicts"


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return max(-_LOGIT_CAP, min(_LOGIT_CAP, math.log(p / (1 - p))))


def _evidence(query: PersonProfile, candidate: PersonProfile) -> tuple[list[Evidence], bool]:
    """The evidence beside the names, and whether it is all identical (dates, nationalities,
    sex)."""
    evidence: list[Evidence] = []
    if query.birth_date and candidate.birth_date:
        how = compare_dates(query.birth_date, candidate.birth_date)
        if how is not None:
            detail = f"{query.birth_date} ~ {candidate.birth_date}"
            evidence.append(Evidence("birth_date", how, detail))
    q_nat = {n.lower() for n in query.nationalities if n}
    c_nat = {n.lower() for n in candidate.nationalities if n}
    if q_nat and c_nat:
        shared = q_nat & c_nat
        how = "shared" if shared else "contradicts"
        detail = ", ".join(sorted(shared)) if shared else f"{sorted(q_nat)} vs {sorted(c_nat)}"
        evidence.append(Evidence("nationality", how, detail))
    q_sex, c_sex = (query.sex or "U").upper(), (candidate.sex or "U").upper()
    if q_sex in ("M", "F") and c_sex in ("M", "F"):
        how = "same" if q_sex == c_sex else "contradicts"
        evidence.append(Evidence("sex", how, f"{q_sex} ~ {c_sex}"))
    same = query.birth_date == candidate.birth_date and q_nat == c_nat and q_sex == c_sex
    return evidence, same


def _combine(name_score: float, evidence: list[Evidence], same: bool) -> float:
    if name_score >= 1.0 and same:
        return 1.0
    # Support counts only for names that are at least possible on their own: a shared birth
    # date, nationality or sex never lifts a weak name (a shared given name) to a hit.
    support = 1.0 if name_score >= POSSIBLE_THRESHOLD else 0.0
    logit = _logit(min(name_score, 0.995))
    for item in evidence:
        delta = ADJUSTMENTS[f"{item.field}:{item.how}"]
        logit += delta * support if delta > 0 else delta
    return round(min(1 / (1 + math.exp(-logit)), 0.999), 4)


def score_person(query: PersonProfile, candidate: PersonProfile) -> PersonScore:
    """Score a candidate person against a query person: names first, then the other evidence."""
    name = compare_any(query.names, candidate.names)
    evidence, same = _evidence(query, candidate)
    score = _combine(name.score, evidence, same)
    return PersonScore(score, decide(score), name, evidence)


def person_score(query: PersonProfile, candidate: PersonProfile) -> float:
    """:func:`score_person`'s score alone, without explanations: the same number, cheaper (to
    rank candidates; the few hits returned are then explained with :func:`score_person`)."""
    name = compare_any_score(query.names, candidate.names)
    evidence, same = _evidence(query, candidate)
    return _combine(name, evidence, same)
