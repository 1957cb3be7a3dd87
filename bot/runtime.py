"""Wires the pieces together for a real run, the console and the tests: one code path for all three."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.types import LinkPreviewOptions
from aiogram.utils.i18n import I18n

from bot.app import build_dispatcher
from bot.clock import Clock
from bot.config import Settings
from bot.db.database import Database
from bot.i18n import make_i18n
from bot.services.knowledge import KnowledgeBase
from bot.services.search_process import SearchProcess, use_child
from bot.telegram_retry import RetryMiddleware
from bot.telegram_session import AnsweredQueries, JsonSession

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    db: Database
    knowledge: KnowledgeBase
    i18n: I18n
    bot: Bot
    dp: Dispatcher
    clock: Clock

    async def close(self) -> None:
        if self.knowledge.remote is not None:
            await self.knowledge.remote.close()
        await self.bot.session.close()
        await self.db.close()

    async def start_search_process(self) -> None:
        """For a real run: the knowledge-base search in a child process when SEARCH_PROCESS says so
        (bot.services.search_process); until it is ready, and whenever it is not, the search runs here."""
        if self.knowledge.remote is None and not self.db.in_memory and use_child(self.settings.search_process):
            self.knowledge.remote = SearchProcess(self.settings.database_path, self.settings.log_level,
                                                  self.settings.log_format)
            await self.knowledge.remote.start()


async def create_runtime(
    settings: Settings, *, clock: Clock | None = None, session: BaseSession | None = None
) -> Runtime:
    clock = clock or Clock()
    db = await Database.open(settings.database_path)
    try:
        knowledge = KnowledgeBase(db, answer_cache_size=settings.answer_cache_size)
        report = await knowledge.load(settings.data_dir)
        log.info("knowledge base loaded: %r", report)
        i18n = make_i18n(settings.locales_dir, settings.default_language)
        if session is None:
            session = JsonSession(api=TelegramAPIServer.from_base(settings.telegram_api_url.rstrip("/")))
        session.middleware(RetryMiddleware(budget=settings.telegram_retry_seconds))
        answered = AnsweredQueries()
        session.middleware(answered)
        bot = Bot(
            settings.bot_token.get_secret_value(),
            session=session,
            # link_preview, not link_preview_is_disabled: that one also sends the deprecated disable_web_page_preview
            default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview=LinkPreviewOptions(is_disabled=True)),
        )
        dp = build_dispatcher(settings, db=db, knowledge=knowledge, i18n=i18n, clock=clock)
        dp["answered_queries"] = answered
    except BaseException:
        await db.close()
        raise
    return Runtime(settings, db, knowledge, i18n, bot, dp, clock)
