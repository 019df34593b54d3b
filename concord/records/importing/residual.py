"""Lossless exports: what a format's own fields (CSV columns, FtM properties) cannot say about a
record travels beside them as a *residual*, a JSON object merged back over the mapped fields on
import (:func:`concord.records.importing.columns.merge_extra`)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from concord.records.types import RECORD_TYPES, RecordType


def normalise(record_type: RecordType, data: dict[str, Any]) -> dict[str, Any] | None:
    """``data`` as the record type stores it, or None if it does not validate."""
    try:
        model = RECORD_TYPES[record_type].model_validate(data)
    except (ValidationError, ValueError):
        return None
    return model.model_dump(mode="json", exclude_none=True)


def residual(
    record_type: RecordType, stored: dict[str, Any], mapped: dict[str, Any]
) -> dict[str, Any]:
    """The fields to merge over ``mapped`` so that it normalises to ``stored``: the stored value
    of each field that differs, and ``None`` for each field ``stored`` does not have."""
    again = normalise(record_type, mapped) or {}
    out: dict[str, Any] = {k: v for k, v in stored.items() if again.get(k) != v}
    out.update({k: None for k in mapped if k not in stored})
    return out
