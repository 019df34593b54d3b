"""Diffusions: a request sent by one NCB straight to chosen NCBs (all members, a region or a
list). Recorded centrally the moment it is sent, delivered to each recipient at once, and
checked for compliance afterwards: the automated findings are stored with it and a reviewer
decides; a diffusion found non-compliant is withdrawn and its recipients are told to update
their records."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, exists, false, or_, select, true
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.clock import now as clock_now
from concord.db import paging
from concord.errors import (
    ConflictError,
    HiddenObjectError,
    NotFoundError,
    PermissionDeniedError,
    ValidationFailedError,
)
from concord.members.models import Country
from concord.notices import compliance
from concord.notices.findings import as_dicts, check_input
from concord.notices.models import Diffusion, DiffusionRecipient
from concord.notices.service import _records, _title, parse_fields
from concord.notices.types import LANGUAGES, NoticeType
from concord.notify.service import notify
from concord.settings import Settings


def _recipients(
    session: Session, sender: str, *, to_all: bool, region: str | None, countries: list[str]
) -> tuple[str, list[str]]:
    chosen = sum([to_all, region is not None, bool(countries)])
    if chosen != 1:
        raise ValidationFailedError(
            "Choose the recipients one way: to_all, to_region or to_countries"
        )
    if to_all:
        everyone = session.execute(select(Country.code).where(Country.code != sender))
        return "all", sorted(everyone.scalars())
    if region is not None:
        codes = list(
            session.execute(
                select(Country.code).where(Country.region == region, Country.code != sender)
            ).scalars()
        )
        if not codes:
            regions = sorted(set(session.execute(select(Country.region)).scalars()))
            raise ValidationFailedError(
                f"to_region: no INTERPOL region '{region}'; use one of: {', '.join(regions)}"
            )
        return f"region:{region}", sorted(codes)
    wanted = sorted({c.upper() for c in countries})
    known = set(session.execute(select(Country.code).where(Country.code.in_(wanted))).scalars())
    unknown = [c for c in wanted if c not in known]
    if unknown:
        raise ValidationFailedError(f"to_countries: not INTERPOL members: {', '.join(unknown)}")
    if sender in wanted:
        raise ValidationFailedError("to_countries: a diffusion goes to other countries")
    return "list", wanted


def send(
    session: Session,
    principal: Principal,
    *,
    type: str,
    subject_id: str | None,
    language: str,
    fields: dict[str, Any],
    to_all: bool,
    to_region: str | None,
    to_countries: list[str],
    settings: Settings,
) -> Diffusion:
    if not principal.has(Permission.DIFFUSIONS_SEND) or principal.country is None:
        raise PermissionDeniedError("Diffusions are sent by an NCB (diffusions:send)")
    if principal.agency_id is not None:
        raise PermissionDeniedError("Diffusions are sent by the NCB, not by its agencies")
    try:
        ntype = NoticeType(type)
    except ValueError:
        raise ValidationFailedError(f"type: unknown notice type '{type}'") from None
    if ntype in (NoticeType.UN, NoticeType.SILVER):
        raise ValidationFailedError(f"type: there are no {ntype.value} diffusions")
    if language not in LANGUAGES:
        raise ValidationFailedError(f"language: use one of {', '.join(LANGUAGES)}")
    clean = parse_fields(fields)
    # a diffusion may be about a person not yet identified: the subject is optional
    subject, _ = _records(session, principal, ntype, subject_id, clean, require_subject=False)
    scope, recipients = _recipients(
        session, principal.country, to_all=to_all, region=to_region, countries=to_countries
    )
    now = clock_now(settings)
    found = compliance.check(
        check_input(
            type="diffusion",
            requesting_country=principal.country,
            fields=clean,
            subject=dict(subject.data) if subject else None,
            today=now.date(),
        )
    )
    diffusion = Diffusion(
        type=ntype.value,
        sender_country=principal.country,
        created_by=principal.account_id,
        language=language,
        subject_id=subject.id if subject else None,
        title=_title(ntype, subject, clean),
        data=clean,
        scope=scope,
        status="sent",
        findings=as_dicts(found),
        created_at=now,
    )
    session.add(diffusion)
    session.flush()
    session.add_all(
        DiffusionRecipient(diffusion_id=diffusion.id, country=c, delivered_at=now)
        for c in recipients
    )
    for country in recipients:
        notify(
            session,
            kind="diffusion",
            country=country,
            title=f"Diffusion ({ntype.value}) from {principal.country}: {diffusion.title}",
            object_type="diffusion",
            object_id=diffusion.id,
            created_by=principal.account_id,
        )
    _to_mailboxes(
        session, principal, diffusion, recipients, subject.id if subject else None, settings
    )
    notify(
        session,
        kind="diffusion_review",
        role="gs_reviewer",
        title=f"Diffusion to check ({len(found)} finding(s)): {diffusion.title}",
        object_type="diffusion",
        object_id=diffusion.id,
    )
    audit.record(
        session,
        actor=principal,
        action="diffusion.send",
        object_type="diffusion",
        object_id=diffusion.id,
        payload={"scope": scope, "recipients": len(recipients), "type": ntype.value},
    )
    return diffusion


def _to_mailboxes(
    session: Session,
    principal: Principal,
    diffusion: Diffusion,
    recipients: list[str],
    subject_id: str | None,
    settings: Settings,
) -> None:
    """Deliver the diffusion into each chosen NCB's mailbox: one encrypted, signed message with
    a delivery (and receipt) per NCB, in the same transaction as the diffusion's record."""
    from concord.messaging.keys import KeyStore
    from concord.messaging.service import Outgoing
    from concord.messaging.service import send as send_message

    lines = [
        f"{diffusion.type.upper()} diffusion from {diffusion.sender_country}: {diffusion.title}"
    ]
    for i, charge in enumerate(diffusion.data.get("charges", []), 1):
        lines.append(f"Charge {i}: {charge.get('charge')}")
    if diffusion.data.get("circumstances"):
        lines.append(f"Facts: {diffusion.data['circumstances']}")
    lines.append(f"Diffusion id: {diffusion.id} (GET /api/v1/diffusions/{diffusion.id})")
    out = Outgoing(
        subject=f"Diffusion ({diffusion.type}) from {diffusion.sender_country}",
        body="\n".join(lines),
        to=recipients,
        case_title=f"Diffusion {diffusion.id}",
        crime_area="fugitives" if diffusion.type == "red" else "other",
        references=[{"record_id": subject_id, "kind": "person"}] if subject_id else [],
        diffusion_id=diffusion.id,
    )
    send_message(session, principal, KeyStore.from_settings(settings), out, diffusion.created_at)


def _visible(principal: Principal) -> Any:
    if not principal.has(Permission.NOTICES_READ):
        return false()
    if principal.is_secretariat:
        return true()
    received = exists().where(
        DiffusionRecipient.diffusion_id == Diffusion.id,
        DiffusionRecipient.country == principal.country,
    )
    return or_(Diffusion.sender_country == principal.country, received)


def get_visible(session: Session, principal: Principal, diffusion_id: str) -> Diffusion:
    row = session.execute(
        select(Diffusion).where(Diffusion.id == diffusion_id, _visible(principal))
    ).scalar_one_or_none()
    if row is None:
        if session.get(Diffusion, diffusion_id) is not None:
            raise HiddenObjectError(
                f"No diffusion '{diffusion_id}'", object_type="diffusion", object_id=diffusion_id
            )
        raise NotFoundError(f"No diffusion '{diffusion_id}'")
    return row


def recipients_of(session: Session, diffusion_id: str) -> list[str]:
    return list(
        session.execute(
            select(DiffusionRecipient.country)
            .where(DiffusionRecipient.diffusion_id == diffusion_id)
            .order_by(DiffusionRecipient.country)
        ).scalars()
    )


def search(
    session: Session,
    principal: Principal,
    *,
    status: str | None,
    sent: bool | None,
    limit: int,
    offset: int,
) -> tuple[list[Diffusion], int]:
    if not principal.has(Permission.NOTICES_READ):
        raise PermissionDeniedError("Your role does not allow reading diffusions")
    stmt: Select[Diffusion] = select(Diffusion).where(_visible(principal))
    if status:
        stmt = stmt.where(Diffusion.status == status)
    if sent is True and principal.country:
        stmt = stmt.where(Diffusion.sender_country == principal.country)
    if sent is False and principal.country:
        stmt = stmt.where(Diffusion.sender_country != principal.country)
    return paging.page(
        session, stmt, Diffusion.created_at.desc(), Diffusion.id, limit=limit, offset=offset
    )


def review(
    session: Session,
    principal: Principal,
    diffusion_id: str,
    *,
    compliant: bool,
    reason: str,
    settings: Settings,
) -> Diffusion:
    if not principal.has(Permission.NOTICES_REVIEW):
        raise PermissionDeniedError("Diffusions are checked by reviewers (gs_reviewer)")
    row = get_visible(session, principal, diffusion_id)
    if row.status != "sent":
        raise ConflictError(f"This diffusion was already checked: it is {row.status}")
    now = clock_now(settings)
    row.status = "compliant" if compliant else "withdrawn"
    row.reviewed_by = principal.account_id
    row.reviewed_at = now
    row.review_reason = reason
    recipients = recipients_of(session, row.id)
    notify(
        session,
        kind="diffusion_decision",
        country=row.sender_country,
        title=f"Diffusion {row.title}: {'compliant' if compliant else 'withdrawn'}",
        body=reason,
        object_type="diffusion",
        object_id=row.id,
    )
    if not compliant:
        for country in recipients:
            notify(
                session,
                kind="diffusion_withdrawn",
                country=country,
                title=f"Withdrawn diffusion from {row.sender_country}: update your records",
                body=f"Found not compliant with INTERPOL's rules: {reason}. Remove or update "
                "any data you recorded from it.",
                object_type="diffusion",
                object_id=row.id,
            )
    audit.record(
        session,
        actor=principal,
        action="diffusion.review",
        object_type="diffusion",
        object_id=row.id,
        payload={"compliant": compliant, "reason": reason},
    )
    return row
