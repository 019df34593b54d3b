"""Crypto-asset wallet addresses: Bitcoin and Ethereum.

These checks say that a string is well formed as an address; they cannot say that the address
exists, has been used or belongs to anyone.

Bitcoin:
- legacy addresses (``1...`` P2PKH, ``3...`` P2SH; testnet ``m``, ``n``, ``2``) are Base58Check:
  25 bytes (version, 20-byte hash, 4-byte checksum) whose checksum is the first four bytes of
  SHA-256(SHA-256(version + hash));
- SegWit addresses (``bc1...``, testnet ``tb1...``) are Bech32 (witness version 0, BIP 173) or
  Bech32m (versions 1-16, BIP 350): the checksum is verified, mixed case is rejected, and the
  witness program must be 2-40 bytes (20 or 32 for version 0).

Ethereum: ``0x`` and 40 hexadecimal digits. Format only: the EIP-55 mixed-case checksum needs
Keccak-256, which the standard library lacks, so it is not verified. The compact value is the
address in lowercase.
"""

from __future__ import annotations

import hashlib
import re

from concord.records.identifiers.result import IdentifierResult

__all__ = ["validate_bitcoin", "validate_ethereum"]

_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BASE58_INDEX = {c: i for i, c in enumerate(_BASE58)}
_BASE58_VERSIONS = {0x00: "P2PKH", 0x05: "P2SH", 0x6F: "testnet P2PKH", 0xC4: "testnet P2SH"}
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_INDEX = {c: i for i, c in enumerate(_BECH32)}
_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
_BECH32_CONST, _BECH32M_CONST = 1, 0x2BC830A3
_ETHEREUM = re.compile(r"0[xX][0-9a-fA-F]{40}")


def _fail(scheme: str, value: str, error: str) -> IdentifierResult:
    return IdentifierResult(False, value, error, scheme)


def _base58check(address: str) -> str | None:
    """None if ``address`` is a valid Base58Check address, else the reason."""
    number = 0
    for c in address:
        index = _BASE58_INDEX.get(c)
        if index is None:
            return f"character {c!r} is not used in Base58 addresses"
        number = number * 58 + index
    zeros = len(address) - len(address.lstrip("1"))
    raw = b"\x00" * zeros + number.to_bytes((number.bit_length() + 7) // 8, "big")
    if len(raw) != 25:
        return f"decodes to {len(raw)} bytes, not 25"
    if raw[0] not in _BASE58_VERSIONS:
        return f"version byte {raw[0]:#04x} is not a Bitcoin address version"
    if hashlib.sha256(hashlib.sha256(raw[:21]).digest()).digest()[:4] != raw[21:]:
        return "checksum is wrong"
    return None


def _polymod(values: list[int]) -> int:
    checksum = 1
    for value in values:
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ value
        for i, generator in enumerate(_GENERATOR):
            if (top >> i) & 1:
                checksum ^= generator
    return checksum


def _segwit(address: str) -> str | None:
    """None if ``address`` is a valid Bech32/Bech32m SegWit address, else the reason."""
    if address != address.lower() and address != address.upper():
        return "mixes upper and lower case"
    address = address.lower()
    if len(address) > 90:
        return f"has {len(address)} characters; at most 90"
    hrp, _, data_part = address.rpartition("1")
    if hrp not in ("bc", "tb"):
        return "does not start with bc1 (or tb1 on testnet)"
    data: list[int] = []
    for c in data_part:
        if c not in _BECH32_INDEX:
            return f"character {c!r} is not used in Bech32"
        data.append(_BECH32_INDEX[c])
    if len(data) < 7:
        return "is too short"
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    constant = _polymod(expanded + data)
    version, words = data[0], data[1:-6]
    if version > 16:
        return f"witness version {version} does not exist"
    if constant != (_BECH32_CONST if version == 0 else _BECH32M_CONST):
        return "checksum is wrong"
    bits = len(words) * 5
    if bits % 8 > 4 or (words and words[-1] & ((1 << (bits % 8)) - 1)):
        return "has invalid padding"
    length = bits // 8
    if not 2 <= length <= 40 or (version == 0 and length not in (20, 32)):
        return f"witness program of {length} bytes is invalid for version {version}"
    return None


def validate_bitcoin(value: str) -> IdentifierResult:
    """Check a Bitcoin address (Base58Check or Bech32/Bech32m, checksums verified)."""
    address = value.strip()
    if not address.isascii() or not address.isalnum():
        return _fail("bitcoin", address, f"{address!r} is not a Bitcoin address")
    if address[:3].lower() in ("bc1", "tb1"):
        reason = _segwit(address)
        compact = address.lower()
    elif 26 <= len(address) <= 35:
        reason = _base58check(address)
        compact = address
    else:
        reason = f"has {len(address)} characters (legacy addresses have 26-35)"
    if reason is not None:
        return _fail("bitcoin", address, f"Bitcoin address {address!r} {reason}")
    return IdentifierResult(True, compact, None, "bitcoin")


def validate_ethereum(value: str) -> IdentifierResult:
    """Check the format of an Ethereum address: ``0x`` and 40 hex digits (no EIP-55 check)."""
    address = value.strip()
    if not _ETHEREUM.fullmatch(address):
        return _fail(
            "ethereum",
            address,
            f"{address!r} is not an Ethereum address (0x and 40 hexadecimal digits)",
        )
    return IdentifierResult(True, "0x" + address[2:].lower(), None, "ethereum")
