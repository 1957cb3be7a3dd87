"""The panel (/receptions) and the list and card of sessions."""

from __future__ import annotations

import logging

from aiogram import F
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from bot.clock import Clock
from bot.db.users import User
from bot.handlers.menus import show
from bot.handlers.receptions import keyboards as rkb
from bot.handlers.receptions.callbacks import StaffCb
from bot.handlers.receptions.render import (
    session_block,
)
from bot.handlers.receptions.staff.common import SESSIONS_PER_PAGE, can_manage, router, viewed_session
from bot.services.receptions import ReceptionService, Session
from bot.services.roles import RoleService

log = logging.getLogger(__name__)

# -- the panel and the session list -----------------------------------------------------------------------


async def panel_view(user: User, receptions: ReceptionService, roles: RoleService,
                     clock: Clock) -> tuple[str, InlineKeyboardMarkup]:
    sessions = await receptions.staff_sessions(user.id, clock.now())
    paused = await receptions.is_paused()
    state = _("⏸ paused") if paused else _("✅ open")
    text = _(
        "🛠 <b>Legal-help receptions: staff</b>\n\nSessions today and ahead: {count}. New bookings: {state}."
    ).format(count=len(sessions), state=state)
    return text, rkb.staff_panel(paused, await can_manage(user, roles))


@router.message(Command("receptions"))
async def panel(message: Message, user: User, state: FSMContext, receptions: ReceptionService, roles: RoleService,
                clock: Clock) -> None:
    await state.clear()
    text, markup = await panel_view(user, receptions, roles, clock)
    await message.answer(text, reply_markup=markup)


@router.callback_query(StaffCb.filter(F.action == "panel"))
async def panel_cb(query: CallbackQuery, user: User, receptions: ReceptionService, roles: RoleService,
                   clock: Clock) -> None:
    text, markup = await panel_view(user, receptions, roles, clock)
    await show(query, text, markup)


@router.callback_query(StaffCb.filter(F.action == "list"))
async def session_list(query: CallbackQuery, callback_data: StaffCb, user: User, receptions: ReceptionService,
                       clock: Clock) -> None:
    sessions = await receptions.staff_sessions(user.id, clock.now())
    if not sessions:
        text = _("No sessions ahead. Add one or upload a CSV schedule.")
    else:
        text = _("📅 <b>Sessions</b>: date, time, venue, booked/places. Choose one:")
    page = max(0, min(callback_data.page, (len(sessions) - 1) // SESSIONS_PER_PAGE if sessions else 0))
    await show(query, text, rkb.staff_sessions(sessions, page, SESSIONS_PER_PAGE, user.language))


def card_text(session: Session, lang: str) -> str:
    text = _(
        "🗂 <b>Session #{id}</b>\n\n{details}\n\n👥 Booked: {booked} of {capacity}\n🕒 On the waitlist: {waiting}"
    ).format(
        id=session.id, details=session_block(session, lang), booked=session.booked, capacity=session.capacity,
        waiting=session.waiting)
    if session.status == "cancelled":
        text += "\n\n" + _("🚫 This session is cancelled.")
    return text


async def show_card(query: CallbackQuery, session_id: int, user: User, receptions: ReceptionService,
                    roles: RoleService, clock: Clock, page: int = 0, prefix: str = "") -> None:
    session = await viewed_session(query, session_id, user, receptions, clock)
    if session is None:
        return
    await show(query, prefix + card_text(session, user.language),
               rkb.staff_card(session, await can_manage(user, roles), page))


@router.callback_query(StaffCb.filter(F.action == "show"))
async def session_card(query: CallbackQuery, callback_data: StaffCb, user: User, state: FSMContext,
                       receptions: ReceptionService, roles: RoleService, clock: Clock) -> None:
    await state.clear()
    await show_card(query, callback_data.id, user, receptions, roles, clock, callback_data.page)


