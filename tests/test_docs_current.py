"""The generated reference pages (docs/cli.md, docs/settings.md) are current, and every setting
is documented."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from concord.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "gen_docs.py"


@pytest.fixture(scope="module")
def gen_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_docs", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_current(gen_docs: ModuleType) -> None:
    expected = gen_docs.cli_markdown()
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == expected, (
        "docs/cli.md is stale: run scripts/gen_docs.py"
    )


def test_settings_reference_is_current(gen_docs: ModuleType) -> None:
    expected = gen_docs.settings_markdown()
    assert (ROOT / "docs" / "settings.md").read_text(encoding="utf-8") == expected, (
        "docs/settings.md is stale: run scripts/gen_docs.py"
    )


def test_every_setting_is_described_and_documented() -> None:
    page = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    for name, info in Settings.model_fields.items():
        assert info.description and info.description.strip(), f"{name} has no description"
        assert f"`CONCORD_{name.upper()}`" in page, f"CONCORD_{name.upper()} missing"


def test_every_command_is_in_the_cli_reference(gen_docs: ModuleType) -> None:
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for command in (
        "concord serve",
        "concord db upgrade",
        "concord users totp-code",
        "concord tokens revoke",
        "concord audit verify",
        "concord demo load",
    ):
        assert f"`{command}`" in page


def test_generation_is_deterministic(gen_docs: ModuleType) -> None:
    assert gen_docs.cli_markdown() == gen_docs.cli_markdown()


def test_check_passes_whatever_the_terminal() -> None:
    ok = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"],
        capture_output=True, text=True, env={"COLUMNS": "37", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr


def test_check_fails_on_a_stale_page(
    gen_docs: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    stale = tmp_path / "cli.md"
    stale.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(gen_docs, "ROOT", tmp_path)
    monkeypatch.setattr(gen_docs, "CLI_DOC", stale)
    monkeypatch.setattr(gen_docs, "SETTINGS_DOC", tmp_path / "settings.md")  # missing
    assert gen_docs.main(["--check"]) == 1
    err = capsys.readouterr().err
    assert "cli.md is out of date" in err and "settings.md is out of date" in err
    assert stale.read_text(encoding="utf-8") == "old\n"  # --check writes nothing
