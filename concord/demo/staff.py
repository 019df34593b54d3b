"""Demo staff of the General Secretariat: a few hundred deterministic staff records (from the
seed) over the twelve years up to the demo's year, from many member countries, entered by the
Secretariat's system actor (``gs_admin``) through the staff service, so that the diversity
reports and the annual report have something to show. Nationality, grade and dates only."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from concord.bootstrap import system_principal
from concord.clock import now as clock_now
from concord.members.models import Country
from concord.settings import Settings
from concord.stats import staff
from concord.stats.schemas import StaffIn

COUNT = 320
YEARS = 12
GRADES = ("G3", "G4", "G5", "G6", "P2", "P3", "P4", "P5", "D1", "D2")
GRADE_WEIGHTS = (6, 9, 10, 6, 8, 12, 9, 5, 2, 1)
#: The host country and large contributors send more staff (weights for random.choices).
HEAVY = {"FR": 40, "US": 8, "GB": 8, "DE": 7, "ES": 6, "IT": 6, "SG": 6, "AR": 5, "CI": 5}


def load_staff(session: Session, settings: Settings, seed: int) -> int:
    """Create the demo staff records; returns how many."""
    rng = random.Random(f"staff-{seed}")  # noqa: S311 - reproducible demo data, not secrets
    today = clock_now(settings).date()
    first = date(today.year - YEARS, 1, 1)
    codes = sorted(session.execute(select(Country.code)).scalars())
    weights = [HEAVY.get(c, 1) for c in codes]
    system = system_principal(session)
    span = (today - first).days
    for _ in range(COUNT):
        start = first + timedelta(days=rng.randrange(span))
        end = None
        if rng.random() < 0.4:
            end = start + timedelta(days=rng.randrange(180, 8 * 365))
            end = None if end >= today else end
        staff.create(
            session,
            system,
            StaffIn(
                nationality=rng.choices(codes, weights)[0],
                grade=rng.choices(GRADES, GRADE_WEIGHTS)[0],
                start_date=start,
                end_date=end,
            ),
        )
    return COUNT
