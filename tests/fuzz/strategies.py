"""Shared pieces of the parser fuzz tests: the two hypothesis profiles and input strategies.

Quick profile (``make test``): few examples, derandomized, no example database, so a run is
deterministic. Deep profile (``make verify``, tests marked ``slow``): many more examples, still
without an example database, so a run is reproducible from the seed hypothesis prints.

Inputs are built three ways: generated from scratch (any text, any bytes), mutated from valid
samples (truncated, bytes flipped or inserted, NUL bytes, re-encoded, fields made huge, odd
Unicode), and adversarial values (deep JSON nesting, huge numbers, control characters).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

T = TypeVar("T")

_COMMON: dict[str, Any] = {
    "deadline": None,
    "database": None,
    "print_blob": True,
    # DB tests share one rolled-back connection per test (each example in its own savepoint).
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
}
#: Examples per property: pure parsers are cheap, database and HTTP ones are not.
QUICK_PURE, QUICK_DB = 150, 12
DEEP_PURE, DEEP_DB = 4000, 120


def quick(examples: int = QUICK_PURE) -> Callable[[T], T]:
    return settings(max_examples=examples, derandomize=True, **_COMMON)


def deep(examples: int = DEEP_PURE) -> Callable[[T], T]:
    return settings(max_examples=examples, derandomize=False, **_COMMON)


# -- adversarial building blocks ----------------------------------------------------------------

#: Characters parsers trip on: NUL and other controls, line and paragraph separators, BOM,
#: lone surrogates (not encodable as UTF-8), combining marks, RTL marks, full-width digits,
#: dotless i and its case folding, emoji, non-characters.
ODD = (
    "\x00", "\x01", "\x1b", "\x7f", "\x85", "\r", "\n", "\r\n", "\t", "\u2028", "\u2029",
    "\ufeff", "\ufffe", "\uffff", "\ud800", "\udfff", "\u0301", "\u200f", "\u202e", "\uff11",
    "\u0131", "\u0130", "ß", "ﬁ", "\U0001f600", "\U0010ffff", "\U0001d538", "٣",
    "\uff21", "<", '"', ",", ";", "\\", "{", "[", "%", "%00", "%ff", "&", "=",
)  # fmt: skip
odd_text = st.lists(st.one_of(st.sampled_from(ODD), st.text(max_size=4)), max_size=12).map("".join)
huge_numbers = st.sampled_from(
    ["1e999", "-1e999", "NaN", "Infinity", "9" * 400, "-" + "9" * 40, "0x10", "1_000", "٣", "1.5"]
)


def deep_json(depth: int, *, kind: str = "[") -> str:
    """JSON nested ``depth`` levels (lists or objects): the decoder's recursion limit is ~1000."""
    if kind == "[":
        return "[" * depth + "]" * depth
    return '{"a":' * depth + "1" + "}" * depth


nesting = st.builds(
    deep_json,
    st.sampled_from([50, 500, 900, 990, 1_000, 5_000, 100_000]),
    kind=st.sampled_from("[{"),
)


# -- mutation of valid samples ------------------------------------------------------------------


@st.composite
def mutated(draw: st.DrawFn, samples: Sequence[bytes], *, max_ops: int = 4) -> bytes:
    """A valid sample damaged by a few random edits."""
    data = bytearray(draw(st.sampled_from(samples)))
    for _ in range(draw(st.integers(0, max_ops))):
        op = draw(
            st.sampled_from(
                ["truncate", "flip", "insert", "delete", "duplicate", "nul", "huge", "encode"]
            )
        )
        at = draw(st.integers(0, len(data)))
        if op == "truncate":
            del data[at:]
        elif op == "flip" and data:
            i = min(at, len(data) - 1)
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            data[at:at] = draw(
                st.one_of(st.binary(min_size=1, max_size=8), odd_text.map(_utf8_lenient))
            )
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        elif op == "duplicate":
            data[at:at] = data[at : at + draw(st.integers(1, 64))]
        elif op == "nul":
            data[at:at] = b"\x00"
        elif op == "huge":
            data[at:at] = draw(st.sampled_from([b"A", b"9", b"<", b"\xc3\xa9", b"["])) * draw(
                st.sampled_from([300, 5_000, 140_000])
            )
        elif op == "encode":
            text = bytes(data).decode("utf-8", "replace")
            codec = draw(st.sampled_from(["utf-16", "utf-16-be", "utf-32", "latin-1", "cp1252"]))
            data = bytearray(text.encode(codec, "replace"))
    return bytes(data)


def _utf8_lenient(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def as_text(data: bytes) -> str:
    """Bytes read as text the way a careless client would (surrogates kept)."""
    return data.decode("utf-8", "surrogateescape")


# -- HTTP answers -------------------------------------------------------------------------------


def assert_declared_answer(response: Any) -> None:
    """Never a 5xx; every 4xx is an RFC 9457 problem with its status and a stable code."""
    status = response.status_code
    assert status < 500, (status, response.text[:500])
    if status >= 400:
        assert response.headers["content-type"].startswith("application/problem+json"), (
            status,
            response.headers.get("content-type"),
            response.text[:300],
        )
        body = response.json()
        assert body["status"] == status and isinstance(body["code"], str) and body["code"]


#: Percent-encoding garbage and other query-string debris.
QUERY_JUNK = (
    "%", "%%", "%z", "%zz", "%0", "%00", "%ff", "%fe%ff", "%c3", "%ed%a0%80", "%e2%80%ae", "+",
    "&&", "=", "==", "a=b=c", ";", "#", "[]", "[0]", "..", "\\", "%5B%5D", "%0d%0a",
)  # fmt: skip
query_value = st.one_of(
    st.text(max_size=12),
    odd_text,
    huge_numbers,
    st.integers().map(str),
    st.sampled_from(QUERY_JUNK),
    st.sampled_from(
        ["", " ", "-1", "0", "1", "160", "161", "100000", "100001", "99999999999999999999"]
    ),
    st.just("A" * 5_000),
)
