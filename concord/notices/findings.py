"""Runs the automated compliance checks on a stored request: gathers the subject's data and
the request's fields into a :class:`concord.notices.compliance.CheckInput`."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy.orm import Session

from concord.clock import now as clock_now
from concord.notices import compliance
from concord.notices.models import Notice
from concord.notices.query import subject_data
from concord.settings import Settings

_CHARGE_KEYS = ("charge", "penalty_years", "remaining_months", "convicted", "offence_date", "law")


def check_input(
    *,
    type: str,
    requesting_country: str,
    fields: dict[str, Any],
    subject: dict[str, Any] | None,
    today: Any = None,
    complete: bool = True,
) -> compliance.CheckInput:
    charges = tuple(
        compliance.Charge(**{k: c[k] for k in _CHARGE_KEYS if c.get(k) is not None})
        for c in fields.get("charges", [])
    )
    return compliance.CheckInput(
        type=type,
        requesting_country=requesting_country,
        charges=charges,
        circumstances=fields.get("circumstances"),
        subject=subject,
        fields=fields,
        today=today,
        complete=complete,
    )


def as_dicts(found: list[compliance.Finding]) -> list[dict[str, Any]]:
    return [asdict(f) for f in found]


def run(
    session: Session, notice: Notice, *, fields: dict[str, Any], settings: Settings
) -> list[dict[str, Any]]:
    request = check_input(
        type=notice.type,
        requesting_country=notice.requesting_country or "IPSG",
        fields=fields,
        subject=subject_data(session, notice),
        today=clock_now(settings).date(),
    )
    return as_dicts(compliance.check(request))
