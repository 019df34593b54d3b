"""API shapes of the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class AuditEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    seq: int
    at: datetime
    actor_id: str | None
    actor_kind: str | None
    role: str | None
    country: str | None
    agency_id: str | None
    action: str
    outcome: str
    object_type: str | None
    object_id: str | None
    purpose: str | None
    request_id: str | None
    payload_hash: str | None
    prev_hash: str
    hash: str


class AuditEventDetail(AuditEventOut):
    payload: dict[str, Any] | None


class VerifyOut(BaseModel):
    ok: bool
    checked: int
    head_seq: int
    head_hash: str
    first_bad_seq: int | None
    reason: str | None
    checkpoint_seq: int | None


class SignedHead(BaseModel):
    type: str
    seq: int
    hash: str
    signed_at: str
    key_id: str
    public_key: str
    signature: str
