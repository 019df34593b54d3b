"""Finding messages by a referenced person's name: the screening matcher finds the person
records the caller may see under that name (any script); messages referencing them match."""

from __future__ import annotations

from fastapi import Request

from concord.auth.principal import Principal
from concord.screening.runtime import ScreeningRuntime
from concord.screening.schemas import PersonQuery, ScreenQuery


def records_named(request: Request, principal: Principal, name: str) -> list[str]:
    runtime: ScreeningRuntime = request.app.state.screening
    query = ScreenQuery(person=PersonQuery(names=[name]))
    found = runtime.run(principal, [query], purpose="message_search")
    return [h.record_id for s in found for h in s.outcome.hits]
