"""``concord serve``: uvicorn is started with the app factory and the settings' defaults."""

from __future__ import annotations

from typing import Any

import pytest
import uvicorn

from tests.cli.conftest import Cli, fails


@pytest.fixture
def uvicorn_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def fake_run(app: str, **kwargs: Any) -> None:
        calls.append({"app": app, **kwargs})

    monkeypatch.setattr(uvicorn, "run", fake_run)
    return calls


def test_serve_uses_the_app_factory_and_settings(
    cli: Cli, uvicorn_calls: list[dict[str, Any]]
) -> None:
    cli.ok("serve")
    (call,) = uvicorn_calls
    assert call["app"] == "concord.app:create_app" and call["factory"] is True
    assert (call["host"], call["port"], call["workers"]) == ("127.0.0.1", 8000, 1)
    assert call["reload"] is False


def test_serve_options_override_settings(cli: Cli, uvicorn_calls: list[dict[str, Any]]) -> None:
    cli.ok("serve", "--host", "192.0.2.10", "--port", "9000", "--workers", "4")
    (call,) = uvicorn_calls
    assert (call["host"], call["port"], call["workers"]) == ("192.0.2.10", 9000, 4)


def test_serve_reload_runs_one_process(cli: Cli, uvicorn_calls: list[dict[str, Any]]) -> None:
    cli.ok("serve", "--reload")
    assert uvicorn_calls[0]["reload"] is True and uvicorn_calls[0]["workers"] is None


def test_serve_bad_input_exits_2(cli: Cli, uvicorn_calls: list[dict[str, Any]]) -> None:
    assert cli("serve", "--port", "0").exit_code == 2
    assert cli("serve", "--workers", "0").exit_code == 2
    fails(cli("serve", "--reload", "--workers", "2"), 2, "--reload runs a single process")
    assert uvicorn_calls == []
