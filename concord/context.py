"""Per-request context shared by logs and the audit trail."""

from __future__ import annotations

from contextvars import ContextVar

request_id_var: ContextVar[str | None] = ContextVar("concord_request_id", default=None)
