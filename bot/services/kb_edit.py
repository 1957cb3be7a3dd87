"""Changing the knowledge base in the bot: create, edit, attach a keyword, retire, restore, roll back, import a
file, settle a conflict with the shipped file. Plain Python, no aiogram.

Every call checks the actor's role in the database (administrators and operators only), writes the card, its
index row, a version (who, when, the whole card) and an audit row in one transaction, bumps the revision and
reloads this process's index at once; other processes notice the revision within REVISION_CHECK_SECONDS.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from typing import Any

from bot.db.database import Database, Tx
from bot.services import kb_store
from bot.services.kb_store import entry_hash, entry_of, snapshot
from bot.services.knowledge import Entry, KnowledgeBase, reindex
from bot.services.roles import ADMIN, OPERATOR, RoleService

log = logging.getLogger(__name__)

EDITORS = (ADMIN, OPERATOR)


class NotAllowed(Exception):
    """The actor may not edit the content (no admin or operator role)."""


class EditError(Exception):
    """The change cannot be made; ``code`` says why (unknown, exists, no_version, invalid)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Version:
    id: int
    entry_id: str
    action: str
    actor_id: int | None
    at: str
    snapshot: dict[str, Any]


@dataclass(frozen=True)
class Card:
    entry: Entry
    retired: bool
    origin: str
    edited: bool
    pending: dict[str, Any] | None  # a shipped version in conflict with the bot's


class KbEditor:
    def __init__(self, db: Database, knowledge: KnowledgeBase, roles: RoleService) -> None:
        self.db = db
        self.knowledge = knowledge
        self.roles = roles

    async def can_edit(self, actor: int) -> bool:
        return await self.roles.has(actor, *EDITORS)

    async def _check(self, actor: int) -> None:
        if not await self.can_edit(actor):
            raise NotAllowed(actor)

    # -- reading (any caller; handlers check the role) -------------------------------------------------------

    async def card(self, entry_id: str) -> Card | None:
        row = await self.db.fetchone("SELECT * FROM kb_entries WHERE id = ?", (entry_id,))
        return None if row is None else _card(row)

    async def cards(self, include_retired: bool = True) -> list[Card]:
        rows = await self.db.fetchall("SELECT * FROM kb_entries ORDER BY ord, id")
        return [c for c in map(_card, rows) if include_retired or not c.retired]

    async def history(self, entry_id: str, limit: int = 20) -> list[Version]:
        rows = await self.db.fetchall(
            "SELECT * FROM kb_versions WHERE entry_id = ? ORDER BY id DESC LIMIT ?", (entry_id, limit))
        return [Version(r["id"], r["entry_id"], r["action"], r["actor_id"], r["at"], json.loads(r["snapshot"]))
                for r in rows]

    async def conflicts(self) -> list[Card]:
        rows = await self.db.fetchall("SELECT id FROM kb_entries WHERE seed_pending IS NOT NULL ORDER BY ord, id")
        return [c for c in [await self.card(r[0]) for r in rows] if c is not None]

    # -- changes ---------------------------------------------------------------------------------------------

    async def _commit(self, tx: Tx, actor: int, action: str, entry: Entry, retired: bool, details: str = "",
                      **flags: Any) -> int:
        await kb_store.write_card(tx, entry, retired=retired, **flags)
        version = await kb_store.add_version(tx, entry.id, action, actor, snapshot(entry, retired))
        await kb_store.audit(tx, actor, action, entry.id, details or f"version {version}")
        await reindex(tx, [entry.id])
        revision = await kb_store.bump(tx)
        await tx.execute("UPDATE kb_entries SET rev = ? WHERE id = ?", (revision, entry.id))
        return version

    async def _current(self, tx: Tx, entry_id: str) -> tuple[Entry, bool, Any]:
        from bot.services.knowledge import _entry_from_row

        row = await tx.fetchone("SELECT * FROM kb_entries WHERE id = ?", (entry_id,))
        if row is None:
            raise EditError("unknown", entry_id)
        return _entry_from_row(row), bool(row["retired"]), row

    async def _check_refs(self, tx: Tx, entry: Entry, before: Entry | None = None) -> None:
        if await tx.fetchval("SELECT 1 FROM kb_topics WHERE id = ?", (entry.topic,)) is None:
            raise EditError("invalid", f"unknown topic {entry.topic!r}")
        for related in entry.related:
            if related == entry.id or await tx.fetchval(
                    "SELECT 1 FROM kb_entries WHERE id = ? AND retired = 0", (related,)) is None:
                raise EditError("invalid", f"unknown related entry {related!r}")
        from bot.services.kb_file import card_problems

        problems = card_problems(entry, before)
        if problems:
            raise EditError("invalid", "; ".join(problems))

    async def create(self, actor: int, entry: Entry) -> int:
        await self._check(actor)
        async with self.db.transaction() as tx:
            if await tx.fetchval("SELECT 1 FROM kb_entries WHERE id = ?", (entry.id,)) is not None:
                raise EditError("exists", entry.id)
            await self._check_refs(tx, entry)
            version = await self._commit(tx, actor, "create", entry, False, origin="bot")
        await self.knowledge.reload()
        log.info("card %r created by %r", entry.id, actor)
        return version

    async def edit(self, actor: int, entry: Entry, action: str = "edit") -> int:
        await self._check(actor)
        async with self.db.transaction() as tx:
            old, retired, _row = await self._current(tx, entry.id)
            await self._check_refs(tx, entry, old)
            version = await self._commit(tx, actor, action, entry, retired)
        await self.knowledge.reload()
        log.info("card %r changed (%s) by %r", entry.id, action, actor)
        return version

    async def add_keyword(self, actor: int, entry_id: str, lang: str, wording: str) -> int:
        """A citizen's wording of a question becomes a keyword of the card (a gap attached to it)."""
        await self._check(actor)
        wording = " ".join(wording.split())[:200]
        async with self.db.transaction() as tx:
            old, retired, _row = await self._current(tx, entry_id)
            words = list(old.keywords[lang])
            if wording and wording.lower() not in {w.lower() for w in words}:
                words.append(wording)
            entry = replace(old, keywords={**old.keywords, lang: words})
            version = await self._commit(tx, actor, "keyword", entry, retired, details=f"{lang} keyword")
            await tx.execute("UPDATE kb_gaps SET resolved = ? WHERE resolved IS NULL AND norm = ?",
                             (entry_id, gap_norm(wording)))
        await self.knowledge.reload()
        return version

    async def set_retired(self, actor: int, entry_id: str, retired: bool) -> int:
        await self._check(actor)
        async with self.db.transaction() as tx:
            entry, _was, _row = await self._current(tx, entry_id)
            if not retired:
                await self._check_refs(tx, entry, entry)
            version = await self._commit(tx, actor, "retire" if retired else "restore", entry, retired)
            if retired:  # no live card points to a retired one
                for row in await tx.fetchall("SELECT id FROM kb_entries WHERE related LIKE ? AND id != ?",
                                             (f'%"{entry_id}"%', entry_id)):
                    other, other_retired, _ = await self._current(tx, row[0])
                    cut = replace(other, related=tuple(r for r in other.related if r != entry_id))
                    await self._commit(tx, actor, "edit", cut, other_retired, details=f"related {entry_id} retired")
        await self.knowledge.reload()
        return version

    async def rollback(self, actor: int, entry_id: str, version_id: int | None = None) -> int:
        """The card as it was before its latest change (or as of ``version_id``), as a new version."""
        await self._check(actor)
        async with self.db.transaction() as tx:
            _entry, _retired, _row = await self._current(tx, entry_id)
            rows = await tx.fetchall("SELECT id, snapshot FROM kb_versions WHERE entry_id = ? ORDER BY id DESC",
                                     (entry_id,))
            if version_id is None:
                target = rows[1] if len(rows) > 1 else None
            else:
                target = next((r for r in rows if r[0] == version_id), None)
            if target is None:
                raise EditError("no_version", entry_id)
            snap = json.loads(target[1])
            entry = entry_of(entry_id, snap)
            related = []
            for rid in entry.related:  # a related card retired since then is left out
                if await tx.fetchval("SELECT 1 FROM kb_entries WHERE id = ? AND retired = 0", (rid,)):
                    related.append(rid)
            entry = replace(entry, related=tuple(related))
            if await tx.fetchval("SELECT 1 FROM kb_topics WHERE id = ?", (entry.topic,)) is None:
                raise EditError("invalid", f"unknown topic {entry.topic!r}")
            version = await self._commit(tx, actor, "rollback", entry, bool(snap.get("retired")),
                                         details=f"to version {target[0]}")
        await self.knowledge.reload()
        log.info("card %r rolled back to version %r by %r", entry_id, target[0], actor)
        return version

    async def settle_conflict(self, actor: int, entry_id: str, take_shipped: bool) -> None:
        """A card edited in the bot whose shipped version changed: take the shipped one, or keep the bot's
        (the shipped version is then acknowledged: the next start does not report it again)."""
        await self._check(actor)
        async with self.db.transaction() as tx:
            entry, retired, row = await self._current(tx, entry_id)
            pending = json.loads(row["seed_pending"]) if row["seed_pending"] else None
            if pending is None:
                raise EditError("no_conflict", entry_id)
            if pending.get("removed"):
                if take_shipped:  # the file dropped it: retire the bot's card
                    await self._commit(tx, actor, "retire", entry, True, seed_pending=None)
                else:  # keep it as the bot's own card
                    await self._commit(tx, actor, "keep", entry, retired, origin="bot", seed_pending=None)
            elif take_shipped:
                shipped = entry_of(entry_id, pending)
                await self._commit(tx, actor, "seed", shipped, False, seed_hash=pending["hash"], seed_pending=None)
            else:
                await self._commit(tx, actor, "keep", entry, retired, seed_hash=pending["hash"], seed_pending=None)
        await self.knowledge.reload()

    async def import_entries(self, actor: int, entries: list[Entry]) -> dict[str, int]:
        """A whole knowledge file from staff (validated by bot.services.kb_file): new cards added, changed ones
        edited, cards missing from the file retired; one transaction. Returns counts."""
        await self._check(actor)
        counts = {"changed": 0, "new": 0, "retired": 0}
        async with self.db.transaction() as tx:
            rows = {r["id"]: r for r in await tx.fetchall("SELECT * FROM kb_entries")}
            from bot.services.knowledge import _entry_from_row

            wanted = {e.id for e in entries}
            for position, entry in enumerate(entries):
                row = rows.get(entry.id)
                if row is None:
                    await self._commit(tx, actor, "import", entry, False, origin="bot", ord_=position)
                    counts["new"] += 1
                elif row["retired"] or entry_hash(_entry_from_row(row)) != entry_hash(entry):
                    await self._commit(tx, actor, "import", entry, False, ord_=position)
                    counts["changed"] += 1
                elif row["ord"] != position:
                    await tx.execute("UPDATE kb_entries SET ord = ?, rev = (SELECT CAST(value AS INTEGER) FROM "
                                     "kb_meta WHERE key = 'revision') + 1 WHERE id = ?", (position, entry.id))
            for entry_id, row in rows.items():
                if entry_id not in wanted and not row["retired"]:
                    await self._commit(tx, actor, "import", _entry_from_row(row), True)
                    counts["retired"] += 1
            await kb_store.audit(tx, actor, "import_file", None, json.dumps(counts))
            await kb_store.bump(tx)
        await self.knowledge.reload()
        return counts


def _card(row: Any) -> Card:
    from bot.services.knowledge import _entry_from_row

    pending = json.loads(row["seed_pending"]) if row["seed_pending"] else None
    return Card(_entry_from_row(row), bool(row["retired"]), row["origin"], bool(row["edited"]), pending)


def gap_norm(text: str) -> str:
    from bot.services.kb_gaps import normalised

    return normalised(text)
