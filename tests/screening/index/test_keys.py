"""Key normalisation and bulk hashing: the vectorised path agrees with the one-value rule."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from concord.screening.index import ExactKind, hash_keys, normalise_key
from concord.screening.index.keys import _hash_chunk, digest


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        (ExactKind.DOCUMENT, "fr:l898 902c3", "FR:L898902C3"),
        (ExactKind.DOCUMENT, "FRA:L898902C3", "FR:L898902C3"),
        (ExactKind.DOCUMENT, "D:C01X00T47", "DE:C01X00T47"),
        (ExactKind.DOCUMENT, "GBD:123456789", "GB:123456789"),
        (ExactKind.DOCUMENT, "UNO:A1234<<<", "UNO:A1234"),
        (ExactKind.DOCUMENT, "xxa:9", "XXA:9"),
        (ExactKind.DOCUMENT, "UTO:D23145890", "UTO:D23145890"),
        (ExactKind.DOCUMENT, "L898902C3", None),
        (ExactKind.DOCUMENT, "ABCD:123", None),
        (ExactKind.DOCUMENT, "FR:", None),
        (ExactKind.PLATE, "fr:ab-123-cd", "FR:AB123CD"),
        (ExactKind.PLATE, "ab 123 cd", ":AB123CD"),
        (ExactKind.VIN, " 1m8gdm9a-xkp042788 ", "1M8GDM9AXKP042788"),
        (ExactKind.SERIAL, "ab-12345", "AB12345"),
        (ExactKind.IMO, "IMO 9074729", "IMO9074729"),
        (ExactKind.IMO, "9074729", "IMO9074729"),
    ],
)
def test_normalise_key(kind: ExactKind, raw: str, expected: str | None) -> None:
    assert normalise_key(kind, raw) == expected
    hashes, masks, valid = hash_keys(kind, [raw] * 9)  # the vectorised path
    assert bool(valid[0]) == (expected is not None)
    if expected is not None:
        assert (int(hashes[0]), int(masks[0])) == digest(expected)


def test_country_given_apart() -> None:
    assert normalise_key(ExactKind.DOCUMENT, "l898902c3", country="D") == "DE:L898902C3"


def test_ocr_variants_share_the_folded_hash_not_the_mask() -> None:
    hashes, masks, _ = hash_keys(ExactKind.DOCUMENT, ["FR:AB0123", "FR:ABO123", "FR:AB0124"])
    assert hashes[0] == hashes[1] != hashes[2]
    assert masks[0] != masks[1]


values = st.text(alphabet="abcOISB0158 -.:<xyzDEFRGUNOéЖ", max_size=20)


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(list(ExactKind)), raws=st.lists(values, min_size=1, max_size=30))
def test_bulk_hash_equals_one_by_one(kind: ExactKind, raws: list[str]) -> None:
    hashes, masks, valid = _hash_chunk(kind, raws)  # the vectorised path, whatever the size
    for raw, h, m, ok in zip(raws, hashes, masks, valid, strict=True):
        key = normalise_key(kind, raw)
        assert bool(ok) == (key is not None), raw
        if key is not None:
            assert (int(h), int(m)) == digest(key), raw
            assert normalise_key(kind, key) == key  # idempotent: records and queries agree
