"""Reminders: when a booking's reminders fall due, and the outbox the sender claims them from."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from bot.clock import from_utc_iso
from bot.db.database import Tx
from bot.services.receptions.models import (
    Notice,
    _iso,
)
from bot.services.receptions.staff import ReceptionStaff

log = logging.getLogger(__name__)


class ReceptionReminders(ReceptionStaff):
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
