"""The Dispatcher factory: everything long-lived is passed in, nothing is global, no I/O happens here."""

from __future__ import annotations

import logging
import time
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import BotCommand, BotCommandScopeDefault, ErrorEvent
from aiogram.utils.i18n import I18n

from bot.clock import Clock
from bot.config import Settings
from bot.db.database import Database
from bot.db.fsm import SQLiteStorage
from bot.db.users import UserRepo
from bot.handlers import get_routers
from bot.handlers.staff.sending import start_sender, stop_sender
from bot.i18n import LANGUAGES, N_
from bot.middlewares.dedupe import DedupeMiddleware
from bot.middlewares.flood import FloodMiddleware
from bot.middlewares.user import UserI18nMiddleware, UserMiddleware
from bot.services.broadcast import BroadcastService
from bot.services.consent import ConsentService
from bot.services.knowledge import KnowledgeBase
from bot.services.roles import RoleService
from bot.services.stats import StatsService
from bot.services.subscriptions import SubscriptionService, load_districts

log = logging.getLogger(__name__)

COMMANDS = (
    ("start", N_("Start and main menu")),
    ("menu", N_("Main menu")),
    ("help", N_("What the bot can do")),
    ("language", N_("Change the language")),
    ("cancel", N_("Cancel the current action")),
    ("subscribe", N_("Subscribe to the branch's news")),
    ("unsubscribe", N_("Unsubscribe from the news")),
)
ADMIN_ALERT_INTERVAL = 60.0


def build_dispatcher(
    settings: Settings,
    db: Database,
    knowledge: KnowledgeBase,
    i18n: I18n,
    clock: Clock | None = None,
) -> Dispatcher:
    clock = clock or Clock()
    roles = RoleService(db, settings.admin_ids)
    dp = Dispatcher(
        storage=SQLiteStorage(db),
        settings=settings,
        db=db,
        knowledge=knowledge,
        clock=clock,
        i18n=i18n,
        roles=roles,
        consent=ConsentService(db),
    )
    subscriptions = SubscriptionService(db, load_districts(settings.data_dir), clock)
    dp["subscriptions"] = subscriptions
    dp["broadcasts"] = BroadcastService(db, roles, clock)
    dp["stats"] = StatsService(db, subscriptions, clock)
    users = UserMiddleware(UserRepo(db), settings.default_language)
    dp["user_middleware"] = users
    dp.update.outer_middleware(DedupeMiddleware(db))
    dp.update.outer_middleware(users)
    dp.update.outer_middleware(FloodMiddleware(i18n, settings.flood_messages, settings.flood_seconds))
    UserI18nMiddleware(i18n, settings.default_language).setup(dp)
    dp.include_routers(*get_routers())
    dp.errors.register(ErrorReporter(i18n, settings).on_error)
    dp.startup.register(set_commands)
    dp.startup.register(start_sender)
    dp.shutdown.register(stop_sender)
    return dp


async def set_commands(bot: Bot, i18n: I18n, settings: Settings) -> None:
    for lang in LANGUAGES:
        commands = [BotCommand(command=c, description=i18n.gettext(d, locale=lang)) for c, d in COMMANDS]
        await bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code=lang)
    default = [
        BotCommand(command=c, description=i18n.gettext(d, locale=settings.default_language)) for c, d in COMMANDS
    ]
    await bot.set_my_commands(default, scope=BotCommandScopeDefault())


class ErrorReporter:
    """Any exception in a handler: logged with the update id, an apology to the user in their language, an
    alert to the staff chat (at most one a minute). The bot keeps running."""

    def __init__(self, i18n: I18n, settings: Settings) -> None:
        self.i18n = i18n
        self.settings = settings
        self._last_alert = -ADMIN_ALERT_INTERVAL

    async def on_error(self, event: ErrorEvent, bot: Bot, **data: Any) -> bool:
        update = event.update
        log.error("update %r failed: %r", update.update_id, event.exception, exc_info=event.exception)
        user = data.get("user")
        lang = user.language if user is not None else self.settings.default_language
        chat_id = None
        if update.message is not None:
            chat_id = update.message.chat.id
        elif update.callback_query is not None:
            chat_id = update.callback_query.from_user.id
            try:
                await bot.answer_callback_query(update.callback_query.id)
            except Exception:
                log.warning("could not answer callback of update %r", update.update_id)
        if chat_id is not None:
            text = self.i18n.gettext(
                "Sorry, something went wrong on our side. Please try again a little later.", locale=lang
            )
            try:
                await bot.send_message(chat_id, text)
            except Exception:
                log.warning("could not send the apology for update %r", update.update_id)
        await self.alert_staff(bot, update.update_id, event.exception)
        return True

    async def alert_staff(self, bot: Bot, update_id: int, exc: BaseException) -> None:
        if self.settings.staff_chat_id is None:
            return
        now = time.monotonic()
        if now - self._last_alert < ADMIN_ALERT_INTERVAL:
            return
        self._last_alert = now
        text = self.i18n.gettext(
            "⚠️ Error while handling update {update_id}: {error}. Details are in the bot's log.",
            locale=self.settings.default_language,
        ).format(update_id=update_id, error=type(exc).__name__)
        try:
            await bot.send_message(self.settings.staff_chat_id, text)
        except Exception:
            log.warning("could not alert the staff chat about update %r", update_id)
