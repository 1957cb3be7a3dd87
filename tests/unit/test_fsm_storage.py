"""bot.db.fsm.SQLiteStorage: reads come from memory only where that holds no personal data."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram.fsm.storage.base import StorageKey

from bot.db.database import Database
from bot.db.fsm import SQLiteStorage

KEY = StorageKey(bot_id=1, chat_id=42, user_id=42)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "fsm.sqlite3")
    yield database
    await database.close()


async def test_empty_data_is_not_read_again(db: Database) -> None:
    storage = SQLiteStorage(db)
    statements: list[str] = []
    await db.set_trace_callback(statements.append)
    assert await storage.get_data(KEY) == {}  # a citizen's first message: read once
    assert await storage.get_data(KEY) == {}
    assert await storage.get_data(KEY) == {}
    assert sum("SELECT data" in s for s in statements) == 1


async def test_a_forms_data_is_always_read_from_the_database(db: Database) -> None:
    storage = SQLiteStorage(db)
    await storage.set_data(KEY, {"name": "Айгүл"})
    await db.execute("UPDATE fsm_state SET data = ? WHERE key = ?", ('{"name": "Иван"}', storage._key(KEY)))
    assert await storage.get_data(KEY) == {"name": "Иван"}  # not a copy kept in memory
    await storage.set_data(KEY, {})
    assert await storage.get_data(KEY) == {}
    await storage.set_data(KEY, {"phone": "+77011234567"})
    assert await storage.get_data(KEY) == {"phone": "+77011234567"}


async def test_a_new_chat_costs_one_query_for_state_and_data(db: Database) -> None:
    storage = SQLiteStorage(db)
    statements: list[str] = []
    await db.set_trace_callback(statements.append)
    assert await storage.get_state(KEY) is None
    assert await storage.get_data(KEY) == {}
    assert sum("FROM fsm_state" in s for s in statements) == 1
    # a chat with a form's data still has it read from the database
    other = StorageKey(bot_id=1, chat_id=7, user_id=7)
    await storage.set_data(other, {"name": "Айгүл"})
    fresh = SQLiteStorage(db)
    assert await fresh.get_state(other) is None
    assert await fresh.get_data(other) == {"name": "Айгүл"}
