"""Finding messages by a referenced person's name: the screening matcher finds the person
records the caller may see under that name (any script); messages referencing them match."""

from __future__ import annotations

from fastapi import Request
from pydantic import ValidationError

from concord.auth.principal import Principal
from concord.errors import ValidationFailedError
from concord.screening.runtime import ScreeningRuntime
from concord.screening.schemas import PersonQuery, ScreenQuery


def records_named(request: Request, principal: Principal, name: str) -> list[str]:
    runtime: ScreeningRuntime = request.app.state.screening
    try:
        query = ScreenQuery(person=PersonQuery(names=[name]))
    except ValidationError as exc:
        reason = exc.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
        raise ValidationFailedError(f"name: {reason}") from None
    found = runtime.run(principal, [query], purpose="message_search")
    return [h.record_id for s in found for h in s.outcome.hits]
