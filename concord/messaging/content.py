"""A message's content and what its sender signs.

The content (subject, body, structured references) is one JSON document, encrypted with the
message's content key (CEK). The statement the sender signs holds the metadata and the
SHA-256 of that content, so a recipient who decrypts can prove who sent it and that nothing
was altered, and the server never needs the plaintext to prove it."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from concord.messaging import crypto
from concord.messaging.models import Message


def pack(subject: str, body: str, references: list[dict[str, Any]]) -> bytes:
    return crypto.canonical({"subject": subject, "body": body, "references": references})


def unpack(data: bytes) -> dict[str, Any]:
    value = json.loads(data)
    if not isinstance(value, dict):
        raise ValueError("content is not an object")
    return value


def content_aad(message_id: str) -> bytes:
    return f"concord-message:{message_id}:content".encode()


def key_aad(message_id: str, mailbox_id: str) -> bytes:
    return f"concord-message:{message_id}:cek:{mailbox_id}".encode()


def statement(
    *,
    message_id: str,
    case_reference: str,
    sender: str,
    recipients: list[str],
    created_at: datetime,
    priority: str,
    reply_by: datetime | None,
    handling: str,
    handling_text: str | None,
    reliability: str,
    accuracy: int,
    mode: str,
    content_sha256: str,
    record_ids: list[str],
    in_reply_to: str | None,
    forwarded_from: str | None,
    attachments: list[str],
) -> bytes:
    return crypto.canonical(
        {
            "v": 1,
            "id": message_id,
            "case": case_reference,
            "from": sender,
            "to": sorted(recipients),
            "at": created_at.isoformat(),
            "priority": priority,
            "reply_by": reply_by.isoformat() if reply_by else None,
            "handling": handling,
            "handling_text": handling_text,
            "reliability": reliability,
            "accuracy": accuracy,
            "mode": mode,
            "content_sha256": content_sha256,
            "records": sorted(record_ids),
            "in_reply_to": in_reply_to,
            "forwarded_from": forwarded_from,
            "attachments": sorted(attachments),
        }
    )


def claims(message: Message) -> dict[str, Any]:
    value = json.loads(message.statement)
    assert isinstance(value, dict)
    return value
