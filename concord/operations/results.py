"""Results reports: each participating country (and the Secretariat, as ``IPSG``) submits
one report per operation and may amend it; every submission is a new version, earlier ones
are kept and readable; closing the operation locks the reports.

Values are converted to US dollars at the rate of the report date (:mod:`.rates`) and stored
in cents, per line and summed on the version.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from concord import audit
from concord.auth.principal import SECRETARIAT, Principal
from concord.auth.roles import Permission
from concord.clock import now as clock_now
from concord.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    PreconditionFailedError,
    ValidationFailedError,
)
from concord.operations.access import Role, load, load_full, tell_coordinators
from concord.operations.areas import Status
from concord.operations.checks import check_report, detail
from concord.operations.lines import check_records, convert
from concord.operations.models import (
    Operation,
    OperationReport,
    OperationReportLine,
    OperationReportVersion,
)
from concord.operations.schemas import ReportIn
from concord.settings import Settings


@dataclass
class Version:
    """A report version with its lines, as read back."""

    row: OperationReportVersion
    lines: list[OperationReportLine]


def _reporter(op: Operation, role: Role, principal: Principal) -> str:
    """The country the caller reports for: its own, or ``IPSG`` for a Secretariat coordinator."""
    if not principal.has(Permission.OPERATIONS_REPORT):
        raise PermissionDeniedError("Your role may not report results")
    if role is Role.PARTICIPANT or (role is Role.COORDINATOR and not principal.is_secretariat):
        return principal.org
    if role is Role.COORDINATOR:
        return SECRETARIAT
    raise PermissionDeniedError(
        f"Only the countries taking part in {op.code_name} report results"
        + (f" ({principal.org} is {role.value})" if role in (Role.INVITED, Role.DECLINED) else "")
    )


def _unlocked(op: Operation) -> None:
    if op.status == Status.CLOSED:
        raise ConflictError(f"Operation {op.code_name} is closed: its reports are locked")
    if op.status == Status.PLANNED:
        raise ConflictError(f"Operation {op.code_name} has not started: nothing to report yet")


def _write(
    session: Session,
    principal: Principal,
    op: Operation,
    report: ReportIn,
    country: str,
    existing: OperationReport | None,
    settings: Settings,
) -> Version:
    now = clock_now(settings)
    errors = check_report(report, start=op.start_date, today=now.date())
    errors += check_records(session, principal, report, settings)
    lines, rate_errors = convert(session, report)
    errors += rate_errors
    if errors:
        raise ValidationFailedError(detail(errors), errors=errors)
    if existing is None:
        existing = OperationReport(
            operation_id=op.id, country=country, version=0, created_at=now, updated_at=now
        )
        session.add(existing)
        session.flush()
    else:
        session.execute(
            update(OperationReportVersion)
            .where(OperationReportVersion.report_id == existing.id)
            .values(current=False)
            .execution_options(synchronize_session=False)
        )
    existing.version += 1
    existing.updated_at = now

    def total(kind: str) -> int:
        return sum(int(ln["value_usd_cents"]) for ln in lines if ln["kind"] == kind)

    version = OperationReportVersion(
        report_id=existing.id,
        operation_id=op.id,
        country=country,
        version=existing.version,
        current=True,
        report_date=report.report_date,
        arrests=report.arrests,
        persons_identified=report.persons_identified,
        victims_rescued=report.victims_rescued,
        websites_taken_down=report.websites_taken_down,
        accounts_taken_down=report.accounts_taken_down,
        servers_taken_down=report.servers_taken_down,
        vehicles_recovered=sum(v.count for v in report.vehicles),
        seizures_usd_cents=total("seizure"),
        vehicles_usd_cents=total("vehicles"),
        assets_usd_cents=total("assets"),
        record_ids=list(report.record_ids),
        note=report.note,
        submitted_by=principal.account_id,
        submitted_at=now,
    )
    session.add(version)
    session.flush()
    rows = [
        OperationReportLine(version_id=version.id, line_no=n, **line)
        for n, line in enumerate(lines, start=1)
    ]
    session.add_all(rows)
    session.flush()
    action = "operation.report.submit" if version.version == 1 else "operation.report.amend"
    audit.record(
        session,
        actor=principal,
        action=action,
        object_type="operation",
        object_id=op.id,
        payload={
            "country": country,
            "version": version.version,
            "report": report.model_dump(mode="json"),
        },
    )
    if country != (op.lead_country or SECRETARIAT):
        tell_coordinators(
            session,
            op,
            kind="operation.report",
            title=f"{country} {'reported' if version.version == 1 else 'amended'} its results "
            f"for {op.code_name} (version {version.version})",
            body=None,
            created_by=principal.account_id,
        )
    return Version(version, rows)


def _report(session: Session, op_id: str, country: str) -> OperationReport | None:
    return session.execute(
        select(OperationReport).where(
            OperationReport.operation_id == op_id, OperationReport.country == country
        )
    ).scalar_one_or_none()


def submit(
    session: Session, principal: Principal, op_id: str, *, report: ReportIn, settings: Settings
) -> Version:
    """The first report of the caller's country (409 if it has one: amend it instead)."""
    op, role = load(session, principal, op_id)
    country = _reporter(op, role, principal)
    _unlocked(op)
    if _report(session, op.id, country) is not None:
        raise ConflictError(f"{country} has already reported for {op.code_name}: amend the report")
    return _write(session, principal, op, report, country, None, settings)


def amend(
    session: Session,
    principal: Principal,
    op_id: str,
    country: str,
    *,
    report: ReportIn,
    expected_version: int | None,
    settings: Settings,
) -> Version:
    """A new version of the caller's country's report (the whole report again)."""
    op, role = load(session, principal, op_id)
    own = _reporter(op, role, principal)
    if country.upper() != own:
        raise PermissionDeniedError(f"You report for {own} only, not for {country.upper()}")
    _unlocked(op)
    existing = _report(session, op.id, own)
    if existing is None:
        raise NotFoundError(f"{own} has no report for {op.code_name} yet: submit one first")
    if expected_version is not None and expected_version != existing.version:
        raise PreconditionFailedError(
            f"The report is at version {existing.version}, not {expected_version}"
        )
    return _write(session, principal, op, report, own, existing, settings)


def _with_lines(session: Session, rows: list[OperationReportVersion]) -> list[Version]:
    if not rows:
        return []
    lines = session.execute(
        select(OperationReportLine)
        .where(OperationReportLine.version_id.in_([r.id for r in rows]))
        .order_by(OperationReportLine.version_id, OperationReportLine.line_no)
    ).scalars()
    by_version: dict[str, list[OperationReportLine]] = {}
    for line in lines:
        by_version.setdefault(line.version_id, []).append(line)
    return [Version(r, by_version.get(r.id, [])) for r in rows]


def current(session: Session, principal: Principal, op_id: str) -> list[Version]:
    """The current version of every country's report (everyone in the operation)."""
    op, _role = load_full(session, principal, op_id)
    rows = list(
        session.execute(
            select(OperationReportVersion)
            .where(OperationReportVersion.operation_id == op.id, OperationReportVersion.current)
            .order_by(OperationReportVersion.country)
        ).scalars()
    )
    audit.record(
        session,
        actor=principal,
        action="operation.report.read",
        object_type="operation",
        object_id=op.id,
        payload={"countries": [r.country for r in rows]},
    )
    return _with_lines(session, rows)


def history(session: Session, principal: Principal, op_id: str, country: str) -> list[Version]:
    """Every version of one country's report, oldest first."""
    op, _role = load_full(session, principal, op_id)
    existing = _report(session, op.id, country.upper())
    if existing is None:
        raise NotFoundError(f"{country.upper()} has no report for {op.code_name}")
    rows = list(
        session.execute(
            select(OperationReportVersion)
            .where(OperationReportVersion.report_id == existing.id)
            .order_by(OperationReportVersion.version)
        ).scalars()
    )
    audit.record(
        session,
        actor=principal,
        action="operation.report.history",
        object_type="operation",
        object_id=op.id,
        payload={"country": existing.country, "versions": len(rows)},
    )
    return _with_lines(session, rows)
