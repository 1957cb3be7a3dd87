"""An update delivered twice (Telegram re-sends what was fetched but not confirmed before a restart) is
handled once: its id is recorded after it was handled, and a known id is skipped.

Only the newest updates can come again, so the check is made in memory against the ids handled recently,
loaded from the database on start; the record itself is written to the database for every update."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject, Update

from bot.db.database import Database

RECENT = 20_000
KEEP_DAYS = 7


class DedupeMiddleware(BaseMiddleware):
    def __init__(self, db: Database) -> None:
        self.db = db
        self._recent: OrderedDict[int, None] = OrderedDict()
        self._loaded = False

    async def seen(self, update_id: int) -> bool:
        if not self._loaded:
            rows = await self.db.fetchall(
                "SELECT update_id FROM processed_updates ORDER BY update_id DESC LIMIT ?", (RECENT,)
            )
            for row in reversed(rows):
                self._recent[int(row[0])] = None
            self._loaded = True
        return update_id in self._recent

    async def remember(self, update_id: int) -> None:
        self._recent[update_id] = None
        if len(self._recent) > RECENT:
            self._recent.popitem(last=False)
        await self.db.execute(
            "INSERT OR IGNORE INTO processed_updates (update_id) VALUES (?)", (update_id,)
        )

    async def run_once(self, now: datetime) -> int:
        """A background job (bot.jobs): forget update ids older than KEEP_DAYS."""
        return await self.prune()

    async def prune(self) -> int:
        return await self.db.execute(
            "DELETE FROM processed_updates WHERE handled_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?)",
            (f"-{KEEP_DAYS} days",),
        )

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        if await self.seen(event.update_id):
            return UNHANDLED
        result = await handler(event, data)
        await self.remember(event.update_id)
        return result
