"""What a sender gives (from the API, the CLI, a reply, a forward or a diffusion), and the
checks that need no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from concord.errors import ValidationFailedError

#: how long a recipient has to answer, by priority (SIRENE bureaux answer within 12 hours)
REPLY_WITHIN = {"immediate": timedelta(hours=2), "urgent": timedelta(hours=12)}
CRIME_AREAS = (
    "drugs",
    "firearms",
    "cybercrime",
    "financial_crime",
    "environmental_crime",
    "human_trafficking",
    "vehicle_crime",
    "cultural_property",
    "terrorism",
    "fugitives",
    "missing_persons",
    "organised_crime",
    "child_abuse",
    "other",
)


@dataclass
class Outgoing:
    """What a sender gives (from the API, the CLI, or a diffusion)."""

    subject: str
    body: str
    to: list[str] = field(default_factory=list)
    to_all: bool = False
    to_region: str | None = None
    case_id: str | None = None
    case_title: str | None = None
    crime_area: str = "other"
    priority: str = "routine"
    reply_by: datetime | None = None
    handling: str = "H0"
    handling_text: str | None = None
    reliability: str = "B"
    accuracy: int = 2
    references: list[dict[str, Any]] = field(default_factory=list)
    in_reply_to: str | None = None
    forwarded_from: str | None = None
    #: end-to-end: the content sealed by the client for each recipient address (hex), and
    #: the SHA-256 of the plaintext content the client sealed
    sealed: dict[str, str] | None = None
    content_sha256: str | None = None
    attachments: list[str] = field(default_factory=list)
    diffusion_id: str | None = None
    #: the mailbox the sender says it sends from (checked against the one it holds)
    sender: str | None = None


def check(out: Outgoing) -> None:
    if out.priority not in ("routine", "urgent", "immediate"):
        raise ValidationFailedError("priority: routine, urgent or immediate")
    if out.handling not in ("H0", "H1", "H2", "H3"):
        raise ValidationFailedError("handling: H0, H1, H2 or H3")
    if out.handling == "H3" and not (out.handling_text or "").strip():
        raise ValidationFailedError("handling_text: H3 (other restrictions) needs their text")
    if out.reliability not in ("A", "B", "C", "X"):
        raise ValidationFailedError("reliability: A, B, C or X")
    if out.accuracy not in (1, 2, 3, 4):
        raise ValidationFailedError("accuracy: 1, 2, 3 or 4")
