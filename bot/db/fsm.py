"""aiogram FSM storage in SQLite: a half-filled form survives a restart, a crash or SIGKILL."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StateType, StorageKey

from bot.db.database import Database


class SQLiteStorage(BaseStorage):
    def __init__(self, db: Database, key_builder: KeyBuilder | None = None) -> None:
        self.db = db
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)

    def _key(self, key: StorageKey) -> str:
        return self.key_builder.build(key)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        name = state.state if isinstance(state, State) else state
        await self.db.execute(
            "INSERT INTO fsm_state (key, state) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
            "state = excluded.state, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            (self._key(key), name),
        )

    async def get_state(self, key: StorageKey) -> str | None:
        value = await self.db.fetchval("SELECT state FROM fsm_state WHERE key = ?", (self._key(key),))
        return None if value is None else str(value)

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self.db.execute(
            "INSERT INTO fsm_state (key, data) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
            "data = excluded.data, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            (self._key(key), json.dumps(dict(data), ensure_ascii=False)),
        )

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        value = await self.db.fetchval("SELECT data FROM fsm_state WHERE key = ?", (self._key(key),))
        return {} if value is None else dict(json.loads(value))

    async def close(self) -> None:
        """The database is closed by its owner, not by the storage."""
