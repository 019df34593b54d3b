"""Imports every capability's tables so that ``Base.metadata`` is complete (Alembic, tests)."""

from __future__ import annotations

from sqlalchemy import MetaData


def load_all_models() -> MetaData:
    from concord.api import models as _api  # noqa: F401
    from concord.audit import models as _audit  # noqa: F401
    from concord.auth import models as _auth  # noqa: F401
    from concord.db.base import Base
    from concord.members import models as _members  # noqa: F401
    from concord.messaging import models as _messaging  # noqa: F401
    from concord.notices import models as _notices  # noqa: F401
    from concord.notify import models as _notify  # noqa: F401
    from concord.operations import models as _operations  # noqa: F401
    from concord.records import models as _records  # noqa: F401
    from concord.screening import models as _screening  # noqa: F401
    from concord.screening.snapshot import models as _snapshots  # noqa: F401
    from concord.stats import models as _stats  # noqa: F401

    return Base.metadata
