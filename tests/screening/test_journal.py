"""Group commit: concurrent screenings share transactions, and every one is in the audit
trail, chained and verifiable, before its caller hears back."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from concord.audit.chain import Signer
from concord.audit.models import AuditEvent
from concord.audit.verify import verify_chain
from concord.bootstrap import system_principal
from concord.db.base import utcnow
from concord.db.database import Database
from concord.screening.engine import Outcome
from concord.screening.journal import Journal
from concord.screening.persist import Screening
from tests.conftest import TEST_SECRETS


def _screenings(db: Database, n: int) -> list[Screening]:
    with db.transaction() as s:
        principal = system_principal(s)
    return [
        Screening(
            principal=principal,
            purpose="border_control",
            searched={"vin": f"VIN{i:05d}"},
            outcome=Outcome(hits=[], traveller=f"{i:064x}"),
            at=utcnow(),
        )
        for i in range(n)
    ]


def test_concurrent_screenings_are_batched_and_all_audited(scratch_db: Database) -> None:
    journal = Journal(scratch_db)
    screenings = _screenings(scratch_db, 200)

    async def main() -> list[list[object]]:
        try:
            return await asyncio.gather(*(journal.write([s]) for s in screenings))
        finally:
            await journal.close()

    results = asyncio.run(main())
    assert [r[0].screening_id for r in results] == [s.id for s in screenings]  # type: ignore[attr-defined]
    assert journal.written == 200
    assert journal.commits < 200  # shared transactions
    with scratch_db.session() as s:
        ids = set(
            s.execute(
                select(AuditEvent.object_id).where(AuditEvent.action == "screening.query")
            ).scalars()
        )
        assert ids == {x.id for x in screenings}
        assert verify_chain(s, Signer.from_seed(TEST_SECRETS["audit_signing_key"])).ok


def test_a_failed_commit_fails_every_waiting_screening(scratch_db: Database) -> None:
    def broken(session: object, screenings: object) -> list[object]:
        raise RuntimeError("disk full")

    journal = Journal(scratch_db, write=broken)
    screenings = _screenings(scratch_db, 3)

    async def main() -> list[object]:
        try:
            return await asyncio.gather(
                *(journal.write([s]) for s in screenings), return_exceptions=True
            )
        finally:
            await journal.close()

    outcomes = asyncio.run(main())
    assert all(isinstance(o, RuntimeError) for o in outcomes)
    with scratch_db.session() as s:
        count = s.execute(
            select(func.count()).where(AuditEvent.action == "screening.query")
        ).scalar_one()
        assert count == 0


def test_a_lone_screening_is_not_kept_waiting_for_company(scratch_db: Database) -> None:
    """The gathering window opens only after a shared commit: one screening at a time (a quiet
    border post) is committed at once; after a burst, the next commit waits for company once."""
    journal = Journal(scratch_db, gather_seconds=0.01)
    screenings = _screenings(scratch_db, 27)

    async def main() -> list[int]:
        seen = []
        try:
            for s in screenings[:5]:
                await journal.write([s])
            seen.append(journal.gathers)
            await asyncio.gather(*(journal.write([s]) for s in screenings[5:25]))
            seen.append(journal.gathers)
            await journal.write([screenings[25]])  # after a shared commit: waits once
            seen.append(journal.gathers)
            await journal.write([screenings[26]])  # that one was alone: no wait
            seen.append(journal.gathers)
            return seen
        finally:
            await journal.close()

    assert asyncio.run(main()) == [0, 0, 1, 1]
    assert journal.written == 27
