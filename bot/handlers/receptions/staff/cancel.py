"""Cancelling a session (citizens told) and pausing / resuming bookings."""

from __future__ import annotations

import logging

from aiogram import F
from aiogram.types import CallbackQuery
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from bot.clock import Clock
from bot.db.users import User
from bot.handlers.menus import show
from bot.handlers.receptions import keyboards as rkb
from bot.handlers.receptions.callbacks import StaffCb
from bot.handlers.receptions.render import (
    session_block,
)
from bot.handlers.receptions.staff.common import refuse, router, scheduled_session
from bot.handlers.receptions.staff.sessions import panel_view, show_card
from bot.services.receptions import ReceptionError, ReceptionService
from bot.services.reminders import ReceptionJobs
from bot.services.roles import RoleService

log = logging.getLogger(__name__)

# -- cancelling a session, pausing bookings ---------------------------------------------------------------


@router.callback_query(StaffCb.filter(F.action == "cancel_ask"))
async def cancel_ask(query: CallbackQuery, callback_data: StaffCb, user: User, receptions: ReceptionService,
                     roles: RoleService, clock: Clock) -> None:
    session = await scheduled_session(query, callback_data.id, user, receptions, roles, clock)
    if session is None:
        return
    text = _("Cancel this session? {booked} booked citizens and {waiting} on the waitlist will get a notice in their "
             "language.\n\n{details}").format(booked=session.booked, waiting=session.waiting,
                                                 details=session_block(session, user.language))
    await show(query, text, rkb.staff_cancel_ask(session.id))


@router.callback_query(StaffCb.filter(F.action == "cancel"))
async def cancel_session(query: CallbackQuery, callback_data: StaffCb, user: User, receptions: ReceptionService,
                         roles: RoleService, reception_jobs: ReceptionJobs, clock: Clock) -> None:
    try:
        notices = await receptions.cancel_session(user.id, callback_data.id, clock.now())
    except ReceptionError as error:
        await refuse(query, error)
        return
    reception_jobs.kick()  # the notices go out now, in the background
    prefix = ngettext(
        "🚫 Session cancelled; a notice is being sent to {count} citizen.",
        "🚫 Session cancelled; notices are being sent to {count} citizens.",
        notices,
    ).format(count=notices)
    await show_card(query, callback_data.id, user, receptions, roles, clock, prefix=prefix + "\n\n")


@router.callback_query(StaffCb.filter(F.action.in_({"pause", "resume"})))
async def pause(query: CallbackQuery, callback_data: StaffCb, user: User, receptions: ReceptionService,
                roles: RoleService, reception_jobs: ReceptionJobs, clock: Clock) -> None:
    paused = callback_data.action == "pause"
    try:
        await receptions.set_paused(user.id, paused, clock.now())
    except ReceptionError as error:
        await refuse(query, error)
        return
    if not paused:
        reception_jobs.kick()  # places freed during the pause go to the waitlist
    note = _("⏸ New bookings are paused. Citizens see an explanation; bookings already made stay valid.") if paused \
        else _("▶️ Bookings are open again.")
    text, markup = await panel_view(user, receptions, roles, clock)
    await show(query, note + "\n\n" + text, markup)


