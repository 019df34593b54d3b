"""The pre-score of Chinese names in one word against Latin names in parts (:func:`concord.
screening.names.compare.run_together`): ``Chen Guiying`` or ``Guiying Chen`` against 陈桂英 is
one comparison of the Latin parts run together family name first (``chenguiying``), which the
part-by-part pre-score (:func:`~.tokens.name_prescores`) cannot see. Where it applies, the
scorer compares that run with the word, and so does this estimate, either way round."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from concord.screening.index.tokens import Vocabulary
from concord.screening.names.chinese import family_readings
from concord.screening.names.compare import run_together
from concord.screening.names.model import Name
from concord.screening.names.similarity import han_readings

__all__ = ["family_first_prescores"]

I64 = npt.NDArray[np.int64]


def family_first_prescores(
    vocab: Vocabulary, query: Name, tids: npt.NDArray[np.uint32], bounds: I64, sizes: I64
) -> npt.NDArray[np.float64] | None:
    """Per candidate name (parts ``tids``, each name ``sizes[k]`` parts from ``bounds[k]``), the
    likeness of the Latin name run together family name first to the Chinese name in one word,
    where one side is each; None when the query is neither."""
    f = vocab.features
    if f is None or not len(sizes):
        return None
    units = vocab.units
    qs = query.units
    out = np.zeros(len(sizes))
    if 2 <= len(qs) <= 3 and not any(u.translit for u in qs):
        if qs[0].token not in family_readings() and qs[-1].token not in family_readings():
            return None
        single = np.flatnonzero((sizes == 1) & f.han[tids[bounds]])
        for k in single.tolist():
            out[k] = run_together(qs, units[int(tids[bounds[k]])])
        return out
    if len(qs) != 1 or not qs[0].translit:
        return None
    readings = han_readings(qs[0].form)
    if readings is None or not 2 <= len(readings) <= 3:
        return None
    first = f.token[tids[bounds]] == readings[0]
    last = f.token[tids[bounds + sizes - 1]] == readings[0]
    several = np.flatnonzero((sizes >= 2) & (sizes <= 3) & (first | last))
    for k in several.tolist():
        parts = [units[int(p)] for p in tids[bounds[k] : bounds[k] + sizes[k]]]
        out[k] = run_together(parts, qs[0])
    return out
