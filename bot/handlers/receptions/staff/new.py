"""Adding a session, step by step: venue, date, time, places or time slots, topic, specialist."""

from __future__ import annotations

import logging
from datetime import date
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
    example_date,
    problem_text,
    session_block,
)
from bot.handlers.receptions.staff.common import ANSWER, can_manage, refuse, router
from bot.handlers.receptions.staff.sessions import show_card
from bot.handlers.receptions.states import NewSession
from bot.services.reception_input import (
    TOPICS,
    InputProblem,
    check_places,
    check_slot_minutes,
    check_specialist,
    draft_from_values,
    local_moment,
    parse_date,
    parse_time_range,
)
from bot.services.receptions import ReceptionError, ReceptionService, Session
from bot.services.roles import RoleService

log = logging.getLogger(__name__)

# -- adding a session -------------------------------------------------------------------------------------


@router.callback_query(StaffCb.filter(F.action == "new"))
async def new_session(query: CallbackQuery, user: User, state: FSMContext, receptions: ReceptionService,
                      roles: RoleService) -> None:
    if not await can_manage(user, roles):
        await refuse(query, ReceptionError("forbidden"))
        return
    await state.clear()
    await state.set_state(NewSession.venue)
    await show(query, _("➕ <b>New session</b>\n\nChoose the venue:"),
               rkb.staff_venues(await receptions.venues(), user.language))


async def stale_pick(query: CallbackQuery) -> None:
    await query.answer(_("This button is out of date. Please open the menu again: /menu"), show_alert=True)


@router.callback_query(NewSession.venue, StaffPickCb.filter(F.field == "venue"))
async def new_venue(query: CallbackQuery, callback_data: StaffPickCb, state: FSMContext,
                    receptions: ReceptionService, clock: Clock) -> None:
    if await receptions.venue(callback_data.value) is None:
        await stale_pick(query)
        return
    await state.update_data(rs_venue=callback_data.value)
    await state.set_state(NewSession.date)
    await show(query, _("Type the date, for example {example}:").format(example=example_date(clock.local_now().date())),
               InlineKeyboardMarkup(inline_keyboard=[]))


@router.message(NewSession.date, ANSWER)
async def new_date(message: Message, state: FSMContext, clock: Clock) -> None:
    try:
        day = parse_date(message.text or "")
        if day < clock.local_now().date():
            raise InputProblem("date_past", {"value": day.strftime("%d.%m.%Y")})
    except InputProblem as problem:
        await message.answer(problem_text(problem))
        return
    await state.update_data(rs_date=day.isoformat())
    await state.set_state(NewSession.time)
    await message.answer(_("Type the start and end time, for example 10:00-13:00:"))


@router.message(NewSession.time, ANSWER)
async def new_time(message: Message, state: FSMContext, clock: Clock) -> None:
    data = await state.get_data()
    try:
        start, end = parse_time_range(message.text or "")
        starts_at = local_moment(date.fromisoformat(str(data["rs_date"])), start)
        if starts_at <= clock.now():
            raise InputProblem("date_past", {"value": starts_at.strftime("%d.%m.%Y %H:%M")})
    except InputProblem as problem:
        await message.answer(problem_text(problem))
        return
    await state.update_data(rs_start=start.strftime("%H:%M"), rs_end=end.strftime("%H:%M"))
    await state.set_state(NewSession.mode)
    await message.answer(_("How do citizens book this session?"), reply_markup=rkb.staff_mode())


@router.callback_query(NewSession.mode, StaffPickCb.filter(F.field == "mode"))
async def new_mode(query: CallbackQuery, callback_data: StaffPickCb, state: FSMContext) -> None:
    if callback_data.value not in ("places", "slots"):
        await stale_pick(query)
        return
    await state.update_data(rs_mode=callback_data.value)
    await state.set_state(NewSession.capacity)
    prompt = _("How many places? Type a number from 1 to 200:") if callback_data.value == "places" else _(
        "How long is one slot, in minutes? For example 20:")
    await show(query, prompt, InlineKeyboardMarkup(inline_keyboard=[]))


def _duration(data: dict[str, Any]) -> int:
    start_h, start_m = map(int, str(data["rs_start"]).split(":"))
    end_h, end_m = map(int, str(data["rs_end"]).split(":"))
    return (end_h * 60 + end_m) - (start_h * 60 + start_m)


@router.message(NewSession.capacity, ANSWER)
async def new_capacity(message: Message, state: FSMContext) -> None:
    data = await state.get_data()
    try:
        if data.get("rs_mode") == "slots":
            value = str(check_slot_minutes(message.text or "", _duration(data)))
        else:
            value = str(check_places(message.text or ""))
    except InputProblem as problem:
        await message.answer(problem_text(problem))
        return
    await state.update_data(rs_capacity=value)
    await state.set_state(NewSession.topic)
    await message.answer(_("Choose the topic:"), reply_markup=rkb.staff_topics())


@router.callback_query(NewSession.topic, StaffPickCb.filter(F.field == "topic"))
async def new_topic(query: CallbackQuery, callback_data: StaffPickCb, state: FSMContext) -> None:
    if callback_data.value not in TOPICS:
        await stale_pick(query)
        return
    await state.update_data(rs_topic=callback_data.value)
    await state.set_state(NewSession.specialist)
    await show(query, _("Type the lawyer's name, or press «⏭ Skip»:"), rkb.staff_skip())


async def new_summary(target: Message, state: FSMContext, user: User, receptions: ReceptionService,
                      clock: Clock, edit: bool) -> None:
    data = await state.get_data()
    try:
        draft = draft_from_values(_values(data), [v.id for v in await receptions.venues()], clock.now())
    except InputProblem as problem:
        await state.clear()
        await target.answer(
            problem_text(problem) + "\n\n" + _("The new session was not saved. Start again: /receptions")
        )
        return
    await state.set_state(NewSession.confirm)
    venue = await receptions.venue(draft.venue_id)
    assert venue is not None
    preview = Session(0, venue, draft.starts_at, draft.ends_at, draft.specialist, draft.topic, draft.slot_minutes,
                      draft.capacity, "scheduled", "staff")
    text = _("Check the new session:\n\n{details}\n\n👥 Places: {capacity}\n\nSave it?").format(
        details=session_block(preview, user.language), capacity=draft.capacity)
    if edit:
        await edit(target, text, rkb.staff_save())
    else:
        await target.answer(text, reply_markup=rkb.staff_save())


def _values(data: dict[str, Any]) -> dict[str, str]:
    mode = data.get("rs_mode")
    return {
        "date": str(data.get("rs_date", "")),
        "start": str(data.get("rs_start", "")),
        "end": str(data.get("rs_end", "")),
        "venue": str(data.get("rs_venue", "")),
        "places": str(data.get("rs_capacity", "")) if mode == "places" else "",
        "slot_minutes": str(data.get("rs_capacity", "")) if mode == "slots" else "",
        "specialist": str(data.get("rs_specialist") or ""),
        "topic": str(data.get("rs_topic", "")),
    }


@router.message(NewSession.specialist, ANSWER)
async def new_specialist(message: Message, state: FSMContext, user: User, receptions: ReceptionService,
                         clock: Clock) -> None:
    try:
        specialist = check_specialist(message.text)
    except InputProblem as problem:
        await message.answer(problem_text(problem))
        return
    await state.update_data(rs_specialist=specialist)
    await new_summary(message, state, user, receptions, clock, edit=False)


@router.callback_query(NewSession.specialist, StaffPickCb.filter(F.field == "skip"))
async def new_specialist_skip(query: CallbackQuery, state: FSMContext, user: User, receptions: ReceptionService,
                              clock: Clock) -> None:
    await state.update_data(rs_specialist=None)
    await query.answer()
    if isinstance(query.message, Message):
        await new_summary(query.message, state, user, receptions, clock, edit=True)


@router.callback_query(NewSession.confirm, StaffPickCb.filter(F.field == "save"))
async def new_save(query: CallbackQuery, callback_data: StaffPickCb, user: User, state: FSMContext,
                   receptions: ReceptionService, roles: RoleService, clock: Clock) -> None:
    data = await state.get_data()
    await state.clear()
    if callback_data.value != "yes":
        await show(query, _("The new session was not saved."), InlineKeyboardMarkup(inline_keyboard=[]))
        return
    try:
        draft = draft_from_values(_values(data), [v.id for v in await receptions.venues()], clock.now())
        session = await receptions.create_session(user.id, draft, clock.now())
    except InputProblem as problem:
        await show(query, problem_text(problem), InlineKeyboardMarkup(inline_keyboard=[]))
        return
    except ReceptionError as error:
        await refuse(query, error)
        return
    await show_card(query, session.id, user, receptions, roles, clock,
                    prefix=_("✅ Session #{id} is saved.").format(id=session.id) + "\n\n")


