"""One shared aiosqlite connection, made safe for many concurrent handlers.

Each call is a round trip to aiosqlite's worker thread, which costs more than a simple statement, so reads
use ``execute_fetchall`` (one trip) rather than execute + fetch + close (three).

aiosqlite runs statements one at a time on its own thread, but two coroutines could still interleave their
statements inside one transaction. ``Database`` serialises writers with an asyncio lock: every write goes
through :meth:`Database.transaction` (BEGIN IMMEDIATE ... COMMIT, rolled back on any exception) or
:meth:`Database.execute` (one autocommitted statement). Reads take the same lock so that they never see
another handler's uncommitted rows.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from bot.db.connection import connect

Params = Sequence[Any] | dict[str, Any]


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

    @classmethod
    async def open(cls, path: str | Path) -> Database:
        return cls(await connect(path), path)

    async def close(self) -> None:
        async with self._lock:
            await self.conn.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        async with self._lock:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._tx
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            else:
                await self.conn.execute("COMMIT")

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one write statement; returns lastrowid for INSERT, else the number of rows changed.

        One round trip to aiosqlite's thread: the cursor is not closed explicitly (sqlite3 finalises it),
        since every extra hop costs more than the statement itself (bench/throughput.py)."""
        async with self._lock:
            cur = await self.conn.execute(sql, params)
            result = cur.lastrowid if sql.lstrip()[:6].upper() == "INSERT" else cur.rowcount
            return int(result or 0)

    async def fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        async with self._lock:
            return await self._tx.fetchone(sql, params)

    async def fetchall(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        async with self._lock:
            return await self._tx.fetchall(sql, params)

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        async with self._lock:
            return await self._tx.fetchval(sql, params)
