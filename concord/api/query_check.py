"""Unknown query parameters are refused (422), not silently ignored.

A misspelt filter (``?countyr=FR``) that the API ignored would answer a different question
than the one asked: every page of everything instead of one country's rows. This app-wide
dependency compares the request's query keys with the parameters the matched route declares
(its own and its dependencies') and names the first unknown one.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import BaseModel

from concord.errors import ValidationFailedError

#: Paths whose query strings are checked: the API and the public notices API.
CHECKED_PREFIXES = ("/api/", "/notices/v1/")

_declared: dict[int, frozenset[str]] = {}


def _names(route: APIRoute) -> frozenset[str]:
    key = id(route)
    names = _declared.get(key)
    if names is None:
        names = frozenset(_query_names(route.dependant))
        _declared[key] = names
    return names


def _query_names(dependant: Dependant) -> set[str]:
    names: set[str] = set()
    for param in dependant.query_params:
        model = param.field_info.annotation
        if isinstance(model, type) and issubclass(model, BaseModel):
            names.update(f.alias or n for n, f in model.model_fields.items())
        else:
            names.add(param.alias)
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


async def reject_unknown_query(request: Request) -> None:
    if not request.url.path.startswith(CHECKED_PREFIXES) or not request.query_params:
        return
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    allowed = _names(route)
    for key in request.query_params:
        if key not in allowed:
            known = ", ".join(sorted(allowed)) or "none"
            raise ValidationFailedError(
                f"Unknown query parameter '{key[:60]}' (this operation takes: {known})"
            )
