"""ICAO 9303 MRZ parsing and check digits.

Expected values come from the specimens printed in Doc 9303 (Parts 3-7) and their visual
inspection zones, not from the implementation.
"""

from __future__ import annotations

import contextlib
import dataclasses
import string
from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from concord.records.identifiers import (
    Mrz,
    MrzError,
    check_digit,
    document_number_check,
    iso3_to_alpha2,
    parse_mrz,
)

TODAY = date(2025, 6, 1)
TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
)
TD2 = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6"
MRVA = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<"
MRVB = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<"
# German identity card specimen (Erika Mustermann): issuing state and nationality "D<<".
DE_ID = (
    "IDD<<T220001293<<<<<<<<<<<<<<<\n6408125<2010315D<<<<<<<<<<<<<4\nMUSTERMANN<<ERIKA<<<<<<<<<<<<<"
)
SPECIMENS = {"TD3": TD3, "TD1": TD1, "TD2": TD2, "MRVA": MRVA, "MRVB": MRVB}
VALUES = {c: i for i, c in enumerate(string.digits + string.ascii_uppercase)} | {"<": 0}


def parse(text: str, **kwargs: bool) -> Mrz:
    return parse_mrz(text, today=TODAY, **kwargs)


# --- check digits ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "digit"),
    [
        ("520727", "3"),  # Doc 9303 Part 3 worked example (date 27 July 1952)
        ("AB2134<<<", "5"),  # Part 3 worked example (document number)
        ("L898902C3", "6"),
        ("740812", "2"),
        ("120415", "9"),
        ("ZE184226B<<<<<", "1"),
        ("L898902C3674081221204159ZE184226B<<<<<1", "0"),  # TD3 specimen composite
        ("D23145890734", "9"),  # TD1 long document number specimen
        ("", "0"),
    ],
)
def test_check_digit(data: str, digit: str) -> None:
    assert check_digit(data) == digit


def test_check_digit_rejects_bad_characters() -> None:
    with pytest.raises(MrzError, match="invalid character 'a'"):
        check_digit("ab")


@given(st.text(alphabet=string.digits + string.ascii_uppercase + "<", max_size=200))
def test_check_digit_matches_definition(data: str) -> None:
    weights = (7, 3, 1)
    expected = sum(VALUES[c] * weights[i % 3] for i, c in enumerate(data)) % 10
    assert check_digit(data) == str(expected)


def test_document_number_check() -> None:
    assert document_number_check("L898902C3", "6")
    assert document_number_check(" l898902c3 ", "6")
    assert document_number_check("L898902C3<", "6")
    assert not document_number_check("L898902C3", "5")
    assert not document_number_check("", "0")
    assert not document_number_check("L89-8902", "6")


# --- specimens ---------------------------------------------------------------------------------


def test_td3_specimen() -> None:
    m = parse(TD3)
    assert (m.format, m.document_code, m.issuing_state) == ("TD3", "P", "UTO")
    assert (m.document_number, m.nationality, m.sex) == ("L898902C3", "UTO", "F")
    assert (m.birth_date, m.expiry_date) == (date(1974, 8, 12), date(2012, 4, 15))
    assert (m.primary_name, m.secondary_name) == ("ERIKSSON", "ANNA MARIA")
    assert m.optional_data == "ZE184226B"
    assert m.checks == dict.fromkeys(
        ("document_number", "birth_date", "expiry_date", "optional", "composite"), True
    )
    assert m.valid
    assert m.issuing_country is None and m.corrections == ()


def test_td1_specimen() -> None:
    m = parse(TD1)
    assert (m.format, m.document_code, m.document_number) == ("TD1", "I", "D23145890")
    assert (m.birth_date, m.expiry_date, m.sex) == (date(1974, 8, 12), date(2012, 4, 15), "F")
    assert (m.primary_name, m.secondary_name) == ("ERIKSSON", "ANNA MARIA")
    assert (m.optional_data, m.optional_data_2) == ("", "")
    assert set(m.checks) == {"document_number", "birth_date", "expiry_date", "composite"}
    assert m.valid


def test_td2_specimen() -> None:
    m = parse(TD2)
    assert (m.format, m.document_code, m.document_number, m.nationality) == (
        "TD2", "I", "D23145890", "UTO",
    )  # fmt: skip
    assert (m.birth_date, m.expiry_date) == (date(1974, 8, 12), date(2012, 4, 15))
    assert (m.primary_name, m.secondary_name) == ("ERIKSSON", "ANNA MARIA")
    assert m.valid and "composite" in m.checks


@pytest.mark.parametrize(("text", "fmt", "optional"), [(MRVA, "MRVA", "6ZE184226B"),
                                                       (MRVB, "MRVB", "")])  # fmt: skip
def test_visa_specimens(text: str, fmt: str, optional: str) -> None:
    m = parse(text)
    assert (m.format, m.document_code, m.document_number) == (fmt, "V", "L8988901C")
    assert (m.nationality, m.sex) == ("XXX", "F")
    assert (m.birth_date, m.expiry_date) == (date(1940, 9, 7), date(1996, 12, 10))
    assert (m.primary_name, m.secondary_name) == ("ERIKSSON", "ANNA MARIA")
    assert m.optional_data == optional
    assert set(m.checks) == {"document_number", "birth_date", "expiry_date"}  # no composite
    assert m.valid and m.nationality_country is None


def test_german_identity_card() -> None:
    m = parse(DE_ID)
    assert (m.document_code, m.issuing_state, m.nationality) == ("ID", "D", "D")
    assert (m.issuing_country, m.nationality_country) == ("DE", "DE")
    assert (m.document_number, m.sex) == ("T22000129", "X")  # sex "<" is unspecified
    assert (m.birth_date, m.expiry_date) == (date(1964, 8, 12), date(2020, 10, 31))
    assert (m.primary_name, m.secondary_name) == ("MUSTERMANN", "ERIKA")
    assert m.valid


def test_td1_long_document_number() -> None:
    # Doc 9303 Part 5: number D23145890734, nine characters in the number field, "<" in the
    # check-digit position, the rest and its check digit (9) at the start of the optional data.
    line1 = "I<UTOD23145890<7349<<<<<<<<<<<"
    line2 = "7408122F1204159UTO<<<<<<<<<<<"
    line2 += check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    m = parse(f"{line1}\n{line2}\nERIKSSON<<ANNA<MARIA<<<<<<<<<<")
    assert m.document_number == "D23145890734"
    assert m.optional_data == ""
    assert m.valid
    wrong = parse(f"{line1.replace('<7349<', '<7348<')}\n{line2}\nERIKSSON<<ANNA<MARIA<<<<<<<<<<")
    assert not wrong.checks["document_number"]


def test_td2_long_document_number() -> None:
    line2 = "D23145890<UTO7408122F1204159" + "7349<<<"
    line2 += check_digit(line2[0:10] + line2[13:20] + line2[21:35])
    m = parse(f"I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\n{line2}")
    assert (m.document_number, m.optional_data) == ("D23145890734", "")
    assert m.valid


def test_tolerant_input() -> None:
    text = "\r\n  " + TD3.lower().replace("\n", "  \r\n\r\n  ") + "  \n\n"
    assert parse(text) == parse(TD3)


def test_empty_personal_number_allows_filler_check_digit() -> None:
    line2 = "L898902C36UTO7408122F1204159<<<<<<<<<<<<<<<"
    for digit in "<0":
        body = line2[:42] + digit
        text = f"{TD3.splitlines()[0]}\n{body}{check_digit(body[0:10] + body[13:20] + body[21:43])}"
        m = parse(text)
        assert m.checks["optional"] and m.valid and m.optional_data == ""


def test_unknown_birth_date_parts() -> None:
    body = "L898902C36UTO74<<<<" + check_digit("74<<<<") + "F1204159ZE184226B<<<<<1"
    body += check_digit(body[0:10] + body[13:20] + body[21:43])
    m = parse(f"{TD3.splitlines()[0]}\n{body}")
    assert m.birth_date is None and m.birth_date_raw == "74<<<<"
    assert m.valid


# --- century rules -----------------------------------------------------------------------------


def dates_line(birth: str, expiry: str) -> str:
    body = f"L898902C36UTO{birth}{check_digit(birth)}F{expiry}{check_digit(expiry)}"
    body += "ZE184226B<<<<<1"
    body += check_digit(body[0:10] + body[13:20] + body[21:43])
    return f"{TD3.splitlines()[0]}\n{body}"


@pytest.mark.parametrize(
    ("birth", "expected"),
    [
        ("250601", date(2025, 6, 1)),  # today: not in the future
        ("250602", date(1925, 6, 2)),  # tomorrow in 2025 is impossible, so 1925
        ("000229", date(2000, 2, 29)),
        ("991231", date(1999, 12, 31)),
    ],
)
def test_birth_century(birth: str, expected: date) -> None:
    assert parse(dates_line(birth, "300101")).birth_date == expected


@pytest.mark.parametrize(
    ("expiry", "expected"),
    [
        ("750101", date(2075, 1, 1)),  # today.year + 50
        ("760101", date(1976, 1, 1)),  # today.year - 49
        ("120415", date(2012, 4, 15)),
        ("991231", date(1999, 12, 31)),
    ],
)
def test_expiry_century(expiry: str, expected: date) -> None:
    assert parse(dates_line("740812", expiry)).expiry_date == expected


@pytest.mark.parametrize(
    ("birth", "expiry", "message"),
    [
        ("741312", "120415", "line 2 positions 14-19 (date of birth): '741312' is not a valid"),
        ("010229", "120415", "'010229' is not a valid date"),
        ("740812", "120431", "line 2 positions 22-27 (date of expiry): '120431'"),
        ("74O812", "120415", "'74O812' is not a date YYMMDD"),
    ],
)
def test_impossible_dates(birth: str, expiry: str, message: str) -> None:
    text = dates_line(birth.replace("O", "0"), expiry).splitlines()
    text[1] = text[1][:13] + birth + text[1][19:]
    with pytest.raises(MrzError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse("\n".join(text))


# --- lenient mode ------------------------------------------------------------------------------


def test_lenient_repairs_o_and_zero() -> None:
    lines = TD3.splitlines()
    garbled = (
        lines[0].replace("ERIKSSON", "ERIKSS0N") + "\n" + lines[1].replace("7408122", "74O8122")
    )
    with pytest.raises(MrzError):
        parse(garbled)
    m = parse(garbled, lenient=True)
    assert m == dataclasses.replace(parse(TD3), corrections=m.corrections)
    assert m.corrections == (
        "line 2 position 16: 'O' read as '0'",
        "line 1 position 12: '0' read as 'O'",
    )


def test_lenient_leaves_document_numbers_alone() -> None:
    lines = TD3.splitlines()
    m = parse(lines[0] + "\n" + lines[1].replace("L898902C3", "L898902C0"), lenient=True)
    assert m.document_number == "L898902C0" and not m.checks["document_number"]


# --- every single-character corruption of a checked field is caught ---------------------------

# 0-based (line, start, end) of the fields each format protects with check digits.
CHECKED = {
    "TD3": [(1, 0, 10), (1, 13, 20), (1, 21, 44)],
    "TD1": [(0, 5, 30), (1, 0, 7), (1, 8, 15), (1, 18, 30)],
    "TD2": [(1, 0, 10), (1, 13, 20), (1, 21, 36)],
    "MRVA": [(1, 0, 10), (1, 13, 20), (1, 21, 28)],
    "MRVB": [(1, 0, 10), (1, 13, 20), (1, 21, 28)],
}
ALPHABET = string.ascii_uppercase + string.digits + "<"


@pytest.mark.parametrize("fmt", sorted(SPECIMENS))
def test_every_single_character_corruption_is_caught(fmt: str) -> None:
    lines = SPECIMENS[fmt].splitlines()
    missed = []
    for n, start, end in CHECKED[fmt]:
        for i in range(start, end):
            for c in ALPHABET.replace(lines[n][i], ""):
                corrupt = list(lines)
                corrupt[n] = corrupt[n][:i] + c + corrupt[n][i + 1 :]
                try:
                    m = parse("\n".join(corrupt))
                except MrzError:
                    continue
                if m.valid:
                    missed.append((n, i, lines[n][i], c))
    # The 7-3-1 weights are coprime with 10, so the only substitutions no check digit can see
    # are those whose character values differ by a multiple of 10 ("0" ↔ "<", "A", "K", "U").
    for n, i, old, new in missed:
        assert (VALUES[old] - VALUES[new]) % 10 == 0, (n, i, old, new)
        assert old not in string.digits or new not in string.digits


# --- round trip ---------------------------------------------------------------------------------

WORD = st.text(alphabet=string.ascii_uppercase, min_size=1, max_size=8)
STATES = st.sampled_from(["UTO", "D", "FRA", "GBR", "GBN", "XXA", "NLD"])


def pad(s: str, width: int) -> str:
    return s + "<" * (width - len(s))


@st.composite
def mrz_fields(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    fmt = draw(st.sampled_from(["TD1", "TD2", "TD3", "MRVA", "MRVB"]))
    width = {"TD1": 30, "TD2": 36, "MRVB": 36}.get(fmt, 44)
    max_number = {"TD1": 19, "TD2": 14}.get(fmt, 9)
    number = draw(st.text(alphabet=string.ascii_uppercase + string.digits, min_size=1,
                          max_size=max_number))  # fmt: skip
    birth = draw(st.dates(TODAY.replace(year=TODAY.year - 100) + timedelta(days=1), TODAY))
    expiry = draw(st.dates(date(TODAY.year - 49, 1, 1), date(TODAY.year + 50, 12, 31)))
    primary = " ".join(draw(st.lists(WORD, min_size=1, max_size=2)))
    secondary = " ".join(draw(st.lists(WORD, max_size=2)))
    name = pad(primary.replace(" ", "<") + "<<" + secondary.replace(" ", "<"), 39)
    assume(len(name.rstrip("<")) <= (30 if fmt == "TD1" else width - 5))
    optional_max = {"TD1": 15 - max(0, len(number) - 9 + 2), "TD2": 7, "TD3": 14}.get(fmt, 8)
    optional = draw(st.text(alphabet=string.ascii_uppercase + string.digits, max_size=optional_max))
    if fmt == "TD2" and len(number) > 9:
        optional = ""
    fields: dict[str, object] = {
        "format": fmt,
        "document_code": draw(
            st.sampled_from(
                ["V", "VA"] if fmt.startswith("MRV") else ["P", "PO", "I", "ID", "AC", "C"]
            )
        ),
        "issuing_state": draw(STATES),
        "document_number": number,
        "nationality": draw(STATES),
        "birth_date": birth,
        "expiry_date": expiry,
        "sex": draw(st.sampled_from("MFX")),
        "primary_name": primary,
        "secondary_name": secondary,
        "optional_data": optional,
    }
    return build(fields), fields


def build(f: dict[str, object]) -> str:
    fmt, number, optional = str(f["format"]), str(f["document_number"]), str(f["optional_data"])
    code, state, nat = (
        pad(str(f["document_code"]), 2),
        pad(str(f["issuing_state"]), 3),
        pad(str(f["nationality"]), 3),
    )
    birth = f"{f['birth_date']:%y%m%d}"
    expiry = f"{f['expiry_date']:%y%m%d}"
    sex = "<" if f["sex"] == "X" else str(f["sex"])
    dates = f"{birth}{check_digit(birth)}{sex}{expiry}{check_digit(expiry)}"
    name = (
        str(f["primary_name"]).replace(" ", "<") + "<<" + str(f["secondary_name"]).replace(" ", "<")
    )
    if len(number) > 9:  # long number: principal part, "<", then the rest and its check digit
        doc = number[:9] + "<"
        optional = number[9:] + check_digit(number) + "<" + optional
    else:
        doc = pad(number, 9) + check_digit(pad(number, 9))
    if fmt == "TD1":
        line1 = code + state + doc + pad(optional, 15)
        line2 = dates + nat + "<" * 11
        line2 += check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
        return "\n".join([line1, line2, pad(name, 30)])
    width = 36 if fmt in ("TD2", "MRVB") else 44
    line1 = pad(code + state + name, width)
    line2 = doc + nat + dates
    if fmt == "TD3":
        personal = pad(optional, 14)
        line2 += personal + check_digit(personal)
    elif fmt == "TD2":
        line2 += pad(optional, 7)
    else:
        line2 = pad(line2 + optional, width)
    if fmt in ("TD2", "TD3"):
        line2 += check_digit(line2[0:10] + line2[13:20] + line2[21:])
    return f"{line1}\n{line2}"


@given(mrz_fields())
def test_round_trip(case: tuple[str, dict[str, object]]) -> None:
    text, fields = case
    m = parse(text)
    assert m.valid, m.checks
    for name, value in fields.items():
        assert getattr(m, name) == value, name
    assert m.lines == tuple(text.splitlines())


# --- malformed input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "MRZ is empty"),
        ("  \n \r\n", "MRZ is empty"),
        (TD3.replace("\n", ""), r"MRZ has 1 line\(s\) \(a 88-character MRZ without line breaks"),
        (TD1 + "\n" + "<" * 30, "MRZ has 4 line"),
        (TD3[:-1], "MRZ line 2 has 43 characters; expected 44 \\(TD3/MRV-A\\)"),
        (TD1.replace("<<6\n", "<6\n"), "MRZ line 2 has 29 characters; expected 30"),
        ("P<UTO<<<<\n" + "<" * 9, "MRZ line 1 has 9 characters; a two-line MRZ has lines of 36"),
        (TD3.replace("ANNA", "AN#A"), "MRZ line 1 position 18: invalid character '#'"),
        (TD3.replace("L898", "L 898"), "MRZ line 2 position 2: invalid character ' '"),
        (TD3.replace("P<UTO", "1<UTO"), "line 1 positions 1-2 \\(document code\\)"),
        (TD3.replace("P<UTO", "P<U1O"), "line 1 positions 3-5 \\(issuing state\\): 'U1O'"),
        (TD3.replace("UTO74", "<<<74"), "line 2 positions 11-13 \\(nationality\\)"),
        (TD3.replace("2F12", "2Z12"), "line 2 position 21 \\(sex\\): expected 'M', 'F', 'X'"),
        (
            TD3.replace("ERIKSSON", "ERIKSS0N"),
            "line 1 positions 6-44 \\(name\\): invalid character '0' at position 12",
        ),
        (TD3.replace("P<UTOERIKSSON<<", "P<UTO<<<<<<<<<<"), "primary identifier"),
        (
            TD1.replace("ERIKSSON", "ERIKSS1N"),
            "line 3 positions 1-30 \\(name\\): invalid character '1' at position 7",
        ),
    ],
)
def test_malformed_input(text: str, message: str) -> None:
    with pytest.raises(MrzError, match=message):
        parse(text)


@settings(max_examples=300)
@given(st.text(), st.booleans())
def test_fuzz_arbitrary_text(text: str, lenient: bool) -> None:
    with contextlib.suppress(MrzError):
        parse(text, lenient=lenient)


@settings(max_examples=300)
@given(
    st.sampled_from([(2, 44), (2, 36), (3, 30)]).flatmap(
        lambda shape: st.lists(
            st.text(alphabet=ALPHABET + "o", min_size=shape[1], max_size=shape[1]),
            min_size=shape[0],
            max_size=shape[0],
        )
    ),
    st.booleans(),
)
def test_fuzz_well_shaped_lines(lines: list[str], lenient: bool) -> None:
    try:
        m = parse("\n".join(lines), lenient=lenient)
    except MrzError:
        return
    assert m.format in ("TD1", "TD2", "TD3", "MRVA", "MRVB")
    assert isinstance(m.valid, bool)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("D", "DE"),
        ("D<<", "DE"),
        ("DEU", "DE"),
        ("GBN", "GB"),
        ("GBD", "GB"),
        ("FRA", "FR"),
        ("RKS", "XK"),
        ("UNK", None),
        ("UNO", None),
        ("XXA", None),
        ("XXX", None),
        ("UTO", None),
        ("DE", None),
    ],
)
def test_iso3_to_alpha2(code: str, expected: str | None) -> None:
    assert iso3_to_alpha2(code) == expected
