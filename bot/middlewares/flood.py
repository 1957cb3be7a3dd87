"""Flood control: a user sending more than ``limit`` updates in ``window`` seconds is ignored for the rest of
the window, with one polite warning. Counted per user, so one flooder never slows anyone else down."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import CallbackQuery, Message, TelegramObject, Update
from aiogram.utils.i18n import I18n

from bot.db.users import User

MAX_TRACKED_USERS = 50_000


class FloodMiddleware(BaseMiddleware):
    def __init__(
        self,
        i18n: I18n,
        limit: int,
        window: float,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.i18n = i18n
        self.limit = limit
        self.window = window
        self.monotonic = monotonic
        self._hits: dict[int, deque[float]] = {}
        self._warned: dict[int, float] = {}

    def _allow(self, user_id: int) -> tuple[bool, bool]:
        """(allowed, warn now)."""
        now = self.monotonic()
        hits = self._hits.get(user_id)
        if hits is None:
            if len(self._hits) >= MAX_TRACKED_USERS:
                self._evict(now)
            hits = self._hits[user_id] = deque()
        while hits and now - hits[0] > self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            warned_at = self._warned.get(user_id)
            warn = warned_at is None or now - warned_at > self.window
            if warn:
                self._warned[user_id] = now
            return False, warn
        hits.append(now)
        return True, False

    def _evict(self, now: float) -> None:
        for uid in [u for u, h in self._hits.items() if not h or now - h[-1] > self.window]:
            del self._hits[uid]
            self._warned.pop(uid, None)

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("user")
        if user is None or not isinstance(event, Update):
            return await handler(event, data)
        allowed, warn = self._allow(user.id)
        if allowed:
            return await handler(event, data)
        bot: Bot = data["bot"]
        text = self.i18n.gettext(
            "You are sending messages too fast. Please wait a few seconds.", locale=user.language
        )
        if isinstance(event.callback_query, CallbackQuery):
            await bot.answer_callback_query(event.callback_query.id, text if warn else None)
        elif warn and isinstance(event.message, Message):
            await bot.send_message(event.message.chat.id, text)
        return None
