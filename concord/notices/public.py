"""Public notices extracts: INTERPOL's public notices web service (``ws-public.interpol.int``)
spoken by Concord, unauthenticated and read-only, so that its existing clients work unchanged.

Public means published, in circulation and either a Red or Yellow Notice whose requesting
country consented or a UN Special Notice (:func:`~concord.notices.public_cache.is_public`);
anything else answers 404, the same as an unknown id. The public notices of a type are read
once into an index and searched in memory; answers are cached by URL until any notice changes
(:mod:`concord.notices.public_cache`). See ``docs/public-notices.md``."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel

from concord.clock import now as clock_now
from concord.db.database import Database
from concord.errors import NotFoundError, ValidationFailedError
from concord.notices import public_schemas as out
from concord.notices.public_cache import (
    Answer,
    Entry,
    Filters,
    Index,
    PublicCache,
    fold,
    load_index,
    matches,
)
from concord.notices.service import generation
from concord.settings import Settings

router = APIRouter(prefix="/notices/v1", tags=["public notices"])

#: URL collection -> (notice type, what it holds)
COLLECTIONS = {
    "red": ("red", "Red Notices"),
    "yellow": ("yellow", "Yellow Notices"),
    "un": ("un", "UN Special Notices (persons and entities)"),
    "un/persons": ("un", "UN Special Notices about persons"),
    "un/entities": ("un", "UN Special Notices about entities"),
}

# -- query parameters (an empty value is no filter, as some clients send every parameter) --------

_COUNTRY = r"^([A-Za-z]{2})?$"
_AGE = r"^[0-9]{0,3}$"


def _filters(
    name: Annotated[str | None, Query(max_length=100, description="Part of a name")] = None,
    free_text: Annotated[
        str | None, Query(alias="freeText", max_length=200, description="Words of names, charges")
    ] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(alias="resultPerPage", ge=1, le=160)] = 20,
) -> Filters:
    given: dict[str, str | int] = {}
    for key, value in (("name", name), ("freeText", free_text)):
        if value and value.strip():
            given[key] = value.strip()
    return Filters(page, per_page, fold(name or ""), fold(free_text or ""), given=given)


def _person_filters(
    base: Annotated[Filters, Depends(_filters)],
    forename: Annotated[str | None, Query(max_length=100, description="Part of a forename")] = None,
    nationality: Annotated[str | None, Query(pattern=_COUNTRY, description="ISO alpha-2")] = None,
    age_min: Annotated[str | None, Query(alias="ageMin", pattern=_AGE, description="Years")] = None,
    age_max: Annotated[str | None, Query(alias="ageMax", pattern=_AGE, description="Years")] = None,
    sex: Annotated[Literal["F", "M", "U", ""] | None, Query(alias="sexId")] = None,
) -> Filters:
    low, high = int(age_min) if age_min else None, int(age_max) if age_max else None
    if low is not None and high is not None and low > high:
        raise ValidationFailedError(
            f"query.ageMin: {low} is more than ageMax ({high})",
            errors=[{"loc": ["query", "ageMin"], "msg": "more than ageMax", "type": "value_error"}],
        )
    nationality = (nationality or "").upper()
    given = dict(base.given)
    for key, value in (
        ("forename", (forename or "").strip()),
        ("nationality", nationality),
        ("ageMin", low),
        ("ageMax", high),
        ("sexId", sex or ""),
    ):
        if value not in ("", None):
            given[key] = value
    return replace(
        base,
        forename=fold(forename or ""),
        nationality=nationality,
        age_min=low,
        age_max=high,
        sex=sex or "",
        given=given,
    )


def _red_filters(
    base: Annotated[Filters, Depends(_person_filters)],
    country: Annotated[
        str | None,
        Query(alias="arrestWarrantCountryId", pattern=_COUNTRY, description="Warrant's country"),
    ] = None,
) -> Filters:
    if not country:
        return base
    code = country.upper()
    return replace(base, warrant_country=code, given={**base.given, "arrestWarrantCountryId": code})


_FILTERS: dict[str, Callable[..., Filters]] = {
    "red": _red_filters,
    "yellow": _person_filters,
    "un": _person_filters,
    "un/persons": _person_filters,
    "un/entities": _filters,
}

# -- answers ------------------------------------------------------------------------------------


def _page(index: Index, base: str, collection: str, f: Filters, today: date) -> out.NoticeList:
    kinds = ("un/persons", "un/entities") if collection == "un" else (collection,)
    found = [e for e in index.entries if e.kind in kinds and matches(e, f, today)]
    last = max(1, -(-len(found) // f.per_page))
    chunk = found[(f.page - 1) * f.per_page : f.page * f.per_page]

    def link(page: int) -> out.Href:
        query = urlencode({**f.given, "page": page, "resultPerPage": f.per_page})
        return out.Href(href=f"{base}notices/v1/{collection}?{query}")

    return out.NoticeList(
        total=len(found),
        query={"page": f.page, "resultPerPage": f.per_page, **f.given},
        embedded=out.Notices(notices=[out.item(base, e) for e in chunk]),
        links=out.PageLinks(
            self_=link(f.page),
            first=link(1),
            last=link(last),
            next=link(f.page + 1) if f.page < last else None,
        ),
    )


def _find(index: Index, collection: str, notice_id: str) -> Entry:
    entry = index.by_id.get(notice_id.replace("-", "/"))
    if entry is None or entry.kind != collection:
        raise NotFoundError(f"No public notice '{notice_id}' in {collection}")
    return entry


Build = Callable[[Index, str, datetime], BaseModel]


def _cache(request: Request, settings: Settings) -> PublicCache:
    state = request.app.state
    cache: PublicCache | None = getattr(state, "public_notices_cache", None)
    if cache is None:
        cache = state.public_notices_cache = PublicCache(settings.notices_public_cache_seconds)
    return cache


def _serve(request: Request, type_: str, build: Build) -> Response:
    """Answer from the cache, or build the answer from the index (read if need be). These
    routes live outside ``/api``: they open their own read-only session."""
    settings: Settings = request.app.state.settings
    db: Database = request.app.state.db
    cache = _cache(request, settings)
    key = str(request.url)
    with db.session() as session:
        current = generation(session)
        now = clock_now(settings)
        answer = cache.answer(key, current, now)
        if answer is None:
            index = cache.index(type_, current, now)
            if index is None:
                index = load_index(session, type_, now, cache.last_index(type_))
                cache.keep_index(type_, current, index)
            body = out.encode(build(index, str(request.base_url), now))
            etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
            answer = Answer(body, etag, index.valid_until)
            cache.keep_answer(key, current, answer)
    seconds = int(settings.notices_public_cache_seconds)
    headers = {"ETag": answer.etag, "Cache-Control": f"public, max-age={seconds}"}
    asked = request.headers.get("if-none-match", "")
    if asked == "*" or answer.etag in {t.strip().removeprefix("W/") for t in asked.split(",")}:
        return Response(status_code=304, headers=headers)
    return Response(answer.body, media_type="application/json; charset=utf-8", headers=headers)


# -- routes -------------------------------------------------------------------------------------

NoticeID = Annotated[
    str,
    Path(
        alias="noticeID",
        pattern=r"^[0-9]{4}-[0-9]{5,6}$",
        description="The entity id with '-' for '/', e.g. 2026-00042",
    ),
]
PictureID = Annotated[str, Path(alias="pictureID", pattern=r"^([0-9]{1,10}|none)$")]
_DETAILS: dict[str, type[BaseModel]] = {
    "red": out.RedNotice,
    "yellow": out.YellowNotice,
    "un/persons": out.UNPerson,
    "un/entities": out.UNEntity,
}


def _routes(collection: str) -> None:
    type_, label = COLLECTIONS[collection]
    ident = collection.replace("/", "_")
    filters_of = _FILTERS[collection]

    # Depends as a default, not in Annotated: annotations are strings, filters_of is a local
    @router.get(
        f"/{collection}", response_model=out.NoticeList, name=f"public_{ident}_list",
        summary=f"Search the public {label}",
    )  # fmt: skip
    def search(request: Request, f: Filters = Depends(filters_of)) -> Response:
        return _serve(
            request, type_, lambda i, base, now: _page(i, base, collection, f, now.date())
        )

    if collection not in _DETAILS:
        return

    @router.get(
        f"/{collection}/{{noticeID}}", response_model=_DETAILS[collection],
        name=f"public_{ident}_read", summary=f"One of the public {label}",
    )  # fmt: skip
    def read(request: Request, notice_id: NoticeID) -> Response:
        return _serve(
            request, type_, lambda i, base, _: out.detail(base, _find(i, collection, notice_id))
        )

    @router.get(
        f"/{collection}/{{noticeID}}/images", response_model=out.ImageList,
        name=f"public_{ident}_images", summary="The pictures of a notice",
    )  # fmt: skip
    def pictures(request: Request, notice_id: NoticeID) -> Response:
        return _serve(
            request, type_, lambda i, base, _: out.images(base, _find(i, collection, notice_id))
        )

    @router.get(
        f"/{collection}/{{noticeID}}/images/{{pictureID}}", name=f"public_{ident}_picture",
        summary="A picture: 404, Concord holds references to pictures, not the files",
    )  # fmt: skip
    def picture(request: Request, notice_id: NoticeID, picture_id: PictureID) -> Response:
        def refuse(index: Index, base: str, now: datetime) -> BaseModel:
            _find(index, collection, notice_id)
            raise NotFoundError(
                f"Picture '{picture_id}': Concord keeps references to pictures, not the files; "
                "ask the NCB of the requesting country"
            )

        return _serve(request, type_, refuse)


for _collection in COLLECTIONS:
    _routes(_collection)
