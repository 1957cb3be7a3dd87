"""UserRepo.ensure: the users of one turn of the event loop are written by one statement, on a real SQLite file."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.db.database import Database
from bot.db.users import ENSURE_BATCH, User, UserRepo


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "users.sqlite3")
    yield database
    await database.close()


async def test_users_arriving_together_are_written_by_one_statement(db: Database) -> None:
    repo = UserRepo(db)
    await repo.ensure(1, "ru", "Old")
    await repo.set_language(1, "ru")  # chosen by the citizen: a later ensure() never changes it
    statements: list[str] = []
    await db.set_trace_callback(statements.append)
    ids = list(range(1, 151))
    found = await asyncio.gather(*(repo.ensure(i, "kk", f"Name {i}") for i in ids), repo.ensure(7, "kk", "Again"))
    await db.set_trace_callback(None)
    inserts = {s for s in statements if s.startswith("INSERT INTO users")}  # SQLite traces each row it returns
    assert len(inserts) == 1 and next(iter(inserts)).count("), (") == 149  # one statement for the 150 users
    assert found[0] == User(1, "ru", True, "Name 1")  # a known user keeps the language they chose
    assert found[1] == User(2, "kk", False, "Name 2")
    assert found[6] == found[-1] == User(7, "kk", False, "Again")  # the same user twice: one row, the latest name
    rows = await db.fetchall("SELECT id, language, first_name FROM users ORDER BY id")
    assert len(rows) == 150 and tuple(rows[1]) == (2, "kk", "Name 2")


async def test_more_users_than_one_statement_takes_are_all_written(db: Database) -> None:
    repo = UserRepo(db)
    count = ENSURE_BATCH * 2 + 5
    found = await asyncio.gather(*(repo.ensure(i, "ru", None) for i in range(1, count + 1)))
    assert [u.id for u in found] == list(range(1, count + 1))
    assert await db.fetchval("SELECT count(*) FROM users") == count


async def test_inside_a_transaction_the_user_joins_it(db: Database) -> None:
    repo = UserRepo(db)
    with pytest.raises(RuntimeError):
        async with db.transaction():
            async with asyncio.timeout(5):  # no waiting for a write by another task (it would wait for ours)
                user = await repo.ensure(5, "kk", None)
            assert user.id == 5
            raise RuntimeError("rolled back")
    assert await db.fetchval("SELECT count(*) FROM users") == 0


async def test_a_failed_write_fails_every_user_of_it_and_the_next_turn_works(db: Database) -> None:
    repo = UserRepo(db)
    await db.execute("PRAGMA query_only = ON")  # SQLite itself refuses the write
    found = await asyncio.gather(*(repo.ensure(i, "kk", None) for i in range(1, 4)), return_exceptions=True)
    assert all(isinstance(r, sqlite3.OperationalError) for r in found)
    await db.execute("PRAGMA query_only = OFF")
    assert (await repo.ensure(1, "kk", None)).id == 1


async def test_a_cancelled_update_does_not_stop_the_others(db: Database) -> None:
    repo = UserRepo(db)
    first = asyncio.ensure_future(repo.ensure(1, "kk", None))
    second = asyncio.ensure_future(repo.ensure(2, "ru", None))
    await asyncio.sleep(0)
    first.cancel()
    assert (await second).id == 2
    assert await db.fetchval("SELECT count(*) FROM users") == 2  # the cancelled one's row is written all the same
