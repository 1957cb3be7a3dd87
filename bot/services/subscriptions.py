"""News subscriptions: who asked to receive the branch's broadcasts, and for which district.

A citizen is subscribed only by their own tap (or /subscribe); the district is optional (none = the whole region,
which also receives every district's news). The language is not stored here: a broadcast uses the language the
citizen reads the bot in when it starts. Telegram refusing a delivery for good (the bot was blocked, the account
deleted) makes the subscription inactive; subscribing again makes it active.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.clock import Clock, from_utc_iso, to_utc_iso
from bot.db.database import Database
from bot.services.districts import District

LANGUAGES = ("kk", "ru")
ACTIVE, INACTIVE = "active", "inactive"
BLOCKED, NOT_FOUND = "blocked", "not_found"


@dataclass(frozen=True, slots=True)
class Audience:
    """Who a broadcast goes to: everyone, one language, or one district (plus the whole-region subscribers)."""

    kind: str  # "all" | "language" | "district"
    value: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        """SQL condition over ``subscriptions s JOIN users u``, active subscribers only."""
        if self.kind == "all":
            return "s.status = 'active'", []
        if self.kind == "language" and self.value in LANGUAGES:
            return "s.status = 'active' AND u.language = ?", [self.value]
        if self.kind == "district" and self.value:
            return "s.status = 'active' AND (s.district = ? OR s.district IS NULL)", [self.value]
        raise ValueError(f"bad audience {self!r}")


@dataclass(frozen=True, slots=True)
class Subscription:
    user_id: int
    district: str | None
    status: str
    inactive_reason: str | None
    subscribed_at: datetime

    @property
    def active(self) -> bool:
        return self.status == ACTIVE


@dataclass(frozen=True, slots=True)
class SubscriberCounts:
    active: int
    inactive: int
    by_language: dict[str, int]  # active only
    by_district: dict[str | None, int]  # active only; None = the whole region


class SubscriptionService:
    def __init__(self, db: Database, districts: Sequence[District], clock: Clock | None = None) -> None:
        self.db = db
        self.districts = list(districts)
        self._district_ids = {d.id for d in self.districts}
        self.clock = clock or Clock()

    def district(self, district_id: str | None) -> District | None:
        return next((d for d in self.districts if d.id == district_id), None)

    def is_district(self, district_id: str) -> bool:
        return district_id in self._district_ids

    async def get(self, user_id: int) -> Subscription | None:
        row = await self.db.fetchone(
            "SELECT user_id, district, status, inactive_reason, subscribed_at FROM subscriptions WHERE user_id = ?",
            (user_id,),
        )
        if row is None:
            return None
        return Subscription(int(row[0]), row[1], str(row[2]), row[3], from_utc_iso(row[4]))

    async def subscribe(self, user_id: int) -> tuple[Subscription, bool]:
        """Subscribe (or make active again). Returns the subscription and whether anything changed. The citizen's
        user row must exist (the user middleware creates it on their first update)."""
        now = to_utc_iso(self.clock.now())
        async with self.db.transaction() as tx:
            before = await tx.fetchval("SELECT status FROM subscriptions WHERE user_id = ?", (user_id,))
            await tx.execute(
                "INSERT INTO subscriptions (user_id, status, subscribed_at, changed_at) VALUES (?, 'active', ?, ?) "
                "ON CONFLICT(user_id) DO UPDATE SET status = 'active', inactive_reason = NULL, "
                "changed_at = excluded.changed_at WHERE status != 'active'",
                (user_id, now, now),
            )
        subscription = await self.get(user_id)
        assert subscription is not None
        return subscription, before != ACTIVE

    async def set_district(self, user_id: int, district_id: str | None) -> Subscription | None:
        """Choose the district (None: the whole region). None when the citizen is not subscribed."""
        if district_id is not None and not self.is_district(district_id):
            raise ValueError(f"unknown district {district_id!r}")
        changed = await self.db.execute(
            "UPDATE subscriptions SET district = ?, changed_at = ? WHERE user_id = ?",
            (district_id, to_utc_iso(self.clock.now()), user_id),
        )
        return await self.get(user_id) if changed else None

    async def unsubscribe(self, user_id: int) -> bool:
        """Deletes the subscription (nothing is kept). False when there was none."""
        return await self.db.execute("DELETE FROM subscriptions WHERE user_id = ?", (user_id,)) > 0

    async def mark_inactive(self, user_id: int, reason: str) -> None:
        await self.db.execute(
            "UPDATE subscriptions SET status = 'inactive', inactive_reason = ?, changed_at = ? WHERE user_id = ?",
            (reason, to_utc_iso(self.clock.now()), user_id),
        )

    async def audience_counts(self, audience: Audience) -> dict[str, int]:
        """Active recipients of ``audience`` per language, as a broadcast starting now would reach them."""
        where, params = audience.where()
        rows = await self.db.fetchall(
            f"SELECT u.language, count(*) FROM subscriptions s JOIN users u ON u.id = s.user_id "
            f"WHERE {where} GROUP BY u.language",
            params,
        )
        counts = dict.fromkeys(LANGUAGES, 0)
        counts.update({str(r[0]): int(r[1]) for r in rows})
        return counts

    async def counts(self) -> SubscriberCounts:
        rows = await self.db.fetchall(
            "SELECT s.status, u.language, s.district, count(*) FROM subscriptions s JOIN users u ON u.id = s.user_id "
            "GROUP BY s.status, u.language, s.district"
        )
        active = inactive = 0
        by_language = dict.fromkeys(LANGUAGES, 0)
        by_district: dict[str | None, int] = {}
        for status, language, district, n in rows:
            if status != ACTIVE:
                inactive += n
                continue
            active += n
            by_language[language] = by_language.get(language, 0) + n
            by_district[district] = by_district.get(district, 0) + n
        return SubscriberCounts(active, inactive, by_language, by_district)

    # ----- personal data ----------------------------------------------------------------------------------
    async def export_user(self, user_id: int) -> dict[str, Any]:
        """Everything this feature keeps about the citizen, as plain JSON-ready data."""
        subscription = await self.get(user_id)
        rows = await self.db.fetchall(
            "SELECT d.broadcast_id, d.language, d.state, d.updated_at FROM deliveries d "
            "WHERE d.user_id = ? ORDER BY d.broadcast_id",
            (user_id,),
        )
        return {
            "subscription": None if subscription is None else {
                "district": subscription.district,
                "status": subscription.status,
                "inactive_reason": subscription.inactive_reason,
                "subscribed_at": to_utc_iso(subscription.subscribed_at),
            },
            "broadcast_deliveries": [
                {"broadcast_id": int(r[0]), "language": r[1], "state": r[2], "updated_at": r[3]} for r in rows
            ],
        }

    async def forget_user(self, user_id: int) -> int:
        """Deletes the citizen's subscription and delivery records; returns the number of rows deleted. A
        broadcast still sending simply skips them (its total is lowered, its other figures stay)."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "UPDATE broadcasts SET total = total - 1 WHERE id IN (SELECT broadcast_id FROM deliveries "
                "WHERE user_id = ? AND state IN ('pending', 'sending'))",
                (user_id,),
            )
            deleted = (await tx.execute("DELETE FROM deliveries WHERE user_id = ?", (user_id,))).rowcount
            deleted += (await tx.execute("DELETE FROM subscriptions WHERE user_id = ?", (user_id,))).rowcount
        return int(deleted)
