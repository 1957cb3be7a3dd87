"""Who is coming to a session: the list, attendance marks and the CSV export."""

from __future__ import annotations

import logging

from aiogram import Bot, F, html
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from bot.clock import Clock
from bot.db.users import User
from bot.handlers.menus import show
from bot.handlers.receptions import keyboards as rkb
from bot.handlers.receptions.callbacks import StaffCb, StaffMarkCb
from bot.handlers.receptions.render import (
    hhmm,
    status_name,
)
from bot.handlers.receptions.screens import edit
from bot.handlers.receptions.staff.common import PEOPLE_PER_PAGE, QUESTION_PREVIEW, refuse, router, viewed_session
from bot.services.receptions import ReceptionError, ReceptionService, bookings_csv

log = logging.getLogger(__name__)

# -- who is coming ----------------------------------------------------------------------------------------


async def people_view(session_id: int, page: int, user: User, receptions: ReceptionService,
                      clock: Clock) -> tuple[str, InlineKeyboardMarkup] | ReceptionError:
    now = clock.now()
    try:
        session = await receptions.staff_session(user.id, session_id, now)
        if session is None:
            return ReceptionError("not_found")
        bookings = await receptions.session_bookings(user.id, session_id, now)
    except ReceptionError as error:
        return error
    pages = max(1, -(-len(bookings) // PEOPLE_PER_PAGE))
    page = max(0, min(page, pages - 1))
    lines = [_("👥 <b>Session #{id}</b>, {when}: {booked} of {capacity} booked").format(
        id=session.id, when=f"{session.local_day.strftime('%d.%m.%Y')} {hhmm(session.starts_at)}",
        booked=session.booked, capacity=session.capacity)]
    if not bookings:
        lines.append(_("Nobody has booked yet."))
    for number, b in enumerate(bookings[page * PEOPLE_PER_PAGE : (page + 1) * PEOPLE_PER_PAGE],
                               page * PEOPLE_PER_PAGE + 1):
        entry = f"{number}. <b>{html.quote(b.code)}</b> · {hhmm(b.appointment)} · {status_name(b.status)}\n" \
                f"👤 {html.quote(b.name or '—')} · 📱 {html.quote(b.phone or '—')}"
        if b.question:
            preview = b.question if len(b.question) <= QUESTION_PREVIEW else b.question[:QUESTION_PREVIEW] + "…"
            entry += "\n❓ " + html.quote(preview)
        lines.append(entry)
    if bookings:
        lines.append(_("✅ n: attended, 🚫 n: did not come (from the reception's start), ↩️ n: undo the mark. The full "
                       "questions are in the CSV export."))
    return "\n\n".join(lines), rkb.staff_people(session, bookings, page, PEOPLE_PER_PAGE)


@router.callback_query(StaffCb.filter(F.action == "people"))
async def people(query: CallbackQuery, callback_data: StaffCb, user: User, receptions: ReceptionService,
                 clock: Clock) -> None:
    view = await people_view(callback_data.id, callback_data.page, user, receptions, clock)
    if isinstance(view, ReceptionError):
        await refuse(query, view)
        return
    await show(query, *view)


@router.callback_query(StaffMarkCb.filter())
async def mark(query: CallbackQuery, callback_data: StaffMarkCb, user: User, receptions: ReceptionService,
               clock: Clock) -> None:
    if callback_data.status not in ("attended", "no_show", "booked"):
        await refuse(query, ReceptionError("not_found"))
        return
    try:
        booking = await receptions.mark_attendance(user.id, callback_data.booking, callback_data.status, clock.now())
    except ReceptionError as error:
        await refuse(query, error)
        return
    view = await people_view(booking.session.id, callback_data.page, user, receptions, clock)
    if isinstance(view, ReceptionError):
        await refuse(query, view)
        return
    await query.answer(f"{booking.code}: {status_name(callback_data.status)}")
    if isinstance(query.message, Message):
        await edit(query.message, view[0], view[1])


@router.callback_query(StaffCb.filter(F.action == "export"))
async def export(query: CallbackQuery, callback_data: StaffCb, user: User, receptions: ReceptionService,
                 clock: Clock, bot: Bot) -> None:
    session = await viewed_session(query, callback_data.id, user, receptions, clock)
    if session is None:
        return
    try:
        bookings = await receptions.session_bookings(user.id, callback_data.id, clock.now())
    except ReceptionError as error:
        await refuse(query, error)
        return
    header = [_("Booking code"), _("Appointment time"), _("Citizen's name"), _("Phone number"),
              _("Citizen's question"), _("Booking status"), _("Booked at")]
    statuses = {s: status_name(s) for s in ("booked", "attended", "no_show", "cancelled")}
    data = bookings_csv(bookings, header, statuses)
    filename = f"session-{session.id}-{session.local_day.isoformat()}.csv"
    await query.answer()
    await bot.send_document(
        query.from_user.id, BufferedInputFile(data, filename=filename),
        caption=ngettext("Session #{id}: {count} citizen", "Session #{id}: {count} citizens", len(bookings)).format(
            id=session.id, count=len(bookings)),
    )
    log.info("session %r exported by staff %r", session.id, user.id)


