"""A small world of dated facts for the statistics tests, written straight through the ORM (and
the audit queue, for searches) so that each test knows exactly what it counts: searches and hits,
notices published, refused and withdrawn, messages and their deliveries, operations and their
results, all on chosen days of 2019-2020 (no other test writes there)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from concord.audit import service as audit
from concord.auth.principal import Principal
from concord.messaging.models import Case, Delivery, Mailbox, Message
from concord.notices.models import Notice, NoticeEvent
from concord.operations.models import (
    Operation,
    OperationParticipant,
    OperationReport,
    OperationReportVersion,
)
from concord.screening.models import ScreeningHit
from tests.cli.conftest import cli, dev_settings  # noqa: F401 - CLI fixtures
from tests.factories import Actors
from tests.web.conftest import signed_in, web  # noqa: F401 - console fixtures

_n = itertools.count(1)


def at(day: str, hour: int = 12) -> datetime:
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), UTC).replace(hour=hour)


class World:
    def __init__(self, session: Session, actors: Actors) -> None:
        self.session = session
        self.screeners = {
            cc: actors.make("ncb_operator", cc).principal for cc in ("FR", "DE", "NG")
        }
        self.boxes: dict[str | None, Mailbox] = {}

    # searches -----------------------------------------------------------------------------
    def search(self, country: str, day: str, *, hits: int = 0, owner: str = "DE") -> str:
        p = self.screeners[country]
        ev = audit.event(
            actor=p, action="screening.query", object_type="screening", object_id=f"scr{next(_n)}"
        )
        ev.at = at(day)
        audit.queue(self.session, [ev])
        for _ in range(hits):
            self.session.add(
                ScreeningHit(
                    screening_id=str(ev.object_id),
                    created_at=at(day),
                    account_id=p.account_id,
                    screener_country=country,
                    purpose="border_control",
                    record_id=f"rec{next(_n)}",
                    record_type="document",
                    owner=owner,
                    score=1.0,
                    decision="match",
                    traveller="0" * 64,
                    explanation={},
                    alert=True,
                    status="open",
                )
            )
        return str(ev.object_id)

    # notices ------------------------------------------------------------------------------
    def notice(
        self,
        type_: str,
        country: str | None,
        *,
        published: str | None = None,
        expires: str = "2030-01-01",
        status: str = "published",
        refused: str | None = None,
        left: str | None = None,
    ) -> Notice:
        created = at(published or refused or "2019-01-01", 8)
        n = Notice(
            type=type_,
            status=status,
            requesting_country=country,
            created_by="test",
            language="en",
            title=f"Stats test notice {next(_n)}",
            data={},
            public=False,
            findings=[],
            version=1,
            created_at=created,
            updated_at=created,
            published_at=at(published) if published else None,
            expires_at=at(expires) if published else None,
            refusal_ground="art3" if refused else None,
        )
        self.session.add(n)
        self.session.flush()
        if refused:
            self._event(n, "refuse", "under_review", "refused", refused)
        if left:
            self._event(n, "cancel", "published", status, left)
        return n

    def _event(self, n: Notice, action: str, src: str, dst: str, day: str) -> None:
        self.session.add(
            NoticeEvent(
                notice_id=n.id,
                at=at(day),
                actor_id="test",
                action=action,
                from_status=src,
                to_status=dst,
            )
        )

    # messages -----------------------------------------------------------------------------
    def box(self, country: str | None) -> Mailbox:
        if country not in self.boxes:
            address = country or "IPSG"
            box = Mailbox(
                address=f"stats-{address}-{next(_n)}",
                kind="ncb" if country else "secretariat",
                country=country,
                name=address,
                signing_public="0" * 64,
                created_at=at("2019-01-01"),
            )
            self.session.add(box)
            self.session.flush()
            self.boxes[country] = box
        return self.boxes[country]

    def message(self, sender: str | None, to: list[str | None], day: str) -> str:
        case = Case(
            reference=f"ST-{next(_n)}",
            title="stats",
            crime_area="drugs",
            created_by=self.box(sender).id,
            created_at=at(day),
            updated_at=at(day),
        )
        self.session.add(case)
        self.session.flush()
        m = Message(
            case_id=case.id,
            sender_id=self.box(sender).id,
            account_id="test",
            created_at=at(day),
            priority="routine",
            handling="H0",
            reliability="A",
            accuracy=1,
            mode="server",
            content=b"SECRET-BODY",
            record_ids=[],
            statement=b"s",
            signature=b"s",
            signing_version=1,
        )
        self.session.add(m)
        self.session.flush()
        for cc in to:
            self.session.add(
                Delivery(message_id=m.id, mailbox_id=self.box(cc).id, state="sent", sent_at=at(day))
            )
        return m.id

    # operations ---------------------------------------------------------------------------
    def operation(
        self,
        area: str,
        start: str,
        results: dict[str, dict[str, Any]],
        *,
        lead: str | None = None,
        declined: tuple[str, ...] = (),
    ) -> Operation:
        op = Operation(
            code_name=f"STATS {next(_n)}",
            crime_area=area,
            start_date=date.fromisoformat(start),
            end_date=date.fromisoformat(start),
            coordinating_unit="test",
            lead_country=lead,
            objectives="test",
            status="closed",
            created_by="test",
            created_at=at(start),
            updated_at=at(start),
        )
        self.session.add(op)
        self.session.flush()
        for cc in [*results, *declined]:
            if cc == "IPSG":
                continue
            self.session.add(
                OperationParticipant(
                    operation_id=op.id,
                    country=cc,
                    status="declined" if cc in declined else "accepted",
                    invited_at=at(start),
                    invited_by="test",
                )
            )
        for cc, values in results.items():
            report = OperationReport(
                operation_id=op.id,
                country=cc,
                version=2,
                created_at=at(start),
                updated_at=at(start),
            )
            self.session.add(report)
            self.session.flush()
            for version in (1, 2):  # the first version is superseded: only the second counts
                scale = 100 if version == 1 else 1
                self.session.add(self._version(op, report, cc, version, values, scale))
        self.session.flush()
        return op

    @staticmethod
    def _version(
        op: Operation, report: OperationReport, cc: str, version: int, v: dict[str, Any], k: int
    ) -> OperationReportVersion:
        return OperationReportVersion(
            report_id=report.id,
            operation_id=op.id,
            country=cc,
            version=version,
            current=version == 2,
            report_date=op.start_date,
            arrests=v.get("arrests", 0) * k,
            persons_identified=v.get("persons_identified", 0),
            victims_rescued=v.get("victims_rescued", 0),
            websites_taken_down=0,
            accounts_taken_down=0,
            servers_taken_down=0,
            vehicles_recovered=v.get("vehicles_recovered", 0),
            seizures_usd_cents=v.get("seizures_usd_cents", 0) * k,
            vehicles_usd_cents=v.get("vehicles_usd_cents", 0),
            assets_usd_cents=v.get("assets_usd_cents", 0),
            record_ids=[],
            submitted_by="test",
            submitted_at=at(op.start_date.isoformat()),
        )

    def commit(self) -> None:
        self.session.commit()


@pytest.fixture
def world(session: Session, actors: Actors) -> World:
    return World(session, actors)


def principal_of(actors: Actors, role: str, country: str | None = None) -> Principal:
    return actors.make(role, country).principal
