"""Legal-help receptions ("Құқықтық көмек"): venues, the schedule, bookings, the waitlist and staff work.

Plain Python, no aiogram: plain values in, dataclasses out; problems are :class:`ReceptionError` with a code
the handlers translate. Times are aware datetimes in UTC (stored as 'YYYY-MM-DDTHH:MM:SSZ' text).

Capacity: every booking that is not cancelled holds one place number in [0, capacity) of its session (a time
slot, or an interchangeable place); a booking is one transaction (BEGIN IMMEDIATE) that reads the taken
numbers and inserts, and the database itself refuses a second booking of one number (unique index) or a
number outside the capacity (trigger), so no place is ever given twice, whatever runs at the same time.

A waitlist offer holds a place number too, until its deadline; :meth:`ReceptionService.rebalance` (run by a
background job) expires old offers and offers free places to the next citizens in line.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import logging
import secrets
import sqlite3
import tomllib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from bot.clock import LOCAL_TZ, Clock, from_utc_iso, to_utc_iso
from bot.db.database import Database, Tx
from bot.lru import LRU, TEXT_KEY_MAX
from bot.services.contacts import NO_CONTACTS, Contacts, parse_contacts
from bot.services.reception_input import (
    TOPICS,
    CsvRow,
    InputProblem,
    SessionDraft,
    check_name,
    check_phone,
    check_places,
    check_question,
    check_slot_minutes,
    check_specialist,
    check_topic,
    local_moment,
    read_csv,
    validate_rows,
    working_day,
)
from bot.services.roles import ADMIN, LAWYER, OPERATOR, RoleService
from bot.services.schedule_questions import DistrictMatcher, ScheduleQuestion, detect, named_alone
from bot.text import normalize, tokenize

log = logging.getLogger(__name__)

__all__ = [
    "MANAGE",
    "TOPICS",
    "VIEW",
    "Booking",
    "District",
    "ImportResult",
    "Notice",
    "ReceptionError",
    "ReceptionService",
    "Session",
    "Venue",
    "WaitEntry",
]

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


# ---------------------------------------------------------------------------------------------------------
# venues.toml
# ---------------------------------------------------------------------------------------------------------


def _pair(path: Path, where: str, raw: dict[str, Any], name: str) -> dict[str, str]:
    value = raw.get(name)
    if not isinstance(value, dict) or not all(isinstance(value.get(lang), str) and value[lang].strip()
                                              for lang in LANGUAGES):
        raise ValueError(f"{path}: {where}: {name}.kk and {name}.ru are required")
    return {lang: value[lang].strip() for lang in LANGUAGES}


def read_places(path: Path) -> tuple[list[District], list[Venue]]:
    """Parse and check data/venues.toml; a ValueError names the file and the item."""
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ValueError(f"{path}: file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: invalid TOML: {exc}") from exc
    districts: list[District] = []
    for index, item in enumerate(raw.get("district", []), 1):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"].strip():
            raise ValueError(f"{path}: [[district]] #{index}: id is missing")
        where = f"district {item['id']!r}"
        keywords = item.get("keywords", {})
        words: list[str] = []
        for lang in LANGUAGES:
            listed = keywords.get(lang, []) if isinstance(keywords, dict) else None
            if not isinstance(listed, list) or not all(isinstance(w, str) for w in listed):
                raise ValueError(f"{path}: {where}: keywords.{lang} must be a list of strings")
            words.extend(w.strip().lower() for w in listed if w.strip())
        districts.append(District(item["id"].strip(), index * 10, _pair(path, where, item, "name"),
                                  tuple(dict.fromkeys(words))))
    known = {d.id for d in districts}
    if len(known) != len(districts):
        raise ValueError(f"{path}: duplicate district id")
    venues: list[Venue] = []
    for index, item in enumerate(raw.get("venue", []), 1):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"].strip():
            raise ValueError(f"{path}: [[venue]] #{index}: id is missing")
        where = f"venue {item['id']!r}"
        if item.get("district") not in known:
            raise ValueError(f"{path}: {where}: unknown district {item.get('district')!r}")
        order = item.get("order", index * 10)
        if not isinstance(order, int) or isinstance(order, bool):
            raise ValueError(f"{path}: {where}: order must be an integer")
        venues.append(Venue(item["id"].strip(), item["district"], order, _pair(path, where, item, "name"),
                            _pair(path, where, item, "address"),
                            contacts=parse_contacts(item.get("contacts"), f"{path}: {where}")))
    if not venues:
        raise ValueError(f"{path}: no [[venue]] tables")
    if len({v.id for v in venues}) != len(venues):
        raise ValueError(f"{path}: duplicate venue id")
    return districts, venues


def demo_rows(text: str, today: date) -> list[CsvRow]:
    """The rows of data/schedule_demo.csv (the staff CSV format with ``day`` = working days from today instead of
    ``date``), dated from ``today``; a ``day`` that is not a number is left for validate_rows to refuse."""
    lines = text.splitlines()
    if not lines:
        raise InputProblem("csv_empty")
    rows = read_csv(("\n".join([lines[0].replace("day", "date", 1), *lines[1:]])).encode())
    dated = []
    for row in rows:
        day = row.values.get("date", "")
        if day.strip().isdigit():
            day = working_day(today, int(day)).isoformat()
        dated.append(CsvRow(row.number, {**row.values, "date": day}))
    return dated


# ---------------------------------------------------------------------------------------------------------
# The service
# ---------------------------------------------------------------------------------------------------------

_SESSION_COLUMNS = (
    "s.id, s.venue_id, s.starts_at, s.ends_at, s.specialist, s.topic, s.slot_minutes, s.capacity, s.status, "
    "s.source"
)


class ReceptionService:
    def __init__(
        self,
        db: Database,
        roles: RoleService,
        clock: Clock | None = None,
        *,
        hold: timedelta = timedelta(minutes=120),
        cutoff: timedelta = timedelta(minutes=60),
        max_active: int = 2,
    ) -> None:
        self.db = db
        self.roles = roles
        self.clock = clock or Clock()
        self.hold = hold
        self.cutoff = cutoff
        self.max_active = max_active
        # Outbox rows claimed under another token belong to a process that is gone (one process per database).
        self.claim_token = uuid.uuid4().hex
        self._districts: list[District] = []
        self._venues: dict[str, Venue] = {}
        self._contacts: dict[str, Contacts] = {}  # venue id -> contacts, as venues.toml had them at load_places
        self._matcher = DistrictMatcher(())
        # Free-text questions are all asked "is this about the schedule?"; the same text gets the same answer
        # until the districts are read again.
        self._schedule_answers: LRU[str, tuple[ScheduleQuestion | None]] = LRU(4096)

    # -- venues and districts ---------------------------------------------------------------------------

    async def load_places(self, data_dir: Path) -> dict[str, int]:
        """Bring rc_venues/rc_districts in line with data/venues.toml (upsert by id, one transaction). A venue
        gone from the file is deleted, or kept inactive while sessions refer to it."""
        districts, venues = read_places(Path(data_dir) / "venues.toml")
        counts = {"districts": len(districts), "venues": len(venues), "retired": 0}
        self._contacts = {v.id: v.contacts for v in venues}
        async with self.db.transaction() as tx:
            await tx.executemany(
                "INSERT INTO rc_districts (id, ord, name_kk, name_ru, keywords) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET ord = excluded.ord, name_kk = excluded.name_kk, "
                "name_ru = excluded.name_ru, keywords = excluded.keywords",
                [(d.id, d.order, d.name["kk"], d.name["ru"], json.dumps(list(d.keywords), ensure_ascii=False))
                 for d in districts],
            )
            await tx.executemany(
                "INSERT INTO rc_venues (id, district, ord, name_kk, name_ru, address_kk, address_ru, active) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT (id) DO UPDATE SET district = excluded.district, "
                "ord = excluded.ord, name_kk = excluded.name_kk, name_ru = excluded.name_ru, "
                "address_kk = excluded.address_kk, address_ru = excluded.address_ru, active = 1",
                [(v.id, v.district, v.order, v.name["kk"], v.name["ru"], v.address["kk"], v.address["ru"])
                 for v in venues],
            )
            wanted = [v.id for v in venues]
            marks = ",".join("?" * len(wanted))
            counts["retired"] = (await tx.execute(
                f"UPDATE rc_venues SET active = 0 WHERE id NOT IN ({marks}) AND active = 1", wanted
            )).rowcount
            await tx.execute(
                f"DELETE FROM rc_venues WHERE id NOT IN ({marks}) AND NOT EXISTS "
                "(SELECT 1 FROM rc_sessions s WHERE s.venue_id = rc_venues.id)", wanted
            )
            await tx.execute(
                f"DELETE FROM rc_districts WHERE id NOT IN ({','.join('?' * len(districts))})",
                [d.id for d in districts],
            )
        await self._read_places()
        return counts

    async def _read_places(self) -> None:
        rows = await self.db.fetchall("SELECT * FROM rc_districts ORDER BY ord, id")
        self._districts = [
            District(r["id"], r["ord"], {"kk": r["name_kk"], "ru": r["name_ru"]}, tuple(json.loads(r["keywords"])))
            for r in rows
        ]
        rows = await self.db.fetchall("SELECT * FROM rc_venues ORDER BY ord, id")
        self._venues = {
            r["id"]: Venue(r["id"], r["district"], r["ord"], {"kk": r["name_kk"], "ru": r["name_ru"]},
                           {"kk": r["address_kk"], "ru": r["address_ru"]}, bool(r["active"]),
                           self._contacts.get(r["id"], NO_CONTACTS))
            for r in rows
        }
        self._matcher = DistrictMatcher((d.id, d.keywords) for d in self._districts)
        self._schedule_answers.clear()

    async def _places(self) -> None:
        if not self._venues:
            await self._read_places()

    async def districts(self) -> list[District]:
        await self._places()
        return list(self._districts)

    async def district(self, district_id: str) -> District | None:
        await self._places()
        return next((d for d in self._districts if d.id == district_id), None)

    async def schedule_question(self, text: str) -> ScheduleQuestion | None:
        """Whether a free-text message asks about the reception schedule (and for which district)."""
        await self._places()
        if len(text) > TEXT_KEY_MAX:
            return detect(text, self._matcher)
        known = self._schedule_answers.get(text)
        if known is None:
            known = (detect(text, self._matcher),)
            self._schedule_answers.put(text, known)
        return known[0]

    async def district_named_alone(self, text: str) -> str | None:
        """The district a message consists of ("Арал", "в Аральске"): see schedule_questions.named_alone."""
        await self._places()
        return named_alone(text, self._matcher)

    async def districts_named(self, text: str) -> set[str]:
        """The districts a text names (a card's title and answer, say)."""
        await self._places()
        return self._matcher.named(tokenize(normalize(text)))

    async def venues(self, active_only: bool = True) -> list[Venue]:
        await self._places()
        return [v for v in self._venues.values() if v.active or not active_only]

    async def venue(self, venue_id: str) -> Venue | None:
        await self._places()
        return self._venues.get(venue_id)

    # -- reading sessions -------------------------------------------------------------------------------

    async def _sessions(self, tx: Tx, where: str, params: Sequence[Any], now: datetime) -> list[Session]:
        await self._places()
        rows = await tx.fetchall(
            f"SELECT {_SESSION_COLUMNS} FROM rc_sessions s JOIN rc_venues v ON v.id = s.venue_id "
            f"WHERE {where} ORDER BY s.starts_at, v.ord, s.id",
            params,
        )
        if not rows:
            return []
        ids = [int(r["id"]) for r in rows]
        marks = ",".join("?" * len(ids))
        taken: dict[int, set[int]] = {i: set() for i in ids}
        booked: dict[int, int] = dict.fromkeys(ids, 0)
        waiting: dict[int, int] = dict.fromkeys(ids, 0)
        for r in await tx.fetchall(
            f"SELECT session_id, slot FROM rc_bookings WHERE status != 'cancelled' AND session_id IN ({marks})", ids
        ):
            taken[r[0]].add(int(r[1]))
            booked[r[0]] += 1
        for r in await tx.fetchall(
            f"SELECT session_id, status, offered_slot, offer_expires_at FROM rc_waitlist "
            f"WHERE status IN ('waiting', 'offered') AND session_id IN ({marks})", ids
        ):
            waiting[r[0]] += 1
            if r[1] == "offered" and r[3] is not None and r[3] > _iso(now) and r[2] is not None:
                taken[r[0]].add(int(r[2]))
        return [
            Session(
                id=int(r["id"]),
                venue=self._venues[r["venue_id"]],
                starts_at=from_utc_iso(r["starts_at"]),
                ends_at=from_utc_iso(r["ends_at"]),
                specialist=r["specialist"],
                topic=r["topic"],
                slot_minutes=r["slot_minutes"],
                capacity=int(r["capacity"]),
                status=r["status"],
                source=r["source"],
                taken=frozenset(taken[int(r["id"])]),
                booked=booked[int(r["id"])],
                waiting=waiting[int(r["id"])],
            )
            for r in rows
        ]

    async def _session(self, tx: Tx, session_id: int, now: datetime) -> Session | None:
        found = await self._sessions(tx, "s.id = ?", (session_id,), now)
        return found[0] if found else None

    async def session(self, session_id: int, now: datetime) -> Session | None:
        async with self.db.transaction() as tx:
            return await self._session(tx, session_id, now)

    async def upcoming(
        self, now: datetime, district: str | None = None, limit: int | None = None, include_cancelled: bool = False
    ) -> list[Session]:
        """Sessions that have not started, soonest first."""
        where = "s.starts_at > ?" + ("" if include_cancelled else " AND s.status = 'scheduled'")
        params: list[Any] = [_iso(now)]
        if district is not None:
            where += " AND v.district = ?"
            params.append(district)
        async with self.db.transaction() as tx:
            sessions = await self._sessions(tx, where, params, now)
        return sessions if limit is None else sessions[:limit]

    def bookable(self, session: Session, now: datetime) -> bool:
        """Open for booking: scheduled and starting at least ``cutoff`` from now."""
        return session.status == "scheduled" and now < session.starts_at - self.cutoff

    async def bookable_days(self, district: str, now: datetime) -> list[date]:
        """Local dates that have a session with a free place in the district."""
        days = {s.local_day for s in await self.upcoming(now, district) if self.bookable(s, now) and s.free}
        return sorted(days)

    async def sessions_on(self, district: str, day: date, now: datetime) -> list[Session]:
        return [s for s in await self.upcoming(now, district) if s.local_day == day]

    # -- the pause switch -------------------------------------------------------------------------------

    async def _paused(self, tx: Tx) -> bool:
        return bool(await tx.fetchval("SELECT value FROM rc_state WHERE key = 'paused'") == "1")

    async def is_paused(self) -> bool:
        return bool(await self.db.fetchval("SELECT value FROM rc_state WHERE key = 'paused'") == "1")

    async def set_paused(self, actor: int, paused: bool, now: datetime) -> None:
        await self._require(actor, MANAGE)
        await self.db.execute(
            "INSERT INTO rc_state (key, value, updated_by, updated_at) VALUES ('paused', ?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, "
            "updated_at = excluded.updated_at",
            ("1" if paused else "0", actor, _iso(now)),
        )
        log.info("bookings %s by staff %r", "paused" if paused else "resumed", actor)

    # -- citizens: bookings -----------------------------------------------------------------------------

    async def _open_session(self, tx: Tx, session_id: int, now: datetime) -> Session:
        session = await self._session(tx, session_id, now)
        if session is None:
            raise ReceptionError("not_found")
        if session.status == "cancelled":
            raise ReceptionError("cancelled")
        if not self.bookable(session, now):
            raise ReceptionError("too_late")
        return session

    async def _active_count(self, tx: Tx, user_id: int, now: datetime) -> int:
        return int(await tx.fetchval(
            "SELECT count(*) FROM rc_bookings b JOIN rc_sessions s ON s.id = b.session_id "
            "WHERE b.user_id = ? AND b.status = 'booked' AND s.status = 'scheduled' AND s.starts_at > ?",
            (user_id, _iso(now)),
        ))

    async def _has_booking(self, tx: Tx, user_id: int, session_id: int) -> bool:
        return bool(await tx.fetchval(
            "SELECT 1 FROM rc_bookings WHERE session_id = ? AND user_id = ? AND status != 'cancelled'",
            (session_id, user_id),
        ) == 1)

    async def check_can_book(self, user_id: int, session_id: int, now: datetime, slot: int | None = None) -> Session:
        """The checks of :meth:`book` that do not need the citizen's details, for early, friendly answers;
        raises ReceptionError. A full session is not an error here (the caller offers the waitlist). A timed
        session without a chosen slot yet is checked for clashes once the slot is chosen."""
        async with self.db.transaction() as tx:
            if await self._paused(tx):
                raise ReceptionError("paused")
            session = await self._open_session(tx, session_id, now)
            if await self._has_booking(tx, user_id, session_id):
                raise ReceptionError("duplicate")
            if await self._active_count(tx, user_id, now) >= self.max_active:
                raise ReceptionError("limit", limit=self.max_active)
            if slot is not None or not session.timed:
                await self._check_clash(tx, user_id, session, slot, now)
            return session

    async def _check_clash(self, tx: Tx, user_id: int, session: Session, slot: int | None, now: datetime) -> None:
        """Refuse a booking that overlaps one of the citizen's other bookings, or comes too close to one in
        another town to travel between them (TRAVEL_GAP): nobody can be at Арал 10:00-12:00 and Шиелі 10:30."""
        start, end = session.slot_start(slot), session.slot_end(slot)
        mine = await self._bookings(tx, "b.user_id = ? AND b.status = 'booked' AND b.session_id != ?",
                                    (user_id, session.id), now)
        for other in mine:
            if other.session.status != "scheduled" or other.session.slot_end(other.slot) <= now:
                continue
            gap = timedelta(0) if other.session.venue.id == session.venue.id else TRAVEL_GAP
            if start < other.session.slot_end(other.slot) + gap and other.appointment < end + gap:
                raise ReceptionError("clash", booking=other.code, at=other.appointment,
                                     same_place=other.session.venue.id == session.venue.id)

    async def book(
        self,
        *,
        user_id: int,
        session_id: int,
        name: str,
        phone: str,
        question: str | None,
        language: str,
        now: datetime,
        slot: int | None = None,
    ) -> Booking:
        """Book a place (the given time slot, or the first free place). One transaction: the checks, the
        count and the insert cannot interleave with another booking."""
        try:
            name, phone = check_name(name), check_phone(phone)
            question = check_question(question or "") or None
        except InputProblem as problem:
            raise ReceptionError("input", problem) from None
        try:
            async with self.db.transaction() as tx:
                if await self._paused(tx):
                    raise ReceptionError("paused")
                session = await self._open_session(tx, session_id, now)
                if await self._has_booking(tx, user_id, session_id):
                    raise ReceptionError("duplicate")
                if await self._active_count(tx, user_id, now) >= self.max_active:
                    raise ReceptionError("limit", limit=self.max_active)
                free = session.free_slots()
                await self._check_clash(tx, user_id, session, slot if slot is not None else (
                    free[0] if free and session.timed else None), now)
                if not free:
                    raise ReceptionError("full")
                if slot is None:
                    slot = free[0]
                elif slot not in free:
                    raise ReceptionError("slot_taken" if 0 <= slot < session.capacity else "not_found")
                booking = await self._insert_booking(tx, session, slot, user_id, name, phone, question, language,
                                                     now)
                # Booked directly while on this session's waitlist: the waitlist entry is done.
                await tx.execute(
                    "UPDATE rc_waitlist SET status = 'booked', booking_id = ?, updated_at = ? "
                    "WHERE session_id = ? AND user_id = ? AND status = 'waiting'",
                    (booking.id, _iso(now), session_id, user_id),
                )
        except sqlite3.IntegrityError as exc:  # the database's own guard; the checks above should prevent it
            log.warning("booking refused by a constraint: session=%r %r", session_id, exc)
            raise ReceptionError("full") from None
        log.info("booking %r made: session=%r slot=%r", booking.id, session_id, booking.slot)
        return booking

    async def _insert_booking(
        self, tx: Tx, session: Session, slot: int, user_id: int, name: str | None, phone: str | None,
        question: str | None, language: str, now: datetime,
    ) -> Booking:
        while True:
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if await tx.fetchval("SELECT 1 FROM rc_bookings WHERE code = ?", (code,)) is None:
                break
        cur = await tx.execute(
            "INSERT INTO rc_bookings (code, session_id, slot, user_id, name, phone, question, language, status, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?, ?)",
            (code, session.id, slot, user_id, name, phone, question, language if language in LANGUAGES else "kk",
             _iso(now), _iso(now)),
        )
        booking_id = int(cur.lastrowid or 0)
        taken = session.taken | {slot}
        session = replace(session, taken=frozenset(taken), booked=session.booked + 1)
        booking = Booking(booking_id, code, session, slot, user_id, name, phone, question, language, "booked", now)
        await self._schedule_reminders(tx, booking, now)
        return booking

    async def _schedule_reminders(self, tx: Tx, booking: Booking, now: datetime) -> None:
        for kind, due, stale in reminder_times(booking.appointment):
            if due > now:
                await tx.execute(
                    "INSERT OR IGNORE INTO rc_outbox (kind, user_id, session_id, booking_id, due_at, stale_at, "
                    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (kind, booking.user_id, booking.session.id, booking.id, _iso(due), _iso(stale), _iso(now)),
                )

    async def _bookings(self, tx: Tx, where: str, params: Sequence[Any], now: datetime) -> list[Booking]:
        rows = await tx.fetchall(f"SELECT * FROM rc_bookings b WHERE {where} ORDER BY b.id", params)
        if not rows:
            return []
        ids = sorted({int(r["session_id"]) for r in rows})
        sessions = {
            s.id: s for s in await self._sessions(tx, f"s.id IN ({','.join('?' * len(ids))})", ids, now)
        }
        return [
            Booking(int(r["id"]), r["code"], sessions[int(r["session_id"])], int(r["slot"]), r["user_id"],
                    r["name"], r["phone"], r["question"], r["language"], r["status"], from_utc_iso(r["created_at"]))
            for r in rows
        ]

    async def my_bookings(self, user_id: int, now: datetime) -> list[Booking]:
        """The citizen's bookings of sessions that have not started, soonest first."""
        async with self.db.transaction() as tx:
            found = await self._bookings(tx, "b.user_id = ? AND b.status = 'booked'", (user_id,), now)
        upcoming = [b for b in found if b.session.status == "scheduled" and b.appointment > now]
        return sorted(upcoming, key=lambda b: b.appointment)

    async def booking_of(self, user_id: int, booking_id: int, now: datetime) -> Booking | None:
        """The booking if it is this citizen's, else None (never another citizen's)."""
        async with self.db.transaction() as tx:
            found = await self._bookings(tx, "b.id = ? AND b.user_id = ?", (booking_id, user_id), now)
        return found[0] if found else None

    async def cancel_booking(self, user_id: int, booking_id: int, now: datetime) -> Booking:
        """The citizen cancels their own booking: the place is free at once (offered to the waitlist)."""
        async with self.db.transaction() as tx:
            found = await self._bookings(tx, "b.id = ? AND b.user_id = ?", (booking_id, user_id), now)
            if not found:
                raise ReceptionError("not_found")
            booking = found[0]
            if booking.status != "booked" or booking.session.status != "scheduled":
                raise ReceptionError("not_active")
            if booking.session.starts_at <= now:
                raise ReceptionError("started")
            await self._cancel_rows(tx, [booking.id], "citizen", now)
            await self._offer_free_places(tx, booking.session.id, now)
        log.info("booking %r cancelled by the citizen", booking_id)
        return replace(booking, status="cancelled")

    async def _cancel_rows(self, tx: Tx, booking_ids: Sequence[int], by: str, now: datetime) -> None:
        marks = ",".join("?" * len(booking_ids))
        await tx.execute(
            f"UPDATE rc_bookings SET status = 'cancelled', cancelled_by = ?, updated_at = ? WHERE id IN ({marks})",
            (by, _iso(now), *booking_ids),
        )
        await tx.execute(
            f"UPDATE rc_outbox SET outcome = 'cancelled' WHERE outcome IS NULL AND claimed_at IS NULL "
            f"AND kind IN ('remind_evening', 'remind_2h') AND booking_id IN ({marks})",
            tuple(booking_ids),
        )

    # -- citizens: the waitlist -------------------------------------------------------------------------

    async def _entries(self, tx: Tx, where: str, params: Sequence[Any], now: datetime) -> list[WaitEntry]:
        rows = await tx.fetchall(f"SELECT * FROM rc_waitlist w WHERE {where} ORDER BY w.id", params)
        result = []
        for r in rows:
            session = await self._session(tx, int(r["session_id"]), now)
            if session is None:
                continue
            position = int(await tx.fetchval(
                "SELECT count(*) FROM rc_waitlist WHERE session_id = ? AND status IN ('waiting', 'offered') "
                "AND id <= ?", (r["session_id"], r["id"])
            ))
            result.append(WaitEntry(int(r["id"]), session, r["user_id"], r["status"], position, r["offered_slot"],
                                    _dt(r["offer_expires_at"])))
        return result

    async def join_waitlist(
        self, *, user_id: int, session_id: int, name: str, phone: str, question: str | None, language: str,
        now: datetime,
    ) -> WaitEntry:
        try:
            name, phone = check_name(name), check_phone(phone)
            question = check_question(question or "") or None
        except InputProblem as problem:
            raise ReceptionError("input", problem) from None
        async with self.db.transaction() as tx:
            session = await self._open_session(tx, session_id, now)
            if await self._has_booking(tx, user_id, session_id):
                raise ReceptionError("duplicate")
            existing = await self._entries(
                tx, "w.session_id = ? AND w.user_id = ? AND w.status IN ('waiting', 'offered')",
                (session_id, user_id), now,
            )
            if existing:
                return existing[0]
            if session.free and not await self._paused(tx):
                raise ReceptionError("has_places")
            cur = await tx.execute(
                "INSERT INTO rc_waitlist (session_id, user_id, name, phone, question, language, status, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?, ?)",
                (session_id, user_id, name, phone, question, language if language in LANGUAGES else "kk",
                 _iso(now), _iso(now)),
            )
            entry = (await self._entries(tx, "w.id = ?", (int(cur.lastrowid or 0),), now))[0]
        log.info("waitlist entry %r: session=%r position=%r", entry.id, session_id, entry.position)
        return entry

    async def my_waitlist(self, user_id: int, now: datetime) -> list[WaitEntry]:
        async with self.db.transaction() as tx:
            entries = await self._entries(tx, "w.user_id = ? AND w.status IN ('waiting', 'offered')", (user_id,), now)
        return [e for e in entries if e.session.status == "scheduled" and e.session.starts_at > now]

    async def waitlist_entry_of(self, user_id: int, entry_id: int, now: datetime) -> WaitEntry | None:
        async with self.db.transaction() as tx:
            found = await self._entries(tx, "w.id = ? AND w.user_id = ?", (entry_id, user_id), now)
        return found[0] if found else None

    async def leave_waitlist(self, user_id: int, entry_id: int, now: datetime) -> None:
        async with self.db.transaction() as tx:
            row = await tx.fetchone("SELECT status, session_id FROM rc_waitlist WHERE id = ? AND user_id = ?",
                                    (entry_id, user_id))
            if row is None:
                raise ReceptionError("not_found")
            if row["status"] not in ("waiting", "offered"):
                raise ReceptionError("not_active")
            new = "declined" if row["status"] == "offered" else "left"
            await tx.execute("UPDATE rc_waitlist SET status = ?, updated_at = ? WHERE id = ?",
                             (new, _iso(now), entry_id))
            await self._offer_free_places(tx, int(row["session_id"]), now)

    async def take_offer(self, user_id: int, entry_id: int, now: datetime) -> Booking:
        """The citizen confirms an offered place: it becomes their booking."""
        async with self.db.transaction() as tx:
            row = await tx.fetchone("SELECT * FROM rc_waitlist WHERE id = ? AND user_id = ?", (entry_id, user_id))
            if row is None:
                raise ReceptionError("not_found")
            if row["status"] == "booked":
                raise ReceptionError("duplicate")
            if row["status"] != "offered":
                raise ReceptionError("offer_gone")
            if row["offer_expires_at"] is None or row["offer_expires_at"] <= _iso(now):
                raise ReceptionError("offer_expired")
            session = await self._session(tx, int(row["session_id"]), now)
            if session is None:
                raise ReceptionError("not_found")
            if session.status != "scheduled":
                raise ReceptionError("cancelled")
            if session.starts_at <= now:
                raise ReceptionError("too_late")
            if await self._has_booking(tx, user_id, session.id):
                raise ReceptionError("duplicate")
            if await self._active_count(tx, user_id, now) >= self.max_active:
                raise ReceptionError("limit", limit=self.max_active)
            slot = int(row["offered_slot"])
            await self._check_clash(tx, user_id, session, slot, now)  # booked elsewhere meanwhile
            # The offered place number is held by this offer; release the hold and book it.
            session = replace(session, taken=session.taken - {slot})
            booking = await self._insert_booking(tx, session, slot, user_id, row["name"], row["phone"],
                                                 row["question"], row["language"], now)
            await tx.execute("UPDATE rc_waitlist SET status = 'booked', booking_id = ?, updated_at = ? WHERE id = ?",
                             (booking.id, _iso(now), entry_id))
            await tx.execute("UPDATE rc_outbox SET outcome = 'cancelled' WHERE outcome IS NULL AND claimed_at IS NULL "
                             "AND waitlist_id = ?", (entry_id,))
        log.info("waitlist entry %r took its offer: booking %r", entry_id, booking.id)
        return booking

    async def _offer_free_places(self, tx: Tx, session_id: int, now: datetime) -> int:
        """Offer the session's free places to the first citizens waiting, each with a deadline."""
        if await self._paused(tx):
            return 0
        session = await self._session(tx, session_id, now)
        if session is None or session.status != "scheduled":
            return 0
        deadline = min(now + self.hold, session.starts_at - self.cutoff)
        if deadline - now < MIN_OFFER:
            return 0
        free = session.free_slots()
        if not free:
            return 0
        waiting = await tx.fetchall(
            "SELECT id, user_id FROM rc_waitlist WHERE session_id = ? AND status = 'waiting' AND user_id IS NOT NULL "
            "ORDER BY id LIMIT ?", (session_id, len(free)),
        )
        for slot, entry in zip(free, waiting, strict=False):
            await tx.execute(
                "UPDATE rc_waitlist SET status = 'offered', offered_slot = ?, offer_expires_at = ?, updated_at = ? "
                "WHERE id = ?", (slot, _iso(deadline), _iso(now), entry["id"]),
            )
            await tx.execute(
                "INSERT INTO rc_outbox (kind, user_id, session_id, waitlist_id, due_at, stale_at, created_at) "
                "VALUES ('waitlist_offer', ?, ?, ?, ?, ?, ?)",
                (entry["user_id"], session_id, entry["id"], _iso(now), _iso(deadline), _iso(now)),
            )
        if waiting:
            log.info("session %r: %r waitlist offers made", session_id, len(waiting))
        return len(waiting)

    async def rebalance(self, now: datetime) -> dict[str, int]:
        """The waitlist job's pass: expire offers past their deadline (the citizen is told and the place passes
        to the next), close the waitlists of sessions that can no longer be booked, and offer any free place of
        a session with citizens waiting (after a cancellation, a larger capacity or the end of a pause)."""
        counts = {"expired": 0, "closed": 0, "offered": 0}
        async with self.db.transaction() as tx:
            expired = await tx.fetchall(
                "SELECT w.id, w.user_id, w.session_id, s.starts_at FROM rc_waitlist w "
                "JOIN rc_sessions s ON s.id = w.session_id WHERE w.status = 'offered' AND w.offer_expires_at <= ?",
                (_iso(now),),
            )
            for r in expired:
                await tx.execute("UPDATE rc_waitlist SET status = 'expired', updated_at = ? WHERE id = ?",
                                 (_iso(now), r["id"]))
                if r["user_id"] is not None:
                    await tx.execute(
                        "INSERT INTO rc_outbox (kind, user_id, session_id, waitlist_id, due_at, stale_at, created_at) "
                        "VALUES ('waitlist_expired', ?, ?, ?, ?, ?, ?)",
                        (r["user_id"], r["session_id"], r["id"], _iso(now), r["starts_at"], _iso(now)),
                    )
            counts["expired"] = len(expired)
            counts["closed"] = (await tx.execute(
                "UPDATE rc_waitlist SET status = 'closed', updated_at = ? WHERE status = 'waiting' AND session_id IN "
                "(SELECT id FROM rc_sessions WHERE status = 'cancelled' OR starts_at <= ?)",
                (_iso(now), _iso(now + self.cutoff)),
            )).rowcount
            sessions = await tx.fetchall(
                "SELECT DISTINCT w.session_id FROM rc_waitlist w JOIN rc_sessions s ON s.id = w.session_id "
                "WHERE w.status = 'waiting' AND s.status = 'scheduled' AND s.starts_at > ?", (_iso(now),)
            )
            for r in sessions:
                counts["offered"] += await self._offer_free_places(tx, int(r[0]), now)
        return counts

    # -- staff ------------------------------------------------------------------------------------------

    async def _require(self, actor: int, roles: Iterable[str]) -> None:
        if not await self.roles.has(actor, *roles):
            log.warning("staff action refused for user %r", actor)
            raise ReceptionError("forbidden")

    async def existing_starts(self, now: datetime) -> list[tuple[str, datetime]]:
        rows = await self.db.fetchall(
            "SELECT venue_id, starts_at FROM rc_sessions WHERE status = 'scheduled' AND starts_at > ?", (_iso(now),)
        )
        return [(r[0], from_utc_iso(r[1])) for r in rows]

    async def create_session(self, actor: int, draft: SessionDraft, now: datetime, source: str = "staff") -> Session:
        await self._require(actor, MANAGE)
        async with self.db.transaction() as tx:
            sessions = await self._insert_sessions(tx, [draft], actor, source, now)
        return sessions[0]

    async def _insert_sessions(
        self, tx: Tx, drafts: Sequence[SessionDraft], actor: int | None, source: str, now: datetime
    ) -> list[Session]:
        await self._places()
        ids = []
        for draft in drafts:
            if draft.venue_id not in self._venues:
                raise ReceptionError("input", InputProblem("venue_unknown", {"value": draft.venue_id, "allowed": ""}))
            if await tx.fetchval(
                "SELECT 1 FROM rc_sessions WHERE venue_id = ? AND starts_at = ? AND status = 'scheduled'",
                (draft.venue_id, _iso(draft.starts_at)),
            ):
                raise ReceptionError("input", InputProblem("duplicate_existing"))
            cur = await tx.execute(
                "INSERT INTO rc_sessions (venue_id, starts_at, ends_at, specialist, topic, slot_minutes, capacity, "
                "status, source, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'scheduled', ?, ?, "
                "?, ?)",
                (draft.venue_id, _iso(draft.starts_at), _iso(draft.ends_at), draft.specialist, draft.topic,
                 draft.slot_minutes, draft.capacity, source, actor, _iso(now), _iso(now)),
            )
            ids.append(int(cur.lastrowid or 0))
        return await self._sessions(tx, f"s.id IN ({','.join('?' * len(ids))})", ids, now)

    async def import_csv(self, actor: int, data: bytes, now: datetime) -> ImportResult:
        """A schedule file from staff: every row is checked, then all rows are added in one transaction, or
        none when any row has a problem."""
        await self._require(actor, MANAGE)
        try:
            rows = read_csv(data)
        except InputProblem as problem:
            return ImportResult(file_problem=problem)
        drafts, problems = validate_rows(rows, [v.id for v in await self.venues()], now,
                                         await self.existing_starts(now))
        if problems:
            return ImportResult(problems=problems)
        async with self.db.transaction() as tx:
            added = await self._insert_sessions(tx, drafts, actor, "csv", now)
        log.info("schedule upload by staff %r: %r sessions added", actor, len(added))
        return ImportResult(added=added)

    async def update_session(self, actor: int, session_id: int, field_name: str, value: Any, now: datetime) -> Session:
        """Change one thing about a session. ``field_name``: 'date' (a date), 'time' ((start, end) times),
        'capacity' (places, or slot minutes for a timed session), 'specialist' (text or None), 'topic'.
        Moving a session reschedules its reminders and tells its citizens."""
        await self._require(actor, MANAGE)
        async with self.db.transaction() as tx:
            session = await self._session(tx, session_id, now)
            if session is None:
                raise ReceptionError("not_found")
            if session.status != "scheduled":
                raise ReceptionError("cancelled")
            if session.starts_at <= now:
                raise ReceptionError("started")
            try:
                if field_name in ("date", "time"):
                    await self._move(tx, session, field_name, value, now)
                elif field_name == "capacity":
                    await self._resize(tx, session, value, now)
                elif field_name == "specialist":
                    await tx.execute("UPDATE rc_sessions SET specialist = ?, updated_at = ? WHERE id = ?",
                                     (check_specialist(value), _iso(now), session.id))
                elif field_name == "topic":
                    await tx.execute("UPDATE rc_sessions SET topic = ?, updated_at = ? WHERE id = ?",
                                     (check_topic(value), _iso(now), session.id))
                else:
                    raise ValueError(f"unknown field {field_name!r}")
            except InputProblem as problem:
                raise ReceptionError("input", problem) from None
            updated = await self._session(tx, session_id, now)
        assert updated is not None
        log.info("session %r: %s changed by staff %r", session_id, field_name, actor)
        return updated

    async def _move(self, tx: Tx, session: Session, field_name: str, value: Any, now: datetime) -> None:
        local_start = session.starts_at.astimezone(LOCAL_TZ)
        local_end = session.ends_at.astimezone(LOCAL_TZ)
        if field_name == "date":
            day: date = value
            starts_at, ends_at = local_moment(day, local_start.time()), local_moment(day, local_end.time())
        else:
            start, end = value
            starts_at, ends_at = local_moment(local_start.date(), start), local_moment(local_start.date(), end)
        if starts_at <= now:
            raise InputProblem("date_past", {"value": starts_at.strftime("%d.%m.%Y %H:%M")})
        capacity = session.capacity
        if session.slot_minutes:
            capacity = int((ends_at - starts_at).total_seconds() // 60) // session.slot_minutes
            if capacity < 1 or (session.taken and max(session.taken) >= capacity):
                raise ReceptionError("capacity_below")
        clash = await tx.fetchval(
            "SELECT 1 FROM rc_sessions WHERE venue_id = ? AND starts_at = ? AND status = 'scheduled' AND id != ?",
            (session.venue.id, _iso(starts_at), session.id),
        )
        if clash:
            raise InputProblem("duplicate_existing")
        await tx.execute(
            "UPDATE rc_sessions SET starts_at = ?, ends_at = ?, capacity = ?, updated_at = ? WHERE id = ?",
            (_iso(starts_at), _iso(ends_at), capacity, _iso(now), session.id),
        )
        if starts_at == session.starts_at:
            return
        moved = replace(session, starts_at=starts_at, ends_at=ends_at, capacity=capacity)
        bookings = await self._bookings(tx, "b.session_id = ? AND b.status = 'booked'", (session.id,), now)
        for booking in bookings:
            await tx.execute(
                "UPDATE rc_outbox SET outcome = 'cancelled' WHERE outcome IS NULL AND claimed_at IS NULL "
                "AND kind IN ('remind_evening', 'remind_2h') AND booking_id = ?", (booking.id,),
            )
            booking = replace(booking, session=moved)
            await self._schedule_reminders(tx, booking, now)
            if booking.user_id is not None:
                await tx.execute(
                    "INSERT OR IGNORE INTO rc_outbox (kind, user_id, session_id, booking_id, due_at, stale_at, "
                    "created_at) VALUES ('session_moved', ?, ?, ?, ?, ?, ?)",
                    (booking.user_id, session.id, booking.id, _iso(now), _iso(booking.appointment), _iso(now)),
                )

    async def _resize(self, tx: Tx, session: Session, value: Any, now: datetime) -> None:
        if session.slot_minutes:
            duration = int((session.ends_at - session.starts_at).total_seconds() // 60)
            minutes = check_slot_minutes(value, duration)
            if session.taken:
                raise ReceptionError("timed_has_bookings")
            await tx.execute("UPDATE rc_sessions SET slot_minutes = ?, capacity = ?, updated_at = ? WHERE id = ?",
                             (minutes, duration // minutes, _iso(now), session.id))
            return
        places = check_places(value)
        if places < len(session.taken):
            raise ReceptionError("capacity_below", booked=len(session.taken))
        # Places are interchangeable: renumber the held ones 0..k-1 so that they fit the new capacity.
        holders = await tx.fetchall(
            "SELECT 'b' AS kind, id, slot FROM rc_bookings WHERE session_id = ? AND status != 'cancelled' "
            "UNION ALL SELECT 'w', id, offered_slot FROM rc_waitlist WHERE session_id = ? AND status = 'offered' "
            "AND offer_expires_at > ? ORDER BY 3", (session.id, session.id, _iso(now)),
        )
        if places < session.capacity and any(int(h[2]) >= places for h in holders):
            # Two passes (above every used number first) so that the unique index never sees two holders of
            # one number; the capacity is raised meanwhile so that the range trigger lets the numbers through.
            await tx.execute("UPDATE rc_sessions SET capacity = ? WHERE id = ?",
                             (session.capacity + len(holders), session.id))
            for number, holder in enumerate(holders):
                await self._renumber(tx, holder, session.capacity + number)
            for number, holder in enumerate(holders):
                await self._renumber(tx, holder, number)
        await tx.execute("UPDATE rc_sessions SET capacity = ?, updated_at = ? WHERE id = ?",
                         (places, _iso(now), session.id))
        if places > session.capacity:
            await self._offer_free_places(tx, session.id, now)

    @staticmethod
    async def _renumber(tx: Tx, holder: Any, number: int) -> None:
        if holder[0] == "b":
            await tx.execute("UPDATE rc_bookings SET slot = ? WHERE id = ?", (number, holder[1]))
        else:
            await tx.execute("UPDATE rc_waitlist SET offered_slot = ? WHERE id = ?", (number, holder[1]))

    async def cancel_session(self, actor: int, session_id: int, now: datetime) -> int:
        """Cancel a session: its bookings are cancelled and every booked or waiting citizen gets a notice in
        their own language (through the outbox). Returns the number of notices queued."""
        await self._require(actor, MANAGE)
        async with self.db.transaction() as tx:
            session = await self._session(tx, session_id, now)
            if session is None:
                raise ReceptionError("not_found")
            if session.status == "cancelled":
                raise ReceptionError("cancelled")
            if session.ends_at <= now:
                raise ReceptionError("started")
            await tx.execute("UPDATE rc_sessions SET status = 'cancelled', cancelled_at = ?, updated_at = ? "
                             "WHERE id = ?", (_iso(now), _iso(now), session_id))
            bookings = await tx.fetchall(
                "SELECT id, user_id FROM rc_bookings WHERE session_id = ? AND status = 'booked'", (session_id,)
            )
            if bookings:
                await self._cancel_rows(tx, [int(b["id"]) for b in bookings], "staff", now)
            entries = await tx.fetchall(
                "SELECT id, user_id FROM rc_waitlist WHERE session_id = ? AND status IN ('waiting', 'offered')",
                (session_id,),
            )
            await tx.execute("UPDATE rc_waitlist SET status = 'closed', updated_at = ? WHERE session_id = ? "
                             "AND status IN ('waiting', 'offered')", (_iso(now), session_id))
            await tx.execute("UPDATE rc_outbox SET outcome = 'cancelled' WHERE outcome IS NULL AND claimed_at IS NULL "
                             "AND session_id = ?", (session_id,))
            notices = 0
            for b in bookings:
                if b["user_id"] is not None:
                    await tx.execute(
                        "INSERT INTO rc_outbox (kind, user_id, session_id, booking_id, due_at, stale_at, created_at) "
                        "VALUES ('session_cancelled', ?, ?, ?, ?, ?, ?)",
                        (b["user_id"], session_id, b["id"], _iso(now), _iso(session.ends_at), _iso(now)),
                    )
                    notices += 1
            for e in entries:
                if e["user_id"] is not None:
                    await tx.execute(
                        "INSERT INTO rc_outbox (kind, user_id, session_id, waitlist_id, due_at, stale_at, created_at) "
                        "VALUES ('session_cancelled', ?, ?, ?, ?, ?, ?)",
                        (e["user_id"], session_id, e["id"], _iso(now), _iso(session.ends_at), _iso(now)),
                    )
                    notices += 1
        log.info("session %r cancelled by staff %r: %r notices", session_id, actor, notices)
        return notices

    async def session_bookings(self, actor: int, session_id: int, now: datetime) -> list[Booking]:
        """Who is coming (bookings that hold a place), in appointment order. Staff only."""
        await self._require(actor, VIEW)
        async with self.db.transaction() as tx:
            found = await self._bookings(tx, "b.session_id = ? AND b.status != 'cancelled'", (session_id,), now)
        return sorted(found, key=lambda b: (b.slot if b.session.timed else 0, b.id))

    async def mark_attendance(self, actor: int, booking_id: int, status: str, now: datetime) -> Booking:
        """Attended / did not come, from the session's start on (before it nobody can have come, and a mark hides
        the booking from the citizen); "booked" undoes a mark."""
        await self._require(actor, VIEW)
        if status not in ("attended", "no_show", "booked"):
            raise ValueError(f"bad attendance status {status!r}")
        async with self.db.transaction() as tx:
            found = await self._bookings(tx, "b.id = ?", (booking_id,), now)
            if not found or found[0].status == "cancelled":
                raise ReceptionError("not_found")
            if status != "booked" and now < found[0].session.starts_at:
                raise ReceptionError("not_started")
            await tx.execute("UPDATE rc_bookings SET status = ?, updated_at = ? WHERE id = ?",
                             (status, _iso(now), booking_id))
            if status != "booked":
                await tx.execute(
                    "UPDATE rc_outbox SET outcome = 'cancelled' WHERE outcome IS NULL AND claimed_at IS NULL "
                    "AND kind IN ('remind_evening', 'remind_2h') AND booking_id = ?", (booking_id,),
                )
        return replace(found[0], status=status)

    async def staff_sessions(self, actor: int, now: datetime, limit: int = 100) -> list[Session]:
        """Upcoming and today's sessions (also the ones that have started today), for staff."""
        await self._require(actor, VIEW)
        today = datetime.combine(now.astimezone(LOCAL_TZ).date(), time(0), tzinfo=LOCAL_TZ)
        async with self.db.transaction() as tx:
            found = await self._sessions(tx, "s.ends_at > ? AND s.status = 'scheduled'", (_iso(today),), now)
        return found[:limit]

    async def staff_session(self, actor: int, session_id: int, now: datetime) -> Session | None:
        await self._require(actor, VIEW)
        return await self.session(session_id, now)

    # -- the outbox -------------------------------------------------------------------------------------

    async def claim_due(self, now: datetime, limit: int = 50) -> list[Notice]:
        """Claim up to ``limit`` due messages for sending (claimed_at, claim_token) and return them. A row no
        longer true (booking cancelled, offer taken) is closed as 'cancelled', one past its usefulness as
        'skipped'; rows claimed by a process that died before it heard back from Telegram are closed as
        'unknown' and never sent again (see README: at most once)."""
        claimed: list[Notice] = []
        async with self.db.transaction() as tx:
            dead = await tx.execute(
                "UPDATE rc_outbox SET outcome = 'unknown' WHERE outcome IS NULL AND claimed_at IS NOT NULL "
                "AND claim_token != ?", (self.claim_token,),
            )
            if dead.rowcount:
                log.warning("%r outbox messages were claimed by a process that stopped: not re-sent", dead.rowcount)
            while len(claimed) < limit:
                # Rows closed here (stale, no longer true) leave the query's result, so a backlog of them never
                # hides the rows behind it.
                want = limit - len(claimed)
                rows = await tx.fetchall(
                    "SELECT o.*, u.language AS user_language FROM rc_outbox o LEFT JOIN users u ON u.id = o.user_id "
                    "WHERE o.outcome IS NULL AND o.claimed_at IS NULL AND o.due_at <= ? ORDER BY o.due_at, o.id "
                    "LIMIT ?",
                    (_iso(now), want),
                )
                for row in rows:
                    notice, outcome = await self._prepare(tx, row, now)
                    if notice is None:
                        await tx.execute("UPDATE rc_outbox SET outcome = ? WHERE id = ?", (outcome, row["id"]))
                        continue
                    await tx.execute("UPDATE rc_outbox SET claimed_at = ?, claim_token = ? WHERE id = ?",
                                     (_iso(now), self.claim_token, row["id"]))
                    claimed.append(notice)
                if len(rows) < want:
                    break
        return claimed

    async def _prepare(self, tx: Tx, row: Any, now: datetime) -> tuple[Notice | None, str]:
        if row["user_id"] is None:
            return None, "cancelled"
        if row["stale_at"] is not None and row["stale_at"] <= _iso(now):
            return None, "skipped"
        session = await self._session(tx, int(row["session_id"]), now)
        if session is None:
            return None, "cancelled"
        kind = row["kind"]
        language = row["user_language"] or "kk"
        code = appointment = expires = None
        if row["booking_id"] is not None:
            b = await tx.fetchone("SELECT code, slot, status, language FROM rc_bookings WHERE id = ?",
                                  (row["booking_id"],))
            if b is None:
                return None, "cancelled"
            if kind in ("remind_evening", "remind_2h", "session_moved") and (
                b["status"] != "booked" or session.status != "scheduled"
            ):
                return None, "cancelled"
            code, appointment = b["code"], session.slot_start(int(b["slot"]))
            language = row["user_language"] or b["language"]
            if kind in ("remind_evening", "remind_2h") and appointment <= now:
                return None, "skipped"
        if row["waitlist_id"] is not None:
            w = await tx.fetchone("SELECT status, offered_slot, offer_expires_at, language FROM rc_waitlist "
                                  "WHERE id = ?", (row["waitlist_id"],))
            if w is None:
                return None, "cancelled"
            language = row["user_language"] or w["language"]
            if kind == "waitlist_offer":
                if w["status"] != "offered" or w["offer_expires_at"] <= _iso(now):
                    return None, "cancelled"
                expires = from_utc_iso(w["offer_expires_at"])
                appointment = session.slot_start(w["offered_slot"])
        return Notice(int(row["id"]), kind, int(row["user_id"]), language, session, code, appointment,
                      row["waitlist_id"], expires), ""

    async def finish(self, notice_id: int, outcome: str, now: datetime) -> None:
        """After the send: 'sent' or 'failed' (the chat is gone); the claim is kept, so it is never resent."""
        await self.db.execute(
            "UPDATE rc_outbox SET outcome = ?, sent_at = ?, attempts = attempts + 1 WHERE id = ?",
            (outcome, _iso(now) if outcome == "sent" else None, notice_id),
        )

    async def release(self, notice_id: int, max_attempts: int = 5) -> None:
        """Telegram did not take it (network, 429, 5xx): back in the queue, or given up after some attempts."""
        await self.db.execute(
            "UPDATE rc_outbox SET claimed_at = NULL, claim_token = NULL, attempts = attempts + 1, "
            "outcome = CASE WHEN attempts + 1 >= ? THEN 'failed' ELSE NULL END WHERE id = ?",
            (max_attempts, notice_id),
        )

    # -- the demo schedule ------------------------------------------------------------------------------

    async def load_demo(self, path: Path, now: datetime) -> int:
        """Add the demo schedule (data/schedule_demo.csv: the staff CSV format with ``day`` = working days from
        today instead of ``date``) when no demo session lies ahead. For trying the bot only
        (RECEPTION_DEMO_SCHEDULE)."""
        if await self.db.fetchval(
            "SELECT 1 FROM rc_sessions WHERE source = 'demo' AND starts_at > ? LIMIT 1", (_iso(now),)
        ):
            return 0
        text = await asyncio.to_thread(Path(path).read_text, encoding="utf-8")
        dated = demo_rows(text, now.astimezone(LOCAL_TZ).date())
        drafts, problems = validate_rows(dated, [v.id for v in await self.venues()], now,
                                         await self.existing_starts(now))
        for number, problem in problems:
            log.warning("demo schedule line %r skipped: %s", number, problem)
        if not drafts:
            return 0
        async with self.db.transaction() as tx:
            added = await self._insert_sessions(tx, drafts, None, "demo", now)
        log.info("demo schedule: %r sessions added", len(added))
        return len(added)

    async def remove_demo(self) -> int:
        """Delete demo sessions nobody booked or waited for (the demo switched off)."""
        return await self.db.execute(
            "DELETE FROM rc_sessions WHERE source = 'demo' AND NOT EXISTS "
            "(SELECT 1 FROM rc_bookings b WHERE b.session_id = rc_sessions.id) AND NOT EXISTS "
            "(SELECT 1 FROM rc_waitlist w WHERE w.session_id = rc_sessions.id) AND NOT EXISTS "
            "(SELECT 1 FROM rc_outbox o WHERE o.session_id = rc_sessions.id)"
        )

    # -- personal data ----------------------------------------------------------------------------------

    async def export_user(self, user_id: int) -> dict[str, Any]:
        """Everything stored about the citizen here, as JSON-able data (for /mydata)."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            bookings = await self._bookings(tx, "b.user_id = ?", (user_id,), now)
            entries = await tx.fetchall("SELECT * FROM rc_waitlist WHERE user_id = ? ORDER BY id", (user_id,))
            sessions = {
                s.id: s for s in await self._sessions(
                    tx, f"s.id IN ({','.join('?' * len(entries))})", [e["session_id"] for e in entries], now
                )
            } if entries else {}

        def session_data(s: Session, slot: int | None) -> dict[str, Any]:
            return {
                "session_id": s.id,
                "venue": s.venue.id,
                "address_kk": s.venue.address["kk"],
                "address_ru": s.venue.address["ru"],
                "starts_at": s.slot_start(slot).astimezone(LOCAL_TZ).isoformat(),
                "topic": s.topic,
                "session_status": s.status,
            }

        return {
            "receptions": {
                "bookings": [
                    {"code": b.code, "status": b.status, "name": b.name, "phone": b.phone, "question": b.question,
                     "language": b.language, "booked_at": _iso(b.created_at), **session_data(b.session, b.slot)}
                    for b in bookings
                ],
                "waitlist": [
                    {"status": e["status"], "name": e["name"], "phone": e["phone"], "question": e["question"],
                     "language": e["language"], "joined_at": e["created_at"],
                     **session_data(sessions[e["session_id"]], None)}
                    for e in entries if e["session_id"] in sessions
                ],
            }
        }

    async def names_used(self, user_id: int, limit: int = 3) -> list[str]:
        """The names this citizen gave in their earlier bookings, waitlist entries and appeals (given with consent,
        and shown back only to them), the latest first: offered as buttons at the booking form's name step."""
        rows = await self.db.fetchall(
            "SELECT name FROM (SELECT name, created_at FROM rc_bookings WHERE user_id = ? AND name IS NOT NULL "
            "UNION ALL SELECT name, created_at FROM rc_waitlist WHERE user_id = ? AND name IS NOT NULL "
            "UNION ALL SELECT name, created_at FROM appeals WHERE user_id = ? AND name IS NOT NULL) "
            "GROUP BY name ORDER BY max(created_at) DESC LIMIT ?", (user_id, user_id, user_id, limit))
        return [str(r[0]) for r in rows]

    async def erasure_preview(self, user_id: int) -> tuple[int, int]:
        """What /forget would do here, to tell the citizen before they confirm: (upcoming bookings that would be
        cancelled, waitlist places that would be given up)."""
        now = _iso(self.clock.now())
        bookings = await self.db.fetchval(
            "SELECT count(*) FROM rc_bookings b JOIN rc_sessions s ON s.id = b.session_id "
            "WHERE b.user_id = ? AND b.status = 'booked' AND s.starts_at > ?", (user_id, now))
        waiting = await self.db.fetchval(
            "SELECT count(*) FROM rc_waitlist WHERE user_id = ? AND status IN ('waiting', 'offered')", (user_id,))
        return int(bookings or 0), int(waiting or 0)

    async def forget_user(self, user_id: int) -> int:
        """Erase the citizen's name, phone and question and unlink them from their bookings and waitlist
        entries (counts stay, anonymous). Upcoming bookings are cancelled first, so their places are offered to
        others. Returns the number of rows anonymised."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            upcoming = await tx.fetchall(
                "SELECT b.id, b.session_id FROM rc_bookings b JOIN rc_sessions s ON s.id = b.session_id "
                "WHERE b.user_id = ? AND b.status = 'booked' AND s.starts_at > ?", (user_id, _iso(now)),
            )
            if upcoming:
                await self._cancel_rows(tx, [int(r["id"]) for r in upcoming], "erasure", now)
            offered = await tx.fetchall(
                "SELECT session_id FROM rc_waitlist WHERE user_id = ? AND status IN ('waiting', 'offered')", (user_id,)
            )
            await tx.execute("UPDATE rc_waitlist SET status = 'left', updated_at = ? WHERE user_id = ? "
                             "AND status IN ('waiting', 'offered')", (_iso(now), user_id))
            changed = (await tx.execute(
                "UPDATE rc_bookings SET user_id = NULL, name = NULL, phone = NULL, question = NULL, "
                "anonymised_at = ?, updated_at = ? WHERE user_id = ?", (_iso(now), _iso(now), user_id),
            )).rowcount
            changed += (await tx.execute(
                "UPDATE rc_waitlist SET user_id = NULL, name = NULL, phone = NULL, question = NULL, "
                "anonymised_at = ?, updated_at = ? WHERE user_id = ?", (_iso(now), _iso(now), user_id),
            )).rowcount
            await tx.execute("UPDATE rc_outbox SET outcome = coalesce(outcome, 'cancelled'), user_id = NULL "
                             "WHERE user_id = ?", (user_id,))
            for session_id in {int(r["session_id"]) for r in [*upcoming, *offered]}:
                await self._offer_free_places(tx, session_id, now)
            # A booking form left half-filled holds a name and a phone in the FSM storage: it goes too.
            # by the user id column (indexed, migration 0008); keys of another shape (NULL there) by their text
            await tx.execute(f"DELETE FROM fsm_state WHERE {FORM_STATE} AND (user_id = ? OR (user_id IS NULL "
                             "AND key LIKE ?))", (int(user_id), f"%:{int(user_id)}:%"))
        log.info("receptions: personal data of a citizen erased (%r rows)", changed)
        return changed

    async def anonymise_before(self, moment: datetime) -> int:
        """Retention: erase names, phones, questions and user links of bookings and waitlist entries of
        sessions that started before ``moment``. Returns the number of rows anonymised."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            old = "(SELECT id FROM rc_sessions WHERE starts_at < ?)"
            changed = (await tx.execute(
                "UPDATE rc_bookings SET user_id = NULL, name = NULL, phone = NULL, question = NULL, anonymised_at = ?, "
                f"updated_at = ? WHERE anonymised_at IS NULL AND session_id IN {old}",
                (_iso(now), _iso(now), _iso(moment)),
            )).rowcount
            changed += (await tx.execute(
                "UPDATE rc_waitlist SET user_id = NULL, name = NULL, phone = NULL, question = NULL, "
                "status = CASE WHEN status IN ('waiting', 'offered') THEN 'closed' ELSE status END, "
                f"anonymised_at = ?, updated_at = ? WHERE anonymised_at IS NULL AND session_id IN {old}",
                (_iso(now), _iso(now), _iso(moment)),
            )).rowcount
            await tx.execute(
                "UPDATE rc_outbox SET user_id = NULL, outcome = coalesce(outcome, 'skipped') "
                f"WHERE session_id IN {old} AND (user_id IS NOT NULL OR outcome IS NULL)",  # not the done ones again
                (_iso(moment),),
            )
            # Booking forms abandoned before ``moment`` (their names and phones) are dropped as well.
            changed += (await tx.execute(f"DELETE FROM fsm_state WHERE {FORM_STATE} AND updated_at < ?",
                                         (_iso(moment),))).rowcount
        return changed


def reminder_times(appointment: datetime) -> list[tuple[str, datetime, datetime]]:
    """(kind, due, stale) of a booking's reminders: 18:00 local the evening before (not sent after 22:00),
    and two hours before (not sent once the appointment has begun)."""
    local = appointment.astimezone(LOCAL_TZ)
    evening = datetime.combine(local.date() - timedelta(days=1), time(EVENING_HOUR), tzinfo=LOCAL_TZ)
    return [
        ("remind_evening", evening, min(evening + EVENING_LATEST, appointment)),
        ("remind_2h", appointment - TWO_HOURS, appointment),
    ]


def bookings_csv(bookings: Sequence[Booking], header: Sequence[str], statuses: dict[str, str]) -> bytes:
    """A session's citizens as CSV for Excel (UTF-8 with BOM). Text a citizen typed cannot start a formula."""

    def cell(text: str | None) -> str:
        text = text or ""
        return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for b in bookings:
        writer.writerow([
            b.code,
            b.appointment.astimezone(LOCAL_TZ).strftime("%d.%m.%Y %H:%M"),
            cell(b.name),
            b.phone or "",
            cell(b.question),
            statuses.get(b.status, b.status),
            b.created_at.astimezone(LOCAL_TZ).strftime("%d.%m.%Y %H:%M"),
        ])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
