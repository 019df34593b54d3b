"""Fuzzing messaging over HTTP, on both engines: attachment uploads (any content type, name and
body, sizes around the limit, truncated and chunked bodies) and end-to-end envelopes (any sealed
copy and content digest a sender's client may send, then opened by the recipient's client).

Declared: 201 or a 4xx problem+json, never a 5xx; an accepted upload is stored whole (size and
SHA-256 of what was sent); a recipient gets its sealed copy back byte for byte, and opening it
gives the message or a declared error (:func:`concord.messaging.keyops.open_sealed`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import example, given
from hypothesis import strategies as st

from concord.app import create_app
from concord.db.database import Database
from concord.errors import ConcordError
from concord.messaging import crypto, keyops
from concord.messaging.attachments_meta import TYPES
from concord.messaging.models import Message
from tests.conftest import make_settings
from tests.factories import Actor, Actors
from tests.fuzz.strategies import (
    QUICK_DB,
    assert_declared_answer,
    deep,
    mutated,
    odd_text,
    quick,
)
from tests.fuzz.test_envelopes import sealed_plain

LIMIT = 4096  # CONCORD_MESSAGING_ATTACHMENT_MAX_BYTES for these tests
SAMPLES = {
    "application/pdf": b"%PDF-1.7\n" + bytes(range(256)) * 3,
    "image/png": b"\x89PNG\r\n\x1a\n" + b"\x00IHDR" * 40,
    "text/plain": "Rapport: Jan Novák, vu à Lyon\n".encode() * 20,
    "application/json": b'{"a": [1, 2, 3], "b": "\xc3\xa9"}',
    "text/csv": b"name,dob\nAnna,1990\n",
}
EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "text/plain": "txt",
              "application/json": "json", "text/csv": "csv"}  # fmt: skip
ODD_TYPES = ["", "*/*", "application/octet-stream", "multipart/form-data; boundary=x",
             "text/plain;;;", "image/png\x00", 'application/pdf; a="\\']  # fmt: skip
content_type = st.one_of(
    st.sampled_from(sorted(TYPES)),
    st.sampled_from(sorted(SAMPLES)).map(lambda t: t.upper() + "; charset=utf-8"),
    st.sampled_from(ODD_TYPES),
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=30),
)


@st.composite
def upload_case(draw: st.DrawFn) -> tuple[str, bytes, str, str]:
    """(content type, body, file name, how the body is sent)."""
    ctype = draw(content_type)
    kind = ctype.split(";")[0].strip().lower()
    sample = SAMPLES.get(kind, draw(st.sampled_from(list(SAMPLES.values()))))
    size = draw(st.sampled_from([None, 0, 1, LIMIT - 1, LIMIT, LIMIT + 1, 3 * LIMIT]))
    data = sample if size is None else (sample * (size // len(sample) + 1))[:size]
    data = draw(st.one_of(st.just(data), mutated([data], max_ops=2), st.binary(max_size=64)))
    name = draw(
        st.one_of(
            st.just(f"report.{EXTENSIONS.get(kind, 'pdf')}"),
            st.sampled_from(["", ".", "..", "../../etc/passwd", "a.pdf.exe", "x" * 300 + ".pdf"]),
            odd_text.map(lambda t: t + ".pdf"),
        )
    )
    how = draw(st.sampled_from(["body", "query", "chunked", "short", "long"]))
    return ctype, data, name, how


@pytest.fixture
def web(engine_url: str, db: Database, tmp_path: Path) -> Iterator[TestClient]:
    settings = make_settings(
        engine_url,
        messaging_attachment_dir=tmp_path / "attachments",
        messaging_attachment_max_bytes=LIMIT,
    )
    with TestClient(create_app(settings, db=db)) as client:
        yield client


def check_upload(
    web: TestClient, actor: Actor, ctype: str, data: bytes, name: str, how: str
) -> None:
    headers: dict[str, str] = {**actor.headers, "Content-Type": ctype}
    params: dict[str, str] = {}
    content: Any = data
    if how == "query":
        params["filename"] = name.encode("utf-8", "replace").decode()
    else:
        headers["X-Filename"] = quote(name.encode("utf-8", "replace"))
    sent = data
    if how == "chunked":  # no Content-Length: the limit is found while streaming
        content = iter([data[i : i + 1000] for i in range(0, len(data), 1000)])
    elif how == "short":  # a truncated body: fewer bytes than Content-Length says
        sent = content = data[: len(data) // 2]
        headers["Content-Length"] = str(len(data))
    elif how == "long":  # more bytes than Content-Length says
        headers["Content-Length"] = str(max(len(data) - 3, 0))
    response = web.post("/api/v1/attachments", headers=headers, params=params, content=content)
    assert_declared_answer(response)
    if response.status_code == 201:
        got = response.json()
        assert got["size"] == len(sent) <= LIMIT
        assert got["sha256"] == hashlib.sha256(sent).hexdigest()


@quick(2 * QUICK_DB)
@given(upload_case())
@example(("application/pdf", SAMPLES["application/pdf"][:LIMIT], "report.pdf", "body"))
@example(("application/pdf", SAMPLES["application/pdf"] * 9, "report.pdf", "chunked"))
def test_attachment_upload_never_fails(
    web: TestClient, actors: Actors, case: tuple[str, bytes, str, str]
) -> None:
    check_upload(web, actors.make("ncb_operator", "FR"), *case)


@pytest.mark.slow
@deep(100)
@given(upload_case())
def test_attachment_upload_never_fails_deep(
    web: TestClient, actors: Actors, case: tuple[str, bytes, str, str]
) -> None:
    check_upload(web, actors.make("ncb_operator", "FR"), *case)


# -- end-to-end envelopes -----------------------------------------------------------------------

PRIVATE, PUBLIC = crypto.new_e2e_key()
Envelope = tuple[bytes, str, list[tuple[float, str, int]], str | None]


@pytest.fixture
def pair(web: TestClient, actors: Actors) -> tuple[Actor, Actor]:
    """FR's operator sends; DE's mailbox has a registered end-to-end key."""
    de_admin = actors.make("ncb_admin", "DE")
    r = web.put(
        "/api/v1/mailboxes/mine/e2e-key",
        headers=de_admin.headers,
        json={"public_key": PUBLIC.hex()},
    )
    assert r.status_code == 200, r.text
    return actors.make("ncb_operator", "FR"), actors.make("ncb_operator", "DE")


#: Damage to a sealed copy: (where, as a fraction of its length; what: flip a bit, cut there,
#: or insert a NUL). Drawn as a recipe and applied after sealing, because sealing is random.
damage = st.lists(
    st.tuples(st.floats(0, 1), st.sampled_from(["flip", "cut", "nul"]), st.integers(0, 7)),
    max_size=3,
)


def damaged(blob: bytes, recipe: list[tuple[float, str, int]]) -> bytes:
    data = bytearray(blob)
    for where, what, bit in recipe:
        at = min(int(where * len(data)), max(len(data) - 1, 0))
        if what == "flip" and data:
            data[at] ^= 1 << bit
        elif what == "cut":
            del data[at:]
        else:
            data[at:at] = b"\x00"
    return bytes(data)


#: (plaintext sealed, how the copy is sent, damage, the content digest as sent)
envelope = st.tuples(
    sealed_plain,
    st.one_of(st.sampled_from(["hex", "damaged", "upper"]), st.text(max_size=40)),
    damage,
    st.one_of(
        st.none(),  # the digest of the plaintext
        st.text("0123456789abcdefABCDEF", min_size=64, max_size=64),
        st.text(max_size=70),
    ),
)


def check_envelope(web: TestClient, pair: tuple[Actor, Actor], env: Envelope) -> None:
    fr, de = pair
    plain, how, recipe, sent_digest = env
    blob = crypto.seal(PUBLIC, plain)
    sealed = {"hex": blob.hex(), "upper": blob.hex().upper()}.get(how, how)
    if how == "damaged":
        sealed = damaged(blob, recipe).hex()
    digest = crypto.sha256(plain) if sent_digest is None else sent_digest
    body = {"to": ["DE"], "subject": "-", "body": "-", "sealed": {"DE": sealed},
            "content_sha256": digest}  # fmt: skip
    sent = web.post("/api/v1/messages", headers=fr.headers, json=body)
    assert_declared_answer(sent)
    if sent.status_code != 201:
        return
    read = web.get(f"/api/v1/messages/{sent.json()['id']}", headers=de.headers)
    assert_declared_answer(read)
    assert read.status_code == 200
    got = read.json()
    assert got["mode"] == "e2e" and got["sealed"] == sealed and got["signature_valid"]
    message = Message(id=got["id"], mode="e2e", statement=got["statement"].encode())
    try:  # what the recipient's client (concord messages read --key) does
        opened = keyops.open_sealed(PRIVATE, message, got["sealed"])
    except ConcordError as exc:
        assert exc.status == 422
        return
    assert crypto.sha256(plain) == json.loads(got["statement"])["content_sha256"]
    assert opened == json.loads(plain)


@quick(QUICK_DB)
@given(envelope)
def test_end_to_end_envelope_never_fails(
    web: TestClient, pair: tuple[Actor, Actor], env: Envelope
) -> None:
    check_envelope(web, pair, env)


@pytest.mark.slow
@deep(100)
@given(envelope)
def test_end_to_end_envelope_never_fails_deep(
    web: TestClient, pair: tuple[Actor, Actor], env: Envelope
) -> None:
    check_envelope(web, pair, env)
