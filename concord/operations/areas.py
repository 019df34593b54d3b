"""The fixed vocabularies of operations: crime areas, statuses and their transitions, the
participants' answers, and what may be a target."""

from __future__ import annotations

from enum import StrEnum

#: The crime areas an operation may target (a superset of messaging's case areas, so that the
#: operation's case is opened under the nearest case area: :data:`CASE_AREA`).
CRIME_AREAS: tuple[str, ...] = (
    "drugs",
    "firearms",
    "cybercrime",
    "financial_crime",
    "environmental_crime",
    "human_trafficking",
    "vehicle_crime",
    "cultural_property",
    "terrorism",
    "counterfeit_goods",
    "maritime_crime",
    "fugitives",
    "organised_crime",
    "child_abuse",
)

#: Messaging knows fewer areas; the operation's case uses this one.
CASE_AREA: dict[str, str] = {
    "counterfeit_goods": "organised_crime",
    "maritime_crime": "organised_crime",
}


class Status(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    CLOSED = "closed"


class Transition(StrEnum):
    START = "start"
    CLOSE = "close"


#: transition -> (the status it leaves, the status it reaches)
TRANSITIONS: dict[Transition, tuple[Status, Status]] = {
    Transition.START: (Status.PLANNED, Status.ACTIVE),
    Transition.CLOSE: (Status.ACTIVE, Status.CLOSED),
}


class Answer(StrEnum):
    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"


#: What may be linked to an operation as a target: the police databases' record types, or a
#: notice.
TARGET_KINDS: tuple[str, ...] = (
    "person",
    "vehicle",
    "document",
    "asset",
    "firearm",
    "artwork",
    "vessel",
    "notice",
)
