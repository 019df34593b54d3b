"""The request form of a notice: which parts each type asks for, the form's flat field names
to and from the request's ``fields``, error locations to form fields, and the labels of types,
statuses and actions (message ids, translated by the templates)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.notices.types import RULES, NoticeType, Subject
from concord.settings import Settings
from concord.web.nav import N_

CHARGE_SLOTS = 3
CHARGE_KEYS = ("charge", "penalty_years", "remaining_months", "offence_date", "law")
WARRANT_KEYS = ("reference", "issued_by", "issued_on")
BODY_KEYS = ("found_on", "found_place", "found_country", "sex", "estimated_age", "description")
TEXT_KEYS = ("circumstances", "date_of_event", "place_of_event", "modus_operandi", "un_reference")

#: the parts of the form each type shows
SECTIONS: dict[NoticeType, frozenset[str]] = {
    NoticeType.RED: frozenset({"charges", "warrant", "circumstances"}),
    NoticeType.YELLOW: frozenset({"event", "circumstances"}),
    NoticeType.BLUE: frozenset({"circumstances"}),
    NoticeType.BLACK: frozenset({"body", "circumstances"}),
    NoticeType.GREEN: frozenset({"circumstances"}),
    NoticeType.ORANGE: frozenset({"event", "circumstances"}),
    NoticeType.PURPLE: frozenset({"modus_operandi", "circumstances"}),
    NoticeType.SILVER: frozenset({"assets", "charges", "circumstances"}),
    NoticeType.UN: frozenset({"sanctions", "un_reference", "entity", "circumstances"}),
}

TYPE_LABELS = {
    "red": N_("Red Notice"),
    "yellow": N_("Yellow Notice"),
    "blue": N_("Blue Notice"),
    "black": N_("Black Notice"),
    "green": N_("Green Notice"),
    "orange": N_("Orange Notice"),
    "purple": N_("Purple Notice"),
    "silver": N_("Silver Notice"),
    "un": N_("INTERPOL-UN Security Council Special Notice"),
}
TYPE_HINTS = {
    "red": N_("Wanted person: locate and provisionally arrest pending extradition."),
    "yellow": N_("Missing person, or a person unable to identify themselves."),
    "blue": N_("Collect information on a person's identity, location or activities."),
    "black": N_("Unidentified body."),
    "green": N_("Warning about a person's criminal activities."),
    "orange": N_("Imminent threat to public safety."),
    "purple": N_("Modus operandi, objects, devices or hiding places used by criminals."),
    "silver": N_("Assets of suspected criminal origin (pilot countries)."),
    "un": N_("Individuals and entities subject to UN Security Council sanctions."),
}
STATUS_LABELS = {
    "draft": N_("Draft"),
    "submitted": N_("Submitted"),
    "under_review": N_("Under review"),
    "info_requested": N_("Information requested"),
    "published": N_("Published"),
    "refused": N_("Refused"),
    "suspended": N_("Suspended"),
    "cancelled": N_("Cancelled"),
    "expired": N_("Expired"),
    "processing": N_("Request being processed"),
}
ACTION_LABELS = {
    "create": N_("Created"),
    "edit": N_("Edited"),
    "submit": N_("Submit"),
    "resubmit": N_("Resubmit"),
    "start_review": N_("Start the review"),
    "approve": N_("Approve and publish"),
    "request_info": N_("Request information"),
    "refuse": N_("Refuse"),
    "suspend": N_("Suspend"),
    "reinstate": N_("Reinstate"),
    "cancel": N_("Cancel the notice"),
    "expire": N_("Expired"),
    "approve_update": N_("Approve the update"),
    "refuse_update": N_("Refuse the update"),
    "update_requested": N_("Update requested"),
}
GROUND_LABELS = {
    "art3": N_("Article 3 (political, military, religious or racial character)"),
    "art2": N_("Article 2 (human rights)"),
    "other": N_("Other grounds"),
}
SEVERITY_LABELS = {"block": N_("Blocking"), "flag": N_("To weigh"), "info": N_("Information")}
SANCTION_LABELS = {
    "asset_freeze": N_("Asset freeze"),
    "travel_ban": N_("Travel ban"),
    "arms_embargo": N_("Arms embargo"),
}


def types_for(principal: Principal, settings: Settings) -> list[NoticeType]:
    """The notice types this person may request."""
    if not principal.has(Permission.NOTICES_REQUEST) or principal.agency_id is not None:
        return []
    out = []
    for ntype, rule in RULES.items():
        if rule.secretariat_only != principal.is_secretariat:
            continue
        if ntype is NoticeType.SILVER and principal.country not in settings.notices_silver_pilot:
            continue
        out.append(ntype)
    return out


def needs_subject_step(ntype: NoticeType) -> bool:
    return RULES[ntype].subject in (Subject.PERSON, Subject.OPTIONAL_PERSON, Subject.UN_LISTED)


def _text(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _part(form: Mapping[str, Any], prefix: str, keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: _text(form, f"{prefix}_{k}") for k in keys if _text(form, f"{prefix}_{k}")}


def fields_from_form(
    ntype: NoticeType, form: Mapping[str, Any], *, assets: list[str], sanctions: list[str]
) -> dict[str, Any]:
    """The request's ``fields`` from the submitted form (empty inputs left out: the service
    validates the rest and names what is wrong)."""
    parts = SECTIONS[ntype]
    out: dict[str, Any] = {}
    if "charges" in parts:
        charges = []
        for i in range(CHARGE_SLOTS):
            charge: dict[str, Any] = _part(form, f"charge_{i}", CHARGE_KEYS)
            if form.get(f"charge_{i}_convicted"):
                charge["convicted"] = True
            if charge:
                charges.append(charge)
        if charges:
            out["charges"] = charges
    if "warrant" in parts and (warrant := _part(form, "warrant", WARRANT_KEYS)):
        out["warrant"] = warrant
    if "body" in parts and (body := _part(form, "body", BODY_KEYS)):
        out["body"] = body
    if "entity" in parts and (entity := _part(form, "entity", ("name", "country"))):
        out["entity"] = entity
    for key in TEXT_KEYS:
        section = {"date_of_event": "event", "place_of_event": "event"}.get(key, key)
        if section in parts and _text(form, key):
            out[key] = _text(form, key)
    if "assets" in parts and assets:
        out["assets"] = assets
    if "sanctions" in parts and sanctions:
        out["sanctions"] = sanctions
    return out


def form_from_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The form's values for a stored request (to edit it)."""
    out: dict[str, Any] = {}
    for i, charge in enumerate(fields.get("charges", [])[:CHARGE_SLOTS]):
        for k in CHARGE_KEYS:
            if charge.get(k) is not None:
                out[f"charge_{i}_{k}"] = _number(charge[k])
        if charge.get("convicted"):
            out[f"charge_{i}_convicted"] = "1"
    for prefix, keys in (
        ("warrant", WARRANT_KEYS),
        ("body", BODY_KEYS),
        ("entity", ("name", "country")),
    ):
        for k in keys:
            if (fields.get(prefix) or {}).get(k) is not None:
                out[f"{prefix}_{k}"] = str(fields[prefix][k])
    for key in TEXT_KEYS:
        if fields.get(key):
            out[key] = str(fields[key])
    return out


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def field_of(loc: list[Any]) -> str:
    """The form field an error location (``["fields", "charges", 0, "penalty_years"]``) is
    about."""
    parts = [str(p) for p in loc]
    if parts[:1] == ["fields"]:
        parts = parts[1:]
    if not parts:
        return "form"
    if parts[0] == "charges":
        return f"charge_{parts[1]}_{parts[2]}" if len(parts) >= 3 else "charges"
    if parts[0] in ("warrant", "body", "entity") and len(parts) >= 2:
        return f"{parts[0]}_{parts[1]}"
    return parts[0]


def errors_by_field(errors: list[dict[str, Any]] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for err in errors or []:
        out.setdefault(field_of(list(err.get("loc") or [])), str(err.get("msg", "")))
    return out
