"""Filters shared by the routers."""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

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

    every_msgid: ClassVar[set[str]] = set()  # of every Button filter made, so FreeText knows a button from a question

    def __init__(self, *msgids: str) -> None:
        self.msgids = msgids
        Button.every_msgid.update(msgids)

    async def __call__(self, message: Message, i18n: I18n) -> bool:
        return message.text is not None and message.text in _labels(i18n, self.msgids)

    @staticmethod
    def labels(i18n: I18n) -> frozenset[str]:
        """The labels of every reply-keyboard button any router reacts to, in every language."""
        return _labels(i18n, tuple(sorted(Button.every_msgid)))


class FreeText(Filter):
    """A message that can only be a question: text in a private chat that is not a command, not a
    reply-keyboard button and not a reply, from someone who is not in the middle of a form.

    Such messages are most of the traffic, and no feature router takes them, so the questions lane goes
    first with this filter instead of after every feature's handlers (bench/throughput.py). Everything else
    goes the long way and still reaches the questions router at the end. tests/e2e/test_routing.py checks
    that the long way would have given each FreeText message to the question handler too."""

    def __init__(self) -> None:
        self._labels: tuple[I18n, int, frozenset[str]] | None = None

    async def __call__(self, message: Message, i18n: I18n, raw_state: str | None = None) -> bool:
        text = message.text
        if not text or text[0] == "/" or raw_state is not None or message.chat.type != "private":
            return False
        if message.reply_to_message is not None:
            return False
        return text not in self._button_labels(i18n)

    def _button_labels(self, i18n: I18n) -> frozenset[str]:
        known = len(Button.every_msgid)
        if self._labels is None or self._labels[0] is not i18n or self._labels[1] != known:
            self._labels = (i18n, known, Button.labels(i18n))
        return self._labels[2]


class HasRole(Filter):
    """The sender has one of the roles (any staff role when none are named). Checked in the database on every
    update, so a revoked role stops working at once."""

    def __init__(self, *roles: str) -> None:
        self.roles = roles

    async def __call__(self, event: TelegramObject, roles: RoleService, event_from_user: User | None = None) -> bool:
        return event_from_user is not None and await roles.has(event_from_user.id, *self.roles)
