"""The score-only path (:func:`person_score`, :func:`compare_score`) gives exactly the scores of
the explaining scorer (:func:`score_person`, :func:`compare`)."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from concord.screening.names import (
    PersonProfile,
    analyze,
    compare,
    compare_any,
    compare_any_score,
    compare_score,
    person_score,
    score_person,
)

DATA = Path(__file__).parent / "data"
EXTRA = [
    "John Smith",
    "Smith John",
    "J. Smith",
    "Jon Smyth",
    "John Smith Jr",
    "John Smith Sr",
    "Abdul Rahman al-Hassan",
    "Abdulrahman Hassan",
    "عبد الرحمن حسن",
    "Xi Jinping",
    "习近平",
    "李敏",
    "Lemonia Tsanaka",
    "Владимир Путин",
    "Vladimir Putin",
    "Bill Gates",
    "William Gates",
    "김정은",
    "Kim Jong Un",
    "トランプ",
    "Donald Trump",
    "後藤 桃子",
    "伊藤 篤司",
    "नूरी शकर",
    "Αλέξανδρος Παπαδόπουλος",
    "Islamic Revolutionary Guard Corps",
    "IRGC",
    "Nord Stream 2",
    "Nord Stream",
    "Maria de la Cruz",
    "Dr. Maria Cruz",
]


def _names() -> list[tuple[str, str]]:
    out = [(n, "Person") for n in EXTRA]
    for path in sorted(DATA.glob("*.csv")):
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                out.append((row["name1"], row["schema"]))
                out.append((row["name2"], row["schema"]))
    return out


def test_compare_score_equals_compare_on_many_pairs() -> None:
    names = _names()
    rng = random.Random(7)
    analysed = {}
    for text, schema in names:
        try:
            analysed[(text, schema)] = analyze(text, schema)
        except ValueError:
            continue
    by_schema: dict[str, list] = {}  # type: ignore[type-arg]
    for (_text, schema), name in analysed.items():
        by_schema.setdefault(schema, []).append(name)
    checked = 0
    for group in by_schema.values():
        pairs = [(a, b) for a in group for b in group]
        for a, b in rng.sample(pairs, min(len(pairs), 6000)):
            assert compare_score(a, b) == compare(a, b).score, (a.original, b.original)
            checked += 1
    assert checked > 10_000


def test_person_score_equals_score_person_with_evidence() -> None:
    texts = [n for n, schema in _names() if schema == "Person"]
    rng = random.Random(11)
    dates = [None, "1970", "1970-05", "1970-05-12", "1970-12-05", "1971-05-12", "1980-01-01"]
    nats = [(), ("fr",), ("de",), ("fr", "de")]
    sexes = [None, "M", "F", "U"]

    def profile() -> PersonProfile:
        chosen = rng.sample(texts, rng.choice((1, 1, 2)))
        return PersonProfile(
            names=tuple(analyze(t) for t in chosen),
            birth_date=rng.choice(dates),
            nationalities=rng.choice(nats),
            sex=rng.choice(sexes),
        )

    for _ in range(3000):
        q, c = profile(), profile()
        if rng.random() < 0.2:  # same names, other evidence: the identical-profile rule
            c = PersonProfile(q.names, rng.choice(dates), rng.choice(nats), rng.choice(sexes))
        assert person_score(q, c) == score_person(q, c).score
        assert compare_any_score(q.names, c.names) == compare_any(q.names, c.names).score
