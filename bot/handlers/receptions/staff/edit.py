"""Editing a session's fields; the catch-all for a staff button from a finished dialogue (registered last)."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from bot.clock import Clock
from bot.db.users import User
from bot.handlers.menus import show
from bot.handlers.receptions import keyboards as rkb
from bot.handlers.receptions.callbacks import StaffCb, StaffPickCb
from bot.handlers.receptions.render import (
    error_text,
    example_date,
    problem_text,
    session_block,
)
from bot.handlers.receptions.staff.common import ANSWER, router, scheduled_session
from bot.handlers.receptions.staff.new import stale_pick
from bot.handlers.receptions.staff.sessions import card_text
from bot.handlers.receptions.states import EditSession
from bot.services.reception_input import (
    TOPICS,
    InputProblem,
    check_specialist,
    parse_date,
    parse_time_range,
)
from bot.services.receptions import ReceptionError, ReceptionService
from bot.services.reminders import ReceptionJobs
from bot.services.roles import RoleService

log = logging.getLogger(__name__)

# -- editing a session ------------------------------------------------------------------------------------


@router.callback_query(StaffCb.filter(F.action == "edit"))
async def edit_start(query: CallbackQuery, callback_data: StaffCb, user: User, state: FSMContext,
                     receptions: ReceptionService, roles: RoleService, clock: Clock) -> None:
    session = await scheduled_session(query, callback_data.id, user, receptions, roles, clock)
    if session is None:
        return
    await state.clear()
    await state.update_data(rs_session=session.id)
    await show(query, _("✏️ What do you want to change?\n\n{details}").format(
        details=session_block(session, user.language)), rkb.staff_edit_fields(session))


@router.callback_query(StaffPickCb.filter(F.field == "edit"))
async def edit_field(query: CallbackQuery, callback_data: StaffPickCb, user: User, state: FSMContext,
                     receptions: ReceptionService, clock: Clock) -> None:
    data = await state.get_data()
    session = await receptions.staff_session(user.id, int(data.get("rs_session") or 0), clock.now())
    if session is None or callback_data.value not in ("date", "time", "capacity", "specialist", "topic"):
        await stale_pick(query)
        return
    await state.update_data(rs_field=callback_data.value)
    await state.set_state(EditSession.value)
    if callback_data.value == "topic":
        await show(query, _("Choose the topic:"), rkb.staff_topics())
        return
    prompts = {
        "date": _("Type the new date, for example {example}. Booked citizens will be told.").format(
            example=example_date(clock.local_now().date())),
        "time": _("Type the new start and end time, for example 10:00-13:00. Booked citizens will be told."),
        "capacity": _("Type the new slot length in minutes:") if session.timed else _("Type the new number of places:"),
        "specialist": _("Type the lawyer's name (a single dash «-» removes it):"),
    }
    await show(query, prompts[callback_data.value], InlineKeyboardMarkup(inline_keyboard=[]))


async def edit_save(target: Message, user: User, state: FSMContext, field_name: str, value: Any,
                    receptions: ReceptionService, reception_jobs: ReceptionJobs, clock: Clock) -> None:
    data = await state.get_data()
    session_id = int(data.get("rs_session") or 0)
    try:
        session = await receptions.update_session(user.id, session_id, field_name, value, clock.now())
    except ReceptionError as error:
        await target.answer(error_text(error))
        return
    await state.clear()
    reception_jobs.kick()  # moved: notices; more places: waitlist offers
    await target.answer(_("✅ Saved.") + "\n\n" + card_text(session, user.language),
                        reply_markup=rkb.staff_card(session, True, 0))


@router.message(EditSession.value, ANSWER)
async def edit_value(message: Message, user: User, state: FSMContext, receptions: ReceptionService,
                     reception_jobs: ReceptionJobs, clock: Clock) -> None:
    data = await state.get_data()
    field_name = str(data.get("rs_field"))
    text = message.text or ""
    value: Any
    try:
        if field_name == "date":
            value = parse_date(text)
        elif field_name == "time":
            value = parse_time_range(text)
        elif field_name == "specialist":
            value = None if text.strip() == "-" else check_specialist(text)
        elif field_name == "capacity":
            value = text.strip()
        else:
            await message.answer(_("Choose the topic:"), reply_markup=rkb.staff_topics())
            return
    except InputProblem as problem:
        await message.answer(problem_text(problem))
        return
    await edit_save(message, user, state, field_name, value, receptions, reception_jobs, clock)


@router.callback_query(EditSession.value, StaffPickCb.filter(F.field == "topic"))
async def edit_topic_cb(query: CallbackQuery, callback_data: StaffPickCb, user: User, state: FSMContext,
                        receptions: ReceptionService, reception_jobs: ReceptionJobs, clock: Clock) -> None:
    if callback_data.value not in TOPICS or not isinstance(query.message, Message):
        await stale_pick(query)
        return
    await query.answer()
    await edit_save(query.message, user, state, "topic", callback_data.value, receptions, reception_jobs, clock)


@router.callback_query(StaffPickCb.filter())
async def pick_out_of_place(query: CallbackQuery) -> None:
    """A dialogue button from a dialogue that is over (or another step of it)."""
    await stale_pick(query)
