"""The vectorised part similarities of the vocabulary are the scorer's own (``_pair``), and the
pre-score and the gathering by part similarity find what the scorer would rank first."""

from __future__ import annotations

import random

import numpy as np
import pytest

from concord.screening.index.persons import name_parts
from concord.screening.names import PersonProfile, analyze, person_score
from concord.screening.names.compare import _pair

FIRST = ["John", "Maria", "Ahmed", "Mohammed", "Anna", "Jean", "Li", "Olga", "Yuki", "Sara",
         "Giulia", "Dmitri", "Kim", "Zhang", "Fatima", "Bill", "William", "Hans"]  # fmt: skip
LAST = ["Smith", "Smyth", "Hassan", "Hasan", "Petrov", "Müller", "Rossi", "Dupont", "Nguyen",
        "Tanaka", "Garcia", "Kowalski", "Ivanova", "Papadopoulos", "Cohen", "Sharma"]  # fmt: skip
OTHER = ["Владимир Путин", "Ольга Иванова", "محمد حسن", "عبد الرحمن", "习近平", "李敏", "姜燕",
         "埃德加", "默多克", "伊莎貝拉", "딕스", "사우스워스", "加西諾維奇", "킬리지",
         "羅伯蕭 瑞瓦", "魏斯",
         "張偉", "田中 花子", "佐々木 花子", "김정은", "トランプ", "דוד כהן", "नूरी शकर",
         "Αλέξανδρος Παπαδόπουλος", "J. Smith", "Abdul Rahman al-Hassan",
         "Jon Smyth 2", "جودي بدرية", "عالية زبيد", "ريتال هوازن", "מרילנה ליבגולד",
         "Ігор Фурс", "Κικιλία Πουλιάση", "박지성", "이 명박", "김 정일", "노무현"]  # fmt: skip  # noqa: RUF001 - Cyrillic


def _names(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = list(OTHER)
    while len(out) < n:
        parts = [rng.choice(FIRST), rng.choice(LAST)]
        if rng.random() < 0.3:
            parts.insert(1, rng.choice(FIRST))
        word = list(rng.choice(parts))
        if rng.random() < 0.3 and len(word) > 3:  # a typo
            i = rng.randrange(1, len(word))
            word[i] = rng.choice("aeiourstnl")
            parts[0] = "".join(word)
        out.append(" ".join(parts))
    return out


@pytest.fixture(scope="module")
def vocab():  # type: ignore[no-untyped-def]
    profiles = [PersonProfile(names=(analyze(t),)) for t in _names(300, 1)]
    return name_parts(profiles)[0]


def test_pair_matrix_equals_the_scorers_part_similarity(vocab) -> None:  # type: ignore[no-untyped-def]
    uids = np.arange(len(vocab.units))
    extra = ["jiannyan", "Zhang Qin", "Edgar Murdoch", "Isabella Dix", "Southworth", "Hitchens",
             "Croce", "Xi Jinping", "Lipa Worley", "Isa", "Abdullah Gute", "Walter Brown",
             "Aylla Azevedo", "Marilena Liebgold", "Clara Freias", "Igor Furs", "Gimjeongeun",
             "Kimjongun", "Park Jisung", "박지성", "이", "Lee", "Kim Jong Un"]  # fmt: skip
    queries = [analyze(t) for t in _names(60, 2) + extra]
    checked = 0
    for query in queries:
        sim, loose = vocab.pair_matrix(query.units, uids)
        strict_sim = np.where(loose, 0.0, sim)
        for i, q in enumerate(query.units):
            for j, c in enumerate(vocab.units):
                for strict, matrix in ((False, sim), (True, strict_sim)):
                    found = _pair(q, c, True, strict)
                    assert matrix[i, j] == (0.0 if found is None else found[0]), (q, c, strict)
                    checked += 1
    assert checked > 30_000


def test_reuses_known_similarities(vocab) -> None:  # type: ignore[no-untyped-def]
    query = analyze("Maria Rossi").units
    uids = np.arange(len(vocab.units))
    known = (uids[::3].copy(), *vocab.pair_matrix(query, uids[::3]))
    sim, loose = vocab.pair_matrix(query, uids, known)
    ref_sim, ref_loose = vocab.pair_matrix(query, uids)
    assert np.array_equal(sim, ref_sim) and np.array_equal(loose, ref_loose)


def test_prescore_ranks_like_the_scorer() -> None:
    from datetime import UTC, datetime

    from concord.screening.index import IndexedRecord, InMemoryIndex, Viewer

    texts = _names(400, 3)
    later = datetime(2031, 1, 1, tzinfo=UTC)
    records = [
        IndexedRecord(f"{i:032x}", "person", "FR", "all", later, names=(t,))
        for i, t in enumerate(texts)
    ]
    index = InMemoryIndex.from_records(records)
    cols = index.persons
    rows = np.arange(len(texts))
    for text in ["Jon Smith", "Maria Rosi", "Ahmed Hasan", "李敏", "Ivan Petrov Kim"]:
        query = PersonProfile(names=(analyze(text),))
        pre = cols.prescore(query, rows, index.tuning)
        true = np.array([person_score(query, p) for p in cols.profiles])
        best = np.argsort(-true, kind="stable")[:5]
        best = best[true[best] >= 0.62]
        # the scorer's best hits are among the pre-score's best fifteen
        fifteenth = np.sort(pre)[-15]
        assert np.all(pre[best] >= fifteenth), (text, pre[best], fifteenth)
        hits = index.search_persons(query, Viewer(None, datetime(2030, 1, 1, tzinfo=UTC)))
        assert [h.score.score for h in hits] == sorted(true[true >= 0.62], reverse=True)[:10]


def test_prescore_caps_names_that_agree_only_loosely_across_scripts() -> None:
    from concord.screening.index.tokens import name_prescores
    from concord.screening.names.compare import LOOSE_CROSS_CAP

    weights = np.array([1.0, 1.0])
    bounds, sizes = np.array([0]), np.array([2])
    loose = np.array([[0.8, 0.0], [0.0, 0.8]])
    cross = np.ones((2, 2), dtype=bool)
    assert name_prescores(loose, weights, weights, weights, bounds, sizes)[0] > LOOSE_CROSS_CAP
    capped = name_prescores(loose, weights, weights, weights, bounds, sizes, cross)[0]
    assert capped == LOOSE_CROSS_CAP
    strong = np.array([[0.9, 0.0], [0.0, 0.8]])
    assert name_prescores(strong, weights, weights, weights, bounds, sizes, cross)[0] > 0.8
    latin = np.array([[True, True], [True, False]])  # the second pair within one script
    assert name_prescores(loose, weights, weights, weights, bounds, sizes, latin)[0] > 0.62


def test_the_index_gathers_likenesses_by_learned_reading() -> None:
    """``Edgar`` / 埃德加 share no key and no close skeleton (``TKL`` / ``TK``): the index
    finds them through the learned reading (``edga``), as the scorer matches them."""
    from datetime import UTC, datetime

    from concord.screening.index import IndexedRecord, InMemoryIndex, Viewer

    texts = ["埃德加", "딕스", "John Smith", "Dix", "Maria Rossi"]
    later = datetime(2031, 1, 1, tzinfo=UTC)
    records = [
        IndexedRecord(f"{i:032x}", "person", "FR", "all", later, names=(t,))
        for i, t in enumerate(texts)
    ]
    index = InMemoryIndex.from_records(records)
    viewer = Viewer(None, datetime(2030, 1, 1, tzinfo=UTC))

    def found(text: str) -> set[str]:
        hits = index.search_persons(PersonProfile(names=(analyze(text),)), viewer)
        return {texts[int(h.record_id, 16)] for h in hits}

    assert "埃德加" in found("Edgar")
    assert {"딕스", "Dix"} <= found("Dix")
    assert "Dix" in found("딕스")


def test_rank_scores_beyond_the_budget_what_may_beat_the_tenth() -> None:
    """Many close candidates (a dozen Zhangs at 0.92): after the first ``scored``, those whose
    pre-score is above the ``limit``-th score found are scored too, up to ``extra`` more."""
    from concord.screening.index.persons import Tuning, rank

    prescores = np.array([0.95, 0.94, 0.93, 0.925, 0.92, 0.905, 0.5, 0.4])
    scores = [0.90, 0.91, 0.80, 0.93, 0.92, 0.89, 0.70, 0.65]
    query = PersonProfile(names=(analyze("zhangguiying"),))
    profiles = [PersonProfile(names=(analyze(f"name {i}"),)) for i in range(len(scores))]
    asked: list[int] = []

    def score(_q: PersonProfile, p: PersonProfile) -> float:
        asked.append(profiles.index(p))
        return scores[asked[-1]]

    found = rank(query, profiles, prescores, score, Tuning(scored=3, extra=4), limit=2)
    assert [i for i, _ in found] == [0, 1, 2, 3, 4]  # 5: its pre-score 0.905 < 0.92, the 2nd
    assert asked == [0, 1, 2, 3, 4]
    asked.clear()
    found = rank(query, profiles, prescores, score, Tuning(scored=3, extra=0), limit=2)
    assert asked == [0, 1, 2]
