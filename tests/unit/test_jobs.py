"""Background jobs: run_once(now) on a schedule, failures survived, a pass in progress finishes on stop."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.db.database import Database
from bot.jobs import Jobs
from bot.middlewares.dedupe import FLUSH_DELAY, DedupeMiddleware

NOW = datetime(2025, 3, 3, 4, 0, tzinfo=UTC)


class Recorder:
    def __init__(self, fail_first: int = 0) -> None:
        self.calls: list[datetime] = []
        self.fail_first = fail_first
        self.called = asyncio.Event()

    async def run_once(self, now: datetime) -> None:
        self.calls.append(now)
        self.called.set()
        if len(self.calls) <= self.fail_first:
            raise RuntimeError("transient")


async def test_jobs_run_with_the_clock_survive_failures_and_stop() -> None:
    clock = FakeClock(NOW)
    jobs = Jobs(clock)
    flaky, idle = Recorder(fail_first=2), Recorder()
    jobs.add("flaky", flaky, every=0.001)
    jobs.add("idle", idle, every=3600, first_delay=3600)
    with pytest.raises(ValueError):
        jobs.add("idle", idle, every=1)
    await jobs.start()
    while len(flaky.calls) < 5:  # it failed twice and carried on
        flaky.called.clear()
        await asyncio.wait_for(flaky.called.wait(), 5)
    assert flaky.calls[0] == NOW
    assert sorted(jobs.running) == ["flaky", "idle"]
    await asyncio.wait_for(jobs.stop(), 5)
    assert jobs.running == [] and idle.calls == []  # the first_delay was not waited out: stopped at once


async def test_stop_lets_a_pass_finish_then_cancels_a_stuck_one() -> None:
    release = asyncio.Event()
    finished: list[str] = []

    class Slow:
        def __init__(self, name: str, entered: asyncio.Event) -> None:
            self.name, self.entered = name, entered

        async def run_once(self, now: datetime) -> None:
            self.entered.set()
            await release.wait() if self.name == "polite" else await asyncio.sleep(3600)
            finished.append(self.name)

    polite_in, stuck_in = asyncio.Event(), asyncio.Event()
    jobs = Jobs(FakeClock(NOW), grace=0.2)
    jobs.add("polite", Slow("polite", polite_in), every=3600)
    jobs.add("stuck", Slow("stuck", stuck_in), every=3600)
    await jobs.start()
    await polite_in.wait()
    await stuck_in.wait()
    stopping = asyncio.create_task(jobs.stop())
    await asyncio.sleep(0)
    release.set()  # the polite pass ends within the grace period
    await asyncio.wait_for(stopping, 5)
    assert finished == ["polite"]  # the stuck one was cancelled after the grace period
    assert jobs.running == []


async def test_processed_update_ids_are_pruned_by_a_job(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "db.sqlite3")
    try:
        dedupe = DedupeMiddleware(db)
        dedupe.remember(1)
        await dedupe.flush()
        await db.execute("INSERT INTO processed_updates (update_id, handled_at) VALUES (2, '2020-01-01T00:00:00Z')")
        assert await dedupe.run_once(NOW) == 1
        assert [r[0] for r in await db.fetchall("SELECT update_id FROM processed_updates")] == [1]
    finally:
        await db.close()


async def test_handled_update_ids_are_recorded_in_batches_and_survive_a_restart(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "db.sqlite3")
    try:
        dedupe = DedupeMiddleware(db)
        assert not await dedupe.seen(10)
        for update_id in range(10, 60):
            dedupe.remember(update_id)
        assert await dedupe.seen(10)  # in memory at once
        assert await db.fetchval("SELECT count(*) FROM processed_updates") == 0  # not written one by one
        await asyncio.sleep(FLUSH_DELAY * 4)
        assert await db.fetchval("SELECT count(*) FROM processed_updates") == 50
        dedupe.remember(60)
        await dedupe.flush()  # shutdown: what is pending is written at once
        assert await db.fetchval("SELECT count(*) FROM processed_updates") == 51
        restarted = DedupeMiddleware(db)
        assert await restarted.seen(60) and await restarted.seen(10) and not await restarted.seen(61)
    finally:
        await db.close()
