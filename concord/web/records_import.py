"""Importing a file of records in the console: the importer of ``concord records import``
(:mod:`concord.records.importing`: the same checks, batches, audit trail and error report),
for the signed-in person's country. The upload shows its progress (``screening.js``); the
report lists every line refused and why, and can be downloaded as CSV."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Annotated, Any

from anyio import to_thread
from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from starlette.responses import RedirectResponse, Response

from concord.api.deps import SessionDep, SettingsDep
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.db.database import Database
from concord.errors import ValidationFailedError
from concord.records.importing import authorise, import_stream, open_source
from concord.records.importing.readers import JSON_SUFFIXES
from concord.settings import Settings
from concord.web import i18n
from concord.web.records_fields import CHOICES
from concord.web.screening import RECORD_TYPES
from concord.web.screening_batch import Stored, read_upload, results
from concord.web.session import Csrf, web_require
from concord.web.templating import render

router = APIRouter(prefix="/console", include_in_schema=False)
Writer = Annotated[Principal, Depends(web_require(Permission.RECORDS_WRITE))]
MAX_BYTES = 20_000_000
BATCH = 1000
SUFFIXES = (".csv", *JSON_SUFFIXES, ".ftm.json")
SHOWN = 500


class Refusals:
    """The importer's error sink: every refused line, kept for the report."""

    def __init__(self) -> None:
        self.rows: list[dict[str, str]] = []

    def write(self, line: int, owner_ref: str | None, reason: str) -> None:
        self.rows.append({"line": str(line), "owner_ref": owner_ref or "", "reason": reason})


def _page(
    request: Request, *, form: dict[str, str], errors: dict[str, str], status: int = 200
) -> Response:
    context = {
        "form": form,
        "errors": errors,
        "types": RECORD_TYPES,
        "statuses": CHOICES["document_status"],
        "max_bytes": MAX_BYTES,
    }
    return render(request, "console/records/import.html", context, status=status)


@router.get("/records/import")
def import_page(request: Request, principal: Writer) -> Response:
    return _page(request, form={"type": "", "status": "stolen"}, errors={})


def run_import(
    db: Database, settings: Settings, principal: Principal, path: Path, kind: str, status: str
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    owner = principal.country or ""
    source = open_source(path, owner=owner, record_type=kind or None, status=status)
    sink = Refusals()
    summary = import_stream(
        db, principal, owner, source.lines(), settings=settings, batch_size=BATCH, errors=sink
    )
    return summary.as_dict(), sink.rows


@router.post("/records/import", dependencies=[Csrf])
async def import_upload(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    principal: Writer,
    file: Annotated[UploadFile, File()],
    type: Annotated[str, Form(max_length=20)] = "",
    status: Annotated[str, Form(max_length=20)] = "stolen",
) -> Response:
    form = {"type": type, "status": status}
    _ = i18n.translations(i18n.choose(request)).gettext
    name = Path(file.filename or "").name.lower()
    if name.endswith(".csv") and type not in RECORD_TYPES:
        errors = {"type": _("A CSV file holds one record type: choose it.")}
        return _page(request, form=form, errors=errors, status=422)
    if status not in CHOICES["document_status"]:
        return _page(request, form=form, errors={"status": _("Choose a status.")}, status=422)
    data = await read_upload(file, limit=MAX_BYTES, suffixes=SUFFIXES)
    owner = principal.country or ""
    await to_thread.run_sync(
        lambda: authorise(session, principal, owner, record_type=type if ".csv" in name else None)
    )
    await to_thread.run_sync(session.commit)  # the import commits batch by batch on its own
    with tempfile.TemporaryDirectory(prefix="concord-import-") as folder:
        path = Path(folder) / (name or "import.csv")
        path.write_bytes(data)
        db: Database = request.app.state.db
        try:
            summary, refused = await to_thread.run_sync(
                run_import, db, settings, principal, path, type if ".csv" in name else "", status
            )
        except ValidationFailedError as exc:
            return _page(request, form=form, errors={"file": exc.detail}, status=422)
    report = io.StringIO()
    writer = csv.DictWriter(report, ("line", "owner_ref", "reason"))
    writer.writeheader()
    writer.writerows(refused)
    summary["refused_total"] = len(refused)
    key = results(request).put(
        Stored(
            principal.account_id,
            name,
            report.getvalue().encode(),
            summary,
            refused[:SHOWN],
            "import",
        )
    )
    return RedirectResponse(f"/console/records/import/{key}", status_code=303)


@router.get("/records/import/{key}")
def import_report(request: Request, key: str, principal: Writer) -> Response:
    item = results(request).get(key, principal, "import")
    context = {"key": key, "item": item, "shown": SHOWN}
    return render(request, "console/records/import_report.html", context)


@router.get("/records/import/{key}/errors")
def import_errors(request: Request, key: str, principal: Writer) -> Response:
    item = results(request).get(key, principal, "import")
    return Response(
        item.content,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="import-errors.csv"'},
    )
