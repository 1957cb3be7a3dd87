"""The reception service's base: venues and districts, reading the schedule, the pause switch and the
role check every staff action makes."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.clock import Clock, from_utc_iso
from bot.db.database import Database, Tx
from bot.lru import LRU, TEXT_KEY_MAX
from bot.services.contacts import NO_CONTACTS, Contacts
from bot.services.receptions.models import (
    MANAGE,
    District,
    ReceptionError,
    Session,
    Venue,
    _iso,
)
from bot.services.receptions.places import read_places
from bot.services.roles import ADMIN, RoleService
from bot.services.schedule_questions import QUESTION_MAX, DistrictMatcher, ScheduleQuestion, detect, named_alone
from bot.text import normalize, tokenize

log = logging.getLogger(__name__)

_SESSION_COLUMNS = (
    "s.id, s.venue_id, s.starts_at, s.ends_at, s.specialist, s.topic, s.slot_minutes, s.capacity, s.status, "
    "s.source"
)


class ReceptionCore:
    def __init__(
        self,
        db: Database,
        roles: RoleService,
        clock: Clock | None = None,
        *,
        hold: timedelta = timedelta(minutes=120),
        cutoff: timedelta = timedelta(minutes=60),
        max_active: int = 2,
    ) -> None:
        self.db = db
        self.roles = roles
        self.clock = clock or Clock()
        self.hold = hold
        self.cutoff = cutoff
        self.max_active = max_active
        # Outbox rows claimed under another token belong to a process that is gone (one process per database).
        self.claim_token = uuid.uuid4().hex
        self._districts: list[District] = []
        self._venues: dict[str, Venue] = {}
        self._contacts: dict[str, Contacts] = {}  # venue id -> contacts, as venues.toml had them at load_places
        self._matcher = DistrictMatcher(())
        # Free-text questions are all asked "is this about the schedule?"; the same text gets the same answer
        # until the districts are read again.
        self._schedule_answers: LRU[str, tuple[ScheduleQuestion | None, str | None]] = LRU(4096)
        # District staff (issue 15): the districts a staff member is limited to (empty: the whole region); set by
        # the app from bot.services.routing. Administrators are never limited.
        self.district_scope: Callable[[int], Awaitable[frozenset[str]]] | None = None

    # -- venues and districts ---------------------------------------------------------------------------

    async def load_places(self, data_dir: Path) -> dict[str, int]:
        """Bring rc_venues/rc_districts in line with data/venues.toml (upsert by id, one transaction). A venue
        gone from the file is deleted, or kept inactive while sessions refer to it."""
        districts, venues = read_places(Path(data_dir) / "venues.toml")
        counts = {"districts": len(districts), "venues": len(venues), "retired": 0}
        self._contacts = {v.id: v.contacts for v in venues}
        async with self.db.transaction() as tx:
            await tx.executemany(
                "INSERT INTO rc_districts (id, ord, name_kk, name_ru, keywords) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET ord = excluded.ord, name_kk = excluded.name_kk, "
                "name_ru = excluded.name_ru, keywords = excluded.keywords",
                [(d.id, d.order, d.name["kk"], d.name["ru"], json.dumps(list(d.keywords), ensure_ascii=False))
                 for d in districts],
            )
            await tx.executemany(
                "INSERT INTO rc_venues (id, district, ord, name_kk, name_ru, address_kk, address_ru, active) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT (id) DO UPDATE SET district = excluded.district, "
                "ord = excluded.ord, name_kk = excluded.name_kk, name_ru = excluded.name_ru, "
                "address_kk = excluded.address_kk, address_ru = excluded.address_ru, active = 1",
                [(v.id, v.district, v.order, v.name["kk"], v.name["ru"], v.address["kk"], v.address["ru"])
                 for v in venues],
            )
            wanted = [v.id for v in venues]
            marks = ",".join("?" * len(wanted))
            counts["retired"] = (await tx.execute(
                f"UPDATE rc_venues SET active = 0 WHERE id NOT IN ({marks}) AND active = 1", wanted
            )).rowcount
            await tx.execute(
                f"DELETE FROM rc_venues WHERE id NOT IN ({marks}) AND NOT EXISTS "
                "(SELECT 1 FROM rc_sessions s WHERE s.venue_id = rc_venues.id)", wanted
            )
            await tx.execute(
                f"DELETE FROM rc_districts WHERE id NOT IN ({','.join('?' * len(districts))})",
                [d.id for d in districts],
            )
        await self._read_places()
        return counts

    async def _read_places(self) -> None:
        rows = await self.db.fetchall("SELECT * FROM rc_districts ORDER BY ord, id")
        self._districts = [
            District(r["id"], r["ord"], {"kk": r["name_kk"], "ru": r["name_ru"]}, tuple(json.loads(r["keywords"])))
            for r in rows
        ]
        rows = await self.db.fetchall("SELECT * FROM rc_venues ORDER BY ord, id")
        self._venues = {
            r["id"]: Venue(r["id"], r["district"], r["ord"], {"kk": r["name_kk"], "ru": r["name_ru"]},
                           {"kk": r["address_kk"], "ru": r["address_ru"]}, bool(r["active"]),
                           self._contacts.get(r["id"], NO_CONTACTS))
            for r in rows
        }
        self._matcher = DistrictMatcher((d.id, d.keywords) for d in self._districts)
        self._schedule_answers.clear()

    async def _places(self) -> None:
        if not self._venues:
            await self._read_places()

    async def districts(self) -> list[District]:
        await self._places()
        return list(self._districts)

    async def district(self, district_id: str) -> District | None:
        await self._places()
        return next((d for d in self._districts if d.id == district_id), None)

    async def schedule_question(self, text: str) -> ScheduleQuestion | None:
        """Whether a free-text message asks about the reception schedule (and for which district)."""
        return (await self._read_question(text))[0]

    async def district_named_alone(self, text: str) -> str | None:
        """The district a message consists of ("Арал", "в Аральске"): see schedule_questions.named_alone."""
        return (await self._read_question(text))[1]

    async def _read_question(self, text: str) -> tuple[ScheduleQuestion | None, str | None]:
        """Both readings of a free-text message from one pass over its words, remembered per text."""
        await self._places()
        cacheable = len(text) <= TEXT_KEY_MAX
        known = self._schedule_answers.get(text) if cacheable else None
        if known is None:
            tokens = tokenize(normalize(text)) if len(text) <= QUESTION_MAX else []  # longer: neither reads them
            known = (detect(text, self._matcher, tokens), named_alone(text, self._matcher, tokens))
            if cacheable:
                self._schedule_answers.put(text, known)
        return known

    async def districts_named(self, text: str) -> set[str]:
        """The districts a text names (a card's title and answer, say)."""
        await self._places()
        return self._matcher.named(tokenize(normalize(text)))

    async def venues(self, active_only: bool = True) -> list[Venue]:
        await self._places()
        return [v for v in self._venues.values() if v.active or not active_only]

    async def venue(self, venue_id: str) -> Venue | None:
        await self._places()
        return self._venues.get(venue_id)

    # -- reading sessions -------------------------------------------------------------------------------

    async def _sessions(self, tx: Tx, where: str, params: Sequence[Any], now: datetime) -> list[Session]:
        await self._places()
        rows = await tx.fetchall(
            f"SELECT {_SESSION_COLUMNS} FROM rc_sessions s JOIN rc_venues v ON v.id = s.venue_id "
            f"WHERE {where} ORDER BY s.starts_at, v.ord, s.id",
            params,
        )
        if not rows:
            return []
        ids = [int(r["id"]) for r in rows]
        marks = ",".join("?" * len(ids))
        taken: dict[int, set[int]] = {i: set() for i in ids}
        booked: dict[int, int] = dict.fromkeys(ids, 0)
        waiting: dict[int, int] = dict.fromkeys(ids, 0)
        for r in await tx.fetchall(
            f"SELECT session_id, slot FROM rc_bookings WHERE status != 'cancelled' AND session_id IN ({marks})", ids
        ):
            taken[r[0]].add(int(r[1]))
            booked[r[0]] += 1
        for r in await tx.fetchall(
            f"SELECT session_id, status, offered_slot, offer_expires_at FROM rc_waitlist "
            f"WHERE status IN ('waiting', 'offered') AND session_id IN ({marks})", ids
        ):
            waiting[r[0]] += 1
            if r[1] == "offered" and r[3] is not None and r[3] > _iso(now) and r[2] is not None:
                taken[r[0]].add(int(r[2]))
        return [
            Session(
                id=int(r["id"]),
                venue=self._venues[r["venue_id"]],
                starts_at=from_utc_iso(r["starts_at"]),
                ends_at=from_utc_iso(r["ends_at"]),
                specialist=r["specialist"],
                topic=r["topic"],
                slot_minutes=r["slot_minutes"],
                capacity=int(r["capacity"]),
                status=r["status"],
                source=r["source"],
                taken=frozenset(taken[int(r["id"])]),
                booked=booked[int(r["id"])],
                waiting=waiting[int(r["id"])],
            )
            for r in rows
        ]

    async def _session(self, tx: Tx, session_id: int, now: datetime) -> Session | None:
        found = await self._sessions(tx, "s.id = ?", (session_id,), now)
        return found[0] if found else None

    async def session(self, session_id: int, now: datetime) -> Session | None:
        async with self.db.transaction() as tx:
            return await self._session(tx, session_id, now)

    async def upcoming(
        self, now: datetime, district: str | None = None, limit: int | None = None, include_cancelled: bool = False
    ) -> list[Session]:
        """Sessions that have not started, soonest first."""
        where = "s.starts_at > ?" + ("" if include_cancelled else " AND s.status = 'scheduled'")
        params: list[Any] = [_iso(now)]
        if district is not None:
            where += " AND v.district = ?"
            params.append(district)
        async with self.db.transaction() as tx:
            sessions = await self._sessions(tx, where, params, now)
        return sessions if limit is None else sessions[:limit]

    def bookable(self, session: Session, now: datetime) -> bool:
        """Open for booking: scheduled and starting at least ``cutoff`` from now."""
        return session.status == "scheduled" and now < session.starts_at - self.cutoff

    async def bookable_days(self, district: str, now: datetime) -> list[date]:
        """Local dates that have a session with a free place in the district."""
        days = {s.local_day for s in await self.upcoming(now, district) if self.bookable(s, now) and s.free}
        return sorted(days)

    async def sessions_on(self, district: str, day: date, now: datetime) -> list[Session]:
        return [s for s in await self.upcoming(now, district) if s.local_day == day]

    # -- the pause switch -------------------------------------------------------------------------------

    async def _paused(self, tx: Tx) -> bool:
        return bool(await tx.fetchval("SELECT value FROM rc_state WHERE key = 'paused'") == "1")

    async def is_paused(self) -> bool:
        return bool(await self.db.fetchval("SELECT value FROM rc_state WHERE key = 'paused'") == "1")

    async def set_paused(self, actor: int, paused: bool, now: datetime) -> None:
        await self._require(actor, MANAGE)
        if await self.scope_of(actor) is not None:  # the pause is region-wide: not a district operator's switch
            raise ReceptionError("forbidden")
        await self.db.execute(
            "INSERT INTO rc_state (key, value, updated_by, updated_at) VALUES ('paused', ?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, "
            "updated_at = excluded.updated_at",
            ("1" if paused else "0", actor, _iso(now)),
        )
        log.info("bookings %s by staff %r", "paused" if paused else "resumed", actor)

    async def _require(self, actor: int, roles: Iterable[str]) -> None:
        if not await self.roles.has(actor, *roles):
            log.warning("staff action refused for user %r", actor)
            raise ReceptionError("forbidden")

    async def scope_of(self, actor: int) -> frozenset[str] | None:
        """The districts whose sessions ``actor`` may see and work on; None: all of them."""
        if self.district_scope is None or await self.roles.has(actor, ADMIN):
            return None
        return await self.district_scope(actor) or None

    async def _require_district(self, actor: int, district: str) -> None:
        """A district operator works only on their districts' sessions (forged buttons included)."""
        scope = await self.scope_of(actor)
        if scope is not None and district not in scope:
            log.warning("staff action on another district's session refused for user %r", actor)
            raise ReceptionError("forbidden")

