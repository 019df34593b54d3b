"""Valid import files (CSV, JSON Lines, FollowTheMoney entities) that the fuzz tests damage."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from concord.records.types import RecordType
from tests.fuzz.strategies import huge_numbers, mutated, nesting, odd_text

CSV_DOCUMENTS = (
    "owner_ref,number,country,document_type,status,issued_on,expires_on,reported_on,"
    "check_digit,holder_ref\n"
    "FR-DOC-1,L898902C3,FR,passport,stolen,2019-03-02,2029-03-01,2024-06-01,6,\n"
    "FR-DOC-2,X4RTBPFW4,FRA,identity_card,,2021-05-10,2031-05-09,,,FR-P-1\n"
    '"FR-DOC-3","AB123456","DE","passport","lost",,,,,\n'
)
CSV_PERSONS = (
    "owner_ref,given,family,alias_names,birth_date,sex,nationalities,identifiers,height_cm,"
    "restriction,countries,extra\n"
    "FR-P-1,Ahmed,Haddad,Ahmad al-Haddad;A. Haddad,1981-04,M,EG;FR,national_id:2910401,178,"
    'except,IT,"{""birth_place"": ""Alexandria""}"\n'
    "FR-P-2,Анна,Иванова,,1990,F,RU,,,all,,\n"
)
CSV = {RecordType.DOCUMENT: CSV_DOCUMENTS, RecordType.PERSON: CSV_PERSONS}

JSONL_OBJECTS: list[dict[str, Any]] = [
    {
        "type": "document",
        "owner_ref": "FR-DOC-3",
        "data": {"number": "L898902C3", "country": "FR", "document_type": "passport"},
        "links": [{"to_ref": "FR-P-1", "kind": "holder", "to_type": "person"}],
    },
    {
        "type": "person",
        "owner_ref": "FR-P-1",
        "data": {"names": [{"given": "Ahmed", "family": "Haddad"}]},
        "reliability": "A",
        "restriction": "except",
        "countries": ["IT"],
    },
    {
        "type": "vehicle",
        "owner_ref": "FR-V-1",
        "data": {"vin": "1M8GDM9AXKP042788", "plate": "ab-123-cd", "plate_country": "FR"},
    },
]
FTM_OBJECTS: list[dict[str, Any]] = [
    {
        "id": "fr-p-1",
        "schema": "Person",
        "properties": {"firstName": ["Ahmed"], "lastName": ["Haddad"], "birthDate": ["1981-04"]},
    },
    {
        "id": "fr-pp-1",
        "schema": "Passport",
        "properties": {"number": ["L898902C3"], "country": ["fr"], "holder": ["fr-p-1"]},
    },
    {
        "id": "fr-ba-1",
        "schema": "BankAccount",
        "properties": {"iban": ["GB82WEST12345698765432"], "amount": ["1000"], "currency": ["EUR"]},
    },
    {
        "id": "fr-own-1",
        "schema": "Ownership",
        "properties": {"owner": ["fr-p-1"], "asset": ["fr-ba-1"]},
    },
    {
        "id": "fr-x-1",
        "schema": "Person",
        "properties": {"name": ["Jan Novak"]},
        "concord": {"type": "person", "owner": "FR", "reliability": "A", "data": {"sex": "M"}},
    },
]


def lines(objects: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects)


JSONL = lines(JSONL_OBJECTS)
FTM = lines(FTM_OBJECTS)
SAMPLES = {
    "csv": [CSV_DOCUMENTS.encode(), CSV_PERSONS.encode()],
    "jsonl": [JSONL.encode()],
    "ftm": [FTM.encode()],
}

# -- adversarial values inside well-formed files ------------------------------------------------

json_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20), odd_text
)
json_value = st.recursive(
    json_scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def tampered_object(draw: st.DrawFn, objects: list[dict[str, Any]]) -> str:
    """A JSON line from a valid object with one value replaced by junk, nesting or a huge
    number (spliced in as raw JSON text)."""
    obj = json.loads(json.dumps(draw(st.sampled_from(objects))))
    target: Any = obj
    path = []
    while isinstance(target, dict | list) and target and draw(st.booleans()):
        key = draw(
            st.sampled_from(sorted(target) if isinstance(target, dict) else range(len(target)))
        )
        path.append(key)
        if not isinstance(target[key], dict | list):
            break
        target = target[key]
    marker = "\x00MARK\x00"
    if isinstance(target, dict):
        target[draw(st.sampled_from([*sorted(target), "schema", "id", "type", "x"]))] = marker
    elif isinstance(target, list):
        target.append(marker)
    raw = draw(
        st.one_of(
            json_value.map(json.dumps),
            nesting,
            huge_numbers,
            st.sampled_from(['"' + "A" * 200_000 + '"', '"\\ud800"', '"\\u0000"', "[]", "{}"]),
        )
    )
    text = json.dumps(obj, ensure_ascii=False)
    return text.replace(json.dumps(marker, ensure_ascii=False), raw, 1) if marker in text else text


def csv_cell_junk() -> st.SearchStrategy[str]:
    return st.one_of(
        odd_text, huge_numbers, nesting, st.text(max_size=30),
        st.sampled_from(['"', '""', '"a,b"', "A" * 140_000, "x;;y:", ":", "scheme:", "{}", "null"]),
    )  # fmt: skip


@st.composite
def csv_with_junk(draw: st.DrawFn) -> bytes:
    """A valid CSV with random cells (or the header) replaced by junk."""
    text = draw(st.sampled_from([CSV_DOCUMENTS, CSV_PERSONS]))
    rows = [line.split(",") for line in text.splitlines()]
    for _ in range(draw(st.integers(1, 4))):
        r = draw(st.integers(0, len(rows) - 1))
        c = draw(st.integers(0, len(rows[r]) - 1))
        rows[r][c] = draw(csv_cell_junk())
    if draw(st.booleans()):
        rows.append(rows[-1] + draw(st.lists(st.text(max_size=3), max_size=3)))
    return ("\n".join(",".join(row) for row in rows) + "\n").encode("utf-8", "surrogatepass")


def file_content(kind: str) -> st.SearchStrategy[bytes]:
    """Any content for a file of ``kind`` (csv, jsonl or ftm)."""
    base = [
        st.binary(max_size=300),
        st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
        mutated(SAMPLES[kind]),
    ]
    if kind == "csv":
        base.append(csv_with_junk())
    else:
        objects = JSONL_OBJECTS if kind == "jsonl" else FTM_OBJECTS
        first = lines(objects[:1])
        base.append(
            st.lists(tampered_object(objects), min_size=1, max_size=4).map(
                lambda ls: (first + "\n".join(ls) + "\n").encode("utf-8", "surrogatepass")
            )
        )
        base.append(nesting.map(lambda n: (first + n + "\n").encode()))
    return st.one_of(*base)
