"""Tools of the crash tests: the real server in a subprocess (killed with SIGKILL), the checks
of a database's physical integrity, and ``concord audit verify`` run as a separate process.

Used by ``tests/crash/`` (every kind of write under repeated kills) and
``tests/messaging/test_crash.py`` (messages only).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import inspect, text

from concord.db.database import Database
from tests.conftest import TEST_SECRETS

ROOT = Path(__file__).resolve().parents[1]
CONCORD = [sys.executable, "-m", "concord"]
#: imports alone take seconds on a busy machine; building the screening index takes more
START_SECONDS = 180


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def url_of(db: Database) -> str:
    """The URL another process reaches ``db`` at (password included)."""
    url = db.engine.url.render_as_string(hide_password=False)
    return url.replace("postgresql+psycopg://", "postgresql://")


def server_env(url: str) -> dict[str, str]:
    """The environment of a Concord process on ``url``, with the tests' secrets."""
    return {
        **os.environ,
        "CONCORD_ENVIRONMENT": "test",
        "CONCORD_DATABASE_URL": url,
        "CONCORD_RATE_LIMIT_PER_MINUTE": "0",
        "CONCORD_LOG_LEVEL": "warning",
        **{f"CONCORD_{k.upper()}": v for k, v in TEST_SECRETS.items()},
    }


class Server:
    """``concord serve`` on a loopback port, one worker, killed with SIGKILL.

    ``start`` returns once ``/ready`` answers 200 (database reachable, schema current, screening
    index built), so the first request after a restart meets a server that can serve it."""

    def __init__(self, url: str, log: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.env = server_env(url)
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.kills = 0

    def start(self) -> None:
        port = str(self.port)
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [*CONCORD, "serve", "--workers", "1", "--host", "127.0.0.1", "--port", port],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.starts += 1
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.tail()
            try:
                if httpx.get(f"{self.base}/ready", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise AssertionError("the server did not start:\n" + self.tail())

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, whatever was in flight is cut off."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.proc = None
        self.kills += 1

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None

    def errors_logged(self) -> list[str]:
        """The server's error-level log lines and tracebacks (a kill itself logs nothing)."""
        if not self.log.exists():
            return []
        lines = self.log.read_text(errors="replace").splitlines()
        return [line for line in lines if '"level": "error"' in line or line.startswith("ERROR")]

    def tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""


def integrity_problems(db: Database) -> list[str]:
    """What is physically wrong with the database: SQLite's ``integrity_check`` and
    ``foreign_key_check``; on PostgreSQL ``amcheck`` (every B-tree index against its table,
    every table's heap); on both, one anti-join per foreign key of the live schema."""
    problems: list[str] = []
    with db.engine.connect() as conn:
        if db.dialect == "sqlite":
            checked = [str(r[0]) for r in conn.execute(text("PRAGMA integrity_check"))]
            if checked != ["ok"]:
                problems += [f"integrity_check: {line}" for line in checked]
            problems += [
                f"foreign_key_check: {tuple(r)}"
                for r in conn.execute(text("PRAGMA foreign_key_check"))
            ]
        else:
            problems += _amcheck(conn)
        problems += _dangling_references(conn)
    return problems


def _dangling_references(conn: Any) -> list[str]:
    """Rows whose foreign key names a row that does not exist, for every foreign key."""
    found = []
    schema = inspect(conn)
    quote = conn.dialect.identifier_preparer.quote
    for table in schema.get_table_names():
        for fk in schema.get_foreign_keys(table):
            cols, ref, ref_cols = (
                fk["constrained_columns"],
                fk["referred_table"],
                fk["referred_columns"],
            )
            present = " AND ".join(f"c.{quote(c)} IS NOT NULL" for c in cols)
            match = " AND ".join(
                f"p.{quote(r)} = c.{quote(c)}" for c, r in zip(cols, ref_cols, strict=True)
            )
            sql = (
                f"SELECT count(*) FROM {quote(table)} c WHERE {present} AND NOT EXISTS "
                f"(SELECT 1 FROM {quote(ref)} p WHERE {match})"
            )
            dangling = conn.execute(text(sql)).scalar_one()
            if dangling:
                found.append(f"{table}.{','.join(cols)} -> {ref}: {dangling} dangling row(s)")
    return found


def _amcheck(conn: Any) -> list[str]:
    """PostgreSQL's own verification of B-tree indexes (with every heap tuple looked up in
    them) and of table heaps; skipped when the amcheck extension is not installed."""
    available = conn.execute(
        text("SELECT 1 FROM pg_available_extensions WHERE name = 'amcheck'")
    ).first()
    if available is None:
        return []
    conn.execute(text("CREATE EXTENSION IF NOT EXISTS amcheck"))
    conn.commit()
    found = []
    indexes = conn.execute(
        text(
            "SELECT c.oid, c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'btree' "
            "AND c.relnamespace = 'public'::regnamespace AND i.indisvalid"
        )
    ).all()
    for oid, name in indexes:
        try:
            conn.execute(text("SELECT bt_index_check(:oid, true)"), {"oid": oid})
        except Exception as exc:  # amcheck reports corruption as an error
            conn.rollback()
            found.append(f"bt_index_check {name}: {exc}")
    tables = conn.execute(
        text(
            "SELECT c.oid, c.relname FROM pg_class c WHERE c.relkind = 'r' "
            "AND c.relnamespace = 'public'::regnamespace"
        )
    ).all()
    for oid, name in tables:
        rows = conn.execute(
            text("SELECT blkno, offnum, msg FROM verify_heapam(:oid)"), {"oid": oid}
        ).all()
        found += [f"verify_heapam {name}: block {b} item {o}: {m}" for b, o, m in rows]
    conn.rollback()
    return found


def audit_verify_cli(url: str, username: str) -> dict[str, Any]:
    """``concord --as USERNAME audit verify --json`` in a process of its own; returns its
    JSON answer (fails the test if the command fails)."""
    done = subprocess.run(
        [*CONCORD, "--as", username, "audit", "verify", "--json"],
        cwd=ROOT,
        env=server_env(url),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"concord audit verify failed:\n{done.stdout}\n{done.stderr}"
    answer: dict[str, Any] = json.loads(done.stdout)
    return answer
