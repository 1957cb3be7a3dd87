"""Filters shared by the routers."""

from __future__ import annotations

from functools import lru_cache

from aiogram.filters import Filter
from aiogram.types import Message, TelegramObject, User
from aiogram.utils.i18n import I18n

from bot.i18n import LANGUAGES
from bot.services.roles import RoleService


@lru_cache(maxsize=256)
def _labels(i18n: I18n, msgids: tuple[str, ...]) -> frozenset[str]:
    return frozenset(i18n.gettext(msgid, locale=lang) for msgid in msgids for lang in LANGUAGES)


class Button(Filter):
    """A tap on one of these reply-keyboard buttons, in either language (an old keyboard keeps working after
    a language switch)."""

    def __init__(self, *msgids: str) -> None:
        self.msgids = msgids

    async def __call__(self, message: Message, i18n: I18n) -> bool:
        return message.text is not None and message.text in _labels(i18n, self.msgids)


class HasRole(Filter):
    """The sender has one of the roles (any staff role when none are named). Checked in the database on every
    update, so a revoked role stops working at once."""

    def __init__(self, *roles: str) -> None:
        self.roles = roles

    async def __call__(self, event: TelegramObject, roles: RoleService, event_from_user: User | None = None) -> bool:
        return event_from_user is not None and await roles.has(event_from_user.id, *self.roles)
