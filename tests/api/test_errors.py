"""Every error class maps to its status and stable code, rendered as problem+json."""

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from concord import errors
from concord.api.problems import PROBLEM_JSON

EXPECTED = {
    errors.ConcordError: (500, "internal_error"),
    errors.BadRequestError: (400, "bad_request"),
    errors.ValidationFailedError: (422, "validation_failed"),
    errors.AuthenticationError: (401, "unauthenticated"),
    errors.LoginFailedError: (401, "login_failed"),
    errors.PermissionDeniedError: (403, "forbidden"),
    errors.NotFoundError: (404, "not_found"),
    errors.HiddenObjectError: (404, "not_found"),
    errors.ConflictError: (409, "conflict"),
    errors.GoneError: (410, "gone"),
    errors.TamperingDetectedError: (422, "tampering_detected"),
    errors.IdempotencyConflictError: (422, "idempotency_key_reused"),
    errors.IdempotencyInProgressError: (409, "idempotency_in_progress"),
    errors.PreconditionFailedError: (412, "precondition_failed"),
    errors.PreconditionRequiredError: (428, "precondition_required"),
    errors.PayloadTooLargeError: (413, "payload_too_large"),
    errors.UnsupportedMediaTypeError: (415, "unsupported_media_type"),
    errors.RateLimitedError: (429, "rate_limited"),
    errors.NotReadyError: (503, "not_ready"),
}


def test_every_error_is_listed() -> None:
    assert set(EXPECTED) == set(errors.ALL_ERRORS)
    codes = [cls.code for cls in errors.ALL_ERRORS if cls is not errors.HiddenObjectError]
    assert len(codes) == len(set(codes)), "codes must be unique"


@pytest.mark.parametrize("cls", list(EXPECTED), ids=lambda c: c.__name__)
def test_error_renders_problem(cls: type[errors.ConcordError], app: FastAPI) -> None:
    @app.get("/api/v1/_raise")
    def _raise() -> None:
        raise cls("precise message for the caller")

    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/api/v1/_raise")
    status, code = EXPECTED[cls]
    assert r.status_code == status
    assert r.headers["content-type"] == PROBLEM_JSON
    body = r.json()
    assert body["code"] == code
    assert body["status"] == status
    assert body["request_id"] == r.headers["x-request-id"]
    if status >= 500:
        assert "precise message" not in r.text, "5xx must not leak details"
    else:
        assert body["detail"] == "precise message for the caller"


def test_unexpected_exception_is_a_problem_without_details(app: FastAPI) -> None:
    @app.get("/api/v1/_boom")
    def _boom() -> None:
        raise RuntimeError("secret internal state")

    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/api/v1/_boom")
    assert r.status_code == 500
    assert r.headers["content-type"] == PROBLEM_JSON
    assert "secret internal state" not in r.text
