"""SQLite connection and numbered migrations.

Every migration is a file ``bot/db/migrations/NNNN_name.sql``; the number of the last applied one is kept
in ``PRAGMA user_version``. Each migration runs in one transaction together with the version bump, so a
crash mid-upgrade leaves the database at the previous version, never half-migrated.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import aiosqlite

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
# How long one statement waits for another connection's write lock before "database is locked".
BUSY_TIMEOUT_MS = 5000


def migration_files(directory: Path = MIGRATIONS_DIR) -> list[tuple[int, Path]]:
    found: list[tuple[int, Path]] = []
    for path in directory.iterdir():
        match = _NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    found.sort()
    numbers = [n for n, _ in found]
    if numbers != list(range(1, len(numbers) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..N without gaps, found {numbers}")
    return found


def read_only_uri(path: str | Path) -> str:
    """The URI that opens the database file at ``path`` for reading only."""
    return f"{Path(path).resolve().as_uri()}?mode=ro"


async def connect(path: str | Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS,
                  read_only: bool = False) -> aiosqlite.Connection:
    """Open the database with WAL, foreign keys and a busy timeout, and bring its schema up to date; or, with
    ``read_only``, open an existing database for reading only (its schema is another process's concern)."""
    if read_only:
        conn = await aiosqlite.connect(read_only_uri(path), uri=True, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        await conn.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        return conn
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = await aiosqlite.connect(str(path), isolation_level=None)
    conn.row_factory = aiosqlite.Row
    await conn.execute("PRAGMA journal_mode=WAL")
    await conn.execute("PRAGMA foreign_keys=ON")
    await conn.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    await conn.execute("PRAGMA synchronous=NORMAL")
    # Deleted and overwritten rows are zeroed on their pages (and so in the WAL frames that carry them): after
    # /forget or retention, Database.erase_traces() checkpoints the WAL and nothing personal stays in the files.
    await conn.execute("PRAGMA secure_delete=ON")
    await migrate(conn)
    return conn


async def schema_version(conn: aiosqlite.Connection) -> int:
    async with conn.execute("PRAGMA user_version") as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def migrate(conn: aiosqlite.Connection, directory: Path = MIGRATIONS_DIR) -> int:
    current = await schema_version(conn)
    for number, path in migration_files(directory):
        if number <= current:
            continue
        sql = path.read_text(encoding="utf-8")
        log.info("applying migration %s", path.name)
        # executescript() commits first, so the whole file and the version bump go in one explicit script.
        try:
            await conn.executescript(f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;")
        except Exception:
            if conn.in_transaction:
                await conn.execute("ROLLBACK")
            raise
        current = number
    return current
