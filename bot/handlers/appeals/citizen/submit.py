"""Submitting the reviewed form: exactly one appeal per form (its key), the receipt saying what really
happened to it."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot import keyboards as kb
from bot.db.users import User
from bot.handlers.appeals import texts
from bot.handlers.appeals.callbacks import SubmitCb
from bot.handlers.appeals.citizen.common import files_of, no_staff_chat_text, refusal_text, router, show_review
from bot.handlers.appeals.relay import AppealRelay
from bot.handlers.appeals.states import AppealForm
from bot.services.appeals import (
    AppealService,
    Draft,
    Invalid,
)

log = logging.getLogger(__name__)

# ----- submit --------------------------------------------------------------------------------------------
@router.callback_query(SubmitCb.filter())
async def submit(query: CallbackQuery, callback_data: SubmitCb, state: FSMContext, user: User, bot: Bot,
                 appeals: AppealService, relay: AppealRelay) -> None:
    async with relay.submit_lock(user.id):
        await submit_locked(query, callback_data, state, user, bot, appeals, relay)


async def submit_locked(query: CallbackQuery, callback_data: SubmitCb, state: FSMContext, user: User, bot: Bot,
                        appeals: AppealService, relay: AppealRelay) -> None:
    data = await state.get_data()
    current = await state.get_state()
    if not relay.takes_appeals:  # a form begun before the staff chat was unset: nobody would read it
        await query.answer()
        await state.clear()
        await bot.send_message(user.id, no_staff_chat_text() + "\n\n" + _("Your form has not been sent and has "
                                                                          "been deleted."),
                               reply_markup=kb.main_menu())
        return
    if current != AppealForm.review.state or data.get("key") != callback_data.key:
        existing = await appeals.by_key(callback_data.key)
        if existing is not None and existing.user_id == user.id:
            await query.answer(_("This appeal has already been sent: {ticket}").format(ticket=existing.ticket),
                               show_alert=True)
        else:
            await query.answer(_("This button is out of date. Please open the menu again: /menu"), show_alert=True)
        return
    try:
        draft = Draft(
            user_id=user.id, language=user.language, category=data["category"], district=data["district"],
            text=data["text"], name=data["name"], phone=data["phone"], address=data.get("address"),
            attachments=files_of(data), source=data.get("source", "form"),
        )
        result = await appeals.submit(draft, callback_data.key)
    except (KeyError, Invalid):
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.answer(_("Some answers of the form are missing. Please check them:"))
            await show_review(query.message, state, user, relay)
        return
    if result.refused == "conflict" or (result.appeal is None and not result.refused):
        await query.answer(_("This button is out of date. Please open the menu again: /menu"), show_alert=True)
        return
    if result.refused or result.appeal is None:
        await query.answer()
        if result.refused == "blocked":
            await state.clear()
        text = refusal_text(result.refused or "blocked", appeals.daily_limit)
        if result.refused == "limit":
            text += "\n\n" + _("Your form is kept: press «Submit» again tomorrow.")
        await bot.send_message(user.id, text)
        return
    appeal = result.appeal
    # The appeal is committed; only now the citizen gets the receipt.
    await state.clear()
    await query.answer(_("Sent"))
    if isinstance(query.message, Message):
        try:
            await query.message.edit_reply_markup(reply_markup=None)
        except Exception:  # an old message can no longer be edited: harmless
            log.debug("review of appeal %r not edited", appeal.id)
    log.info("appeal %r filed (created=%r)", appeal.id, result.created)
    # posted before the receipt, so that the receipt says what really happened to it
    posted = appeal.posted_at is not None or await relay.post_new(bot, appeal)
    receipt = texts.receipt(appeal, user.language, appeals.deadline_days) + "\n\n" + texts.receipt_delivery(
        posted, retry=relay.settings.appeal_job_seconds > 0)
    sent = await bot.send_message(user.id, receipt, reply_markup=kb.main_menu())
    await relay.remember(appeal, sent)


