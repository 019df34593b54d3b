"""Schemathesis over every operation of the live OpenAPI schema: no 5xx, and responses conform
to the schema (status codes, content types, bodies). A quick pass as one country's admin runs in
``make test``; the deep pass (many more examples, every role, several countries) is marked slow
and runs in ``make verify``."""

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from concord.auth.roles import Role
from tests.factories import Actor, Actors


def _fuzz(app: FastAPI, actor: Actor, examples: int) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30
    for operation in operations:

        @given(case=operation.as_strategy())
        @hsettings(
            max_examples=examples,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: schemathesis.Case) -> None:
            if case.path == "/api/v1/notifications/stream":
                case.query = {**(case.query or {}), "seconds": 0.01}
            # Business rules (e.g. a Secretariat role given a country) refuse some schema-valid
            # requests with 422 on purpose, so that check does not apply.
            case.call_and_validate(
                headers=actor.headers, excluded_checks=[positive_data_acceptance]
            )

        check()


def test_every_operation_conforms(app: FastAPI, actors: Actors) -> None:
    _fuzz(app, actors.make("ncb_admin", "FR"), examples=6)


@pytest.mark.slow
@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_operation_conforms_deeply(app: FastAPI, actors: Actors, role: str) -> None:
    country = None if role in {"gs_officer", "gs_reviewer", "gs_admin", "ccf_member"} else "BR"
    _fuzz(app, actors.make(role, country), examples=20)
