"""Importing and exporting records in bulk: CSV, JSON Lines and FollowTheMoney entity streams.

- :mod:`.readers` reads files lazily (:mod:`.columns` for CSV, :mod:`.ftm` for FtM entities);
- :mod:`.batches` validates (with :mod:`.fast` for travel documents) and drops duplicates;
- :mod:`.writer` writes a batch in one transaction (:mod:`.bulk` per engine);
- :mod:`.importer` authorises, runs and scores an import; :mod:`.pipeline` runs the reading in
  a second process;
- :mod:`.export` writes an owner's records back out (:mod:`.ftm_export` for FtM).

``docs/import.md`` describes the formats, the mapping and the guarantees.
"""

from concord.records.importing.importer import (
    ErrorSink,
    ImportSummary,
    authorise,
    import_stream,
)
from concord.records.importing.pipeline import import_file
from concord.records.importing.readers import Format, Source, open_source

__all__ = [
    "ErrorSink",
    "Format",
    "ImportSummary",
    "Source",
    "authorise",
    "import_file",
    "import_stream",
    "open_source",
]
