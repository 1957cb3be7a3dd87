"""Rating a closed appeal's handling, with an optional comment for the staff."""

from __future__ import annotations

import logging

from aiogram import Bot, F, html
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot import keyboards as kb
from bot.db.users import User
from bot.handlers.appeals import keyboards as akb
from bot.handlers.appeals.callbacks import MineCb
from bot.handlers.appeals.citizen.common import own_appeal, router
from bot.handlers.appeals.relay import AppealRelay
from bot.handlers.appeals.states import Rating
from bot.services.appeals import (
    AppealError,
    AppealService,
    Invalid,
    NotFound,
)

log = logging.getLogger(__name__)

# ----- rating ---------------------------------------------------------------------------------------------
@router.callback_query(MineCb.filter(F.action == "rate"))
async def rate_start(query: CallbackQuery, callback_data: MineCb, user: User, appeals: AppealService) -> None:
    appeal = await own_appeal(query, callback_data.id, user, appeals)
    if appeal is None:
        return
    if appeal.is_open or appeal.rating is not None:
        await query.answer(_("This appeal cannot be rated now."), show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(
            _("How satisfied are you with how appeal {ticket} was handled? 1 star is bad, 5 is excellent.").format(
                ticket=appeal.ticket),
            reply_markup=akb.scores(appeal.id),
        )


@router.callback_query(MineCb.filter(F.action == "score"))
async def rate_score(query: CallbackQuery, callback_data: MineCb, state: FSMContext, user: User, bot: Bot,
                     appeals: AppealService, relay: AppealRelay) -> None:
    try:
        appeal = await appeals.rate(callback_data.id, user.id, callback_data.score)
    except NotFound:
        await query.answer(_("Appeal not found."), show_alert=True)
        return
    except AppealError:
        await query.answer(_("This appeal cannot be rated now."), show_alert=True)
        return
    await query.answer(_("Thank you"))
    await state.set_state(Rating.comment)
    await state.set_data({"appeal_id": appeal.id})
    if isinstance(query.message, Message):
        try:
            await query.message.edit_reply_markup(reply_markup=None)
        except Exception:
            log.debug("rating keyboard of appeal %r not edited", appeal.id)
        await query.message.answer(
            _("Thank you for the rating! If you wish, write a comment: what was good, what could be better."),
            reply_markup=akb.skip_comment(appeal.id),
        )
    with relay.locale(relay.staff_language):
        note = _("⭐ <b>{ticket}</b>: the citizen rated the answer {score} of 5").format(
            ticket=appeal.ticket, score=callback_data.score)
    await relay.post_to_staff(bot, appeal, note)


@router.callback_query(MineCb.filter(F.action == "skip"))
async def rate_no_comment(query: CallbackQuery, state: FSMContext) -> None:
    await query.answer()
    if await state.get_state() == Rating.comment.state:
        await state.clear()
    if isinstance(query.message, Message):
        await query.message.answer(_("Thank you! Your rating has been saved."), reply_markup=kb.main_menu())


@router.message(Rating.comment)
async def rate_comment(message: Message, state: FSMContext, user: User, bot: Bot, appeals: AppealService,
                       relay: AppealRelay) -> None:
    if message.text is None or not message.text.strip():
        await message.answer(_("Please write the comment in text, or press «No comment»."))
        return
    data = await state.get_data()
    try:
        appeal = await appeals.comment_rating(int(data.get("appeal_id", 0)), user.id, message.text)
    except Invalid as exc:
        if str(exc) == "long":
            await message.answer(_("The comment is too long: at most 1000 characters, please."))
            return
        await state.clear()
        await message.answer(_("Thank you! Your rating has been saved."), reply_markup=kb.main_menu())
        return
    except AppealError:
        await state.clear()
        await message.answer(_("Appeal not found."))
        return
    await state.clear()
    await message.answer(_("Thank you! Your rating and comment have been saved."), reply_markup=kb.main_menu())
    with relay.locale(relay.staff_language):
        note = _("⭐ <b>{ticket}</b>: the citizen's comment on the answer").format(ticket=appeal.ticket)
    await relay.post_to_staff(bot, appeal, f"{note}\n\n{html.quote(appeal.rating_comment or '')}")


