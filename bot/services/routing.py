"""Where a district's appeals go (issue 15): a chat, and in a forum supergroup a topic. Plain data over the
database; creating topics and sending is the relay's (bot/handlers/appeals/routing.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.clock import Clock, to_utc_iso
from bot.db.database import Database


@dataclass(frozen=True)
class Destination:
    chat_id: int
    thread_id: int | None = None  # a forum topic's message_thread_id; None = the chat itself


class RoutingService:
    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self.db = db
        self.clock = clock

    def _now(self) -> str:
        return to_utc_iso(self.clock.now() if self.clock is not None else datetime.now(UTC))

    async def route(self, district: str) -> Destination | None:
        row = await self.db.fetchone("SELECT chat_id, thread_id FROM district_routes WHERE district = ?", (district,))
        if row is None:
            return None
        return Destination(int(row[0]), int(row[1]) if row[1] is not None else None)

    async def routes(self) -> dict[str, Destination]:
        rows = await self.db.fetchall("SELECT district, chat_id, thread_id FROM district_routes")
        return {str(r[0]): Destination(int(r[1]), int(r[2]) if r[2] is not None else None) for r in rows}

    async def set_route(self, district: str, destination: Destination) -> None:
        await self.db.execute(
            "INSERT OR REPLACE INTO district_routes (district, chat_id, thread_id, updated_at) VALUES (?, ?, ?, ?)",
            (district, destination.chat_id, destination.thread_id, self._now()),
        )

    async def forget_route(self, district: str) -> None:
        await self.db.execute("DELETE FROM district_routes WHERE district = ?", (district,))

    async def set_thread(self, chat_id: int, message_id: int, thread_id: int | None) -> None:
        """The topic a staff message of an appeal was sent to (prompts and posts go to the same topic)."""
        if thread_id is not None:
            await self.db.execute(
                "UPDATE appeal_staff_messages SET thread_id = ? WHERE chat_id = ? AND message_id = ?",
                (thread_id, chat_id, message_id),
            )

    async def thread_of(self, chat_id: int, message_id: int) -> int | None:
        value = await self.db.fetchval(
            "SELECT thread_id FROM appeal_staff_messages WHERE chat_id = ? AND message_id = ?", (chat_id, message_id)
        )
        return int(value) if value is not None else None

    async def home(self, appeal_id: int) -> tuple[int, int, int | None] | None:
        """The appeal's first card in a group chat: (chat, message, thread) — where posts about it go."""
        row = await self.db.fetchone(
            "SELECT chat_id, message_id, thread_id FROM appeal_staff_messages WHERE appeal_id = ? AND purpose = 'card' "
            "AND chat_id < 0 ORDER BY rowid LIMIT 1",
            (appeal_id,),
        )
        if row is None:
            return None
        return int(row[0]), int(row[1]), int(row[2]) if row[2] is not None else None

    async def retire_card(self, chat_id: int, message_id: int) -> None:
        """A card left behind by a move: no longer refreshed (replies to it still reach the appeal)."""
        await self.db.execute(
            "UPDATE appeal_staff_messages SET purpose = 'moved' WHERE chat_id = ? AND message_id = ?",
            (chat_id, message_id),
        )

    async def overviews(self, appeal_id: int) -> list[tuple[int, int]]:
        rows = await self.db.fetchall(
            "SELECT chat_id, message_id FROM appeal_staff_messages WHERE appeal_id = ? AND purpose = 'overview'",
            (appeal_id,),
        )
        return [(int(r[0]), int(r[1])) for r in rows]

    # ----- district staff --------------------------------------------------------------------------------------
    async def districts_of(self, user_id: int) -> frozenset[str]:
        """The districts an operator is granted; empty: not limited (the whole region)."""
        rows = await self.db.fetchall("SELECT district FROM district_staff WHERE user_id = ?", (user_id,))
        return frozenset(str(r[0]) for r in rows)

    async def grant_district(self, user_id: int, district: str) -> bool:
        if district in await self.districts_of(user_id):
            return False
        await self.db.execute("INSERT OR IGNORE INTO district_staff (user_id, district) VALUES (?, ?)",
                              (user_id, district))
        return True

    async def revoke_districts(self, user_id: int) -> int:
        return int(await self.db.execute("DELETE FROM district_staff WHERE user_id = ?", (user_id,)))

    async def district_staff(self) -> dict[int, list[str]]:
        rows = await self.db.fetchall("SELECT user_id, district FROM district_staff ORDER BY user_id, district")
        found: dict[int, list[str]] = {}
        for user_id, district in rows:
            found.setdefault(int(user_id), []).append(str(district))
        return found

    # ----- reassignment ---------------------------------------------------------------------------------------
    async def reassign(self, appeal_id: int, actor_id: int, *, district: str | None = None,
                       category: str | None = None) -> str | None:
        """Give the appeal another district or category; returns the previous value, or None when nothing
        changed (the same value, or no such appeal). Audited like every staff action."""
        column, value = ("district", district) if district is not None else ("category", category)
        if value is None:
            return None
        at = self._now()
        async with self.db.transaction() as tx:
            row = await tx.fetchone(f"SELECT {column}, user_id FROM appeals WHERE id = ?", (appeal_id,))
            if row is None or row[0] == value:
                return None
            await tx.execute(f"UPDATE appeals SET {column} = ?, updated_at = ? WHERE id = ?", (value, at, appeal_id))
            await tx.execute(
                "INSERT INTO appeal_audit (at, actor_id, action, appeal_id, target_user_id, details) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (at, actor_id, f"move_{column}", appeal_id, row[1], f"{row[0]}->{value}"),
            )
            return str(row[0])
