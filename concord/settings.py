"""One settings class for the whole platform, read from ``CONCORD_*`` environment variables.

Every field carries a description: ``docs/settings.md`` is generated from them and a test fails
when a setting is missing from that page. Secrets have development defaults that are refused in
any other environment.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET_KEY = "dev-insecure-secret-key-change-me"  # noqa: S105 (refused outside development)
DEV_AUDIT_SIGNING_KEY = "dev-insecure-audit-signing-key"
DEV_MESSAGING_KEK = "dev-insecure-messaging-kek"

Environment = Literal["development", "test", "production"]


#: Illustrative Silver Notice pilot members (the real pilot has 51-52 countries).
SILVER_PILOT = [
    "AE",
    "AR",
    "AT",
    "AU",
    "BE",
    "BR",
    "CA",
    "CH",
    "CI",
    "CL",
    "CO",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EG",
    "ES",
    "FI",
    "FR",
    "GB",
    "GR",
    "HR",
    "HU",
    "ID",
    "IE",
    "IN",
    "IT",
    "JP",
    "KE",
    "KR",
    "LT",
    "LU",
    "MA",
    "MT",
    "MX",
    "MY",
    "NG",
    "NL",
    "NO",
    "PE",
    "PL",
    "PT",
    "RO",
    "SA",
    "SE",
    "SG",
    "SI",
    "SK",
    "TR",
    "UA",
    "US",
    "ZA",
]


class Settings(BaseSettings):
    """Runtime configuration. Build one with ``Settings()`` and pass it down; never mutate it."""

    model_config = SettingsConfigDict(env_prefix="CONCORD_", extra="ignore", frozen=True)

    environment: Environment = Field(
        "development",
        description="`development`, `test` or `production`. Outside development, default secrets "
        "are refused and the CLI has no implicit actor.",
    )
    database_url: str = Field(
        "sqlite:///./var/concord.db",
        description="SQLAlchemy URL of the database: a SQLite file by default, "
        "`postgresql+psycopg://user:password@host/dbname` in production.",
    )
    secret_key: SecretStr = Field(
        SecretStr(DEV_SECRET_KEY),
        description="Secret used to derive session and CSRF keys. Must be set outside development.",
    )
    audit_signing_key: SecretStr = Field(
        SecretStr(DEV_AUDIT_SIGNING_KEY),
        description="Seed of the Ed25519 key that signs audit checkpoints (any string; it is "
        "hashed to 32 bytes). Must be set outside development.",
    )
    host: str = Field("127.0.0.1", description="Address `concord serve` binds to.")
    port: int = Field(8000, ge=1, le=65535, description="Port `concord serve` listens on.")
    workers: int = Field(1, ge=1, le=64, description="Worker processes for `concord serve`.")
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        "info", description="Minimum level of the structured JSON logs written to stderr."
    )
    cors_origins: list[str] = Field(
        default_factory=list,
        description="Exact origins allowed to call the API from a browser (JSON list). "
        "Empty means no cross-origin access; `*` is refused.",
    )
    max_request_bytes: int = Field(
        10 * 1024 * 1024,
        ge=1024,
        description="Largest request body accepted, in bytes; larger requests get 413.",
    )
    rate_limit_per_minute: int = Field(
        600,
        ge=0,
        description="Requests a minute allowed per token or client address (0 disables); "
        "excess requests get 429 with Retry-After.",
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Addresses or networks (CIDR) of the reverse proxies in front of the server "
        "(JSON list). Only a request from one of them has its X-Forwarded-For (client address, "
        "for rate limits and IP-bound tokens) and X-Forwarded-Proto (HSTS, secure cookies) "
        "believed; empty means these headers are ignored.",
    )
    request_header_timeout_seconds: float = Field(
        10.0,
        gt=0,
        description="`concord serve` closes a connection whose request line and headers have not "
        "all arrived this many seconds after it opened or the request began (slow clients).",
    )
    request_body_timeout_seconds: float = Field(
        30.0,
        ge=0,
        description="A request body must arrive within this many seconds (plus one second per "
        "request_body_min_bytes_per_second bytes received), or the request gets 408 and its "
        "connection is closed; 0 turns the limit off.",
    )
    request_body_min_bytes_per_second: int = Field(
        10_000,
        ge=0,
        description="Slowest upload rate that extends request_body_timeout_seconds, in bytes a "
        "second (a 50 MB attachment at this rate is given 30 s + 5,000 s).",
    )
    max_request_header_bytes: int = Field(
        32 * 1024,
        ge=4096,
        description="Largest request line plus headers `concord serve` reads, in bytes; larger "
        "requests get 431 and their connection is closed.",
    )
    max_connections: int = Field(
        1000,
        ge=0,
        description="Open connections a `concord serve` worker accepts before answering new "
        "requests with 503 (0 means no limit).",
    )
    keep_alive_timeout_seconds: int = Field(
        5,
        ge=1,
        description="`concord serve` closes an idle kept-alive connection after this many seconds.",
    )
    session_ttl_minutes: int = Field(
        480, ge=1, description="Lifetime of an interactive login session token, in minutes."
    )
    session_idle_minutes: int = Field(
        30, ge=1, description="A session unused for this many minutes expires."
    )
    login_max_failures: int = Field(
        5, ge=1, description="Failed logins in a row before an account is locked."
    )
    login_lockout_minutes: int = Field(
        15, ge=1, description="How long an account stays locked after too many failed logins."
    )
    token_max_days: int = Field(
        365, ge=1, description="Longest lifetime allowed for a service-account API token, in days."
    )
    audit_retention_days: int = Field(
        3 * 365,
        ge=1,
        description="Audit events older than this are pruned behind a signed checkpoint "
        "(default 3 years, as for the EU's SIS).",
    )
    idempotency_ttl_hours: int = Field(
        24, ge=1, description="How long a stored Idempotency-Key answer is replayed."
    )
    demo_seed: int = Field(2026, description="Seed of the reproducible demo dataset.")
    now: datetime | None = Field(
        None,
        description="Pretend the current time is this (ISO 8601 with time zone), to move the "
        "review clock. Honoured only in development and test; refused in production.",
    )
    review_years_default: int = Field(
        5, ge=1, le=20, description="Years until a new record must be reviewed by its owner."
    )
    review_years_documents: int = Field(
        10, ge=1, le=20, description="Years until a new travel-document record must be reviewed."
    )
    review_warning_days: int = Field(
        30, ge=1, le=365, description="Owners are warned this many days before a review is due."
    )
    data_dir: Path = Field(
        Path("./var"),
        description="Directory for files the platform keeps (SQLite database, exports).",
    )
    # snapshots
    snapshot_signing_key: SecretStr = Field(
        SecretStr("dev-insecure-snapshot-signing-key"),
        description="Seed of the keys that sign offline snapshots (Ed25519) and let the server "
        "read back what it exported to make deltas (X25519); any string, hashed. Must be set "
        "outside development: snapshot commands refuse the default.",
    )
    snapshot_days_valid: int = Field(
        30,
        ge=1,
        le=366,
        description="Days an offline snapshot (or delta) stays usable after it is exported.",
    )
    # screening (service)
    screening_default_purpose: str = Field(
        "border_control",
        description="Purpose recorded for a screening whose account and query name none.",
    )
    screening_auth_cache_seconds: float = Field(
        2.0,
        ge=0,
        le=60,
        description="Seconds a screening (and sending) token stays authenticated without a "
        "database check (revocation takes effect within this time, or one and a half times it "
        "while one request checks an expired entry again); 0 turns the cache off.",
    )
    screening_rate_limit_per_minute: int = Field(
        600_000,
        ge=0,
        description="Screening requests a minute per token and process (a border system sends "
        "every traveller through one token); 0 turns the limit off.",
    )
    screening_clearance_max_days: int = Field(
        365, ge=1, le=3650, description="Longest a false-match clearance may last."
    )

    # messaging
    messaging_kek: SecretStr = Field(
        SecretStr(DEV_MESSAGING_KEK),
        description="Secret the key-encryption key (KEK) of messaging is derived from: it wraps "
        "every mailbox's data and signing keys. Must be set outside development; keep it in a "
        "secrets manager, apart from the database backups.",
    )
    messaging_kek_previous: SecretStr | None = Field(
        None,
        description="The KEK secret before a rotation: keys it wrapped stay readable until "
        "`concord messages rotate-kek` re-wraps them under messaging_kek.",
    )
    messaging_attachment_dir: Path = Field(
        Path("var/attachments"), description="Where encrypted attachments are stored."
    )
    messaging_attachment_max_bytes: int = Field(
        50 * 1024 * 1024, ge=1, description="Largest attachment accepted (SIENA's 50 MB)."
    )
    messaging_attachment_purge_interval_seconds: float = Field(
        3600.0,
        ge=0,
        le=7 * 86400,
        description="Seconds between two purges, by the server's messaging worker, of uploads "
        "never sent within a day and of stored files no row knows; 0 never purges.",
    )
    # messaging: webhooks (push to national systems, docs/messaging-webhooks.md)
    messaging_webhook_interval_seconds: float = Field(
        5.0,
        ge=0,
        le=3600,
        description="Seconds between two runs of the webhook delivery worker in the server; "
        "0 starts no worker (deliver with the CLI or another process instead).",
    )
    messaging_webhook_batch: int = Field(
        50, ge=1, le=1000, description="Webhook pushes claimed and sent per worker run."
    )
    messaging_webhook_timeout_seconds: float = Field(
        5.0, gt=0, le=60, description="Timeout of one webhook push (connect, send and answer)."
    )
    messaging_webhook_max_attempts: int = Field(
        10,
        ge=1,
        le=50,
        description="Attempts at a webhook push before it is dead (shown in the dead-letter "
        "view, where it can be retried).",
    )
    messaging_webhook_backoff_seconds: float = Field(
        30.0,
        gt=0,
        description="Wait after a push's first failure; it doubles after each further one "
        "(with random jitter), up to messaging_webhook_backoff_max_seconds.",
    )
    messaging_webhook_backoff_max_seconds: float = Field(
        3600.0, gt=0, description="Longest wait between two attempts at a webhook push."
    )

    # notices
    notices_silver_pilot: list[str] = Field(
        default_factory=lambda: list(SILVER_PILOT),
        description="Member countries in the Silver Notice pilot (ISO alpha-2); only they may "
        "request Silver Notices. The default is an illustrative list of 52 members: set the "
        "real list per deployment (a JSON list in the environment).",
    )
    notices_silver_cap: int = Field(
        500, ge=0, description="Most Silver Notices in circulation (published) at once."
    )
    notices_valid_years: int = Field(
        5,
        ge=1,
        le=10,
        description="Years a published notice stays valid before it expires "
        "unless renewed (the RPD's initial retention period).",
    )
    notices_public_cache_seconds: float = Field(
        60.0,
        ge=0,
        description="How long a public notices answer may be served from cache "
        "(an answer leaves the cache at once when any notice changes state).",
    )
    notices_public_rate_limit_per_minute: int = Field(
        600,
        ge=0,
        description="Public notices API requests per minute per client address; "
        "0 turns the limit off.",
    )

    # screening (index)
    screening_refresh_seconds: float = Field(
        1.0,
        ge=0,
        le=3600,
        description="Seconds between two polls of the change feed by the screening index; "
        "0 builds no background thread and refreshes before each screening instead.",
    )
    screening_build_chunk: int = Field(
        20_000,
        ge=100,
        le=1_000_000,
        description="Records read per query while the screening index is built or refreshed.",
    )
    screening_merge_threshold: int = Field(
        50_000,
        ge=1,
        description="Changed records kept beside the screening index's compact arrays before "
        "they are merged into them.",
    )
    screening_gc_freeze: bool = Field(
        True,
        description="Once the screening index is built in the background, exempt every object "
        "then alive (the index, the application) from Python's cyclic garbage collector "
        "(gc.freeze): a full collection otherwise walks them all and stalls every request "
        "for a few hundred milliseconds.",
    )

    @model_validator(mode="after")
    def _refuse_default_secrets(self) -> Settings:
        if self.environment != "development":
            if self.secret_key.get_secret_value() == DEV_SECRET_KEY:
                raise ValueError("CONCORD_SECRET_KEY must be set outside development")
            if self.audit_signing_key.get_secret_value() == DEV_AUDIT_SIGNING_KEY:
                raise ValueError("CONCORD_AUDIT_SIGNING_KEY must be set outside development")
            if self.messaging_kek.get_secret_value() == DEV_MESSAGING_KEK:
                raise ValueError("CONCORD_MESSAGING_KEK must be set outside development")
            if len(self.secret_key.get_secret_value()) < 32:
                raise ValueError("CONCORD_SECRET_KEY must be at least 32 characters")
        if self.now is not None and self.environment == "production":
            raise ValueError("CONCORD_NOW moves the clock and is refused in production")
        if self.now is not None and self.now.tzinfo is None:
            raise ValueError("CONCORD_NOW needs a time zone, e.g. 2031-01-01T00:00:00Z")
        if "*" in self.cors_origins:
            raise ValueError("CONCORD_CORS_ORIGINS must list exact origins, not '*'")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
