"""Evaluate the screening name matcher (``concord.screening.names``).

1. Cross-script: per script of ``/work/shared/data/xlit-dev`` (or ``--xlit DIR``), the share of
   true (latin, native) pairs scored ``match`` or ``possible`` and the share of shuffled (false)
   pairs scored so, on a fixed sample (``--sample``, seed fixed).
2. Labelled pairs (``tests/screening/names/data/labelled.csv``, and ``blind.csv``, written
   later without looking at the first set, as a generalisation check): precision, recall and F1 per
   schema, counting only ``match`` as positive; optionally against nomenklatura's logic-v2 when a
   throwaway venv with nomenklatura exists (``--nk /tmp/nk/bin/python``; skipped when absent).
3. Two-part names built from the development pairs (``l1 l2`` / ``n1 n2``), true and false.
4. Chance likenesses in a population: names in Latin letters against names in other scripts
   from the screening benchmark's generator, flagged per million pairs (what fills a screening's
   top ten with strangers at scale).
5. Speed: microseconds per ``analyze`` (uncached) and per ``compare``.

Usage: ``.venv/bin/python scripts/eval_names.py [--sample 300]
[--only xlit|two-part|population|labelled|speed]``
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import time
from collections import defaultdict
from pathlib import Path

from concord.screening.names import Decision, analyze, compare, compare_texts
from concord.screening.names.translit import transliterate_word

ROOT = Path(__file__).resolve().parent.parent
XLIT_DIR = Path("/work/shared/data/xlit-dev")
LABELLED = ROOT / "tests/screening/names/data/labelled.csv"
#: Written afterwards, blind to labelled.csv, as a generalisation check.
BLIND = ROOT / "tests/screening/names/data/blind.csv"
SEED = 20261126

NK_SCRIPT = """
import csv, json, sys
from followthemoney import model
from nomenklatura.matching import get_algorithm
from nomenklatura.matching.types import ScoringConfig
algo = get_algorithm("logic-v2")
config = ScoringConfig.defaults()
out = []
for i, row in enumerate(csv.DictReader(open(sys.argv[1], encoding="utf-8"))):
    a = model.make_entity(row["schema"]); a.id = f"a{i}"; a.add("name", row["name1"])
    b = model.make_entity(row["schema"]); b.id = f"b{i}"; b.add("name", row["name2"])
    out.append(algo.compare(a, b, config).score)
print(json.dumps(out))
"""


def load_xlit(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(r["latin"], r["native"]) for r in reader if r["latin"] and r["native"]]


def flagged(a: str, b: str) -> bool:
    try:
        return compare_texts(a, b).decision != Decision.NO
    except ValueError:
        return False


def xlit_rates(rows: list[tuple[str, str]], sample: int, seed: int = SEED) -> tuple[float, float]:
    """(true-pair rate, shuffled-pair rate) of ``match``/``possible`` on a fixed sample."""
    rng = random.Random(seed)  # noqa: S311 - a fixed sample, not a secret
    picked = rng.sample(rows, min(sample, len(rows)))
    natives = [n for _, n in picked]
    rng.shuffle(natives)
    true_rate = sum(flagged(lat, nat) for lat, nat in picked) / len(picked)
    false_pairs = [(lat, nat) for (lat, _), nat in zip(picked, natives, strict=True)]
    false_rate = sum(flagged(lat, nat) for lat, nat in false_pairs) / len(false_pairs)
    return true_rate, false_rate


def eval_xlit(xlit_dir: Path, sample: int) -> None:
    print(f"cross-script, {sample} pairs per script (seed {SEED}): match or possible")
    print(f"{'script':<10} {'true':>7} {'false':>7}")
    for path in sorted(xlit_dir.glob("*.tsv")):
        true_rate, false_rate = xlit_rates(load_xlit(path), sample)
        print(f"{path.stem:<10} {true_rate:>7.1%} {false_rate:>7.1%}")


def eval_two_part(xlit_dir: Path, sample: int) -> None:
    """Names of two parts built from pairs of the development data (``l1 l2`` / ``n1 n2``),
    against the same Latin names with two other native names (false pairs)."""
    print(f"cross-script names of two parts, {sample} per script: match or possible")
    print(f"{'script':<10} {'true':>7} {'false':>7}")
    for path in sorted(xlit_dir.glob("*.tsv")):
        rows = load_xlit(path)
        rng = random.Random(SEED)  # noqa: S311 - a fixed sample, not a secret
        true = false = 0
        for _ in range(sample):
            (l1, n1), (l2, n2), (_l3, n3), (_l4, n4) = rng.sample(rows, 4)
            true += flagged(f"{l1} {l2}", f"{n1} {n2}")
            false += flagged(f"{l1} {l2}", f"{n3} {n4}")
        print(f"{path.stem:<10} {true / sample:>7.1%} {false / sample:>7.1%}")


def eval_population(queries: int, others: int) -> None:
    """Chance likenesses in a population: names written in Latin letters against names in
    other scripts, both from the screening benchmark's multi-locale generator (Faker, seeded);
    in parts per million of the pairs, per script of the other name. At 200,000 persons, 100
    ppm is 20 names flagged for every query."""
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    import screening_data  # type: ignore[import-not-found]  # the benchmark's generator (Faker)

    names = [n for n, _ in screening_data.person_names(40_000, SEED)]
    rng = random.Random(SEED)  # noqa: S311 - a fixed sample, not a secret
    latin = rng.sample([n for n in names if n.isascii()], queries)
    native = rng.sample(
        [n for n in names if not any(c.isascii() and c.isalpha() for c in n)], others
    )
    flagged_by: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    analysed = [analyze(n) for n in native]
    for text in latin:
        query = analyze(text)
        for other in analysed:
            script = transliterate_word(other.original.split()[-1])[1]
            decision = compare(query, other).decision
            counts = flagged_by[script]
            counts[0] += 1
            counts[1] += decision != Decision.NO
            counts[2] += decision == Decision.MATCH
    print(f"chance likenesses: {queries} Latin names x {others} others (benchmark population)")
    print(f"{'script':<12} {'pairs':>8} {'flagged ppm':>12} {'match ppm':>10}")
    for script, (pairs, flag, match) in sorted(flagged_by.items()):
        print(f"{script:<12} {pairs:>8} {1e6 * flag / pairs:>12.0f} {1e6 * match / pairs:>10.0f}")
    pairs = sum(c[0] for c in flagged_by.values())
    flag = sum(c[1] for c in flagged_by.values())
    match = sum(c[2] for c in flagged_by.values())
    print(f"{'all':<12} {pairs:>8} {1e6 * flag / pairs:>12.0f} {1e6 * match / pairs:>10.0f}")


def prf(labels: list[bool], predicted: list[bool]) -> tuple[float, float, float]:
    tp = sum(a and b for a, b in zip(labels, predicted, strict=True))
    fp = sum(b and not a for a, b in zip(labels, predicted, strict=True))
    fn = sum(a and not b for a, b in zip(labels, predicted, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def nk_scores(nk_python: Path, path: Path) -> list[float] | None:
    if not nk_python.exists():
        return None
    try:
        done = subprocess.run(
            [str(nk_python), "-c", NK_SCRIPT, str(path)],
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
        )
    except (subprocess.SubprocessError, OSError) as exc:
        print(f"(nomenklatura comparison skipped: {exc})")
        return None
    scores: list[float] = json.loads(done.stdout)
    return scores


def eval_labelled(path: Path, nk_python: Path, verbose: bool) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    nk = nk_scores(nk_python, path)
    by_schema: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        by_schema[row["schema"]].append(index)
    by_schema["all"] = list(range(len(rows)))
    labels = [row["label"] == "1" for row in rows]
    results = [compare_texts(r["name1"], r["name2"], r["schema"]) for r in rows]
    ours = [m.decision == Decision.MATCH for m in results]
    print(f"labelled pairs ({path.name}, {len(rows)} rows): only `match` counts as positive")
    header = f"{'schema':<13} {'n':>4} {'P':>6} {'R':>6} {'F1':>6}"
    print(header + ("  logic-v2 P / R / F1 (>= 0.7)" if nk else ""))
    for schema, indexes in sorted(by_schema.items(), key=lambda kv: (kv[0] == "all", kv[0])):
        lab = [labels[i] for i in indexes]
        p, r, f1 = prf(lab, [ours[i] for i in indexes])
        line = f"{schema:<13} {len(indexes):>4} {p:>6.3f} {r:>6.3f} {f1:>6.3f}"
        if nk:
            np_, nr, nf = prf(lab, [nk[i] >= 0.7 for i in indexes])
            line += f"  {np_:.3f} / {nr:.3f} / {nf:.3f}"
        print(line)
    if verbose:
        for row, label, match in zip(rows, labels, results, strict=True):
            if label != (match.decision == Decision.MATCH):
                print(
                    f"  {'FN' if label else 'FP'} {match.score:.3f} {row['name1']} | "
                    f"{row['name2']} [{row['schema']}]: {match.explain()}"
                )


def eval_speed() -> None:
    rng = random.Random(SEED)  # noqa: S311 - a fixed sample, not a secret
    given = ["john", "maria", "ahmed", "wei", "olga", "pierre", "juan", "fatima", "ivan", "anna"]
    family = ["smith", "garcia", "hassan", "zhang", "petrova", "dubois", "kowalski", "okafor"]
    names = [
        f"{rng.choice(given).title()} {rng.choice(given).title()} {rng.choice(family).title()}{i}"
        for i in range(20_000)
    ]
    analyze.cache_clear()
    started = time.perf_counter()
    analysed = [analyze(n) for n in names]
    per_analyze = (time.perf_counter() - started) / len(names) * 1e6
    natives = ["Мухаммед Али", "محمد علي", "김정은", "習近平", "ショリャン", "Αλέξης Τσίπρας"]
    for text in natives:  # the ICU transliterators are built once per process
        analyze(text)
    analyze.cache_clear()
    transliterate_word.cache_clear()
    started = time.perf_counter()
    for text in natives:
        analyze(text)
    per_native = (time.perf_counter() - started) / len(natives) * 1e6
    pairs = [(rng.choice(analysed), rng.choice(analysed)) for _ in range(50_000)]
    started = time.perf_counter()
    for q, c in pairs:
        compare(q, c)
    per_compare = (time.perf_counter() - started) / len(pairs) * 1e6
    started = time.perf_counter()
    for q, c in pairs:  # again: per-token-pair results cached, as when a query's tokens repeat
        compare(q, c)
    per_warm = (time.perf_counter() - started) / len(pairs) * 1e6
    print(f"analyze (Latin, uncached): {per_analyze:.1f} us/name")
    print(f"analyze (non-Latin, uncached, ICU warm): {per_native:.0f} us/name")
    print(f"compare (3-token names, new token pairs): {per_compare:.1f} us/pair")
    print(f"compare (3-token names, token pairs seen before): {per_warm:.1f} us/pair")


def eval_chinese_order(sample: int) -> None:
    """Chinese names in one word (the benchmark's generator, Faker ``zh_CN``) against their
    pinyin in two parts, family name first (``Chen Guiying``) and last (``Guiying Chen``, as
    Western forms have it), and against the pinyin of another such name (false pairs)."""
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    import screening_data

    from concord.screening.names.similarity import han_readings

    names = [n for n, _ in screening_data.person_names(40_000, SEED)]
    chinese = sorted({n for n in names if 2 <= len(n) <= 3 and han_readings(n) is not None})
    rng = random.Random(SEED)  # noqa: S311 - a fixed sample, not a secret
    picked = rng.sample(chinese, min(sample, len(chinese)))
    others = picked[1:] + picked[:1]
    print(f"Chinese names in one word against their pinyin in two parts, {len(picked)} names")
    print(f"{'order':<14} {'true':>7} {'false':>7}")
    for order in ("family first", "family last"):
        true = false = 0
        for han, other in zip(picked, others, strict=True):
            for target, count_true in ((han, True), (other, False)):
                read = han_readings(han)
                assert read is not None
                family, given = read[0].title(), "".join(read[1:]).title()
                latin = f"{family} {given}" if order == "family first" else f"{given} {family}"
                hit = flagged(latin, target)
                true += hit and count_true
                false += hit and not count_true
        print(f"{order:<14} {true / len(picked):>7.1%} {false / len(picked):>7.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--xlit", type=Path, default=XLIT_DIR)
    parser.add_argument("--labelled", type=Path, nargs="+", default=[LABELLED, BLIND])
    parser.add_argument("--nk", type=Path, default=Path("/tmp/nk/bin/python"))  # noqa: S108
    parser.add_argument(
        "--only",
        choices=["xlit", "two-part", "chinese-order", "population", "labelled", "speed"],
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="list labelled errors")
    args = parser.parse_args()
    if args.only in (None, "xlit") and args.xlit.exists():
        eval_xlit(args.xlit, args.sample)
    if args.only in (None, "two-part") and args.xlit.exists():
        eval_two_part(args.xlit, 500)
    if args.only in (None, "chinese-order"):
        eval_chinese_order(500)
    if args.only in (None, "population"):
        eval_population(200, 1500)
    if args.only in (None, "labelled"):
        for path in args.labelled:
            eval_labelled(path, args.nk, args.verbose)
    if args.only in (None, "speed"):
        eval_speed()


if __name__ == "__main__":
    main()
