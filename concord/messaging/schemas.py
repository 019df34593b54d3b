"""API shapes of messaging."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Priority = Literal["routine", "urgent", "immediate"]
Handling = Literal["H0", "H1", "H2", "H3"]
Reliability = Literal["A", "B", "C", "X"]
Address = Annotated[str, StringConstraints(min_length=2, max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=300)]
Body = Annotated[str, StringConstraints(min_length=1, max_length=1_000_000)]
Hex64 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class Reference(BaseModel):
    """A structured reference: a record by id, or data that can be screened (a person's
    names and birth date, a document, a vehicle, a notice)."""

    model_config = ConfigDict(extra="forbid")
    record_id: Annotated[str, StringConstraints(min_length=1, max_length=32)] | None = None
    notice_id: Annotated[str, StringConstraints(min_length=1, max_length=32)] | None = None
    kind: Literal["person", "document", "vehicle", "notice", "other"] = "person"
    names: list[Text] = Field(default_factory=list, max_length=10)
    birth_date: Annotated[str, StringConstraints(max_length=10)] | None = None
    document_number: Annotated[str, StringConstraints(max_length=30)] | None = None
    country: Annotated[str, StringConstraints(max_length=3)] | None = None
    vin: Annotated[str, StringConstraints(max_length=30)] | None = None
    note: Annotated[str, StringConstraints(max_length=500)] | None = None


class MessageCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    sender: Address | None = Field(
        None,
        alias="from",
        description="The mailbox you send from (default: the one you hold); one you do not "
        "hold is refused",
    )
    to: list[Address] = Field(
        default_factory=list, max_length=300, description="Mailbox addresses: FR, FR/<agency>, IPSG"
    )
    to_all: bool = Field(False, description="Every member's NCB")
    to_region: Annotated[str, StringConstraints(max_length=40)] | None = None
    case_id: Annotated[str, StringConstraints(max_length=32)] | None = None
    case_title: Text | None = Field(None, description="Title of a new case (default: subject)")
    crime_area: Annotated[str, StringConstraints(max_length=40)] = "other"
    subject: Text
    body: Body
    priority: Priority = "routine"
    reply_by: datetime | None = Field(None, description="Default: 2 h immediate, 12 h urgent")
    handling: Handling = "H0"
    handling_text: Annotated[str, StringConstraints(max_length=500)] | None = None
    reliability: Reliability = "B"
    accuracy: int = Field(2, ge=1, le=4)
    references: list[Reference] = Field(default_factory=list, max_length=100)
    attachments: list[Annotated[str, StringConstraints(max_length=32)]] = Field(
        default_factory=list, max_length=20, description="Ids of uploaded attachments"
    )
    sealed: dict[Address, Annotated[str, StringConstraints(max_length=2_100_000)]] | None = Field(
        None, description="End-to-end: the content sealed for each recipient (hex)"
    )
    content_sha256: Hex64 | None = Field(None, description="End-to-end: SHA-256 of the content")


class ReplyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    subject: Text
    body: Body
    to_all: bool = Field(False, description="Reply to every recipient, not only the sender")
    priority: Priority = "routine"
    handling: Handling = "H0"
    handling_text: Annotated[str, StringConstraints(max_length=500)] | None = None
    reliability: Reliability = "B"
    accuracy: int = Field(2, ge=1, le=4)
    references: list[Reference] = Field(default_factory=list, max_length=100)


class ForwardCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    to: list[Address] = Field(min_length=1, max_length=300)
    note: Annotated[str, StringConstraints(max_length=4000)] | None = None


class ReceiptOut(BaseModel):
    mailbox: str
    state: Literal["sent", "delivered", "read"]
    sent_at: datetime
    delivered_at: datetime | None
    read_at: datetime | None
    acknowledged_at: datetime | None


class MessageSummary(BaseModel):
    id: str
    case_id: str
    case_reference: str
    sender: str
    created_at: datetime
    priority: Priority
    reply_by: datetime | None
    handling: Handling
    reliability: Reliability
    accuracy: int
    mode: Literal["server", "e2e"]
    subject: str | None = Field(None, description="Decrypted for you (None end-to-end)")
    state: Literal["sent", "delivered", "read"] | None = Field(
        None, description="Your delivery's state (None for what you sent)"
    )
    in_reply_to: str | None
    forwarded_from: str | None
    record_ids: list[str]


class MessageOut(MessageSummary):
    body: str | None = None
    references: list[dict[str, Any]] = Field(default_factory=list)
    handling_text: str | None = None
    sealed: str | None = Field(None, description="End-to-end: your sealed copy (hex)")
    recipients: list[ReceiptOut] | None = Field(None, description="For the sender")
    statement: str = Field(description="What the sender signed (canonical JSON)")
    signature: str = Field(description="Ed25519 signature (hex) of the sending mailbox")
    signer_public_key: str
    signature_valid: bool
    attachments: list[dict[str, Any]] = Field(default_factory=list)


class MailboxOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    address: str
    kind: str
    country: str | None
    name: str
    signing_public: str
    e2e_public: str | None
    key_version: int


class E2eKeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    public_key: Hex64 = Field(description="X25519 public key (hex) of your mailbox's client")


class CaseCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Text
    crime_area: Annotated[str, StringConstraints(max_length=40)] = "other"


class CaseOut(BaseModel):
    id: str
    reference: str
    title: str
    crime_area: str
    created_at: datetime
    updated_at: datetime
    participants: list[str] = Field(default_factory=list)
    messages: int = 0
