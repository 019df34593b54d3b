"""The matrix's world: built once per engine and test module on one connection whose outer
transaction is rolled back at the end; every attempt runs in a savepoint of its own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from concord.app import create_app
from concord.db.database import Database
from tests.conftest import make_settings
from tests.factories import Actors
from tests.matrix.areas import AREAS
from tests.matrix.world import World, make_actors


@pytest.fixture(scope="module")
def world(engine: Engine, engine_url: str) -> Iterator[World]:
    connection = engine.connect()
    outer = connection.begin()
    db = Database(engine, bind=connection)
    settings = make_settings(engine_url)
    app = create_app(settings, db=db)
    try:
        with TestClient(app) as client:
            world = World(client=client, db=db, connection=connection, settings=settings)
            make_actors(world, Actors(db, settings))
            for area in AREAS:
                world.readable.update(area.KINDS)
                area.build(world)
            yield world
    finally:
        outer.rollback()
        connection.close()
