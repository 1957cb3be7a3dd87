"""👍/👎 under knowledge-base answers: one tap, no text required. After a 👎 the bot asks, optionally, what the
citizen was looking for: their next question (within COMMENT_WINDOW) is taken as that too, and still answered
as a question, so nothing they type is ever swallowed (no form is opened)."""

from __future__ import annotations

import logging
import time

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from bot.callbacks import FeedbackCb
from bot.clock import Clock
from bot.db.users import User
from bot.services.kb_feedback import FeedbackService

log = logging.getLogger(__name__)

router = Router(name=__name__)

COMMENT_WINDOW = 600.0  # seconds after a 👎 in which the next question also says what was looked for
VOTE_KEY = "kb_vote"


def with_votes(markup: InlineKeyboardMarkup, entry_id: str, token: str) -> InlineKeyboardMarkup:
    row = [
        InlineKeyboardButton(text="👍", callback_data=FeedbackCb(entry=entry_id, vote="up", q=token).pack()),
        InlineKeyboardButton(text="👎", callback_data=FeedbackCb(entry=entry_id, vote="down", q=token).pack()),
    ]
    return InlineKeyboardMarkup(inline_keyboard=[*markup.inline_keyboard, row])


def without_votes(markup: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
    if markup is None:
        return None
    rows = [r for r in markup.inline_keyboard if not any((b.callback_data or "").startswith("fb:") for b in r)]
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


@router.callback_query(FeedbackCb.filter())
async def vote(query: CallbackQuery, callback_data: FeedbackCb, user: User, feedback: FeedbackService,
               state: FSMContext, clock: Clock) -> None:
    message = query.message
    if not isinstance(message, Message) or message.chat.type != "private":
        await query.answer()
        return
    helpful = callback_data.vote == "up"
    vote_id = await feedback.vote(user.id, message.message_id, callback_data.entry, user.language, helpful,
                                  callback_data.q, now=clock.now())
    if vote_id is None:
        await query.answer(_("You have already rated this answer. Thank you!"))
    else:
        await query.answer(_("Thank you for the rating!"))
    try:
        await message.edit_reply_markup(reply_markup=without_votes(message.reply_markup))
    except TelegramBadRequest:
        log.debug("could not remove the rating buttons")
    if vote_id is not None and not helpful:
        await state.update_data({VOTE_KEY: {"id": vote_id, "at": time.time()}})
        await message.answer(_("Sorry the answer did not help. If you like, write in your own words what you were "
                               "looking for: staff read these to add missing answers. Or just ask another "
                               "question."))


async def take_comment(message: Message, user: User, state: FSMContext, feedback: FeedbackService,
                       clock: Clock) -> None:
    """Called with every question: after a recent 👎 it is also kept as what the citizen looked for."""
    data = await state.get_data()
    pending = data.get(VOTE_KEY)
    if not pending:
        return
    await state.update_data({VOTE_KEY: None})
    if time.time() - float(pending.get("at", 0)) > COMMENT_WINDOW:
        return
    await feedback.comment(user.id, int(pending["id"]), message.text or "", user.language, now=clock.now())
