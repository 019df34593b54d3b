"""Checking a request before sending it: the same automated checks as at submission, on data
given inline or on a record of the caller's, with nothing saved."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from concord.auth.principal import Principal
from concord.clock import now as clock_now
from concord.errors import ValidationFailedError
from concord.notices import compliance
from concord.notices.findings import as_dicts, check_input
from concord.notices.schemas import CheckIn, CheckOut, FindingOut
from concord.notices.service import parse_fields
from concord.records.models import Record
from concord.settings import Settings


def _subject(session: Session, principal: Principal, body: CheckIn) -> dict[str, Any] | None:
    if body.subject_id is not None and body.subject is not None:
        raise ValidationFailedError("Give subject_id or subject, not both")
    if body.subject_id is None:
        return body.subject
    row = session.get(Record, body.subject_id)
    if (
        row is None
        or row.type != "person"
        or not (principal.is_secretariat or row.owner == principal.country)
    ):
        raise ValidationFailedError(
            f"subject_id: no person record '{body.subject_id}' of your country",
            errors=[{"loc": ["subject_id"], "msg": "not your record", "type": "value_error"}],
        )
    return dict(row.data)


def summarise(found: list[compliance.Finding]) -> CheckOut:
    return CheckOut(
        findings=[FindingOut.model_validate(f) for f in as_dicts(found)],
        blocking=sum(1 for f in found if f.severity == "block"),
        flagged=sum(1 for f in found if f.severity == "flag"),
        likely_ground=compliance.grounds(found),
    )


def check_request(
    session: Session, principal: Principal, body: CheckIn, settings: Settings
) -> CheckOut:
    fields = parse_fields(body.fields)
    country = body.requesting_country or principal.country or "IPSG"
    subject = _subject(session, principal, body)
    request = check_input(
        type=body.type,
        requesting_country=country,
        fields=fields,
        subject=subject,
        today=clock_now(settings).date(),
        # only charges and facts sent: check what they say, do not ask for the rest
        complete=subject is not None or bool(set(fields) - {"charges", "circumstances"}),
    )
    return summarise(compliance.check(request))
