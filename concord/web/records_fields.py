"""What the record forms show: the fields of the per-type forms (persons, travel documents,
vehicles), their labels, and the translation of a form into a record's ``data`` and back."""

from __future__ import annotations

from typing import Any

from concord.web.nav import N_

FIELD_LABELS = {
    "names": N_("Names"),
    "full": N_("Full name"),
    "given": N_("Given names"),
    "family": N_("Family name"),
    "kind": N_("Kind"),
    "script": N_("Script"),
    "lang": N_("Language"),
    "aliases": N_("Aliases"),
    "birth_date": N_("Date of birth"),
    "birth_place": N_("Place of birth"),
    "birth_country": N_("Country of birth"),
    "sex": N_("Sex"),
    "nationalities": N_("Nationalities"),
    "number": N_("Document number"),
    "country": N_("Country"),
    "document_type": N_("Document type"),
    "status": N_("Status"),
    "issued_on": N_("Issued on"),
    "expires_on": N_("Expires on"),
    "reported_on": N_("Reported on"),
    "holder_name": N_("Holder's name as printed"),
    "vin": N_("VIN"),
    "plate": N_("Number plate"),
    "plate_country": N_("Plate country"),
    "make": N_("Make"),
    "model": N_("Model"),
    "colour": N_("Colour"),
    "year": N_("Year"),
    "vehicle_type": N_("Vehicle type"),
    "owner_ref": N_("Your reference"),
    "reliability": N_("Source reliability"),
    "handling": N_("Handling code"),
    "handling_note": N_("Handling note"),
    "data": N_("Data (JSON)"),
}
#: The form's fields per record type (input name, input type, data field).
FORMS: dict[str, tuple[tuple[str, str], ...]] = {
    "person": (
        ("given", "text"),
        ("family", "text"),
        ("full", "text"),
        ("aliases", "text"),
        ("birth_date", "text"),
        ("birth_place", "text"),
        ("birth_country", "text"),
        ("sex", "sex"),
        ("nationalities", "text"),
    ),
    "document": (
        ("number", "text"),
        ("country", "text"),
        ("document_type", "document_type"),
        ("status", "document_status"),
        ("issued_on", "date"),
        ("expires_on", "date"),
        ("reported_on", "date"),
        ("holder_name", "text"),
    ),
    "vehicle": (
        ("vin", "text"),
        ("plate", "text"),
        ("plate_country", "text"),
        ("make", "text"),
        ("model", "text"),
        ("colour", "text"),
        ("year", "number"),
        ("vehicle_type", "text"),
    ),
}
CHOICES = {
    "sex": {"U": N_("Unknown"), "M": N_("Male"), "F": N_("Female"), "X": N_("Other")},
    "document_type": {
        "passport": N_("Passport"),
        "identity_card": N_("Identity card"),
        "visa": N_("Visa"),
        "other": N_("Other"),
    },
    "document_status": {
        "stolen": N_("Stolen"),
        "lost": N_("Lost"),
        "revoked": N_("Revoked"),
        "invalidated": N_("Invalidated"),
        "stolen_blank": N_("Stolen blank"),
    },
}
HINTS = {
    "aliases": N_("Separate several with ;"),
    "nationalities": N_("Country codes, separated with ; (e.g. FR;DE)"),
    "birth_date": N_("YYYY, YYYY-MM or YYYY-MM-DD"),
    "birth_country": N_("Country code, e.g. FR"),
    "country": N_("Country code, e.g. FR"),
    "plate_country": N_("Country code, e.g. FR"),
    "full": N_("Or the whole name as written, in its own script"),
}


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.replace(",", ";").split(";") if v.strip()]


def data_of(kind: str, form: dict[str, str], current: dict[str, Any]) -> dict[str, Any]:
    """A record's data from the type's form, over the fields the form does not show."""
    data = dict(current)
    for name, _input in FORMS[kind]:
        data.pop(name, None)
    if kind == "person":
        old = list(current.get("names", []))
        first = next((n for n in old if n.get("kind", "primary") == "primary"), None)
        kept = [n for n in old if n is not first and n.get("kind") != "alias"]
        primary = {k: form[k].strip() for k in ("given", "family", "full") if form[k].strip()}
        names = [{**primary, "kind": "primary"}] if primary else []
        names += [{"full": a, "kind": "alias"} for a in _split(form["aliases"])]
        data["names"] = names + kept
        data["nationalities"] = [c.upper() for c in _split(form["nationalities"])]
        for name in ("birth_date", "birth_place", "birth_country", "sex"):
            if form[name].strip():
                data[name] = form[name].strip()
        return data
    for name, _input in FORMS[kind]:
        value = form[name].strip()
        if value:
            data[name] = value
    return data


def form_of(kind: str, data: dict[str, Any]) -> dict[str, str]:
    """The type's form filled from a record's data."""
    if kind == "person":
        names: list[dict[str, Any]] = data.get("names", [])
        primary: dict[str, Any] = next(
            (n for n in names if n.get("kind", "primary") == "primary"), {}
        )
        out = {k: str(primary.get(k) or "") for k in ("given", "family", "full")}
        out["aliases"] = "; ".join(
            str(n.get("full") or " ".join(filter(None, (n.get("given"), n.get("family")))))
            for n in names
            if n.get("kind") == "alias"
        )
        out["nationalities"] = "; ".join(data.get("nationalities", []))
        for name in ("birth_date", "birth_place", "birth_country", "sex"):
            out[name] = str(data.get(name) or "")
        return out
    return {name: str(data.get(name) or "") for name, _input in FORMS[kind]}


def error_field(kind: str, loc: list[Any]) -> str:
    """The form field an error's ``loc`` (``["data", "names", 0, "given"]``) belongs to."""
    parts = [str(p) for p in loc]
    if parts[:1] == ["data"]:
        parts = parts[1:]
    if not parts:
        return "data"
    if kind == "person" and parts[0] == "names":
        last = parts[-1]
        return last if last in ("given", "family", "full") else "given"
    if kind in FORMS and parts[0] in {n for n, _i in FORMS[kind]}:
        return parts[0]
    if kind in FORMS:
        return "data"
    return "data"
