"""A quick schemathesis pass over every operation of the live OpenAPI schema, as a country's
admin: no 5xx, and responses conform to the schema (status codes, content types, bodies). The
deep pass belongs to ``make verify``."""

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.factories import Actors

EXAMPLES = 6


def test_every_operation_conforms(app: FastAPI, actors: Actors) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    admin = actors.make("ncb_admin", "FR")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30
    for operation in operations:

        @given(case=operation.as_strategy())
        @hsettings(
            max_examples=EXAMPLES,
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
                headers=admin.headers, excluded_checks=[positive_data_acceptance]
            )

        check()
