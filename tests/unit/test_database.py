"""Database: nested transactions join the outer one, and a write lock held by another connection is waited for."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.db import database as database_module
from bot.db.database import Database


async def wait_until(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    """Polls a condition another thread (SQLite's) changes; fails after ``timeout``."""
    async with asyncio.timeout(timeout):
        while True:
            if predicate():
                return
            await asyncio.sleep(0.005)


async def users(db: Database) -> list[int]:
    return [int(r[0]) for r in await db.fetchall("SELECT id FROM users ORDER BY id")]


async def test_nested_transaction_and_plain_statements_join_the_outer_one(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "db.sqlite3")
    try:
        with pytest.raises(RuntimeError):
            async with db.transaction() as tx:
                await tx.execute("INSERT INTO users (id) VALUES (1)")
                await db.execute("INSERT INTO users (id) VALUES (2)")  # would deadlock without re-entrancy
                async with db.transaction() as inner:
                    await inner.execute("INSERT INTO users (id) VALUES (3)")
                assert await db.fetchval("SELECT count(*) FROM users") == 3
                raise RuntimeError("the outer block fails: nothing of it stays")
        assert await users(db) == []
    finally:
        await db.close()


async def test_inner_block_that_fails_is_rolled_back_alone(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "db.sqlite3")
    try:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO users (id) VALUES (1)")
            with pytest.raises(ValueError):
                async with db.transaction() as inner:
                    await inner.execute("INSERT INTO users (id) VALUES (2)")
                    raise ValueError("inner")
            await db.execute("INSERT INTO users (id) VALUES (3)")
        assert await users(db) == [1, 3]
    finally:
        await db.close()


async def test_other_tasks_wait_for_the_transaction(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "db.sqlite3")
    try:
        async def writer(n: int) -> None:
            async with db.transaction() as tx:
                count = await tx.fetchval("SELECT count(*) FROM users")
                await asyncio.sleep(0)  # let the others run: they must not see or interleave
                await tx.execute("INSERT INTO users (id, first_name) VALUES (?, ?)", (n, str(count)))

        await asyncio.gather(*(writer(n) for n in range(1, 51)))
        rows = await db.fetchall("SELECT first_name FROM users")
        assert sorted(int(r[0]) for r in rows) == list(range(50))  # each saw all the previous ones
    finally:
        await db.close()


async def test_write_waits_for_another_connection_holding_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    db = await Database.open(path, busy_timeout_ms=20)
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO users (id) VALUES (100)")
        write = asyncio.create_task(db.execute("INSERT INTO users (id) VALUES (1)"))
        # the write fails with "database is locked" after 20 ms and is retried
        await wait_until(lambda: db.busy_retries >= 1)
        assert not write.done()
        other.execute("COMMIT")
        assert await write == 1
        assert await users(db) == [1, 100]

        # the same for a transaction: BEGIN IMMEDIATE waits
        other.execute("BEGIN IMMEDIATE")
        before = db.busy_retries

        async def in_tx() -> None:
            async with db.transaction() as tx:
                await tx.execute("INSERT INTO users (id) VALUES (2)")

        task = asyncio.create_task(in_tx())
        await wait_until(lambda: db.busy_retries > before)
        other.execute("ROLLBACK")
        await task
        assert await users(db) == [1, 2, 100]
    finally:
        other.close()
        await db.close()


async def test_a_lock_that_is_never_released_ends_in_an_error_not_a_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database_module, "RETRY_DELAY", 0.001)
    path = tmp_path / "db.sqlite3"
    db = await Database.open(path, busy_timeout_ms=10)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            await db.execute("INSERT INTO users (id) VALUES (1)")
        assert db.busy_retries == database_module.LOCK_RETRIES
        other.execute("ROLLBACK")
        # the database is usable afterwards
        await db.execute("INSERT INTO users (id) VALUES (1)")
        assert await users(db) == [1]
    finally:
        other.close()
        await db.close()


async def test_peek_reads_committed_rows_on_the_loops_thread(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "peek.sqlite3")
    try:
        await db.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)")
        await db.execute("INSERT INTO t VALUES ('a', '1')")
        assert [tuple(r) for r in await db.peek("SELECT k, v FROM t")] == [("a", "1")]
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO t VALUES ('b', '2')")
            # inside its own transaction a task sees its uncommitted row (the peek joins the transaction)
            assert len(await db.peek("SELECT k FROM t")) == 2
        assert len(await db.peek("SELECT k FROM t")) == 2
        with pytest.raises(sqlite3.OperationalError):  # read-only: a write through peek is refused
            await db.peek("DELETE FROM t")
        assert len(await db.fetchall("SELECT k FROM t")) == 2
    finally:
        await db.close()


async def test_peek_waits_for_no_writer_of_another_process(tmp_path: Path) -> None:
    path = tmp_path / "peek-lock.sqlite3"
    db = await Database.open(path)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        await db.execute("CREATE TABLE t (k TEXT)")
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO t VALUES ('uncommitted')")
        assert await db.peek("SELECT k FROM t") == []  # WAL: the reader sees the last commit, at once
        other.execute("COMMIT")
        assert len(await db.peek("SELECT k FROM t")) == 1
    finally:
        other.close()
        await db.close()
