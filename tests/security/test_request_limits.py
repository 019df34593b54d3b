"""Request size limits: JSON bodies over max_request_bytes get 413 before any route reads them
(declared length or chunked), on the API and the console; attachment uploads have their own
limit on both ways in; deeply nested JSON is refused with 4xx, never 500. (Oversized headers
and URLs are refused by the server itself: tests/security/test_slow_clients.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from concord.app import create_app
from concord.db.database import Database
from tests.conftest import make_settings
from tests.factories import Actors
from tests.security.helpers import csrf_of

LIMIT = 4096
ATTACHMENT_LIMIT = 20_000


@pytest.fixture
def small(db: Database, engine_url: str, tmp_path: Path) -> FastAPI:
    app = create_app(
        make_settings(
            engine_url,
            max_request_bytes=LIMIT,
            messaging_attachment_max_bytes=ATTACHMENT_LIMIT,
            messaging_attachment_dir=tmp_path / "attachments",
        ),
        db=db,
    )
    app.state.probe = []

    @app.post("/api/v1/_probe")
    async def probe(request: Request) -> dict[str, int]:
        body = await request.body()
        request.app.state.probe.append(len(body))
        return {"read": len(body)}

    return app


def _chunks(total: int, size: int = 1000) -> Iterator[bytes]:
    while total > 0:
        yield b" " * min(size, total)
        total -= size


def test_json_body_limit_is_applied_before_the_route(small: FastAPI) -> None:
    json_ct = {"Content-Type": "application/json"}
    with TestClient(small) as c:
        assert c.post("/api/v1/_probe", content=b" " * LIMIT, headers=json_ct).json() == {
            "read": LIMIT
        }
        r = c.post("/api/v1/_probe", content=b" " * (LIMIT + 1), headers=json_ct)
        assert r.status_code == 413
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["code"] == "payload_too_large"
        # Chunked, no Content-Length: counted as it arrives, the whole body handed on if small.
        r = c.post("/api/v1/_probe", content=_chunks(LIMIT + 1), headers=json_ct)
        assert "content-length" not in r.request.headers
        assert r.status_code == 413
        assert c.post("/api/v1/_probe", content=_chunks(LIMIT), headers=json_ct).json() == {
            "read": LIMIT
        }
        r = c.post("/api/v1/_probe", content=b"{}", headers={**json_ct, "Content-Length": "x1"})
        assert r.status_code == 400
        assert small.state.probe == [LIMIT, LIMIT]  # the refused bodies never reached it


def test_console_forms_have_the_same_limit(small: FastAPI) -> None:
    with TestClient(small, follow_redirects=False) as c:
        page = c.get("/")
        form = {"csrf": csrf_of(page.text), "username": "u" * 200, "password": "p" * 1024}
        r = c.post("/signin", data={**form, "code": "1", "next": "/" + "n" * LIMIT})
        assert r.status_code == 413
        r = c.post("/signin", content=_chunks(LIMIT + 1), headers={"Content-Type": "text/plain"})
        assert r.status_code == 413


def test_attachment_uploads_have_their_own_limit_on_api_and_console(
    small: FastAPI, actors: Actors
) -> None:
    from tests.web.conftest import sign_in

    fr = actors.make("ncb_operator", "FR")
    person = actors.user("ncb_operator", "FR")
    pdf = b"%PDF-1.7\n"

    def api(data: Any) -> Any:
        h = {**fr.headers, "Content-Type": "application/pdf", "X-Filename": "r.pdf"}
        return c.post("/api/v1/attachments", headers=h, content=data)

    def console(data: Any) -> Any:
        h = {"Content-Type": "application/pdf", "X-Filename": "r.pdf", "X-CSRF-Token": csrf}
        return c.post("/console/messages/attachments", headers=h, content=data)

    with TestClient(small, follow_redirects=False) as c:
        sign_in(c, person)
        csrf = csrf_of(c.get("/console/messages/compose").text)
        for upload in (api, console):
            # bigger than a JSON body may be, within the attachment limit: accepted
            ok = upload(pdf + b"x" * (ATTACHMENT_LIMIT - len(pdf)))
            assert ok.status_code == 201, (upload.__name__, ok.text)
            assert ok.json()["size"] == ATTACHMENT_LIMIT
            for data in (pdf + b"x" * ATTACHMENT_LIMIT, _pdf_chunks(pdf, ATTACHMENT_LIMIT + 1)):
                r = upload(data)
                assert r.status_code == 413, (upload.__name__, r.text)
                if r.headers["content-type"].startswith("application/problem+json"):
                    assert r.json()["code"] == "payload_too_large"
                else:  # a console page's error, as HTML
                    assert upload is console and "payload_too_large" in r.text


def _pdf_chunks(head: bytes, total: int) -> Iterator[bytes]:
    yield head
    yield from _chunks(total - len(head))


def _nested(depth: int, kind: str) -> bytes:
    if kind == "list":
        return b"[" * depth + b"]" * depth
    return b'{"a":' * depth + b"1" + b"}" * depth


@pytest.mark.parametrize("depth", [64, 5_000, 400_000])
def test_deep_json_nesting_is_refused_with_4xx(
    client: TestClient, actors: Actors, depth: int
) -> None:
    admin = actors.make("ncb_admin", "FR")
    officer = actors.make("border_officer", "FR")
    targets = [
        ("/api/v1/auth/login", {}),
        ("/api/v1/screen", officer.headers),
        ("/api/v1/screen/batch", officer.headers),
        ("/api/v1/agencies", admin.headers),
        ("/api/v1/records", admin.headers),
        ("/api/v1/messages", admin.headers),
    ]
    for path, headers in targets:
        for kind in ("list", "object"):
            r = client.post(
                path,
                content=_nested(depth, kind),
                headers={**headers, "Content-Type": "application/json"},
            )
            assert 400 <= r.status_code < 500, (path, kind, r.status_code, r.text[:200])
            assert r.headers["content-type"].startswith("application/problem+json")
