"""Fixtures of the CLI tests: ``cli(...)`` runs ``concord`` in-process through Typer's test
runner, on the test's database (a rolled-back transaction) and with chosen settings.

``cli`` acts in a development environment (so the default actor is the General Secretariat's
system account); ``cli.using(settings)`` runs with other settings, e.g. the ``test``
environment, where ``--as`` is required.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from concord.cli import app
from concord.cli.context import override
from concord.db.database import Database
from concord.settings import Settings
from tests.conftest import make_settings


@dataclass
class Cli:
    db: Database | None
    settings: Settings | None

    def __call__(self, *args: str, input: str | None = None) -> Result:
        with override(db=self.db, settings=self.settings):
            result = CliRunner().invoke(app, list(args), input=input)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    def ok(self, *args: str, input: str | None = None) -> Result:
        """Run and require exit code 0."""
        result = self(*args, input=input)
        assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
        return result

    def json(self, *args: str, input: str | None = None) -> Any:
        """Run with ``--json`` appended; stdout must be exactly one JSON document."""
        result = self.ok(*args, "--json", input=input)
        return json.loads(result.stdout)

    def using(self, settings: Settings) -> Cli:
        return Cli(self.db, settings)


def fails(result: Result, code: int, *fragments: str) -> None:
    """The command exited with ``code`` and said each fragment on stderr."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


@pytest.fixture
def dev_settings(engine_url: str) -> Settings:
    return make_settings(engine_url, environment="development")


@pytest.fixture
def cli(db: Database, dev_settings: Settings) -> Cli:
    return Cli(db, dev_settings)
