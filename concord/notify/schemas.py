"""API shapes of notifications."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator

from concord.auth.roles import Role


class NotificationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    created_at: datetime
    kind: str
    title: str
    body: str | None
    object_type: str | None
    object_id: str | None
    read: bool = False


class UnreadCount(BaseModel):
    unread: int


class MarkedRead(BaseModel):
    marked: int


class NotificationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.]{1,59}$")] = "message"
    title: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    body: Annotated[str, StringConstraints(max_length=4000)] | None = None
    account_id: Annotated[str, StringConstraints(max_length=32)] | None = None
    role: Role | None = None
    country: Annotated[str, StringConstraints(pattern=r"^([A-Z]{2}|IPSG)$")] | None = None

    @model_validator(mode="after")
    def _one_recipient(self) -> NotificationCreate:
        if self.account_id is not None and (self.role is not None or self.country is not None):
            raise ValueError("address either an account, or a role and/or country")
        return self
