"""aiogram FSM storage in SQLite: a half-filled form survives a restart, a crash or SIGKILL.

Every write goes to the database before it returns; reads are served from a write-through memory cache
(this process is the database's only writer), so the state lookup aiogram does for every update costs no
query once a chat is known. Data is cached only when it is empty (most chats, and every citizen's first
message): a form's data, which holds names and phones, is always read from the database, never kept here."""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StateType, StorageKey

from bot.db.database import Database

CACHE_SIZE = 20_000
_MISSING = object()


class SQLiteStorage(BaseStorage):
    def __init__(self, db: Database, key_builder: KeyBuilder | None = None) -> None:
        self.db = db
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)
        self._states: OrderedDict[str, str | None] = OrderedDict()
        self._no_data: OrderedDict[str, None] = OrderedDict()  # keys known to hold no data

    def _key(self, key: StorageKey) -> str:
        return self.key_builder.build(key)

    def forget_cached(self) -> None:
        """Drop the memory of states: rows were deleted behind the storage's back (/forget, retention)."""
        self._states.clear()
        self._no_data.clear()

    def _remember_no_data(self, key: str, empty: bool) -> None:
        if not empty:
            self._no_data.pop(key, None)
            return
        self._no_data[key] = None
        self._no_data.move_to_end(key)
        if len(self._no_data) > CACHE_SIZE:
            self._no_data.popitem(last=False)

    def _remember(self, key: str, state: str | None) -> None:
        self._states[key] = state
        self._states.move_to_end(key)
        if len(self._states) > CACHE_SIZE:
            self._states.popitem(last=False)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        name = state.state if isinstance(state, State) else state
        await self.db.execute(
            "INSERT INTO fsm_state (key, state, user_id) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
            "state = excluded.state, user_id = excluded.user_id, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            (self._key(key), name, key.user_id),
        )
        self._remember(self._key(key), name)

    async def get_state(self, key: StorageKey) -> str | None:
        db_key = self._key(key)
        cached = self._states.get(db_key, _MISSING)
        if cached is not _MISSING:
            return cached  # type: ignore[return-value]
        # the data's emptiness comes with the state: a chat's first update then needs no second query
        rows = await self.db.peek(
            "SELECT state, data IS NULL OR data = '{}' FROM fsm_state WHERE key = ?", (db_key,)
        )
        row = rows[0] if rows else None
        state = None if row is None or row[0] is None else str(row[0])
        self._remember(db_key, state)
        if row is None or row[1]:
            self._remember_no_data(db_key, True)
        return state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self.db.execute(
            "INSERT INTO fsm_state (key, data, user_id) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
            "data = excluded.data, user_id = excluded.user_id, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            (self._key(key), json.dumps(dict(data), ensure_ascii=False), key.user_id),
        )
        self._remember_no_data(self._key(key), not data)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        db_key = self._key(key)
        if db_key in self._no_data:
            self._no_data.move_to_end(db_key)
            return {}
        rows = await self.db.peek("SELECT data FROM fsm_state WHERE key = ?", (db_key,))
        value = rows[0][0] if rows else None
        data = {} if value is None else dict(json.loads(value))
        self._remember_no_data(db_key, not data)
        return data

    async def close(self) -> None:
        """The database is closed by its owner, not by the storage."""
