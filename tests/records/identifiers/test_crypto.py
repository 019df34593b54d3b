"""Bitcoin and Ethereum address formats."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concord.records.identifiers import validate_bitcoin, validate_ethereum

# Legacy addresses: the genesis block's P2PKH address and the P2SH example from BIP 13's wiki.
# SegWit: test vectors from BIP 173 (Bech32) and BIP 350 (Bech32m).
VALID_BITCOIN = [
    "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
    "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
    "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
    "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
    "BC1SW50QGDZ25J",
    "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs",
]


@pytest.mark.parametrize("address", VALID_BITCOIN)
def test_valid_bitcoin(address: str) -> None:
    result = validate_bitcoin(f" {address} ")
    assert result.valid and result.error is None
    assert result.value == (address.lower() if address[:3].lower() == "bc1" else address)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "checksum is wrong"),
        ("1A1zP1eP5QGefi2DMPTfTL5SMLmv7DivfNa", "decodes to 26 bytes"),
        ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN0", "'0' is not used in Base58"),
        ("1A1z", "has 4 characters"),
        ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", "checksum is wrong"),
        ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kV8F3T4", "mixes upper and lower case"),
        ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3tb", "'b' is not used in Bech32"),
        ("bc1 w508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "is not a Bitcoin address"),
        ("", "is not a Bitcoin address"),
    ],
)  # fmt: skip
def test_invalid_bitcoin(address: str, reason: str) -> None:
    result = validate_bitcoin(address)
    assert not result.valid and reason in (result.error or ""), result.error


@pytest.mark.parametrize("address", VALID_BITCOIN[2:])
def test_every_single_substitution_in_bech32_is_caught(address: str) -> None:
    charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
    lower = address.lower()
    for i in range(4, len(lower)):
        for c in charset.replace(lower[i], ""):
            assert not validate_bitcoin(lower[:i] + c + lower[i + 1 :]).valid


CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def encode(version: int, program: bytes, constant: int) -> str:
    """A SegWit address built from BIP 173 / BIP 350 as written (test-side encoder)."""
    words, acc, bits = [version], 0, 0
    for byte in program:
        acc, bits = (acc << 8) | byte, bits + 8
        while bits >= 5:
            bits -= 5
            words.append((acc >> bits) & 31)
    if bits:
        words.append((acc << (5 - bits)) & 31)
    values = [ord(c) >> 5 for c in "bc"] + [0] + [ord(c) & 31 for c in "bc"] + words + [0] * 6
    chk = 1
    for v in values:
        top, chk = chk >> 25, (chk & 0x1FFFFFF) << 5 ^ v
        for i, g in enumerate((0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)):
            chk ^= g if (top >> i) & 1 else 0
    polymod = chk ^ constant
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return "bc1" + "".join(CHARSET[w] for w in words + checksum)


@pytest.mark.parametrize(
    ("version", "size", "constant", "valid"),
    [
        (0, 20, 1, True),
        (0, 32, 1, True),
        (0, 20, 0x2BC830A3, False),  # version 0 must use Bech32
        (1, 32, 0x2BC830A3, True),
        (1, 32, 1, False),  # version 1 must use Bech32m
        (0, 21, 1, False),  # version 0 programs are 20 or 32 bytes
        (2, 41, 0x2BC830A3, False),  # at most 40 bytes
        (16, 2, 0x2BC830A3, True),
    ],
)
def test_segwit_rules(version: int, size: int, constant: int, valid: bool) -> None:
    assert validate_bitcoin(encode(version, bytes(range(size)), constant)).valid is valid


def test_ethereum() -> None:
    result = validate_ethereum("0x52908400098527886E0F7030069857D2E4169EE7")
    assert result.valid and result.value == "0x52908400098527886e0f7030069857d2e4169ee7"
    for bad in ("52908400098527886E0F7030069857D2E4169EE7", "0x52908400098527886E0F70300",
                "0x52908400098527886E0F7030069857D2E4169EEG", "0x" + "0" * 41):  # fmt: skip
        result = validate_ethereum(bad)
        assert not result.valid and "not an Ethereum address" in (result.error or "")


@given(st.text(max_size=100))
def test_never_raise(text: str) -> None:
    assert isinstance(validate_bitcoin(text).valid, bool)
    assert isinstance(validate_ethereum(text).valid, bool)


@given(st.text(alphabet="qpzry9x8gf2tvdw0s3jn54khce6mua7l", min_size=6, max_size=80))
def test_bech32_fuzz(data: str) -> None:
    assert isinstance(validate_bitcoin("bc1" + data).valid, bool)
