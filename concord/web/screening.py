"""Screening in the console: one search box (name, document number, VIN, plate, serial, IMO)
and a field for a whole MRZ, screened through the API's runtime (``request.app.state.screening``:
the same index, purpose, audit trail, hit notifications and follow-ups as ``POST /screen``).
Batch screening of a CSV file is in :mod:`concord.web.screening_batch`."""

from __future__ import annotations

import re
import threading
from functools import cache
from typing import Annotated, Any

import icu
from anyio import to_thread
from fastapi import APIRouter, Depends, Request
from markupsafe import Markup, escape
from pydantic import ValidationError
from starlette.responses import Response

from concord.api.deps import SessionDep
from concord.auth.principal import Principal
from concord.auth.roles import Permission
from concord.screening.names.translit import transliterate_word
from concord.screening.runtime import ScreeningRuntime
from concord.screening.schemas import Hit, ScreenQuery, ScreenResult
from concord.web import i18n
from concord.web.nav import N_
from concord.web.session import Csrf, web_require
from concord.web.templating import render

router = APIRouter(prefix="/console", include_in_schema=False)
Screener = Annotated[Principal, Depends(web_require(Permission.SCREEN))]

FIELDS = ("text", "kind", "country", "dob", "nationality", "sex", "mrz", "purpose")
KINDS = {
    "name": N_("Name"),
    "document": N_("Document number"),
    "vin": N_("VIN"),
    "plate": N_("Number plate"),
    "serial": N_("Serial number"),
    "imo": N_("IMO number"),
}
PURPOSES = {
    "border_control": N_("Border control"),
    "visa_application": N_("Visa application"),
    "immigration": N_("Immigration"),
    "customs": N_("Customs"),
    "criminal_investigation": N_("Criminal investigation"),
    "missing_person": N_("Missing person"),
    "other": N_("Other"),
}
RECORD_TYPES = {
    "person": N_("Person"),
    "document": N_("Travel document"),
    "vehicle": N_("Vehicle"),
    "artwork": N_("Work of art"),
    "firearm": N_("Firearm"),
    "vessel": N_("Vessel"),
    "asset": N_("Asset"),
}
HOW = {
    "exact": N_("exact"),
    "ocr": N_("OCR confusion"),
    "transliterated": N_("transliterated"),
    "phonetic": N_("phonetic"),
    "fuzzy": N_("fuzzy"),
    "initial": N_("initial"),
    "nickname": N_("nickname"),
    "reordered": N_("reordered"),
    "missing": N_("missing"),
    "extra": N_("extra"),
    "partial date": N_("partial date"),
    "day/month swapped": N_("day and month swapped"),
    "shared": N_("shared"),
    "same": N_("same"),
}
FIELD_NAMES = {
    "name": N_("Name"),
    "birth_date": N_("Date of birth"),
    "nationality": N_("Nationality"),
    "sex": N_("Sex"),
    "document_number": N_("Document number"),
    "vin": N_("VIN"),
    "plate": N_("Number plate"),
    "serial": N_("Serial number"),
    "imo": N_("IMO number"),
}
NOTICE_TYPES = {
    "red": N_("Red Notice"),
    "yellow": N_("Yellow Notice"),
    "blue": N_("Blue Notice"),
    "black": N_("Black Notice"),
    "green": N_("Green Notice"),
    "orange": N_("Orange Notice"),
    "purple": N_("Purple Notice"),
    "silver": N_("Silver Notice"),
    "un": N_("INTERPOL-United Nations Security Council Special Notice"),
}
#: What an officer does on a hit, per notice type (``%(cc)s``: the requesting country).
ACTIONS = {
    "red": N_(
        "Wanted: locate and provisionally arrest pending extradition; contact the NCB of "
        "%(cc)s immediately"
    ),
    "yellow": N_(
        "Missing person: establish identity and whereabouts, ensure their safety; inform the "
        "NCB of %(cc)s immediately"
    ),
    "blue": N_(
        "Collect information on identity, location or activities; do not arrest on this "
        "notice; report to the NCB of %(cc)s"
    ),
    "black": N_(
        "Unidentified body: compare with missing persons; report any lead to the NCB of %(cc)s"
    ),
    "green": N_(
        "Warning: person with criminal activity likely to repeat; apply national measures and "
        "inform the NCB of %(cc)s"
    ),
    "orange": N_(
        "Imminent threat to public safety: take protective measures and contact the NCB of "
        "%(cc)s immediately"
    ),
    "purple": N_("Modus operandi: for information; report similar cases to the NCB of %(cc)s"),
    "silver": N_(
        "Asset of suspected criminal origin: locate and identify it, do not seize on this "
        "notice alone; report to the NCB of %(cc)s"
    ),
    "un": N_(
        "Subject to UN Security Council sanctions (see the measures listed): apply them and "
        "inform the INTERPOL General Secretariat"
    ),
}
VIN = re.compile(r"^(?=.*\d)(?=.*[A-HJ-NPR-Z])[A-HJ-NPR-Z0-9]{17}$")
#: Where each part of a query goes back to in the form, for inline errors.
ERROR_FIELDS = {
    "mrz": "mrz",
    "birth_date": "dob",
    "nationality": "nationality",
    "sex": "sex",
    "country": "country",
    "purpose": "purpose",
}


def runtime(request: Request) -> ScreeningRuntime:
    rt: ScreeningRuntime = request.app.state.screening
    return rt


def kind_of(text: str, chosen: str) -> str:
    """What the search box holds: a VIN when it looks like one, else the kind chosen."""
    if VIN.match(text.replace(" ", "").upper()):
        return "vin"
    return chosen if chosen in KINDS else "name"


def build_query(values: dict[str, str]) -> ScreenQuery:
    """The API's query from the form (raises pydantic's ValidationError, or ValueError)."""
    text, mrz = values["text"].strip(), values["mrz"].strip()
    body: dict[str, Any] = {}
    if values["purpose"] in PURPOSES:
        body["purpose"] = values["purpose"]
    if mrz:
        body["mrz"] = mrz
    kind = kind_of(text, values["kind"]) if text else ""
    person = {
        "birth_date": values["dob"].strip() or None,
        "nationality": values["nationality"].strip() or None,
        "sex": values["sex"] or None,
    }
    if kind == "name":
        body["person"] = {"names": [text], **{k: v for k, v in person.items() if v}}
    elif kind == "document":
        body["document"] = {"number": text, "country": values["country"].strip()}
    elif kind == "plate":
        body["plate"] = {"number": text, "country": values["country"].strip() or None}
    elif kind:
        body[kind] = text
    if not body.keys() - {"purpose"}:
        raise ValueError("text")
    return ScreenQuery.model_validate(body)


def field_errors(exc: ValidationError) -> dict[str, str]:
    """Pydantic's errors, keyed by the form field they concern."""
    out: dict[str, str] = {}
    for err in exc.errors(include_url=False):
        loc = [str(p) for p in err["loc"]]
        field = next((ERROR_FIELDS[p] for p in reversed(loc) if p in ERROR_FIELDS), "text")
        if loc[:2] == ["document", "country"] or loc[:2] == ["plate", "country"]:
            field = "country"
        message = str(err["msg"]).removeprefix("Value error, ")
        out.setdefault(field, message)
    return out


def _tokens(text: str) -> list[str]:
    return re.split(r"([\w'-]+)", text)


@cache
def _latin() -> Any:
    return icu.Transliterator.createInstance("Any-Latin; Latin-ASCII; Lower")


_LATIN_LOCK = threading.Lock()


def _fold(word: str) -> tuple[str, ...]:
    """The Latin lowercase forms of ``word`` the engine may have compared."""
    if word.isascii():
        return (word.lower(),)
    with _LATIN_LOCK:  # an ICU transliterator is not safe to share between threads
        plain = str(_latin().transliterate(word))
    return (plain, *transliterate_word(word)[0])


def marked(text: str, matched: set[str]) -> Markup:
    """``text`` with the words that matched (compared transliterated, lowercase) in <mark>."""
    out = []
    for i, piece in enumerate(_tokens(text)):
        hit = i % 2 == 1 and any(f in matched for f in _fold(piece))
        out.append(Markup("<mark>{}</mark>").format(piece) if hit else escape(piece))
    return Markup("").join(out)


def transliteration(text: str) -> str | None:
    """The Latin form the engine compared, for a name in another script."""
    if text.isascii():
        return None
    words = [
        _fold(w)[0]
        for i, w in enumerate(_tokens(text))
        if i % 2 == 1 and any(c.isalpha() for c in w)
    ]
    latin = " ".join(w for w in words if w)
    return latin if latin and latin != text.lower() else None


def hit_view(hit: Hit, searched: str, gettext: Any) -> dict[str, Any]:
    names = [e for e in hit.explanation if e.field == "name"]
    matched = {w for e in names for w in (e.record or "").split() + (e.query or "").split()}
    label = hit.label or hit.record_id
    return {
        "hit": hit,
        "type": RECORD_TYPES.get(hit.record_type, hit.record_type),
        "label": marked(label, matched) if names else label,
        "latin": transliteration(label) if names else None,
        "searched": marked(searched, matched) if names and searched else None,
        "parts": [
            {
                "field": FIELD_NAMES.get(e.field, e.field),
                "query": e.query,
                "record": e.record,
                "how": HOW.get(e.how, e.how),
                "name": e.field == "name",
            }
            for e in hit.explanation
        ],
        "notices": [notice_view(n, gettext) for n in hit.notices],
    }


def notice_view(notice: dict[str, Any], gettext: Any) -> dict[str, Any]:
    kind = str(notice.get("type"))
    return {
        **notice,
        "kind": NOTICE_TYPES.get(kind, kind),
        "action_template": ACTIONS.get(kind),
    }


def result_view(result: ScreenResult, query: ScreenQuery, gettext: Any) -> dict[str, Any]:
    searched = query.person.names[0] if query.person else ""
    if result.mrz is not None:
        searched = f"{result.mrz.secondary_name} {result.mrz.primary_name}".strip()
    return {
        "result": result,
        "hits": [hit_view(h, searched, gettext) for h in result.hits],
    }


def _page(request: Request, principal: Principal, **context: Any) -> dict[str, Any]:
    values = dict.fromkeys(FIELDS, "") | {"kind": "name"}
    values["purpose"] = principal.default_purpose or ""
    base: dict[str, Any] = {
        "form": values,
        "errors": {},
        "view": None,
        "kinds": KINDS,
        "purposes": PURPOSES,
        "actions": ACTIONS,
        "can_read_records": principal.has(Permission.RECORDS_READ),
    }
    base.update(context)
    return base


@router.get("/screen")
def screen_page(request: Request, principal: Screener) -> Response:
    return render(request, "console/screening/screen.html", _page(request, principal))


@router.post("/screen", dependencies=[Csrf])
async def screen(request: Request, session: SessionDep, principal: Screener) -> Response:
    form = await request.form()
    values = {k: str(form.get(k) or "")[:400] for k in FIELDS}
    gettext = i18n.translations(i18n.choose(request)).gettext
    try:
        query = build_query(values)
    except ValidationError as exc:
        context = _page(request, principal, form=values, errors=field_errors(exc))
        return render(request, "console/screening/screen.html", context, status=422)
    except ValueError:
        empty = {"text": gettext("Enter a name, a number or an MRZ to screen.")}
        context = _page(request, principal, form=values, errors=empty)
        return render(request, "console/screening/screen.html", context, status=422)
    # The sign-in check may have touched the session row: end that transaction before the
    # screening commits in its own (SQLite allows one writer at a time).
    await to_thread.run_sync(session.commit)
    result = (await runtime(request).screen(principal, [query]))[0]
    context = _page(request, principal, form=values, view=result_view(result, query, gettext))
    return render(request, "console/screening/screen.html", context)
