"""API shapes of records."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from concord.records.types import RecordType

Reliability = Literal["A", "B", "C", "X"]
Handling = Literal["H0", "H1", "H2", "H3"]
Restriction = Literal["all", "only", "except"]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
LinkKind = Literal["holder", "owner", "linked", "related"]


class RecordCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: RecordType
    data: dict[str, Any] = Field(description="The fields of the record type: see docs/import.md")
    owner_ref: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None = Field(
        None, description="The owner's own id for the record (unique per owner and type)"
    )
    reliability: Reliability = "B"
    handling: Handling = "H0"
    handling_note: Annotated[str, StringConstraints(max_length=500)] | None = None
    restriction: Restriction = "all"
    countries: list[CountryCode] = Field(default_factory=list, max_length=196)


class RecordPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    data: dict[str, Any] | None = None
    reliability: Reliability | None = None
    handling: Handling | None = None
    handling_note: Annotated[str, StringConstraints(max_length=500)] | None = None


class RestrictionSet(BaseModel):
    model_config = ConfigDict(extra="forbid")
    restriction: Restriction
    countries: list[CountryCode] = Field(default_factory=list, max_length=196)


class LinkCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    to_id: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    kind: LinkKind


class LinkOut(BaseModel):
    direction: Literal["to", "from"]
    kind: str
    record_id: str


class RecordOut(BaseModel):
    id: str
    type: RecordType
    owner: str
    owner_ref: str
    agency_id: str | None
    reliability: Reliability
    handling: Handling
    handling_note: str | None
    restriction: Restriction
    countries: list[str] | None = Field(description="Only shown to the owner (and the Secretariat)")
    key: str | None
    label: str
    data: dict[str, Any]
    version: int
    change_seq: int
    created_at: datetime
    updated_at: datetime
    review_at: datetime
    links: list[LinkOut] = Field(default_factory=list)


class RecordSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    type: RecordType
    owner: str
    owner_ref: str
    label: str
    key: str | None
    version: int
    review_at: datetime
    restriction: Restriction


class ChangeOut(BaseModel):
    seq: int
    op: Literal["upsert", "delete", "remove"]
    record_id: str
    record: RecordOut | None = None


class ChangesPage(BaseModel):
    changes: list[ChangeOut]
    next_since: int = Field(description="Pass as 'since' to continue")


class ReviewWarnings(BaseModel):
    warned: dict[str, int]
