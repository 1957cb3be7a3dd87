"""Where a district's appeals go (issue 15): a chat, and in a forum supergroup a topic. Plain data over the
database; creating topics and sending is the relay's (bot/handlers/appeals/routing.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.db.database import Database


@dataclass(frozen=True)
class Destination:
    chat_id: int
    thread_id: int | None = None  # a forum topic's message_thread_id; None = the chat itself


class RoutingService:
    def __init__(self, db: Database) -> None:
        self.db = db

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
            (district, destination.chat_id, destination.thread_id, datetime.now(UTC).isoformat(timespec="seconds")),
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

    async def overviews(self, appeal_id: int) -> list[tuple[int, int]]:
        rows = await self.db.fetchall(
            "SELECT chat_id, message_id FROM appeal_staff_messages WHERE appeal_id = ? AND purpose = 'overview'",
            (appeal_id,),
        )
        return [(int(r[0]), int(r[1])) for r in rows]
