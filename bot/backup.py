"""`python -m bot backup PATH`: a consistent copy of the database, safe while the bot runs.

SQLite's online backup API copies the database as of one moment (one read transaction over the whole file, so
a write the bot commits meanwhile is either entirely in the copy or not at all) without stopping the bot:
in WAL mode readers never block writers. The copy is written to PATH.tmp, checked with PRAGMA integrity_check,
switched to a self-contained rollback journal (no -wal file needed next to it) and renamed to PATH, so PATH is
never a half-written file.

Restore: stop the bot, copy the backup over DATABASE_PATH (removing any DATABASE_PATH-wal/-shm left beside
it), start the bot; it applies any newer migrations on start.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

BUSY_TIMEOUT_MS = 10_000


@dataclass(frozen=True)
class BackupReport:
    path: Path
    size: int
    schema_version: int
    tables: dict[str, int]


def _tables(conn: sqlite3.Connection) -> dict[str, int]:
    """Row counts of our tables (virtual tables and the full-text index's shadow tables left out)."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    counts = {}
    for name, _sql in rows:
        if name in virtual or any(name.startswith(f"{v}_") for v in virtual):
            continue
        counts[name] = int(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
    return counts


def target_path(destination: str | Path, now: datetime | None = None) -> Path:
    path = Path(destination)
    if path.is_dir():
        stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
        path = path / f"bot-{stamp}.sqlite3"
    return path


def backup_database(source: str | Path, destination: str | Path) -> BackupReport:
    source = Path(source)
    if not source.is_file():
        raise FileNotFoundError(f"no database at {source} (DATABASE_PATH)")
    target = target_path(destination)
    if target.resolve() == source.resolve():
        raise ValueError("the backup must not overwrite the database itself")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(source, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)  # pages=-1: the whole database in one step, i.e. one consistent snapshot
            dst.execute("PRAGMA journal_mode=DELETE")
            check = dst.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise RuntimeError(f"the copy failed its integrity check: {check}")
            version = int(dst.execute("PRAGMA user_version").fetchone()[0])
            tables = _tables(dst)
        finally:
            dst.close()
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(target.parent, os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    return BackupReport(target, target.stat().st_size, version, tables)


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


def main(source: str | Path, destination: str | Path) -> int:
    try:
        report = backup_database(source, destination)
    except (OSError, ValueError, RuntimeError, sqlite3.Error) as exc:
        print(f"error: backup failed: {exc}", file=sys.stderr)
        return 2
    print(f"backup written: {report.path} ({human_size(report.size)}, schema version {report.schema_version}, "
          "integrity ok)")
    width = max((len(name) for name in report.tables), default=0)
    for name, count in report.tables.items():
        print(f"  {name:<{width}}  {count:>8} rows")
    return 0
