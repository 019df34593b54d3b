"""The annual report as a PDF (reportlab): the headline figures as a table, each with its
period and source, then one bar chart per figure. Written with ``invariant`` (the same input
gives the same bytes) and without page compression, so the figures' text can be found in the
file by anyone checking it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart  # type: ignore[import-untyped]
from reportlab.graphics.shapes import Drawing, String  # type: ignore[import-untyped]
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.styles import getSampleStyleSheet  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from concord.stats.report import AnnualReport, ChartData
from concord.stats.svg import number

BLUE = colors.HexColor("#1f5f99")


def _chart(c: ChartData, width: float) -> Drawing:
    rows = max(len(c.labels), 1)
    height = 14 * rows + 40
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 20
    chart.width, chart.height = width - 230, height - 40
    chart.data = [list(reversed(c.values)) or [0.0]]
    chart.categoryAxis.categoryNames = list(reversed(c.labels)) or [""]
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(c.values, default=0) or 1
    chart.valueAxis.labels.fontSize = 6
    chart.bars[0].fillColor = BLUE
    chart.barLabelFormat = lambda v: number(v, c.unit)
    chart.barLabels.fontSize = 6
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    drawing.add(String(0, height - 10, c.title, fontName="Helvetica-Bold", fontSize=9))
    return drawing


def write_pdf(report: AnnualReport, path: Path) -> None:
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=7, leading=9, textColor=colors.grey)
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        title=f"Concord annual report {report.year}",
        author="Concord",
        invariant=1,
        pageCompression=0,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
    )
    story: list[Any] = [
        Paragraph(f"Annual report {report.year}", styles["Title"]),
        Paragraph(
            f"Period {report.period.label} · {report.scope} · from Concord's own data",
            styles["BodyText"],
        ),
        Spacer(1, 6 * mm),
        Paragraph("Headline figures", styles["Heading2"]),
    ]
    data: list[list[Any]] = [["Figure", "Value", "Period and source"]]
    for h in report.headlines:
        data.append(
            [
                Paragraph(h.label, styles["BodyText"]),
                h.text,
                Paragraph(f"{h.period}<br/>{h.source}", small),
            ]
        )
    table = Table(data, colWidths=[60 * mm, 38 * mm, 76 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("ALIGN", (1, 1), (1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
            ]
        )
    )
    story += [table, Spacer(1, 6 * mm), Paragraph("Charts", styles["Heading2"])]
    width = A4[0] - 36 * mm
    for c in report.charts:
        story.append(
            KeepTogether(
                [_chart(c, width), Paragraph(f"Source: {c.source}", small), Spacer(1, 4 * mm)]
            )
        )
    if report.notes:
        story.append(Paragraph("Notes", styles["Heading2"]))
        story += [Paragraph(n, styles["BodyText"]) for n in report.notes]
    doc.build(story)
