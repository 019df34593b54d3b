"""Name matching for border screening: analyse names in any script, compare them, and combine the
name score with dates of birth, nationalities and sex (:mod:`.person`).

See ``docs/matching.md`` for the pipeline, the weights and the thresholds.
"""

from concord.screening.names.analyze import analyze
from concord.screening.names.compare import (
    compare,
    compare_any,
    compare_any_score,
    compare_score,
    compare_texts,
)
from concord.screening.names.model import (
    MATCH_THRESHOLD,
    POSSIBLE_THRESHOLD,
    Decision,
    Name,
    NameMatch,
    PartMatch,
)
from concord.screening.names.person import (
    Evidence,
    PersonProfile,
    PersonScore,
    person_score,
    score_person,
)

__all__ = [
    "MATCH_THRESHOLD",
    "POSSIBLE_THRESHOLD",
    "Decision",
    "Evidence",
    "Name",
    "NameMatch",
    "PartMatch",
    "PersonProfile",
    "PersonScore",
    "analyze",
    "compare",
    "compare_any",
    "compare_any_score",
    "compare_score",
    "compare_texts",
    "person_score",
    "score_person",
]
