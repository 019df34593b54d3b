"""Learn how names transcribed into Chinese characters, Hangul, Arabic, Hebrew and Cyrillic read
in Latin letters.

For each pair (Latin spelling, native spelling) of the cross-script development data
(``/work/shared/data/xlit-dev/{chinese,korean,arabic,hebrew,russian}.tsv``), every way of
cutting the Latin spelling into one piece of 0 to 4 letters per native character (Hangul: per
jamo) is weighed by the current table, and expectation-maximisation (forward-backward)
re-estimates the table from the expected counts. After a fixed number of rounds each character
keeps its most likely piece. Deterministic: no randomness in training; the held-out split is seeded.

``python scripts/train_transcriptions.py`` writes ``concord/screening/names/data/
transcriptions.json`` from all the development pairs. ``--holdout 0.3`` instead trains on 70%
of each file and reports, on the other 30%, the share of true pairs and of shuffled pairs the
matcher flags (``match`` or ``possible``) without and with the learned table, and writes nothing.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
XLIT_DIR = Path("/work/shared/data/xlit-dev")
OUT = ROOT / "concord/screening/names/data/transcriptions.json"
FILES = {
    "Han": "chinese.tsv",
    "Hangul": "korean.tsv",
    "Arabic": "arabic.tsv",
    "Hebrew": "hebrew.tsv",
    "Cyrillic": "russian.tsv",
}
#: The longest piece of a Latin spelling one character stands for.
LONGEST = 4
ROUNDS = 8
#: A character seen less than this (expected count) is left to ICU.
MIN_COUNT = 0.5
#: The same for the letters of an alphabet (Arabic, Hebrew, Cyrillic): a few dozen letters, each
#: seen thousands of times; one seen once or twice is a mark or a stray sign (the Arabic comma).
MIN_COUNT_LETTER = 3.0
UNSEEN = 1e-4
SEED = 1

Pair = tuple[str, str]  # (Latin letters, native units)


def _load(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(r["latin"], r["native"]) for r in reader if r["latin"] and r["native"]]


def prepare(rows: Iterable[tuple[str, str]], script: str) -> list[Pair]:
    """Latin spellings as the matcher's tokens run together; native words as table units."""
    from concord.screening.names.learned import script_of_form, units_of
    from concord.screening.names.translit import split_words

    out = []
    for latin, native in rows:
        letters = "".join(t for t, _, _ in split_words(latin))
        if letters and script_of_form(native) == script:
            out.append((letters, units_of(native, script)))
    return out


def _pieces(latin: str, j: int) -> range:
    return range(min(LONGEST, len(latin) - j) + 1)


def train(pairs: list[Pair], rounds: int = ROUNDS, least: float = MIN_COUNT) -> dict[str, str]:
    """The most likely Latin piece of each native unit."""
    prob: dict[tuple[str, str], float] = defaultdict(lambda: 1.0)
    counts: dict[str, dict[str, float]] = {}
    for _ in range(rounds):
        counts = defaultdict(lambda: defaultdict(float))
        for latin, native in pairs:
            n, length = len(native), len(latin)
            if length > n * LONGEST:
                continue
            fwd = [[0.0] * (length + 1) for _ in range(n + 1)]
            fwd[0][0] = 1.0
            for i, unit in enumerate(native):
                for j in range(length + 1):
                    if fwd[i][j]:
                        for k in _pieces(latin, j):
                            fwd[i + 1][j + k] += fwd[i][j] * prob[(unit, latin[j : j + k])]
            total = fwd[n][length]
            if total <= 0:
                continue
            bwd = [[0.0] * (length + 1) for _ in range(n + 1)]
            bwd[n][length] = 1.0
            for i in range(n - 1, -1, -1):
                unit = native[i]
                for j in range(length + 1):
                    bwd[i][j] = sum(
                        prob[(unit, latin[j : j + k])] * bwd[i + 1][j + k]
                        for k in _pieces(latin, j)
                    )
            for i, unit in enumerate(native):
                for j in range(length + 1):
                    if not fwd[i][j]:
                        continue
                    for k in _pieces(latin, j):
                        piece = latin[j : j + k]
                        share = fwd[i][j] * prob[(unit, piece)] * bwd[i + 1][j + k] / total
                        if share > 1e-6:
                            counts[unit][piece] += share
        prob = defaultdict(lambda: UNSEEN)
        for unit, seen in counts.items():
            norm = sum(seen.values())
            for piece, value in seen.items():
                prob[(unit, piece)] = value / norm
    table = {}
    for unit in sorted(counts):
        seen = counts[unit]
        if sum(seen.values()) >= least:
            table[unit] = max(sorted(seen.items()), key=lambda kv: kv[1])[0]
    return table


def _rates(rows: list[tuple[str, str]], rng: random.Random) -> tuple[float, float]:
    from concord.screening.names import Decision, compare_texts
    from concord.screening.names.compare import _pair

    _pair.cache_clear()  # part similarities depend on the table
    natives = [n for _, n in rows]
    rng.shuffle(natives)
    true = sum(compare_texts(a, b).decision != Decision.NO for a, b in rows)
    false = sum(
        compare_texts(a, n).decision != Decision.NO for (a, _), n in zip(rows, natives, strict=True)
    )
    return true / len(rows), false / len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--xlit", type=Path, default=XLIT_DIR)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--holdout", type=float, default=0.0, help="evaluate on this share")
    args = parser.parse_args()
    from concord.screening.names.learned import ALPHABETS, install_table

    readings: dict[str, dict[str, str]] = {}
    held: dict[str, list[tuple[str, str]]] = {}
    for script, name in FILES.items():
        rows = _load(args.xlit / name)
        if args.holdout:
            random.Random(SEED).shuffle(rows)  # noqa: S311 - a fixed split, not a secret
            cut = int(len(rows) * (1 - args.holdout))
            rows, held[script] = rows[:cut], rows[cut:]
        least = MIN_COUNT_LETTER if script in ALPHABETS else MIN_COUNT
        readings[script] = train(prepare(rows, script), least=least)
        print(f"{script}: {len(readings[script])} units learned from {len(rows)} pairs")
    if not args.holdout:
        document = {"source": f"xlit-dev ({', '.join(FILES.values())})", "rounds": ROUNDS}
        document["longest"] = LONGEST
        args.out.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({**document, "readings": readings}, ensure_ascii=False, indent=0)
        args.out.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
        return
    for script, rows in held.items():
        install_table({})
        rng = random.Random(SEED)  # noqa: S311 - a fixed shuffle, not a secret
        before = _rates(rows, rng)
        install_table(readings)
        rng = random.Random(SEED)  # noqa: S311
        after = _rates(rows, rng)
        print(
            f"{script} held out ({len(rows)} pairs): true / shuffled flagged "
            f"{before[0]:.1%} / {before[1]:.1%} without, {after[0]:.1%} / {after[1]:.1%} with"
        )
    install_table(None)


if __name__ == "__main__":
    main()
