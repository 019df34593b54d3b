"""What readers hand the importer, line by line: a record with the links it names, a link on
its own (an FtM ``Ownership``), or a line rejected with its reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from concord.records.schemas import LinkKind
from concord.records.service import RecordInput

#: The kinds of link between records (``concord.records.schemas.LinkKind``).
LINK_KINDS: tuple[str, ...] = get_args(LinkKind)


@dataclass(frozen=True, slots=True)
class LinkRef:
    """A link to another record of the same owner, named by its ``owner_ref``."""

    to_ref: str
    kind: str
    to_type: str | None = None  # the target's record type, when the source says


@dataclass(slots=True)
class Incoming:
    """A record to enter (or to bring up to date) and the links it names."""

    record: RecordInput
    links: tuple[LinkRef, ...] = ()


@dataclass(frozen=True, slots=True)
class LinkOnly:
    """A link between two records named by their ``owner_ref`` (an FtM ``Ownership``)."""

    from_ref: str
    link: LinkRef
    from_type: str | None = None


@dataclass(frozen=True, slots=True)
class Rejected:
    """A line that cannot be imported, and why."""

    reason: str
    owner_ref: str | None = None


Item = Incoming | LinkOnly | Rejected
#: A reader yields (line number, item); line numbers count from 1, a CSV header included.
Line = tuple[int, Item]


def check_link_kind(kind: object) -> str:
    if not isinstance(kind, str) or kind not in LINK_KINDS:
        raise ValueError(f"link kind {kind!r} is not one of {', '.join(LINK_KINDS)}")
    return kind
