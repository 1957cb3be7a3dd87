"""Consent to personal-data processing, versioned: a new privacy notice (a higher version) asks again."""

from __future__ import annotations

from bot.db.database import Database

# Raise when the privacy notice text changes in a way that needs fresh consent.
# 1: the text of bot/handlers/privacy/consent.py, but the booking and appeal forms showed texts of their own and
#    recorded this version too, so a version-1 consent does not say which text it was given to.
# 2: the one notice of every form (it also names the lawyers and the state bodies appeals are forwarded to).
PRIVACY_NOTICE_VERSION = 2


class ConsentService:
    def __init__(self, db: Database, version: int | None = None) -> None:
        self.db = db
        self.version = PRIVACY_NOTICE_VERSION if version is None else version

    async def given_at(self, user_id: int) -> str | None:
        """When the citizen agreed to the current version (UTC, ISO 8601), or None."""
        value = await self.db.fetchval(
            "SELECT given_at FROM consents WHERE user_id = ? AND version = ?", (user_id, self.version)
        )
        return None if value is None else str(value)

    async def has_current(self, user_id: int) -> bool:
        found = await self.db.fetchval(
            "SELECT 1 FROM consents WHERE user_id = ? AND version = ?", (user_id, self.version)
        )
        return found == 1

    async def record(self, user_id: int) -> None:
        await self.db.execute(
            "INSERT OR IGNORE INTO consents (user_id, version) VALUES (?, ?)", (user_id, self.version)
        )

    async def withdraw(self, user_id: int) -> None:
        await self.db.execute("DELETE FROM consents WHERE user_id = ?", (user_id,))
