"""Flood control, counted per user so one flooder never slows anyone else down, with two budgets:

- messages a citizen types outside a form (questions, commands, menu buttons): more than ``limit`` in ``window``
  seconds are ignored for the rest of the window, with one polite warning;
- taps and form answers (inline-button presses, the answers to a form's steps, shared contacts): a separate and
  more generous budget (``taps`` in ``window``), since going through a form with its buttons at a normal pace
  is many updates in a few seconds and must never be punished.

Nothing that belongs to a form is dropped silently: a form answer or a contact over the budget always gets the
warning, saying that it was not taken and should be sent again, and a tap over the budget always gets it as the
button's answer (the form's step stays where it was, so the same button works a moment later)."""

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
TAPS_PER_MESSAGE = 4  # the taps' budget when none is given: this many times the messages' budget


class Budget:
    """At most ``limit`` events per ``window`` seconds per user; (allowed, warn now) for each event."""

    def __init__(self, limit: int, window: float, monotonic: Callable[[], float]) -> None:
        self.limit = limit
        self.window = window
        self.monotonic = monotonic
        self._hits: dict[int, deque[float]] = {}
        self._warned: dict[int, float] = {}

    def allow(self, user_id: int) -> tuple[bool, bool]:
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


class FloodMiddleware(BaseMiddleware):
    def __init__(
        self,
        i18n: I18n,
        limit: int,
        window: float,
        monotonic: Callable[[], float] = time.monotonic,
        taps: int | None = None,
    ) -> None:
        self.i18n = i18n
        self.messages = Budget(limit, window, monotonic)
        self.taps = Budget(taps if taps is not None else limit * TAPS_PER_MESSAGE, window, monotonic)

    @staticmethod
    def _is_tap(event: Update, data: dict[str, Any]) -> bool:
        """A button press, a form's answer or a shared contact: the generous budget."""
        if event.callback_query is not None:
            return True
        message = event.message
        if message is None:
            return False
        if message.contact is not None:
            return True
        return data.get("raw_state") is not None and not (message.text or "").startswith("/")

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("user")
        if user is None or not isinstance(event, Update):
            return await handler(event, data)
        tap = self._is_tap(event, data)
        allowed, warn = (self.taps if tap else self.messages).allow(user.id)
        if allowed:
            return await handler(event, data)
        bot: Bot = data["bot"]
        text = self.i18n.gettext(
            "You are sending messages too fast. Please wait a few seconds.", locale=user.language
        )
        if isinstance(event.callback_query, CallbackQuery):
            await bot.answer_callback_query(event.callback_query.id, text)
        elif isinstance(event.message, Message) and tap:
            # a form's answer or a contact is never dropped without a word
            again = self.i18n.gettext(
                "Your last message was not taken. Please wait a few seconds and send it again.", locale=user.language
            )
            await bot.send_message(event.message.chat.id, f"{text} {again}")
        elif warn and isinstance(event.message, Message):
            await bot.send_message(event.message.chat.id, text)
        return None
