"""Requesting, changing and deciding on notices.

A request is created as a draft by its requesting NCB (the Secretariat for UN Special
Notices), about records that country owns. Submitting runs the automated compliance checks;
their findings go to the reviewer with the request. Every change of state goes through
:mod:`concord.notices.workflow`, is recorded as a :class:`NoticeEvent` (the history) and in the
audit trail, and bumps the public cache generation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.clock import now as clock_now
from concord.errors import (
    ConflictError,
    PermissionDeniedError,
    PreconditionFailedError,
    ValidationFailedError,
)
from concord.notices import findings as checks
from concord.notices.models import Notice, NoticeCounter, NoticeEvent, NoticeRecord
from concord.notices.query import get_visible, is_requester
from concord.notices.types import LANGUAGES, RULES, NoticeFields, NoticeType, Subject
from concord.notices.workflow import EDITABLE, Status
from concord.notify.service import notify
from concord.records.models import Record
from concord.records.service import validation_errors
from concord.settings import Settings

GROUNDS = ("art3", "art2", "other")


def parse_fields(data: dict[str, Any]) -> dict[str, Any]:
    try:
        model = NoticeFields.model_validate(data)
    except ValidationError as exc:
        errors = validation_errors(exc, prefix="fields")
        first = errors[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ValidationFailedError(f"{where}: {first['msg']}", errors=errors) from None
    return model.model_dump(mode="json", exclude_none=True, exclude_defaults=True)


def _type(value: str) -> NoticeType:
    try:
        return NoticeType(value)
    except ValueError:
        raise ValidationFailedError(
            f"Unknown notice type '{value}'; use one of: " + ", ".join(t.value for t in NoticeType)
        ) from None


def _records(
    session: Session,
    principal: Principal,
    ntype: NoticeType,
    subject_id: str | None,
    fields: dict[str, Any],
    *,
    require_subject: bool = True,
) -> tuple[Record | None, list[Record]]:
    """Check the subject and assets against the type and the requester's ownership."""
    rule = RULES[ntype]
    assets: list[Record] = []
    subject: Record | None = None
    needs = rule.subject
    if subject_id is None and needs is Subject.PERSON and require_subject:
        raise ValidationFailedError(
            f"A {rule.title} is about a person: give subject_id, a person record of yours",
            errors=[{"loc": ["subject_id"], "msg": "required", "type": "missing"}],
        )
    if subject_id is not None:
        if needs in (Subject.NONE, Subject.BODY, Subject.ASSETS):
            raise ValidationFailedError(
                f"A {rule.title} has no subject person; "
                + {
                    Subject.NONE: "describe the modus operandi in fields.modus_operandi",
                    Subject.BODY: "describe the body in fields.body",
                    Subject.ASSETS: "list the asset records in fields.assets",
                }[needs],
                errors=[{"loc": ["subject_id"], "msg": "not allowed", "type": "extra"}],
            )
        subject = session.get(Record, subject_id)
        if subject is None or not _may_use(principal, subject):
            raise ValidationFailedError(
                f"subject_id: no person record '{subject_id}' of your country; a notice is "
                "requested about your own records",
                errors=[{"loc": ["subject_id"], "msg": "not your record", "type": "value_error"}],
            )
        if subject.type != "person":
            raise ValidationFailedError(
                f"subject_id: record '{subject_id}' is a {subject.type}, not a person",
                errors=[{"loc": ["subject_id"], "msg": "not a person", "type": "value_error"}],
            )
    asset_ids = list(fields.get("assets", []))
    if asset_ids and needs is not Subject.ASSETS:
        raise ValidationFailedError(f"fields.assets: a {rule.title} is not about assets")
    for i, asset_id in enumerate(asset_ids):
        row = session.get(Record, asset_id)
        if row is None or not _may_use(principal, row) or row.type != "asset":
            raise ValidationFailedError(
                f"fields.assets[{i}]: no asset record '{asset_id}' of your country",
                errors=[
                    {
                        "loc": ["fields", "assets", i],
                        "msg": "not your asset record",
                        "type": "value_error",
                    }
                ],
            )
        assets.append(row)
    if fields.get("entity") and needs is not Subject.UN_LISTED:
        raise ValidationFailedError("fields.entity: only UN Special Notices describe entities")
    if needs is Subject.UN_LISTED and subject is not None and fields.get("entity"):
        raise ValidationFailedError("A UN Special Notice is about a person or an entity, not both")
    return subject, assets


def _may_use(principal: Principal, row: Record) -> bool:
    # an NCB requests notices on its own records; the Secretariat (UN notices) on any record
    return principal.is_secretariat or row.owner == principal.country


def _title(ntype: NoticeType, subject: Record | None, fields: dict[str, Any]) -> str:
    if subject is not None:
        return subject.label[:300]
    if fields.get("entity"):
        return str(fields["entity"]["name"])[:300]
    if ntype is NoticeType.SILVER:
        return f"{len(fields.get('assets', []))} asset(s)"
    if ntype is NoticeType.BLACK:
        body = fields.get("body") or {}
        where = body.get("found_place") or body.get("found_country") or "unknown place"
        return f"Unidentified body found at {where}"[:300]
    if ntype is NoticeType.PURPLE:
        return ("Modus operandi: " + str(fields.get("modus_operandi", "")))[:300]
    return (str(fields.get("circumstances") or RULES[ntype].title))[:300]


def _requester_check(principal: Principal, ntype: NoticeType, settings: Settings) -> None:
    if not principal.has(Permission.NOTICES_REQUEST):
        raise PermissionDeniedError("Your role does not allow requesting notices")
    rule = RULES[ntype]
    if rule.secretariat_only and not principal.is_secretariat:
        raise PermissionDeniedError(f"{rule.title}s are issued by the General Secretariat")
    if not rule.secretariat_only and principal.is_secretariat:
        raise PermissionDeniedError(f"A {rule.title} is requested by a member country's NCB")
    if principal.agency_id is not None:
        raise PermissionDeniedError("Notices are requested by the NCB, not by its agencies")
    if ntype is NoticeType.SILVER and principal.country not in settings.notices_silver_pilot:
        raise PermissionDeniedError(
            f"Silver Notices are open only to the pilot countries; {principal.country} is not "
            "one of them"
        )


def bump_generation(session: Session) -> None:
    """Invalidate every cached public answer (all processes: they read the generation).

    One upsert: two first changes at once must not both insert the row (a 500 on PostgreSQL)."""
    upsert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        upsert(NoticeCounter)
        .values(year=0, seq=1)
        .on_conflict_do_update(index_elements=["year"], set_={"seq": NoticeCounter.seq + 1})
    )


def generation(session: Session) -> int:
    return session.execute(select(NoticeCounter.seq).where(NoticeCounter.year == 0)).scalar() or 0


def record_event(
    session: Session,
    principal: Principal | None,
    notice: Notice,
    *,
    action: str,
    from_status: str | None,
    reason: str | None = None,
    ground: str | None = None,
    findings: list[dict[str, Any]] | None = None,
    at: datetime,
) -> None:
    session.add(
        NoticeEvent(
            notice_id=notice.id,
            at=at,
            actor_id=principal.account_id if principal else "system",
            actor_country=principal.org if principal else None,
            action=action,
            from_status=from_status,
            to_status=notice.status,
            reason=reason,
            ground=ground,
            findings=findings,
        )
    )
    audit.record(
        session,
        actor=principal,
        action=f"notice.{action}",
        object_type="notice",
        object_id=notice.id,
        payload={"from": from_status, "to": notice.status, "reason": reason, "ground": ground},
    )
    bump_generation(session)


def create(
    session: Session,
    principal: Principal,
    *,
    type: str,
    subject_id: str | None,
    language: str,
    public: bool,
    fields: dict[str, Any],
    settings: Settings,
) -> Notice:
    ntype = _type(type)
    _requester_check(principal, ntype, settings)
    if language not in LANGUAGES:
        raise ValidationFailedError(f"language: use one of {', '.join(LANGUAGES)}")
    rule = RULES[ntype]
    if public and not rule.may_be_public:
        raise ValidationFailedError(f"public: a {rule.title} is never published as an extract")
    clean = parse_fields(fields)
    subject, _assets = _records(session, principal, ntype, subject_id, clean)
    now = clock_now(settings)
    notice = Notice(
        type=ntype.value,
        status=Status.DRAFT.value,
        requesting_country=principal.country,
        created_by=principal.account_id,
        language=language,
        subject_id=subject.id if subject else None,
        title=_title(ntype, subject, clean),
        data=clean,
        public=True if rule.always_public else public,
        findings=[],
        pending=None,
        version=1,
        created_at=now,
        updated_at=now,
    )
    session.add(notice)
    session.flush()
    link(session, notice)
    record_event(session, principal, notice, action="create", from_status=None, at=now)
    return notice


def check_version(notice: Notice, expected: int | None) -> None:
    if expected is not None and expected != notice.version:
        raise PreconditionFailedError(
            f"The notice changed since you read it (version {notice.version}, you sent "
            f"{expected}); read it again"
        )


def edit(
    session: Session,
    principal: Principal,
    notice_id: str,
    *,
    expected_version: int,
    changes: dict[str, Any],
    settings: Settings,
) -> Notice:
    """Change a draft (or a request sent back for information). A published notice is only
    changed through :func:`request_update` and re-review."""
    notice = get_visible(session, principal, notice_id, settings)
    if not is_requester(principal, notice) or not principal.has(Permission.NOTICES_REQUEST):
        raise PermissionDeniedError("Only the requesting NCB changes its request")
    check_version(notice, expected_version)
    if notice.status == Status.PUBLISHED:
        raise ConflictError(
            "A published notice is changed only after re-review: send the change to "
            f"POST /api/v1/notices/{notice.id}/updates"
        )
    if notice.status not in EDITABLE:
        raise ConflictError(f"A notice that is {notice.status} cannot be edited")
    ntype = NoticeType(notice.type)
    now = clock_now(settings)
    _apply(session, principal, notice, ntype, changes)
    notice.version += 1
    notice.updated_at = now
    record_event(session, principal, notice, action="edit", from_status=notice.status, at=now)
    return notice


def _apply(
    session: Session,
    principal: Principal,
    notice: Notice,
    ntype: NoticeType,
    changes: dict[str, Any],
) -> None:
    fields = parse_fields(changes.get("fields", notice.data))
    subject_id = changes.get("subject_id", notice.subject_id)
    subject, _assets = _records(session, principal, ntype, subject_id, fields)
    if "language" in changes:
        if changes["language"] not in LANGUAGES:
            raise ValidationFailedError(f"language: use one of {', '.join(LANGUAGES)}")
        notice.language = changes["language"]
    if "public" in changes:
        rule = RULES[ntype]
        if changes["public"] and not rule.may_be_public:
            raise ValidationFailedError(f"public: a {rule.title} is never published")
        notice.public = True if rule.always_public else bool(changes["public"])
    notice.data = fields
    notice.subject_id = subject.id if subject else None
    notice.title = _title(ntype, subject, fields)
    link(session, notice)


def link(session: Session, notice: Notice) -> None:
    """The records a notice is about: its subject and its assets."""
    session.execute(delete(NoticeRecord).where(NoticeRecord.notice_id == notice.id))
    ids = ([notice.subject_id] if notice.subject_id else []) + list(notice.data.get("assets", []))
    for record_id in dict.fromkeys(ids):
        session.add(NoticeRecord(notice_id=notice.id, record_id=record_id))
    session.flush()


def request_update(
    session: Session,
    principal: Principal,
    notice_id: str,
    *,
    expected_version: int,
    changes: dict[str, Any],
    reason: str,
    settings: Settings,
) -> Notice:
    """Ask to change a published notice: it stays published as it was until a reviewer
    approves the change."""
    notice = get_visible(session, principal, notice_id, settings)
    if not is_requester(principal, notice) or not principal.has(Permission.NOTICES_REQUEST):
        raise PermissionDeniedError("Only the requesting NCB asks to update its notice")
    check_version(notice, expected_version)
    if notice.status != Status.PUBLISHED:
        raise ConflictError(f"Only a published notice is updated this way; it is {notice.status}")
    if notice.pending is not None:
        raise ConflictError("An update of this notice is already waiting for review")
    fields = parse_fields(changes.get("fields", notice.data))
    _records(session, principal, NoticeType(notice.type), notice.subject_id, fields)
    found = checks.run(session, notice, fields=fields, settings=settings)
    pending: dict[str, Any] = {
        "fields": fields,
        "reason": reason,
        "requested_by": principal.account_id,
        "findings": found,
    }
    notice.pending = pending
    notice.version += 1
    now = clock_now(settings)
    notice.updated_at = now
    record_event(
        session,
        principal,
        notice,
        action="update_requested",
        from_status=notice.status,
        reason=reason,
        findings=found,
        at=now,
    )
    notify(
        session,
        kind="notice_review",
        role="gs_reviewer",
        title=f"Update to review: {notice.title}",
        object_type="notice",
        object_id=notice.id,
        created_by=principal.account_id,
    )
    return notice
