"""Background jobs of the legal-help receptions: the outbox sender (reminders, waitlist offers, cancellation
notices) and the waitlist job (offer deadlines). Plain Python: the messages go out through a
:class:`Notifier` that the Telegram side provides.

Exactly once. A message is claimed in the database (claimed_at, claim_token: one transaction) before it is
handed to Telegram, and marked sent after Telegram answered. So a restart never sends a message twice: a
sent one is marked; one claimed by this process is skipped by any concurrent pass. The one window left is
a crash (SIGKILL, power cut) after the claim and before the mark: the message may or may not have reached
Telegram, and nothing can tell. We choose *at most once* there: the next process closes such rows as
'unknown' and does not resend them (a duplicate reminder or a second offer for one place is worse than a
missing reminder: the confirmation already carries the date, time and address, and the other reminder
still comes). Failures that certainly did not deliver (network errors, 429, 5xx) are retried a few times.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from bot.services.receptions import Notice, ReceptionService

log = logging.getLogger(__name__)


class Delivery(enum.Enum):
    SENT = "sent"
    GONE = "gone"  # blocked the bot, deleted the chat: never retried
    RETRY = "retry"  # not delivered (network, 429, 5xx): back in the queue


class Notifier(Protocol):
    async def deliver(self, notice: Notice) -> Delivery: ...


class OutboxSender:
    """Sends what is due and not yet sent; ``run_once(now)`` is one pass."""

    def __init__(self, service: ReceptionService, notifier: Notifier, batch: int = 50, pace: float = 0.04) -> None:
        self.service = service
        self.notifier = notifier
        self.batch = batch
        self.pace = pace  # seconds between two messages: Telegram allows about 30 a second per bot
        self._lock = asyncio.Lock()

    async def run_once(self, now: datetime) -> dict[str, int]:
        counts = {"sent": 0, "gone": 0, "retry": 0}
        async with self._lock:
            while True:
                notices = await self.service.claim_due(now, self.batch)
                for index, notice in enumerate(notices):
                    if index and self.pace:
                        await asyncio.sleep(self.pace)
                    try:
                        result = await self.notifier.deliver(notice)
                    except Exception:
                        log.exception("outbox message %r (%s) could not be sent", notice.id, notice.kind)
                        result = Delivery.RETRY
                    if result is Delivery.SENT:
                        await self.service.finish(notice.id, "sent", now)
                    elif result is Delivery.GONE:
                        await self.service.finish(notice.id, "failed", now)
                    else:
                        await self.service.release(notice.id)
                    counts[result.value] += 1
                if len(notices) < self.batch or counts["retry"]:
                    break
        if any(counts.values()):
            log.info("outbox pass: %r", counts)
        return counts


class WaitlistJob:
    """Offer deadlines: an offer not confirmed in time passes to the next citizen; free places of sessions
    with a waitlist are offered."""

    def __init__(self, service: ReceptionService) -> None:
        self.service = service

    async def run_once(self, now: datetime) -> dict[str, int]:
        counts = await self.service.rebalance(now)
        if any(counts.values()):
            log.info("waitlist pass: %r", counts)
        return counts


class ReceptionJobs:
    """Both jobs, one after the other, every ``interval`` seconds, in a task started on startup and
    cancelled on shutdown. :meth:`kick` runs a pass at once (after a cancellation, to tell people now)."""

    def __init__(
        self, waitlist: WaitlistJob, outbox: OutboxSender, now: Callable[[], datetime], interval: float
    ) -> None:
        self.waitlist = waitlist
        self.outbox = outbox
        self.now = now
        self.interval = interval
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._kicks: set[asyncio.Task[None]] = set()

    async def run_once(self, now: datetime | None = None) -> dict[str, int]:
        moment = now or self.now()
        counts = await self.waitlist.run_once(moment)
        counts.update(await self.outbox.run_once(moment))
        return counts

    def kick(self) -> None:
        """A pass now, in the background (a handler that freed a place or cancelled a session returns at once;
        the offers and notices follow within moments). Passes never overlap in sending: the outbox is locked."""
        task = asyncio.create_task(self._kick(), name="reception-jobs-kick")
        self._kicks.add(task)
        task.add_done_callback(self._kicks.discard)

    async def _kick(self) -> None:
        try:
            await self.run_once()
        except Exception:
            log.exception("reception jobs: an immediate pass failed; the loop will retry")

    async def settle(self) -> None:
        """Wait for the passes started by :meth:`kick` (tests; shutdown)."""
        while self._kicks:
            await asyncio.gather(*list(self._kicks), return_exceptions=True)

    async def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.run_once()
            except Exception:
                log.exception("reception jobs: a pass failed; retrying in %r s", self.interval)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.interval)

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._stopping = asyncio.Event()
            self._task = asyncio.create_task(self._loop(), name="reception-jobs")

    async def stop(self, grace: float = 10.0) -> None:
        """Let a pass that is sending finish (a message cut off mid-send would be closed as 'unknown'), then
        stop; cancelled if it takes longer than ``grace`` seconds."""
        try:
            await asyncio.wait_for(self.settle(), grace)
        except TimeoutError:
            for task in list(self._kicks):
                task.cancel()
        if self._task is None:
            return
        self._stopping.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), grace)
        except TimeoutError:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None
