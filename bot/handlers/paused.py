"""«Continue» / «Cancel» under the note of a paused form (bot.middlewares.forms)."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot import keyboards as kb
from bot.callbacks import PausedFormCb
from bot.middlewares.forms import FormPause

router = Router(name=__name__)


async def _drop_buttons(query: CallbackQuery) -> None:
    if isinstance(query.message, Message) and query.message.reply_markup is not None:
        await query.message.edit_reply_markup(reply_markup=None)


@router.callback_query(PausedFormCb.filter())
async def paused_form(query: CallbackQuery, callback_data: PausedFormCb, state: FSMContext, form_pause: FormPause,
                      **data: Any) -> None:
    if not isinstance(query.message, Message):
        await query.answer()
        return
    if callback_data.action == "cancel":
        dropped = await form_pause.drop(state)
        await query.answer()
        await _drop_buttons(query)
        await query.message.answer(
            _("Cancelled. Nothing was saved.") if dropped else _("There is nothing to cancel."),
            reply_markup=kb.main_menu(),
        )
        return
    if await state.get_state() is not None:
        await query.answer(_("You are filling in another form now: finish it or /cancel it first."), show_alert=True)
        return
    data.update(state=state, form_pause=form_pause)
    await query.answer()
    if not await form_pause.resume(query.message, state, data):
        await _drop_buttons(query)
        await query.message.answer(_("This form is no longer open. Please start it again from the menu: /menu"))
        return
    await _drop_buttons(query)
