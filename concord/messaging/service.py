"""Sending, reading, replying to and forwarding messages: the service's public face.

A message belongs to a case; it is encrypted with its own content key, wrapped for the sender's
mailbox and each recipient's; it is signed by the sending mailbox; each recipient gets its own
delivery (sent -> delivered -> read) and a notification; everything is audited. Reading
decrypts the caller's mailbox's copy and checks the signature and the content's hash, so
tampering is detected, never passed on.

Where things are: :mod:`.outgoing` (what a sender gives), :mod:`.addressing` (sender,
recipients, case), :mod:`.prepare` (checks and cryptography, nothing written), :mod:`.write`
(the rows, for one message or a group commit), :mod:`.journal` (the API's group commit),
:mod:`.replies` (reply, forward), :mod:`.reading`.
"""

from concord.messaging.outgoing import CRIME_AREAS, REPLY_WITHIN, Outgoing
from concord.messaging.prepare import Prepared, prepare
from concord.messaging.reading import (
    Opened,
    acknowledge,
    copy_of,
    open_message,
    verify_signature,
)
from concord.messaging.replies import forward, reply
from concord.messaging.write import send, write

__all__ = [
    "CRIME_AREAS",
    "REPLY_WITHIN",
    "Opened",
    "Outgoing",
    "Prepared",
    "acknowledge",
    "copy_of",
    "forward",
    "open_message",
    "prepare",
    "reply",
    "send",
    "verify_signature",
    "write",
]
