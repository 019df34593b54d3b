"""One module per capability: ``build(world)`` adds its objects, ``KINDS`` says who may read
each kind of object, ``ENDPOINTS`` lists every operation of the capability with its rule.
The matrix fails when an operation of the OpenAPI schema is in no area."""

from __future__ import annotations

from types import ModuleType

from tests.matrix.areas import (
    admin,
    messaging,
    notices,
    operations,
    public,
    records,
    screening,
    stats,
)

#: In build order: later areas may use what earlier ones built.
AREAS: list[ModuleType] = [admin, records, screening, notices, public, messaging, operations, stats]
