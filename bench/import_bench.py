"""Records import benchmark: ``concord records import`` against a raw bulk insert of the same
rows, measured in the same run (the machines here are noisy, so the ratio is what counts).

1. Generates N deterministic travel-document rows as a CSV (``--rows``, default 200,000).
2. RAW: the same rows, their column values computed beforehand (no validation, no change
   feed, no audit), bulk-inserted into the ``records`` table of a fresh migrated database:
   ``executemany`` on SQLite, ``COPY`` on PostgreSQL, one transaction per batch. Only the
   inserts are timed.
3. IMPORT: ``import_file`` of the CSV (validation, change numbers, restrictions, audit, error
   file) into another fresh migrated database of the same engine, timed from start to end.
4. RE-RUN: the same import again: every row unchanged.

Each phase runs in a process of its own, which reports its peak RSS (and its children's: the
import reads and validates in a second process), to show that memory does not grow with N.
Prints a table on stderr and one JSON document on the last line of stdout.

Usage::

    .venv/bin/python bench/import_bench.py [--rows 200000] [--batch-size 5000]
    .venv/bin/python bench/import_bench.py --rows 10000000        # ~1.5 GB of CSV
    scripts/with-postgres bash -c '.venv/bin/python bench/import_bench.py \\
        --database-url "$CONCORD_TEST_POSTGRES_URL"'              # PostgreSQL
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COUNTRIES = ("FR", "DE", "IT", "ES", "GB", "NL", "BE", "PL", "PT", "SE", "US", "CA", "BR", "JP")
HEADER = ("owner_ref", "number", "country", "document_type", "status", "issued_on", "expires_on",
          "reported_on", "check_digit")  # fmt: skip
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def documents(rows: int, seed: int = 20261126) -> Iterator[tuple[str, ...]]:
    """Deterministic, valid travel documents (cells of HEADER)."""
    from concord.records.identifiers import check_digit

    rng = random.Random(seed)
    base = date(2014, 1, 1)
    for i in range(rows):
        number = rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") + "".join(rng.choices(ALNUM, k=8))
        issued = base + timedelta(days=rng.randrange(3000))
        reported = issued + timedelta(days=rng.randrange(1, 600))
        yield (
            f"FR-DOC-{i:09d}",
            number,
            rng.choice(COUNTRIES),
            "passport" if rng.random() < 0.7 else "identity_card",
            "stolen" if rng.random() < 0.6 else "lost",
            issued.isoformat(),
            (issued + timedelta(days=3652)).isoformat(),
            reported.isoformat(),
            check_digit(number),
        )


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        out.writerows(documents(rows))


def settings_for(url: str) -> Any:
    from concord.settings import Settings

    return Settings(environment="development", database_url=url)  # type: ignore[call-arg]


def fresh_database(url: str) -> None:
    from concord.bootstrap import prepare
    from concord.db.database import Database

    db = Database.from_url(url)
    prepare(db)
    db.dispose()


def raw_rows(cells: list[tuple[str, ...]], first_seq: int, now: datetime) -> list[tuple[Any, ...]]:
    """The column values the import would write for these rows (computed, not validated)."""
    review = now + timedelta(days=round(365.25 * 10))
    out = []
    for n, c in enumerate(cells):
        ref, number, country, kind, status, issued, expires, reported, digit = c
        data = {"check_digit": digit, "country": country, "document_type": kind,
                "expires_on": expires, "issued_on": issued, "number": number,
                "reported_on": reported, "status": status}  # fmt: skip
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        label = f"{kind.replace('_', ' ')} {country} {number}"
        out.append((uuid4().hex, "document", "FR", ref, None, None, None, "B", "H0", None, "all",
                    f"{country}:{number}", label, text, hashlib.sha256(text.encode()).hexdigest(),
                    1, first_seq + n, now, now, review))  # fmt: skip
    return out


def phase_raw(url: str, rows: int, batch_size: int) -> dict[str, Any]:
    from concord.db.database import make_engine
    from concord.records.importing.bulk import INSERT_COLUMNS, bulk_for

    engine = make_engine(url)
    now = datetime.now(UTC)
    timed = 0.0
    cells = documents(rows)
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        stamp = bulk_for(conn).timestamp
        marks = ", ".join("?" for _ in INSERT_COLUMNS)
        insert = f"INSERT INTO records ({', '.join(INSERT_COLUMNS)}) VALUES ({marks})"
        copy = f"COPY records ({', '.join(INSERT_COLUMNS)}) FROM STDIN"
        done = 0
        while done < rows:
            chunk = [next(cells) for _ in range(min(batch_size, rows - done))]
            values = raw_rows(chunk, done + 1, now)
            if sqlite:
                values = [(*v[:17], stamp(v[17]), stamp(v[18]), stamp(v[19])) for v in values]
            started = time.perf_counter()
            with conn.begin():
                if sqlite:
                    conn.exec_driver_sql(insert, values)
                else:
                    driver = conn.connection.driver_connection
                    with driver.cursor() as cursor, cursor.copy(copy) as out:  # type: ignore[union-attr]
                        for v in values:
                            out.write_row(v)
            timed += time.perf_counter() - started
            done += len(chunk)
    engine.dispose()
    return {"rows": rows, "seconds": round(timed, 3), "rows_per_second": round(rows / timed)}


def phase_import(url: str, csv_path: Path, batch_size: int) -> dict[str, Any]:
    from concord.bootstrap import system_principal
    from concord.db.database import Database
    from concord.records.importing import import_file, open_source

    db = Database.from_url(url)
    with db.transaction() as session:
        principal = system_principal(session)
    source = open_source(csv_path, owner="FR", record_type="document")
    summary = import_file(
        db, principal, "FR", source, settings=settings_for(url), batch_size=batch_size,
        on_behalf=True, parallel=True,
    )  # fmt: skip
    db.dispose()
    out = summary.as_dict()
    out["rows_per_second"] = round(summary.records / summary.seconds)
    return out


def peak_rss_mib() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_rss_mib": round(own, 1), "children_peak_rss_mib": round(children, 1)}


def run_phase(*args: str) -> dict[str, Any]:
    """Run a phase in a fresh process; its result is the last line of its output."""
    done = subprocess.run(
        [sys.executable, __file__, "--phase", *args], check=True, capture_output=True, text=True
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


class Databases:
    """Fresh databases of one engine: files in a directory, or scratch databases on a server."""

    def __init__(self, server_url: str | None, workdir: Path) -> None:
        self.server_url, self.workdir, self.made = server_url, workdir, []

    def new(self, name: str) -> str:
        if self.server_url is None:
            url = f"sqlite:///{self.workdir / (name + '.db')}"
        else:
            from sqlalchemy import text
            from sqlalchemy.engine import make_url

            from concord.db.database import make_engine

            dbname = f"concord_bench_{name}_{os.getpid()}"
            admin = make_engine(self.server_url).execution_options(isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{dbname}"'))
                conn.execute(text(f'CREATE DATABASE "{dbname}"'))
            admin.dispose()
            self.made.append(dbname)
            url = make_url(self.server_url).set(database=dbname)
            url = url.render_as_string(hide_password=False)
        fresh_database(url)
        return url

    def drop(self) -> None:
        if self.server_url is None or not self.made:
            return
        from sqlalchemy import text

        from concord.db.database import make_engine

        admin = make_engine(self.server_url).execution_options(isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in self.made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--database-url", help="PostgreSQL server to create scratch databases on")
    parser.add_argument("--workdir", type=Path, help="where to put the CSV and SQLite files")
    parser.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        kind, url, *rest = args.phase
        if kind == "raw":
            result = phase_raw(url, int(rest[0]), args.batch_size)
        else:
            result = phase_import(url, Path(rest[0]), args.batch_size)
        print(json.dumps({**result, **peak_rss_mib()}))
        return
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        work = Path(tmp)
        csv_path = work / "documents.csv"
        started = time.perf_counter()
        write_csv(csv_path, args.rows)
        print(f"wrote {args.rows:,} rows ({csv_path.stat().st_size / 2**20:.0f} MiB) in "
              f"{time.perf_counter() - started:.0f} s", file=sys.stderr)  # fmt: skip
        dbs = Databases(args.database_url, work)
        try:
            raw = run_phase("raw", dbs.new("raw"), str(args.rows))
            url = dbs.new("import")
            first = run_phase("import", url, str(csv_path))
            again = run_phase("import", url, str(csv_path))
        finally:
            dbs.drop()
    engine = "postgresql" if args.database_url else "sqlite"
    result = {
        "engine": engine,
        "rows": args.rows,
        "batch_size": args.batch_size,
        "date": date.today().isoformat(),
        "raw": raw,
        "import": first,
        "rerun": again,
        "ratio": round(first["rows_per_second"] / raw["rows_per_second"], 3),
    }
    lines = [
        f"engine {engine}, {args.rows:,} rows, batches of {args.batch_size}",
        f"raw bulk insert  {raw['rows_per_second']:>9,} rows/s  {raw['seconds']:>8.1f} s  "
        f"peak RSS {raw['peak_rss_mib']:.0f} MiB",
        f"import           {first['rows_per_second']:>9,} rows/s  {first['seconds']:>8.1f} s  "
        f"peak RSS {first['peak_rss_mib']:.0f} MiB (reader {first['children_peak_rss_mib']:.0f})"
        f"  inserted {first['inserted']:,} rejected {first['rejected']}",
        f"re-run           {again['rows_per_second']:>9,} rows/s  {again['seconds']:>8.1f} s  "
        f"unchanged {again['unchanged']:,}",
        f"ratio import / raw = {result['ratio']}",
    ]
    print("\n".join(lines), file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
