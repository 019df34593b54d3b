"""Charts drawn on the server as inline SVG (no script, no library): bars per day for one or
more series, with axis labels, a ``<title>`` and ``<desc>`` for screen readers, and the same
numbers as a table (the template shows it as the accessible alternative)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from markupsafe import Markup

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 12, 34


@dataclass(frozen=True)
class Series:
    label: str
    values: list[int]
    css: str = "bar"


@dataclass(frozen=True)
class Chart:
    days: list[date]
    series: list[Series]
    title: str
    desc: str

    @property
    def rows(self) -> list[tuple[date, list[int]]]:
        """The numbers by day, for the table beside the chart."""
        return [(d, [s.values[i] for s in self.series]) for i, d in enumerate(self.days)]

    @property
    def totals(self) -> list[int]:
        return [sum(s.values) for s in self.series]


def ceiling(value: int) -> int:
    """A round top for the axis: 1, 2, 5, 10, 20, 50, ... at least ``value``."""
    scale = 1
    while True:
        for step in (1, 2, 5):
            if step * scale >= value:
                return step * scale
        scale *= 10


def bars(chart: Chart, day_label: dict[date, str], number: dict[int, str]) -> Markup:
    """The SVG of ``chart``: grouped bars per day; ``day_label`` and ``number`` give the
    localised texts of the x axis (every few days) and of the y axis."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = ceiling(max((v for s in chart.series for v in s.values), default=0))
    n = max(len(chart.days), 1)
    slot = plot_w / n
    width = max(slot * 0.8 / max(len(chart.series), 1), 1.0)
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{escape(chart.title)}</title>',
        f'<desc id="chart-desc">{escape(chart.desc)}</desc>',
    ]
    for tick in (0, top // 2, top) if top % 2 == 0 else (0, top):
        y = TOP + plot_h - plot_h * tick / top
        parts.append(
            f'<line class="axis" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"/>'
        )
        label = escape(number.get(tick, str(tick)))
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    for i, day in enumerate(chart.days):
        x0 = LEFT + slot * i + slot * 0.1
        for j, s in enumerate(chart.series):
            value = s.values[i]
            h = plot_h * value / top
            x = x0 + j * width
            y = TOP + plot_h - h
            parts.append(
                f'<rect class="{escape(s.css)}" x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
                f'height="{h:.1f}"><title>{escape(s.label)}: {value}</title></rect>'
            )
        if day in day_label:
            cx = LEFT + slot * (i + 0.5)
            parts.append(
                f'<text x="{cx:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">'
                f"{escape(day_label[day])}</text>"
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped
