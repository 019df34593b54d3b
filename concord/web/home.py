"""The console's home page: what needs the signed-in person now. Each block only if the
person's role allows it: unread and overdue messages of the mailbox they hold, recent hits on
their country's records, notices awaiting their review or their answer, their country's records
nearing their review date, and a chart of screenings and hits per day over 30 days."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from fastapi import APIRouter, Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.responses import Response

from concord.api.deps import SessionDep
from concord.audit.models import AuditEvent
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.clock import now as clock_now
from concord.messaging import mailboxes, query
from concord.messaging.models import Case, Mailbox
from concord.notices import query as notices_query
from concord.notices.workflow import Status
from concord.records.models import Record
from concord.screening.followup import list_hits
from concord.screening.models import ScreeningHit
from concord.settings import Settings
from concord.web import charts, i18n
from concord.web.session import WebPrincipal
from concord.web.templating import render

router = APIRouter(prefix="/console", include_in_schema=False)
SHOWN = 5
DAYS = 30


def _messages(session: Session, request: Request, p: Principal, now: datetime) -> dict[str, Any]:
    box = mailboxes.own_mailbox(session, request.app.state.keystore, p, now)
    out: dict[str, Any] = {"address": box.address}
    for key, f in (
        ("unread", query.MessageFilter(folder="inbox", unread=True)),
        ("overdue", query.MessageFilter(folder="inbox", overdue=True)),
    ):
        rows, total = query.search(session, box, f, now, limit=SHOWN, offset=0)
        ids = [m.case_id for m, _ in rows] + [m.sender_id for m, _ in rows]
        refs = dict(session.execute(select(Case.id, Case.reference).where(Case.id.in_(ids))).all())
        senders = dict(
            session.execute(select(Mailbox.id, Mailbox.address).where(Mailbox.id.in_(ids))).all()
        )
        out[key] = (
            [(m, refs.get(m.case_id, ""), senders.get(m.sender_id, "")) for m, _ in rows],
            total,
        )
    return out


def _reviews(session: Session, p: Principal, settings: Settings) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if p.has(Permission.NOTICES_REVIEW):
        out["queue"] = notices_query.search(session, p, settings, queue=True, limit=SHOWN, offset=0)
    if p.has(Permission.NOTICES_REQUEST) and p.country:
        out["answer"] = notices_query.search(
            session,
            p,
            settings,
            status=Status.INFO_REQUESTED.value,
            country=p.country,
            limit=SHOWN,
            offset=0,
        )
    return out


def _due(
    session: Session, country: str, now: datetime, settings: Settings
) -> tuple[list[Record], int]:
    horizon = now + timedelta(days=settings.review_warning_days)
    where = (Record.owner == country, Record.review_at <= horizon)
    total = session.execute(select(func.count()).select_from(Record).where(*where)).scalar_one()
    rows = session.execute(
        select(Record).where(*where).order_by(Record.review_at, Record.id).limit(SHOWN)
    ).scalars()
    return list(rows), int(total)


def _per_day(session: Session, column: Any, *where: Any) -> dict[date, int]:
    day = func.date(column)
    counts: dict[date, int] = {}
    for value, n in session.execute(select(day, func.count()).where(*where).group_by(day)):
        d = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
        counts[d] = counts.get(d, 0) + int(n)
    return counts


def activity(session: Session, p: Principal, now: datetime, lang: str) -> charts.Chart:
    """Screenings and hits per day over the last 30 days: the person's country's (what its
    people screened and the hits those screenings found), or everyone's for the Secretariat."""
    _ = i18n.translations(lang).gettext
    since = datetime.combine(now.date() - timedelta(days=DAYS - 1), datetime.min.time(), now.tzinfo)
    screened = [AuditEvent.action == "screening.query", AuditEvent.at >= since]
    hits = [ScreeningHit.created_at >= since]
    if not p.is_secretariat:
        screened.append(AuditEvent.country == p.org)
        hits.append(ScreeningHit.screener_country == p.org)
    s_days = _per_day(session, AuditEvent.at, *screened)
    h_days = _per_day(session, ScreeningHit.created_at, *hits)
    days = [since.date() + timedelta(days=i) for i in range(DAYS)]
    series = [
        charts.Series(_("Screenings"), [s_days.get(d, 0) for d in days], "bar"),
        charts.Series(_("Hits"), [h_days.get(d, 0) for d in days], "bar alt"),
    ]
    who = _("all member countries") if p.is_secretariat else (p.country or p.org)
    return charts.Chart(
        days=days,
        series=series,
        title=_("Screenings and hits per day, last 30 days"),
        desc=_("%(screenings)s screenings and %(hits)s hits in 30 days (%(who)s).")
        % {
            "screenings": format_decimal(sum(series[0].values), locale=lang),
            "hits": format_decimal(sum(series[1].values), locale=lang),
            "who": who,
        },
    )


@router.get("/")
def home(request: Request, principal: WebPrincipal, session: SessionDep) -> Response:
    settings: Settings = request.app.state.settings
    now = clock_now(settings)
    lang = i18n.choose(request)
    p = principal
    context: dict[str, Any] = {"now": now, "messages": None, "hits": None, "reviews": {}}
    if p.has(Permission.MESSAGES_READ):
        context["messages"] = _messages(session, request, p, now)
    if p.has(Permission.RECORDS_READ) and (p.country or p.is_secretariat):
        context["hits"] = list_hits(session, p, side="owner", status="open", limit=SHOWN, offset=0)
    if p.has(Permission.NOTICES_READ):
        context["reviews"] = _reviews(session, p, settings)
    context["due"] = (
        _due(session, p.country, now, settings)
        if p.country and p.has(Permission.RECORDS_WRITE)
        else None
    )
    chart = None
    if p.has(Permission.SCREEN) or p.is_secretariat:
        chart = activity(session, p, now, lang)
        loc = i18n.locale(lang)
        labels = {d: format_date(d, "d MMM", locale=loc) for d in chart.days[::7]}
        top = max((v for s in chart.series for v in s.values), default=0)
        ceiling = charts.ceiling(top)
        numbers = {n: format_decimal(n, locale=loc) for n in (0, ceiling // 2, ceiling)}
        context["chart"] = chart
        context["chart_svg"] = charts.bars(chart, labels, numbers)
    context.setdefault("chart", chart)
    return render(request, "console/home.html", context)
