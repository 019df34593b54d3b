"""What a screening query may carry and what it answers, as the API and the CLI see them.

Validation is strict and precise: a malformed MRZ names the check that failed, an impossible
date or an unknown country code names the field. Country codes may be ISO 3166-1 (alpha-2,
alpha-3, numeric) or ICAO Doc 9303 codes; ICAO codes that name no state (``UNO``, ``XXA``, ...)
and the specimen state ``UTO`` are screened as they are, not refused.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic import model_validator as model_check

from concord.records import checks
from concord.records.identifiers import countries as iso
from concord.records.identifiers.mrz import Mrz, MrzError, parse_mrz

MAX_BATCH = 1000
SPECIMEN_STATES = frozenset({"UTO"})

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Key = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]


class Purpose(StrEnum):
    BORDER_CONTROL = "border_control"
    VISA_APPLICATION = "visa_application"
    IMMIGRATION = "immigration"
    CUSTOMS = "customs"
    CRIMINAL_INVESTIGATION = "criminal_investigation"
    MISSING_PERSON = "missing_person"
    OTHER = "other"


def screening_country(code: str) -> str:
    """An ISO alpha-2 code, or an ICAO code that names no state (kept as it is)."""
    cleaned = code.strip().upper()
    if cleaned in iso.ICAO_NON_STATE_CODES or cleaned in SPECIMEN_STATES:
        return cleaned
    return checks.country(code)


def parse_checked_mrz(text: str) -> Mrz:
    """Parse an MRZ and verify every check digit; the error names the check that failed."""
    try:
        parsed = parse_mrz(text.replace("\\n", "\n"))
    except MrzError as exc:
        raise ValueError(str(exc)) from None
    failed = [name.replace("_", " ") for name, ok in parsed.checks.items() if not ok]
    if failed:
        raise ValueError(f"MRZ check digit wrong for: {', '.join(failed)}")
    return parsed


class _Query(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PersonQuery(_Query):
    names: list[Text] = Field(
        min_length=1, max_length=10, description="The name as written (any script); aliases"
    )
    birth_date: str | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD")
    nationality: str | None = Field(None, description="ISO 3166 or ICAO 9303 code")
    sex: Literal["M", "F", "X", "U"] | None = None

    @field_validator("names")
    @classmethod
    def _names(cls, names: list[str]) -> list[str]:
        for name in names:
            if not any(ch.isalnum() for ch in name):
                raise ValueError(f"the name {name!r} has no letters")
        return names

    @field_validator("birth_date")
    @classmethod
    def _birth(cls, v: str | None) -> str | None:
        return checks.birth_date(v) if v else None

    @field_validator("nationality")
    @classmethod
    def _nationality(cls, v: str | None) -> str | None:
        return screening_country(v) if v else None


class DocumentQuery(_Query):
    number: Key
    country: str = Field(description="Issuing country: ISO 3166 or ICAO 9303 code")

    @field_validator("number")
    @classmethod
    def _number(cls, v: str) -> str:
        return checks.document_number(v)

    @field_validator("country")
    @classmethod
    def _country(cls, v: str) -> str:
        return screening_country(v)


class PlateQuery(_Query):
    number: Key
    country: str | None = None

    @field_validator("number")
    @classmethod
    def _plate(cls, v: str) -> str:
        return checks.plate(v)

    @field_validator("country")
    @classmethod
    def _country(cls, v: str | None) -> str | None:
        return screening_country(v) if v else None


class ScreenQuery(_Query):
    """One traveller, document or object to screen against every database."""

    purpose: Purpose | None = Field(
        None, description="Why this screening is made; defaults to the account's purpose"
    )
    reference: Annotated[str, StringConstraints(max_length=100)] | None = Field(
        None, description="The caller's own reference (e.g. a passenger-list row), echoed back"
    )
    person: PersonQuery | None = None
    document: DocumentQuery | None = None
    mrz: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = Field(
        None, description="A whole MRZ (TD1, TD2 or TD3), lines separated by newlines"
    )
    vin: Key | None = None
    plate: PlateQuery | None = None
    serial: Key | None = Field(None, description="A firearm's or object's serial number")
    imo: Key | None = Field(None, description="A vessel's IMO number, with or without 'IMO'")

    @field_validator("mrz")
    @classmethod
    def _mrz(cls, v: str | None) -> str | None:
        if v is None:
            return None
        parsed = parse_checked_mrz(v)
        return "\n".join(parsed.lines)

    @field_validator("vin")
    @classmethod
    def _vin(cls, v: str | None) -> str | None:
        return checks.vin(v) if v else None

    @field_validator("serial")
    @classmethod
    def _serial(cls, v: str | None) -> str | None:
        return checks.serial(v) if v else None

    @field_validator("imo")
    @classmethod
    def _imo(cls, v: str | None) -> str | None:
        return checks.imo(v) if v else None

    @model_check(mode="after")
    def _something(self) -> ScreenQuery:
        if not any(
            (self.person, self.document, self.mrz, self.vin, self.plate, self.serial, self.imo)
        ):
            raise ValueError(
                "give at least one of person, document, mrz, vin, plate, serial or imo"
            )
        return self

    def searched(self) -> dict[str, Any]:
        """The data searched, as the audit trail keeps it."""
        return self.model_dump(mode="json", exclude_none=True, exclude={"purpose"})


class BatchQuery(_Query):
    purpose: Purpose | None = Field(None, description="Default purpose of every query")
    queries: list[ScreenQuery] = Field(min_length=1, max_length=MAX_BATCH)


class Explanation(BaseModel):
    field: str = Field(description="What matched: name, birth_date, document_number, vin, ...")
    query: str | None = None
    record: str | None = None
    how: str = Field(
        description="exact, ocr, transliterated, phonetic, fuzzy, initial, nickname, "
        "reordered, missing, extra, partial date, day/month swapped, ..."
    )
    score: float | None = None


class MrzOut(BaseModel):
    format: str
    document_code: str
    issuing_state: str
    document_number: str
    nationality: str
    birth_date: date | None
    expiry_date: date
    sex: str
    primary_name: str
    secondary_name: str
    checks: dict[str, bool]
    expired: bool


class Hit(BaseModel):
    id: str | None = Field(None, description="The hit's id, for following it up")
    record_id: str
    record_type: str
    owner: str = Field(description="The country that owns the record")
    label: str | None = None
    matched_on: str = Field(description="document, mrz_document, mrz_holder, person, vin, ...")
    score: float = Field(ge=0, le=1)
    decision: Literal["match", "possible"]
    summary: str = Field(description="The explanation in one line")
    explanation: list[Explanation]
    ocr: bool = Field(False, description="Found only after folding OCR confusions (0/O, 1/I...)")
    alert: bool = Field(True, description="False while a clearance for this traveller holds")
    cleared_until: datetime | None = None
    notices: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Notices in circulation on the record (or its holder/owner): id, type, "
        "entity_id, title, requesting_country, action (what to do), via_record",
    )


class ScreenResult(BaseModel):
    screening_id: str
    purpose: str
    reference: str | None = None
    screened_at: datetime
    mrz: MrzOut | None = None
    hits: list[Hit]


class BatchResult(BaseModel):
    results: list[ScreenResult]
