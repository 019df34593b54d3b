"""Statistics in the console: one figure at a time (searches and hits, notices, messages,
members, operations, staff diversity) over a chosen period, grouped by period or dimension,
drawn as a chart with the same numbers as a table, each stating its period and source; links
drill into a country (the Secretariat, or a member into its own) and export the figure as CSV.
The page calls the same functions as ``/api/v1/stats`` (same authorisation, same audit)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from babel.numbers import format_decimal
from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from concord.api.deps import SessionDep
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.clock import now as clock_now
from concord.errors import ValidationFailedError
from concord.stats import figures, staff
from concord.stats.figures import FigureName
from concord.stats.periods import TIME_GRAINS, Grain, Period, resolve
from concord.stats.schemas import Figure, PeriodOut, Row
from concord.web import charts, i18n
from concord.web.nav import N_
from concord.web.session import web_require
from concord.web.templating import render

router = APIRouter(prefix="/console/stats", include_in_schema=False)
Reader = Annotated[Principal, Depends(web_require(Permission.STATS_READ))]

FIGURES = {
    "searches": N_("Database searches and hits"),
    "notices": N_("Notices issued, refused and valid"),
    "messages": N_("Messages exchanged"),
    "operations": N_("Operations and their results"),
    "members": N_("Member countries"),
    "staff": N_("Staff diversity"),
}
GROUPS = {
    "day": N_("Day"),
    "month": N_("Month"),
    "year": N_("Year"),
    "country": N_("Country"),
    "region": N_("Region"),
    "type": N_("Notice type"),
    "crime_area": N_("Crime area"),
}
COLUMNS = {
    "searches": N_("Searches"),
    "hits": N_("Hits"),
    "issued": N_("Issued"),
    "refused": N_("Refused"),
    "valid": N_("Valid"),
    "messages": N_("Messages"),
    "deliveries": N_("Deliveries"),
    "members": N_("Members"),
    "operations": N_("Operations"),
    "arrests": N_("Arrests"),
    "persons_identified": N_("Persons identified"),
    "victims_rescued": N_("Victims rescued"),
    "vehicles_recovered": N_("Vehicles recovered"),
    "seizures_usd": N_("Seizures (USD)"),
    "vehicles_usd": N_("Vehicles recovered (USD)"),
    "assets_usd": N_("Assets (USD)"),
    "staff": N_("Staff"),
    "countries": N_("Countries represented"),
}
FIELDS = ("figure", "year", "start", "end", "group_by", "country", "column")


def _params(request: Request) -> dict[str, str]:
    return {k: str(request.query_params.get(k, "")).strip()[:40] for k in FIELDS}


def _day(value: str, field: str, errors: dict[str, str]) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        errors[field] = N_("A date as YYYY-MM-DD.")
        return None


def _period(params: dict[str, str], today: date, errors: dict[str, str]) -> Period | None:
    year = None
    if params["year"]:
        if params["year"].isdigit() and 1923 <= int(params["year"]) <= 2100:
            year = int(params["year"])
        else:
            errors["year"] = N_("A year between 1923 and 2100.")
    start, end = _day(params["start"], "start", errors), _day(params["end"], "end", errors)
    if errors:
        return None
    if year is None and start is None and end is None:
        year = today.year
    grain = Grain(params["group_by"]) if params["group_by"] in TIME_GRAINS else None
    try:
        return resolve(start=start, end=end, year_=year, today=today, grain=grain)
    except ValidationFailedError as exc:
        field = (exc.errors or [{}])[0].get("loc", ["end"])[-1]
        errors[str(field) if str(field) in FIELDS else "end"] = N_(
            "Give a year, or a start and an end (the end after the start, at most ten years "
            "by day)."
        )
        return None


def _staff_figure(session: Any, principal: Principal, period: Period) -> Figure:
    rep = staff.representation(session, principal, at=period.end)
    rows = [
        Row(key=r.region, values={"staff": r.staff, "countries": r.countries})
        for r in rep.by_region
    ]
    return Figure(
        figure="staff",
        title="Staff diversity",
        period=PeriodOut(start=period.end, end=period.end),
        source=rep.source,
        scope="all member countries",
        group_by="region",
        columns=["staff", "countries"],
        totals={"staff": rep.staff, "countries": rep.countries},
        rows=rows,
    )


def _chart(fig: Figure, column: str, lang: str) -> tuple[charts.Chart, Any]:
    _ = i18n.translations(lang).gettext
    origin = date(2000, 1, 1)
    keys = [origin + timedelta(days=i) for i in range(len(fig.rows))]
    values = [round(float(r.values.get(column, 0))) for r in fig.rows]
    label = _(COLUMNS.get(column, column))
    chart = charts.Chart(
        days=keys,
        series=[charts.Series(label, values, "bar")],
        title=f"{label} · {_(GROUPS.get(fig.group_by, fig.group_by))}",
        desc=_("%(label)s: %(total)s in all, %(start)s to %(end)s.")
        % {
            "label": label,
            "total": format_decimal(fig.totals.get(column, 0), locale=lang),
            "start": fig.period.start.isoformat(),
            "end": fig.period.end.isoformat(),
        },
    )
    step = max(1, len(keys) // 12)
    labels = {d: fig.rows[i].key for i, d in enumerate(keys) if i % step == 0}
    top = charts.ceiling(max(values, default=0))
    numbers = {n: format_decimal(n, locale=lang) for n in (0, top // 2, top)}
    return chart, charts.bars(chart, labels, numbers)


def _compute(
    request: Request, principal: Principal, session: Any
) -> tuple[dict[str, Any], Figure | None, int]:
    params = _params(request)
    errors: dict[str, str] = {}
    name = params["figure"] or "searches"
    if name not in FIGURES:
        errors["figure"] = N_("Choose a figure from the list.")
    today = clock_now(request.app.state.settings).date()
    period = _period(params, today, errors)
    context: dict[str, Any] = {
        "params": params,
        "errors": errors,
        "figures": FIGURES,
        "groups": GROUPS,
        "columns": COLUMNS,
        "name": name,
    }
    if errors or period is None:
        return context, None, 422
    if name == "staff":
        return context, _staff_figure(session, principal, period), 200
    figure = FigureName(name)
    group = params["group_by"] or figures.GROUPS[figure][0]
    if group not in figures.GROUPS[figure]:
        errors["group_by"] = N_("This figure cannot be grouped that way.")
        return context, None, 422
    fig = figures.compute(
        session, principal, figure, period=period, group_by=group, country=params["country"] or None
    )
    context["allowed_groups"] = figures.GROUPS[figure]
    return context, fig, 200


@router.get("")
def stats_page(request: Request, principal: Reader, session: SessionDep) -> Response:
    context, fig, status = _compute(request, principal, session)
    context.setdefault("allowed_groups", tuple(GROUPS))
    context.update({"fig": fig, "chart": None, "chart_svg": None, "column": None})
    if fig is not None:
        column = context["params"]["column"]
        column = column if column in fig.columns else fig.columns[0]
        lang = i18n.choose(request)
        context["column"] = column
        context["chart"], context["chart_svg"] = _chart(fig, column, lang)
        context["drill"] = fig.group_by == "country" and fig.figure != "members"
        context["own"] = principal.country
        context["secretariat"] = principal.is_secretariat
        context["query"] = urlencode(
            {k: v for k, v in context["params"].items() if v and k != "column"}
        )
    return render(request, "console/stats/index.html", context, status=status)


@router.get("/export")
def export(request: Request, principal: Reader, session: SessionDep) -> Response:
    """The figure on the page as CSV (the API's ``?format=csv``)."""
    _context, fig, _status = _compute(request, principal, session)
    if fig is None:
        return stats_page(request, principal, session)
    name = f"{fig.figure}-{fig.period.start}-{fig.period.end}.csv"
    return Response(
        fig.to_csv(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
