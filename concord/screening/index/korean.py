"""The pre-score of Korean names compared syllable by syllable (:mod:`concord.screening.names.
korean`): a Latin name of several parts against a Hangul word is one comparison of the parts
run together (``Park Ji-sung`` / 박지성), which the part-by-part pre-score
(:func:`~.tokens.name_prescores`) cannot see. Where it applies, the scorer gives the name that
syllable likeness (times the transliteration factor) and so does this estimate."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from concord.screening.index.tokens import Vocabulary
from concord.screening.names.korean import korean_key, korean_shape, korean_similarity
from concord.screening.names.model import Name
from concord.screening.names.similarity import SCORE_TRANSLITERATED

__all__ = ["korean_prescores"]

I64 = npt.NDArray[np.int64]


def korean_prescores(
    vocab: Vocabulary, query: Name, tids: npt.NDArray[np.uint32], bounds: I64, sizes: I64
) -> npt.NDArray[np.float64] | None:
    """Per candidate name (parts ``tids``, each name ``sizes[k]`` parts from ``bounds[k]``), the
    syllable likeness of the query to it when one side is a Korean name in Hangul and the other
    its Latin spelling in several parts; None when the query is neither."""
    f = vocab.features
    if f is None or not len(sizes):
        return None
    units = vocab.units
    translit = [u.translit for u in query.units]
    if not any(translit):
        if not korean_key(query.tokens):
            return None  # no family name at either end: not a Korean name in Latin
        has = np.add.reduceat(f.korean[tids].astype(np.int64), bounds) > 0
        out = np.zeros(len(sizes))
        for k in np.flatnonzero(has).tolist():
            parts = [units[int(p)] for p in tids[bounds[k] : bounds[k] + sizes[k]]]
            if all(u.translit for u in parts):
                found = korean_similarity(query.tokens, "".join(u.form for u in parts))
                out[k] = (found or 0.0) * SCORE_TRANSLITERATED
        return out
    if not all(translit):
        return None
    hangul = "".join(u.form for u in query.units)
    shape = korean_shape(hangul)
    if shape is None:
        return None
    first = f.token[tids[bounds]].tolist()
    last = f.token[tids[bounds + sizes - 1]].tolist()
    out = np.zeros(len(sizes))
    for k in range(len(sizes)):
        if sizes[k] < 2 or not (first[k] in shape.family_set or last[k] in shape.family_set):
            continue
        parts = [units[int(p)] for p in tids[bounds[k] : bounds[k] + sizes[k]]]
        if not any(u.translit for u in parts):
            found = korean_similarity(tuple(u.token for u in parts), hangul)
            out[k] = (found or 0.0) * SCORE_TRANSLITERATED
    return out
