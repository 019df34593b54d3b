"""Entering and changing records in the console, with the service's validation shown next to
each field: ``service.create`` and ``service.update`` exactly as the API calls them. Persons,
travel documents and vehicles have their own forms; the other types (and every type, on
request) are edited as their JSON data."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import RedirectResponse, Response

from concord.api.deps import SessionDep, SettingsDep
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.errors import ConflictError, PreconditionFailedError, ValidationFailedError
from concord.records import access, service
from concord.records.models import Record
from concord.web import i18n
from concord.web.records import RESTRICTIONS
from concord.web.records_fields import CHOICES, FIELD_LABELS, FORMS, HINTS, data_of, error_field
from concord.web.records_fields import form_of as fields_of
from concord.web.screening import RECORD_TYPES
from concord.web.session import Csrf, web_require
from concord.web.templating import render

router = APIRouter(prefix="/console", include_in_schema=False)
Writer = Annotated[Principal, Depends(web_require(Permission.RECORDS_WRITE))]
META = ("owner_ref", "reliability", "handling", "handling_note", "restriction", "countries")


def _form_values(form: Any, kind: str, json_mode: bool) -> dict[str, str]:
    names = list(META) + ["data", "version"] + [n for n, _i in FORMS.get(kind, ())]
    return {n: str(form.get(n) or "")[:20_000] for n in names} | {"json": "1" if json_mode else ""}


def _page(
    request: Request,
    *,
    kind: str,
    form: dict[str, str],
    errors: dict[str, str],
    row: Record | None,
    status: int = 200,
) -> Response:
    json_mode = bool(form.get("json")) or kind not in FORMS
    context = {
        "kind": kind,
        "type_label": RECORD_TYPES[kind],
        "types": RECORD_TYPES,
        "fields": [] if json_mode else FORMS[kind],
        "json_mode": json_mode,
        "has_form": kind in FORMS,
        "form": form,
        "errors": errors,
        "row": row,
        "labels": FIELD_LABELS,
        "choices": CHOICES,
        "hints": HINTS,
        "restrictions": RESTRICTIONS,
    }
    return render(request, "console/records/form.html", context, status=status)


def _data(kind: str, form: dict[str, str], current: dict[str, Any], gettext: Any) -> Any:
    if not form.get("json") and kind in FORMS:
        return data_of(kind, form, current)
    try:
        data = json.loads(form["data"] or "{}")
    except ValueError as exc:
        raise ValidationFailedError(
            gettext("Not valid JSON: %(reason)s") % {"reason": exc},
            errors=[{"loc": ["data"], "msg": gettext("Not valid JSON")}],
        ) from None
    if not isinstance(data, dict):
        raise ValidationFailedError(
            gettext("The data must be a JSON object"), errors=[{"loc": ["data"], "msg": ""}]
        )
    return data


def errors_of(kind: str, exc: ValidationFailedError) -> dict[str, str]:
    """The service's errors by form field (a message without a field goes on top)."""
    out: dict[str, str] = {}
    for err in exc.errors or []:
        field = error_field(kind, list(err.get("loc", [])))
        out.setdefault(field, str(err.get("msg") or exc.detail).removeprefix("Value error, "))
    if not out:
        text = exc.detail.lower()
        field = "countries" if "restriction" in text or "member" in text else ""
        field = field or ("reliability" if "reliability" in text else "")
        field = field or ("handling" if "handling" in text else "")
        out[field or "form"] = exc.detail
    return out


@router.get("/records/new")
def new_record(
    request: Request,
    principal: Writer,
    type: Annotated[str, Query(max_length=20)] = "person",
    json_mode: Annotated[bool, Query(alias="json")] = False,
) -> Response:
    kind = type if type in RECORD_TYPES else "person"
    form = dict.fromkeys(META, "") | {"reliability": "B", "handling": "H0", "restriction": "all"}
    form |= {n: "" for n, _i in FORMS.get(kind, ())} | {"data": "{}", "version": ""}
    form["json"] = "1" if json_mode else ""
    return _page(request, kind=kind, form=form, errors={}, row=None)


@router.post("/records/new", dependencies=[Csrf])
async def create_record(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    principal: Writer,
    type: Annotated[str, Query(max_length=20)] = "person",
) -> Response:
    kind = type if type in RECORD_TYPES else "person"
    raw = await request.form()
    form = _form_values(raw, kind, bool(raw.get("json")))
    gettext = i18n.translations(i18n.choose(request)).gettext
    countries = [c.strip().upper() for c in form["countries"].replace(",", ";").split(";")]
    try:
        row = service.create(
            session,
            principal,
            service.RecordInput(
                type=kind,
                data=_data(kind, form, {}, gettext),
                owner_ref=form["owner_ref"].strip() or None,
                reliability=form["reliability"],
                handling=form["handling"],
                handling_note=form["handling_note"].strip() or None,
                restriction=form["restriction"],
                countries=[c for c in countries if c],
            ),
            settings=settings,
        )
    except ValidationFailedError as exc:
        return _page(
            request, kind=kind, form=form, errors=errors_of(kind, exc), row=None, status=422
        )
    except ConflictError as exc:
        errors = {"owner_ref": exc.detail}
        return _page(request, kind=kind, form=form, errors=errors, row=None, status=409)
    return RedirectResponse(f"/console/records/{row.id}?done=created", status_code=303)


@router.get("/records/{record_id}/edit")
def edit_record(
    request: Request,
    record_id: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: Writer,
    json_mode: Annotated[bool, Query(alias="json")] = False,
) -> Response:
    row = service.read(session, principal, record_id[:32], settings=settings)
    access.require_writer(session, principal, row.owner, row.type)
    form = {n: str(getattr(row, n) or "") for n in META if n != "countries"}
    form |= fields_of(row.type, row.data) if row.type in FORMS else {}
    form |= {"data": json.dumps(row.data, ensure_ascii=False, indent=2)}
    form |= {"version": str(row.version), "json": "1" if json_mode else "", "countries": ""}
    return _page(request, kind=row.type, form=form, errors={}, row=row)


@router.post("/records/{record_id}/edit", dependencies=[Csrf])
async def update_record(
    request: Request,
    record_id: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: Writer,
) -> Response:
    row = service.read(session, principal, record_id[:32], settings=settings)
    raw = await request.form()
    form = _form_values(raw, row.type, bool(raw.get("json")))
    gettext = i18n.translations(i18n.choose(request)).gettext
    try:
        version = int(form["version"])
        changes = {
            "data": _data(row.type, form, row.data, gettext),
            "reliability": form["reliability"],
            "handling": form["handling"],
            "handling_note": form["handling_note"].strip() or None,
        }
        service.update(
            session, principal, row.id, changes, expected_version=version, settings=settings
        )
    except ValueError:
        errors = {"form": gettext("The form lost the record's version: reload it")}
        return _page(request, kind=row.type, form=form, errors=errors, row=row, status=422)
    except ValidationFailedError as exc:
        errors = errors_of(row.type, exc)
        return _page(request, kind=row.type, form=form, errors=errors, row=row, status=422)
    except PreconditionFailedError as exc:
        return _page(
            request, kind=row.type, form=form, errors={"form": exc.detail}, row=row, status=412
        )
    return RedirectResponse(f"/console/records/{row.id}?done=saved", status_code=303)
