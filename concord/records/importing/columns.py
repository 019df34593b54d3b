"""The CSV columns of each record type, and the conversion of a CSV row to a record (import)
and of a record to a CSV row (export).

A CSV file holds records of one type. Its header names columns from :data:`COMMON`, the type's
columns in :data:`COLUMNS` and :data:`EXTRA`, in any order; only ``owner_ref`` is required.
Cells are stripped of surrounding whitespace; an empty cell is an absent field; list cells are
separated by ``;``. ``docs/import.md`` lists the columns (and a test checks that it does).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from concord.records.importing.rows import Incoming, LinkRef, Rejected
from concord.records.service import RecordInput
from concord.records.types import RecordType

Kind = Literal["data", "nested", "list", "identifiers", "name", "aliases", "link", "meta", "extra"]
SEP = ";"


@dataclass(frozen=True)
class Column:
    name: str
    help: str
    kind: Kind = "data"
    field: str = ""  # the data field ("" for the column's own name); link: the link kind


def _c(name: str, help: str, kind: Kind = "data", field: str = "") -> Column:
    return Column(name, help, kind, field or name)


COMMON: tuple[Column, ...] = (
    _c("owner_ref", "your own id for the record (required; unique per record type)", "meta"),
    _c("reliability", "source reliability: A, B, C or X (default B)", "meta"),
    _c("handling", "handling code: H0, H1, H2 or H3 (default H0)", "meta"),
    _c("handling_note", "handling note", "meta"),
    _c("restriction", "who may see it: all (default), only or except", "meta"),
    _c("countries", "member countries the restriction names, ;-separated", "meta"),
)
EXTRA = _c(
    "extra",
    "a JSON object of further data fields, merged over the other columns (null removes a "
    "field); export writes here what the columns cannot say",
    "extra",
)
_OWNER = Column(
    "owner_person_ref", "owner_ref of the owner's person record: an 'owner' link", "link", "owner"
)

COLUMNS: dict[RecordType, tuple[Column, ...]] = {
    RecordType.PERSON: (
        _c("given", "given name(s) of the primary name", "name"),
        _c("family", "family name(s) of the primary name", "name"),
        _c("full_name", "the primary name as written", "name", "full"),
        _c("alias_names", "aliases, ;-separated", "aliases"),
        _c("birth_date", "YYYY, YYYY-MM or YYYY-MM-DD"),
        _c("birth_place", "place of birth"),
        _c("sex", "M, F, X or U (default U)"),
        _c("nationalities", "countries, ;-separated", "list"),
        _c("identifiers", "scheme:value, ;-separated (e.g. fr.nir:...)", "identifiers"),
        _c("height_cm", "height in cm", "nested"),
        _c("weight_kg", "weight in kg", "nested"),
        _c("eyes", "eye colour", "nested"),
        _c("hair", "hair colour", "nested"),
        _c("marks", "scars, marks, tattoos", "nested"),
        _c("photos", "references to photos kept elsewhere, ;-separated", "list"),
    ),
    RecordType.DOCUMENT: (
        _c("number", "document number"),
        _c("country", "issuing country (ISO 3166 or ICAO code)"),
        _c("document_type", "passport, identity_card, visa or other"),
        _c("status", "stolen, lost, revoked, invalidated or stolen_blank (default: --status)"),
        _c("issued_on", "YYYY-MM-DD"),
        _c("expires_on", "YYYY-MM-DD"),
        _c("reported_on", "YYYY-MM-DD"),
        _c("check_digit", "ICAO 9303 check digit of the number (verified)"),
        _c("holder_name", "holder's name as printed, if no person is linked"),
        Column(
            "holder_ref",
            "owner_ref of the holder's person record: a 'holder' link",
            "link",
            "holder",
        ),
    ),
    RecordType.VEHICLE: (
        _c("vin", "vehicle identification number (ISO 3779)"),
        _c("plate", "registration plate"),
        _c("plate_country", "country of the plate"),
        _c("make", "make"),
        _c("model", "model"),
        _c("colour", "colour"),
        _c("year", "year of manufacture"),
        _c("vehicle_type", "car, motorcycle, truck, trailer, ..."),
        _OWNER,
    ),
    RecordType.ARTWORK: (
        _c("title", "title"),
        _c("artist", "artist"),
        _c("object_type", "painting, sculpture, manuscript, coin, ..."),
        _c("period", "period"),
        _c("dimensions", "dimensions"),
        _c("materials", "materials"),
        _c("description", "description"),
    ),
    RecordType.FIREARM: (
        _c("serial", "serial number"),
        _c("make", "make"),
        _c("model", "model"),
        _c("calibre", "calibre"),
        _c("firearm_type", "pistol, revolver, rifle, shotgun, ..."),
        _OWNER,
    ),
    RecordType.VESSEL: (
        _c("imo", "IMO number"),
        _c("mmsi", "MMSI"),
        _c("name", "name"),
        _c("flag", "flag country"),
        _c("vessel_type", "vessel type"),
        _OWNER,
    ),
    RecordType.ASSET: (
        _c(
            "kind",
            "bank_account, company_share, real_estate, vehicle, vessel, aircraft, "
            "crypto_wallet or other",
        ),
        _c("name", "what the asset is"),
        _c("identifiers", "scheme:value, ;-separated (e.g. iban:GB82WEST...)", "identifiers"),
        _c("declared_owner", "declared owner's name"),
        _c("estimated_value", "estimated value (needs currency)"),
        _c("currency", "ISO 4217 currency"),
        _c("country", "where the asset is"),
        _c("description", "description"),
        _OWNER,
    ),
}


def columns_of(record_type: RecordType) -> tuple[Column, ...]:
    """Every column a CSV file of this type may have, in export order."""
    return (*COMMON, *COLUMNS[record_type], EXTRA)


def split(value: str) -> list[str]:
    return [part.strip() for part in value.split(SEP) if part.strip()]


class RowParser:
    """Turns the cells of one CSV row into an :class:`Incoming` record (or a rejection)."""

    def __init__(self, record_type: RecordType, header: list[str], *, status: str) -> None:
        known = {c.name: c for c in columns_of(record_type)}
        names = [h.strip() for h in header]
        unknown = [n for n in names if n not in known]
        if unknown:
            raise ValueError(
                f"unknown column(s) for {record_type.value}: {', '.join(unknown)}; "
                f"the columns are: {', '.join(known)}"
            )
        if len(set(names)) != len(names):
            raise ValueError("a column is named twice in the header")
        if "owner_ref" not in names:
            raise ValueError("the header has no owner_ref column (the owner's own record id)")
        self.type = record_type
        self.width = len(names)
        self.status = status
        plan = [(i, known[n]) for i, n in enumerate(names)]
        # The plain columns are read by two comprehensions, the rest one by one.
        self._data = [(i, c.field) for i, c in plan if c.kind == "data"]
        self._meta = [(i, c.name) for i, c in plan if c.kind == "meta"]
        self._plan = [(i, c) for i, c in plan if c.kind not in ("data", "meta")]

    def parse(self, cells: list[str]) -> Incoming | Rejected:
        count = len(cells)
        if count != self.width:
            if count > self.width:
                return Rejected(f"{count} cells, but the header has {self.width} columns")
            cells = cells + [""] * (self.width - count)
        data: dict[str, Any] = {f: v for i, f in self._data if (v := cells[i].strip())}
        meta = {name: v for i, name in self._meta if (v := cells[i].strip())}
        links: list[LinkRef] = []
        extra: str | None = None
        for i, col in self._plan:
            value = cells[i].strip()
            if not value:
                continue
            kind = col.kind
            if kind == "link":
                links.append(LinkRef(value, col.field, RecordType.PERSON.value))
            elif kind == "list":
                data[col.field] = split(value)
            elif kind == "nested":
                data.setdefault("description", {})[col.field] = value
            elif kind == "name":
                names = data.setdefault("names", [{"kind": "primary"}])
                names[0][col.field] = value
            elif kind == "aliases":
                aliases = [{"full": a, "kind": "alias"} for a in split(value)]
                data["names"] = [*data.get("names", [{"kind": "primary"}]), *aliases]
            elif kind == "identifiers":
                ids = [part.partition(":") for part in split(value)]
                if any(not sep or not s.strip() for s, sep, _ in ids):
                    return Rejected(
                        f"{col.name}: write each identifier as scheme:value", meta.get("owner_ref")
                    )
                data[col.field] = [{"scheme": s.strip(), "value": v.strip()} for s, _, v in ids]
            else:
                extra = value
        owner_ref = meta.get("owner_ref")
        if not owner_ref:
            return Rejected("owner_ref is required (the owner's own id for the record)")
        if "names" in data and len(data["names"][0]) == 1:
            data["names"] = data["names"][1:]  # aliases only: no primary name was given
        if extra is not None:
            try:
                merge_extra(data, json.loads(extra))
            except (ValueError, RecursionError) as exc:  # RecursionError: nested too deep
                return Rejected(f"extra: {exc}", owner_ref)
        if self.type is RecordType.DOCUMENT and "status" not in data:
            data["status"] = self.status
        record = RecordInput(
            type=self.type.value,
            data=data,
            owner_ref=owner_ref,
            reliability=meta.get("reliability", "B"),
            handling=meta.get("handling", "H0"),
            handling_note=meta.get("handling_note"),
            restriction=meta.get("restriction", "all"),
            countries=split(meta["countries"]) if "countries" in meta else [],
        )
        return Incoming(record, tuple(links))


def merge_extra(data: dict[str, Any], extra: object) -> None:
    """Merge a JSON object over ``data``; ``null`` removes a field."""
    if not isinstance(extra, dict):
        raise ValueError("not a JSON object")
    for name, value in extra.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value


def flatten(record_type: RecordType, data: dict[str, Any]) -> dict[str, str]:
    """The type's columns for ``data`` (what they can say; the rest is for ``extra``)."""
    cells: dict[str, str] = {}
    names = data.get("names") or []
    primary = next((n for n in names if n.get("kind", "primary") == "primary"), None)
    for col in COLUMNS[record_type]:
        value: Any = None
        if col.kind == "data":
            value = data.get(col.field)
        elif col.kind == "list":
            value = SEP.join(str(v) for v in data.get(col.field) or [])
        elif col.kind == "nested":
            value = (data.get("description") or {}).get(col.field)
        elif col.kind == "name" and primary is not None:
            value = primary.get(col.field)
        elif col.kind == "aliases":
            value = SEP.join(n["full"] for n in names if n.get("kind") == "alias" and "full" in n)
        elif col.kind == "identifiers":
            value = SEP.join(f"{i['scheme']}:{i['value']}" for i in data.get(col.field) or [])
        if value is not None and value != "":
            cells[col.name] = str(value)
    return cells
