"""Idempotency and updates: a re-run changes nothing, a changed file changes only what changed;
bad lines go to the error file while good ones go in; duplicates; the audit trail."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from concord.audit.chain import Signer
from concord.audit.models import AuditEvent, AuditPayload
from concord.audit.verify import verify_chain
from concord.db.database import Database
from concord.errors import ValidationFailedError
from concord.records.identifiers import check_digit
from concord.records.importing import writer as writer_module
from concord.settings import Settings
from tests.records import samples
from tests.records.importing.conftest import Importer, change_seq, records

HEADER = "owner_ref,number,country,document_type,issued_on,check_digit\n"


def documents(count: int, *, changed: dict[int, str] | None = None) -> str:
    lines = [HEADER]
    for i in range(count):
        number = f"X{i:07d}"
        issued = (changed or {}).get(i, "2019-03-02")
        lines.append(f"D{i},{number},FR,passport,{issued},{check_digit(number)}\n")
    return "".join(lines)


def test_rerun_changes_nothing(
    run_import: Importer, write: Callable[..., Path], db: Database
) -> None:
    path = write("docs.csv", documents(25))
    first = run_import(path, type="document", batch_size=10)
    assert (first.summary.inserted, first.summary.batches) == (25, 3)
    assert (first.summary.first_seq, first.summary.last_seq) == (
        first.summary.last_seq - 24,
        change_seq(db),
    )
    before = {k: (r.version, r.change_seq, r.content_hash) for k, r in records(db).items()}
    seq = change_seq(db)
    again = run_import(path, type="document", batch_size=10)
    assert (again.summary.inserted, again.summary.updated) == (0, 0)
    assert again.summary.unchanged == 25 and again.errors == []
    assert change_seq(db) == seq, "no change number taken"
    assert {k: (r.version, r.change_seq, r.content_hash) for k, r in records(db).items()} == before


def test_changed_file_updates_only_what_changed(
    run_import: Importer, write: Callable[..., Path], db: Database
) -> None:
    run_import(write("v1.csv", documents(10)), type="document")
    before = records(db)
    run = run_import(write("v2.csv", documents(10, changed={3: "2020-01-01"})), type="document")
    assert (run.summary.inserted, run.summary.updated, run.summary.unchanged) == (0, 1, 9)
    after = records(db)
    changed = after["document", "D3"]
    assert changed.data["issued_on"] == "2020-01-01"
    assert changed.version == 2 and changed.change_seq == run.summary.last_seq
    assert changed.created_at == before["document", "D3"].created_at
    for key, row in after.items():
        if key != ("document", "D3"):
            assert (row.version, row.change_seq) == (1, before[key].change_seq)


def test_bad_lines_go_to_the_error_file_and_good_ones_in(
    run_import: Importer, write: Callable[..., Path], db: Database
) -> None:
    good = {"type": "document", "data": samples.DOCUMENT}
    lines: list[Any] = [
        {**good, "owner_ref": "OK1"},
        {**good, "owner_ref": "BAD-DIGIT", "data": {**samples.DOCUMENT, "check_digit": "7"}},
        {**good, "owner_ref": "BAD-COUNTRY", "data": {**samples.DOCUMENT, "country": "ZZ"}},
        {"type": "spaceship", "owner_ref": "BAD-TYPE", "data": {}},
        {**good, "owner_ref": "BAD-KP", "restriction": "only", "countries": ["DE", "KP"]},
        {**good},
        {**good, "owner_ref": "OK1"},
        {**good, "owner_ref": "OTHER", "owner": "DE"},
        {
            **good,
            "owner_ref": "OK2",
            "data": {**samples.DOCUMENT, "number": "AB 12-34", "check_digit": None},
        },
    ]
    path = write("mixed.jsonl", lines)
    with path.open("a") as f:
        f.write("{not json\n")
    run = run_import(path)
    reasons = run.error_lines
    assert sorted(reasons) == [2, 3, 4, 5, 6, 7, 8, 10]
    assert "check digit 7 does not match" in reasons[2]
    assert "unknown country code 'ZZ'" in reasons[3]
    assert reasons[4].startswith("type: Input should be 'person'")
    assert "Not INTERPOL members: KP" in reasons[5]
    assert "owner_ref is required" in reasons[6]
    assert reasons[7] == "duplicate owner_ref: line 1 has it already"
    assert "another owner (DE)" in reasons[8]
    assert reasons[10].startswith("not JSON")
    assert run.errors[0][:2] == (2, "BAD-DIGIT")
    assert (run.summary.inserted, run.summary.rejected) == (2, 8)
    assert set(records(db)) == {("document", "OK1"), ("document", "OK2")}


def test_duplicates_across_batches_and_runs(
    run_import: Importer, write: Callable[..., Path], db: Database
) -> None:
    text = documents(4) + "D1,Y1,FR,passport,2019-03-02,\n"  # D1 again, other content
    for _ in range(2):  # the second run finds D1 unchanged first, and still rejects the repeat
        run = run_import(write("dup.csv", text), type="document", batch_size=2)
        assert run.error_lines == {6: "duplicate owner_ref: an earlier line of the file has it "
                                      "already"}  # fmt: skip
    assert records(db)["document", "D1"].data["number"] == "X0000001"


def test_import_is_audited_per_batch_and_the_chain_verifies(
    run_import: Importer, write: Callable[..., Path], db: Database, settings: Settings
) -> None:
    run = run_import(write("docs.csv", documents(7)), type="document", batch_size=3)
    with db.session() as s:
        events = (
            s.execute(
                select(AuditEvent)
                .where(AuditEvent.action.in_(["records.import", "records.import_end"]))
                .order_by(AuditEvent.seq)
            )
            .scalars()
            .all()
        )
        payloads = [json.loads(s.get(AuditPayload, e.seq).data) for e in events]  # type: ignore[union-attr]
        assert [e.action for e in events] == ["records.import"] * 3 + ["records.import_end"]
        assert [p["inserted"] for p in payloads[:3]] == [3, 3, 1]
        assert payloads[0]["file_sha256"] == run.summary.file_sha256
        assert payloads[0]["last_seq"] - payloads[0]["first_seq"] == 2
        assert payloads[-1]["inserted"] == 7 and payloads[-1]["owner"] == "FR"
        assert events[0].country == "FR" and events[0].object_type == "record"
        result = verify_chain(s, Signer.from_seed(settings.audit_signing_key.get_secret_value()))
    assert result.ok, result


def test_a_line_the_database_refuses_is_rejected_alone(
    run_import: Importer,
    write: Callable[..., Path],
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A batch the database refuses is split until the line at fault is alone."""
    real = writer_module.BatchWriter.write

    def refusing(self: Any, session: Any, batch: Any, now: Any, memory: Any) -> Any:
        if "D5" in batch.owner_ref:
            raise IntegrityError("INSERT", {}, Exception("refused: D5"))
        return real(self, session, batch, now, memory)

    monkeypatch.setattr(writer_module.BatchWriter, "write", refusing)
    run = run_import(write("docs.csv", documents(9)), type="document")
    assert run.error_lines == {7: "the database refused it: refused: D5"}
    assert run.summary.inserted == 8
    assert ("document", "D5") not in records(db)


def test_reading_in_a_second_process_gives_the_same_result(
    run_import: Importer, write: Callable[..., Path], db: Database
) -> None:
    path = write("docs.csv", documents(30) + "D99,Y,ZZ,passport,,\n")
    run = run_import(path, type="document", batch_size=7, parallel=True)
    assert (run.summary.inserted, run.summary.rejected, run.summary.batches) == (30, 1, 5)
    assert run.summary.bytes_read == path.stat().st_size
    assert "unknown country code 'ZZ'" in run.error_lines[32]
    again = run_import(path, type="document", batch_size=7, parallel=True)
    assert again.summary.unchanged == 30


def test_a_file_that_is_not_utf8_stops_the_import(
    run_import: Importer, write: Callable[..., Path], db: Database
) -> None:
    path = write("docs.csv", documents(3))
    with path.open("ab") as f:
        f.write(b"D9,\xff\xfe,FR,passport,,\n")
    for parallel in (False, True):
        with pytest.raises(ValidationFailedError, match="not UTF-8 text"):
            run_import(path, type="document", parallel=parallel)


def test_a_value_postgresql_cannot_store_rejects_its_line_only(
    run_import: Importer, write: Callable[..., Path], db: Database, dialect: str
) -> None:
    art = {"type": "artwork", "data": samples.ARTWORK}
    lines = [{**art, "owner_ref": f"A{i}"} for i in range(5)]
    lines[2]["data"] = {**samples.ARTWORK, "title": "Vase\u0000with poppies"}
    run = run_import(write("art.jsonl", lines))
    if dialect == "postgresql":  # NUL in text: refused by the database, found by bisection
        assert list(run.error_lines) == [3]
        assert run.error_lines[3].startswith("the database refused it")
        assert run.summary.inserted == 4
    else:
        assert run.errors == [] and run.summary.inserted == 5
