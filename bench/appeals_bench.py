"""Appeals at a branch's scale and beyond: filing rate, staff list/digest queries and CSV export over many appeals.

Runs AppealService on a real SQLite file (WAL) as the bot does. Prints: appeals filed per second (one at a time
and 50 concurrent submits), p50/p95 of list_open / due_report / list_for_citizen over N appeals, the export's
time and size, the working-day calendar's speed, and the process's peak memory.
Usage: python bench/appeals_bench.py [--appeals 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.clock import FakeClock  # noqa: E402
from bot.db.database import Database  # noqa: E402
from bot.services.appeals import CATEGORIES, AppealService, Attachment, Draft, Filters  # noqa: E402
from bot.services.roles import RoleService  # noqa: E402
from bot.services.workdays import WorkCalendar  # noqa: E402

DISTRICTS = ("kyzylorda", "aral", "kazaly", "karmakshy", "zhalagash", "syrdariya", "shieli", "zhanakorgan",
             "baikonur")
STAFF = 1


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def timed(fn, runs: int = 50) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        await fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), pct(samples, 0.95)


def draft(i: int) -> Draft:
    return Draft(
        user_id=100_000 + i % 5000, language="kk" if i % 2 else "ru", category=CATEGORIES[i % len(CATEGORIES)],
        district=DISTRICTS[i % len(DISTRICTS)], text=f"Өтініш мәтіні нөмір {i}: көшеде жарық жоқ, жол бұзылған.",
        name="Айгүл Сейітова", phone="+77012345678", attachments=[Attachment("photo", f"p{i}")],
    )


async def main(n: int) -> None:
    calendar = WorkCalendar.load(ROOT / "data" / "holidays.toml")
    with tempfile.TemporaryDirectory() as tmp:
        db = await Database.open(Path(tmp) / "bench.sqlite3")
        clock = FakeClock(datetime(2025, 1, 6, 4, 0, tzinfo=UTC))
        svc = AppealService(db, RoleService(db, [STAFF]), calendar, clock, daily_limit=10**9)

        start = time.perf_counter()
        for i in range(n):
            if i % 40 == 0:
                clock.advance(hours=3)  # spread over about a year and a half
            await svc.submit(draft(i), f"k{i}")
        seq = time.perf_counter() - start
        print(f"filed {n} appeals one at a time: {n / seq:,.0f}/s ({seq * 1000 / n:.2f} ms each)")

        start = time.perf_counter()
        await asyncio.gather(*(svc.submit(draft(n + i), f"c{i}") for i in range(50)))
        await asyncio.gather(*(svc.submit(draft(n + i), f"c{i}") for i in range(50)))  # the same keys again
        conc = time.perf_counter() - start
        total = await db.fetchval("SELECT COUNT(*) FROM appeals")
        print(f"50 concurrent submits + the same 50 again: {conc * 1000:.0f} ms; appeals now {total} "
              f"(expected {n + 50})")

        for i in range(0, n, 3):  # a third of them closed
            await db.execute("UPDATE appeals SET status = 'answered', closed_at = created_at WHERE id = ?", (i + 1,))
        today = clock.now().date()
        for label, fn in (
            ("list_open (no filter, page 1)", lambda: svc.list_open(Filters())),
            ("list_open (district + overdue)", lambda: svc.list_open(Filters(district="aral", overdue=True))),
            ("due_report (digest)", lambda: svc.due_report(today)),
            ("list_for_citizen", lambda: svc.list_for_citizen(100_042)),
            ("get by id with files", lambda: svc.get(n // 2)),
        ):
            p50, p95 = await timed(fn)
            print(f"{label:32s} p50 {p50:6.2f} ms   p95 {p95:6.2f} ms")

        start = time.perf_counter()
        rows = await svc.export(STAFF, date(2024, 1, 1), date(2027, 12, 31))
        export_ms = (time.perf_counter() - start) * 1000
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        for a in rows:
            writer.writerow([a.ticket, a.created_at.isoformat(), a.status, a.category, a.district, a.name, a.phone,
                             a.text])
        size = len(out.getvalue().encode("utf-8-sig"))
        print(f"export of {len(rows)} appeals: query {export_ms:.0f} ms, CSV {size / 1024:.0f} KiB")
        await db.close()

    start = time.perf_counter()
    day = date(2024, 1, 1)
    for i in range(20_000):
        calendar.add_working_days(day + timedelta(days=i % 1400), 15)
    cal_us = (time.perf_counter() - start) / 20_000 * 1e6
    print(f"add_working_days(15): {cal_us:.1f} µs")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MiB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--appeals", type=int, default=10_000)
    asyncio.run(main(parser.parse_args().appeals))
