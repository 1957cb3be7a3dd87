"""Citizens: the legal-help menu, the schedule by district, choosing a date and time, /mybookings, the
waitlist, and the answer to free-text questions about the schedule."""

from __future__ import annotations

import logging
from datetime import date, datetime

from aiogram import F, Router, html
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n, ngettext
from aiogram.utils.i18n import gettext as _

from bot import keyboards as kb
from bot.clock import LOCAL_TZ, Clock
from bot.db.users import User
from bot.filters import Button
from bot.grammar import moment_text
from bot.handlers.contacts import district_venue, regional_venue, where_to_come
from bot.handlers.menus import show
from bot.handlers.privacy import ConsentGate
from bot.handlers.receptions import keyboards as rkb
from bot.handlers.receptions.booking import begin_form, confirmation_text, show_summary
from bot.handlers.receptions.callbacks import (
    DayCb,
    DistrictCb,
    LegalCb,
    MineCb,
    OfferCb,
    SessionCb,
    SlotCb,
    StaffCb,
    StaffMarkCb,
    StaffPickCb,
)
from bot.handlers.receptions.render import (
    PAUSED,
    booking_block,
    day_text,
    error_text,
    local_day,
    session_block,
)
from bot.handlers.receptions.screens import edit
from bot.handlers.receptions.states import BookingForm
from bot.handlers.staff.denied import refuse_button, refuse_command
from bot.services.knowledge import KnowledgeBase
from bot.services.receptions import ReceptionError, ReceptionService, Session
from bot.services.reminders import ReceptionJobs
from bot.text.lang import reply_language

log = logging.getLogger(__name__)

router = Router(name=__name__)

STAFF_COMMANDS = ("receptions",)
KB_ENTRY = "legal-help-receptions"  # the knowledge-base card with the project's 2024 figures
LIST_LIMIT = 8
WAITLIST_SHOWN = 8
ANSWER_LIMIT = 3


async def alert(query: CallbackQuery, text: str) -> None:
    await query.answer(text, show_alert=True)


async def legal_text(lang: str, knowledge: KnowledgeBase, receptions: ReceptionService) -> str:
    entry = await knowledge.entry(KB_ENTRY)
    about = html.quote(entry.answer[lang]) if entry is not None else _(
        "«Құқықтық көмек» is the party's project of free legal consultations in its public reception rooms."
    )
    text = _(
        "⚖️ <b>Free legal help «Құқықтық көмек»</b>\n\n{about}\n\n"
        "Lawyers receive citizens free of charge. Choose: the schedule, booking a consultation, or your bookings."
    ).format(about=about)
    if await receptions.is_paused():
        text += "\n\n" + _(PAUSED)
    return text


@router.message(Button(kb.BTN_LEGAL))
async def legal_menu(message: Message, user: User, knowledge: KnowledgeBase, receptions: ReceptionService) -> None:
    await message.answer(await legal_text(user.language, knowledge, receptions), reply_markup=rkb.legal_menu())


@router.callback_query(LegalCb.filter(F.action == "menu"))
async def legal_menu_cb(query: CallbackQuery, user: User, knowledge: KnowledgeBase,
                        receptions: ReceptionService) -> None:
    await show(query, await legal_text(user.language, knowledge, receptions), rkb.legal_menu())


# -- the schedule -----------------------------------------------------------------------------------------


@router.callback_query(LegalCb.filter(F.action.in_({"schedule", "book"})))
async def districts_cb(query: CallbackQuery, callback_data: LegalCb, user: User, receptions: ReceptionService,
                       clock: Clock) -> None:
    now = clock.now()
    book = callback_data.action == "book"
    sessions = [s for s in await receptions.upcoming(now) if receptions.bookable(s, now)]
    items = []
    for district in await receptions.districts():
        mine = [s for s in sessions if s.venue.district == district.id]
        free = sum(s.free for s in mine)
        if not mine:
            continue  # a district whose places are all taken stays listed, with the waitlist (below)
        if free:
            label = ngettext("{name}: {count} free place", "{name}: {count} free places", free).format(
                name=district.name[user.language], count=free)
        else:
            label = _("{name}: waitlist only").format(name=district.name[user.language])
        items.append((district, label))
    if not items:
        if book and sessions:
            text = _("There are no free places at the moment. See the schedule: you can join a waitlist.")
        else:
            text = _("No legal-help receptions are scheduled at the moment. Please check back later.") + where_to_come(
                await regional_venue(receptions), user.language)
        markup = rkb.legal_menu()
    elif book:
        text = _("📝 <b>Book a free legal consultation</b>\n\nChoose your district:")
        markup = rkb.districts(items, True, user.language)
    else:
        text = _("🗓 <b>Upcoming legal-help receptions</b>\n\nChoose a district:")
        markup = rkb.districts(items, False, user.language)
    if await receptions.is_paused():
        text += "\n\n" + _(PAUSED)
    await show(query, text, markup)


@router.callback_query(DistrictCb.filter(F.book.is_(False)))
async def district_schedule(query: CallbackQuery, callback_data: DistrictCb, user: User,
                            receptions: ReceptionService, clock: Clock) -> None:
    district = await receptions.district(callback_data.id)
    if district is None:
        await alert(query, _("This button is out of date. Please open the menu again: /menu"))
        return
    now = clock.now()
    sessions = (await receptions.upcoming(now, district.id))[:LIST_LIMIT]
    name = html.quote(district.name[user.language])
    if not sessions:
        text = _("No legal-help receptions are scheduled in {district} yet.").format(district=name) + where_to_come(
            await district_venue(receptions, district.id), user.language)
    else:
        blocks = "\n\n".join(session_block(s, user.language, show_free=True) for s in sessions)
        text = _("🗓 <b>{district}</b>: upcoming receptions\n\n{sessions}").format(district=name, sessions=blocks)
    bookable = {s.id for s in sessions if receptions.bookable(s, now)}
    await show(query, text, rkb.district_sessions(sessions, user.language, bookable))


@router.callback_query(DistrictCb.filter(F.book.is_(True)))
async def district_days(query: CallbackQuery, callback_data: DistrictCb, user: User, receptions: ReceptionService,
                        clock: Clock) -> None:
    district = await receptions.district(callback_data.id)
    if district is None:
        await alert(query, _("This button is out of date. Please open the menu again: /menu"))
        return
    days = await receptions.bookable_days(district.id, clock.now())
    name = html.quote(district.name[user.language])
    if not days and any(receptions.bookable(s, clock.now()) for s in await receptions.upcoming(clock.now(),
                                                                                            district.id)):
        # every place is taken: the district's receptions, each with its waitlist button
        await district_schedule(query, callback_data, user, receptions, clock)
        return
    if not days:
        await show(query, _("There are no free places in {district} in the coming days. See the schedule: you can "
                            "join a waitlist.").format(district=name), rkb.legal_menu())
        return
    await show(query, _("📝 <b>{district}</b>\n\nChoose a date:").format(district=name),
               rkb.days(district.id, days, user.language))


def _parse_day(text: str) -> date | None:
    try:
        return datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        return None


@router.callback_query(DayCb.filter())
async def day_chosen(query: CallbackQuery, callback_data: DayCb, user: User, state: FSMContext,
                     receptions: ReceptionService, consent_gate: ConsentGate, clock: Clock) -> None:
    now = clock.now()
    day = _parse_day(callback_data.day)
    district = await receptions.district(callback_data.district)
    if day is None or district is None:
        await alert(query, _("This button is out of date. Please open the menu again: /menu"))
        return
    if day < local_day(now):
        await alert(query, _("This date has already passed. Please choose another one."))
        return
    sessions = [s for s in await receptions.sessions_on(district.id, day, now)
                if receptions.bookable(s, now) and s.free]
    if not sessions:
        await alert(query, _("There are no free places left on this date. Please choose another one."))
        return
    if len(sessions) == 1:
        await session_chosen_flow(query, sessions[0], None, user, state, receptions, consent_gate, clock)
        return
    text = _("📝 <b>{district}</b>, {day}\n\nChoose the reception:").format(
        district=html.quote(district.name[user.language]), day=day_text(day, user.language))
    await show(query, text, rkb.day_sessions(sessions, district.id, user.language))


@router.callback_query(SessionCb.filter())
async def session_chosen(query: CallbackQuery, callback_data: SessionCb, user: User, state: FSMContext,
                         receptions: ReceptionService, consent_gate: ConsentGate, clock: Clock) -> None:
    session = await receptions.session(callback_data.id, clock.now())
    await session_chosen_flow(query, session, None, user, state, receptions, consent_gate, clock)


async def session_chosen_flow(query: CallbackQuery, session: Session | None, slot: int | None, user: User,
                              state: FSMContext, receptions: ReceptionService, consent_gate: ConsentGate,
                              clock: Clock) -> None:
    now = clock.now()
    if session is None:
        await alert(query, error_text(ReceptionError("not_found")))
        return
    if session.status == "cancelled":
        await alert(query, error_text(ReceptionError("cancelled")))
        return
    if not receptions.bookable(session, now):
        await alert(query, error_text(ReceptionError("too_late")))
        return
    if session.timed and session.free and slot is None:
        text = _("🕒 Choose a time:\n\n{session}").format(session=session_block(session, user.language))
        await show(query, text, rkb.slots(session, session.venue.district))
        return
    await begin_form(query, session, slot, user, state, receptions, consent_gate, clock)


@router.callback_query(SlotCb.filter())
async def slot_chosen(query: CallbackQuery, callback_data: SlotCb, user: User, state: FSMContext,
                      receptions: ReceptionService, consent_gate: ConsentGate, clock: Clock) -> None:
    now = clock.now()
    session = await receptions.session(callback_data.session, now)
    if session is not None and session.timed and callback_data.slot not in session.free_slots():
        if 0 <= callback_data.slot < session.capacity and session.free:
            await query.answer(error_text(ReceptionError("slot_taken")), show_alert=True)
            if isinstance(query.message, Message):
                await query.message.answer(_("🕒 Choose a time:\n\n{session}").format(
                    session=session_block(session, user.language)), reply_markup=rkb.slots(session,
                                                                                         session.venue.district))
            return
        await alert(query, error_text(ReceptionError("full" if session.free == 0 else "not_found")))
        return
    # Choosing another time after the chosen one was taken: the form's answers are kept.
    data = await state.get_data()
    if (session is not None and await state.get_state() == BookingForm.confirm.state
            and data.get("rc_session") == session.id and receptions.bookable(session, now)):
        await state.update_data(rc_slot=callback_data.slot, rc_wait=False)
        await query.answer()
        await show_summary(query.message if isinstance(query.message, Message) else None, query, state, user,
                           receptions, clock)
        return
    await session_chosen_flow(query, session, callback_data.slot, user, state, receptions, consent_gate, clock)


# -- /mybookings ------------------------------------------------------------------------------------------


async def my_bookings_view(user: User, receptions: ReceptionService, clock: Clock) -> tuple[str, InlineKeyboardMarkup]:
    now = clock.now()
    bookings = await receptions.my_bookings(user.id, now)
    entries = (await receptions.my_waitlist(user.id, now))[:WAITLIST_SHOWN]
    if not bookings and not entries:
        return (_("You have no upcoming bookings. To book a free legal consultation, press «📝 Book a consultation»."),
                rkb.my_bookings([], [], user.language))
    parts = [_("📋 <b>Your bookings</b>")]
    parts.extend(booking_block(b, user.language) for b in bookings)
    for entry in entries:
        if entry.status == "offered" and entry.offer_expires_at is not None:
            head = _("🎉 A place is offered to you until {deadline}:").format(deadline=moment_text(
                day_text(local_day(entry.offer_expires_at), user.language), entry.offer_expires_at.astimezone(LOCAL_TZ),
                user.language))
        else:
            head = _("🕒 Waitlist, number {position} in line:").format(position=entry.position)
        parts.append(head + "\n" + session_block(entry.session, user.language))
    return "\n\n".join(parts), rkb.my_bookings(bookings, entries, user.language)


@router.message(Command("mybookings"))
async def my_bookings(message: Message, user: User, receptions: ReceptionService, clock: Clock) -> None:
    text, markup = await my_bookings_view(user, receptions, clock)
    await message.answer(text, reply_markup=markup)


@router.callback_query(LegalCb.filter(F.action == "mine"))
async def my_bookings_cb(query: CallbackQuery, user: User, receptions: ReceptionService, clock: Clock) -> None:
    text, markup = await my_bookings_view(user, receptions, clock)
    await show(query, text, markup)


@router.callback_query(MineCb.filter(F.action == "ask"))
async def cancel_ask(query: CallbackQuery, callback_data: MineCb, user: User, receptions: ReceptionService,
                     clock: Clock) -> None:
    booking = await receptions.booking_of(user.id, callback_data.id, clock.now())
    if booking is None:
        await alert(query, error_text(ReceptionError("not_found")))
        return
    if booking.status != "booked" or booking.session.status != "scheduled":
        await alert(query, error_text(ReceptionError("not_active")))
        return
    text = _("Cancel this booking?\n\n{booking}").format(booking=booking_block(booking, user.language))
    await show(query, text, rkb.cancel_ask(booking.id))


@router.callback_query(MineCb.filter(F.action == "cancel"))
async def cancel_booking(query: CallbackQuery, callback_data: MineCb, user: User, receptions: ReceptionService,
                         reception_jobs: ReceptionJobs, clock: Clock) -> None:
    try:
        booking = await receptions.cancel_booking(user.id, callback_data.id, clock.now())
    except ReceptionError as error:
        await alert(query, error_text(error))
        return
    text = _("Your booking <b>{code}</b> is cancelled, and the place is free for others. Thank you for letting us "
             "know!").format(code=html.quote(booking.code))
    await show(query, text, rkb.my_bookings([], [], user.language))
    reception_jobs.kick()  # the freed place goes to the waitlist now


@router.callback_query(MineCb.filter(F.action == "keep"))
async def cancel_keep(query: CallbackQuery, user: User, receptions: ReceptionService, clock: Clock) -> None:
    text, markup = await my_bookings_view(user, receptions, clock)
    await show(query, text, markup)


@router.callback_query(MineCb.filter(F.action == "leave"))
async def leave_waitlist(query: CallbackQuery, callback_data: MineCb, user: User, receptions: ReceptionService,
                         reception_jobs: ReceptionJobs, clock: Clock) -> None:
    try:
        await receptions.leave_waitlist(user.id, callback_data.id, clock.now())
    except ReceptionError as error:
        await alert(query, error_text(error))
        return
    text, markup = await my_bookings_view(user, receptions, clock)
    await show(query, _("You have left the waitlist.") + "\n\n" + text, markup)
    reception_jobs.kick()


# -- waitlist offers --------------------------------------------------------------------------------------


@router.callback_query(OfferCb.filter(F.action == "take"))
async def take_offer(query: CallbackQuery, callback_data: OfferCb, user: User, receptions: ReceptionService,
                     clock: Clock) -> None:
    try:
        booking = await receptions.take_offer(user.id, callback_data.id, clock.now())
    except ReceptionError as error:
        await alert(query, error_text(error))
        if error.code in ("offer_expired", "offer_gone", "cancelled", "too_late") and isinstance(
                query.message, Message):
            await edit(query.message)
        return
    text = confirmation_text(booking, clock.now(), user.language)
    await show(query, text, InlineKeyboardMarkup(inline_keyboard=[]))


@router.callback_query(OfferCb.filter(F.action == "decline"))
async def decline_offer(query: CallbackQuery, callback_data: OfferCb, user: User, receptions: ReceptionService,
                        reception_jobs: ReceptionJobs, clock: Clock) -> None:
    entry = await receptions.waitlist_entry_of(user.id, callback_data.id, clock.now())
    if entry is None or entry.status != "offered":
        await alert(query, error_text(ReceptionError("offer_gone")))
        return
    try:
        await receptions.leave_waitlist(user.id, entry.id, clock.now())
    except ReceptionError as error:
        await alert(query, error_text(error))
        return
    await show(query, _("Thank you for letting us know: the place goes to the next person in line."),
               InlineKeyboardMarkup(inline_keyboard=[]))
    reception_jobs.kick()


# -- free-text questions about the schedule ---------------------------------------------------------------


async def answer_schedule_question(message: Message, district_id: str | None, user: User,
                                   receptions: ReceptionService, clock: Clock, i18n: I18n) -> None:
    """The answer to a free-text question about the legal-help schedule (ReceptionService.schedule_question
    tells which texts are; bot.handlers.questions asks it first)."""
    lang = reply_language(message.text or "", user.language)
    now = clock.now()
    upcoming = [s for s in await receptions.upcoming(now) if receptions.bookable(s, now)]
    district = await receptions.district(district_id) if district_id else None
    log.debug("schedule question: district=%r lang=%r", district_id, lang)
    with i18n.use_locale(lang):
        mine = [s for s in upcoming if district is not None and s.venue.district == district.id][:ANSWER_LIMIT]
        if district is not None and mine:
            text = _("⚖️ <b>Free legal help: {district}</b>\n\nThe next receptions:\n\n{sessions}")
            shown = mine
        elif district is not None:
            shown = upcoming[:ANSWER_LIMIT]
            text = _("No legal-help receptions are scheduled in {district} yet.")
            if shown:
                text += "\n\n" + _("The nearest ones in other districts:\n\n{sessions}")
        else:
            shown = upcoming[:ANSWER_LIMIT]
            text = _("⚖️ <b>The nearest free legal-help receptions</b>\n\n{sessions}") if shown else _(
                "No legal-help receptions are scheduled at the moment. Please check back later.")
        blocks = "\n\n".join(session_block(s, lang, show_free=True) for s in shown)
        name = html.quote(district.name[lang]) if district is not None else ""
        text = text.format(district=name, sessions=blocks)
        if await receptions.is_paused():
            text += "\n\n" + _(PAUSED)
        await message.answer(text, reply_markup=rkb.book_buttons(shown, lang))


# -- staff commands and buttons from people without a staff role ------------------------------------------


@router.message(Command(*STAFF_COMMANDS))
async def not_staff_command(message: Message) -> None:
    await refuse_command(message)


@router.callback_query(StaffCb.filter())
@router.callback_query(StaffMarkCb.filter())
@router.callback_query(StaffPickCb.filter())
async def not_staff_button(query: CallbackQuery) -> None:
    await refuse_button(query)
