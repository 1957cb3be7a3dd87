"""/mydata for a citizen with many appeals and bookings: how long one export takes, idle and under load.

The real bot (handling updates as concurrent tasks, as in production) polls the fake Bot API server
(tests/fakeapi.py) in this process, on a real SQLite file. One citizen is given a long history: appeals with
follow-ups and files, bookings and waitlist entries, a subscription with broadcast deliveries, consents and an
unfinished form. Then, in three phases:

1. idle, a database holding only that citizen;
2. idle, after ``--others`` other citizens were added with rows of their own in every table /mydata reads
   (users, consents, unfinished forms, appeals with messages and files, bookings, waitlist entries,
   subscriptions and deliveries);
3. the same database while ``--load-users`` citizens ask questions as fast as they are answered (the bot
   saturated, as in bench/soak.py).

Prints for each phase: PrivacyService.export() alone (p50/p95, and the SQL statements one export runs), and
/mydata end to end (the update pushed -> the JSON document received, p50/p95); in phase 3 also the load's
updates/s and the latency of the questions meanwhile. No assertion: the numbers are for reading.

Usage: python bench/mydata_bench.py [--others 10000] [--appeals 60] [--bookings 40] [--runs 10] [--load-users 50]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiogram.fsm.storage.base import StorageKey  # noqa: E402

from bench.soak import SoakTelegram, questions  # noqa: E402
from bot.clock import Clock, to_utc_iso  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.db.database import Database  # noqa: E402
from bot.db.fsm import SQLiteStorage  # noqa: E402
from bot.services.privacy import PrivacyService  # noqa: E402
from tests.client import Person  # noqa: E402
from tests.harness import RunningBot  # noqa: E402

CITIZEN = 1_000_001
OTHERS_FROM = 3_000_000
STAFF_CHAT_ID = -100_444
BROADCASTS = 40
VENUES = ("aral", "shieli", "kazaly", "kyzylorda")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def fmt(values: list[float]) -> str:
    return f"p50 {statistics.median(values):.1f} ms, p95 {pct(values, 0.95):.1f} ms"


# ----- data ------------------------------------------------------------------------------------------------------
async def venue_ids(db: Database) -> list[str]:
    rows = await db.fetchall("SELECT id FROM rc_venues WHERE active = 1 ORDER BY id")
    found = [str(r[0]) for r in rows]
    return [v for v in found if any(v.startswith(p) for p in VENUES)] or found


async def add_broadcasts(db: Database, at: str) -> None:
    async with db.transaction() as tx:
        await tx.executemany(
            "INSERT INTO broadcasts (id, draft_key, created_by, created_at, text_kk, text_ru, audience_kind, "
            "status, scheduled_at) VALUES (?, ?, 1, ?, 'жаңалық', 'новость', 'all', 'done', ?)",
            [(i, f"d{i}", at, at) for i in range(1, BROADCASTS + 1)],
        )


async def add_citizens(db: Database, ids: list[int], appeals: int, bookings: int, deliveries: int,
                       venues: list[str], start: datetime, seq: dict[str, int]) -> None:
    """Rows of every kind /mydata reads for each citizen in ``ids`` (raw SQL: fast, and no limits apply)."""
    at = to_utc_iso(start)
    rng = random.Random(ids[0])
    users, consents, forms, subs, dels = [], [], [], [], []
    appeal_rows, messages, files, events = [], [], [], []
    sessions, booking_rows, waitlist = [], [], []
    for uid in ids:
        users.append((uid, rng.choice(["kk", "ru"]), f"Азамат{uid}", f"user{uid}", at, at))
        consents.append((uid, 1, at))
        forms.append((uid, "default", None, {}))
        forms.append((uid, "appeal", "AppealForm:text", {"category": "roads"}))
        subs.append((uid, "aral", "active", at, at))
        dels += [(b, uid, "kk", "sent", at) for b in range(1, deliveries + 1)]
        for _ in range(appeals):
            seq["appeal"] += 1
            aid = seq["appeal"]
            created = to_utc_iso(start - timedelta(hours=aid % 5000))
            appeal_rows.append((aid, f"A-2024-{aid:06d}", f"key{aid}", uid, "kk", "roads", "aral",
                                f"Көшеде жарық жоқ, жол бұзылған. Өтініш {aid}.", f"Азамат {uid}",
                                "+77012345678", "Абай көшесі, 1", "in_progress" if aid % 3 else "answered",
                                created, created, "2025-01-20"))
            for k in range(3):
                seq["message"] += 1
                messages.append((seq["message"], aid, "citizen" if k % 2 == 0 else "staff", uid,
                                 f"Қосымша хабар {k}", created))
            files += [(aid, "photo", f"ph{aid}-{k}", k) for k in range(2)]
            events.append((aid, "submitted", "new", created))
        for k in range(bookings):
            seq["session"] += 1
            sid = seq["session"]
            starts = start + timedelta(days=1 + sid % 60, hours=sid % 7)
            sessions.append((sid, venues[sid % len(venues)], to_utc_iso(starts),
                             to_utc_iso(starts + timedelta(hours=2)), "other", 10, at, at))
            seq["booking"] += 1
            booking_rows.append((seq["booking"], f"B{seq['booking']:07d}", sid, 0, uid, f"Азамат {uid}",
                                 "+77012345678", "Жер телімі туралы сұрақ", "kk",
                                 "booked" if k % 2 else "attended", at, at))
            seq["waitlist"] += 1
            waitlist.append((seq["waitlist"], sid, uid, f"Азамат {uid}", "+77012345678", "kk", "left", at, at))
    async with db.transaction() as tx:
        await tx.executemany("INSERT INTO users (id, language, first_name, username, created_at, last_seen_at) "
                             "VALUES (?, ?, ?, ?, ?, ?)", users)
        await tx.executemany("INSERT INTO consents (user_id, version, given_at) VALUES (?, ?, ?)", consents)
        storage = SQLiteStorage(db)  # the rows the bot itself writes for a form (state, answers)
        for uid, destiny, state, data in forms:
            key = StorageKey(bot_id=1, chat_id=uid, user_id=uid, destiny=destiny)
            await storage.set_state(key, state)
            await storage.set_data(key, data)
        await tx.executemany("INSERT INTO subscriptions (user_id, district, status, subscribed_at, changed_at) "
                             "VALUES (?, ?, ?, ?, ?)", subs)
        await tx.executemany("INSERT INTO deliveries (broadcast_id, user_id, language, state, updated_at) "
                             "VALUES (?, ?, ?, ?, ?)", dels)
        await tx.executemany(
            "INSERT INTO appeals (id, ticket, submission_key, user_id, language, category, district, text, name, "
            "phone, address, status, created_at, updated_at, due_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?)", appeal_rows)
        await tx.executemany("INSERT INTO appeal_messages (id, appeal_id, author, author_id, text, created_at) "
                             "VALUES (?, ?, ?, ?, ?, ?)", messages)
        await tx.executemany("INSERT INTO appeal_attachments (appeal_id, kind, file_id, position) "
                             "VALUES (?, ?, ?, ?)", files)
        await tx.executemany("INSERT INTO appeal_events (appeal_id, kind, status, at) VALUES (?, ?, ?, ?)", events)
        await tx.executemany(
            "INSERT INTO rc_sessions (id, venue_id, starts_at, ends_at, topic, capacity, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", sessions)
        await tx.executemany(
            "INSERT INTO rc_bookings (id, code, session_id, slot, user_id, name, phone, question, language, status, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", booking_rows)
        await tx.executemany(
            "INSERT INTO rc_waitlist (id, session_id, user_id, name, phone, language, status, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", waitlist)


# ----- measuring --------------------------------------------------------------------------------------------------
async def export_times(privacy: PrivacyService, db: Database, runs: int) -> tuple[list[float], int, int]:
    """(milliseconds per export, SQL statements in one export, size of the JSON in bytes). The statements are
    counted on the idle connection (a trace callback sees every statement of the connection)."""
    statements: list[str] = []
    await db.set_trace_callback(statements.append)
    document = await privacy.export(CITIZEN)
    await db.set_trace_callback(None)
    count = len([s for s in statements if not s.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "BEGIN",
                                                                              "COMMIT"))])
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        await privacy.export(CITIZEN)
        samples.append((time.perf_counter() - start) * 1000)
    return samples, count, len(PrivacyService.to_json(document))


def command(person: Person, text: str) -> dict[str, Any]:
    return person.message_update(text=text, entities=[{"type": "bot_command", "offset": 0, "length": len(text)}])


async def mydata_times(tg: SoakTelegram, person: Person, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        target = tg.responses[person.chat_id] + 1
        start = time.perf_counter()
        await tg.push(command(person, "/mydata"))
        if not await tg.wait_responses(person.chat_id, target, 300):
            raise SystemExit("/mydata was not answered within 300 s")
        samples.append((time.perf_counter() - start) * 1000)
        await asyncio.sleep(0.05)
    return samples


class Load:
    """Citizens asking questions, each as soon as the previous one is answered."""

    def __init__(self, tg: SoakTelegram, users: int) -> None:
        self.tg = tg
        self.people = [Person(tg, 5_000_000 + i, f"Load{i}", "kk" if i % 2 else "ru") for i in range(users)]
        self.texts = questions()
        self.latencies: list[float] = []
        self.answered = 0
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    async def _citizen(self, person: Person, rng: random.Random) -> None:
        while not self._stop.is_set():
            target = self.tg.responses[person.chat_id] + 1
            start = time.perf_counter()
            await self.tg.push(person.message_update(text=rng.choice(self.texts)))
            if await self.tg.wait_responses(person.chat_id, target, 60):
                self.answered += 1
                self.latencies.append((time.perf_counter() - start) * 1000)

    async def __aenter__(self) -> Load:
        self._tasks = [asyncio.create_task(self._citizen(p, random.Random(i))) for i, p in enumerate(self.people)]
        await asyncio.sleep(3)  # reach the steady state
        self.answered, self.latencies = 0, []
        self.started = time.perf_counter()
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.elapsed = time.perf_counter() - self.started
        self._stop.set()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def phase(name: str, running: RunningBot, tg: SoakTelegram, person: Person, runs: int,
                idle: bool = True) -> None:
    assert running.runtime is not None
    privacy: PrivacyService = running.runtime.dp["privacy"]
    if idle:
        samples, statements, size = await export_times(privacy, running.runtime.db, runs)
        about = f"; {statements} SQL statements; JSON {size / 1024:.0f} KiB"
    else:
        samples, about = [], ""
        for _ in range(runs):
            start = time.perf_counter()
            await privacy.export(CITIZEN)
            samples.append((time.perf_counter() - start) * 1000)
    e2e = await mydata_times(tg, person, runs)
    print(f"{name}:")
    print(f"  PrivacyService.export(): {fmt(samples)}{about}")
    print(f"  /mydata end to end:      {fmt(e2e)}")


async def main(others: int, appeals: int, bookings: int, runs: int, load_users: int) -> None:
    tg = SoakTelegram()
    await tg.start()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            bot_token=tg.token, telegram_api_url=tg.base_url, database_path=Path(tmp) / "bench.sqlite3",
            staff_chat_id=STAFF_CHAT_ID, data_dir=ROOT / "data", locales_dir=ROOT / "locales",
            flood_messages=100_000, appeal_job_seconds=0, log_level="WARNING", _env_file=None,  # type: ignore[call-arg]
        )
        running = RunningBot(settings, Clock(), handle_as_tasks=True)
        runtime = await running.start()
        try:
            db = runtime.db
            venues = await venue_ids(db)
            now = datetime.now(UTC)
            seq = {"appeal": 0, "message": 0, "session": 0, "booking": 0, "waitlist": 0}
            await add_broadcasts(db, to_utc_iso(now))
            await add_citizens(db, [CITIZEN], appeals, bookings, BROADCASTS, venues, now, seq)
            person = Person(tg, CITIZEN, "Азамат", "kk")
            print(f"/mydata of one citizen with {appeals} appeals (3 messages, 2 files each), {bookings} bookings "
                  f"and waitlist entries, {BROADCASTS} broadcast deliveries; {runs} runs per figure")
            await phase("1. idle, only this citizen in the database", running, tg, person, runs)

            start = time.perf_counter()
            for first in range(0, others, 500):
                ids = list(range(OTHERS_FROM + first, OTHERS_FROM + min(others, first + 500)))
                await add_citizens(db, ids, 1, 1, 5, venues, now, seq)
            await db.execute("ANALYZE")
            rows = {t: await db.fetchval(f"SELECT COUNT(*) FROM {t}") for t in (
                "users", "fsm_state", "appeals", "appeal_messages", "rc_bookings", "rc_waitlist", "deliveries")}
            print(f"   (+{others:,} other citizens in {time.perf_counter() - start:.1f} s: "
                  + ", ".join(f"{t} {n:,}" for t, n in rows.items()) + ")")
            await phase(f"2. idle, {others:,} other citizens in the database", running, tg, person, runs)

            async with Load(tg, load_users) as load:
                await phase(f"3. the same, while {load_users} citizens ask questions as fast as answered",
                            running, tg, person, runs, idle=False)
            print(f"  load meanwhile: {load.answered / load.elapsed:.0f} updates/s; question latency "
                  f"{fmt(load.latencies)}")
        finally:
            await running.stop()
            await tg.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--others", type=int, default=10_000)
    parser.add_argument("--appeals", type=int, default=60)
    parser.add_argument("--bookings", type=int, default=40)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--load-users", type=int, default=50)
    args = parser.parse_args()
    asyncio.run(main(args.others, args.appeals, args.bookings, args.runs, args.load_users))
