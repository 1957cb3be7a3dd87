"""Entry points: /myappeals, the reception menu, starting the form (also from an unanswered question)
and cancelling it; staff-only commands and buttons used by a citizen."""

from __future__ import annotations

import logging

from aiogram import F
from aiogram.filters import Command, StateFilter, or_f
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot import keyboards as kb
from bot.callbacks import MenuCb
from bot.db.users import User
from bot.filters import Button
from bot.handlers.appeals import keyboards as akb
from bot.handlers.appeals import texts
from bot.handlers.appeals.callbacks import FormCb, StaffCb, StaffListCb
from bot.handlers.appeals.citizen.common import PREFILL_KEY, no_staff_chat_text, router, send_my_appeals, start_form
from bot.handlers.appeals.relay import AppealRelay
from bot.handlers.appeals.states import AppealForm
from bot.handlers.contacts import regional_venue, where_to_come
from bot.handlers.privacy import ConsentGate
from bot.handlers.staff.denied import refuse_button, refuse_command
from bot.services.appeals import (
    AppealService,
)
from bot.services.receptions import ReceptionService

log = logging.getLogger(__name__)

@router.message(Command("myappeals"))
async def my_appeals(message: Message, user: User, appeals: AppealService, relay: AppealRelay) -> None:
    await send_my_appeals(message, user, appeals, relay)


@router.message(Command("appeals", "appeal", "appeals_export", "appeal_block", "appeal_unblock"))
async def not_staff_command(message: Message) -> None:
    await refuse_command(message, _("Your own appeals: /myappeals"))


# ----- the reception menu ---------------------------------------------------------------------------------
@router.message(Button(kb.BTN_RECEPTION))
async def reception(message: Message, user: User, appeals: AppealService, relay: AppealRelay,
                    receptions: ReceptionService) -> None:
    if not relay.takes_appeals:  # nobody would read an appeal: where to come instead
        await message.answer(
            _("📝 <b>Public reception of the AMANAT Kyzylorda regional branch</b>") + "\n\n" + no_staff_chat_text()
            + where_to_come(await regional_venue(receptions), user.language),
            reply_markup=akb.reception_menu(form=False),
        )
        return
    due = appeals.due_date_for(appeals.clock.now())
    await message.answer(
        _(
            "📝 <b>Public reception of the AMANAT Kyzylorda regional branch</b>\n\n"
            "Write to us about a problem or a question: housing, utilities and gas, land, roads, social support, "
            "health, education, work, a legal question.\n\n"
            "How it works:\n"
            "1. You fill in a short form: category, district, the text, photos or documents if needed, your name "
            "and phone.\n"
            "2. You get a ticket number at once; the reception staff see your appeal immediately.\n"
            "3. Staff answer you here, in the bot; you see every change of status in /myappeals.\n\n"
            "An answer takes up to {days} (weekends and public holidays are not counted): an appeal sent today "
            "is answered by {due}."
        ).format(days=texts.working_days(appeals.deadline_days), due=texts.fmt_date(due, user.language)),
        reply_markup=akb.reception_menu(),
    )


@router.callback_query(FormCb.filter(F.action == "start"))
async def start_button(query: CallbackQuery, state: FSMContext, user: User, appeals: AppealService,
                       relay: AppealRelay, consent_gate: ConsentGate) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await start_form(query.message, state, user, appeals, relay, consent_gate)


@router.callback_query(MenuCb.filter(F.action == "appeal"))
async def from_question(query: CallbackQuery, state: FSMContext, user: User, appeals: AppealService,
                        relay: AppealRelay, consent_gate: ConsentGate) -> None:
    """"Write to the public reception" under an unanswered question: the form, with the question as the text."""
    await query.answer()
    data = await state.get_data()
    prefill = data.get(PREFILL_KEY)
    if isinstance(query.message, Message):
        await start_form(query.message, state, user, appeals, relay, consent_gate, prefill=prefill)


@router.callback_query(FormCb.filter(F.action == "cancel"))
async def cancel_button(query: CallbackQuery, state: FSMContext) -> None:
    await query.answer()
    if await state.get_state() in AppealForm.__all_states_names__:
        await state.clear()
        text = _("The appeal was cancelled; nothing was sent.")
    else:
        text = _("There is nothing to cancel.")
    if isinstance(query.message, Message):
        await query.message.answer(text, reply_markup=kb.main_menu())


@router.message(StateFilter(AppealForm), Button(akb.BTN_CANCEL_FORM))
async def cancel_reply_button(message: Message, state: FSMContext) -> None:
    await state.clear()
    await message.answer(_("The appeal was cancelled; nothing was sent."), reply_markup=kb.main_menu())




# ----- staff-only things pressed or typed by a citizen ----------------------------------------------------------
@router.callback_query(or_f(StaffCb.filter(), StaffListCb.filter()))
async def not_staff_button(query: CallbackQuery) -> None:
    await refuse_button(query)
