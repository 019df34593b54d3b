"""The JSON of the public notices API, shaped like INTERPOL's public notices web service
(``ws-public.interpol.int``): HAL documents with ``_links`` of ``{"href": ...}`` and
``_embedded``, and the service's field names and codes. Builders turn a prepared public notice
(:class:`~concord.notices.public_cache.Entry`) into them; nothing else of a notice is read, so
restricted fields (findings, records, identifiers, warrants, circumstances of a Red Notice,
handling codes) cannot leak."""

from __future__ import annotations

import hashlib
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from concord.notices.public_cache import Entry, fold, is_latin, sex_id
from concord.records.types import NameKind, PersonName

Sex = Literal["F", "M", "U"]


class _Out(BaseModel):
    model_config = ConfigDict(validate_by_name=True, serialize_by_alias=True)


class Href(_Out):
    href: str


class NoticeLinks(_Out):
    self_: Href = Field(alias="self")
    images: Href
    thumbnail: Href


class NoticeItem(_Out):
    forename: str | None
    name: str | None
    date_of_birth: str | None = Field(description="YYYY/MM/DD, or YYYY/MM, YYYY if partial")
    entity_id: str = Field(description="YYYY/NNNNN")
    nationalities: list[str] = Field(description="ISO 3166 alpha-2")
    links: NoticeLinks = Field(alias="_links")


class Notices(_Out):
    notices: list[NoticeItem]


class PageLinks(_Out):
    self_: Href = Field(alias="self")
    first: Href
    last: Href
    next: Href | None = Field(None, description="Only when there is a next page")


class NoticeList(_Out):
    total: int
    query: dict[str, str | int] = Field(description="page, resultPerPage and the filters given")
    embedded: Notices = Field(alias="_embedded")
    links: PageLinks = Field(alias="_links")


class Embedded(_Out):
    links: list[Href] = Field(default_factory=list)


class Person(_Out):
    """What Red, Yellow and UN Special Notices say of a person."""

    entity_id: str
    forename: str | None
    name: str | None
    date_of_birth: str | None
    place_of_birth: str | None
    country_of_birth_id: str | None
    nationalities: list[str]
    sex_id: Sex
    languages_spoken_ids: list[str] = Field(description="ISO 639-2/B, upper-case (e.g. RUS)")
    height: float | None = Field(description="Metres")
    weight: int | None = Field(description="Kilograms")
    eyes_colors_id: list[str]
    hairs_id: list[str]
    distinguishing_marks: str | None
    embedded: Embedded = Field(alias="_embedded")
    links: NoticeLinks = Field(alias="_links")


class ArrestWarrant(_Out):
    issuing_country_id: str | None
    charge: str = Field(description="In the language of the request")
    charge_translation: str | None = Field(description="In English, if given")


class RedNotice(Person):
    arrest_warrants: list[ArrestWarrant]


class YellowNotice(Person):
    date_of_event: str | None = Field(description="Date of the disappearance")
    place: str | None = Field(description="Place of the disappearance")
    country: str | None = Field(description="Country that reported the disappearance")
    birth_name: str | None
    mother_forename: str | None = None
    mother_name: str | None = None
    father_forename: str | None = None
    father_name: str | None = None
    countries_likely_to_be_visited: list[str] = Field(default_factory=list)


class Alias(_Out):
    forename: str | None
    name: str | None


class UNPerson(Person):
    name_in_original_script: str | None
    aliases: list[Alias]
    un_reference: str | None = Field(description="UN Security Council list reference")
    un_reference_date: str | None
    summary: str | None
    sanctions: list[str] = Field(description="asset_freeze, travel_ban, arms_embargo")


class UNEntity(_Out):
    entity_id: str
    name: str
    name_in_original_script: str | None
    also_known_as: str | None = Field(description="Aliases, separated by '; '")
    adresses: list[str] = Field(description="Spelled as by the INTERPOL service")
    un_reference: str | None
    un_reference_date: str | None
    summary: str | None
    sanctions: list[str]
    embedded: Embedded = Field(alias="_embedded")
    links: NoticeLinks = Field(alias="_links")


class ImageLinks(_Out):
    self_: Href = Field(alias="self")


class Image(_Out):
    picture_id: str
    links: ImageLinks = Field(alias="_links")


class Images(_Out):
    images: list[Image]


class ImageListLinks(_Out):
    self_: Href = Field(alias="self")
    notice: Href
    thumbnail: Href


class ImageList(_Out):
    embedded: Images = Field(alias="_embedded")
    links: ImageListLinks = Field(alias="_links")


Detail = RedNotice | YellowNotice | UNPerson | UNEntity


def encode(model: BaseModel) -> bytes:
    """UTF-8 JSON (Arabic and every other script as is), without absent ``next`` links."""
    exclude = None
    if isinstance(model, NoticeList) and model.links.next is None:
        exclude = {"links": {"next"}}
    data = model.model_dump(mode="json", exclude=exclude)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# -- codes of the INTERPOL service --------------------------------------------------------------


def _table(pairs: dict[str, str]) -> dict[str, str]:
    return {fold(word): code for words, code in pairs.items() for word in words.split()}


_EYES = _table(
    {
        "black noir noirs negro negros أسود": "BLA",
        "blue bleu bleus azul azules أزرق": "BLU",
        "brown marron brun bruns cafe castano castanos marrones بني": "BRO",
        "green vert verts verde verdes أخضر": "GRE",
        "grey gray gris رمادي": "GRY",
        "hazel noisette avellana عسلي": "HAZ",
        "maroon": "MAR",
        "multicoloured multicolored heterochromia": "MUL",
        "pink": "PIN",
    }
)
_HAIR = _table(
    {
        "bald chauve calvo أصلع": "BAL",
        "black noir noirs negro أسود": "BLA",
        "blond blonde blonds fair rubio أشقر": "BLN",
        "brown chestnut brunette brun bruns chatain chatains marron castano moreno بني": "BRO",
        "grey gray gris canoso رمادي": "GRY",
        "red auburn ginger roux pelirrojo rojo أحمر": "RED",
        "white blanc blancs blanco أبيض": "WHI",
        "sandy": "SAN",
    }
)
#: ISO 639-3 (as records hold them) to the ISO 639-2/B codes the INTERPOL service uses
_LANGUAGES = {
    "sqi": "ALB", "hye": "ARM", "eus": "BAQ", "mya": "BUR", "zho": "CHI", "cmn": "CHI",
    "ces": "CZE", "nld": "DUT", "fra": "FRE", "kat": "GEO", "deu": "GER", "ell": "GRE",
    "isl": "ICE", "mkd": "MAC", "mri": "MAO", "msa": "MAY", "zsm": "MAY", "fas": "PER",
    "pes": "PER", "ron": "RUM", "slk": "SLO", "bod": "TIB", "cym": "WEL", "arb": "ARA",
}  # fmt: skip


def colour_codes(text: str | None, table: Literal["eyes", "hair"]) -> list[str]:
    """Codes of the colours named in free text; ``UNK`` (eyes) or ``OTH`` (hair) if none."""
    if not text:
        return []
    codes = _EYES if table == "eyes" else _HAIR
    found = [codes[w] for w in fold(text).split() if w in codes]
    return list(dict.fromkeys(found)) or (["UNK"] if table == "eyes" else ["OTH"])


# -- builders -----------------------------------------------------------------------------------


def notice_url(base: str, entry: Entry) -> str:
    return f"{base}notices/v1/{entry.kind}/{entry.entity_id.replace('/', '-')}"


def picture_id(entry: Entry, reference: str) -> str:
    """A stable public id for a photo reference (the reference itself is not published)."""
    digest = hashlib.sha256(f"{entry.notice_id}\n{reference}".encode()).digest()
    return str(int.from_bytes(digest[:4], "big"))


def _links(base: str, entry: Entry) -> NoticeLinks:
    url = notice_url(base, entry)
    photos = entry.person.photos if entry.person else []
    first = picture_id(entry, photos[0]) if photos else "none"
    return NoticeLinks(
        self_=Href(href=url),
        images=Href(href=f"{url}/images"),
        thumbnail=Href(href=f"{url}/images/{first}"),
    )


def _shown(name: PersonName | None) -> tuple[str | None, str | None]:
    """(forename, name) as the service shows them: Latin names upper-cased."""
    if name is None:
        return None, None
    forename, family = name.given, name.family
    if not forename and not family:
        family = name.full
    if is_latin(fold(name.display())):
        return (forename.upper() if forename else None), (family.upper() if family else None)
    return forename, family


def _main_name(entry: Entry) -> PersonName | None:
    if entry.person is None:
        return None
    names = entry.person.names
    primary = [n for n in names if n.kind == NameKind.PRIMARY] or names
    # extracts are published in Latin letters, as INTERPOL's are: a Latin primary name, else
    # a Latin alias (a romanisation), else the name as written
    latin = [n for n in primary + names if is_latin(fold(n.display()))]
    return latin[0] if latin else primary[0]


def _date(value: str | None) -> str | None:
    return value.replace("-", "/") if value else None


def item(base: str, entry: Entry) -> NoticeItem:
    forename, name = _shown(_main_name(entry))
    if entry.fields.entity is not None:
        name = _latin_upper(entry.fields.entity.name)
    person = entry.person
    return NoticeItem(
        forename=forename,
        name=name,
        date_of_birth=_date(person.birth_date if person else None),
        entity_id=entry.entity_id,
        nationalities=list(person.nationalities) if person else [],
        links=_links(base, entry),
    )


def _latin_upper(text: str) -> str:
    return text.upper() if is_latin(fold(text)) else text


def _person(base: str, entry: Entry) -> dict[str, object]:
    assert entry.person is not None
    p = entry.person
    forename, name = _shown(_main_name(entry))
    d = p.description
    return {
        "entity_id": entry.entity_id,
        "forename": forename,
        "name": name,
        "date_of_birth": _date(p.birth_date),
        "place_of_birth": p.birth_place,
        "country_of_birth_id": p.birth_country,
        "nationalities": list(p.nationalities),
        "sex_id": sex_id(p),
        "languages_spoken_ids": [_LANGUAGES.get(c, c.upper()) for c in p.languages or []],
        "height": round(d.height_cm / 100, 2) if d and d.height_cm else None,
        "weight": d.weight_kg if d else None,
        "eyes_colors_id": colour_codes(d.eyes if d else None, "eyes"),
        "hairs_id": colour_codes(d.hair if d else None, "hair"),
        "distinguishing_marks": d.marks if d else None,
        "embedded": Embedded(),
        "links": _links(base, entry),
    }


def detail(base: str, entry: Entry) -> Detail:
    f = entry.fields
    if entry.kind == "red":
        english = entry.language == "en"
        warrants = [
            ArrestWarrant(
                issuing_country_id=c.issuing_country or entry.requesting_country,
                charge=c.charge,
                charge_translation=None if english else c.charge_translation.get("en"),
            )
            for c in f.charges
        ]
        return RedNotice.model_validate({**_person(base, entry), "arrest_warrants": warrants})
    if entry.kind == "yellow":
        names = entry.person.names if entry.person else []
        birth = next((n for n in names if n.kind == NameKind.BIRTH), None)
        return YellowNotice.model_validate(
            {
                **_person(base, entry),
                "date_of_event": _date(f.date_of_event),
                "place": f.place_of_event,
                "country": entry.requesting_country,
                "birth_name": _latin_upper(birth.display()) if birth else None,
            }
        )
    un: dict[str, object] = {"un_reference": f.un_reference, "un_reference_date": None}
    un |= {"summary": f.circumstances, "sanctions": list(f.sanctions)}
    if f.entity is not None:
        return UNEntity.model_validate(
            {
                "entity_id": entry.entity_id,
                "name": _latin_upper(f.entity.name),
                "name_in_original_script": None,
                "also_known_as": "; ".join(f.entity.aliases) or None,
                "adresses": [f.entity.address] if f.entity.address else [],
                "embedded": Embedded(),
                "links": _links(base, entry),
                **un,
            }
        )
    names = entry.person.names if entry.person else []
    original = next((n.display() for n in names if not is_latin(fold(n.display()))), None)
    others = (n for n in names if n.kind in (NameKind.ALIAS, NameKind.FORMER))
    aliases = [Alias(forename=a, name=b) for a, b in map(_shown, others)]
    return UNPerson.model_validate(
        {**_person(base, entry), "name_in_original_script": original, "aliases": aliases, **un}
    )


def images(base: str, entry: Entry) -> ImageList:
    url = notice_url(base, entry)
    photos = entry.person.photos if entry.person else []
    pictures = [
        Image(picture_id=pid, links=ImageLinks(self_=Href(href=f"{url}/images/{pid}")))
        for pid in (picture_id(entry, ref) for ref in photos)
    ]
    links = ImageListLinks(
        self_=Href(href=f"{url}/images"),
        notice=Href(href=url),
        thumbnail=_links(base, entry).thumbnail,
    )
    return ImageList(embedded=Images(images=pictures), links=links)
