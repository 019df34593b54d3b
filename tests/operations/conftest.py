"""Fixtures of the operations tests: the CLI runner of tests/cli (``cli``)."""

from tests.cli.conftest import cli, dev_settings

__all__ = ["cli", "dev_settings"]
