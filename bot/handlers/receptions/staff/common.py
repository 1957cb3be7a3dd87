"""The staff router of the receptions and what its modules share: the role filter, a typed answer, page
sizes, the role check for schedule work and the refusal."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.types import CallbackQuery

from bot.clock import Clock
from bot.db.users import User
from bot.filters import HasRole
from bot.handlers.receptions.render import (
    error_text,
)
from bot.services.receptions import MANAGE, ReceptionError, ReceptionService, Session
from bot.services.roles import RoleService

log = logging.getLogger(__name__)

router = Router(name=__name__)
router.message.filter(HasRole())
router.callback_query.filter(HasRole())

# A typed answer in a staff dialogue; a command (/receptions, /cancel, ...) is never one.
ANSWER = F.text & ~F.text.startswith("/")

SESSIONS_PER_PAGE = 8
PEOPLE_PER_PAGE = 5
QUESTION_PREVIEW = 200
REPORT_LINES = 40  # problems listed per upload; the rest are counted


async def can_manage(user: User, roles: RoleService) -> bool:
    return await roles.has(user.id, *MANAGE)


async def refuse(query: CallbackQuery, error: ReceptionError) -> None:
    await query.answer(error_text(error), show_alert=True)


async def viewed_session(query: CallbackQuery, session_id: int, user: User, receptions: ReceptionService,
                         clock: Clock) -> Session | None:
    """The session a staff member opens (their role and districts checked by the service). Otherwise the button
    is answered with the reason and None returned."""
    try:
        session = await receptions.staff_session(user.id, session_id, clock.now())
    except ReceptionError as error:
        await refuse(query, error)
        return None
    if session is None:
        await refuse(query, ReceptionError("not_found"))
    return session


async def scheduled_session(query: CallbackQuery, session_id: int, user: User, receptions: ReceptionService,
                            roles: RoleService, clock: Clock) -> Session | None:
    """The session a staff member is about to change (cancel, edit): they may manage the schedule, it is in
    their districts and still scheduled. Otherwise the button is answered with the reason and None returned."""
    if not await can_manage(user, roles):
        await refuse(query, ReceptionError("forbidden"))
        return None
    session = await viewed_session(query, session_id, user, receptions, clock)
    if session is not None and session.status != "scheduled":
        await refuse(query, ReceptionError("cancelled"))
        return None
    return session
