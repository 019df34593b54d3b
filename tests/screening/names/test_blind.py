"""The blind labelled set (written without looking at labelled.csv) and the rules it led to."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from concord.screening.names import Decision, compare_texts

BLIND = Path(__file__).parent / "data" / "blind.csv"


def test_blind_set_f1() -> None:
    with BLIND.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    tp = fp = fn = 0
    for row in rows:
        hit = compare_texts(row["name1"], row["name2"], row["schema"]).decision == Decision.MATCH
        label = row["label"] == "1"
        tp += hit and label
        fp += hit and not label
        fn += label and not hit
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.88


@pytest.mark.parametrize(
    ("a", "b", "schema", "decision"),
    [
        ("Islamic Revolutionary Guard Corps", "IRGC", "Organization", Decision.MATCH),
        ("International Business Machines Corporation", "IBM", "Company", Decision.MATCH),
        ("Central Bank of Iran", "Central Bank of Iraq", "Organization", Decision.POSSIBLE),
        ("Martin Luther King Jr.", "Martin Luther King Sr.", "Person", Decision.POSSIBLE),
        ("Donald Trump", "Donald Trump Jr.", "Person", Decision.POSSIBLE),
        ("Anna Schmidt née Müller", "Anna Müller", "Person", Decision.MATCH),
        ("Pablo Emilio Escobar Gaviria", "Pablo Escobar", "Person", Decision.MATCH),
    ],
)
def test_rules(a: str, b: str, schema: str, decision: Decision) -> None:
    assert compare_texts(a, b, schema).decision == decision
