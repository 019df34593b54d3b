"""The audit trail: append-only, hash-chained events with erasable payloads."""

from concord.audit.service import record

__all__ = ["record"]
