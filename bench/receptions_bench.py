"""Legal-help receptions: how fast the service books, lists and sends, on a real SQLite file.

Prints, for one run:
* bookings: N citizens booking at once (asyncio.gather) across sessions of a few places: bookings/s and
  per-booking latency p50/p95 (every attempt is one BEGIN IMMEDIATE transaction), and that no session is
  overbooked;
* the schedule: upcoming() with many sessions and bookings (what the schedule screens read): ms per call;
* free-text schedule questions: the detector's cost per message (it runs on every text message);
* the outbox: reminders claimed, "sent" (to a no-op notifier) and marked per second;
* memory: peak Python allocations while listing the schedule (tracemalloc).

Usage: python bench/receptions_bench.py [--sessions 300] [--places 5] [--citizens 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.clock import LOCAL_TZ, FakeClock  # noqa: E402
from bot.db.database import Database  # noqa: E402
from bot.services.reception_input import SessionDraft  # noqa: E402
from bot.services.receptions import Notice, ReceptionError, ReceptionService  # noqa: E402
from bot.services.reminders import Delivery, OutboxSender  # noqa: E402
from bot.services.roles import RoleService  # noqa: E402

ADMIN = 1
NOW = datetime(2025, 3, 3, 4, 0, tzinfo=UTC)
VENUES = ["regional", "kyzylorda", "aral", "kazaly", "karmakshy", "zhalagash", "syrdariya", "shieli",
          "zhanakorgan", "baikonur"]
QUESTIONS = [
    "Аралда заңгер қабылдауы қашан?", "когда приём юриста в Шиели?", "Aralda zanger qabyldauy qashan?",
    "Сколько квартир купили для социально уязвимых?", "Ауылдар қанша пайыз газбен қамтылды?",
    "итоги правовой помощи", "Как записаться к юристу?", "Какой рецепт у плова с бараниной?",
]


class NoOp:
    async def deliver(self, notice: Notice) -> Delivery:
        return Delivery.SENT


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def main(sessions: int, places: int, citizens: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = await Database.open(Path(tmp) / "bench.sqlite3")
        svc = ReceptionService(db, RoleService(db, [ADMIN]), FakeClock(NOW), max_active=1000)
        await svc.load_places(ROOT / "data")
        created = []
        for n in range(sessions):
            day = (NOW + timedelta(days=2 + n // 30)).astimezone(LOCAL_TZ).date()
            start = datetime.combine(day, datetime.min.time(), tzinfo=LOCAL_TZ) + timedelta(hours=9 + n % 3 * 3)
            draft = SessionDraft(VENUES[n % len(VENUES)], start, start + timedelta(hours=2), "other", places=places)
            created.append(await svc.create_session(ADMIN, draft, NOW))

        latencies: list[float] = []

        async def attempt(user: int) -> str:
            session = created[user % len(created)]
            began = time.perf_counter()
            try:
                await svc.book(user_id=100 + user, session_id=session.id, name="Азамат Азаматов",
                               phone="87012345678", question="Жер учаскесі туралы", language="kk", now=NOW)
                result = "ok"
            except ReceptionError as error:
                result = error.code
            latencies.append(time.perf_counter() - began)
            return result

        began = time.perf_counter()
        results = await asyncio.gather(*(attempt(u) for u in range(citizens)))
        elapsed = time.perf_counter() - began
        booked = results.count("ok")
        over = await db.fetchval(
            "SELECT count(*) FROM (SELECT s.id FROM rc_sessions s JOIN rc_bookings b ON b.session_id = s.id "
            "AND b.status != 'cancelled' GROUP BY s.id HAVING count(*) > s.capacity)"
        )
        print(f"bookings: {citizens} attempts on {sessions} sessions x {places} places in {elapsed:.2f} s: "
              f"{citizens / elapsed:.0f} attempts/s, {booked} booked, {results.count('full')} full, "
              f"overbooked sessions: {over}")
        print(f"  latency per attempt (all {citizens} queued at once): p50 {pct(latencies, 0.5) * 1000:.1f} ms, "
              f"p95 {pct(latencies, 0.95) * 1000:.1f} ms")

        single: list[float] = []
        spare = await svc.create_session(ADMIN, SessionDraft("aral", NOW + timedelta(days=40),
                                                             NOW + timedelta(days=40, hours=8), "other",
                                                             places=200), NOW)
        for user in range(200):
            t0 = time.perf_counter()
            await svc.book(user_id=900_000 + user, session_id=spare.id, name="Азамат Азаматов", phone="87012345678",
                           question=None, language="ru", now=NOW)
            single.append(time.perf_counter() - t0)
        print(f"  one booking at a time (no queue): p50 {pct(single, 0.5) * 1000:.2f} ms, "
              f"p95 {pct(single, 0.95) * 1000:.2f} ms")

        calls = []
        for _ in range(20):
            t0 = time.perf_counter()
            listed = await svc.upcoming(NOW)
            calls.append(time.perf_counter() - t0)
        print(f"schedule: upcoming() over {len(listed)} sessions / {booked} bookings: "
              f"median {statistics.median(calls) * 1000:.1f} ms")
        calls = []
        for n in range(20):
            t0 = time.perf_counter()
            await svc.upcoming(NOW, VENUES[n % len(VENUES)])
            calls.append(time.perf_counter() - t0)
        print(f"  one district: median {statistics.median(calls) * 1000:.2f} ms")

        rounds = 2000
        t0 = time.perf_counter()
        for n in range(rounds):
            await svc.schedule_question(QUESTIONS[n % len(QUESTIONS)])
        per = (time.perf_counter() - t0) / rounds
        print(f"free-text detection: {per * 1e6:.0f} µs per message ({len(QUESTIONS)} kinds of message)")

        sender = OutboxSender(svc, NoOp(), batch=200, pace=0)
        first = await db.fetchval("SELECT min(due_at) FROM rc_outbox WHERE kind = 'remind_evening'")
        due = await db.fetchval("SELECT count(*) FROM rc_outbox WHERE due_at <= ?", (first,))
        t0 = time.perf_counter()
        counts = await sender.run_once(datetime.strptime(first, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC))
        took = time.perf_counter() - t0
        print(f"outbox: {counts['sent']} of {due} due evening reminders claimed, sent (no-op) and marked in "
              f"{took:.2f} s: {counts['sent'] / took:.0f}/s (Telegram allows ~30/s; production paces 0.04 s)")

        tracemalloc.start()
        await svc.upcoming(NOW)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"memory: listing the whole schedule peaks at {peak / 1024:.0f} KiB of Python allocations")
        await db.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=300)
    parser.add_argument("--places", type=int, default=5)
    parser.add_argument("--citizens", type=int, default=2000)
    args = parser.parse_args()
    asyncio.run(main(args.sessions, args.places, args.citizens))
