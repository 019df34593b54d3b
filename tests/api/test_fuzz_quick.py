"""Schemathesis over every operation of the live OpenAPI schema.

Positive cases (valid by the schema): no 5xx, and every response conforms to the schema (status
codes, content types, bodies). Negative cases (invalid by the schema: wrong types, missing
fields, out-of-range values): no 5xx, and every one is refused with a 4xx.

A quick pass as one country's admin runs in ``make test``; the deep pass (many more examples,
every role, three countries and the Secretariat) is marked slow and runs in ``make verify``.
"""

import os

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.factories import Actor, Actors

DEEP_EXAMPLES = int(os.environ.get("CONCORD_FUZZ_EXAMPLES", "8"))


def _fuzz(app: FastAPI, actor: Actor, examples: int, mode: GenerationMode) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 100
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @hsettings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: schemathesis.Case) -> None:
            if case.path.endswith("/stream"):
                case.query = {**(case.query or {}), "seconds": 0.01}
            # Business rules (e.g. a Secretariat role given a country) refuse some schema-valid
            # requests with 422 on purpose, so that check does not apply.
            case.call_and_validate(
                headers=actor.headers, excluded_checks=[positive_data_acceptance]
            )

        try:
            check()
        except Unsatisfiable:
            # nothing in the operation can be made invalid (no parameters, no body)
            assert mode is GenerationMode.NEGATIVE, operation.label


def test_every_operation_conforms(app: FastAPI, actors: Actors) -> None:
    _fuzz(app, actors.make("ncb_admin", "FR"), examples=4, mode=GenerationMode.POSITIVE)


def test_every_operation_refuses_invalid_input(app: FastAPI, actors: Actors) -> None:
    _fuzz(app, actors.make("ncb_operator", "DE"), examples=2, mode=GenerationMode.NEGATIVE)


#: The deep pass's callers: an NCB admin of a third country, a border officer, a Secretariat
#: officer and a country's auditor (the quick pass covers an NCB admin and operator).
DEEP_ACTORS = [
    ("ncb_admin", "BR"),
    ("border_officer", "DE"),
    ("gs_officer", None),
    ("auditor", "FR"),
]


@pytest.mark.slow
@pytest.mark.parametrize("mode", list(GenerationMode), ids=lambda m: m.value)
@pytest.mark.parametrize(("role", "country"), DEEP_ACTORS)
def test_every_operation_deeply(
    app: FastAPI,
    actors: Actors,
    dialect: str,
    role: str,
    country: str | None,
    mode: GenerationMode,
) -> None:
    if dialect != "sqlite":
        pytest.skip("the deep pass runs on SQLite (the quick pass covers PostgreSQL too)")
    _fuzz(app, actors.make(role, country), examples=DEEP_EXAMPLES, mode=mode)
