"""Building the index from a real database and following its change feed."""

import gc
import time
from datetime import timedelta

from concord.db.base import utcnow
from concord.db.database import Database, make_engine
from concord.records import service
from concord.records.service import RecordInput
from concord.screening.index import ExactKind, IndexLoader, InMemoryIndex, Viewer
from concord.screening.names import PersonProfile, analyze
from concord.settings import Settings
from tests.factories import Actors
from tests.records import samples


def _create(db: Database, actors: Actors, settings: Settings, **kw: object) -> str:
    owner = actors.make("ncb_operator", "FR")
    with db.transaction() as s:
        row = service.create(s, owner.principal, RecordInput(**kw), settings=settings)  # type: ignore[arg-type]
        return row.id


def test_build_then_refresh_follows_updates_and_deletions(
    db: Database, actors: Actors, settings: Settings
) -> None:
    owner = actors.make("ncb_operator", "FR")
    with db.transaction() as s:
        document = service.create(
            s,
            owner.principal,
            RecordInput(type="document", data=samples.DOCUMENT),
            settings=settings,
        )
        vehicle = service.create(
            s, owner.principal, RecordInput(type="vehicle", data=samples.VEHICLE), settings=settings
        )
        person = service.create(
            s, owner.principal, RecordInput(type="person", data=samples.PERSON), settings=settings
        )
    index = InMemoryIndex()
    loader = IndexLoader(db, settings, index)
    assert index.state().status == "empty"
    assert loader.refresh() == 0  # the first refresh builds
    state = index.state()
    assert state.status == "ready" and state.seq >= 3 and state.progress == 1.0
    viewer = Viewer("DE", utcnow())
    [[hit]] = index.lookup(ExactKind.DOCUMENT, ["FR:L898902C3"], viewer)
    assert (hit.record_id, hit.status) == (document.id, "stolen")
    assert [h.record_id for h in index.lookup(ExactKind.PLATE, ["FR:AB123CD"], viewer)[0]] == [
        vehicle.id
    ]
    query = PersonProfile(names=(analyze("Ahmad Haddad"),))
    assert [h.record_id for h in index.search_persons(query, viewer)] == [person.id]

    with db.transaction() as s:
        data = {**samples.DOCUMENT, "number": "ZZ1234567", "check_digit": None}
        service.update(s, owner.principal, document.id, {"data": data, "restriction": "only",
                       "countries": ["IT"]}, expected_version=1, settings=settings)  # fmt: skip
        service.remove(s, owner.principal, person.id, expected_version=1, settings=settings)
    assert loader.refresh() == 2
    assert index.state().seq == state.seq + 2
    assert index.lookup(ExactKind.DOCUMENT, ["FR:L898902C3", "FR:ZZ1234567"], viewer) == [[], []]
    italy = Viewer("IT", utcnow())
    [[], [moved]] = index.lookup(ExactKind.DOCUMENT, ["FR:L898902C3", "FR:ZZ1234567"], italy)
    assert moved.record_id == document.id
    assert index.search_persons(query, viewer) == []
    assert loader.refresh() == 0


def test_background_build_goes_from_building_to_ready(
    scratch_db: Database, settings: Settings
) -> None:
    actors = Actors(scratch_db, settings)
    made = _create(scratch_db, actors, settings, type="firearm", data=samples.FIREARM)
    fast = settings.model_copy(
        update={"screening_refresh_seconds": 0.05, "screening_build_chunk": 100}
    )
    index = InMemoryIndex()
    loader = IndexLoader(scratch_db, fast, index)
    seen = set()
    loader.start()
    try:
        deadline = time.monotonic() + 30
        while index.state().status != "ready" and time.monotonic() < deadline:
            seen.add(index.state().status)
            time.sleep(0.005)
        assert index.state().status == "ready"
        assert seen <= {"empty", "building"}
        viewer = Viewer("DE", utcnow() + timedelta(seconds=1))
        assert [h.record_id for h in index.lookup(ExactKind.SERIAL, ["AB12345"], viewer)[0]] == [
            made
        ]
        later = _create(scratch_db, actors, settings, type="vessel", data=samples.VESSEL)
        while (
            not index.lookup(ExactKind.IMO, ["9074729"], viewer)[0] and time.monotonic() < deadline
        ):
            time.sleep(0.02)
        assert [h.record_id for h in index.lookup(ExactKind.IMO, ["9074729"], viewer)[0]] == [later]
    finally:
        loader.stop()


def test_a_background_build_freezes_what_it_built(scratch_db: Database, settings: Settings) -> None:
    """Once built, the index (and all else alive) is out of the cyclic collector's reach: a
    full collection would otherwise walk it and stall the server."""
    gc.unfreeze()
    fast = settings.model_copy(update={"screening_refresh_seconds": 0.05})
    for freeze in (False, True):
        index = InMemoryIndex()
        loader = IndexLoader(
            scratch_db, fast.model_copy(update={"screening_gc_freeze": freeze}), index
        )
        loader.start()
        try:
            deadline = time.monotonic() + 30
            while index.state().status != "ready" and time.monotonic() < deadline:
                time.sleep(0.005)
            assert index.state().status == "ready"
            # the loader freezes right after the build; several refreshes (0.05 s) later
            # without the setting, nothing was
            until = time.monotonic() + (10 if freeze else 0.3)
            while not gc.get_freeze_count() and time.monotonic() < until:
                time.sleep(0.005)
            frozen = gc.get_freeze_count()
        finally:
            loader.stop()
            gc.unfreeze()
        assert (frozen > 0) is freeze


def test_a_failed_build_reports_failed(tmp_path, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    empty = Database(make_engine(f"sqlite:///{tmp_path / 'unmigrated.db'}"))  # no tables
    index = InMemoryIndex()
    loader = IndexLoader(empty, settings, index)
    assert loader.build() is False
    state = index.state()
    assert state.status == "failed"
    assert state.error and "record_change_counter" in state.error
    empty.dispose()
