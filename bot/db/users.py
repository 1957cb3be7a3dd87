"""Users: a row per Telegram user who ever wrote to the bot, with the language they read."""

from __future__ import annotations

from dataclasses import dataclass

from bot.db.database import Database


@dataclass(frozen=True, slots=True)
class User:
    id: int
    language: str
    language_set: bool
    first_name: str | None


class UserRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, user_id: int) -> User | None:
        row = await self.db.fetchone(
            "SELECT id, language, language_set, first_name FROM users WHERE id = ?", (user_id,)
        )
        return None if row is None else User(row[0], row[1], bool(row[2]), row[3])

    async def ensure(self, user_id: int, language: str, first_name: str | None) -> User:
        """Insert a new user, or refresh last_seen of a known one; returns the stored row. One statement (one
        round trip to the database thread, committed on its own): a citizen's first message pays no more."""
        row = await self.db.fetchone(
            "INSERT INTO users (id, language, first_name) VALUES (?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET last_seen_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), "
            "first_name = excluded.first_name "
            "RETURNING id, language, language_set, first_name",
            (user_id, language, first_name),
        )
        assert row is not None
        return User(row[0], row[1], bool(row[2]), row[3])

    async def set_language(self, user_id: int, language: str) -> None:
        await self.db.execute(
            "UPDATE users SET language = ?, language_set = 1 WHERE id = ?", (language, user_id)
        )
