"""The command menus Telegram shows next to the message field (setMyCommands), per scope and language:

- everyone (the default scope): the citizens' commands;
- each staff member's private chat with the bot (BotCommandScopeChat): the citizens' commands and the staff
  commands their roles allow (administrators from ADMIN_IDS and everyone granted a role in the database);
- the staff chat (BotCommandScopeChat): the staff commands that work in a group.

Each scope gets a menu per language (``language_code`` "kk", "ru") and one without a language code (in the
default language; the staff chat's in STAFF_LANGUAGE) for clients in other languages. The menus only help
staff find the commands: every command still checks the role itself, on every call. A role granted or revoked
with /grant and /revoke refreshes that person's menu at once (``CommandMenus.refresh``).

The same list gives staff their part of /help (``staff_help``), so the two never disagree.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from aiogram import Bot, html
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from aiogram.utils.i18n import I18n

from bot.config import Settings
from bot.i18n import LANGUAGES, N_
from bot.services.roles import ADMIN, OPERATOR, STAFF, RoleService

log = logging.getLogger(__name__)

CITIZEN_COMMANDS = (
    ("start", N_("Start and main menu")),
    ("menu", N_("Main menu")),
    ("help", N_("What the bot can do")),
    ("language", N_("Change the language")),
    ("cancel", N_("Cancel the current action")),
    ("myappeals", N_("My appeals to the public reception")),
    ("privacy", N_("Personal data: notice and consent")),
    ("mydata", N_("Get everything the bot keeps about me")),
    ("forget", N_("Erase my personal data")),
    ("mybookings", N_("My bookings for legal help")),
    ("subscribe", N_("Subscribe to the branch's news")),
    ("unsubscribe", N_("Unsubscribe from the news")),
)


@dataclass(frozen=True)
class StaffCommand:
    command: str
    description: str  # msgid
    roles: frozenset[str] = STAFF  # who may use it (each handler checks it again)
    in_group: bool = False  # also works in the staff chat


STAFF_COMMANDS = (
    StaffCommand("appeals", N_("Open appeals of the public reception"), in_group=True),
    StaffCommand("appeal", N_("An appeal's card and history: /appeal A-2025-00042"), in_group=True),
    StaffCommand("appeals_export", N_("Appeals of a period as a CSV file"), in_group=True),
    StaffCommand("receptions", N_("Legal-help receptions: schedule and bookings")),
    StaffCommand("stats", N_("The bot's statistics"), in_group=True),
    StaffCommand("broadcast", N_("Send news to subscribers"), frozenset({ADMIN, OPERATOR})),
    StaffCommand("broadcasts", N_("The latest broadcasts"), frozenset({ADMIN, OPERATOR})),
    StaffCommand("gaps", N_("Questions the bot could not answer"), frozenset({ADMIN, OPERATOR}), in_group=True),
    StaffCommand("kb", N_("Edit the knowledge base: cards, history, the whole file"), frozenset({ADMIN, OPERATOR})),
    StaffCommand("staff", N_("Staff and their roles"), frozenset({ADMIN})),
    StaffCommand("grant", N_("Give a role: /grant ID ROLE"), frozenset({ADMIN})),
    StaffCommand("revoke", N_("Take a role away: /revoke ID ROLE"), frozenset({ADMIN})),
    StaffCommand("appeal_block", N_("Stop a citizen from filing appeals"), frozenset({ADMIN}), in_group=True),
    StaffCommand("appeal_unblock", N_("Let a blocked citizen file appeals again"), frozenset({ADMIN}),
                 in_group=True),
)


def staff_commands(roles: Iterable[str], group: bool = False) -> list[StaffCommand]:
    """The staff commands these roles may use (in a group: those that work there)."""
    mine = frozenset(roles)
    return [c for c in STAFF_COMMANDS if c.roles & mine and (c.in_group or not group)]


def staff_help(i18n: I18n, lang: str, roles: Iterable[str], group: bool = False) -> str:
    """Staff's part of /help, in ``lang``: their commands, one a line (HTML)."""
    lines = [f"/{c.command} — {html.quote(i18n.gettext(c.description, locale=lang))}"
             for c in staff_commands(roles, group)]
    return "<b>" + i18n.gettext("Staff commands", locale=lang) + "</b>\n" + "\n".join(lines)


class CommandMenus:
    def __init__(self, i18n: I18n, settings: Settings, roles: RoleService) -> None:
        self.i18n = i18n
        self.settings = settings
        self.roles = roles
        self._task: asyncio.Task[None] | None = None

    def _menu(self, lang: str, citizen: bool, staff: list[StaffCommand]) -> list[BotCommand]:
        menu = [BotCommand(command=c, description=self.i18n.gettext(d, locale=lang)) for c, d in CITIZEN_COMMANDS] \
            if citizen else []
        return menu + [BotCommand(command=c.command, description=self.i18n.gettext(c.description, locale=lang))
                       for c in staff]

    async def _set(self, bot: Bot, scope: BotCommandScopeDefault | BotCommandScopeChat, default_lang: str,
                   citizen: bool, staff: list[StaffCommand]) -> None:
        for lang in LANGUAGES:
            await bot.set_my_commands(self._menu(lang, citizen, staff), scope=scope, language_code=lang)
        await bot.set_my_commands(self._menu(default_lang, citizen, staff), scope=scope)

    async def set_default(self, bot: Bot) -> None:
        """The citizens' menu (everyone). Telegram keeps the previous one, so failing here is not fatal."""
        try:
            await self._set(bot, BotCommandScopeDefault(), self.settings.default_language, True, [])
        except Exception as exc:
            log.warning("could not update the command menu (%s); keeping the previous one", type(exc).__name__)

    async def set_staff_chat(self, bot: Bot) -> None:
        chat_id = self.settings.staff_chat_id
        if chat_id is None:
            return
        try:
            await self._set(bot, BotCommandScopeChat(chat_id=chat_id), self.settings.staff_language, False,
                            staff_commands(STAFF, group=True))
        except TelegramAPIError as exc:
            log.warning("could not set the staff chat's command menu: %s", type(exc).__name__)

    async def refresh(self, bot: Bot, user_id: int) -> None:
        """One person's private-chat menu after their roles changed: the staff commands of their roles, or back
        to the citizens' menu when they hold none."""
        scope = BotCommandScopeChat(chat_id=user_id)
        try:
            roles = await self.roles.roles_of(user_id)
            if roles:
                await self._set(bot, scope, self.settings.default_language, True, staff_commands(roles))
            else:
                for lang in LANGUAGES:
                    await bot.delete_my_commands(scope=scope, language_code=lang)
                await bot.delete_my_commands(scope=scope)
        except TelegramAPIError as exc:  # e.g. "chat not found": they have not written to the bot yet
            log.info("command menu of staff member %r not set: %s", user_id, type(exc).__name__)

    async def set_all_staff(self, bot: Bot) -> None:
        await self.set_staff_chat(bot)
        for user_id in sorted({uid for uid, _role in await self.roles.staff()}):
            await self.refresh(bot, user_id)

    async def start(self, bot: Bot) -> None:
        """On startup: the citizens' menu at once, the staff menus in the background (they need a request per
        staff member and language, and must not delay the first answers)."""
        await self.set_default(bot)
        self._task = asyncio.create_task(self._staff_menus(bot), name="staff-command-menus")

    async def _staff_menus(self, bot: Bot) -> None:
        try:
            await self.set_all_staff(bot)
        except Exception as exc:  # the menus are a convenience: never let them break the start
            log.warning("could not set the staff command menus: %s", type(exc).__name__)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
