"""Automated compliance checks for notice and diffusion requests.

Pure logic: no database, no network. :func:`check` reads a request and returns findings, each
naming a rule, a severity (``block``: cannot be published as is; ``flag``: a reviewer must
look; ``info``: advice) and the words that triggered it. The checks advise; people decide.
Word lists and tables are in :mod:`concord.notices.compliance_terms`.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Literal

from concord.notices import compliance_terms as terms

Severity = Literal["block", "flag", "info"]
_RANK = {"block": 0, "flag": 1, "info": 2}
_SEVERITY: dict[str, Severity] = {"block": "block", "flag": "flag", "info": "info"}
_MARKERS = ("context", "violence", "criminal", "coercion", "driving", "parental")


@dataclass(frozen=True)
class Charge:
    """One offence as the requesting country wrote it (life imprisonment: 1000 years)."""

    charge: str
    penalty_years: float | None = None
    remaining_months: float | None = None
    convicted: bool = False
    offence_date: str | None = None
    law: str | None = None


@dataclass(frozen=True)
class CheckInput:
    """A request as the checks see it: type, charges, facts, subject data and own fields."""

    type: str
    requesting_country: str
    charges: tuple[Charge, ...] = ()
    circumstances: str | None = None
    subject: dict[str, object] | None = None
    fields: dict[str, object] | None = None
    today: date | None = None
    #: False when only the charges and facts are checked (e.g. ``concord notices check
    #: --charge``): fields the caller could not give are not reported missing.
    complete: bool = True


@dataclass(frozen=True)
class Finding:
    """One thing a reviewer should know, with the rule that found it."""

    rule: str
    severity: Severity
    reason: str
    field: str | None = None


def check(request: CheckInput) -> list[Finding]:
    """Every finding on the request: blocks first, then flags, then advice."""
    kind = request.type.strip().casefold()
    today = request.today or date.today()
    found = [
        *(_required(request, kind) if request.complete else ()),
        *_penalty(request, kind),
        *_words(request, kind),
        *_quality(request, kind, today),
    ]
    return sorted(found, key=lambda f: _RANK[f.severity])


def grounds(findings: list[Finding]) -> str | None:
    """The refusal ground a reviewer would most likely cite: art3, art2, other or None."""
    rules = {f.rule for f in findings}
    if any(r.startswith("art3-") for r in rules) or rules & {"refugee-status", "political-figure"}:
        return "art3"
    if "art2-human-rights" in rules:
        return "art2"
    return "other" if any(f.severity != "info" for f in findings) else None


def _note(key: str, field: str, severity: Severity | None = None, **values: object) -> Finding:
    rule, default, text = terms.NOTES[key].split(" ", 2)
    return Finding(rule, severity or _SEVERITY[default], text.format(**values), field)


# Arabic ta marbuta, alef maksura, alef wasla, Persian yeh and kaf, tatweel; Latin ligatures.
_FOLD = {"\u0629": "\u0647", "\u0649": "\u064a", "\u0671": "\u0627", "\u06cc": "\u064a"}
_FOLD |= {"\u06a9": "\u0643", "\u0640": "", "œ": "oe", "æ": "ae", "ø": "o", "ł": "l"}
_ARABIC = re.compile("[\u0600-\u06ff]")
_ARTICLE = "\u0627\u0644"
_CLITIC = "[\u0648\u0641\u0628\u0644]{0,2}"  # wa, fa, bi, li


@cache
def _fold_char(ch: str) -> str:
    out = ""
    for c in unicodedata.normalize("NFKD", ch.casefold()):
        if unicodedata.category(c) not in ("Mn", "Me"):
            out += "".join(x if x.isalnum() else " " for x in _FOLD.get(c, c))
    return out


def _fold(text: str) -> str:
    """Text as matched: lower case, no accents or Arabic vowel marks, punctuation as spaces."""
    return "".join(_fold_char(c) for c in text)


@dataclass(frozen=True)
class _Text:
    field: str
    raw: str
    folded: str
    index: tuple[int, ...]  # position in raw of each folded character

    @classmethod
    def of(cls, field: str, raw: str) -> _Text:
        parts = [_fold_char(c) for c in raw]
        return cls(field, raw, "".join(parts), tuple(i for i, p in enumerate(parts) for _ in p))

    def quote(self, match: re.Match[str]) -> str:
        return self.raw[self.index[match.start()] : self.index[match.end() - 1] + 1]


def _word(word: str) -> str:
    out = []
    for part in _fold(word.rstrip("*")).split():
        if not _ARABIC.match(part):
            out.append(re.escape(part))
        elif part.startswith(_ARTICLE) and len(part) > 3:  # written with the article: required
            out.append(f"{_CLITIC}(?:{_ARTICLE}|\u0644){re.escape(part[2:])}")
        else:
            out.append(f"{_CLITIC}(?:{_ARTICLE})?{re.escape(part)}")
    return r"\s+".join(out) + (r"\w*" if word.endswith("*") else "")


def _body(pattern: str) -> str:
    body, gap = "", False
    for part in pattern.split():
        if part == "~":
            gap = True
            continue
        alt = "(?:" + "|".join(_word(w) for w in part.split("|")) + ")"
        body += ((rf"\s+(?:\w+\s+){{0,{terms.GAP}}}" if gap else r"\s+") + alt) if body else alt
        gap = False
    return body


@cache
def _pattern(category: str) -> re.Pattern[str]:
    """One regular expression for all the patterns of a category."""
    joined = re.sub(r"\|\s*\n\s*", "|", terms.TERMS[category]).replace("\n", ";")
    for name, alternatives in terms.ALIASES.items():
        joined = joined.replace(name, alternatives)
    bodies = "|".join(_body(p.strip()) for p in joined.split(";") if p.strip())
    return re.compile(rf"(?<!\w)(?:{bodies})(?!\w)")


def _any(category: str, folded: str) -> bool:
    return _pattern(category).search(folded) is not None


def _quotes(category: str, text: _Text) -> list[str]:
    out: list[str] = []
    for m in _pattern(category).finditer(text.folded):
        before = text.folded[max(0, m.start() - terms.VICTIM_WINDOW) : m.start()]
        if category == "figure" and _any("victim", before):
            continue  # "murdered the journalist": the journalist is the victim
        if (q := text.quote(m)) not in out:
            out.append(q)
    return out


def _texts(request: CheckInput) -> list[_Text]:
    out = []
    for i, c in enumerate(request.charges):
        out.append(_Text.of(f"charges[{i}].charge", c.charge))
        if c.law:
            out.append(_Text.of(f"charges[{i}].law", c.law))
    raw = (request.fields or {}).get("charges")
    for i, c in enumerate(raw if isinstance(raw, list) else []):
        tr = c.get("charge_translation") if isinstance(c, dict) else None
        for lang, text in tr.items() if isinstance(tr, dict) else ():
            out.append(_Text.of(f"charges[{i}].charge_translation.{lang}", str(text)))
    if request.circumstances:
        out.append(_Text.of("circumstances", request.circumstances))
    return out


def _markers(texts: list[_Text]) -> dict[str, set[str]]:
    """Markers seen by each charge (its own texts and the facts) and by the facts (everything)."""
    groups: dict[str, str] = {}
    for text in texts:
        group = text.field.split(".")[0]
        groups[group] = groups.get(group, "") + " " + text.folded
    facts, whole = groups.get("circumstances", ""), " ".join(groups.values())
    return {
        group: {m for m in _MARKERS if _any(m, whole if group == "circumstances" else seen + facts)}
        for group, seen in groups.items()
    }


def _scan(request: CheckInput, kind: str) -> dict[str, dict[str, list[str]]]:
    """field -> category -> quoted words, once the markers have qualified each category."""
    texts = _texts(request)
    markers = _markers(texts)
    violent_facts = any(_any("violence", t.folded) for t in texts if t.field == "circumstances")
    found: dict[str, dict[str, list[str]]] = {}
    for category, (_, _, types) in terms.CATEGORIES.items():
        if types and kind not in types.split():
            continue
        for text in texts:
            present = markers[text.field.split(".")[0]]
            if text.field == "circumstances" and (
                category in terms.CHARGES_ONLY
                or (violent_facts and category in terms.CIRCUMSTANCES_UNLESS_VIOLENCE)
            ):
                continue
            if (needed := terms.NEEDS.get(category)) and needed not in present:
                continue
            cancelled = present.intersection(terms.UNLESS.get(category, ()))
            if cancelled and terms.KEEP.get(category) not in present:
                continue
            if quotes := _quotes(category, text):
                found.setdefault(text.field, {})[category] = quotes
    return found


def _label(field: str) -> str:
    m = re.match(r"charges\[(\d+)\]\.(\w+)", field)
    if m is None:
        return "The summary of facts"
    n = int(m[1]) + 1
    labels = {"charge": f"Charge {n}", "law": f"The law cited for charge {n}"}
    return labels.get(m[2], f"The translation of charge {n}")


def _words(request: CheckInput, kind: str) -> Iterator[Finding]:
    scan = _scan(request, kind)
    merged: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for field, categories in scan.items():
        for category, quotes in categories.items():
            rules, why, _ = terms.CATEGORIES[category]
            for rule in rules:
                seen = merged.setdefault((rule, field), (why, []))[1]
                seen.extend(q for q in quotes if q not in seen)
    for (rule, field), (why, quotes) in merged.items():
        said = ", ".join(f'"{q}"' for q in quotes if not any(q != o and q in o for o in quotes))
        yield Finding(rule, "flag", f"{_label(field)} says {said}: {why}", field)
    per_charge = [
        set(scan.get(f"charges[{i}].charge", {})) | set(scan.get(f"charges[{i}].law", {}))
        for i in range(len(request.charges))
    ]
    if kind == "red" and per_charge and all(cats & terms.EXCLUDED for cats in per_charge):
        yield _note("not_serious", "charges")
    for source, data in (("subject", request.subject or {}), ("fields", request.fields or {})):
        if data.get("refugee"):
            yield _note("refugee", f"{source}.refugee")
        if data.get("political_figure"):
            yield _note("political_figure", f"{source}.political_figure")


def _filled(value: object) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, dict):
        return any(_filled(v) for v in value.values())
    if isinstance(value, list | tuple | set | frozenset):
        return any(_filled(v) for v in value)
    return value is not None


def _has(key: str, r: CheckInput, fields: dict[str, object]) -> bool:
    view: dict[str, object] = {
        "subject": r.subject,
        "names": (r.subject or {}).get("names") if r.subject else "reported as no subject",
        "charges": [c.charge for c in r.charges],
        "warrant": [fields.get("warrant"), fields.get("warrants")],
        "event": [fields.get("date_of_event"), r.circumstances],
        "offence": [*(c.charge for c in r.charges), r.circumstances],
        "circumstances": r.circumstances,
    }
    return _filled(view[key] if key in view else fields.get(key))


def _required(request: CheckInput, kind: str) -> Iterator[Finding]:
    fields = request.fields or {}
    if kind not in terms.REQUIRED:
        yield _note("unknown_type", "type", value=request.type, known=", ".join(terms.TYPES))
        return
    for key in terms.REQUIRED[kind]:
        if not _has(key, request, fields):
            yield _note(f"missing_{key}", terms.MISSING_FIELD[key])
    listed = fields.get("sanctions")
    odd = set(map(str, listed)) - terms.SANCTIONS if isinstance(listed, list | tuple) else set()
    if kind == "un" and odd:
        known = ", ".join(sorted(terms.SANCTIONS))
        yield _note("unknown_sanction", "fields.sanctions", value=" ".join(odd), known=known)
    if kind == "orange" and not request.subject and not _filled(fields.get("object")):
        yield _note("orange_about", "subject")


def _absurd(value: float, cap: float, life: float) -> bool:
    return math.isnan(value) or value < 0 or (value > cap and value not in (life, math.inf))


def _penalty(request: CheckInput, kind: str) -> Iterator[Finding]:
    """Red: 2 years' maximum penalty to prosecute, 6 months left to serve of a sentence."""
    below: list[tuple[int, str, float]] = []
    unknown: list[tuple[int, str]] = []
    for i, c in enumerate(request.charges if kind == "red" else ()):
        unit, cap, life, low = terms.LIMITS[c.convicted]
        value = getattr(c, unit)
        if value is None or _absurd(value, cap, life):
            unknown.append((i, unit))
        elif value < low:
            below.append((i, unit, value))
    met = len(below) + len(unknown) < len(request.charges)
    severity: Severity = "info" if met else "flag" if unknown else "block"
    if unknown and not below and not request.complete:
        severity = "info"  # only the charge is checked: the penalty is asked for, not held against
    for i, unit, value in below:
        yield _note(f"below_{unit}", f"charges[{i}].{unit}", severity, n=i + 1, value=value)
    for i, unit in [] if met else unknown:
        yield _note(f"no_{unit}", f"charges[{i}].{unit}", severity, n=i + 1)


_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _span(value: object) -> tuple[date, date] | None:
    """Earliest and latest day a full or partial ISO date can mean; None if unreadable."""
    m = _DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    if m is None:
        return (value, value) if isinstance(value, date) else None
    year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    try:
        last = day or calendar.monthrange(year, month or 12)[1]
        return date(year, month or 1, day or 1), date(year, month or 12, last)
    except ValueError:
        return None


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@cache
def _law_words() -> frozenset[str]:
    return frozenset(_fold(terms.LAW_WORDS).split())


def _law_only(text: str) -> bool:
    words = _fold(text).split()
    return all(w in _law_words() or len(w) == 1 or any(c.isdigit() for c in w) for w in words)


def _quality(r: CheckInput, kind: str, today: date) -> Iterator[Finding]:
    subject = r.subject or {}
    raw = subject.get("birth_date")
    birth = _span(raw)
    if subject and not _filled(subject.get("identifiers")) and not _filled(raw):
        yield _note("no_identity", "subject.identifiers")
    key = None
    if _filled(raw) and birth is None:
        key = "birth_unreadable"
    elif birth and birth[0] > today:
        key = "birth_future"
    elif birth and _age(birth[1], today) > terms.MAX_AGE:
        key = "birth_old"
    elif birth and kind == "red" and _age(birth[0], today) < terms.MIN_RED_AGE:
        key = "red_child"
    if key:
        yield _note(key, "subject.birth_date", value=raw)
    birth = None if key == "birth_future" else birth
    for i, c in enumerate(r.charges):
        yield from _charge_quality(i, c, birth, today)
    if kind == "red" and not _filled(r.circumstances):
        yield _note("no_facts", "circumstances")
    ref = (r.fields or {}).get("un_reference")
    if kind == "un" and _filled(ref) and not re.fullmatch(r"[A-Za-z]{2,4}\.\d{3}", str(ref)):
        yield _note("un_reference", "fields.un_reference", value=ref)


def _charge_quality(
    i: int, c: Charge, birth: tuple[date, date] | None, today: date
) -> Iterator[Finding]:
    at, text, when = f"charges[{i}]", c.charge.strip(), _span(c.offence_date)
    if len(text) < 10 or _law_only(text):
        yield _note("charge_short" if len(text) < 10 else "charge_law", f"{at}.charge", n=i + 1)
    if c.offence_date is not None and when is None:
        yield _note("date_unreadable", f"{at}.offence_date", n=i + 1, value=c.offence_date)
    elif when and when[0] > today:
        yield _note("date_future", f"{at}.offence_date", n=i + 1)
    elif when and birth and when[1] < birth[0]:
        yield _note("date_before_birth", f"{at}.offence_date", n=i + 1)
    for unit, cap, life, _ in terms.LIMITS.values():
        if (value := getattr(c, unit)) is not None and _absurd(value, cap, life):
            yield _note(f"odd_{unit}", f"{at}.{unit}", n=i + 1, value=value)
