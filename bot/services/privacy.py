"""Personal data: what the bot keeps about a citizen, across every feature, for /mydata, /forget and retention.

Each feature that stores personal data registers a *provider* (its service object will do):

    privacy.register(appeals)           # in build_dispatcher; name taken from ``appeals.name`` or given

A provider has ``export_user(user_id) -> dict`` (only that citizen's own data, JSON-serialisable),
``forget_user(user_id) -> dict | int | None`` (erase or anonymise; may report e.g. ``{"open_appeals": 2}``, or
just the number of rows it erased) and,
optionally, ``anonymise_before(moment) -> int`` (retention: anonymise records closed/past before ``moment``,
return how many). The core provider here covers users, consents, FSM state (half-filled forms) and staff roles.

/forget runs every provider's ``forget_user`` inside ONE database transaction (Database transactions nest):
either everything is erased or, if any provider fails, nothing is. The core provider goes last, so that rows in
feature tables that refer to ``users`` are gone before the user row is. What must happen outside the database
once the erasure is committed (redacting the staff chat's copies of the data) is registered with
``privacy.after_forget(callback)`` and run by :meth:`PrivacyService.forgotten`: best effort, never undoing or
blocking the erasure.

Plain Python: no aiogram here.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol, runtime_checkable

from bot.clock import Clock, to_utc_iso
from bot.db.database import Database

log = logging.getLogger(__name__)

EXPORT_FORMAT = "amanat-kyzylorda-bot/personal-data"
EXPORT_VERSION = 1


@runtime_checkable
class PersonalDataProvider(Protocol):
    async def export_user(self, user_id: int) -> Mapping[str, Any]: ...

    async def forget_user(self, user_id: int) -> Mapping[str, Any] | int | None: ...


@runtime_checkable
class RetentionProvider(Protocol):
    async def anonymise_before(self, moment: datetime) -> int: ...


@dataclass(frozen=True)
class ForgetReport:
    """What /forget did: each provider's report, and the open appeals staff must be told about."""

    reports: dict[str, dict[str, Any]]
    open_appeals: int = 0
    open_tickets: list[str] = field(default_factory=list)  # ticket numbers, for the staff chat


def _report(result: Mapping[str, Any] | int | None) -> dict[str, Any]:
    """A provider's ``forget_user`` result as a report: a count of erased rows becomes ``{"rows": n}``."""
    if result is None:
        return {}
    if isinstance(result, int):
        return {"rows": result}
    return dict(result)


def _fsm_key_user(key: str) -> tuple[str, str]:
    """(chat id, user id) of an aiogram FSM key ``fsm:<chat>[:<thread>]:<user>:<destiny>``."""
    parts = key.split(":")
    if len(parts) < 4:
        return "", ""
    return parts[1], parts[-2]


class CoreProvider:
    """The bot core's tables: users, consents, fsm_state (half-filled forms), staff_roles."""

    name = "core"

    def __init__(self, db: Database) -> None:
        self.db = db

    async def _forms(self, user_id: int) -> list[Any]:
        """(key, state, data, updated_at) of the citizen's FSM rows, found by the indexed user_id (written by the
        storage); a legacy row whose key could not be read by the migration has none and is matched by its key."""
        uid = str(user_id)
        rows = await self.db.fetchall(
            "SELECT key, state, data, updated_at FROM fsm_state WHERE user_id = ? OR (user_id IS NULL AND key LIKE ?)",
            (user_id, f"%:{uid}:%"),
        )
        return [r for r in rows if uid in _fsm_key_user(str(r[0]))]

    async def export_user(self, user_id: int) -> dict[str, Any]:
        row = await self.db.fetchone(
            "SELECT id, language, language_set, first_name, username, created_at, last_seen_at "
            "FROM users WHERE id = ?", (user_id,)
        )
        profile = None
        if row is not None:
            profile = {
                "telegram_user_id": row[0], "language": row[1], "language_chosen": bool(row[2]),
                "first_name": row[3], "username": row[4], "first_seen_at": row[5], "last_seen_at": row[6],
            }
        consents = [
            {"notice_version": r[0], "given_at": r[1]}
            for r in await self.db.fetchall(
                "SELECT version, given_at FROM consents WHERE user_id = ? ORDER BY version", (user_id,)
            )
        ]
        forms = []
        for _key, state, raw, updated_at in await self._forms(user_id):
            if state is None and raw in (None, "", "{}"):
                continue
            try:
                data = json.loads(raw or "{}")
            except ValueError:
                data = raw
            forms.append({"step": state, "answers": data, "updated_at": updated_at})
        roles = [
            {"role": r[0], "granted_at": r[1]}
            for r in await self.db.fetchall(
                "SELECT role, granted_at FROM staff_roles WHERE user_id = ? ORDER BY role", (user_id,)
            )
        ]
        return {"profile": profile, "consents": consents, "unfinished_forms": forms, "staff_roles": roles}

    async def forget_user(self, user_id: int) -> dict[str, Any]:
        async with self.db.transaction() as tx:
            forms = 0
            for row in await self._forms(user_id):
                forms += (await tx.execute("DELETE FROM fsm_state WHERE key = ?", (row[0],))).rowcount
            consents = (await tx.execute("DELETE FROM consents WHERE user_id = ?", (user_id,))).rowcount
            roles = (await tx.execute("DELETE FROM staff_roles WHERE user_id = ?", (user_id,))).rowcount
            await tx.execute("UPDATE staff_roles SET granted_by = NULL WHERE granted_by = ?", (user_id,))
            users = (await tx.execute("DELETE FROM users WHERE id = ?", (user_id,))).rowcount
        return {"users": users, "consents": consents, "forms": forms, "staff_roles": roles}

    async def anonymise_before(self, moment: datetime) -> int:
        """Names of citizens not seen since ``moment`` are dropped (they come back with the next message), and
        forms left half-filled since then are deleted."""
        cutoff = to_utc_iso(moment)
        async with self.db.transaction() as tx:
            names = (await tx.execute(
                "UPDATE users SET first_name = NULL, username = NULL WHERE last_seen_at < ? "
                "AND (first_name IS NOT NULL OR username IS NOT NULL)", (cutoff,)
            )).rowcount
            forms = (await tx.execute("DELETE FROM fsm_state WHERE updated_at < ?", (cutoff,))).rowcount
        return int(names) + int(forms)


AfterForget = Callable[[ForgetReport], Awaitable[Any]]


class PrivacyService:
    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self.db = db
        self.clock = clock or Clock()
        self.core = CoreProvider(db)
        self._providers: list[tuple[str, PersonalDataProvider]] = [(self.core.name, self.core)]
        self._after_forget: list[AfterForget] = []
        self._rows_removed: list[Callable[[], None]] = []

    def register(self, provider: PersonalDataProvider, name: str | None = None) -> None:
        """Add a feature's personal data to /mydata, /forget and retention."""
        name = name or getattr(provider, "name", None) or type(provider).__name__.removesuffix("Service").lower()
        if not isinstance(provider, PersonalDataProvider):
            raise TypeError(f"{name!r} needs async export_user(user_id) and forget_user(user_id)")
        if any(n == name for n, _ in self._providers):
            raise ValueError(f"a personal-data provider named {name!r} is already registered")
        self._providers.append((name, provider))

    def after_forget(self, callback: AfterForget) -> None:
        """Work to do once an erasure is committed, with its report (e.g. redact copies of the data kept outside
        the database). Run by :meth:`forgotten`; a failure there never undoes the erasure."""
        self._after_forget.append(callback)

    def on_rows_removed(self, callback: Callable[[], None]) -> None:
        """A memory of rows that /forget or retention may delete (the FSM storage's states) is told to forget
        them as soon as the deletion is committed."""
        self._rows_removed.append(callback)

    def _removed(self) -> None:
        for callback in self._rows_removed:
            callback()

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self._providers]

    async def export(self, user_id: int) -> dict[str, Any]:
        """Everything every provider keeps about the citizen, as one JSON-serialisable document.

        One transaction: a consistent snapshot, and the shared connection is waited for once. Under load every
        separate statement queues behind the other handlers' again, which made /mydata take seconds."""
        async with self.db.transaction():
            data = {name: dict(await provider.export_user(user_id)) for name, provider in self._providers}
            await self._log("export", None, 1)
        return {
            "format": EXPORT_FORMAT,
            "format_version": EXPORT_VERSION,
            "telegram_user_id": user_id,
            "exported_at": to_utc_iso(self.clock.now()),
            "data": data,
        }

    @staticmethod
    def to_json(document: Mapping[str, Any]) -> bytes:
        return json.dumps(document, ensure_ascii=False, indent=2, default=str).encode("utf-8")

    async def forget(self, user_id: int) -> ForgetReport:
        """Erase the citizen everywhere, in one transaction: all or nothing."""
        reports: dict[str, dict[str, Any]] = {}
        ordered = [p for p in self._providers if p[1] is not self.core] + [(self.core.name, self.core)]
        async with self.db.transaction() as tx:
            for name, provider in ordered:
                reports[name] = _report(await provider.forget_user(user_id))
            await tx.execute(
                "INSERT INTO privacy_log (action, items, at) VALUES ('forget', 1, ?)", (to_utc_iso(self.clock.now()),)
            )
        self._removed()
        await self.db.erase_traces()
        open_appeals = 0
        open_tickets: list[str] = []
        for report in reports.values():
            open_appeals += int(report.get("open_appeals", 0) or 0)
            open_tickets += [str(t) for t in report.get("open_tickets", ()) or ()]
        log.info("personal data erased by request: %r", {n: sorted(r) for n, r in reports.items()})
        return ForgetReport(reports, open_appeals, sorted(open_tickets))

    async def forgotten(self, report: ForgetReport) -> None:
        """Run the after-forget work for a committed erasure, best effort: a callback that fails is logged (its
        exception's type only) and the others still run."""
        for callback in self._after_forget:
            try:
                await callback(report)
            except Exception as exc:
                log.warning("after-forget step %r failed: %s", getattr(callback, "__qualname__", "?"),
                            type(exc).__name__)

    async def anonymise_before(self, moment: datetime) -> dict[str, int]:
        """Retention: every provider that supports it anonymises what is older than ``moment``."""
        counts: dict[str, int] = {}
        for name, provider in self._providers:
            if isinstance(provider, RetentionProvider):
                counts[name] = int(await provider.anonymise_before(moment))
                if counts[name]:
                    self._removed()
                    await self._log("retention", name, counts[name])
        if any(counts.values()):
            await self.db.erase_traces()
        return counts

    async def _log(self, action: str, provider: str | None, items: int) -> None:
        await self.db.execute(
            "INSERT INTO privacy_log (action, provider, items, at) VALUES (?, ?, ?, ?)",
            (action, provider, items, to_utc_iso(self.clock.now())),
        )

    async def statistics(self) -> dict[str, int]:
        """Anonymous totals: exports, erasures, records anonymised by retention."""
        rows = await self.db.fetchall("SELECT action, sum(items) FROM privacy_log GROUP BY action")
        return {str(r[0]): int(r[1] or 0) for r in rows}


class RetentionJob:
    """Anonymises personal data older than ``days`` in every provider that supports it; one pass per call."""

    def __init__(self, privacy: PrivacyService, days: int) -> None:
        self.privacy = privacy
        self.days = days

    async def run_once(self, now: datetime) -> dict[str, int]:
        counts = await self.privacy.anonymise_before(now - timedelta(days=self.days))
        if any(counts.values()):
            log.info("retention: anonymised %r", counts)
        return counts
