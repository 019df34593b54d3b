"""PostgreSQL side of backup and restore: ``pg_dump --format=custom`` and ``pg_restore``.

The backup opens a REPEATABLE READ transaction, exports its snapshot and runs ``pg_dump
--snapshot`` on it while the row counts, the attachment list and the schema revision are read in
the same transaction: the dump and the manifest describe the same instant, however busy the
server is.

The binaries are looked up like ``scripts/with-postgres`` does (``--pg-bin``, then ``pg_config
--bindir``, the highest ``/usr/lib/postgresql/*/bin``, then PATH). The password goes to them in
``PGPASSWORD``, never on a command line (where ``ps`` would show it) nor in the manifest.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from psycopg.conninfo import make_conninfo
from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import URL

from concord.errors import ConcordError, PreconditionFailedError

#: lines of ``--verbose`` output that mark one table's data (for the progress bar)
_DUMPING = re.compile(r"dumping contents of table|processing data for table")

TableProgress = Callable[[int], None]  # tables done so far


@dataclass(frozen=True)
class Tools:
    pg_dump: Path
    pg_restore: Path


def _candidate_dirs(pg_bin: Path | None) -> Iterator[Path]:
    if pg_bin is not None:
        yield pg_bin
        return
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(  # noqa: S603 - a fixed argument list, no shell
                [pg_config, "--bindir"], capture_output=True, text=True, check=True, timeout=30
            ).stdout.strip()
            if out:
                yield Path(out)

    def version(p: Path) -> tuple[int, ...]:
        return tuple(int(x) for x in p.parent.name.split(".") if x.isdigit())

    yield from sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True)
    for name in ("pg_dump", "pg_restore"):
        found = shutil.which(name)
        if found:
            yield Path(found).resolve().parent


def find_tools(pg_bin: Path | None = None) -> Tools:
    """``pg_dump`` and ``pg_restore`` from one directory; a clear error naming what is missing."""
    for folder in _candidate_dirs(pg_bin):
        dump, restore = folder / "pg_dump", folder / "pg_restore"
        if os.access(dump, os.X_OK) and os.access(restore, os.X_OK):
            return Tools(dump, restore)
    where = (
        f"in {pg_bin}"
        if pg_bin is not None
        else "in `pg_config --bindir`, /usr/lib/postgresql/*/bin or PATH"
    )
    raise PreconditionFailedError(
        f"pg_dump and pg_restore (PostgreSQL client tools) were not found {where}: install them "
        "(e.g. `apt-get install postgresql-client`, the same major version as the server or "
        "newer) or pass --pg-bin DIR"
    )


def client_args(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection string without the password, and the environment carrying it."""
    params: dict[str, str] = {}
    for key, value in url.query.items():
        params[key] = value if isinstance(value, str) else value[-1]
    if url.host:
        params["host"] = url.host
    if url.port:
        params["port"] = str(url.port)
    if url.username:
        params["user"] = url.username
    if url.database:
        params["dbname"] = url.database
    params.pop("password", None)
    env = {**os.environ}
    env.pop("PGPASSWORD", None)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return make_conninfo(**params), env


def _run(cmd: list[str], env: dict[str, str], tables: TableProgress | None) -> None:
    """Run a client tool, counting tables in its verbose output; fail with its last words."""
    tail: deque[str] = deque(maxlen=20)
    done = 0
    with subprocess.Popen(  # noqa: S603 - our own argument list, no shell; no password in it
        cmd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
    ) as proc:
        assert proc.stderr is not None
        for line in proc.stderr:
            if _DUMPING.search(line):
                done += 1
                if tables is not None:
                    tables(done)
            elif line.strip():
                tail.append(line.strip())
        code = proc.wait()
    if code != 0:
        errors = [t for t in tail if "error" in t.lower() or "fatal" in t.lower()] or list(tail)
        raise ConcordError(f"{Path(cmd[0]).name} failed (exit {code}): {' | '.join(errors[-3:])}")


class Snapshot:
    """A REPEATABLE READ transaction whose snapshot ``pg_dump`` shares."""

    engine = "postgresql"

    def __init__(self, conn: Connection, url: URL, tools: Tools, snapshot_id: str) -> None:
        self.conn = conn
        self.url = url
        self.tools = tools
        self.snapshot_id = snapshot_id

    def tables(self) -> list[str]:
        rows = self.conn.execute(
            text(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "ORDER BY tablename"
            )
        ).scalars()
        return [str(r) for r in rows]

    def scalar(self, sql: str) -> object:
        return self.conn.execute(text(sql)).scalar()

    def column(self, sql: str) -> list[object]:
        return list(self.conn.execute(text(sql)).scalars())

    def dump(self, out: Path, tables: TableProgress | None = None) -> None:
        conninfo, env = client_args(self.url)
        cmd = [str(self.tools.pg_dump), "--format=custom", "--no-password", "--verbose"]
        cmd += [f"--snapshot={self.snapshot_id}", f"--file={out}", f"--dbname={conninfo}"]
        _run(cmd, env, tables)


@contextmanager
def snapshot(engine: Engine, pg_bin: Path | None) -> Iterator[Snapshot]:
    tools = find_tools(pg_bin)  # before anything else: a missing tool is the likeliest failure
    with engine.connect() as plain:
        conn = plain.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            conn.execute(text("SET TRANSACTION READ ONLY"))
            snapshot_id = str(conn.execute(text("SELECT pg_export_snapshot()")).scalar_one())
            yield Snapshot(conn, engine.url, tools, snapshot_id)


def wipe(engine: Engine) -> None:
    """Drop every table, view, sequence and type of the current schema (what a dump brings
    back), in one transaction."""
    with engine.begin() as conn:
        rows = conn.execute(
            text(
                "SELECT c.relname, c.relkind FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S')"
            )
        ).all()
        kinds = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "S": "SEQUENCE"}
        for kind in ("MATERIALIZED VIEW", "VIEW", "TABLE", "SEQUENCE"):
            names = [f'"{name}"' for name, k in rows if kinds[str(k)] == kind]
            if names:
                conn.execute(text(f"DROP {kind} IF EXISTS {', '.join(names)} CASCADE"))
        types = conn.execute(
            text(
                "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                "WHERE n.nspname = current_schema() AND t.typtype IN ('e', 'd')"
            )
        ).scalars()
        for name in list(types):
            conn.execute(text(f'DROP TYPE IF EXISTS "{name}" CASCADE'))


def restore_file(
    staged: Path, engine: Engine, pg_bin: Path | None, tables: TableProgress | None = None
) -> None:
    """Load the staged dump into the (empty) database, in one transaction: an error leaves
    the database as it was."""
    tools = find_tools(pg_bin)
    conninfo, env = client_args(engine.url)
    cmd = [str(tools.pg_restore), "--no-owner", "--no-acl", "--exit-on-error"]
    cmd += ["--single-transaction", "--no-password", "--verbose", f"--dbname={conninfo}"]
    _run([*cmd, str(staged)], env, tables)
