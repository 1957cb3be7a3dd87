"""One shared aiosqlite connection, made safe for many concurrent handlers.

Each call is a round trip to aiosqlite's worker thread, which costs more than a simple statement, so reads
use ``execute_fetchall`` (one trip) rather than execute + fetch + close (three).

aiosqlite runs statements one at a time on its own thread, but two coroutines could still interleave their
statements inside one transaction. ``Database`` serialises writers with an asyncio lock: every write goes
through :meth:`Database.transaction` (BEGIN IMMEDIATE ... COMMIT, rolled back on any exception) or
:meth:`Database.execute` (one autocommitted statement). Reads take the same lock so that they never see
another handler's uncommitted rows.

Transactions nest: inside ``transaction()`` the same task may call ``transaction()`` again (a SAVEPOINT, rolled
back on its own if its block raises) and ``execute``/``fetch*`` (they join the open transaction). This is what
lets /forget run every feature's ``forget_user`` in one transaction without the features knowing about each
other. Do not hand work that touches the database to *another* task while holding a transaction: that task
waits for the lock the first one holds.

Short reads on the hot path of every message (the FSM state, the knowledge-base search) use :meth:`Database.peek`:
a second, read-only connection used on the event loop's own thread. In WAL mode a reader neither waits for
writers nor is seen by them, and the statement costs ~10 µs where a round trip to aiosqlite's thread costs
~60 µs of CPU (bench/throughput.py, first contact). It sees every committed row, as a read under the lock does.

Another process (a backup, an administrator's sqlite3 shell) may hold SQLite's write lock for a while: each
statement waits ``busy_timeout`` for it, and a "database is locked" error is retried a few times with back-off
before it reaches the caller.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.db.connection import BUSY_TIMEOUT_MS, connect, read_only_uri

log = logging.getLogger(__name__)

Params = Sequence[Any] | dict[str, Any]
T = TypeVar("T")

# A read on the loop's thread waits at most this long for a lock (WAL readers wait only during a recovery or
# an exclusive checkpoint by another process), then goes the usual way through aiosqlite's thread.
PEEK_BUSY_TIMEOUT_MS = 50

# "database is locked" after busy_timeout: retried this many times, waiting RETRY_DELAY * 2**n in between.
LOCK_RETRIES = 5
RETRY_DELAY = 0.05


def is_busy(exc: BaseException) -> bool:
    """SQLITE_BUSY / SQLITE_LOCKED, as the sqlite3 module reports them."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    text = str(exc).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text


class Tx:
    """Statements inside one open transaction (the lock is already held)."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def execute(self, sql: str, params: Params = ()) -> aiosqlite.Cursor:
        return await self.conn.execute(sql, params)

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        await self.conn.executemany(sql, rows)

    async def fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        rows = await self.conn.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def fetchall(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        return list(await self.conn.execute_fetchall(sql, params))

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]


class Database:
    def __init__(self, conn: aiosqlite.Connection, path: str | Path) -> None:
        self.conn = conn
        self.path = str(path)
        self._lock = asyncio.Lock()
        self._tx = Tx(conn)
        self._owner: asyncio.Task[Any] | None = None  # the task inside transaction(), if any
        self._depth = 0
        self.busy_retries = 0  # how many times a locked database was waited for (for tests and benchmarks)
        self._reader: sqlite3.Connection | None = None
        self._reader_failed = self.in_memory  # another connection would see another database

    @property
    def in_memory(self) -> bool:
        """An in-memory database: no other connection, nor another process, can see it."""
        return self.path == ":memory:"

    @classmethod
    async def open(cls, path: str | Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS, read_only: bool = False) -> Database:
        return cls(await connect(path, busy_timeout_ms=busy_timeout_ms, read_only=read_only), path)

    async def close(self) -> None:
        async with self._lock:
            if self._reader is not None:
                self._reader.close()
                self._reader = None
            await self.conn.close()

    def _open_reader(self) -> sqlite3.Connection | None:
        if self._reader is None and not self._reader_failed:
            try:
                reader = sqlite3.connect(read_only_uri(self.path), uri=True,
                                         isolation_level=None, check_same_thread=False)
                reader.row_factory = sqlite3.Row
                reader.execute(f"PRAGMA busy_timeout={PEEK_BUSY_TIMEOUT_MS}")
                self._reader = reader
            except sqlite3.Error:
                log.warning("no read-only connection: short reads go through the database thread")
                self._reader_failed = True
        return self._reader

    async def set_trace_callback(self, callback: Callable[[str], object] | None) -> None:
        """Every statement either connection runs goes to ``callback`` (tests count queries with it)."""
        await self.conn.set_trace_callback(callback)
        reader = self._open_reader()
        if reader is not None:
            reader.set_trace_callback(callback)

    async def peek(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """A short read (a point lookup, the knowledge-base search) on the event loop's thread, through the
        read-only connection; inside this task's transaction, or when that connection is busy, the usual way."""
        reader = None if self.in_my_transaction() else self._open_reader()
        if reader is not None:
            try:
                return reader.execute(sql, params).fetchall()
            except sqlite3.OperationalError as exc:
                if not is_busy(exc):
                    raise
        return await self.fetchall(sql, params)

    async def erase_traces(self) -> None:
        """After personal data was deleted (/forget, retention): with ``secure_delete`` on, the deleted bytes are
        zeroed in the new page versions, but the WAL file still holds the older versions of those pages. A
        checkpoint that truncates the WAL copies the zeroed pages into the main file and empties the WAL, so no
        erased name, phone or text stays readable in any of the database's files. A reader holding an old
        snapshot (another process) can make the checkpoint incomplete: then it is tried again a few times."""
        if self.in_memory:
            return
        for attempt in range(LOCK_RETRIES + 1):
            async with self._lock:
                rows = await self.conn.execute_fetchall("PRAGMA wal_checkpoint(TRUNCATE)")
            busy = next(iter(rows), (0,))[0]
            if not busy:
                return
            await asyncio.sleep(RETRY_DELAY * 2**attempt)
        log.warning("the WAL could not be truncated after an erasure: another connection is reading")

    def in_my_transaction(self) -> bool:
        """Whether the running task is inside its own transaction() (a write then joins it)."""
        task = asyncio.current_task()
        return task is not None and self._owner is task

    async def _retrying(self, operation: Callable[[], Awaitable[T]]) -> T:
        for attempt in range(LOCK_RETRIES + 1):
            try:
                return await operation()
            except sqlite3.OperationalError as exc:
                if not is_busy(exc) or attempt == LOCK_RETRIES:
                    raise
                self.busy_retries += 1
                log.warning("database is locked, retry %r of %r", attempt + 1, LOCK_RETRIES)
                await asyncio.sleep(RETRY_DELAY * 2**attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        if self.in_my_transaction():
            async with self._savepoint():
                yield self._tx
            return
        async with self._lock:
            await self._retrying(lambda: self.conn.execute("BEGIN IMMEDIATE"))
            self._owner = asyncio.current_task()
            try:
                yield self._tx
            except BaseException:
                if self.conn.in_transaction:
                    await self.conn.execute("ROLLBACK")
                raise
            else:
                try:
                    await self.conn.execute("COMMIT")
                except BaseException:
                    if self.conn.in_transaction:
                        await self.conn.execute("ROLLBACK")
                    raise
            finally:
                self._owner = None

    @asynccontextmanager
    async def _savepoint(self) -> AsyncIterator[None]:
        self._depth += 1
        name = f"sp{self._depth}"
        await self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            await self.conn.execute(f"ROLLBACK TO {name}")
            await self.conn.execute(f"RELEASE {name}")
            raise
        else:
            await self.conn.execute(f"RELEASE {name}")
        finally:
            self._depth -= 1

    async def _execute(self, sql: str, params: Params) -> int:
        # One round trip to aiosqlite's thread: the cursor is not closed explicitly (sqlite3 finalises it),
        # since every extra hop costs more than the statement itself (bench/throughput.py).
        cur = await self.conn.execute(sql, params)
        result = cur.lastrowid if sql.lstrip()[:6].upper() == "INSERT" else cur.rowcount
        return int(result or 0)

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one write statement; returns lastrowid for INSERT, else the number of rows changed."""
        if self.in_my_transaction():
            return await self._execute(sql, params)
        async with self._lock:
            return await self._retrying(lambda: self._execute(sql, params))

    async def fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        if self.in_my_transaction():
            return await self._tx.fetchone(sql, params)
        async with self._lock:
            return await self._retrying(lambda: self._tx.fetchone(sql, params))

    async def fetchall(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        if self.in_my_transaction():
            return await self._tx.fetchall(sql, params)
        async with self._lock:
            return await self._retrying(lambda: self._tx.fetchall(sql, params))

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        if self.in_my_transaction():
            return await self._tx.fetchval(sql, params)
        async with self._lock:
            return await self._retrying(lambda: self._tx.fetchval(sql, params))
