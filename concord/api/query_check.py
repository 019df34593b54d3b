"""Unknown query parameters are refused (422), not silently ignored.

A misspelt filter (``?countyr=FR``) that the API ignored would answer a different question
than the one asked: every page of everything instead of one country's rows. This app-wide
dependency compares the request's query keys with the parameters the matched route declares
(its own and its dependencies') and names the first unknown one. A single-valued parameter
given twice (``?country=FR&country=DE``) is refused too: answering for the last value would
again answer a question nobody asked.
"""

from __future__ import annotations

import collections.abc
import types
import typing
from typing import Any

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import BaseModel

from concord.errors import ValidationFailedError

#: Paths whose query strings are checked: the API and the public notices API.
CHECKED_PREFIXES = ("/api/", "/notices/v1/")

#: Per route: each declared query parameter and whether it takes several values.
_declared: dict[int, dict[str, bool]] = {}

_SEQUENCES = (list, tuple, set, frozenset, collections.abc.Sequence, collections.abc.Set)


def _names(route: APIRoute) -> dict[str, bool]:
    key = id(route)
    names = _declared.get(key)
    if names is None:
        names = _query_names(route.dependant)
        _declared[key] = names
    return names


def takes_many(annotation: Any) -> bool:
    """True when a query parameter's annotation accepts repeated values (a list or set)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return takes_many(typing.get_args(annotation)[0])
    if origin is typing.Union or origin is types.UnionType:
        return any(takes_many(arg) for arg in typing.get_args(annotation))
    target = origin if origin is not None else annotation
    return isinstance(target, type) and issubclass(target, _SEQUENCES) and target is not str


def _query_names(dependant: Dependant) -> dict[str, bool]:
    names: dict[str, bool] = {}
    for param in dependant.query_params:
        model = param.field_info.annotation
        if isinstance(model, type) and issubclass(model, BaseModel):
            for name, field in model.model_fields.items():
                names[field.alias or name] = takes_many(field.annotation)
        else:
            names[param.alias] = takes_many(model)
    for sub in dependant.dependencies:
        names.update(_query_names(sub))
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
        if not allowed[key] and len(request.query_params.getlist(key)) > 1:
            raise ValidationFailedError(
                f"Query parameter '{key}' takes one value but was given "
                f"{len(request.query_params.getlist(key))}"
            )
