"""Citizens' bookings: checks (pause, limits, clashes between towns), booking one place or time,
cancelling, and the reminders a booking schedules."""

from __future__ import annotations

import logging
import secrets
import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from bot.clock import from_utc_iso
from bot.db.database import Tx
from bot.services.reception_input import (
    InputProblem,
    check_name,
    check_phone,
    check_question,
)
from bot.services.receptions.core import ReceptionCore
from bot.services.receptions.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    LANGUAGES,
    TRAVEL_GAP,
    Booking,
    ReceptionError,
    Session,
    _iso,
    reminder_times,
)

log = logging.getLogger(__name__)


class ReceptionBookings(ReceptionCore):
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

    async def _bookable(self, tx: Tx, user_id: int, session_id: int, now: datetime) -> Session:
        """The rules every booking passes, checked inside its transaction: bookings not paused, the session
        open, not booked twice by this citizen, under the limit of active bookings."""
        if await self._paused(tx):
            raise ReceptionError("paused")
        session = await self._open_session(tx, session_id, now)
        if await self._has_booking(tx, user_id, session_id):
            raise ReceptionError("duplicate")
        if await self._active_count(tx, user_id, now) >= self.max_active:
            raise ReceptionError("limit", limit=self.max_active)
        return session

    async def check_can_book(self, user_id: int, session_id: int, now: datetime, slot: int | None = None) -> Session:
        """The checks of :meth:`book` that do not need the citizen's details, for early, friendly answers;
        raises ReceptionError. A full session is not an error here (the caller offers the waitlist). A timed
        session without a chosen slot yet is checked for clashes once the slot is chosen."""
        async with self.db.transaction() as tx:
            session = await self._bookable(tx, user_id, session_id, now)
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
                session = await self._bookable(tx, user_id, session_id, now)
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

    async def _offer_free_places(self, tx: Tx, session_id: int, now: datetime) -> int:
        """A place freed by a cancellation goes to the waitlist: bot/services/receptions/waitlist.py."""
        raise NotImplementedError
