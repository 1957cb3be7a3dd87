"""A citizen's own appeals: the list's button, one appeal with its history, and adding a message to it."""

from __future__ import annotations

import logging

from aiogram import Bot, F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.db.users import User
from bot.handlers.appeals import keyboards as akb
from bot.handlers.appeals import texts
from bot.handlers.appeals.callbacks import MineCb
from bot.handlers.appeals.citizen.common import (
    added_text,
    own_appeal,
    read_addition,
    router,
    send_my_appeals,
)
from bot.handlers.appeals.relay import AppealRelay
from bot.handlers.appeals.states import FollowUp
from bot.services.appeals import (
    AppealService,
    NotFound,
    NotOpen,
)

log = logging.getLogger(__name__)

@router.callback_query(MineCb.filter(F.action == "list"))
async def my_appeals_button(query: CallbackQuery, user: User, appeals: AppealService,
                             relay: AppealRelay) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await send_my_appeals(query.message, user, appeals, relay)


@router.callback_query(MineCb.filter(F.action == "open"))
async def open_appeal(query: CallbackQuery, callback_data: MineCb, user: User, appeals: AppealService,
                      relay: AppealRelay) -> None:
    appeal = await own_appeal(query, callback_data.id, user, appeals)
    if appeal is None:
        return
    await query.answer()
    history = await appeals.history(appeal.id)
    if isinstance(query.message, Message):
        sent = await query.message.answer(texts.citizen_view(appeal, history, relay.districts, user.language),
                                          reply_markup=akb.citizen_appeal(appeal))
        await relay.remember(appeal, sent)


@router.callback_query(MineCb.filter(F.action == "write"))
async def write_to_appeal(query: CallbackQuery, callback_data: MineCb, state: FSMContext, user: User,
                          appeals: AppealService, relay: AppealRelay) -> None:
    appeal = await own_appeal(query, callback_data.id, user, appeals)
    if appeal is None:
        return
    if not appeal.is_open:
        await query.answer(_("This appeal is closed; you can send a new one."), show_alert=True)
        return
    await query.answer()
    await state.set_state(FollowUp.text)
    await state.set_data({"appeal_id": appeal.id})
    if isinstance(query.message, Message):
        sent = await query.message.answer(
            _("Write your message to appeal {ticket}; you can also send a photo or a document. "
              "To cancel: /cancel").format(ticket=appeal.ticket)
        )
        await relay.remember(appeal, sent)


@router.message(FollowUp.text)
async def follow_up(message: Message, state: FSMContext, user: User, bot: Bot, appeals: AppealService,
                    relay: AppealRelay) -> None:
    data = await state.get_data()
    addition = await read_addition(message)
    if addition is None:
        return
    text, files = addition
    try:
        appeal = await appeals.add_citizen_message(int(data.get("appeal_id", 0)), user.id, text, files)
    except NotFound:
        await state.clear()
        await message.answer(_("Appeal not found."))
        return
    except NotOpen:
        await state.clear()
        await message.answer(_("This appeal is closed; you can send a new one."))
        return
    await state.clear()
    posted = await relay.post_followup(bot, appeal, text.strip(), files)
    sent = await message.answer(added_text(appeal.ticket, posted))
    await relay.remember(appeal, sent)


