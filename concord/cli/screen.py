"""``concord screen`` (one query) and ``concord screen-file`` (a passenger list).

Both screen in-process against an index built from the configured database, as the acting
account (``--as``) sees it, and are audited and followed up exactly like API screenings.
``concord screen --offline SNAPSHOT`` screens a MIND snapshot instead, with no database or
network (see ``docs/mind.md``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from concord.cli.context import EXIT_BAD_INPUT, CliState, describe, fail, state
from concord.cli.output import console, emit_json, note, table
from concord.errors import ValidationFailedError
from concord.screening.runtime import ScreeningRuntime
from concord.screening.schemas import Purpose, ScreenQuery, ScreenResult

CHUNK = 500
HIT_COLUMNS = [
    "row",
    "reference",
    "record_id",
    "record_type",
    "owner",
    "matched_on",
    "score",
    "decision",
    "alert",
    "summary",
    "hit_id",
    "error",
]


def build_query(
    *,
    names: list[str] | None = None,
    dob: str | None = None,
    nationality: str | None = None,
    sex: str | None = None,
    document: str | None = None,
    country: str | None = None,
    mrz: str | None = None,
    vin: str | None = None,
    plate: str | None = None,
    plate_country: str | None = None,
    serial: str | None = None,
    imo: str | None = None,
    purpose: str | None = None,
    reference: str | None = None,
) -> ScreenQuery:
    """A :class:`ScreenQuery` from flat options (raises pydantic's ValidationError)."""
    body: dict[str, Any] = {"purpose": purpose, "reference": reference}
    if names or dob or nationality or sex:
        body["person"] = {
            "names": names or [],
            "birth_date": dob,
            "nationality": nationality,
            "sex": sex.upper() if sex else None,
        }
    if document or country:
        if not (document and country):
            raise ValueError("--document needs --country (the issuing country), and back")
        body["document"] = {"number": document, "country": country}
    if mrz:
        body["mrz"] = mrz.replace("\\n", "\n")
    if plate:
        body["plate"] = {"number": plate, "country": plate_country}
    body.update(vin=vin, serial=serial, imo=imo)
    return ScreenQuery.model_validate({k: v for k, v in body.items() if v is not None})


def runtime_for(st: CliState) -> ScreeningRuntime:
    rt = ScreeningRuntime(st.db, st.settings)
    rt.synchronous = True  # no background thread: build now, screen, commit
    return rt


def screen(
    ctx: typer.Context,
    name: Annotated[list[str] | None, typer.Option("--name", help="A name (repeat)")] = None,
    dob: Annotated[str | None, typer.Option(help="Date of birth: YYYY[-MM[-DD]]")] = None,
    nationality: Annotated[str | None, typer.Option(help="ISO 3166 or ICAO code")] = None,
    sex: Annotated[str | None, typer.Option(help="M, F, X or U")] = None,
    document: Annotated[str | None, typer.Option(help="Travel-document number")] = None,
    country: Annotated[str | None, typer.Option(help="The document's issuing country")] = None,
    mrz: Annotated[
        str | None, typer.Option(help="A whole MRZ, lines separated by newlines")
    ] = None,
    vin: Annotated[str | None, typer.Option(help="Vehicle identification number")] = None,
    plate: Annotated[str | None, typer.Option(help="Number plate")] = None,
    plate_country: Annotated[str | None, typer.Option(help="The plate's country")] = None,
    serial: Annotated[str | None, typer.Option(help="Serial number (firearms, objects)")] = None,
    imo: Annotated[str | None, typer.Option(help="A vessel's IMO number")] = None,
    purpose: Annotated[Purpose | None, typer.Option(help="Why (default: the account's)")] = None,
    offline: Annotated[
        Path | None, typer.Option(help="Screen this MIND snapshot instead of the database")
    ] = None,
    pubkey: Annotated[
        str | None, typer.Option(help="With --offline: the signing public key to trust")
    ] = None,
    key: Annotated[
        Path | None, typer.Option(help="With --offline: this post's private key file")
    ] = None,
    passphrase: Annotated[
        str | None,
        typer.Option(
            envvar="CONCORD_SNAPSHOT_PASSPHRASE", help="With --offline: the key's passphrase"
        ),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Screen one traveller, document or object against every database."""
    st = state(ctx)
    try:
        query = build_query(
            names=name,
            dob=dob,
            nationality=nationality,
            sex=sex,
            document=document,
            country=country,
            mrz=mrz,
            vin=vin,
            plate=plate,
            plate_country=plate_country,
            serial=serial,
            imo=imo,
            purpose=purpose.value if purpose else None,
        )
    except ValidationError as exc:
        fail(describe(exc), EXIT_BAD_INPUT)
    except ValueError as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    if offline is not None:
        from concord.cli.screen_offline import screen_offline

        screen_offline(
            st,
            offline,
            pubkey=pubkey,
            key=key,
            passphrase=passphrase,
            query=query,
            json_out=json_out,
        )
        return
    rt = runtime_for(st)
    with st.errors_mapped():
        with st.db.transaction() as session:
            principal = st.resolve_actor(session)
        result = rt.commit(rt.run(principal, [query]))[0]
    show(result, json_out)


def show(result: ScreenResult, json_out: bool) -> None:
    if json_out:
        emit_json(result.model_dump(mode="json"))
        return
    if result.mrz is not None:
        m = result.mrz
        note(
            f"MRZ {m.format}: {m.document_code} {m.issuing_state} {m.document_number}, "
            f"{m.secondary_name} {m.primary_name}, born {m.birth_date}, all check digits valid"
            + (", EXPIRED" if m.expired else "")
        )
    if not result.hits:
        console().print(f"no hits (screening {result.screening_id}, purpose {result.purpose})")
        return
    table(
        ["decision", "score", "type", "owner", "record", "label", "why", "hit"],
        [
            (
                h.decision + ("" if h.alert else " (cleared)"),
                f"{h.score:.3f}",
                h.record_type,
                h.owner,
                h.record_id,
                h.label or "",
                h.summary,
                h.id or "",
            )
            for h in result.hits
        ],
        title=f"{len(result.hits)} hit(s), screening {result.screening_id}",
    )


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a passenger list; :class:`ValidationFailedError` if it is not UTF-8 CSV."""
    with path.open(newline="", encoding="utf-8-sig") as f:
        try:
            for number, row in enumerate(csv.DictReader(f), start=2):
                yield number, {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        except (UnicodeDecodeError, csv.Error) as exc:
            raise ValidationFailedError(f"{path.name}: not a UTF-8 CSV file: {exc}") from None


def query_of(row: dict[str, str], number: int) -> ScreenQuery:
    names = [n.strip() for n in (row.get("name") or row.get("names") or "").split(";")]
    return build_query(
        names=[n for n in names if n] or None,
        dob=row.get("dob") or row.get("birth_date") or None,
        nationality=row.get("nationality") or None,
        sex=row.get("sex") or None,
        document=row.get("document") or row.get("document_number") or None,
        country=row.get("country") or row.get("document_country") or None,
        mrz=row.get("mrz") or None,
        vin=row.get("vin") or None,
        plate=row.get("plate") or None,
        plate_country=row.get("plate_country") or None,
        serial=row.get("serial") or None,
        imo=row.get("imo") or None,
        purpose=row.get("purpose") or None,
        reference=row.get("reference") or str(number),
    )


def screen_file(
    ctx: typer.Context,
    source: Annotated[
        Path,
        typer.Argument(
            help="CSV: name, dob, nationality, sex, document, "
            "country, mrz, vin, plate, serial, imo, reference"
        ),
    ],
    out: Annotated[Path, typer.Option("--out", help="Where to write the hits (CSV)")],
    purpose: Annotated[Purpose | None, typer.Option(help="Why (default: the account's)")] = None,
) -> None:
    """Screen a passenger list: one row per hit (and per unreadable row) in --out."""
    st = state(ctx)
    if not source.is_file():
        fail(f"{source}: no such file", EXIT_BAD_INPUT)
    with st.errors_mapped():
        total = sum(1 for _ in _rows(source))
    rt = runtime_for(st)
    stats = {"rows": 0, "hits": 0, "errors": 0}
    with st.errors_mapped(), out.open("w", newline="", encoding="utf-8") as f:
        with st.db.transaction() as session:
            principal = st.resolve_actor(session)
        writer = csv.DictWriter(f, HIT_COLUMNS)
        writer.writeheader()
        progress = Progress(
            TextColumn("screening"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console(stderr=True),
        )
        with progress:
            task = progress.add_task("rows", total=total)
            chunk: list[tuple[int, ScreenQuery]] = []
            for number, row in _rows(source):
                stats["rows"] += 1
                try:
                    chunk.append((number, query_of(row, number)))
                except (ValidationError, ValueError) as exc:
                    stats["errors"] += 1
                    reason = describe(exc) if isinstance(exc, ValidationError) else str(exc)
                    writer.writerow(
                        {"row": number, "reference": row.get("reference", ""), "error": reason}
                    )
                if len(chunk) >= CHUNK:
                    _screen_chunk(rt, principal, chunk, purpose, writer, stats)
                    progress.advance(task, len(chunk))
                    chunk = []
            if chunk:
                _screen_chunk(rt, principal, chunk, purpose, writer, stats)
            progress.update(task, completed=total)
    note(f"{stats['rows']} row(s) screened, {stats['hits']} hit(s), {stats['errors']} error(s)")


def _screen_chunk(
    rt: ScreeningRuntime,
    principal: Any,
    chunk: list[tuple[int, ScreenQuery]],
    purpose: Purpose | None,
    writer: csv.DictWriter[str],
    stats: dict[str, int],
) -> None:
    queries = [q for _, q in chunk]
    results = rt.commit(rt.run(principal, queries, purpose.value if purpose else None))
    for (number, query), result in zip(chunk, results, strict=True):
        for h in result.hits:
            stats["hits"] += 1
            writer.writerow(
                {
                    "row": number,
                    "reference": query.reference or "",
                    "record_id": h.record_id,
                    "record_type": h.record_type,
                    "owner": h.owner,
                    "matched_on": h.matched_on,
                    "score": f"{h.score:.4f}",
                    "decision": h.decision,
                    "alert": "yes" if h.alert else "no",
                    "summary": h.summary,
                    "hit_id": h.id or "",
                    "error": "",
                }
            )
