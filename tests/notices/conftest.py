"""Fixtures of the public notices API tests: person records and notices written straight through
the ORM in any state, independent of the workflow service."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from concord.clock import now as clock_now
from concord.notices.models import Notice, NoticeRecord
from concord.notices.service import bump_generation
from concord.records import service as records
from concord.settings import Settings
from tests.factories import Actors

PUBLIC_PERSON: dict[str, Any] = {
    "names": [{"given": "Ivan", "family": "Petrov", "kind": "primary"}],
    "birth_date": "1980-05-17",
    "birth_place": "Tver",
    "birth_country": "RU",
    "sex": "M",
    "nationalities": ["RU"],
    "languages": ["rus", "fra"],
    "identifiers": [{"scheme": "passport", "value": "PX7788991", "country": "RU"}],
    "description": {
        "height_cm": 182,
        "weight_kg": 85,
        "eyes": "brown",
        "hair": "dark brown",
        "marks": "Scar on the left cheek",
    },
    "photos": ["fr-photo-001", "fr-photo-002"],
}

PUBLIC_RED_FIELDS: dict[str, Any] = {
    "charges": [
        {
            "charge": "Meurtre en bande organisée",
            "charge_translation": {"en": "Murder by an organised gang"},
            "penalty_years": 30,
        },
        {"charge": "Trafic de stupéfiants", "issuing_country": "BE", "penalty_years": 10},
    ],
    "circumstances": "CONFIDENTIAL-CIRCUMSTANCES the subject shot two people in Lyon",
    "warrant": {"reference": "WARRANT-REF-0001", "issued_by": "Tribunal judiciaire de Lyon"},
}


class PublicWorld:
    """Writes person records and notices for the public API tests."""

    def __init__(self, session: Session, actors: Actors, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.owners = {cc: actors.make("ncb_operator", cc).principal for cc in ("FR", "EG")}
        self.numbers = itertools.count(1)

    def person(self, country: str = "FR", **changes: Any) -> str:
        row = records.create(
            self.session,
            self.owners[country],
            records.RecordInput(type="person", data=PUBLIC_PERSON | changes),
            settings=self.settings,
        )
        return row.id

    def notice(
        self,
        type_: str = "red",
        *,
        subject_id: str | None = None,
        status: str = "published",
        public: bool = True,
        fields: dict[str, Any] | None = None,
        language: str = "fr",
        country: str | None = "FR",
        expires_in: timedelta = timedelta(days=365),
        published_ago: timedelta | None = None,
    ) -> Notice:
        """A notice in ``status``; ``subject_id`` defaults to a new person record."""
        if subject_id is None and not (fields or {}).get("entity"):
            subject_id = self.person()
        n = next(self.numbers)
        now = clock_now(self.settings)
        published = now - (published_ago or timedelta(minutes=n))
        notice = Notice(
            type=type_,
            status=status,
            requesting_country=country,
            created_by="test",
            language=language,
            subject_id=subject_id,
            title=f"Public API test notice {n}",
            data=PUBLIC_RED_FIELDS if fields is None else fields,
            public=public,
            entity_id=f"{now.year}/{n:05d}",
            findings=[{"rule": "data-quality", "severity": "info", "reason": "SECRET-FINDING"}],
            pending=None,
            version=1,
            created_at=published,
            updated_at=published,
            submitted_at=published,
            published_at=published,
            expires_at=now + expires_in,
        )
        self.session.add(notice)
        self.session.flush()
        if subject_id is not None:
            self.session.add(NoticeRecord(notice_id=notice.id, record_id=subject_id))
        self.changed()
        return notice

    def changed(self) -> None:
        """What the notices service does with every change: bump the public generation."""
        bump_generation(self.session)
        self.session.flush()


@pytest.fixture
def public_world(session: Session, actors: Actors, settings: Settings) -> PublicWorld:
    return PublicWorld(session, actors, settings)
