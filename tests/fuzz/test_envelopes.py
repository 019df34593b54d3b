"""Fuzzing the message envelopes' cryptography and the end-to-end envelope a reader opens
(:mod:`concord.messaging.crypto`, :func:`concord.messaging.keyops.open_sealed`). No database.

Declared: every function of ``crypto`` that opens something raises :class:`TamperedError` when
authentication fails; ``verify`` answers a bool; ``open_sealed`` returns the content (subject,
body, references) or raises a :class:`ConcordError` (``tampering_detected`` for an altered or
foreign copy, ``validation_failed`` for content the sender sealed that is not a message).
"""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from concord.errors import ConcordError
from concord.messaging import content, crypto, keyops
from concord.messaging.models import Message
from tests.fuzz.strategies import deep, deep_json, mutated, nesting, quick

PRIVATE, PUBLIC = crypto.new_e2e_key()
KEY = bytes(range(32))
AAD = b"concord-message:m1:content"
PLAIN = content.pack("Courier meeting", "Lyon, 3 May, 10:00", [{"record_id": "r1", "label": "x"}])
SEALED = crypto.seal(PUBLIC, PLAIN)
ENCRYPTED = crypto.encrypt(KEY, PLAIN, AAD)
SEED, SIGN_PUBLIC = crypto.new_signing_key()
STATEMENT = crypto.canonical({"v": 1, "id": "m1", "content_sha256": crypto.sha256(PLAIN)})
SIGNATURE = crypto.sign(SEED, STATEMENT)

blobs = st.one_of(st.binary(max_size=200), mutated([SEALED, ENCRYPTED], max_ops=3))


def message_for(plain: bytes) -> Message:
    statement = crypto.canonical({"v": 1, "id": "m1", "content_sha256": crypto.sha256(plain)})
    return Message(id="m1", mode="e2e", statement=statement)


def check_open(blob: bytes, key: bytes, aad: bytes) -> None:
    for opener in (lambda: crypto.unseal(PRIVATE, blob), lambda: crypto.decrypt(key, blob, aad)):
        try:
            plain = opener()
        except crypto.TamperedError:
            continue
        assert blob in (SEALED, ENCRYPTED) and plain == PLAIN  # only the intact ones open


@quick()
@given(blobs, st.sampled_from([KEY, os.urandom(32)]), st.sampled_from([AAD, b"", b"other"]))
def test_opening_any_blob_opens_or_raises_tampered(blob: bytes, key: bytes, aad: bytes) -> None:
    check_open(blob, key, aad)


@pytest.mark.slow
@deep(1000)
@given(blobs, st.sampled_from([KEY, os.urandom(32)]), st.sampled_from([AAD, b"", b"other"]))
def test_opening_any_blob_opens_or_raises_tampered_deep(
    blob: bytes, key: bytes, aad: bytes
) -> None:
    check_open(blob, key, aad)


def check_verify(public: bytes, statement: bytes, signature: bytes) -> None:
    ok = crypto.verify(public, statement, signature)
    assert isinstance(ok, bool)
    if ok:
        assert (public, statement, signature) == (SIGN_PUBLIC, STATEMENT, SIGNATURE)


signature_parts = st.tuples(
    st.one_of(st.just(SIGN_PUBLIC), st.binary(max_size=40), mutated([SIGN_PUBLIC], max_ops=1)),
    st.one_of(st.just(STATEMENT), mutated([STATEMENT], max_ops=2)),
    st.one_of(st.just(SIGNATURE), st.binary(max_size=80), mutated([SIGNATURE], max_ops=1)),
)


@quick()
@given(signature_parts)
def test_verify_answers_a_bool_and_only_the_signed_statement_verifies(
    parts: tuple[bytes, bytes, bytes],
) -> None:
    check_verify(*parts)


@pytest.mark.slow
@deep(1000)
@given(signature_parts)
def test_verify_answers_a_bool_deep(parts: tuple[bytes, bytes, bytes]) -> None:
    check_verify(*parts)


# -- the end-to-end envelope a reader's client opens --------------------------------------------

#: What a (hostile or broken) sender's client might seal: JSON of any shape, deep nesting,
#: text that is not UTF-8, or a well-formed message.
sealed_plain = st.one_of(
    st.just(PLAIN),
    st.binary(max_size=100),
    nesting.map(str.encode),
    st.builds(
        lambda s, b, r: json.dumps({"subject": s, "body": b, "references": r}).encode(),
        st.one_of(st.text(max_size=10), st.integers(), st.none()),
        st.one_of(st.text(max_size=10), st.lists(st.integers(), max_size=2)),
        st.one_of(
            st.lists(st.dictionaries(st.text(max_size=3), st.text(max_size=3)), max_size=2),
            st.integers(),
            st.text(max_size=3),
        ),
    ),
    st.just(json.dumps([1, 2]).encode()),
    st.just(b"\xff\xfe" + "{}".encode("utf-16-le")),
)


def check_open_sealed(plain: bytes, damage: bytes | None, as_text: str | None) -> None:
    blob = crypto.seal(PUBLIC, plain)
    if as_text is not None:
        sealed_hex: str | None = as_text
    else:
        sealed_hex = (damage if damage is not None else blob).hex()
    try:
        got = keyops.open_sealed(PRIVATE, message_for(plain), sealed_hex)
    except ConcordError as exc:
        assert exc.status == 422
        return
    assert isinstance(got.get("subject", ""), str) and isinstance(got.get("body", ""), str)
    references = got.get("references", [])
    assert isinstance(references, list) and all(isinstance(r, dict) for r in references)
    assert got == json.loads(plain)


@quick()
@given(
    sealed_plain,
    st.one_of(st.none(), mutated([SEALED], max_ops=2)),
    st.one_of(st.none(), st.none(), st.text(max_size=80), st.just(SEALED.hex().upper() + "zz")),
)
@example(deep_json(100_000).encode(), None, None)  # RecursionError escaped from unpack
@example(b"\xff\xfe\x00", None, None)  # UnicodeDecodeError escaped from unpack
@example(b'{"subject": 1, "references": 5}', None, None)  # not a message: TypeError in the CLI
@example(b'{"references": [1]}', None, None)  # AttributeError in the CLI's printing
def test_open_sealed_returns_a_message_or_a_declared_error(
    plain: bytes, damage: bytes | None, as_text: str | None
) -> None:
    check_open_sealed(plain, damage, as_text)


@pytest.mark.slow
@deep(800)
@given(
    sealed_plain,
    st.one_of(st.none(), mutated([SEALED], max_ops=2)),
    st.one_of(st.none(), st.none(), st.text(max_size=80), st.just(SEALED.hex().upper() + "zz")),
)
def test_open_sealed_returns_a_message_or_a_declared_error_deep(
    plain: bytes, damage: bytes | None, as_text: str | None
) -> None:
    check_open_sealed(plain, damage, as_text)
