"""Texts of the legal-help receptions: sessions, dates (Babel, kk/ru), and problems explained in the reader's
language. Call inside a handler (or ``i18n.use_locale``): gettext speaks the current locale."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from aiogram import html
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext
from babel.dates import format_date

from bot.clock import LOCAL_TZ
from bot.grammar import Num, clock_time
from bot.i18n import N_
from bot.services.reception_input import InputProblem
from bot.services.receptions import Booking, ReceptionError, Session

TOPIC_LABELS = {
    "housing": N_("🏠 Housing"),
    "land": N_("🌾 Land"),
    "family": N_("👪 Family"),
    "labour": N_("💼 Labour"),
    "pensions": N_("👵 Pensions and benefits"),
    "debts": N_("💳 Debts"),
    "other": N_("📌 Other questions"),
}

STATUS_LABELS = {
    "booked": N_("🕓 booked"),
    "attended": N_("✅ attended"),
    "no_show": N_("🚫 did not come"),
    "cancelled": N_("❌ cancelled"),
}


def topic_name(topic: str) -> str:
    return _(TOPIC_LABELS.get(topic, TOPIC_LABELS["other"]))


def status_name(status: str) -> str:
    return _(STATUS_LABELS.get(status, status))


def day_text(day: date, lang: str) -> str:
    """5 наурыз, сәрсенбі / 5 марта, среда."""
    return format_date(day, format="d MMMM, EEEE", locale=lang)


def short_day(day: date, lang: str) -> str:
    """ср, 5 наурыз / ср, 5 марта (buttons)."""
    return format_date(day, format="EEE, d MMMM", locale=lang)


def hhmm(moment: datetime) -> str:
    return moment.astimezone(LOCAL_TZ).strftime("%H:%M")


def local_day(moment: datetime) -> date:
    return moment.astimezone(LOCAL_TZ).date()


def when_text(session: Session, lang: str, slot: int | None = None) -> str:
    """5 наурыз, сәрсенбі, 10:00–13:00 (or the slot's time: 5 наурыз, сәрсенбі, 10:20)."""
    if slot is not None and session.timed:
        return f"{day_text(session.local_day, lang)}, {hhmm(session.slot_start(slot))}"
    return f"{day_text(session.local_day, lang)}, {hhmm(session.starts_at)}–{hhmm(session.ends_at)}"


def free_text(session: Session) -> str:
    if session.free == 0:
        return _("🪑 No free places (waitlist open)")
    return ngettext(
        "🪑 {free} free place of {capacity}", "🪑 {free} free places of {capacity}", session.free
    ).format(free=session.free, capacity=session.capacity)


def session_block(session: Session, lang: str, slot: int | None = None, show_free: bool = False) -> str:
    """The session for citizens and staff: date and time, venue and address, topic and lawyer."""
    lines = [
        "📅 <b>" + html.quote(when_text(session, lang, slot)) + "</b>",
        "📍 " + html.quote(session.venue.place(lang)),
    ]
    topic = topic_name(session.topic)
    if session.specialist:
        topic += " · " + _("lawyer: {name}").format(name=html.quote(session.specialist))
    lines.append(topic)
    if session.timed and slot is None:
        lines.append(ngettext("🕒 By appointment, {minutes} minute each", "🕒 By appointment, {minutes} minutes each",
                              session.slot_minutes or 0).format(minutes=session.slot_minutes))
    if show_free:
        lines.append(free_text(session))
    return "\n".join(lines)


def booking_block(booking: Booking, lang: str) -> str:
    return session_block(booking.session, lang, booking.slot if booking.session.timed else None) + "\n" + _(
        "Booking code: <b>{code}</b>"
    ).format(code=html.quote(booking.code))


def button_when(session: Session, lang: str) -> str:
    return f"{short_day(session.local_day, lang)} {hhmm(session.starts_at)}"


PAUSED = N_(
    "⏸ New bookings are paused for now. Bookings already made "
    "remain valid. Please check back later."
)

BRING = N_(
    "Please bring your identity card and the documents on your question (contracts, letters, court "
    "decisions), and come 10 minutes early."
)


def error_text(error: ReceptionError) -> str:
    """A citizen-facing explanation of a refused booking action."""
    code = error.code
    if code == "input" and error.problem is not None:
        return problem_text(error.problem)
    if code == "limit":
        limit = int(error.params.get("limit", 2))
        return ngettext(
            "You already have {limit} active booking, the most one person can have. Cancel it in /mybookings "
            "to book another.",
            "You already have {limit} active bookings, the most one person can have. Cancel one of them in "
            "/mybookings to book another.",
            limit,
        ).format(limit=limit)
    if code == "capacity_below":
        booked = int(error.params.get("booked", 0))
        return ngettext(
            "{booked} place is already booked: the number of places cannot be smaller.",
            "{booked} places are already booked: the number of places cannot be smaller.",
            booked,
        ).format(booked=booked)
    if code == "clash":
        at = error.params.get("at")
        values = {"code": html.quote(str(error.params.get("booking", ""))),
                  "time": clock_time(at.astimezone(LOCAL_TZ)) if isinstance(at, datetime) else "—"}
        if error.params.get("same_place"):
            return _("This time overlaps your booking {code} at {time}. If you prefer this time, cancel that "
                     "booking in /mybookings first.").format(**values)
        return _("That day you are booked for {time} in another town (booking {code}): there would not be time to "
                 "get from one reception to the other. If you prefer this one, cancel that booking in /mybookings "
                 "first.").format(**values)
    texts = {
        "not_started": _("Attendance can be marked once the reception has started."),
        "not_found": _("This reception no longer exists. Please open the schedule again."),
        "cancelled": _("This reception has been cancelled. Please choose another date."),
        "too_late": _(
            "Booking for this reception is closed: it starts in less than an hour or has already started. "
            "Please choose another date."
        ),
        "full": _("Sorry, there are no free places left for this reception."),
        "slot_taken": _("This time has just been taken. Please choose another time."),
        "duplicate": _("You are already booked for this reception. See /mybookings."),
        "paused": _(PAUSED),
        "offer_gone": _("This offer is no longer valid."),
        "offer_expired": _(
            "Sorry, the time to confirm this offer has passed, and the place went to the next person in line."
        ),
        "not_active": _("This booking is no longer active."),
        "started": _("This reception has already started."),
        "forbidden": _("This is for branch staff only."),
        "has_places": _("A place is free right now: you can book it directly."),
        "timed_has_bookings": _("The slot length cannot be changed once citizens have booked times."),
    }
    return texts.get(code, _("Sorry, this did not work. Please try again."))


def problem_text(problem: InputProblem) -> str:
    """What is wrong with something a person typed or uploaded, in their language."""
    p: dict[str, object] = {k: Num(v) if isinstance(v, int) and not isinstance(v, bool) else html.quote(str(v))
                            for k, v in problem.params.items()}

    def n(key: str) -> int:
        value = problem.params.get(key, 0)
        return value if isinstance(value, int) else 0

    texts = {
        "phone": _(
            "This does not look like a Kazakhstan phone number. Please type it as +7 7XX XXX XX XX or "
            "8 7XX XXX XX XX, or tap «📱 Share my number»."
        ),
        "name_short": _("The name is too short. Please type your first name and surname."),
        "name_long": ngettext("The name is too long: at most {limit} character, please.",
                              "The name is too long: at most {limit} characters, please.", n("limit")),
        "name_chars": _(
            "A name can contain only letters, spaces and hyphens. Please type your first name and surname."
        ),
        "question_long": ngettext("Your text is {length} character long; the limit is {limit}. Please shorten it.",
                                  "Your text is {length} characters long; the limit is {limit}. Please shorten it.",
                                  n("length")),
        "date_invalid": _("«{value}» is not a date. Type it as DD.MM.YYYY, for example {example}."),
        "date_past": _("{value} is in the past. Please give a future date and time."),
        "time_invalid": _("«{value}» is not a time. Type the start and end like 10:00-13:00."),
        "time_order": _("The end must be later than the start: «{value}»."),
        "venue_unknown": _("Unknown venue «{value}». Use one of: {allowed}."),
        "capacity_both": _("Fill in either places or slot_minutes, not both."),
        "capacity_missing": _("Fill in places or slot_minutes."),
        "places_invalid": _("«{value}» is not a valid number of places: type a whole number from 1 to {limit}."),
        "slot_invalid": ngettext("«{value}» is not a valid slot length: type from {low} to {high} minute.",
                                 "«{value}» is not a valid slot length: type from {low} to {high} minutes.", n("high")),
        "slot_too_long": _("A {value}-minute slot does not fit into the session."),
        "topic_unknown": _("Unknown topic «{value}». Use one of: {allowed}."),
        "specialist_long": ngettext("The lawyer's name is too long: at most {limit} character.",
                                    "The lawyer's name is too long: at most {limit} characters.", n("limit")),
        "duplicate_in_file": _("The same venue and start time as line {other}."),
        "duplicate_existing": _("This venue already has a session starting at that time."),
        "csv_columns": _("The row has more cells than the header has columns."),
        "csv_not_text": _("The file is not a text CSV file. Save the table as «CSV UTF-8» and send it again."),
        "csv_empty": _("The file is empty."),
        "csv_no_rows": _("The file has a header but no sessions."),
        "csv_header": _("The header row lacks the columns: {missing}. Expected columns: {expected}."),
        "csv_header_unknown": _("Unknown columns: {value}. Expected columns: {expected}."),
        "csv_too_many_rows": ngettext("Too many rows: at most {limit} session in one file.",
                                      "Too many rows: at most {limit} sessions in one file.", n("limit")),
        "csv_too_big": _("The file is too big: at most {limit} KB."),
        "csv_malformed": _("The file is not valid CSV: {value}."),
    }
    text = texts.get(problem.code)
    if text is None:
        return _("Sorry, this did not work. Please try again.")
    return text.format(**{"example": example_date(), **p})


def example_date(today: date | None = None) -> str:
    """A date to type as an example: a week ahead (a fixed example would one day lie in the past)."""
    return ((today or datetime.now(LOCAL_TZ).date()) + timedelta(days=7)).strftime("%d.%m.%Y")
