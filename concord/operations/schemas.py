"""API shapes of operations: the operation, invitations, targets, operation hits, results
reports (with their lines) and totals. Money in answers is in US dollars with cents."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from concord.operations.areas import Answer, Status, Transition

CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$", to_upper=True)]
Currency = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z]{3}$", to_upper=True, strip_whitespace=True)
]
RecordId = Annotated[str, StringConstraints(min_length=1, max_length=32)]
RecordIds = Annotated[list[RecordId], Field(max_length=500)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
#: counts per report (the largest real operations report thousands of arrests)
Count = Annotated[int, Field(ge=0, le=1_000_000)]
#: one line's value in its currency (cap in USD applied after conversion)
Money = Annotated[float, Field(ge=0, le=1e15, allow_inf_nan=False)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class OperationCreate(_In):
    code_name: Annotated[Text, StringConstraints(max_length=80)]
    crime_area: str
    start_date: date
    end_date: date
    coordinating_unit: Annotated[Text, StringConstraints(max_length=200)]
    lead_country: CountryCode | None = Field(
        None, description="The lead NCB; omitted when the Secretariat leads"
    )
    objectives: Annotated[Text, StringConstraints(max_length=4000)]
    invite: list[CountryCode] = Field(default_factory=list, max_length=196)


class OperationPatch(_In):
    code_name: Annotated[Text, StringConstraints(max_length=80)] | None = None
    start_date: date | None = None
    end_date: date | None = None
    coordinating_unit: Annotated[Text, StringConstraints(max_length=200)] | None = None
    objectives: Annotated[Text, StringConstraints(max_length=4000)] | None = None


class TransitionIn(_In):
    action: Transition


class InviteIn(_In):
    countries: list[CountryCode] = Field(min_length=1, max_length=196)


class AnswerIn(_In):
    answer: Literal["accepted", "declined"]
    note: Annotated[str, StringConstraints(max_length=1000)] | None = None


class ParticipantOut(BaseModel):
    country: str
    status: Answer
    invited_at: datetime
    answered_at: datetime | None = None


class OperationOut(BaseModel):
    """``view``: ``full`` for coordinators, the Secretariat and accepted participants;
    ``invitation`` for a country invited (or that declined): no participants, no case."""

    id: str
    code_name: str
    crime_area: str
    start_date: date
    end_date: date
    coordinating_unit: str
    lead_country: str | None
    objectives: str
    status: Status
    view: Literal["full", "invitation"]
    my_role: Literal["coordinator", "participant", "invited", "declined", "observer"]
    participants: list[ParticipantOut] | None = None
    case_id: str | None = None
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None = None
    closed_at: datetime | None = None


class TargetIn(_In):
    record_id: RecordId | None = Field(None, description="A record of the police databases")
    notice_id: RecordId | None = Field(None, description="Or a notice")
    note: Annotated[str, StringConstraints(max_length=1000)] | None = None


class TargetOut(BaseModel):
    id: str
    kind: str
    ref_id: str
    label: str | None = Field(None, description="Shown only if you may read the record")
    note: str | None
    added_country: str
    added_at: datetime


class OperationHitOut(BaseModel):
    id: int
    target_id: str
    hit_id: str
    record_id: str
    screener_country: str
    decision: str
    created_at: datetime


class SeizureIn(_In):
    commodity: str
    quantity: float = Field(allow_inf_nan=False)
    unit: str
    value: Money = Field(description="Estimated value in `currency`")
    currency: Currency
    record_ids: RecordIds = Field(default_factory=list)


class VehiclesIn(_In):
    category: Literal["car", "motorcycle", "truck", "bus", "vessel", "aircraft", "other"] = "car"
    count: int = Field(ge=1, le=100_000)
    value: Money
    currency: Currency
    record_ids: RecordIds = Field(default_factory=list)


class AssetsIn(_In):
    action: Literal["frozen", "seized"]
    asset_type: Literal[
        "bank_account", "cash", "cryptocurrency", "real_estate", "company", "jewellery", "other"
    ]
    value: Money
    currency: Currency
    record_ids: RecordIds = Field(default_factory=list)


class ReportIn(_In):
    """A country's results (the whole report: an amendment replaces every figure)."""

    report_date: date = Field(description="The date the results refer to (sets the USD rate)")
    arrests: Count = 0
    persons_identified: Count = 0
    victims_rescued: Count = 0
    websites_taken_down: Count = 0
    accounts_taken_down: Count = 0
    servers_taken_down: Count = 0
    seizures: list[SeizureIn] = Field(default_factory=list, max_length=200)
    vehicles: list[VehiclesIn] = Field(default_factory=list, max_length=50)
    assets: list[AssetsIn] = Field(default_factory=list, max_length=200)
    record_ids: RecordIds = Field(
        default_factory=list, description="Records the counts concern (persons arrested, ...)"
    )
    note: Annotated[str, StringConstraints(max_length=2000)] | None = None


class LineOut(BaseModel):
    kind: Literal["seizure", "vehicles", "assets"]
    commodity: str | None
    quantity: float | None
    unit: str | None
    count: int | None
    value: float
    currency: str
    rate: float = Field(description="Units of `currency` per US dollar")
    rate_date: date
    value_usd: float
    record_ids: list[str]


class ReportOut(BaseModel):
    operation_id: str
    country: str
    version: int
    current: bool
    report_date: date
    arrests: int
    persons_identified: int
    victims_rescued: int
    websites_taken_down: int
    accounts_taken_down: int
    servers_taken_down: int
    vehicles_recovered: int
    seizures_usd: float
    vehicles_usd: float
    assets_usd: float
    total_usd: float
    lines: list[LineOut]
    record_ids: list[str]
    note: str | None
    submitted_by: str
    submitted_at: datetime


class TotalsOut(BaseModel):
    """Sums over the current version of every country's report."""

    operation_id: str
    code_name: str
    status: Status
    reports: int
    countries: list[str]
    arrests: int
    persons_identified: int
    victims_rescued: int
    websites_taken_down: int
    accounts_taken_down: int
    servers_taken_down: int
    vehicles_recovered: int
    seizures_usd: float
    vehicles_usd: float
    assets_usd: float
    total_usd: float
    seizures_by_commodity: dict[str, dict[str, float]] = Field(
        description="commodity -> {unit: quantity, 'usd': value}"
    )


class RatesLoaded(BaseModel):
    file: str
    rows: int
    inserted: int
    updated: int
    currencies: list[str]
