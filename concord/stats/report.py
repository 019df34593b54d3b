"""The annual report: the year's headline figures and charts, computed by the same functions
as the API (so they are authorised and audited alike), written as one self-contained HTML file
(inline CSS and SVG charts, no external asset) and as a PDF (:mod:`.report_pdf`).

Every headline states its period and its source. Operations count in the year they start;
searches, hits, notices issued and refused are events of the year; valid notices, assets under
notice and staff are counted on 31 December (or today, for the current year)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from html import escape
from pathlib import Path

from sqlalchemy.orm import Session

from concord.auth.principal import Principal
from concord.stats import assets, members, messages, notices, operations, searches, staff, svg
from concord.stats.common import check_reader
from concord.stats.periods import Period
from concord.stats.periods import year as year_period
from concord.stats.schemas import Figure, Row

Number = int | float


@dataclass(frozen=True)
class Headline:
    label: str
    value: Number
    unit: str
    period: str
    source: str

    @property
    def text(self) -> str:
        return svg.number(self.value, self.unit)


@dataclass(frozen=True)
class ChartData:
    key: str
    title: str
    labels: list[str]
    values: list[float]
    unit: str
    source: str


@dataclass
class AnnualReport:
    year: int
    period: Period
    scope: str
    generated_at: datetime
    headlines: list[Headline] = field(default_factory=list)
    charts: list[ChartData] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def build(session: Session, principal: Principal, *, year: int, today: date) -> AnnualReport:
    """Compute the report of ``year`` (up to ``today`` if the year is not over)."""
    check_reader(principal)
    full = year_period(year)
    period = Period(full.start, min(full.end, max(today, full.start)))
    label = period.label
    end = f"on {period.end.isoformat()}"
    ops = operations.compute(session, principal, period=period, group_by="crime_area")
    scr = searches.compute(session, principal, period=period, group_by="month")
    nts = notices.compute(session, principal, period=period, group_by="type")
    msg = messages.compute(session, principal, period=period, group_by="month")
    mem = members.compute(session, principal, period=period, group_by="region")
    under = assets.under_notice(session, period.until)
    rep = staff.representation(session, principal, at=period.end)
    report = AnnualReport(
        year=year,
        period=period,
        scope=ops.scope,
        generated_at=datetime.now(UTC),
    )
    t = ops.totals
    h = report.headlines
    for key, name, unit in (
        ("operations", "Operations", ""),
        ("arrests", "Arrests", ""),
        ("seizures_usd", "Seizures (estimated value)", "USD"),
        ("vehicles_recovered", "Vehicles recovered", ""),
        ("vehicles_usd", "Vehicles recovered (value)", "USD"),
        ("assets_usd", "Assets frozen or seized in operations", "USD"),
    ):
        h.append(Headline(name, t[key], unit, label, ops.source))
    h.append(Headline("Silver Notices in circulation", under.notices, "", end, under.source))
    h.append(Headline("Assets under Silver Notices", under.assets, "", end, under.source))
    h.append(Headline("Assets under notice (value)", under.value_usd, "USD", end, under.source))
    h.append(Headline("Database searches", scr.totals["searches"], "", label, scr.source))
    h.append(Headline("Hits", scr.totals["hits"], "", label, scr.source))
    h.append(Headline("Notices issued", nts.totals["issued"], "", label, nts.source))
    h.append(Headline("Notices refused", nts.totals["refused"], "", label, nts.source))
    h.append(Headline("Notices valid", nts.totals["valid"], "", end, nts.source))
    h.append(Headline("Messages exchanged", msg.totals["messages"], "", label, msg.source))
    h.append(Headline("Member countries", mem.totals["members"], "", end, mem.source))
    h.append(Headline("Staff", rep.staff, "", end, rep.source))
    h.append(Headline("Nationalities among staff", rep.countries, "", end, rep.source))
    h.append(Headline("Regions represented among staff", rep.regions, "", end, rep.source))
    areas = [r for r in ops.rows if r.values["operations"]]
    c = report.charts
    c.append(_chart("ops-area", "Operations by crime area", areas, "operations", "", ops))
    c.append(_chart("arrests-area", "Arrests by crime area", areas, "arrests", "", ops))
    c.append(_chart("seizures-area", "Seizures by value (USD)", areas, "seizures_usd", "USD", ops))
    c.append(_chart("searches-month", "Database searches by month", scr.rows, "searches", "", scr))
    c.append(_chart("notices-type", "Notices issued by type", nts.rows, "issued", "", nts))
    c.append(
        ChartData(
            "staff-region",
            f"Staff by region {end}",
            [r.region for r in rep.by_region],
            [float(r.staff) for r in rep.by_region],
            "",
            rep.source,
        )
    )
    if under.unconverted:
        report.notes.append(
            "Asset values without a US dollar rate, not in the total: "
            + ", ".join(f"{v:,.2f} {k}" for k, v in sorted(under.unconverted.items()))
        )
    report.notes.extend(scr.notes)
    return report


def _chart(
    key: str, title: str, rows: Sequence[Row], column: str, unit: str, fig: Figure
) -> ChartData:
    labels = [r.key for r in rows]
    return ChartData(key, title, labels, [float(r.values[column]) for r in rows], unit, fig.source)


CSS = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#1b1b1b;padding:0 1rem}
h1{font-size:1.8rem}h2{font-size:1.25rem;margin-top:2rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.35rem;
text-align:start;vertical-align:top}td.num{text-align:end;white-space:nowrap;font-weight:600}
.src{color:#555;font-size:.85rem}figure{margin:1rem 0}svg{max-width:100%;height:auto}
"""


def render_html(report: AnnualReport) -> str:
    """The report as one self-contained HTML document."""
    rows = "".join(
        f"<tr><th scope='row'>{escape(h.label)}</th><td class='num'>{escape(h.text)}</td>"
        f"<td class='src'>{escape(h.period)}<br>{escape(h.source)}</td></tr>"
        for h in report.headlines
    )
    charts = "".join(
        f"<figure>{svg.bars(c.key, c.title, c.labels, c.values, unit=c.unit)}"
        f"<figcaption class='src'>{escape(c.title)}. Source: {escape(c.source)}</figcaption>"
        "</figure>"
        for c in report.charts
    )
    notes = "".join(f"<li>{escape(n)}</li>" for n in report.notes)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Concord annual report {report.year}</title>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<style>{CSS}</style></head><body>"
        f"<h1>Annual report {report.year}</h1>"
        f"<p>Period {escape(report.period.label)} · {escape(report.scope)} · generated "
        f"{report.generated_at:%Y-%m-%d %H:%M} UTC from Concord's own data.</p>"
        "<h2>Headline figures</h2><table><thead><tr><th scope='col'>Figure</th>"
        "<th scope='col'>Value</th><th scope='col'>Period and source</th></tr></thead>"
        f"<tbody>{rows}</tbody></table><h2>Charts</h2>{charts}"
        + (f"<h2>Notes</h2><ul>{notes}</ul>" if notes else "")
        + "</body></html>"
    )


def write(report: AnnualReport, out: Path) -> tuple[Path, Path]:
    """Write ``annual-YYYY.html`` and ``annual-YYYY.pdf`` into ``out``."""
    from concord.stats.report_pdf import write_pdf

    out.mkdir(parents=True, exist_ok=True)
    html = out / f"annual-{report.year}.html"
    html.write_text(render_html(report), encoding="utf-8")
    pdf = out / f"annual-{report.year}.pdf"
    write_pdf(report, pdf)
    return html, pdf
