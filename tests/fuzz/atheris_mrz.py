"""Coverage-guided fuzzing of the MRZ parser with atheris (libFuzzer). Not a pytest module: run
it through ``scripts/fuzz-atheris`` (or ``python tests/fuzz/atheris_mrz.py CORPUS_DIR``).

Each input is read as UTF-8 text (undecodable bytes replaced); its length picks lenient mode.
Only :class:`MrzError` may escape :func:`parse_mrz`; anything else is a crash, which libFuzzer
reports with the input that caused it. Valid MRZs must also satisfy their own check digits as
an independent Doc 9303 implementation computes them.
"""

from __future__ import annotations

import contextlib
import string
import sys
from datetime import date

import atheris

with atheris.instrument_imports(include=["concord"]):
    from concord.records.identifiers.mrz import MrzError, check_digit, parse_mrz

TODAY = date(2026, 11, 27)
_VAL = {c: i for i, c in enumerate(string.digits + string.ascii_uppercase)} | {"<": 0}


def cd(s: str) -> str:
    return str(sum(_VAL[c] * (7, 3, 1)[i % 3] for i, c in enumerate(s)) % 10)


def test_one_input(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    try:
        mrz = parse_mrz(text, lenient=len(data) % 2 == 1, today=TODAY)
    except MrzError:
        return
    if mrz.format == "TD3" and not mrz.corrections:
        l2 = mrz.lines[1]
        assert mrz.checks["document_number"] == (l2[9] == cd(l2[0:9])), mrz
        assert mrz.checks["birth_date"] == (l2[19] == cd(l2[13:19])), mrz
    with contextlib.suppress(MrzError):  # characters outside A-Z 0-9 <
        assert check_digit(text) == cd(text)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
