"""The knowledge base's cards as the live store: the database holds them, data/knowledge.toml is the seed.

Plain Python, no aiogram. Used by :meth:`bot.services.knowledge.KnowledgeBase.load` (the seed at start) and by
:class:`bot.services.kb_edit.KbEditor` (changes made in the bot). Every change of a card writes its row, its
index row (kb_fts), a version (kb_versions: who, when, the whole card) and bumps the revision (kb_meta), which
every process serving the bot watches to reload its in-memory index.

The seed at start: a shipped entry is applied only where the card was not edited in the bot. A card edited in
the bot whose shipped version changed meanwhile is a conflict: the bot's version stays, the shipped one is kept
in ``seed_pending`` and reported (log and /kb), for staff to take or dismiss.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.db.database import Tx

log = logging.getLogger(__name__)

LANGS = ("kk", "ru")


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def snapshot(entry: Any, retired: bool = False) -> dict[str, Any]:
    """The whole card as JSON-able data (what a version keeps)."""
    return {
        "topic": entry.topic,
        "title": dict(entry.title),
        "answer": dict(entry.answer),
        "keywords": {lang: list(entry.keywords.get(lang, [])) for lang in LANGS},
        "related": list(entry.related),
        "retired": bool(retired),
    }


def entry_hash(entry: Any) -> str:
    """Of the card's content only (not the analyzer, not its topic's title): tells edits apart."""
    data = snapshot(entry)
    del data["retired"]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def entry_of(entry_id: str, snap: dict[str, Any]) -> Any:
    from bot.services.knowledge import Entry

    return Entry(
        id=entry_id,
        topic=snap["topic"],
        title=dict(snap["title"]),
        answer=dict(snap["answer"]),
        keywords={lang: list(snap["keywords"].get(lang, [])) for lang in LANGS},
        related=tuple(snap["related"]),
    )


@dataclass(frozen=True)
class Conflict:
    entry_id: str
    removed: bool  # the shipped file no longer has the card (the bot's edited one stays)


async def bump(tx: Tx) -> int:
    await tx.execute("UPDATE kb_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'")
    return int(await tx.fetchval("SELECT value FROM kb_meta WHERE key = 'revision'"))


async def revision(tx: Any) -> int:
    value = await tx.fetchval("SELECT value FROM kb_meta WHERE key = 'revision'")
    return int(value or 0)


async def add_version(tx: Tx, entry_id: str, action: str, actor: int | None, snap: dict[str, Any],
                      at: str | None = None) -> int:
    cursor = await tx.execute(
        "INSERT INTO kb_versions (entry_id, action, actor_id, at, snapshot) VALUES (?, ?, ?, ?, ?)",
        (entry_id, action, actor, at or now_iso(), json.dumps(snap, ensure_ascii=False)),
    )
    return int(cursor.lastrowid or 0)


async def audit(tx: Tx, actor: int, action: str, entry_id: str | None, details: str = "") -> None:
    await tx.execute(
        "INSERT INTO kb_audit (at, actor_id, action, entry_id, details) VALUES (?, ?, ?, ?, ?)",
        (now_iso(), actor, action, entry_id, details or None),
    )


async def write_card(tx: Tx, entry: Any, *, retired: bool, origin: str | None = None, seed_hash: str | None = None,
                     seed_pending: str | bool | None = False, ord_: int | None = None) -> None:
    """Insert or update a card's row (the index row is brought in line by ``knowledge.reindex``). ``edited`` is
    derived: a bot-made card, a retired one, or content other than the seed version it came from."""
    row = await tx.fetchone("SELECT doc, ord, origin, seed_hash, seed_pending FROM kb_entries WHERE id = ?",
                            (entry.id,))
    if row is None:
        doc = int(await tx.fetchval("SELECT coalesce(max(doc), 0) + 1 FROM kb_entries"))
        position = ord_ if ord_ is not None else int(
            await tx.fetchval("SELECT coalesce(max(ord), -1) + 1 FROM kb_entries"))
        origin = origin or "bot"
        seed = seed_hash or ""
        pending = None if seed_pending is False else seed_pending
    else:
        doc = int(row["doc"])
        position = ord_ if ord_ is not None else int(row["ord"])
        origin = origin or row["origin"]
        seed = seed_hash if seed_hash is not None else row["seed_hash"]
        pending = row["seed_pending"] if seed_pending is False else seed_pending
    edited = int(origin == "bot" or retired or entry_hash(entry) != seed)
    await tx.execute(
        "INSERT INTO kb_entries (id, doc, topic, ord, title_kk, title_ru, answer_kk, answer_ru, keywords_kk, "
        "keywords_ru, related, content_hash, origin, retired, edited, seed_hash, seed_pending) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET topic = excluded.topic, ord = excluded.ord, title_kk = excluded.title_kk, "
        "title_ru = excluded.title_ru, answer_kk = excluded.answer_kk, answer_ru = excluded.answer_ru, "
        "keywords_kk = excluded.keywords_kk, keywords_ru = excluded.keywords_ru, related = excluded.related, "
        "content_hash = CASE WHEN kb_entries.retired = excluded.retired THEN kb_entries.content_hash ELSE '' END, "
        "origin = excluded.origin, retired = excluded.retired, edited = excluded.edited, "
        "seed_hash = excluded.seed_hash, seed_pending = excluded.seed_pending, "
        "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
        (
            entry.id, doc, entry.topic, position, entry.title["kk"], entry.title["ru"], entry.answer["kk"],
            entry.answer["ru"], json.dumps(entry.keywords["kk"], ensure_ascii=False),
            json.dumps(entry.keywords["ru"], ensure_ascii=False), json.dumps(list(entry.related), ensure_ascii=False),
            origin, int(retired), edited, seed, pending,
        ),
    )


async def apply_seed(tx: Tx, entries: list[Any], row_entry: Any) -> tuple[dict[str, set[str]], list[Conflict]]:
    """Bring the cards in line with the shipped file, keeping what staff edited. ``row_entry`` turns a
    kb_entries row into an Entry. Returns (ids: added, updated, removed; conflicts)."""
    rows = {r["id"]: r for r in await tx.fetchall("SELECT * FROM kb_entries")}
    counts: dict[str, set[str]] = {"added": set(), "updated": set(), "removed": set()}
    conflicts: list[Conflict] = []
    wanted = {e.id for e in entries}
    at = now_iso()
    for entry_id, row in rows.items():
        if entry_id in wanted or row["origin"] == "bot":
            continue
        if row["edited"]:  # edited in the bot, gone from the file: the bot's card stays, staff are told
            if row["seed_pending"] != json.dumps({"removed": True}):
                await tx.execute("UPDATE kb_entries SET seed_pending = ? WHERE id = ?",
                                 (json.dumps({"removed": True}), entry_id))
            conflicts.append(Conflict(entry_id, True))
            continue
        await add_version(tx, entry_id, "removed", None, {**snapshot(row_entry(row)), "retired": True}, at)
        await tx.execute("DELETE FROM kb_fts WHERE rowid = ?", (row["doc"],))
        await tx.execute("DELETE FROM kb_entries WHERE id = ?", (entry_id,))
        counts["removed"].add(entry_id)
    for position, entry in enumerate(entries):
        shipped = entry_hash(entry)
        row = rows.get(entry.id)
        if row is None:
            await write_card(tx, entry, retired=False, origin="seed", seed_hash=shipped, seed_pending=None,
                             ord_=position)
            await add_version(tx, entry.id, "seed", None, snapshot(entry), at)
            counts["added"].add(entry.id)
            continue
        current = row_entry(row)
        current_hash = entry_hash(current)
        if not row["edited"] or (current_hash == shipped and not row["retired"]):
            if current_hash != shipped or row["seed_hash"] != shipped or row["edited"]:
                await write_card(tx, entry, retired=False, origin="seed", seed_hash=shipped, seed_pending=None,
                                 ord_=position)
                if current_hash != shipped or not row["seed_hash"]:  # changed, or first seen (a baseline)
                    await add_version(tx, entry.id, "seed", None, snapshot(entry), at)
                if current_hash != shipped:
                    counts["updated"].add(entry.id)
            elif row["ord"] != position:
                await tx.execute("UPDATE kb_entries SET ord = ? WHERE id = ?", (position, entry.id))
            continue
        # edited in the bot
        if row["seed_hash"] == shipped:  # the file has not changed since: the bot's version stays
            if row["seed_pending"] is not None:
                await tx.execute("UPDATE kb_entries SET seed_pending = NULL WHERE id = ?", (entry.id,))
            continue
        pending = json.dumps({**snapshot(entry), "hash": shipped}, ensure_ascii=False)
        if row["seed_pending"] != pending:
            await tx.execute("UPDATE kb_entries SET seed_pending = ? WHERE id = ?", (pending, entry.id))
        conflicts.append(Conflict(entry.id, False))
    for conflict in conflicts:
        log.warning("knowledge base conflict: card %r was edited in the bot and %s in data/knowledge.toml; the "
                    "bot's version is kept, see /kb", conflict.entry_id,
                    "removed" if conflict.removed else "changed")
    return counts, conflicts
