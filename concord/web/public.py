"""The public notices site (``/public/``): anyone may search the published Red, Yellow and
UN Special Notice extracts and read one, without signing in.

The same data as the public notices API (:mod:`concord.notices.public`): the same index of
public notices (published, in circulation, consented to or UN), read through the same cache,
filtered by the same :func:`~concord.notices.public_cache.matches`, shown through the same
extract (:func:`~concord.notices.public_schemas.detail`). A notice the API does not serve is
404 here too. Nothing private, no console navigation."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from concord.clock import now as clock_now
from concord.db.database import Database
from concord.errors import NotFoundError
from concord.notices import public_schemas as out
from concord.notices.public import _cache
from concord.notices.public_cache import Entry, Filters, Index, fold, load_index, matches
from concord.notices.service import generation
from concord.settings import Settings
from concord.web.nav import N_
from concord.web.templating import render

router = APIRouter(prefix="/public", include_in_schema=False)
PER_PAGE = 20
#: the types the public may search, and the index each lives in
TYPES = {"red": N_("Red Notices"), "yellow": N_("Yellow Notices"), "un": N_("UN Special Notices")}
KINDS = {
    "red": N_("Red Notice"),
    "yellow": N_("Yellow Notice"),
    "un-persons": N_("UN Special Notice (person)"),
    "un-entities": N_("UN Special Notice (entity)"),
}
SEXES = {"F": N_("Female"), "M": N_("Male"), "U": N_("Unknown")}
_COUNTRY = r"^([A-Za-z]{2})?$"
#: every field an extract may have (those its type lacks are shown as absent)
_FIELDS = {
    f
    for model in (out.RedNotice, out.YellowNotice, out.UNPerson, out.UNEntity)
    for f in model.model_fields
}
_AGE = r"^[0-9]{0,3}$"


def _index(request: Request, type_: str) -> tuple[Index, date]:
    """The public index of ``type_``, from the public API's cache (read if need be)."""
    settings: Settings = request.app.state.settings
    db: Database = request.app.state.db
    cache = _cache(request, settings)
    with db.session() as session:
        current = generation(session)
        now = clock_now(settings)
        index = cache.index(type_, current, now)
        if index is None:
            index = load_index(session, type_, now, cache.last_index(type_))
            cache.keep_index(type_, current, index)
    return index, now.date()


def _slug(entry: Entry) -> str:
    return entry.kind.replace("/", "-")


def _link(entry: Entry) -> str:
    return f"/public/notices/{_slug(entry)}/{entry.entity_id.replace('/', '-')}"


@router.get("/")
def search(
    request: Request,
    type: Annotated[str, Query(pattern="^(red|yellow|un)$")] = "red",
    name: Annotated[str, Query(max_length=100)] = "",
    forename: Annotated[str, Query(max_length=100)] = "",
    nationality: Annotated[str, Query(pattern=_COUNTRY)] = "",
    age_min: Annotated[str, Query(pattern=_AGE)] = "",
    age_max: Annotated[str, Query(pattern=_AGE)] = "",
    sex: Annotated[str, Query(pattern="^(F|M|U)?$")] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    low, high = (int(age_min) if age_min else None), (int(age_max) if age_max else None)
    given = {
        "type": type,
        "name": name.strip(),
        "forename": forename.strip(),
        "nationality": nationality.upper(),
        "age_min": age_min,
        "age_max": age_max,
        "sex": sex,
    }
    error = None
    if low is not None and high is not None and low > high:
        error = "age"
    f = Filters(
        page,
        PER_PAGE,
        name=fold(name),
        forename=fold(forename),
        nationality=nationality.upper(),
        age_min=low,
        age_max=high,
        sex=sex,
    )
    index, today = _index(request, type)
    kinds = ("un/persons", "un/entities") if type == "un" else (type,)
    found = [] if error else [e for e in index.entries if e.kind in kinds and matches(e, f, today)]
    pages = max(1, -(-len(found) // PER_PAGE))
    chunk = found[(page - 1) * PER_PAGE : page * PER_PAGE]
    base = str(request.base_url)
    results = [(out.item(base, e), _link(e), KINDS[_slug(e)]) for e in chunk]
    return render(
        request,
        "public/search.html",
        {
            "v": given,
            "types": TYPES,
            "sexes": SEXES,
            "results": results,
            "total": len(found),
            "page": page,
            "pages": pages,
            "query": urlencode({k: v for k, v in given.items() if v}),
            "error": error,
            "countries": sorted(_nationalities(index)),
        },
        status=422 if error else 200,
    )


def _nationalities(index: Index) -> set[str]:
    return {c for e in index.entries if e.person for c in e.person.nationalities}


@router.get("/notices/{kind}/{entity_id}")
def notice(
    request: Request,
    kind: Annotated[str, Path(pattern="^(red|yellow|un-persons|un-entities)$")],
    entity_id: Annotated[str, Path(pattern=r"^[0-9]{4}-[0-9]{5,6}$")],
) -> Response:
    type_ = "un" if kind.startswith("un") else kind
    index, _today = _index(request, type_)
    entry = index.by_id.get(entity_id.replace("-", "/"))
    if entry is None or _slug(entry) != kind:
        raise NotFoundError(f"No public notice '{entity_id}'")
    extract: Any = out.detail(str(request.base_url), entry)
    photos = len(entry.person.photos) if entry.person else 0
    return render(
        request,
        "public/notice.html",
        {
            "n": dict.fromkeys(_FIELDS) | extract.model_dump(by_alias=False),
            "kind": kind,
            "kind_label": KINDS[kind],
            "sexes": SEXES,
            "photos": photos,
            "published_at": entry.published_at,
        },
    )
