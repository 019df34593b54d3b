"""Languages of the console: English, French, Spanish and Arabic (INTERPOL's four).

Translations live in Babel message catalogues, ``concord/web/locale/<lang>/*.po``: one file per
area of the console (``common.po``, ``screening.po``, ...), merged when the language is first
used. English is the source language (the message ids). The language of a page is the user's
explicit choice (the ``concord_lang`` cookie, set from the language menu) or else the best
match of the browser's ``Accept-Language``.
"""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale, negotiate_locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from starlette.requests import Request

LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT = "en"
LANG_COOKIE = "concord_lang"


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in its own language, as the language menu shows it
    rtl: bool = False


LANGUAGES: tuple[Language, ...] = (
    Language("en", "English"),
    Language("fr", "Français"),
    Language("es", "Español"),
    Language("ar", "العربية", rtl=True),
)
CODES = tuple(lang.code for lang in LANGUAGES)
BY_CODE = {lang.code: lang for lang in LANGUAGES}


def catalogue(code: str) -> Catalog:
    """Every message of ``code`` from all of its ``.po`` files (an empty catalogue for English)."""
    merged = Catalog(locale=code)
    folder = LOCALE_DIR / code
    for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
        with path.open("rb") as fh:
            part = read_po(fh, locale=code)
        for message in part:
            if message.id:
                merged[message.id] = message
    return merged


@cache
def translations(code: str) -> gettext.NullTranslations:
    if code == DEFAULT:
        return gettext.NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, catalogue(code), use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def choose(request: Request) -> str:
    """The page's language: ``?lang=``, then the cookie, then ``Accept-Language``."""
    for explicit in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if explicit in BY_CODE:
            return explicit
    return from_header(request.headers.get("accept-language", ""))


def from_header(header: str) -> str:
    preferred: list[tuple[float, str]] = []
    for i, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            preferred.append((-quality + i * 1e-6, tag.strip().replace("_", "-")))
    tags = [tag for _, tag in sorted(preferred)]
    found = negotiate_locale(tags, list(CODES), sep="-")
    if found is None:  # "fr-CA" against "fr": compare primary subtags
        primaries = [t.split("-")[0].lower() for t in tags]
        found = next((p for p in primaries if p in BY_CODE), None)
    return found or DEFAULT


@cache
def locale(code: str) -> Locale:
    return Locale.parse(code)


KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
METHODS = [("templates/**.html", "jinja2"), ("**.py", "python")]


def source_messages() -> dict[str, list[str]]:
    """Every message id the console's templates and modules use, with where it is used: what
    each language's catalogue must translate (``make messages`` lists what is missing)."""
    from babel.messages.extract import extract_from_dir

    found: dict[str, list[str]] = {}
    root = Path(__file__).parent
    options = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(root), method_map=METHODS, options_map=options, keywords=KEYWORDS
    ):
        ids = message if isinstance(message, tuple) else (message,)
        for msgid in ids:
            if msgid:
                found.setdefault(msgid, []).append(f"{filename}:{lineno}")
    return found


def missing(code: str) -> dict[str, list[str]]:
    """Message ids used by the console that ``code``'s catalogue does not translate."""
    cat = catalogue(code)
    out = {}
    for msgid, where in source_messages().items():
        entry = cat.get(msgid)
        text = entry.string if entry is not None else None
        if isinstance(text, tuple):
            text = text[0] if all(text) else None
        if not text or (entry is not None and entry.fuzzy):
            out[msgid] = where
    return out
