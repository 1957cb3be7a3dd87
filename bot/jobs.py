"""Background jobs: each is an object with ``async def run_once(now)`` doing one pass (tests call it directly
with a FakeClock); :class:`Jobs` runs them periodically between the Dispatcher's startup and shutdown.

On shutdown a pass in progress is allowed to finish (up to ``grace`` seconds) before it is cancelled, so a
job can persist its state at the end of each pass and never leaves half-done work behind.

    jobs.add("retention", RetentionJob(...), every=3600)   # in build_dispatcher
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime
from typing import Any, Protocol

from bot.clock import Clock

log = logging.getLogger(__name__)


class Job(Protocol):
    async def run_once(self, now: datetime) -> Any: ...


class Jobs:
    def __init__(self, clock: Clock, grace: float = 10.0) -> None:
        self.clock = clock
        self.grace = grace
        self._jobs: list[tuple[str, Job, float, float]] = []
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._stopping: asyncio.Event | None = None

    def add(self, name: str, job: Job, every: float, first_delay: float = 0.0) -> None:
        if any(n == name for n, *_ in self._jobs):
            raise ValueError(f"job {name!r} is already registered")
        self._jobs.append((name, job, every, first_delay))

    @property
    def names(self) -> list[str]:
        return [name for name, *_ in self._jobs]

    @property
    def running(self) -> list[str]:
        return [name for name, task in self._tasks.items() if not task.done()]

    async def start(self) -> None:
        self._stopping = asyncio.Event()
        for name, job, every, first_delay in self._jobs:
            self._tasks[name] = asyncio.create_task(self._loop(name, job, every, first_delay), name=f"job:{name}")

    async def stop(self) -> None:
        if self._stopping is None:
            return
        self._stopping.set()
        tasks = list(self._tasks.values())
        if tasks:
            _done, pending = await asyncio.wait(tasks, timeout=self.grace)
            for task in pending:
                log.warning("job %r did not finish within %r s: cancelled", task.get_name(), self.grace)
                task.cancel()
            for task in pending:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._tasks.clear()
        self._stopping = None

    async def _sleep(self, seconds: float) -> bool:
        """False when the jobs are being stopped."""
        assert self._stopping is not None
        if seconds > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), seconds)
        return not self._stopping.is_set()

    async def _loop(self, name: str, job: Job, every: float, first_delay: float) -> None:
        if not await self._sleep(first_delay):
            return
        while True:
            try:
                await job.run_once(self.clock.now())
                log.debug("job %r: pass done", name)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("job %r failed; it runs again in %r s", name, every)
            if not await self._sleep(every):
                return
