"""The Telegram side of the outbox: one claimed message written in the citizen's language and sent."""

from __future__ import annotations

import logging

from aiogram import Bot, html
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.clock import LOCAL_TZ
from bot.grammar import moment_text
from bot.handlers.contacts import venue_contacts
from bot.handlers.receptions import keyboards as rkb
from bot.handlers.receptions.render import BRING, day_text, local_day, session_block
from bot.services.receptions import Notice
from bot.services.reminders import Delivery

log = logging.getLogger(__name__)


def notice_text(notice: Notice) -> tuple[str, InlineKeyboardMarkup | None]:
    """The message of one outbox row, in the current locale."""
    lang = notice.language
    session = notice.session
    slot_shown = None
    if session.timed and notice.appointment is not None:
        slot_shown = int((notice.appointment - session.starts_at).total_seconds() // 60) // (session.slot_minutes or 1)
    block = session_block(session, lang, slot_shown) + venue_contacts(session.venue, lang)
    code = ""
    if notice.booking_code:
        code = "\n" + _("Booking code: <b>{code}</b>").format(code=html.quote(notice.booking_code))
    if notice.kind == "remind_evening":
        text = _(
            "⏰ <b>Reminder: tomorrow you have a free legal consultation.</b>\n\n{details}\n\n{bring}\n\n"
            "If you cannot come, please cancel the booking in /mybookings so that someone else can take the place."
        ).format(details=block + code, bring=_(BRING))
        return text, None
    if notice.kind == "remind_2h":
        text = _("⏰ <b>In two hours: your free legal consultation.</b>\n\n{details}\n\n{bring}").format(
            details=block + code, bring=_(BRING)
        )
        return text, None
    if notice.kind == "waitlist_offer":
        assert notice.offer_expires_at is not None and notice.waitlist_id is not None
        deadline = notice.offer_expires_at
        when = moment_text(day_text(local_day(deadline), lang), deadline.astimezone(LOCAL_TZ), lang)
        text = _(
            "🎉 <b>A place has become free for you!</b>\n\n{details}\n\nIt is held for you until {deadline}. "
            "Press «✅ Take the place» to book it; after that time it passes to the next person in line."
        ).format(details=block, deadline=when)
        return text, rkb.offer(notice.waitlist_id)
    if notice.kind == "waitlist_expired":
        text = _(
            "The time to confirm the place offered to you has passed, so it went to the next person in line:\n\n"
            "{details}\n\nYou can choose another date in the «⚖️ Free legal help» menu."
        ).format(details=block)
        return text, None
    if notice.kind == "session_cancelled":
        text = _(
            "❗️ <b>We are sorry: this legal-help reception has been cancelled by the branch.</b>\n\n{details}\n\n"
            "Please choose another date in the «⚖️ Free legal help» menu."
        ).format(details=block + code)
        return text, None
    if notice.kind == "session_moved":
        text = _(
            "❗️ <b>The reception you booked has been moved.</b> The new date and time:\n\n{details}\n\n"
            "If the new time does not suit you, please cancel the booking in /mybookings."
        ).format(details=block + code)
        return text, None
    raise ValueError(f"unknown notice kind {notice.kind!r}")


class TelegramNotifier:
    """Sends outbox messages; the Bot is attached on startup."""

    def __init__(self, i18n: I18n) -> None:
        self.i18n = i18n
        self.bot: Bot | None = None

    async def deliver(self, notice: Notice) -> Delivery:
        if self.bot is None:
            return Delivery.RETRY
        with self.i18n.context(), self.i18n.use_locale(notice.language):  # outside any handler
            text, markup = notice_text(notice)
        try:
            await self.bot.send_message(notice.user_id, text, reply_markup=markup)
        except TelegramForbiddenError:
            log.info("outbox message %r: the citizen blocked the bot", notice.id)
            return Delivery.GONE
        except TelegramBadRequest as exc:
            log.warning("outbox message %r refused: %r", notice.id, exc.message)
            return Delivery.GONE
        except (TelegramRetryAfter, TelegramNetworkError, TelegramServerError) as exc:
            log.warning("outbox message %r not delivered for now: %r", notice.id, type(exc).__name__)
            return Delivery.RETRY
        return Delivery.SENT
