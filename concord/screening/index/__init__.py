"""The screening index: exact keys and person names of every record, in memory, filtered by
who may see them. :class:`ScreeningIndex` is the interface; :class:`InMemoryIndex` implements
it; :class:`IndexLoader` builds it from the database and keeps it current."""

from concord.screening.index.keys import hash_keys, normalise_key
from concord.screening.index.loader import IndexLoader
from concord.screening.index.memory import InMemoryIndex
from concord.screening.index.persons import Tuning
from concord.screening.index.protocol import (
    ExactHit,
    ExactKind,
    IndexedRecord,
    IndexState,
    PersonHit,
    ScreeningIndex,
    Viewer,
)

__all__ = [
    "ExactHit",
    "ExactKind",
    "InMemoryIndex",
    "IndexLoader",
    "IndexState",
    "IndexedRecord",
    "PersonHit",
    "ScreeningIndex",
    "Tuning",
    "Viewer",
    "hash_keys",
    "normalise_key",
]
