"""Staff: the schedule (add, edit, cancel, CSV upload), who is coming (list, attendance, CSV export) and the pause
switch. The router only lets staff in (HasRole), and every action asks the service, which checks the role
again on every call: administrators and operators manage the schedule, lawyers see their citizens."""

from __future__ import annotations

import io
import logging
from datetime import date
from typing import Any

from aiogram import Bot, F, Router, html
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from bot.clock import Clock
from bot.db.users import User
from bot.filters import HasRole
from bot.handlers.menus import show
from bot.handlers.receptions import keyboards as rkb
from bot.handlers.receptions.callbacks import StaffCb, StaffMarkCb, StaffPickCb
from bot.handlers.receptions.render import (
    error_text,
    example_date,
    hhmm,
    problem_text,
    session_block,
    status_name,
)
from bot.handlers.receptions.screens import edit
from bot.handlers.receptions.states import CsvUpload, EditSession, NewSession
from bot.services.reception_input import (
    CSV_COLUMNS,
    MAX_CSV_BYTES,
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
from bot.services.receptions import MANAGE, ReceptionError, ReceptionService, Session, bookings_csv
from bot.services.reminders import ReceptionJobs
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
    try:
        session = await receptions.staff_session(user.id, session_id, clock.now())
    except ReceptionError as error:
        await refuse(query, error)
        return
    if session is None:
        await refuse(query, ReceptionError("not_found"))
        return
    await show(query, prefix + card_text(session, user.language),
               rkb.staff_card(session, await can_manage(user, roles), page))


@router.callback_query(StaffCb.filter(F.action == "show"))
async def session_card(query: CallbackQuery, callback_data: StaffCb, user: User, state: FSMContext,
                       receptions: ReceptionService, roles: RoleService, clock: Clock) -> None:
    await state.clear()
    await show_card(query, callback_data.id, user, receptions, roles, clock, callback_data.page)


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
    try:
        bookings = await receptions.session_bookings(user.id, callback_data.id, clock.now())
        session = await receptions.staff_session(user.id, callback_data.id, clock.now())
    except ReceptionError as error:
        await refuse(query, error)
        return
    if session is None:
        await refuse(query, ReceptionError("not_found"))
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


# -- cancelling a session, pausing bookings ---------------------------------------------------------------


@router.callback_query(StaffCb.filter(F.action == "cancel_ask"))
async def cancel_ask(query: CallbackQuery, callback_data: StaffCb, user: User, receptions: ReceptionService,
                     roles: RoleService, clock: Clock) -> None:
    if not await can_manage(user, roles):
        await refuse(query, ReceptionError("forbidden"))
        return
    session = await receptions.staff_session(user.id, callback_data.id, clock.now())
    if session is None or session.status != "scheduled":
        await refuse(query, ReceptionError("not_found" if session is None else "cancelled"))
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


# -- CSV upload -------------------------------------------------------------------------------------------


def csv_help(venues: list[str]) -> str:
    return _(
        "📥 <b>Upload a schedule</b>\n\n"
        "Send a CSV file (UTF-8 or Windows-1251, separated by commas or semicolons) with a header row and these "
        "columns:\n<code>{columns}</code>\n\n"
        "• date: DD.MM.YYYY or YYYY-MM-DD\n"
        "• start, end: HH:MM, Kyzylorda time\n"
        "• venue: {venues}\n"
        "• places (a number of places) or slot_minutes (timed slots): one of the two\n"
        "• specialist: the lawyer's name, may be empty\n"
        "• topic: {topics}\n\n"
        "Every row is checked first: the whole file is added, or nothing if any row has a problem."
    ).format(columns=",".join(CSV_COLUMNS), venues=", ".join(venues), topics=", ".join(TOPICS))


@router.callback_query(StaffCb.filter(F.action == "csv"))
async def csv_prompt(query: CallbackQuery, user: User, state: FSMContext, receptions: ReceptionService,
                     roles: RoleService) -> None:
    if not await can_manage(user, roles):
        await refuse(query, ReceptionError("forbidden"))
        return
    await state.clear()
    await state.set_state(CsvUpload.waiting)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(csv_help([v.id for v in await receptions.venues()]))


def is_csv(message: Message) -> bool:
    document = message.document
    return document is not None and (
        (document.file_name or "").lower().endswith(".csv")
        or document.mime_type in ("text/csv", "text/comma-separated-values")
    )


@router.message(CsvUpload.waiting, F.document, ~F.func(is_csv))
async def csv_wrong_file(message: Message, receptions: ReceptionService) -> None:
    await message.answer(_("Please send the schedule as a .csv file.") + "\n\n"
                         + csv_help([v.id for v in await receptions.venues()]))


# A .csv document from staff is a schedule upload, unless the staff member is in another dialogue (an appeal
# form, say): other documents and other dialogues' files go on to their own routers.
@router.message(StateFilter(None, CsvUpload.waiting), F.document, F.func(is_csv))
async def csv_upload(message: Message, user: User, bot: Bot, state: FSMContext, receptions: ReceptionService,
                     roles: RoleService, reception_jobs: ReceptionJobs, clock: Clock) -> None:
    document = message.document
    assert document is not None
    if not await can_manage(user, roles):
        await message.answer(error_text(ReceptionError("forbidden")))
        return
    await state.clear()
    if document.file_size is not None and document.file_size > MAX_CSV_BYTES:
        await message.answer(problem_text(InputProblem("csv_too_big", {"limit": MAX_CSV_BYTES // 1024})))
        return
    buffer = io.BytesIO()
    await bot.download(document.file_id, destination=buffer)
    try:
        result = await receptions.import_csv(user.id, buffer.getvalue(), clock.now())
    except ReceptionError as error:
        await message.answer(error_text(error))
        return
    if result.file_problem is not None:
        await message.answer(_("❌ Nothing was added: {problem}").format(problem=problem_text(result.file_problem)))
        return
    if result.problems:
        lines = [_("Line {row}: {problem}").format(row=row, problem=problem_text(problem))
                 for row, problem in result.problems[:REPORT_LINES]]
        if len(result.problems) > REPORT_LINES:
            more = len(result.problems) - REPORT_LINES
            lines.append(ngettext("…and {count} more line.", "…and {count} more lines.", more).format(count=more))
        head = ngettext(
            "❌ Nothing was added: {count} row has a problem. Fix it and send the whole file again.",
            "❌ Nothing was added: {count} rows have problems. Fix them and send the whole file again.",
            len(result.problems),
        ).format(count=len(result.problems))
        await send_long(message, head, lines)
        return
    await message.answer(ngettext("✅ {count} session added from the file.", "✅ {count} sessions added from the file.",
                                  len(result.added)).format(count=len(result.added)))
    reception_jobs.kick()


async def send_long(message: Message, head: str, lines: list[str], limit: int = 3800) -> None:
    chunk = head
    for line in lines:
        if len(chunk) + len(line) + 1 > limit:
            await message.answer(chunk)
            chunk = ""
        chunk = f"{chunk}\n{line}" if chunk else line
    if chunk:
        await message.answer(chunk)


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


# -- editing a session ------------------------------------------------------------------------------------


@router.callback_query(StaffCb.filter(F.action == "edit"))
async def edit_start(query: CallbackQuery, callback_data: StaffCb, user: User, state: FSMContext,
                     receptions: ReceptionService, roles: RoleService, clock: Clock) -> None:
    if not await can_manage(user, roles):
        await refuse(query, ReceptionError("forbidden"))
        return
    session = await receptions.staff_session(user.id, callback_data.id, clock.now())
    if session is None or session.status != "scheduled":
        await refuse(query, ReceptionError("not_found" if session is None else "cancelled"))
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
