"""The demo's past: what the platform's members did in the five years before the year the demo
is loaded, scaled down from the real figures, so that the statistics and the annual report of
those years tell the same story as the operations of those years (``operations.py``).

- **Notices** (``past_notices.py``): Red Notices at 1:2,000 of INTERPOL's (15,548 issued in
  2024, about 8% more each year), the other types in the proportions of the notices valid at
  the end of 2023 (Yellow 0.22, Blue 0.24, Black 0.03 of Red), refusals at 1:2,000 of the
  2,462 refused or cancelled in 2024; each with its whole history (request, submission,
  review, decision, and for some a later cancellation) dated in its year.
- **Messages** (``past_messages.py``): at 1:100,000 of the 1.79 million messages Europol's
  SIENA carried in 2023 (INTERPOL publishes no message count), about 8% more each year, in
  cases of one to three messages between the demo NCBs, encrypted and signed by the messaging
  service with the time of their year.
- **Searches** (below): monthly tallies per country at 1:100,000 of INTERPOL's searches (5.4
  billion with 1.1 million hits in 2018, ~20 million a day in 2023: a straight line through
  both), loaded as ``search_tallies`` (:mod:`concord.stats.tallies`): the audit trail is
  hash-chained and begins when the demo is loaded, it is never backdated. The tallies go up to
  the month before the load, so that the load year's searches are its tallied months plus what
  the trail records.

The figures come from ``/work/shared/anchors.md`` (INTERPOL's and Europol's reports); the
scales are in ``docs/statistics.md``. Everything is drawn from the demo seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from concord.bootstrap import system_principal
from concord.clock import now as clock_now
from concord.demo.past_messages import load_past_messages
from concord.demo.past_notices import load_past_notices
from concord.demo.people import COUNTRIES
from concord.settings import Settings
from concord.stats import tallies

YEARS = 5
SEARCH_SCALE = 100_000
TALLY_SOURCE = (
    "demo: INTERPOL's searches scaled 1:100,000 (5.4 billion in 2018, 7.3 billion in 2023)"
)
#: Searches a year (INTERPOL, anchors): 5.4 billion in 2018, ~20 million a day in 2023.
_SEARCHES_2018, _SEARCHES_2023 = 5.4e9, 7.3e9
#: Hits per search: 1.1 million hits in 2018 for 5.4 billion searches.
HIT_RATE = 1.1e6 / 5.4e9
#: How much each country searches, relative to the others (the Secretariat: IPSG).
_WEIGHT = {"US": 9, "DE": 7, "FR": 7, "ES": 5, "IT": 5, "TR": 5, "IN": 4, "BR": 4, "RU": 3}
#: Travel peaks in summer and at the end of the year: relative searches by month.
_SEASON = (0.85, 0.8, 0.9, 0.95, 1.0, 1.1, 1.25, 1.3, 1.05, 0.95, 0.9, 1.05)


@dataclass
class DemoHistory:
    years: tuple[int, int]
    notices: int = 0
    messages: int = 0
    tallies: int = 0
    searches: int = 0


def searches_in(year: int) -> float:
    """INTERPOL's searches in ``year`` (a straight line through the 2018 and 2023 figures)."""
    return _SEARCHES_2018 + (year - 2018) * (_SEARCHES_2023 - _SEARCHES_2018) / 5


def _months(first: int, today: date) -> list[date]:
    out, day = [], date(first, 1, 1)
    while (day.year, day.month) < (today.year, today.month):
        out.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return out


def search_tallies(seed: int, first: int, today: date) -> list[tallies.Tally]:
    """Monthly tallies per demo country from January of ``first`` to the month before
    ``today``, adding up to the scaled yearly figures; each year's hits (searches times the
    2018 hit rate, rounded) fall in months and countries in proportion to their searches."""
    rnd = random.Random(f"concord-demo-searches:{seed}")  # noqa: S311 - reproducible demo
    codes = [c.code for c in COUNTRIES] + ["IPSG"]
    weights = [_WEIGHT.get(c, 2) for c in codes]
    cells: dict[int, list[tuple[date, str, int]]] = {}
    for month in _months(first, today):
        share = _SEASON[month.month - 1] / sum(_SEASON)
        total = searches_in(month.year) / SEARCH_SCALE * share
        for code, w in zip(codes, weights, strict=True):
            searches = round(total * w / sum(weights) * rnd.uniform(0.9, 1.1))
            cells.setdefault(month.year, []).append((month, code, searches))
    out: list[tallies.Tally] = []
    for year_cells in cells.values():
        hits = [0] * len(year_cells)
        target = round(sum(n for _, _, n in year_cells) * HIT_RATE)
        for i in rnd.choices(range(len(year_cells)), [n for _, _, n in year_cells], k=target):
            hits[i] += 1
        out += [tallies.Tally(m, c, n, h) for (m, c, n), h in zip(year_cells, hits, strict=True)]
    return out


def load_history(session: Session, settings: Settings, seed: int) -> DemoHistory:
    """Load the five years before the current one (after the accounts and records)."""
    today = clock_now(settings).date()
    first, last = today.year - YEARS, today.year - 1
    out = DemoHistory(years=(first, last))
    out.notices = load_past_notices(session, settings, seed, first, last).notices
    out.messages = load_past_messages(session, settings, seed, first, last)
    rows = search_tallies(seed, first, today)
    out.tallies = tallies.load(
        session, system_principal(session), tallies=rows, source=TALLY_SOURCE, settings=settings
    )
    out.searches = sum(t.searches for t in rows)
    return out
