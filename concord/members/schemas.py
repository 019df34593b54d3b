"""API shapes of the members registry."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from concord.records.types import RecordType


class Region(StrEnum):
    AFRICA = "Africa"
    AMERICAS = "Americas"
    ASIA_SOUTH_PACIFIC = "Asia and South Pacific"
    EUROPE = "Europe"
    MENA = "Middle East and North Africa"


class AgencyKind(StrEnum):
    BORDER = "border"
    CUSTOMS = "customs"
    IMMIGRATION = "immigration"
    POLICE = "police"
    FINANCIAL_INTELLIGENCE = "financial_intelligence"


class NcbOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    country_code: str
    name: str
    city: str | None


class MemberOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    code: str
    alpha3: str
    numeric: str
    name: str
    official_name: str | None
    region: Region
    joined: int | None


class MemberDetail(MemberOut):
    ncb: NcbOut
    agencies: int


class AgencyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    country_code: str
    ncb_id: str
    name: str
    kind: AgencyKind
    status: str
    created_at: datetime
    suspended_at: datetime | None
    suspension_reason: str | None
    record_types: list[str] | None = Field(
        None, description="Databases (record types) the NCB authorised this agency to write"
    )


class AgencyDatabases(BaseModel):
    model_config = ConfigDict(extra="forbid")
    record_types: list[RecordType] = Field(
        max_length=7, description="The databases this agency may write; empty for none"
    )


class AgencyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, StringConstraints(min_length=2, max_length=200)]
    kind: AgencyKind
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = None


class AgencySuspend(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Annotated[str, StringConstraints(min_length=3, max_length=500)]
