"""After /forget: the staff-chat messages that showed the citizen's personal data are redacted.

The erasure itself is the database transaction (AppealService.forget_user); it also queues the staff-chat
messages of the erased appeals (``appeal_redactions``). Once it is committed, this redactor edits them, best
effort:

- the card keeps its ticket, status, category, district and dates; the name, phone, address and text give way
  to a line saying the data was erased at the citizen's request; its buttons go (nothing is left to act on);
- a message that held the appeal's text, a follow-up or a rating comment becomes one such line;
- a photo or document is deleted; if Telegram does not let the bot delete it, its caption becomes the line;
- a card Telegram will not let the bot edit any more is deleted instead, when it can be.

It runs right after the erasure (``run_now``, from the /forget handler) and every minute as a background job,
so what Telegram refused for now (network, 5xx, 429, the bot not in the chat) is tried again later with a
growing pause. A refusal that cannot change (the message is too old to edit, or gone) drops the message from
the queue. Nothing here can undo or block an erasure, and the log gets ids and Telegram's error only.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramRetryAfter

from bot.clock import Clock
from bot.handlers.appeals import texts
from bot.handlers.appeals.relay import AppealRelay
from bot.services.appeals import Appeal, AppealService, Redaction
from bot.telegram_retry import paced

log = logging.getLogger(__name__)

BATCH = 50  # messages per pass; the rest waits for the next one


def _refusal(exc: TelegramAPIError) -> str:
    return str(getattr(exc, "message", "") or type(exc).__name__)


def _not_modified(exc: TelegramAPIError) -> bool:
    return isinstance(exc, TelegramBadRequest) and "not modified" in _refusal(exc)


class CardRedactor:
    def __init__(self, appeals: AppealService, relay: AppealRelay, clock: Clock) -> None:
        self.appeals = appeals
        self.relay = relay
        self.clock = clock
        self.bot: Bot | None = None
        self._lock = asyncio.Lock()  # one pass at a time: the job's and the one right after /forget

    async def attach(self, bot: Bot) -> None:
        """On startup: the Bot the passes use."""
        self.bot = bot

    async def run_now(self, report: Any = None) -> None:
        """Right after an erasure was committed (``PrivacyService.after_forget``)."""
        reports = getattr(report, "reports", None)
        if isinstance(reports, dict) and not reports.get("appeals", {}).get("staff_messages"):
            return
        await self.run_once(self.clock.now())

    async def run_once(self, now: datetime) -> dict[str, int]:
        """One pass over the messages due: {"redacted": n, "retry": n, "given_up": n}."""
        counts = {"redacted": 0, "retry": 0, "given_up": 0}
        if self.bot is None:
            return counts
        async with self._lock:
            appeals: dict[int, Appeal | None] = {}
            for item in await self.appeals.due_redactions(now, BATCH):
                if item.appeal_id not in appeals:
                    appeals[item.appeal_id] = await self.appeals.get(item.appeal_id)
                appeal = appeals[item.appeal_id]
                if appeal is None or not appeal.anonymised:
                    await self.appeals.redaction_done(item)  # nothing (left) to redact
                    continue
                try:
                    with paced():  # no hidden retries inside: the queue retries, later
                        await self._redact(self.bot, item, appeal)
                except TelegramRetryAfter as exc:
                    await self.appeals.redaction_postpone(item, now + timedelta(seconds=exc.retry_after))
                    log.info("staff messages of erased appeals: Telegram asks to wait %r s", exc.retry_after)
                    counts["retry"] += 1
                    break
                except TelegramBadRequest as exc:  # a 400 fails the same way next time: give up on this one
                    await self.appeals.redaction_done(item)
                    log.warning("staff message %r (chat %r) of erased appeal %r could not be redacted: %s",
                                item.message_id, item.chat_id, item.appeal_id, _refusal(exc))
                    counts["given_up"] += 1
                except TelegramAPIError as exc:  # network, 5xx, the bot removed from the chat: maybe later
                    if await self.appeals.redaction_failed(item, now):
                        log.info("staff message %r of erased appeal %r not redacted yet (%s); will retry",
                                 item.message_id, item.appeal_id, type(exc).__name__)
                        counts["retry"] += 1
                    else:
                        log.warning("staff message %r (chat %r) of erased appeal %r not redacted after %r "
                                    "attempts: %s", item.message_id, item.chat_id, item.appeal_id,
                                    item.attempts + 1, _refusal(exc))
                        counts["given_up"] += 1
                else:
                    await self.appeals.redaction_done(item)
                    counts["redacted"] += 1
        if counts["redacted"] or counts["given_up"]:
            log.info("staff messages of erased appeals: %r", counts)
        return counts

    async def _redact(self, bot: Bot, item: Redaction, appeal: Appeal) -> None:
        """Edit (or delete) one message; raises TelegramAPIError when Telegram refuses."""
        lang = self.relay.staff_language
        if item.purpose == "card":
            text, _markup, _fits = await self.relay.card(appeal, lang)  # no buttons: the appeal is anonymised
            await self._edit(bot, item, text)
            return
        with self.relay.locale(lang):
            line = texts.erased_post(appeal)
        if item.kind == "media":
            # the file itself is the personal data: a new caption would leave the photo in the chat
            try:
                await bot.delete_message(item.chat_id, item.message_id)
                return
            except TelegramBadRequest as exc:
                if "not found" in _refusal(exc):
                    return  # already deleted (by staff): nothing left to show
                log.info("file %r of erased appeal %r not deleted (%s): its caption is redacted instead",
                         item.message_id, item.appeal_id, _refusal(exc))
            await self._caption(bot, item, line)
            return
        await self._edit(bot, item, line)

    async def _edit(self, bot: Bot, item: Redaction, text: str) -> None:
        """editMessageText without a keyboard (which removes the buttons)."""
        try:
            await bot.edit_message_text(text=text, chat_id=item.chat_id, message_id=item.message_id)
        except TelegramBadRequest as exc:
            refusal = _refusal(exc)
            if _not_modified(exc):
                return
            if "no text in the message" in refusal:  # a file posted before files were told apart
                await self._caption(bot, item, text)
                return
            if "can't be edited" in refusal:
                # Telegram keeps old messages as they are; the data must not stay: delete it if allowed
                await bot.delete_message(item.chat_id, item.message_id)
                log.info("staff message %r of erased appeal %r could not be edited: deleted", item.message_id,
                         item.appeal_id)
                return
            raise

    async def _caption(self, bot: Bot, item: Redaction, text: str) -> None:
        try:
            await bot.edit_message_caption(chat_id=item.chat_id, message_id=item.message_id, caption=text,
                                           reply_markup=None)
        except TelegramBadRequest as exc:
            if not _not_modified(exc):
                raise
