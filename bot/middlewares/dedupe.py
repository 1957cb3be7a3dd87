"""An update delivered twice (Telegram re-sends what was fetched but not confirmed before a restart) is
handled once: its id is recorded after it was handled, and a known id is skipped.

Only the newest updates can come again, so the check is made in memory against the ids handled recently,
loaded from the database on start. The record is written to the database in batches, FLUSH_DELAY after an
update was handled (one statement for all the updates handled meanwhile instead of one per update: under load
that write was about a sixth of the bot's CPU per answer, bench/throughput.py), and on shutdown.

What a batch can miss is the last FLUSH_DELAY before a crash. Those updates cannot come again in polling
mode: aiogram confirms a batch of updates (the next getUpdates offset) as soon as it has started their
handling, before they finish. A webhook delivery that Telegram repeats after a crash could be handled twice;
forms that must not happen twice (appeals, bookings) guard against a repeat by themselves."""

from __future__ import annotations

import asyncio
import contextlib
import logging
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
FLUSH_DELAY = 0.05  # seconds

log = logging.getLogger(__name__)


class DedupeMiddleware(BaseMiddleware):
    def __init__(self, db: Database) -> None:
        self.db = db
        self._recent: OrderedDict[int, None] = OrderedDict()
        self._loaded = False
        self._pending: list[tuple[int]] = []
        self._flusher: asyncio.Task[None] | None = None
        self._flush_now = asyncio.Event()

    async def seen(self, update_id: int) -> bool:
        if not self._loaded:
            rows = await self.db.fetchall(
                "SELECT update_id FROM processed_updates ORDER BY update_id DESC LIMIT ?", (RECENT,)
            )
            for row in reversed(rows):
                self._recent[int(row[0])] = None
            self._loaded = True
        return update_id in self._recent

    def remember(self, update_id: int) -> None:
        self._recent[update_id] = None
        if len(self._recent) > RECENT:
            self._recent.popitem(last=False)
        self._pending.append((update_id,))
        if self._flusher is None:
            self._flusher = asyncio.create_task(self._flush_later())

    async def _flush_later(self) -> None:
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._flush_now.wait(), FLUSH_DELAY)
            await self._write()
        except Exception as exc:
            log.warning("could not record handled update ids (%s); they stay in memory", type(exc).__name__)
        finally:
            self._flusher = None

    async def _write(self) -> None:
        batch, self._pending = self._pending, []
        if batch:
            async with self.db.transaction() as tx:
                await tx.executemany("INSERT OR IGNORE INTO processed_updates (update_id) VALUES (?)", batch)

    async def flush(self) -> None:
        """Write what is pending now (on shutdown, before the database closes)."""
        flusher = self._flusher
        if flusher is not None:
            self._flush_now.set()
            await flusher
            self._flush_now.clear()
        await self._write()

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
        self.remember(event.update_id)
        return result
