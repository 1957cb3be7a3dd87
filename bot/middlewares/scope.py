"""The outermost middleware: counts updates in flight, so that a graceful shutdown waits for them (polling and
webhook alike) before the database is closed. (The update id for log lines is set around
Dispatcher.feed_update, in bot.app.)"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update

log = logging.getLogger(__name__)


class UpdateScopeMiddleware(BaseMiddleware):
    def __init__(self) -> None:
        self.in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        with self.track(event.update_id if isinstance(event, Update) else None):
            return await handler(event, data)

    @contextmanager
    def track(self, update_id: int | None) -> Iterator[None]:
        """Work on behalf of an update, counted as in flight. The error handler runs outside the middlewares
        (aiogram's ErrorsMiddleware is the outermost) and uses this too."""
        self.in_flight += 1
        self._idle.clear()
        try:
            yield
        finally:
            self.in_flight -= 1
            if self.in_flight == 0:
                self._idle.set()

    async def wait_idle(self, timeout: float) -> bool:
        """Until no update is being handled (True), or ``timeout`` seconds passed (False)."""
        if self.in_flight:
            log.info("waiting for %r update(s) in flight", self.in_flight)
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            log.warning("%r update(s) still in flight after %r s; shutting down anyway", self.in_flight, timeout)
            return False
        return True
