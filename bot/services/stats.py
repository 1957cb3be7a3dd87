"""Figures for staff: citizens, subscribers, broadcasts, and appeals and bookings by status.

Citizens, appeals and bookings by status come from counters that triggers keep in the same transaction as
every change (migration 0015_status_counts): /stats costs the same with a million appeals as with ten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock, to_utc_iso
from bot.db.database import Database
from bot.services.subscriptions import SubscriberCounts, SubscriptionService

# section -> the table whose rows are counted by status (table names are constants, never input)
STATUS_TABLES: dict[str, str] = {"appeals": "appeals", "bookings": "rc_bookings"}
ACTIVE_DAYS = 30


@dataclass(frozen=True, slots=True)
class Stats:
    citizens: int
    citizens_active: int  # seen in the last ACTIVE_DAYS days
    subscribers: SubscriberCounts
    broadcasts: dict[str, int]  # status -> count, and "delivered"
    by_status: dict[str, dict[str, int]]  # "appeals"/"bookings" -> status -> count


class StatsService:
    def __init__(self, db: Database, subscriptions: SubscriptionService, clock: Clock | None = None) -> None:
        self.db = db
        self.subscriptions = subscriptions
        self.clock = clock or Clock()

    async def by_status(self) -> dict[str, dict[str, int]]:
        """From the counters the database keeps (migration 0015), not by counting the tables."""
        rows = await self.db.fetchall(
            "SELECT tbl, status, n FROM status_counts WHERE n > 0 ORDER BY tbl, n DESC, status"
        )
        found: dict[str, dict[str, int]] = {section: {} for section in STATUS_TABLES}
        sections = {table: section for section, table in STATUS_TABLES.items()}
        for r in rows:
            if r[0] in sections:
                found[sections[r[0]]][str(r[1])] = int(r[2])
        return found

    async def collect(self, now: datetime | None = None) -> Stats:
        now = now or self.clock.now()
        citizens = int(await self.db.fetchval("SELECT n FROM status_counts WHERE tbl = 'users' AND status = ''") or 0)
        active = int(
            await self.db.fetchval(
                "SELECT count(*) FROM users WHERE last_seen_at >= ?", (to_utc_iso(now - timedelta(days=ACTIVE_DAYS)),)
            )
            or 0
        )
        rows = await self.db.fetchall("SELECT status, count(*), sum(sent) FROM broadcasts GROUP BY status")
        broadcasts = {str(r[0]): int(r[1]) for r in rows}
        broadcasts["delivered"] = sum(int(r[2] or 0) for r in rows)
        return Stats(citizens, active, await self.subscriptions.counts(), broadcasts, await self.by_status())
