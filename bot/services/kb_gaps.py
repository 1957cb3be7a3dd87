"""Questions the knowledge base could not answer, and answers citizens marked unhelpful: the gaps staff fill.

Plain Python, no aiogram. A gap keeps the question's language, the time, the text with personal numbers and
addresses masked (:func:`mask`, applied BEFORE anything is stored) and a normalised form for grouping
(:func:`normalised`: folded letters, stems, stopwords dropped, word order ignored), never who asked. Gaps
older than the retention period are deleted (:meth:`GapLog.prune`, run by the retention job).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.db.database import Database
from bot.logging_setup import PHONE_RE
from bot.text.analyze import term, words
from bot.text.lang import guess_language
from bot.text.normalize import search_key
from bot.text.stopwords import is_stopword

MAX_TEXT = 500
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
LONG_DIGITS_RE = re.compile(r"\d(?:[\s\-.]?\d){5,}")  # 6+ digits, grouped or not: ИИН/ЖСН (12), cards, ids
PHONE_MASK, EMAIL_MASK, NUMBER_MASK = "<phone>", "<email>", "<number>"
IIN_RE = re.compile(r"(?<!\d)\d{12}(?!\d)")


def mask(text: str) -> str:
    """Phone numbers, e-mail addresses, ИИН/ЖСН (12 digits) and any run of 6 or more digits masked."""
    text = EMAIL_RE.sub(EMAIL_MASK, text)
    text = PHONE_RE.sub(PHONE_MASK, text)
    text = IIN_RE.sub(NUMBER_MASK, text)
    return LONG_DIGITS_RE.sub(NUMBER_MASK, text)


def normalised(text: str, lang: str | None = None) -> str:
    """The grouping form: stems of the distinctive words, sorted ("Сколько школ построили?" and "школ сколько
    построено" meet)."""
    lang = lang or guess_language(text) or "kk"
    stems = set()
    for token in words(mask(text)):
        stem = term(token, lang)
        if not is_stopword(search_key(token), stem):
            stems.add(stem)
    return " ".join(sorted(stems))[:300] or search_key(mask(text).lower())[:300]


@dataclass(frozen=True)
class Gap:
    norm: str
    example: str  # the latest wording (masked)
    count: int
    languages: tuple[str, ...]
    kinds: tuple[str, ...]
    entry_id: str | None  # the card marked unhelpful, if that is the kind
    last_at: str
    latest: int  # the id of the group's latest row (buttons point to it)


class GapLog:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def record(self, text: str, language: str, kind: str = "not_found", entry_id: str | None = None,
                     now: datetime | None = None) -> None:
        masked = mask(" ".join(text.split()))[:MAX_TEXT]
        if not masked.strip():
            return
        await self.db.execute(
            "INSERT INTO kb_gaps (at, language, kind, norm, text, entry_id) VALUES (?, ?, ?, ?, ?, ?)",
            (_utc(now), language, kind, normalised(masked, language), masked, entry_id),
        )

    async def top(self, since: datetime, language: str | None = None, limit: int = 10,
                  include_resolved: bool = False) -> list[Gap]:
        where = ["at >= ?"]
        params: list[object] = [_utc(since)]
        if language:
            where.append("language = ?")
            params.append(language)
        if not include_resolved:
            where.append("resolved IS NULL")
        rows = await self.db.fetchall(
            f"SELECT norm, count(*) AS n, group_concat(DISTINCT language) AS langs, group_concat(DISTINCT kind) "
            f"AS kinds, max(entry_id) AS entry, max(at) AS last, max(id) AS latest FROM kb_gaps "
            f"WHERE {' AND '.join(where)} GROUP BY norm ORDER BY n DESC, last DESC LIMIT ?",
            (*params, limit),
        )
        gaps = []
        for r in rows:
            example = await self.db.fetchval("SELECT text FROM kb_gaps WHERE id = ?", (r["latest"],))
            gaps.append(Gap(r["norm"], example or "", int(r["n"]), tuple(sorted((r["langs"] or "").split(","))),
                            tuple(sorted((r["kinds"] or "").split(","))), r["entry"], r["last"], int(r["latest"])))
        return gaps

    async def example(self, norm: str) -> tuple[str, str] | None:
        """(the latest masked wording, its language) of a group."""
        row = await self.db.fetchone("SELECT text, language FROM kb_gaps WHERE norm = ? ORDER BY id DESC LIMIT 1",
                                     (norm,))
        return None if row is None else (row[0], row[1])

    async def resolve(self, norm: str, entry_id: str) -> int:
        return await self.db.execute("UPDATE kb_gaps SET resolved = ? WHERE norm = ? AND resolved IS NULL",
                                     (entry_id, norm))

    async def prune(self, before: datetime) -> int:
        return await self.db.execute("DELETE FROM kb_gaps WHERE at < ?", (_utc(before),))


def _utc(moment: datetime | None) -> str:
    from datetime import UTC

    moment = moment or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def week_ago(now: datetime) -> datetime:
    return now - timedelta(days=7)
