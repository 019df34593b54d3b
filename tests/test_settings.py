import pytest
from pydantic import ValidationError

from concord.settings import Settings


def test_defaults_are_development() -> None:
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.environment in {"development", "test", "production"}
    assert Settings(environment="development").database_url.startswith("sqlite")


@pytest.mark.parametrize("environment", ["production", "test"])
def test_default_secret_key_refused_outside_development(environment: str) -> None:
    with pytest.raises(ValidationError, match="CONCORD_SECRET_KEY must be set"):
        Settings(environment=environment, audit_signing_key="x" * 40, messaging_kek="m" * 40)


def test_default_audit_key_refused_outside_development() -> None:
    with pytest.raises(ValidationError, match="CONCORD_AUDIT_SIGNING_KEY must be set"):
        Settings(environment="production", secret_key="k" * 40, messaging_kek="m" * 40)


def test_short_secret_refused() -> None:
    with pytest.raises(ValidationError, match="at least 32"):
        Settings(
            environment="production",
            secret_key="short",
            audit_signing_key="x" * 40,
            messaging_kek="m" * 40,
        )


def test_production_with_real_secrets() -> None:
    s = Settings(
        environment="production",
        secret_key="k" * 40,
        audit_signing_key="a" * 40,
        messaging_kek="m" * 40,
    )
    assert s.secret_key.get_secret_value() == "k" * 40
    assert "k" * 40 not in repr(s)


def test_wildcard_cors_refused() -> None:
    with pytest.raises(ValidationError, match="exact origins"):
        Settings(cors_origins=["*"])


def test_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONCORD_PORT", "8123")
    monkeypatch.setenv("CONCORD_LOG_LEVEL", "warning")
    monkeypatch.setenv("CONCORD_CORS_ORIGINS", '["https://console.example"]')
    s = Settings()
    assert (s.port, s.log_level, s.cors_origins) == (8123, "warning", ["https://console.example"])


def test_bad_port_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONCORD_PORT", "70000")
    with pytest.raises(ValidationError):
        Settings()


def test_default_messaging_kek_refused_outside_development() -> None:
    with pytest.raises(ValidationError, match="CONCORD_MESSAGING_KEK must be set"):
        Settings(environment="production", secret_key="k" * 40, audit_signing_key="a" * 40)
