"""A citizen's personal data in the receptions: /mydata's export, /forget's erasure and its preview,
and retention's anonymising of old bookings."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from bot.clock import LOCAL_TZ
from bot.services.receptions.models import (
    FORM_STATE,
    Session,
    _iso,
)
from bot.services.receptions.reminders import ReceptionReminders

log = logging.getLogger(__name__)


class ReceptionPersonalData(ReceptionReminders):
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


