"""Exact keys: normalising raw query values, folding OCR confusions, hashing in bulk.

A key is normalised as the record's ``key`` is (:mod:`concord.records.checks`): spaces,
``-``, ``.`` and ``<`` fillers dropped, ASCII letters upper-cased; documents and plates are
``CC:NUMBER`` with the country normalised as records do (``D`` → ``DE``, ``GBD`` → ``GB``;
codes that name no state, such as ``UNO``, ``XXA`` or the specimen ``UTO``, stay as written);
vessels are ``IMO`` + seven digits.

The index stores, per key, a 64-bit hash of the *folded* key (O→0, I→1, S→5, B→8) and a 12-bit
mask of the positions that held one of those letters. Equal folded hashes and equal masks mean
the same key (for keys of up to 12 characters exactly; longer keys fold positions modulo 12, so
an OCR variant of a long key may, rarely, be reported as exact); equal folded hashes alone mean
an OCR variant. Two different keys share a 64-bit hash with probability 2^-64 per pair: the
index does not keep the key text to verify (see docs/benchmarks.md for the memory budget).

:func:`hash_keys` does all of this for a whole batch with numpy (about 3 million keys a second
here); :func:`normalise_key` is the same rule for one value, in Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import numpy.typing as npt

from concord.records.identifiers import CountryError, normalise_country
from concord.screening.index.protocol import ExactKind

U64 = npt.NDArray[np.uint64]
MASK_BITS = 12
_M64 = (1 << 64) - 1
_P = 0x100000001B3
_GOLD = 0x9E3779B97F4A7C15
_SEP = 0
_DROP = 0xFF
_DROPPED = " \t\n\r\v\f-.<"
_CLEAN = str.maketrans("", "", _DROPPED)
#: Letters an OCR reader confuses with digits, folded to the digit (0/O, 1/I, 5/S, 8/B).
OCR_FOLD = str.maketrans("OISB", "0158")
_PREFIXED = (ExactKind.DOCUMENT, ExactKind.PLATE)


def _lut() -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8], npt.NDArray[np.uint16]]:
    clean = np.arange(256, dtype=np.uint8)
    clean[ord("a") : ord("z") + 1] -= 32
    for ch in _DROPPED:
        clean[ord(ch)] = _DROP
    fold = np.arange(256, dtype=np.uint8)
    ocr = np.zeros(256, dtype=np.uint16)
    for a, b in zip("OISB", "0158", strict=True):
        fold[ord(a)] = ord(b)
        ocr[ord(a)] = 1
    return clean, fold, ocr


_CLEAN_LUT, _FOLD_LUT, _OCR_LUT = _lut()


@cache
def country_code(code: str) -> str | None:
    """A query's or record's country as keys hold it; None if it cannot be one."""
    if not (1 <= len(code) <= 3) or not code.isascii():
        return None
    try:
        return normalise_country(code)
    except CountryError:
        return code


def normalise_key(kind: ExactKind, value: str, country: str | None = None) -> str | None:
    """The normalised key of a raw value (``country`` for documents and plates given apart);
    None when the value cannot be a key of that kind."""
    v = value.translate(_CLEAN).upper()
    if kind in _PREFIXED:
        if country is not None:
            code, rest = country.translate(_CLEAN).upper(), v
        elif ":" in v:
            code, _, rest = v.partition(":")
        elif kind == ExactKind.PLATE:
            code, rest = "", v
        else:
            return None
        prefix = country_code(code) if code else ("" if kind == ExactKind.PLATE else None)
        if prefix is None or not rest:
            return None
        return f"{prefix}:{rest}"
    if kind == ExactKind.IMO:
        rest = v.removeprefix("IMO")
        return f"IMO{rest}" if rest else None
    return v or None


def _poly(data: bytes) -> int:
    """Σ data[j]·P^j mod 2^64: trailing zero bytes add nothing, so any width gives one hash."""
    h, w = 0, 1
    for c in data:
        h = (h + c * w) & _M64
        w = (w * _P) & _M64
    return h


def _mask(data: bytes) -> int:
    m = 0
    for i, c in enumerate(data):
        if c in b"OISB":
            m ^= 1 << (i % MASK_BITS)
    return m


def _mix_int(h: int) -> int:
    for mul in (0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53):
        h = ((h ^ (h >> 33)) * mul) & _M64
    return h ^ (h >> 33)


def digest(key: str) -> tuple[int, int]:
    """(folded hash, mask) of one normalised key, in plain Python: the reference that
    :func:`hash_keys` must agree with."""
    data = key.encode()
    folded = data.translate(bytes(_FOLD_LUT))
    return _mix_int(_poly(folded) ^ ((len(data) * _GOLD) & _M64)), _mask(data)


def _mix(h: U64) -> U64:
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def _tables(n: int) -> tuple[U64, U64, npt.NDArray[np.uint16]]:
    """P^j, P^-j (mod 2^64) and the mask bit of each position j < n."""
    pw = np.array([pow(_P, j, 1 << 64) for j in range(n)], dtype=np.uint64)
    inv = np.array([pow(_P, -j, 1 << 64) for j in range(n)], dtype=np.uint64)
    bits = np.array([1 << (j % MASK_BITS) for j in range(n)], dtype=np.uint16)
    return pw, inv, bits


_POW, _INV, _BIT = _tables(256)

#: Per kind and raw prefix: normalised prefix (hash, length, mask), raw prefix (hash, length,
#: mask) and whether the key can be valid.
Prefix = tuple[int, int, int, int, int, int, bool]


@cache
def _prefix(kind: ExactKind, raw: bytes) -> Prefix:
    """``raw`` is what precedes the rest of the key as typed (``fra:``, ``IMO`` or nothing)."""
    fold = bytes(_FOLD_LUT)
    raw_part = (_poly(raw.translate(fold)), len(raw), _mask(raw))
    if kind == ExactKind.IMO:
        norm: bytes | None = b"IMO"
    elif kind not in _PREFIXED:
        norm = b""
    elif not raw:
        norm = b":" if kind == ExactKind.PLATE else None
    else:
        code = raw[:-1].decode("ascii", "replace")
        country = country_code(code) if code else ("" if kind == ExactKind.PLATE else None)
        norm = None if country is None else f"{country}:".encode()
    if norm is None:
        return 0, 0, 0, *raw_part, False
    return _poly(norm.translate(fold)), len(norm), _mask(norm), *raw_part, True


def _rotate(m: npt.NDArray[np.uint32], r: npt.NDArray[np.int64]) -> npt.NDArray[np.uint32]:
    shift = (r % MASK_BITS).astype(np.uint32)
    full = np.uint32((1 << MASK_BITS) - 1)
    out: npt.NDArray[np.uint32] = ((m << shift) | (m >> (np.uint32(MASK_BITS) - shift))) & full
    return out


CHUNK = 32_768
SMALL = 8


def _hash_few(
    kind: ExactKind, values: Sequence[str]
) -> tuple[U64, npt.NDArray[np.uint16], npt.NDArray[np.bool_]]:
    keys = [normalise_key(kind, v.replace("\x00", "")) for v in values]
    pairs = [digest(k) if k is not None else (0, 0) for k in keys]
    return (
        np.array([h for h, _m in pairs], dtype=np.uint64),
        np.array([m for _h, m in pairs], dtype=np.uint16),
        np.array([k is not None for k in keys], dtype=bool),
    )


def hash_keys(
    kind: ExactKind, values: Sequence[str]
) -> tuple[U64, npt.NDArray[np.uint16], npt.NDArray[np.bool_]]:
    """Folded-key hashes, OCR masks and validity of raw ``values``, as :func:`normalise_key`
    would normalise them, computed with numpy in chunks that stay in the CPU caches."""
    if len(values) <= SMALL:  # a handful of keys (one screening): numpy's overhead dominates
        return _hash_few(kind, values)
    if len(values) <= CHUNK:
        return _hash_chunk(kind, values)
    parts = [_hash_chunk(kind, values[i : i + CHUNK]) for i in range(0, len(values), CHUNK)]
    return (
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]),
    )


def _hash_chunk(
    kind: ExactKind, values: Sequence[str]
) -> tuple[U64, npt.NDArray[np.uint16], npt.NDArray[np.bool_]]:
    n = len(values)
    if n == 0:
        return np.empty(0, np.uint64), np.empty(0, np.uint16), np.empty(0, bool)
    try:
        rows = np.array(values, dtype="S")
    except UnicodeEncodeError:  # rare (plates in other scripts): normalise those in Python
        rows = np.array(
            [(v if v.isascii() else (normalise_key(kind, v) or "")).encode() for v in values],
            dtype="S",
        )
    width = rows.dtype.itemsize
    if width > len(_POW):
        raise ValueError(f"a key of {width} bytes is too long for the index")
    c = _CLEAN_LUT[rows.view(np.uint8).reshape(n, width)]
    dropped = c == _DROP
    if dropped.any():  # move the dropped bytes to the end of their rows, as zeros
        which = np.flatnonzero(dropped.any(axis=1))
        sub = c[which]
        order = np.argsort(sub == _DROP, axis=1, kind="stable")
        sub = np.take_along_axis(sub, order, axis=1)
        sub[sub == _DROP] = 0
        c[which] = sub
    length = np.count_nonzero(c, axis=1)
    row_hash = _FOLD_LUT[c].astype(np.uint64) @ _POW[:width]
    row_mask = np.bitwise_xor.reduce(_OCR_LUT[c] * _BIT[:width], axis=1).astype(np.uint32)
    raw_key = _raw_prefixes(kind, c, length)
    uniq, inverse = np.unique(raw_key, return_inverse=True)
    invalid: Prefix = (0, 0, 0, 0, 0, 0, False)
    table = np.array(
        [
            _prefix(kind, int(u).to_bytes(5, "big")[1:].rstrip(b"\x00"))
            if u >> 32 == 0
            else invalid
            for u in uniq
        ],
        dtype=np.uint64,
    )[inverse.reshape(-1)]
    norm_h, norm_len, norm_m, raw_h, raw_len, raw_m, ok = table.T
    skip = raw_len.astype(np.int64)
    rest_len = length - skip
    rest_h = (row_hash - raw_h) * _INV[skip]
    rest_m = _rotate(row_mask ^ raw_m.astype(np.uint32), -skip)
    plen = norm_len.astype(np.int64)
    total = norm_h + _POW[plen] * rest_h
    mask = (norm_m.astype(np.uint32) ^ _rotate(rest_m, plen)).astype(np.uint16)
    hashes = _mix(total ^ ((plen + rest_len).astype(np.uint64) * np.uint64(_GOLD)))
    return hashes, mask, (ok == 1) & (rest_len > 0)


def _raw_prefixes(
    kind: ExactKind, c: npt.NDArray[np.uint8], length: npt.NDArray[np.int64]
) -> npt.NDArray[np.uint64]:
    """Per row, the raw prefix (up to 4 bytes: a code of 1-3 and ``:``, or ``IMO``) packed in
    an integer; rows whose code is too long get an invalid marker."""
    n, width = c.shape
    if kind == ExactKind.IMO:
        pad = np.zeros((n, max(0, 3 - width)), dtype=np.uint8)
        head = np.hstack([c[:, :3], pad])
        imo = np.all(head == np.frombuffer(b"IMO", dtype=np.uint8), axis=1)
        return np.where(imo, np.uint64(int.from_bytes(b"\x00IMO\x00", "big")), np.uint64(0))
    if kind not in _PREFIXED:
        return np.zeros(n, dtype=np.uint64)
    colon = c == ord(":")
    has = colon.any(axis=1)
    at = np.where(has, colon.argmax(axis=1), 0)
    packed = np.zeros(n, dtype=np.uint64)
    for j in range(4):
        byte = c[:, j].astype(np.uint64) if j < width else np.zeros(n, np.uint64)
        packed = (packed << np.uint64(8)) | np.where(has & (j <= at), byte, np.uint64(0))
    too_long = np.uint64(int.from_bytes(b"\x01" + b"\x00" * 4, "big"))
    return np.where(at > 3, too_long, packed)
