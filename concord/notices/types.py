"""The notice types, their rules, and the fields a request carries.

Each type says what it is about (a person record, asset records, a body, a modus operandi or
a UN-listed person or entity), who may request it, whether the public may see an extract,
whether members see a pending request as "request being processed", and what an officer who
hits it must do."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from concord.records import checks


class NoticeType(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    BLUE = "blue"
    BLACK = "black"
    GREEN = "green"
    ORANGE = "orange"
    PURPLE = "purple"
    SILVER = "silver"
    UN = "un"


class Subject(StrEnum):
    PERSON = "person"  # a person record is required
    OPTIONAL_PERSON = "optional_person"  # a person record, or none (Orange: an object or event)
    ASSETS = "assets"  # asset records (Silver)
    BODY = "body"  # an unidentified body: no record, a body description
    NONE = "none"  # a modus operandi (Purple)
    UN_LISTED = "un_listed"  # a person record or a listed entity described inline


@dataclass(frozen=True)
class TypeRule:
    title: str
    subject: Subject
    #: the requesting country may consent to a public extract
    may_be_public: bool
    #: UN Special Notices: always public
    always_public: bool
    #: members see a submitted request as "request being processed"
    visible_while_processing: bool
    #: only the General Secretariat requests it
    secretariat_only: bool
    #: what an officer who hits the notice must do ({cc}: the requesting country)
    action: str


RULES: dict[NoticeType, TypeRule] = {
    NoticeType.RED: TypeRule(
        "Red Notice",
        Subject.PERSON,
        True,
        False,
        True,
        False,
        "Wanted: locate and provisionally arrest pending extradition; "
        "contact the NCB of {cc} immediately",
    ),
    NoticeType.YELLOW: TypeRule(
        "Yellow Notice",
        Subject.PERSON,
        True,
        False,
        True,
        False,
        "Missing person: establish identity and whereabouts, ensure their safety; "
        "inform the NCB of {cc} immediately",
    ),
    NoticeType.BLUE: TypeRule(
        "Blue Notice",
        Subject.PERSON,
        False,
        False,
        True,
        False,
        "Collect information on identity, location or activities; do not arrest on this "
        "notice; report to the NCB of {cc}",
    ),
    NoticeType.BLACK: TypeRule(
        "Black Notice",
        Subject.BODY,
        False,
        False,
        True,
        False,
        "Unidentified body: compare with missing persons; report any lead to the NCB of {cc}",
    ),
    NoticeType.GREEN: TypeRule(
        "Green Notice",
        Subject.PERSON,
        False,
        False,
        True,
        False,
        "Warning: person with criminal activity likely to repeat; apply national measures "
        "and inform the NCB of {cc}",
    ),
    NoticeType.ORANGE: TypeRule(
        "Orange Notice",
        Subject.OPTIONAL_PERSON,
        False,
        False,
        True,
        False,
        "Imminent threat to public safety: take protective measures and contact the NCB of "
        "{cc} immediately",
    ),
    NoticeType.PURPLE: TypeRule(
        "Purple Notice",
        Subject.NONE,
        False,
        False,
        False,
        False,
        "Modus operandi: for information; report similar cases to the NCB of {cc}",
    ),
    NoticeType.SILVER: TypeRule(
        "Silver Notice",
        Subject.ASSETS,
        False,
        False,
        False,
        False,
        "Asset of suspected criminal origin: locate and identify it, do not seize on this "
        "notice alone; report to the NCB of {cc}",
    ),
    NoticeType.UN: TypeRule(
        "INTERPOL-United Nations Security Council Special Notice",
        Subject.UN_LISTED,
        True,
        True,
        False,
        True,
        "Subject to UN Security Council sanctions (see the measures listed): apply them and "
        "inform the INTERPOL General Secretariat",
    ),
}

LANGUAGES = ("en", "fr", "es", "ar")
SANCTIONS = ("asset_freeze", "travel_ban", "arms_embargo")

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=8000)]
Lang = Annotated[str, StringConstraints(pattern=r"^(en|fr|es|ar)$")]


class _Fields(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ChargeIn(_Fields):
    charge: LongText
    charge_translation: dict[Lang, LongText] = Field(
        default_factory=dict, description="The charge in the other working languages"
    )
    penalty_years: float | None = Field(
        None, ge=0, le=1000, description="Maximum penalty for prosecution, years (life: 1000)"
    )
    convicted: bool = False
    remaining_months: float | None = Field(
        None, ge=0, le=12000, description="For a sentence: months still to serve"
    )
    offence_date: str | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD")
    law: Text | None = Field(None, description="The article of law")
    issuing_country: Text | None = Field(None, description="Country of the warrant")

    @field_validator("offence_date")
    @classmethod
    def _date(cls, v: str | None) -> str | None:
        return checks.birth_date(v) if v else v

    @field_validator("issuing_country")
    @classmethod
    def _country(cls, v: str | None) -> str | None:
        return checks.country(v) if v else v


class Warrant(_Fields):
    reference: Text
    issued_by: Text = Field(description="Court or judicial authority")
    issued_on: str | None = None

    @field_validator("issued_on")
    @classmethod
    def _date(cls, v: str | None) -> str | None:
        return checks.birth_date(v) if v else v


class Body(_Fields):
    found_on: str | None = None
    found_place: Text | None = None
    found_country: Text | None = None
    sex: Annotated[str, StringConstraints(pattern=r"^[FMU]$")] | None = None
    estimated_age: Text | None = None
    description: LongText

    @field_validator("found_on")
    @classmethod
    def _date(cls, v: str | None) -> str | None:
        return checks.birth_date(v) if v else v


class Entity(_Fields):
    """A UN-listed entity (organisation) described inline."""

    name: Text
    aliases: list[Text] = Field(default_factory=list, max_length=50)
    address: Text | None = None
    country: Text | None = None


class NoticeFields(_Fields):
    """Everything a request carries besides its subject; which parts are required depends on
    the type (checked at submission, see :mod:`concord.notices.compliance`)."""

    charges: list[ChargeIn] = Field(default_factory=list, max_length=50)
    circumstances: LongText | None = Field(None, description="Summary of the facts")
    warrant: Warrant | None = None
    date_of_event: str | None = Field(None, description="Disappearance, threat, ...")
    place_of_event: Text | None = None
    body: Body | None = None
    modus_operandi: LongText | None = None
    sanctions: list[
        Annotated[str, StringConstraints(pattern="^(asset_freeze|travel_ban|arms_embargo)$")]
    ] = Field(default_factory=list, max_length=3)
    un_reference: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2,4}\.\d{3}$")] | None = (
        Field(None, description="UN Security Council list reference, e.g. QDi.001")
    )
    entity: Entity | None = None
    assets: list[Annotated[str, StringConstraints(min_length=1, max_length=32)]] = Field(
        default_factory=list, max_length=100, description="Asset record ids (Silver)"
    )

    @field_validator("date_of_event")
    @classmethod
    def _date(cls, v: str | None) -> str | None:
        return checks.birth_date(v) if v else v
