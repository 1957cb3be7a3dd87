"""Keyboards of the legal-help receptions (built inside handlers: labels go through gettext)."""

from __future__ import annotations

from datetime import date

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot import keyboards as kb
from bot.handlers.receptions.callbacks import (
    DayCb,
    DistrictCb,
    FormCb,
    LegalCb,
    MineCb,
    OfferCb,
    SessionCb,
    SlotCb,
    StaffCb,
    StaffMarkCb,
    StaffPickCb,
)
from bot.handlers.receptions.render import button_when, hhmm, short_day, topic_name
from bot.i18n import N_
from bot.services.receptions import TOPICS, Booking, District, Session, Venue, WaitEntry

BTN_SKIP = N_("⏭ Skip")
BTN_FORM_CANCEL = N_("❌ Cancel booking")
BTN_SHARE_PHONE = N_("📱 Share my number")


def legal_menu() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("🗓 Schedule"), callback_data=LegalCb(action="schedule"))
    builder.button(text=_("📝 Book a consultation"), callback_data=LegalCb(action="book"))
    builder.button(text=_("📋 My bookings"), callback_data=LegalCb(action="mine"))
    builder.adjust(1)
    return builder.as_markup()


def districts(items: list[tuple[District, str]], book: bool, lang: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for district, label in items:
        builder.button(text=label, callback_data=DistrictCb(id=district.id, book=book))
    builder.button(text=_("⬅️ Back"), callback_data=LegalCb(action="menu"))
    builder.adjust(1)
    return builder.as_markup()


def district_sessions(sessions: list[Session], lang: str, bookable: set[int]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for session in sessions:
        if session.id not in bookable:
            continue
        if session.free:
            text = _("📝 Book: {when}").format(when=button_when(session, lang))
        else:
            text = _("🕒 Waitlist: {when}").format(when=button_when(session, lang))
        builder.button(text=text, callback_data=SessionCb(id=session.id))
    builder.button(text=_("⬅️ Back"), callback_data=LegalCb(action="schedule"))
    builder.adjust(1)
    return builder.as_markup()


def days(district: str, items: list[date], lang: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for day in items:
        builder.button(text=short_day(day, lang), callback_data=DayCb(district=district, day=day.strftime("%Y%m%d")))
    builder.button(text=_("⬅️ Back"), callback_data=LegalCb(action="book"))
    builder.adjust(2)
    return builder.as_markup()


def day_sessions(sessions: list[Session], district: str, lang: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for session in sessions:
        label = f"{hhmm(session.starts_at)}–{hhmm(session.ends_at)} · {session.venue.name[lang]}"
        builder.button(text=label[:60], callback_data=SessionCb(id=session.id))
    builder.button(text=_("⬅️ Back"), callback_data=DistrictCb(id=district, book=True))
    builder.adjust(1)
    return builder.as_markup()


def slots(session: Session, district: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    free = session.free_slots()
    for slot in free:
        builder.button(text=hhmm(session.slot_start(slot)), callback_data=SlotCb(session=session.id, slot=slot))
    builder.adjust(4)
    builder.row(InlineKeyboardButton(text=_("⬅️ Back"),
                                     callback_data=DistrictCb(id=district, book=True).pack()))
    return builder.as_markup()


def book_buttons(sessions: list[Session], lang: str) -> InlineKeyboardMarkup:
    """Under a free-text answer: a "book" button per session with free places, and the whole schedule."""
    builder = InlineKeyboardBuilder()
    for session in sessions:
        if session.free:
            builder.button(text=_("📝 Book: {when}").format(when=button_when(session, lang)),
                           callback_data=SessionCb(id=session.id))
        else:
            builder.button(text=_("🕒 Waitlist: {when}").format(when=button_when(session, lang)),
                           callback_data=SessionCb(id=session.id))
    builder.button(text=_("🗓 Schedule by district"), callback_data=LegalCb(action="schedule"))
    builder.adjust(1)
    return builder.as_markup()


def _reply(rows: list[list[KeyboardButton]]) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, one_time_keyboard=False, is_persistent=True)


def name_keyboard(names: list[str]) -> ReplyKeyboardMarkup:
    rows = [[KeyboardButton(text=name)] for name in names]
    return _reply([*rows, [KeyboardButton(text=_(BTN_FORM_CANCEL))]])


def phone_keyboard() -> ReplyKeyboardMarkup:
    return _reply([
        [KeyboardButton(text=_(BTN_SHARE_PHONE), request_contact=True)],
        [KeyboardButton(text=_(BTN_FORM_CANCEL))],
    ])


def question_keyboard() -> ReplyKeyboardMarkup:
    return _reply([[KeyboardButton(text=_(BTN_SKIP))], [KeyboardButton(text=_(BTN_FORM_CANCEL))]])


def confirm(session_id: int, waitlist: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if waitlist:
        builder.button(text=_("🕒 Join the waitlist"), callback_data=FormCb(action="waitlist", session=session_id))
    else:
        builder.button(text=_("✅ Confirm booking"), callback_data=FormCb(action="confirm", session=session_id))
    builder.button(text=_("❌ Cancel"), callback_data=FormCb(action="drop", session=session_id))
    builder.adjust(1)
    return builder.as_markup()


def full(session_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("🕒 Join the waitlist"), callback_data=FormCb(action="waitlist", session=session_id))
    builder.button(text=_("🗓 Other dates"), callback_data=LegalCb(action="book"))
    builder.button(text=_("❌ Cancel"), callback_data=FormCb(action="drop", session=session_id))
    builder.adjust(1)
    return builder.as_markup()


def pick_other_time(district: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("🗓 Other dates"), callback_data=DistrictCb(id=district, book=True))
    return builder.as_markup()


def my_bookings(bookings: list[Booking], entries: list[WaitEntry], lang: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for booking in bookings:
        builder.button(text=_("❌ Cancel {code}").format(code=booking.code), callback_data=MineCb(action="ask",
                                                                                              id=booking.id))
    for entry in entries:
        if entry.status == "offered":
            builder.button(text=_("✅ Take the place: {when}").format(when=button_when(entry.session, lang)),
                           callback_data=OfferCb(action="take", id=entry.id))
        builder.button(text=_("✖️ Leave the waitlist: {when}").format(when=button_when(entry.session, lang)),
                       callback_data=MineCb(action="leave", id=entry.id))
    if not bookings and not entries:
        builder.button(text=_("📝 Book a consultation"), callback_data=LegalCb(action="book"))
    builder.adjust(1)
    return builder.as_markup()


def cancel_ask(booking_id: int) -> InlineKeyboardMarkup:
    return kb.confirm((_("Yes, cancel it"), MineCb(action="cancel", id=booking_id)),
                      (_("No, keep it"), MineCb(action="keep", id=booking_id)))


def offer(entry_id: int) -> InlineKeyboardMarkup:
    return kb.confirm((_("✅ Take the place"), OfferCb(action="take", id=entry_id)),
                      (_("✖️ No, thanks"), OfferCb(action="decline", id=entry_id)), stacked=True)


# -- staff ------------------------------------------------------------------------------------------------


def staff_panel(paused: bool, manage: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("📅 Sessions"), callback_data=StaffCb(action="list"))
    if manage:
        builder.button(text=_("➕ Add a session"), callback_data=StaffCb(action="new"))
        builder.button(text=_("📥 Upload a CSV schedule"), callback_data=StaffCb(action="csv"))
        if paused:
            builder.button(text=_("▶️ Resume bookings"), callback_data=StaffCb(action="resume"))
        else:
            builder.button(text=_("⏸ Pause new bookings"), callback_data=StaffCb(action="pause"))
    builder.adjust(1)
    return builder.as_markup()


def staff_sessions(sessions: list[Session], page: int, per_page: int, lang: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    chunk = sessions[page * per_page : (page + 1) * per_page]
    for s in chunk:
        place = s.venue.name.get(lang) or s.venue.id  # the venue's name in the staff member's language
        label = f"{s.local_day.strftime('%d.%m')} {hhmm(s.starts_at)} · {place} · {s.booked}/{s.capacity}"
        builder.button(text=label, callback_data=StaffCb(action="show", id=s.id, page=page))
    nav = kb.page_buttons(builder, page, per_page, len(sessions), lambda n: StaffCb(action="list", page=n))
    builder.button(text=_("⬅️ Back"), callback_data=StaffCb(action="panel"))
    builder.adjust(*[1] * len(chunk), *nav, 1)
    return builder.as_markup()


def staff_card(session: Session, manage: bool, page: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("👥 Citizens"), callback_data=StaffCb(action="people", id=session.id))
    builder.button(text=_("📄 Export CSV"), callback_data=StaffCb(action="export", id=session.id))
    if manage and session.status == "scheduled":
        builder.button(text=_("✏️ Edit"), callback_data=StaffCb(action="edit", id=session.id))
        builder.button(text=_("🚫 Cancel the session"), callback_data=StaffCb(action="cancel_ask", id=session.id))
    builder.button(text=_("⬅️ Back"), callback_data=StaffCb(action="list", page=page))
    builder.adjust(2, 2, 1)
    return builder.as_markup()


def staff_people(session: Session, bookings: list[Booking], page: int, per_page: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    chunk = bookings[page * per_page : (page + 1) * per_page]
    for number, booking in enumerate(chunk, page * per_page + 1):
        if booking.status == "booked":
            builder.button(text=f"✅ {number}",
                           callback_data=StaffMarkCb(booking=booking.id, status="attended", page=page))
            builder.button(text=f"🚫 {number}",
                           callback_data=StaffMarkCb(booking=booking.id, status="no_show", page=page))
        else:  # a mark can be undone
            builder.button(text=f"↩️ {number}",
                           callback_data=StaffMarkCb(booking=booking.id, status="booked", page=page))
    sizes = [2 if b.status == "booked" else 1 for b in chunk]
    nav = kb.page_buttons(builder, page, per_page, len(bookings),
                          lambda n: StaffCb(action="people", id=session.id, page=n))
    builder.button(text=_("⬅️ Back"), callback_data=StaffCb(action="show", id=session.id))
    builder.adjust(*sizes, *nav, 1)
    return builder.as_markup()


def staff_cancel_ask(session_id: int) -> InlineKeyboardMarkup:
    return kb.confirm((_("🚫 Yes, cancel the session"), StaffCb(action="cancel", id=session_id)),
                      (_("⬅️ No"), StaffCb(action="show", id=session_id)), stacked=True)


def staff_venues(venues: list[Venue], lang: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for venue in venues:
        builder.button(text=venue.name[lang][:60], callback_data=StaffPickCb(field="venue", value=venue.id))
    builder.adjust(1)
    return builder.as_markup()


def staff_mode() -> InlineKeyboardMarkup:
    return kb.confirm((_("👥 A number of places"), StaffPickCb(field="mode", value="places")),
                      (_("🕒 Timed slots"), StaffPickCb(field="mode", value="slots")), stacked=True)


def staff_topics() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for topic in TOPICS:
        builder.button(text=topic_name(topic), callback_data=StaffPickCb(field="topic", value=topic))
    builder.adjust(2)
    return builder.as_markup()


def staff_skip() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_(BTN_SKIP), callback_data=StaffPickCb(field="skip", value="specialist"))
    return builder.as_markup()


def staff_save() -> InlineKeyboardMarkup:
    return kb.confirm((_("💾 Save"), StaffPickCb(field="save", value="yes")),
                      (_("❌ Cancel"), StaffPickCb(field="save", value="no")))


def staff_edit_fields(session: Session) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("📅 Date"), callback_data=StaffPickCb(field="edit", value="date"))
    builder.button(text=_("🕒 Time"), callback_data=StaffPickCb(field="edit", value="time"))
    if session.timed:
        builder.button(text=_("⏱ Slot length"), callback_data=StaffPickCb(field="edit", value="capacity"))
    else:
        builder.button(text=_("👥 Places"), callback_data=StaffPickCb(field="edit", value="capacity"))
    builder.button(text=_("👤 Lawyer"), callback_data=StaffPickCb(field="edit", value="specialist"))
    builder.button(text=_("🏷 Topic"), callback_data=StaffPickCb(field="edit", value="topic"))
    builder.button(text=_("⬅️ Back"), callback_data=StaffCb(action="show", id=session.id))
    builder.adjust(2, 2, 1, 1)
    return builder.as_markup()
