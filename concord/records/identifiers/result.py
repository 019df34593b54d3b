"""The result type shared by the identifier validators (:mod:`.finance`, :mod:`.maritime`)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["IdentifierResult"]


@dataclass(frozen=True, slots=True)
class IdentifierResult:
    """Outcome of validating one identifier.

    ``value`` is the compact (normalised) form when the identifier is valid and the input with
    surrounding whitespace removed otherwise; ``error`` says what is wrong. ``checked`` is False
    for free-form schemes that Concord stores without validating. ``country`` is the ISO alpha-2
    country the identifier itself names (IBAN, BIC, national schemes), when it names one.
    """

    valid: bool
    value: str
    error: str | None = None
    scheme: str = ""
    country: str | None = None
    checked: bool = True
    warnings: tuple[str, ...] = ()
