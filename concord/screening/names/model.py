"""The matcher's data types: an analysed :class:`Name`, the result of a comparison, decisions.

The thresholds are declared here (and documented in ``docs/matching.md``); they are not tuned per
test or per caller.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

__all__ = [
    "MATCH_THRESHOLD",
    "POSSIBLE_THRESHOLD",
    "Decision",
    "Name",
    "NameMatch",
    "PartMatch",
    "Unit",
    "decide",
]

#: A score at or above this is a ``match``: an officer should treat the hit as the same person.
MATCH_THRESHOLD: float = 0.80
#: A score at or above this (and below :data:`MATCH_THRESHOLD`) is ``possible``: review it.
POSSIBLE_THRESHOLD: float = 0.62


class Decision(StrEnum):
    MATCH = "match"
    POSSIBLE = "possible"
    NO = "no"


def decide(score: float) -> Decision:
    if score >= MATCH_THRESHOLD:
        return Decision.MATCH
    if score >= POSSIBLE_THRESHOLD:
        return Decision.POSSIBLE
    return Decision.NO


class Unit(NamedTuple):
    """One comparable part of a name (a token, or adjacent tokens run together) and its
    precomputed features."""

    token: str  # Latin ASCII lowercase
    phonetic: str  # strict phonetic code (metaphone)
    skeleton: str  # consonant skeleton, for comparisons across scripts
    weight: float  # how much the part identifies someone (generic words weigh less)
    groups: frozenset[str]  # name groups (nicknames, equivalent forms in other languages)
    translit: bool  # transliterated from a non-Latin script
    form: str  # as originally written (before transliteration)


@dataclass(frozen=True, slots=True)
class Name:
    """An analysed name: Latin ASCII lowercase tokens plus what comparing them needs.

    ``tokens``, ``keys`` and ``text`` are the public interface; ``units`` holds the per-token
    features precomputed by :func:`~concord.screening.names.analyze` so that a comparison does no
    string work beyond rapidfuzz calls.
    """

    original: str
    schema: str
    tokens: tuple[str, ...]
    keys: frozenset[str]
    text: str
    #: ``person``, ``org`` or ``object`` (from the schema).
    kind: str = field(default="person", compare=False, repr=False)
    units: tuple[Unit, ...] = field(default=(), compare=False, repr=False)
    #: Persons: the generation suffix (``jr``, ``sr``, ``2``...) or ``""`` (precomputed).
    generation: str | None = field(default=None, compare=False, repr=False)


@dataclass
class PartMatch:
    """How one part of the query was matched (or not) in the candidate.

    ``how`` is one of ``exact``, ``transliterated``, ``phonetic``, ``fuzzy``, ``initial``,
    ``nickname``, ``reordered``, ``missing`` (query part absent from the candidate) or
    ``extra`` (candidate part absent from the query).
    """

    query: str
    candidate: str
    how: str
    score: float

    def describe(self) -> str:
        if self.how == "missing":
            return f"{self.query} missing from candidate (missing)"
        if self.how == "extra":
            return f"{self.candidate} not in query (extra)"
        if self.how == "reordered":
            return "order differs (reordered)"
        sign = "=" if self.how in ("exact", "transliterated", "nickname") else "~"
        return f"{self.query} {sign} {self.candidate} ({self.how})"


@dataclass
class NameMatch:
    """The result of comparing two names: a calibrated score in [0, 1], its decision, and the
    part-by-part evidence."""

    score: float
    decision: Decision
    parts: list[PartMatch] = field(default_factory=list)

    def explain(self) -> str:
        return "; ".join(p.describe() for p in self.parts) or "nothing in common"
