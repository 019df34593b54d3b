"""Deciding on notices: every change of state (submit, review, approve, ask for information,
refuse, suspend, reinstate, cancel, decide on updates) and expiry at the review date, through
:mod:`concord.notices.workflow`, each recorded in the notice's history and the audit trail."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.clock import now as clock_now
from concord.errors import ConflictError, PermissionDeniedError, ValidationFailedError
from concord.notices import findings as checks
from concord.notices.models import Notice, NoticeCounter
from concord.notices.query import get_visible, is_requester
from concord.notices.service import GROUNDS, check_version, link, record_event
from concord.notices.types import RULES, NoticeType
from concord.notices.workflow import Action, Actor, Status, step
from concord.notify.service import notify
from concord.settings import Settings


def actors_of(principal: Principal, notice: Notice) -> set[Actor]:
    out: set[Actor] = set()
    if is_requester(principal, notice) and principal.has(Permission.NOTICES_REQUEST):
        out.add(Actor.REQUESTER)
    if principal.has(Permission.NOTICES_REVIEW):
        out.add(Actor.REVIEWER)
    if principal.has(Permission.NOTICES_MANAGE) and principal.is_secretariat:
        out.add(Actor.MANAGER)
    return out


def _next_entity_id(session: Session, year: int) -> str:
    row = session.execute(
        select(NoticeCounter).where(NoticeCounter.year == year).with_for_update()
    ).scalar_one_or_none()
    if row is None:
        row = NoticeCounter(year=year, seq=0)
        session.add(row)
    row.seq += 1
    session.flush()
    return f"{year}/{row.seq:05d}"


def in_circulation(session: Session, ntype: NoticeType, now: datetime) -> int:
    return session.execute(
        select(func.count())
        .select_from(Notice)
        .where(
            Notice.type == ntype.value,
            Notice.status == Status.PUBLISHED.value,
            Notice.expires_at > now,
        )
    ).scalar_one()


def transition(
    session: Session,
    principal: Principal,
    notice_id: str,
    *,
    action: str,
    reason: str | None,
    ground: str | None,
    expected_version: int | None,
    settings: Settings,
) -> Notice:
    try:
        act = Action(action)
    except ValueError:
        raise ValidationFailedError(
            f"action: unknown '{action}'; use one of "
            + ", ".join(a.value for a in Action if a is not Action.EXPIRE)
        ) from None
    if act is Action.EXPIRE:
        raise ValidationFailedError("action: notices expire on their own at their review date")
    notice = get_visible(session, principal, notice_id, settings)
    actors = actors_of(principal, notice)
    current = Status(notice.status)
    rule = step(act, current, actors)
    if not (rule.actors & actors):
        who = " or ".join(sorted(a.value for a in rule.actors))
        raise PermissionDeniedError(f"Only the {who} may {act.value.replace('_', ' ')} this notice")
    check_version(notice, expected_version)
    if act in (Action.APPROVE_UPDATE, Action.REFUSE_UPDATE) and notice.pending is None:
        raise ConflictError("No update of this notice is waiting for review")
    if rule.needs_reason and not (reason and reason.strip()):
        raise ValidationFailedError(f"reason: {act.value.replace('_', ' ')} needs a reason")
    now = clock_now(settings)
    from_status = notice.status
    findings: list[dict[str, Any]] | None = None
    if act in (Action.SUBMIT, Action.RESUBMIT):
        findings = checks.run(session, notice, fields=notice.data, settings=settings)
        missing = [
            f for f in findings if f["rule"] == "required-fields" and f["severity"] == "block"
        ]
        if missing:
            raise ValidationFailedError(
                "The request is incomplete: " + "; ".join(f["reason"] for f in missing),
                errors=[
                    {
                        "loc": [f.get("field") or "fields"],
                        "msg": f["reason"],
                        "type": "required-fields",
                    }
                    for f in missing
                ],
            )
        notice.findings = findings
        notice.submitted_at = now
        notify(
            session,
            kind="notice_review",
            role="gs_reviewer",
            title=f"{RULES[NoticeType(notice.type)].title} request to review: {notice.title}",
            object_type="notice",
            object_id=notice.id,
            created_by=principal.account_id,
        )
    elif act is Action.APPROVE:
        _approve(session, notice, now, settings)
    elif act is Action.REFUSE:
        if ground not in GROUNDS:
            raise ValidationFailedError(f"ground: a refusal names its ground: {', '.join(GROUNDS)}")
        notice.refusal_ground = ground
    elif act is Action.REINSTATE and notice.expires_at is not None and notice.expires_at <= now:
        raise ConflictError("The notice passed its review date; it cannot be reinstated")
    elif act is Action.APPROVE_UPDATE:
        pending = notice.pending or {}
        blocks = [f for f in pending.get("findings", []) if f["severity"] == "block"]
        if blocks:
            raise ConflictError(
                "The update has blocking findings: " + "; ".join(f["reason"] for f in blocks)
            )
        notice.data = pending["fields"]
        notice.findings = pending.get("findings", notice.findings)
        notice.pending = None
        link(session, notice)
    elif act is Action.REFUSE_UPDATE:
        notice.pending = None
    if rule.target is not None:
        notice.status = rule.target.value
    notice.version += 1
    notice.updated_at = now
    record_event(
        session,
        principal,
        notice,
        action=act.value,
        from_status=from_status,
        reason=reason,
        ground=ground if act is Action.REFUSE else None,
        findings=findings,
        at=now,
    )
    if act not in (Action.SUBMIT, Action.RESUBMIT) and notice.requesting_country:
        notify(
            session,
            kind="notice_decision",
            country=notice.requesting_country,
            title=f"{RULES[NoticeType(notice.type)].title} {notice.title}: "
            + act.value.replace("_", " "),
            body=reason,
            object_type="notice",
            object_id=notice.id,
            created_by=principal.account_id,
        )
    return notice


def _approve(session: Session, notice: Notice, now: datetime, settings: Settings) -> None:
    blocks = [f for f in notice.findings if f["severity"] == "block"]
    if blocks:
        raise ConflictError(
            "The request has blocking findings and cannot be published as it is: "
            + "; ".join(f["reason"] for f in blocks)
            + ". Ask for information or refuse it"
        )
    ntype = NoticeType(notice.type)
    if (
        ntype is NoticeType.SILVER
        and in_circulation(session, ntype, now) >= settings.notices_silver_cap
    ):
        raise ConflictError(
            f"The Silver Notice pilot is capped at {settings.notices_silver_cap} notices in "
            "circulation; none can be published until one leaves circulation"
        )
    if notice.entity_id is None:
        notice.entity_id = _next_entity_id(session, now.year)
    notice.published_at = now
    notice.expires_at = now + timedelta(days=round(365.25 * settings.notices_valid_years))


def expire_due(session: Session, settings: Settings) -> int:
    """Move notices past their review date to ``expired`` (a Secretariat job)."""
    now = clock_now(settings)
    due = (
        session.execute(
            select(Notice).where(
                Notice.status.in_([Status.PUBLISHED.value, Status.SUSPENDED.value]),
                Notice.expires_at <= now,
            )
        )
        .scalars()
        .all()
    )
    for notice in due:
        from_status = notice.status
        notice.status = Status.EXPIRED.value
        notice.version += 1
        notice.updated_at = now
        record_event(session, None, notice, action="expire", from_status=from_status, at=now)
        if notice.requesting_country:
            notify(
                session,
                kind="notice_decision",
                country=notice.requesting_country,
                title=f"Expired at its review date: {notice.title}",
                object_type="notice",
                object_id=notice.id,
            )
    return len(due)
