"""Screening hits on notices: which notices in circulation concern the records a screening
found (directly, or through a document's holder or an asset's owner), the action the officer
must take, and the alert to the requesting NCB, sent at once."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session

from concord.notices.models import Notice, NoticeRecord
from concord.notices.query import action_text, in_circulation
from concord.notify.service import notify
from concord.records.models import RecordLink

# Built once, executed on the connection (see concord.screening.persist): every batch of
# screenings with hits asks, and most records have neither links nor notices.
_LINKS = select(RecordLink.from_id, RecordLink.to_id).where(
    or_(
        RecordLink.from_id.in_(bindparam("ids", expanding=True)),
        RecordLink.to_id.in_(bindparam("ids", expanding=True)),
    ),
    RecordLink.kind.in_(["holder", "owner"]),
)
_ON_NOTICE = (
    select(NoticeRecord.record_id, NoticeRecord.notice_id)
    .join(Notice, Notice.id == NoticeRecord.notice_id)
    .where(
        NoticeRecord.record_id.in_(bindparam("ids", expanding=True)),
        in_circulation(bindparam("now", type_=Notice.expires_at.type)),
    )
)


def notices_for(
    session: Session, record_ids: Iterable[str], now: datetime
) -> dict[str, list[dict[str, Any]]]:
    """For each record id, the notices in circulation about it or about a record linked to it
    (a document's holder, a vehicle's or asset's owner)."""
    ids = sorted(set(record_ids))
    if not ids:
        return {}
    connection = session.connection()
    related: dict[str, set[str]] = {i: {i} for i in ids}
    for from_id, to_id in connection.execute(_LINKS, {"ids": ids}):
        if from_id in related:
            related[from_id].add(to_id)
        if to_id in related:
            related[to_id].add(from_id)
    every = sorted(set().union(*related.values()))
    pairs = connection.execute(_ON_NOTICE, {"ids": every, "now": now}).all()
    if not pairs:
        return {}
    notices = {
        n.id: n
        for n in session.scalars(
            select(Notice)
            .where(Notice.id.in_({notice_id for _r, notice_id in pairs}))
            .order_by(Notice.published_at, Notice.id)
        )
    }
    by_record: dict[str, list[Notice]] = {}
    for notice in notices.values():  # in order of publication
        for record_id, notice_id in pairs:
            if notice_id == notice.id:
                by_record.setdefault(record_id, []).append(notice)
    out: dict[str, list[dict[str, Any]]] = {}
    for record_id, group in related.items():
        seen: dict[str, dict[str, Any]] = {}
        for other in sorted(group):
            for notice in by_record.get(other, []):
                seen.setdefault(
                    notice.id, describe(notice, via=None if other == record_id else other)
                )
        if seen:
            out[record_id] = list(seen.values())
    return out


def describe(notice: Notice, *, via: str | None) -> dict[str, Any]:
    return {
        "id": notice.id,
        "type": notice.type,
        "entity_id": notice.entity_id,
        "title": notice.title,
        "requesting_country": notice.requesting_country,
        "action": action_text(notice),
        "via_record": via,
    }


def alert_requesters(
    session: Session,
    *,
    hit_id: str | None,
    record_label: str,
    notices: list[dict[str, Any]],
    screener: str,
    purpose: str,
    created_by: str,
) -> None:
    """Tell each requesting NCB at once that its notice was hit."""
    for n in notices:
        country = n["requesting_country"]
        notify(
            session,
            kind="notice.hit",
            title=f"Hit on your {n['type'].upper()} notice {n['entity_id'] or n['id']} "
            f"({record_label}) in a screening by {screener}",
            body=f"Purpose: {purpose}. The officer was told: {n['action']}",
            country=country,
            role=None if country else "gs_officer",
            object_type="screening_hit",
            object_id=hit_id,
            created_by=created_by,
        )
