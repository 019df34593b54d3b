"""The first stage of an import: read lines, validate records, drop duplicates, and hand over
batches. Pure (no database), so that it can run in a process of its own while the importer
writes the previous batch.

A batch is column-wise (one list per field), cheap to send between processes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields

from concord.errors import ValidationFailedError
from concord.records.importing.fast import Ready, preparer
from concord.records.importing.rows import Incoming, Line, LinkOnly, LinkRef
from concord.records.service import RecordInput

MAX_REF = 100  # records.owner_ref
MAX_NOTE = 500  # records.handling_note


@dataclass
class Batch:
    """Validated records (column-wise), links, and rejected lines, in file order."""

    line: list[int] = field(default_factory=list)
    owner_ref: list[str] = field(default_factory=list)
    type: list[str] = field(default_factory=list)
    reliability: list[str] = field(default_factory=list)
    handling: list[str] = field(default_factory=list)
    note: list[str | None] = field(default_factory=list)
    restriction: list[str] = field(default_factory=list)
    key: list[str | None] = field(default_factory=list)
    label: list[str] = field(default_factory=list)
    content_hash: list[str] = field(default_factory=list)
    countries: list[tuple[str, ...]] = field(default_factory=list)
    data_json: list[str] = field(default_factory=list)
    #: (index of the record in this batch, link)
    links: list[tuple[int, LinkRef]] = field(default_factory=list)
    links_only: list[tuple[int, LinkOnly]] = field(default_factory=list)
    #: (line, owner_ref, reason), in line order
    rejected: list[tuple[int, str | None, str]] = field(default_factory=list)
    lines_read: int = 0
    bytes_read: int = 0  # of the file, when the batch was done (for progress)

    def __len__(self) -> int:
        return len(self.line)

    def take(self, keep: list[int]) -> Batch:
        """The records at the indexes ``keep`` (with their links), and nothing else."""
        out = Batch()
        for f in fields(Batch):
            column = getattr(self, f.name)
            if f.name not in ("links", "links_only", "rejected") and isinstance(column, list):
                setattr(out, f.name, [column[i] for i in keep])
        where = {old: new for new, old in enumerate(keep)}
        out.links = [(where[i], link) for i, link in self.links if i in where]
        return out


def prepare_batches(
    lines: Iterable[Line],
    *,
    members: frozenset[str],
    allowed_types: frozenset[str] | None,
    batch_size: int,
) -> Iterator[Batch]:
    """Validate ``lines`` into batches of at most ``batch_size`` lines. A record whose
    ``owner_ref`` an earlier line of the batch had (same type) is rejected; the writer rejects
    those an earlier batch had (:class:`~.scratch.RunMemory`)."""
    run = preparer(members)
    batch, keys = Batch(), dict[tuple[str, str], int]()
    for number, item in lines:
        batch.lines_read += 1
        if isinstance(item, Incoming):
            _add(batch, keys, number, item, run, allowed_types)
        elif isinstance(item, LinkOnly):
            batch.links_only.append((number, item))
        else:
            batch.rejected.append((number, item.owner_ref, item.reason))
        if batch.lines_read >= batch_size:
            yield batch
            batch, keys = Batch(), {}
    if batch.lines_read:
        yield batch


def _add(
    batch: Batch,
    keys: dict[tuple[str, str], int],
    number: int,
    item: Incoming,
    run: Callable[[RecordInput], Ready],
    allowed_types: frozenset[str] | None,
) -> None:
    record = item.record
    ref = record.owner_ref or ""
    reason = None
    if len(ref) > MAX_REF:
        reason = f"owner_ref is longer than {MAX_REF} characters"
    elif record.handling_note is not None and len(record.handling_note) > MAX_NOTE:
        reason = f"handling_note is longer than {MAX_NOTE} characters"
    elif allowed_types is not None and record.type not in allowed_types:
        reason = f"Your agency is not authorised by its NCB for the {record.type} database"
    elif (record.type, ref) in keys:
        reason = f"duplicate owner_ref: line {keys[record.type, ref]} has it already"
    if reason is not None:
        batch.rejected.append((number, ref, reason))
        return
    try:
        kind, key, label, digest, countries, data_json = run(record)
    except ValidationFailedError as exc:
        batch.rejected.append((number, ref, exc.detail))
        return
    if key is not None and len(key) > MAX_REF:
        batch.rejected.append((number, ref, f"the main identifier is over {MAX_REF} characters"))
        return
    keys[kind, ref] = number
    index = len(batch.line)
    batch.line.append(number)
    batch.owner_ref.append(ref)
    batch.type.append(kind)
    batch.reliability.append(record.reliability)
    batch.handling.append(record.handling)
    batch.note.append(record.handling_note)
    batch.restriction.append(record.restriction)
    batch.key.append(key)
    batch.label.append(label)
    batch.content_hash.append(digest)
    batch.countries.append(countries)
    batch.data_json.append(data_json)
    batch.links.extend((index, link) for link in item.links)
