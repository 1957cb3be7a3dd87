"""The broadcast sender's link to Telegram: delivering a message, showing progress to the staff member, and the
startup/shutdown hooks that run the sender next to polling."""

from __future__ import annotations

import logging

from aiogram import Bot, Dispatcher
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
)
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.clock import Clock
from bot.config import Settings
from bot.db.users import UserRepo
from bot.handlers.staff import render
from bot.handlers.staff.callbacks import BroadcastCb
from bot.services.broadcast import (
    Broadcast,
    BroadcastSender,
    BroadcastService,
    Figures,
    Outgoing,
    RetryAfter,
    SendFailed,
    Unreachable,
)
from bot.services.ratelimit import RateLimiter
from bot.services.subscriptions import BLOCKED, NOT_FOUND
from bot.telegram_retry import paced

log = logging.getLogger(__name__)

GONE = ("chat not found", "user not found", "peer_id_invalid", "user is deactivated", "bot was blocked")


class TelegramTransport:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def deliver(self, chat_id: int, message: Outgoing) -> None:
        try:
            with paced():  # one request per rate-limit slot: the sender retries by itself
                if message.media_type == "photo" and message.media_file_id:
                    await self.bot.send_photo(chat_id, message.media_file_id, caption=message.text)
                elif message.media_type == "document" and message.media_file_id:
                    await self.bot.send_document(chat_id, message.media_file_id, caption=message.text)
                else:
                    await self.bot.send_message(chat_id, message.text)
        except TelegramRetryAfter as exc:
            raise RetryAfter(exc.retry_after) from None
        except TelegramForbiddenError:
            raise Unreachable(BLOCKED) from None
        except (TelegramBadRequest, TelegramNotFound) as exc:
            if any(marker in exc.message.lower() for marker in GONE):
                raise Unreachable(NOT_FOUND) from None
            raise SendFailed(f"{type(exc).__name__}: {exc.message[:80]}") from None
        except TimeoutError:
            raise SendFailed("timeout") from None
        except Exception as exc:  # network errors, 5xx, anything else: retried a bounded number of times
            raise SendFailed(type(exc).__name__) from None


class TelegramReporter:
    """Progress and the final report go to the staff member who created the broadcast, in their language."""

    def __init__(self, bot: Bot, i18n: I18n, users: UserRepo, default_language: str) -> None:
        self.bot = bot
        self.i18n = i18n
        self.users = users
        self.default_language = default_language

    async def _language(self, user_id: int) -> str:
        user = await self.users.get(user_id)
        return user.language if user is not None else self.default_language

    async def progress(
        self, broadcast: Broadcast, figures: Figures, eta_seconds: float | None, message_id: int | None
    ) -> int | None:
        lang = await self._language(broadcast.created_by)
        with self.i18n.context(), self.i18n.use_locale(lang):
            text = render.progress_text(broadcast, figures, eta_seconds, lang)
            markup = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(
                text=_("⛔ Stop the broadcast"), callback_data=BroadcastCb(action="cancel", id=broadcast.id).pack()
            )]])
        if message_id is not None:
            try:
                await self.bot.edit_message_text(text, chat_id=broadcast.created_by, message_id=message_id,
                                                 reply_markup=markup)
                return message_id
            except TelegramBadRequest as exc:
                if "not modified" in exc.message:
                    return message_id
                log.info("broadcast %r: progress message gone, sending a new one", broadcast.id)
        sent = await self.bot.send_message(broadcast.created_by, text, reply_markup=markup)
        return sent.message_id

    async def finished(
        self, broadcast: Broadcast, figures: Figures, elapsed_seconds: float, message_id: int | None
    ) -> None:
        lang = await self._language(broadcast.created_by)
        with self.i18n.context(), self.i18n.use_locale(lang):
            text = render.final_text(broadcast, figures, elapsed_seconds, lang)
        if message_id is not None:
            try:  # the progress message keeps the final figures, without its stop button
                await self.bot.edit_message_text(text, chat_id=broadcast.created_by, message_id=message_id)
            except TelegramBadRequest:
                pass
        await self.bot.send_message(broadcast.created_by, text)


async def start_sender(
    bot: Bot, dispatcher: Dispatcher, settings: Settings, broadcasts: BroadcastService, i18n: I18n, clock: Clock
) -> None:
    if not settings.broadcast_sender:
        return
    sender = BroadcastSender(
        broadcasts,
        TelegramTransport(bot),
        TelegramReporter(bot, i18n, UserRepo(broadcasts.db), settings.default_language),
        RateLimiter(settings.broadcast_rate),
        clock,
        max_attempts=settings.broadcast_max_attempts,
        progress_every=settings.broadcast_progress_seconds,
    )
    dispatcher["broadcast_sender"] = sender
    sender.start()


async def stop_sender(dispatcher: Dispatcher) -> None:
    sender: BroadcastSender | None = dispatcher.workflow_data.pop("broadcast_sender", None)
    if sender is not None:
        await sender.stop()
