"""Legal-help receptions: the values the service hands out (districts, venues, sessions, bookings,
waitlist entries, reminders), its error, and the rules' constants."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from bot.clock import LOCAL_TZ, from_utc_iso, to_utc_iso
from bot.services.contacts import NO_CONTACTS, Contacts
from bot.services.reception_input import InputProblem
from bot.services.roles import ADMIN, LAWYER, OPERATOR

LANGUAGES = ("kk", "ru")
# Who may do what: schedule work (add, edit, cancel, upload, pause) and looking at a session's citizens.
MANAGE = (ADMIN, OPERATOR)
VIEW = (ADMIN, OPERATOR, LAWYER)

ACTIVE = ("booked", "attended", "no_show")  # statuses that hold a place
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud over the phone
CODE_LENGTH = 6
EVENING_HOUR = 18
EVENING_LATEST = timedelta(hours=4)  # an evening reminder not sent by 22:00 is not sent at all
TWO_HOURS = timedelta(hours=2)
MIN_OFFER = timedelta(minutes=10)  # an offer shorter than this is not worth making
# FSM rows of the citizens' booking form (bot/handlers/receptions/states.py: BookingForm).
FORM_STATE = "state LIKE 'BookingForm:%'"


# Two bookings in different towns must leave this much time between them (the region's district centres are one
# to several hours apart by road); in the same place they only must not overlap.
TRAVEL_GAP = timedelta(hours=2)


class ReceptionError(Exception):
    """``code``: not_found, cancelled, too_late, full, slot_taken, duplicate, limit, paused, has_places,
    offer_gone, offer_expired, not_active, forbidden, started, capacity_below, timed_has_bookings, input."""

    def __init__(self, code: str, problem: InputProblem | None = None, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.problem = problem
        self.params = params


# ---------------------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class District:
    id: str
    order: int
    name: dict[str, str]
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Venue:
    id: str
    district: str
    order: int
    name: dict[str, str]
    address: dict[str, str]
    active: bool = True
    contacts: Contacts = NO_CONTACTS  # from venues.toml only (not stored): street, phone, hours, map link

    def place(self, lang: str) -> str:
        """Name and town; the town once when the name already says it («…в г. Байконур», not «…, г. Байконур»)."""
        name, town = self.name[lang], self.address[lang]
        return name if town.lower() in name.lower() else f"{name}, {town}"


@dataclass(frozen=True)
class Session:
    id: int
    venue: Venue
    starts_at: datetime
    ends_at: datetime
    specialist: str | None
    topic: str
    slot_minutes: int | None
    capacity: int
    status: str
    source: str
    taken: frozenset[int] = frozenset()  # place numbers held by bookings and live offers
    booked: int = 0  # bookings that hold a place
    waiting: int = 0  # citizens on the waitlist

    @property
    def free(self) -> int:
        return max(self.capacity - len(self.taken), 0)

    @property
    def timed(self) -> bool:
        return self.slot_minutes is not None

    def free_slots(self) -> list[int]:
        return [n for n in range(self.capacity) if n not in self.taken]

    def slot_start(self, slot: int | None) -> datetime:
        if self.slot_minutes is None or slot is None:
            return self.starts_at
        return self.starts_at + timedelta(minutes=self.slot_minutes * slot)

    def slot_end(self, slot: int | None) -> datetime:
        if self.slot_minutes is None or slot is None:
            return self.ends_at
        return self.slot_start(slot) + timedelta(minutes=self.slot_minutes)

    @property
    def local_day(self) -> date:
        return self.starts_at.astimezone(LOCAL_TZ).date()


@dataclass(frozen=True)
class Booking:
    id: int
    code: str
    session: Session
    slot: int
    user_id: int | None
    name: str | None
    phone: str | None
    question: str | None
    language: str
    status: str
    created_at: datetime

    @property
    def appointment(self) -> datetime:
        return self.session.slot_start(self.slot)


@dataclass(frozen=True)
class WaitEntry:
    id: int
    session: Session
    user_id: int | None
    status: str
    position: int  # 1 = next in line (among those waiting or holding an offer)
    offered_slot: int | None
    offer_expires_at: datetime | None


@dataclass(frozen=True)
class Notice:
    """One claimed outbox row with what is needed to write the message."""

    id: int
    kind: str
    user_id: int
    language: str
    session: Session
    booking_code: str | None = None
    appointment: datetime | None = None
    waitlist_id: int | None = None
    offer_expires_at: datetime | None = None


@dataclass
class ImportResult:
    added: list[Session] = field(default_factory=list)
    problems: list[tuple[int, InputProblem]] = field(default_factory=list)
    file_problem: InputProblem | None = None

    @property
    def ok(self) -> bool:
        return self.file_problem is None and not self.problems


def _iso(moment: datetime) -> str:
    return to_utc_iso(moment)


def _dt(text: str | None) -> datetime | None:
    return None if text is None else from_utc_iso(text)


def reminder_times(appointment: datetime) -> list[tuple[str, datetime, datetime]]:
    """(kind, due, stale) of a booking's reminders: 18:00 local the evening before (not sent after 22:00),
    and two hours before (not sent once the appointment has begun)."""
    local = appointment.astimezone(LOCAL_TZ)
    evening = datetime.combine(local.date() - timedelta(days=1), time(EVENING_HOUR), tzinfo=LOCAL_TZ)
    return [
        ("remind_evening", evening, min(evening + EVENING_LATEST, appointment)),
        ("remind_2h", appointment - TWO_HOURS, appointment),
    ]


