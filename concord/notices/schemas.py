"""API shapes of notices and diffusions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from concord.notices.types import NoticeType
from concord.notices.workflow import Action, Status

Lang = Literal["en", "fr", "es", "ar"]
RecordId = Annotated[str, StringConstraints(min_length=1, max_length=32)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


class NoticeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: NoticeType
    subject_id: RecordId | None = Field(
        None, description="The person record (yours) the notice is about"
    )
    language: Lang = Field("en", description="Language the request is written in")
    public: bool = Field(
        False, description="Consent to a public extract (Red and Yellow; UN always public)"
    )
    fields: dict[str, Any] = Field(
        default_factory=dict, description="The type's fields: charges, circumstances, ..."
    )


class NoticePatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    subject_id: RecordId | None = None
    language: Lang | None = None
    public: bool | None = None
    fields: dict[str, Any] | None = None


class NoticeUpdateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fields: dict[str, Any]
    reason: Reason


class TransitionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: Action
    reason: Reason | None = None
    ground: Literal["art3", "art2", "other"] | None = Field(
        None, description="For a refusal: Art. 3, Art. 2 (human rights) or other"
    )


class FindingOut(BaseModel):
    rule: str
    severity: Literal["block", "flag", "info"]
    reason: str
    field: str | None = None


class NoticeOut(BaseModel):
    """A notice as the caller may see it: ``view`` says how much (``full`` for the requester
    and the Secretariat, ``member`` for a published notice, ``processing`` for a request
    being processed)."""

    id: str
    type: NoticeType
    status: Status | Literal["processing"]
    view: Literal["full", "member", "processing"]
    requesting_country: str | None
    title: str
    subject_id: str | None
    language: str
    public: bool | None = None
    entity_id: str | None = None
    action: str | None = Field(None, description="What an officer who hits it must do")
    fields: dict[str, Any] | None = None
    findings: list[FindingOut] | None = None
    pending_update: dict[str, Any] | None = None
    next_actions: list[Action] = Field(default_factory=list)
    version: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    submitted_at: datetime | None = None
    published_at: datetime | None = None
    expires_at: datetime | None = None
    refusal_ground: str | None = None


class NoticeEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    at: datetime
    actor_id: str
    actor_country: str | None
    action: str
    from_status: str | None
    to_status: str
    reason: str | None
    ground: str | None
    findings: list[FindingOut] | None


class CheckIn(BaseModel):
    """A request checked without saving anything."""

    model_config = ConfigDict(extra="forbid")
    type: Literal[
        "red", "yellow", "blue", "black", "green", "orange", "purple", "silver", "un", "diffusion"
    ]
    requesting_country: CountryCode | None = Field(None, description="Defaults to your country")
    subject_id: RecordId | None = Field(None, description="A person record of yours")
    subject: dict[str, Any] | None = Field(
        None, description="Or the person's data inline (as in a person record)"
    )
    fields: dict[str, Any] = Field(default_factory=dict)


class CheckOut(BaseModel):
    findings: list[FindingOut]
    blocking: int
    flagged: int
    likely_ground: str | None


class StatsOut(BaseModel):
    scope: str = Field(description="What the counts cover")
    period: str
    by_type: dict[str, int]
    by_status: dict[str, int]
    by_country: dict[str, int]
    by_month: dict[str, int]
    refusals_by_ground: dict[str, int]
    in_circulation_by_type: dict[str, int]
    diffusions_by_status: dict[str, int]


class DiffusionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: NoticeType = Field(description="The notice type it stands for (e.g. red: wanted)")
    subject_id: RecordId | None = None
    language: Lang = "en"
    fields: dict[str, Any] = Field(default_factory=dict)
    to_all: bool = False
    to_region: Annotated[str, StringConstraints(min_length=1, max_length=40)] | None = None
    to_countries: list[CountryCode] = Field(default_factory=list, max_length=196)


class DiffusionReview(BaseModel):
    model_config = ConfigDict(extra="forbid")
    compliant: bool
    reason: Reason


class DiffusionOut(BaseModel):
    id: str
    type: NoticeType
    sender_country: str
    title: str
    subject_id: str | None
    language: str
    fields: dict[str, Any]
    scope: str
    status: Literal["sent", "compliant", "withdrawn"]
    recipients: list[str] | None = Field(None, description="Shown to the sender and Secretariat")
    findings: list[FindingOut] | None = None
    review_reason: str | None = None
    reviewed_at: datetime | None = None
    created_at: datetime
