"""Batch screening in the console: upload a passenger list (the CSV of ``concord screen-file``),
screen every row through the API's runtime, and download the hits as CSV.

Results are kept in memory for an hour, under a random id bound to the account that uploaded
them (anyone else gets 404). :class:`Results` is shared with the records import report.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Annotated, Any

from anyio import to_thread
from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from pydantic import ValidationError
from starlette.responses import RedirectResponse, Response

from concord.api.deps import SessionDep
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.cli.context import describe
from concord.cli.screen import HIT_COLUMNS, query_of
from concord.errors import (
    NotFoundError,
    PayloadTooLargeError,
    UnsupportedMediaTypeError,
    ValidationFailedError,
)
from concord.screening.schemas import ScreenQuery
from concord.web.screening import PURPOSES, runtime
from concord.web.session import Csrf, web_require
from concord.web.templating import render

router = APIRouter(prefix="/console", include_in_schema=False)
Screener = Annotated[Principal, Depends(web_require(Permission.SCREEN))]

MAX_ROWS = 5000
MAX_BYTES = 2_000_000
CHUNK = 500
COLUMNS = {
    "name", "names", "dob", "birth_date", "nationality", "sex", "document", "document_number",
    "country", "document_country", "mrz", "vin", "plate", "plate_country", "serial", "imo",
    "purpose", "reference",
}  # fmt: skip
QUERY_COLUMNS = COLUMNS - {"purpose", "reference", "dob", "birth_date", "nationality", "sex"}


@dataclass
class Stored:
    account_id: str
    filename: str
    content: bytes
    summary: dict[str, Any]
    rows: list[dict[str, str]] = field(default_factory=list)
    kind: str = "screening"
    at: float = field(default_factory=time.monotonic)


class Results:
    """Downloads kept in memory for an hour, each readable only by the account that made it."""

    TTL = 3600.0
    LIMIT = 200

    def __init__(self) -> None:
        self._items: dict[str, Stored] = {}
        self._lock = threading.Lock()

    def put(self, item: Stored) -> str:
        key = secrets.token_urlsafe(16)
        with self._lock:
            now = time.monotonic()
            for old in [k for k, v in self._items.items() if now - v.at > self.TTL]:
                del self._items[old]
            while len(self._items) >= self.LIMIT:
                del self._items[next(iter(self._items))]
            self._items[key] = item
        return key

    def get(self, key: str, principal: Principal, kind: str = "screening") -> Stored:
        with self._lock:
            item = self._items.get(key)
        if item is None or item.account_id != principal.account_id or item.kind != kind:
            raise NotFoundError("No such result: results are kept for an hour")
        return item


def results(request: Request) -> Results:
    state = request.app.state
    with _STATE_LOCK:
        if not hasattr(state, "web_results"):
            state.web_results = Results()
    store: Results = state.web_results
    return store


_STATE_LOCK = threading.Lock()


async def read_upload(upload: UploadFile, *, limit: int, suffixes: tuple[str, ...]) -> bytes:
    """The uploaded file, refused if it has the wrong kind or is too big."""
    name = (upload.filename or "").lower()
    if not name.endswith(suffixes):
        raise UnsupportedMediaTypeError(
            f"'{upload.filename or ''}' is not a {' or '.join(suffixes)} file"
        )
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLargeError(f"The file is larger than {limit:,} bytes")
    return data


def parse_rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """The CSV's rows (numbered as in the file), checked: UTF-8, known columns, not too many."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailedError(f"The file is not UTF-8 text (byte {exc.start})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = {h.strip().lower() for h in reader.fieldnames or [] if h}
    except csv.Error as exc:
        raise ValidationFailedError(f"Not a readable CSV file: {exc}") from None
    if not header & QUERY_COLUMNS:
        raise ValidationFailedError(
            "The CSV header names none of the columns to screen: "
            + ", ".join(sorted(QUERY_COLUMNS))
        )
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for number, row in enumerate(reader, start=2):
            if len(rows) >= MAX_ROWS:
                raise ValidationFailedError(f"The file has more than {MAX_ROWS:,} rows")
            rows.append(
                (number, {k.strip().lower(): (v or "").strip() for k, v in row.items() if k})
            )
    except csv.Error as exc:
        raise ValidationFailedError(f"Not a readable CSV file: {exc}") from None
    if not rows:
        raise ValidationFailedError("The file has a header but no rows")
    return rows


async def screen_rows(
    request: Request, principal: Principal, rows: list[tuple[int, dict[str, str]]], purpose: str
) -> tuple[bytes, dict[str, int], list[dict[str, str]]]:
    """Screen every row (in chunks) and write the hits as the CLI does."""
    out = io.StringIO()
    writer = csv.DictWriter(out, HIT_COLUMNS)
    writer.writeheader()
    stats = {"rows": len(rows), "hits": 0, "errors": 0}
    written: list[dict[str, str]] = []
    pending: list[tuple[int, ScreenQuery]] = []

    async def flush() -> None:
        queries = [q for _, q in pending]
        found = await runtime(request).screen(principal, queries, purpose or None)
        for (number, query), result in zip(pending, found, strict=True):
            for h in result.hits:
                stats["hits"] += 1
                row = {
                    "row": str(number), "reference": query.reference or "",
                    "record_id": h.record_id, "record_type": h.record_type, "owner": h.owner,
                    "matched_on": h.matched_on, "score": f"{h.score:.4f}",
                    "decision": h.decision, "alert": "yes" if h.alert else "no",
                    "summary": h.summary, "hit_id": h.id or "", "error": "",
                }  # fmt: skip
                writer.writerow(row)
                written.append(row)
        pending.clear()

    for number, row in rows:
        try:
            pending.append((number, query_of(row, number)))
        except (ValidationError, ValueError) as exc:
            stats["errors"] += 1
            reason = describe(exc) if isinstance(exc, ValidationError) else str(exc)
            bad = {"row": str(number), "reference": row.get("reference", ""), "error": reason}
            writer.writerow(bad)
            written.append({c: bad.get(c, "") for c in HIT_COLUMNS})
        if len(pending) >= CHUNK:
            await flush()
    if pending:
        await flush()
    return out.getvalue().encode("utf-8"), stats, written


@router.get("/screen/batch")
def batch_page(request: Request, principal: Screener) -> Response:
    context = {"purposes": PURPOSES, "error": None, "max_rows": MAX_ROWS}
    return render(request, "console/screening/batch.html", context)


@router.post("/screen/batch", dependencies=[Csrf])
async def batch_upload(
    request: Request,
    session: SessionDep,
    principal: Screener,
    file: Annotated[UploadFile, File()],
    purpose: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    if purpose and purpose not in PURPOSES:
        raise ValidationFailedError(f"Unknown purpose '{purpose}'")
    data = await read_upload(file, limit=MAX_BYTES, suffixes=(".csv",))
    rows = parse_rows(data)
    await to_thread.run_sync(session.commit)  # the screenings commit in their own transaction
    content, stats, written = await screen_rows(request, principal, rows, purpose)
    name = (file.filename or "list.csv").rsplit("/", 1)[-1]
    key = results(request).put(
        Stored(principal.account_id, name, content, stats, written[:MAX_SHOWN])
    )
    return RedirectResponse(f"/console/screen/batch/{key}", status_code=303)


MAX_SHOWN = 200


@router.get("/screen/batch/{key}")
def batch_result(request: Request, key: str, principal: Screener) -> Response:
    item = results(request).get(key, principal)
    context = {"key": key, "item": item, "max_shown": MAX_SHOWN}
    return render(request, "console/screening/batch_result.html", context)


@router.get("/screen/batch/{key}/download")
def batch_download(request: Request, key: str, principal: Screener) -> Response:
    item = results(request).get(key, principal)
    stem = re.sub(r"[^\w.-]", "_", item.filename.removesuffix(".csv"), flags=re.ASCII)
    return Response(
        item.content,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{stem}-hits.csv"'},
    )
