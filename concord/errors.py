"""One error hierarchy. Every error has an HTTP status and a stable machine-readable code and is
rendered as an RFC 9457 problem (``application/problem+json``) by :mod:`concord.api.problems`.

Services raise these; they never see HTTP. The CLI maps them to exit codes (2 for bad input, 1 for
the rest).
"""

from __future__ import annotations

from typing import Any, ClassVar


class ConcordError(Exception):
    """Base of every error the platform raises on purpose."""

    status: ClassVar[int] = 500
    code: ClassVar[str] = "internal_error"
    title: ClassVar[str] = "Internal error"
    #: Keep the request's database changes even though it fails (failed-login counters).
    keep_changes: ClassVar[bool] = False

    def __init__(
        self,
        detail: str,
        *,
        errors: list[dict[str, Any]] | None = None,
        object_type: str | None = None,
        object_id: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
        self.object_type = object_type
        self.object_id = object_id
        self.headers = headers or {}

    @property
    def is_denial(self) -> bool:
        """Denials are written to the audit trail even though the request is rolled back."""
        return False


class BadRequestError(ConcordError):
    status = 400
    code = "bad_request"
    title = "Bad request"


class ValidationFailedError(ConcordError):
    status = 422
    code = "validation_failed"
    title = "Invalid input"


class AuthenticationError(ConcordError):
    status = 401
    code = "unauthenticated"
    title = "Authentication required"

    def __init__(self, detail: str = "A valid bearer token is required", **kw: Any) -> None:
        kw.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(detail, **kw)


class LoginFailedError(AuthenticationError):
    code = "login_failed"
    title = "Login failed"
    keep_changes = True


class PermissionDeniedError(ConcordError):
    status = 403
    code = "forbidden"
    title = "Forbidden"

    @property
    def is_denial(self) -> bool:
        return True


class CsrfError(ConcordError):
    """A console form posted without the token of the signed-in session (cross-site request)."""

    status = 403
    code = "csrf_failed"
    title = "Form expired or forged"


class NotFoundError(ConcordError):
    status = 404
    code = "not_found"
    title = "Not found"


class HiddenObjectError(NotFoundError):
    """An object exists but belongs to a country the caller may not see: answered as 404 so that
    its existence does not leak, and audited as a denied attempt."""

    @property
    def is_denial(self) -> bool:
        return True


class ConflictError(ConcordError):
    status = 409
    code = "conflict"
    title = "Conflict"


class IdempotencyConflictError(ConcordError):
    status = 422
    code = "idempotency_key_reused"
    title = "Idempotency-Key reused with a different request"


class IdempotencyInProgressError(ConflictError):
    code = "idempotency_in_progress"
    title = "A request with this Idempotency-Key is still being processed"


class GoneError(ConcordError):
    status = 410
    code = "gone"
    title = "Gone"


class TamperingDetectedError(ConcordError):
    """Stored or offered data failed its cryptographic check: altered, forged or wrong key."""

    status = 422
    code = "tampering_detected"
    title = "Tampering detected"


class PreconditionFailedError(ConcordError):
    status = 412
    code = "precondition_failed"
    title = "The object changed since you read it"


class PreconditionRequiredError(ConcordError):
    status = 428
    code = "precondition_required"
    title = "If-Match is required"


class PayloadTooLargeError(ConcordError):
    status = 413
    code = "payload_too_large"
    title = "Request body too large"


class UnsupportedMediaTypeError(ConcordError):
    status = 415
    code = "unsupported_media_type"
    title = "Unsupported media type"


class RateLimitedError(ConcordError):
    status = 429
    code = "rate_limited"
    title = "Too many requests"


class NotReadyError(ConcordError):
    status = 503
    code = "not_ready"
    title = "Service not ready"


ALL_ERRORS: tuple[type[ConcordError], ...] = (
    ConcordError,
    BadRequestError,
    ValidationFailedError,
    AuthenticationError,
    LoginFailedError,
    PermissionDeniedError,
    NotFoundError,
    HiddenObjectError,
    ConflictError,
    GoneError,
    TamperingDetectedError,
    IdempotencyConflictError,
    IdempotencyInProgressError,
    PreconditionFailedError,
    PreconditionRequiredError,
    PayloadTooLargeError,
    UnsupportedMediaTypeError,
    RateLimitedError,
    NotReadyError,
)
