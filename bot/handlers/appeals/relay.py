"""Carries appeals between the citizen's chat and the staff chat: posts new appeals with the citizen's card,
follow-ups as replies under the card, staff answers and status changes to the citizen in their language.

Failures to send are logged (with ids only) and reported as False; nothing here loses data: the appeal and
its messages are already committed when these run, and unposted appeals are posted later by the job.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from aiogram import Bot, html
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.types import ForceReply, InlineKeyboardMarkup, Message, ReplyParameters
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.config import Settings
from bot.handlers.appeals import keyboards as akb
from bot.handlers.appeals import texts
from bot.i18n import LANGUAGES
from bot.services.appeals import (
    ANSWERED,
    CLOSED_STATUSES,
    FORWARDED,
    REJECTED,
    Appeal,
    AppealService,
    Attachment,
)
from bot.services.districts import District
from bot.text import limits

log = logging.getLogger(__name__)
CARD_LIMIT = 4000
CAPTION_LIMIT = 1000


def html_chunks(text: str, limit: int) -> list[str]:
    """``text`` HTML-escaped and cut into pieces of at most ``limit`` characters, never inside an entity."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for char in text:
        escaped = html.quote(char)
        if size + len(escaped) > limit:
            chunks.append("".join(current))
            current, size = [], 0
        current.append(escaped)
        size += len(escaped)
    if current:
        chunks.append("".join(current))
    return chunks


class AppealRelay:
    def __init__(self, appeals: AppealService, i18n: I18n, settings: Settings, districts: list[District]) -> None:
        self.appeals = appeals
        self.i18n = i18n
        self.settings = settings
        self.districts = {d.id: d for d in districts}
        self.district_list = districts
        self._submit_locks: dict[int, asyncio.Lock] = {}

    def submit_lock(self, user_id: int) -> asyncio.Lock:
        """One submit at a time per citizen: two taps handled concurrently (polling runs handlers as tasks)
        would otherwise both send a receipt and both post the card."""
        lock = self._submit_locks.get(user_id)
        if lock is None:
            lock = self._submit_locks[user_id] = asyncio.Lock()
        return lock

    @property
    def staff_chat(self) -> int | None:
        return self.settings.staff_chat_id

    @property
    def staff_language(self) -> str:
        return self.settings.staff_language

    @property
    def takes_appeals(self) -> bool:
        """New appeals need somewhere to go: without a staff chat nobody would see them, so the form is not
        offered (the start warns about it once)."""
        return self.staff_chat is not None

    async def chat_language(self, chat_id: int) -> str:
        """What the bot writes in a chat with staff: the staff chat's language (STAFF_LANGUAGE) in a group, the
        staff member's own language in their private chat with the bot."""
        if chat_id == self.staff_chat or chat_id < 0:
            return self.staff_language
        lang = await self.appeals.db.fetchval("SELECT language FROM users WHERE id = ?", (chat_id,))
        return str(lang) if lang in LANGUAGES else self.staff_language

    @contextmanager
    def locale(self, lang: str) -> Iterator[None]:
        with self.i18n.context(), self.i18n.use_locale(lang):
            yield

    async def assignee_name(self, appeal: Appeal) -> str | None:
        if appeal.assignee_id is None:
            return None
        name = await self.appeals.db.fetchval("SELECT first_name FROM users WHERE id = ?", (appeal.assignee_id,))
        return str(name) if name else str(appeal.assignee_id)

    async def card(self, appeal: Appeal, lang: str) -> tuple[str, InlineKeyboardMarkup | None, bool]:
        """(text, keyboard, whether the text fits in the card). An anonymised appeal's card has no buttons: there
        is nobody left to answer, and its status can no longer change."""
        assignee = await self.assignee_name(appeal)
        with self.locale(lang):
            text = texts.staff_card(appeal, self.districts, lang, assignee)
            fits = len(text) <= CARD_LIMIT
            if not fits:
                text = texts.staff_card(appeal, self.districts, lang, assignee, with_text=False)
            return text, None if appeal.anonymised else akb.staff_card(appeal), fits

    # ----- to the staff chat -----------------------------------------------------------------------------
    async def _send_files(
        self, bot: Bot, chat_id: int, appeal: Appeal, files: Sequence[Attachment], caption: str, reply_to: int | None
    ) -> list[int]:
        sent: list[int] = []
        reply = ReplyParameters(message_id=reply_to, allow_sending_without_reply=True) if reply_to else None
        for index, file in enumerate(files, 1):
            label = f"{caption} · {index}/{len(files)}" if len(files) > 1 else caption
            if file.kind == "photo":
                msg = await bot.send_photo(chat_id, file.file_id, caption=label, reply_parameters=reply)
            else:
                msg = await bot.send_document(chat_id, file.file_id, caption=label, reply_parameters=reply)
            sent.append(msg.message_id)
        return sent

    async def post_new(self, bot: Bot, appeal: Appeal) -> bool:
        """The card (with buttons), the text if it did not fit, and the files, under the card."""
        chat_id = self.staff_chat
        if chat_id is None:
            log.warning("STAFF_CHAT_ID is not set: appeal %r is not posted anywhere", appeal.id)
            return False
        text, markup, fits = await self.card(appeal, self.staff_language)
        try:
            card = await bot.send_message(chat_id, text, reply_markup=markup)
            await self.appeals.link_message(appeal.id, chat_id, card.message_id, "card")
            reply = ReplyParameters(message_id=card.message_id, allow_sending_without_reply=True)
            if not fits:
                for chunk in html_chunks(appeal.text, CARD_LIMIT):
                    part = await bot.send_message(chat_id, chunk, reply_parameters=reply)
                    await self.appeals.link_message(appeal.id, chat_id, part.message_id, "post")
            for message_id in await self._send_files(bot, chat_id, appeal, appeal.attachments, appeal.ticket,
                                                     card.message_id):
                await self.appeals.link_message(appeal.id, chat_id, message_id, "post", kind="media")
        except TelegramAPIError as exc:
            log.warning("could not post appeal %r to the staff chat: %r", appeal.id, exc)
            return False
        await self.appeals.mark_posted(appeal.id)
        return True

    async def refresh_cards(self, bot: Bot, appeal: Appeal) -> None:
        """Show the new status / assignee on every card of the appeal, and only the buttons that still apply."""
        rendered: dict[str, tuple[str, InlineKeyboardMarkup | None, bool]] = {}
        for chat_id, message_id in await self.appeals.cards(appeal.id):
            lang = await self.chat_language(chat_id)
            if lang not in rendered:
                rendered[lang] = await self.card(appeal, lang)
            text, markup, _fits = rendered[lang]
            try:
                await bot.edit_message_text(text=text, chat_id=chat_id, message_id=message_id, reply_markup=markup)
            except TelegramBadRequest as exc:
                if "not modified" not in str(exc):
                    log.info("card %r of appeal %r not edited: %r", message_id, appeal.id, exc)
            except TelegramAPIError as exc:
                log.warning("card %r of appeal %r not edited: %r", message_id, appeal.id, exc)

    async def _staff_reply_target(self, appeal: Appeal) -> int | None:
        cards = [m for c, m in await self.appeals.cards(appeal.id) if c == self.staff_chat]
        return cards[0] if cards else None

    async def post_to_staff(self, bot: Bot, appeal: Appeal, text: str, files: Sequence[Attachment] = ()) -> bool:
        """A message about the appeal under its card in the staff chat (a follow-up, a rating...)."""
        chat_id = self.staff_chat
        if chat_id is None:
            return False
        target = await self._staff_reply_target(appeal)
        reply = ReplyParameters(message_id=target, allow_sending_without_reply=True) if target else None
        try:
            for part in limits.split(text) if text else []:  # a long addition in parts, each under the card
                msg = await bot.send_message(chat_id, part, reply_parameters=reply)
                await self.appeals.link_message(appeal.id, chat_id, msg.message_id, "post")
            for message_id in await self._send_files(bot, chat_id, appeal, files, appeal.ticket, target):
                await self.appeals.link_message(appeal.id, chat_id, message_id, "post", kind="media")
        except TelegramAPIError as exc:
            log.warning("could not post to the staff chat about appeal %r: %r", appeal.id, exc)
            return False
        return True

    async def post_followup(self, bot: Bot, appeal: Appeal, text: str, files: Sequence[Attachment],
                            previous_status: str | None = None) -> bool:
        """A citizen's addition, under the appeal's card. ``previous_status``: the status before it (an answered
        appeal the citizen wrote back to is open again; a closed one is said to be closed)."""
        with self.locale(self.staff_language):
            header = _("✍️ <b>{ticket}</b>: the citizen adds").format(ticket=appeal.ticket)
            status = texts.status_label(appeal.status)
            if previous_status is not None and previous_status != appeal.status:
                header += "\n" + _("The appeal is open again: «{status}».").format(status=status)
            elif appeal.status in CLOSED_STATUSES:
                header += "\n" + _("The appeal is closed: «{status}».").format(status=status)
        body = f"{header}\n\n{html.quote(text)}" if text else header
        return await self.post_to_staff(bot, appeal, body, files)

    async def prompt(self, bot: Bot, chat_id: int, appeal: Appeal, purpose: str,
                     reply_to: int | None = None) -> None:
        """A message staff answer by replying to it (ForceReply: works in groups with privacy mode on). The
        rejection prompt offers the usual reasons as buttons instead (a reply to it works the same way)."""
        lang = await self.chat_language(chat_id)
        with self.locale(lang):
            if purpose == "reject":
                text = _("⛔ Choose the reason for rejecting appeal {ticket}, or write your own as a reply to this "
                         "message. The citizen will see it.")
            elif purpose == "forward":
                text = _("📤 Write which state body appeal {ticket} is forwarded to, as a reply to this message. "
                         "The citizen will see it.")
            else:
                text = _("💬 Write the answer to appeal {ticket} as a reply to this message: text, a photo or a "
                         "document. The citizen will receive it in the bot.")
            placeholder = _("Reply to {ticket}").format(ticket=appeal.ticket)
            # the citizen reads what staff write here as it is: in which language to write it
            text = text.format(ticket=appeal.ticket) + "\n" + texts.citizen_reads(appeal.citizen_language)
            markup: InlineKeyboardMarkup | ForceReply = (
                akb.reject_reasons(appeal) if purpose == "reject"
                else ForceReply(selective=True, input_field_placeholder=placeholder[:64])
            )
        msg = await bot.send_message(
            chat_id, text, reply_markup=markup,
            reply_parameters=ReplyParameters(message_id=reply_to, allow_sending_without_reply=True)
            if reply_to else None,
        )
        await self.appeals.link_message(appeal.id, chat_id, msg.message_id, purpose)

    # ----- to the citizen -------------------------------------------------------------------------------
    async def to_citizen(
        self, bot: Bot, appeal: Appeal, text: str, markup: InlineKeyboardMarkup | None = None
    ) -> Message | None:
        if appeal.user_id is None:
            return None
        try:
            sent = await bot.send_message(appeal.user_id, text, reply_markup=markup)
        except TelegramAPIError as exc:
            log.info("could not notify the citizen of appeal %r: %r", appeal.id, exc)
            return None
        await self.remember(appeal, sent)
        return sent

    async def remember(self, appeal: Appeal, *sent: Message) -> None:
        """These bot messages in the citizen's chat belong to the appeal: the citizen's Reply to any of them is
        an addition to it (``citizen.reply_to_appeal``)."""
        for message in sent:
            await self.appeals.link_citizen_message(appeal.id, message.chat.id, message.message_id)

    async def notify_taken(self, bot: Bot, appeal: Appeal) -> None:
        with self.locale(appeal.citizen_language):
            text = _("🔔 Your appeal <b>{ticket}</b> has been taken into work by the reception staff. "
                     "Status: {status}.").format(ticket=appeal.ticket, status=texts.status_label(appeal.status))
        await self.to_citizen(bot, appeal, text)

    async def notify_status(self, bot: Bot, appeal: Appeal) -> None:
        lang = appeal.citizen_language
        with self.locale(lang):
            text = _("🔔 Appeal <b>{ticket}</b>: the status is now «{status}».").format(
                ticket=appeal.ticket, status=texts.status_label(appeal.status)
            )
            note = texts.reason_text(appeal.status_reason, appeal.status_note)
            if appeal.status == REJECTED and note:
                text += "\n" + _("Reason: {note}").format(note=note)
            if appeal.status == FORWARDED and note:
                text += "\n" + _("Forwarded to: {note}").format(note=note)
            markup = None
            if appeal.status in CLOSED_STATUSES and appeal.rating is None:
                text += "\n\n" + _("Please rate how your appeal was handled: it helps us work better.")
                markup = akb.rate_button(appeal)
        await self.to_citizen(bot, appeal, text, markup)

    async def deliver_staff_reply(self, bot: Bot, appeal: Appeal, text: str, files: Sequence[Attachment],
                                  answered_now: bool = False) -> str | None:
        """The answer, in the citizen's language, in as many messages as Telegram's limit needs; ``answered_now``:
        it closed the appeal as answered (said under the answer, instead of a separate status notice). None when
        delivered, else why not: "erased", "blocked" (the citizen blocked the bot or deleted the chat), or
        Telegram's own description of the refusal."""
        if appeal.user_id is None:
            return "erased"
        with self.locale(appeal.citizen_language):
            header = _("💬 <b>Answer on your appeal {ticket}</b>").format(ticket=appeal.ticket)
            footer = ""
            if answered_now and appeal.status == ANSWERED:
                footer = "\n\n" + _("The appeal is now «{status}». If something is still unclear, answer this "
                                     "message with Reply.").format(status=texts.status_label(appeal.status))
            markup = akb.answer_buttons(appeal)
            caption = _("Appeal {ticket}").format(ticket=appeal.ticket)
        if not text and not files:
            return "empty"
        parts = limits.split(f"{header}\n\n{html.quote(text)}{footer}" if text else header + footer)
        sent: list[Message] = []
        try:
            for index, part in enumerate(parts):
                last = index == len(parts) - 1
                sent.append(await bot.send_message(appeal.user_id, part,
                                                   reply_markup=markup if last and not files else None))
            for index, file in enumerate(files):
                last = index == len(files) - 1
                if file.kind == "photo":
                    sent.append(await bot.send_photo(appeal.user_id, file.file_id, caption=caption,
                                                     reply_markup=markup if last else None))
                else:
                    sent.append(await bot.send_document(appeal.user_id, file.file_id, caption=caption,
                                                        reply_markup=markup if last else None))
        except TelegramForbiddenError:
            log.info("could not deliver the staff answer on appeal %r: the citizen blocked the bot", appeal.id)
            return "blocked"
        except TelegramAPIError as exc:
            log.info("could not deliver the staff answer on appeal %r: %s", appeal.id, type(exc).__name__)
            return str(exc.message) if sent == [] else f"{len(sent)}/{len(parts) + len(files)}: {exc.message}"
        finally:
            await self.remember(appeal, *sent)
        return None
