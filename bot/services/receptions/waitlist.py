"""The waitlist: joining and leaving it, offers of freed places with a deadline, taking an offer, and
the background rebalancing of expired offers."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from bot.db.database import Tx
from bot.services.reception_input import (
    InputProblem,
    check_name,
    check_phone,
    check_question,
)
from bot.services.receptions.bookings import ReceptionBookings
from bot.services.receptions.models import (
    LANGUAGES,
    MIN_OFFER,
    Booking,
    ReceptionError,
    WaitEntry,
    _dt,
    _iso,
)

log = logging.getLogger(__name__)


class ReceptionWaitlist(ReceptionBookings):
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

