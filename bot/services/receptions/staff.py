"""Staff's schedule work: creating, importing, editing, moving, resizing and cancelling sessions,
attendance, the staff lists, and the demo schedule."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from bot.clock import LOCAL_TZ, from_utc_iso
from bot.db.database import Tx
from bot.services.reception_input import (
    InputProblem,
    SessionDraft,
    check_places,
    check_slot_minutes,
    check_specialist,
    check_topic,
    local_moment,
    read_csv,
    validate_rows,
)
from bot.services.receptions.models import (
    MANAGE,
    VIEW,
    Booking,
    ImportResult,
    ReceptionError,
    Session,
    _iso,
)
from bot.services.receptions.places import demo_rows
from bot.services.receptions.waitlist import ReceptionWaitlist

log = logging.getLogger(__name__)


class ReceptionStaff(ReceptionWaitlist):
    # -- staff ------------------------------------------------------------------------------------------

    async def existing_starts(self, now: datetime) -> list[tuple[str, datetime]]:
        rows = await self.db.fetchall(
            "SELECT venue_id, starts_at FROM rc_sessions WHERE status = 'scheduled' AND starts_at > ?", (_iso(now),)
        )
        return [(r[0], from_utc_iso(r[1])) for r in rows]

    async def create_session(self, actor: int, draft: SessionDraft, now: datetime, source: str = "staff") -> Session:
        await self._require(actor, MANAGE)
        await self._places()
        venue = self._venues.get(draft.venue_id)
        if venue is not None:
            await self._require_district(actor, venue.district)
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
        for draft in drafts:  # a district operator uploads their districts' sessions only
            venue = self._venues.get(draft.venue_id)
            if venue is not None:
                await self._require_district(actor, venue.district)
        async with self.db.transaction() as tx:
            added = await self._insert_sessions(tx, drafts, actor, "csv", now)
        log.info("schedule upload by staff %r: %r sessions added", actor, len(added))
        return ImportResult(added=added)

    async def _district_session(self, tx: Tx, actor: int, session_id: int, now: datetime) -> Session:
        """A session inside a staff transaction, if it exists and is in the actor's districts."""
        session = await self._session(tx, session_id, now)
        if session is None:
            raise ReceptionError("not_found")
        await self._require_district(actor, session.venue.district)
        return session

    async def update_session(self, actor: int, session_id: int, field_name: str, value: Any, now: datetime) -> Session:
        """Change one thing about a session. ``field_name``: 'date' (a date), 'time' ((start, end) times),
        'capacity' (places, or slot minutes for a timed session), 'specialist' (text or None), 'topic'.
        Moving a session reschedules its reminders and tells its citizens."""
        await self._require(actor, MANAGE)
        async with self.db.transaction() as tx:
            session = await self._district_session(tx, actor, session_id, now)
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
            session = await self._district_session(tx, actor, session_id, now)
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
            # every booked and every waiting citizen is told (a notice tied to their booking or waitlist entry)
            for column, rows in (("booking_id", bookings), ("waitlist_id", entries)):
                for r in rows:
                    if r["user_id"] is None:
                        continue
                    await tx.execute(
                        f"INSERT INTO rc_outbox (kind, user_id, session_id, {column}, due_at, stale_at, created_at) "
                        "VALUES ('session_cancelled', ?, ?, ?, ?, ?, ?)",
                        (r["user_id"], session_id, r["id"], _iso(now), _iso(session.ends_at), _iso(now)),
                    )
                    notices += 1
        log.info("session %r cancelled by staff %r: %r notices", session_id, actor, notices)
        return notices

    async def session_bookings(self, actor: int, session_id: int, now: datetime) -> list[Booking]:
        """Who is coming (bookings that hold a place), in appointment order. Staff only."""
        await self.staff_session(actor, session_id, now)  # the role, and a district operator's district
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
            await self._require_district(actor, found[0].session.venue.district)
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
        scope = await self.scope_of(actor)
        if scope is not None:  # a district operator's districts only
            found = [s for s in found if s.venue.district in scope]
        return found[:limit]

    async def staff_session(self, actor: int, session_id: int, now: datetime) -> Session | None:
        await self._require(actor, VIEW)
        session = await self.session(session_id, now)
        if session is not None:
            await self._require_district(actor, session.venue.district)
        return session

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

