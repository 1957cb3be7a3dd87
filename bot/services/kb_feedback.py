"""👍/👎 under knowledge-base answers, and the helpfulness figures behind /stats. Plain Python, no aiogram.

A vote keeps who gave it (one vote per citizen and answer message; /mydata shows it, /forget and retention
drop the link and the comment, the anonymous count stays), the card, the language and the time. The question a
vote is about is kept in memory only, under a short token in the buttons' callback data: a 👎 files it as a gap
(masked, without who asked); it is never written with the voter."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.db.database import Database
from bot.lru import LRU
from bot.services.kb_gaps import GapLog, mask

COMMENT_MAX = 500
PENDING_QUESTIONS = 4096


@dataclass(frozen=True)
class Helpfulness:
    entry_id: str
    language: str
    up: int
    down: int

    @property
    def total(self) -> int:
        return self.up + self.down

    @property
    def ratio(self) -> float:
        return self.up / self.total if self.total else 0.0


class FeedbackService:
    def __init__(self, db: Database, gaps: GapLog) -> None:
        self.db = db
        self.gaps = gaps
        self._questions: LRU[str, tuple[str, str]] = LRU(PENDING_QUESTIONS)  # token -> (question, language)

    def remember(self, question: str, language: str) -> str:
        token = secrets.token_hex(4)
        self._questions.put(token, (question[:500], language))
        return token

    async def vote(self, user_id: int, message_id: int, entry_id: str, language: str, helpful: bool,
                   token: str = "", now: datetime | None = None) -> int | None:
        """Records the vote; None when this citizen already voted on this answer. A 👎 files the question as a
        gap (when this process still remembers it). Returns the vote's id."""
        at = _iso(now)
        async with self.db.transaction() as tx:
            if await tx.fetchval("SELECT 1 FROM kb_feedback WHERE user_id = ? AND message_id = ?",
                                 (user_id, message_id)):
                return None
            cursor = await tx.execute(
                "INSERT INTO kb_feedback (user_id, message_id, entry_id, language, helpful, at) "
                "VALUES (?, ?, ?, ?, ?, ?)", (user_id, message_id, entry_id, language, int(helpful), at))
            vote_id = int(cursor.lastrowid or 0)
            question = self._questions.get(token) if token else None
            if not helpful and question is not None:
                await self.gaps.record(question[0], question[1], kind="unhelpful", entry_id=entry_id, now=now)
        return vote_id

    async def comment(self, user_id: int, vote_id: int, text: str, language: str, now: datetime | None = None) -> bool:
        """What the citizen was looking for, after a 👎: masked, kept with the vote and filed as a gap."""
        row = await self.db.fetchone("SELECT entry_id FROM kb_feedback WHERE id = ? AND user_id = ?",
                                     (vote_id, user_id))
        if row is None:
            return False
        masked = mask(" ".join(text.split()))[:COMMENT_MAX]
        await self.db.execute("UPDATE kb_feedback SET comment = ? WHERE id = ?", (masked, vote_id))
        await self.gaps.record(masked, language, kind="unhelpful", entry_id=row[0], now=now)
        return True

    async def helpfulness(self, since: datetime | None = None) -> list[Helpfulness]:
        rows = await self.db.fetchall(
            # the recent votes by time (migration 0013): the planner, guessing how many a range holds, would rather
            # read every vote in card order to save the grouping's sort
            "SELECT entry_id, language, sum(helpful), sum(1 - helpful) FROM kb_feedback INDEXED BY kb_feedback_at "
            "WHERE at >= ? "
            "GROUP BY entry_id, language ORDER BY entry_id, language", (_iso(since) if since else "",))
        return [Helpfulness(r[0], r[1], int(r[2]), int(r[3])) for r in rows]

    async def worst(self, limit: int = 5, min_votes: int = 3) -> list[Helpfulness]:
        """Cards with the lowest share of 👍 (both languages together), at least ``min_votes`` votes."""
        rows = await self.db.fetchall(
            "SELECT entry_id, sum(helpful) AS up, sum(1 - helpful) AS down FROM kb_feedback GROUP BY entry_id "
            "HAVING count(*) >= ? ORDER BY (1.0 * sum(helpful) / count(*)), count(*) DESC LIMIT ?",
            (min_votes, limit))
        return [Helpfulness(r[0], "", int(r[1]), int(r[2])) for r in rows]

    # -- personal data ---------------------------------------------------------------------------------------

    async def export_user(self, user_id: int) -> dict[str, Any]:
        rows = await self.db.fetchall(
            "SELECT entry_id, language, helpful, at, comment FROM kb_feedback WHERE user_id = ? ORDER BY id",
            (user_id,))
        return {"answer_feedback": [
            {"card": r[0], "language": r[1], "helpful": bool(r[2]), "at": r[3], "what_you_looked_for": r[4]}
            for r in rows]}

    async def forget_user(self, user_id: int) -> int:
        """The votes stay as anonymous counts: who gave them and their comments go."""
        return await self.db.execute("UPDATE kb_feedback SET user_id = NULL, comment = NULL WHERE user_id = ?",
                                     (user_id,))

    async def anonymise_before(self, moment: datetime) -> int:
        cutoff = _iso(moment)
        unlinked = await self.db.execute(
            "UPDATE kb_feedback SET user_id = NULL, comment = NULL WHERE at < ? AND user_id IS NOT NULL", (cutoff,))
        return unlinked + await self.gaps.prune(moment)


def _iso(moment: datetime | None) -> str:
    moment = moment or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
