"""Per update: the user's row, their language for gettext, and the repositories handlers need."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n.middleware import I18nMiddleware

from bot.db.users import User, UserRepo
from bot.i18n import LANGUAGES

# Refresh a known user's row (last seen, name) at most this often; in between it comes from memory.
REFRESH_SECONDS = 600.0
CACHE_SIZE = 10_000


def initial_language(tg_user: TgUser, default: str) -> str:
    code = (tg_user.language_code or "").split("-")[0].lower()
    return code if code in LANGUAGES else default


class UserMiddleware(BaseMiddleware):
    """Outer middleware on updates: puts ``user`` (our row) into the handler data."""

    def __init__(self, users: UserRepo, default_language: str) -> None:
        self.users = users
        self.default_language = default_language
        self._cache: OrderedDict[int, tuple[float, User]] = OrderedDict()

    def forget(self, user_id: int) -> None:
        self._cache.pop(user_id, None)

    async def load(self, tg_user: TgUser) -> User:
        cached = self._cache.get(tg_user.id)
        now = time.monotonic()
        if cached and now - cached[0] < REFRESH_SECONDS and cached[1].first_name == tg_user.first_name:
            self._cache.move_to_end(tg_user.id)
            return cached[1]
        user = await self.users.ensure(
            tg_user.id, initial_language(tg_user, self.default_language), tg_user.first_name
        )
        self._cache[tg_user.id] = (now, user)
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return user

    async def set_language(self, user_id: int, language: str) -> User:
        await self.users.set_language(user_id, language)
        self.forget(user_id)
        user = await self.users.get(user_id)
        assert user is not None
        return user

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        if tg_user is not None and not tg_user.is_bot:
            data["user"] = await self.load(tg_user)
        return await handler(event, data)


class UserI18nMiddleware(I18nMiddleware):
    """gettext speaks the language stored for the user (chosen, or taken from Telegram on first contact)."""

    def __init__(self, i18n: I18n, default_language: str) -> None:
        super().__init__(i18n)
        self.default_language = default_language

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        user: User | None = data.get("user")
        return user.language if user is not None else self.default_language
