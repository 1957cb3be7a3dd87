"""Staff broadcasts to subscribers: the stored broadcast, and the background sender.

Every recipient's delivery is a row written as it happens: ``pending`` -> ``sending`` (committed just before the
request leaves) -> ``sent`` or ``failed``. A crash can only leave rows in ``sending``: on the next start they are
sent again, so a broadcast is delivered AT LEAST ONCE; the only possible duplicates are the few requests that were
in flight at the moment of the crash (at most ``rate`` of them). Nobody is skipped.

Plain Python: the sender talks to Telegram through a :class:`Transport` and shows progress through a
:class:`Reporter`, both implemented over aiogram in ``bot/handlers/staff/sending.py``.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Protocol

from bot.clock import Clock, from_utc_iso, to_utc_iso
from bot.db.database import Database, Tx
from bot.services.ratelimit import RateLimiter, Slot
from bot.services.roles import ADMIN, OPERATOR, RoleService
from bot.services.subscriptions import BLOCKED, LANGUAGES, NOT_FOUND, Audience

log = logging.getLogger(__name__)

SCHEDULED, QUEUED, SENDING, DONE, CANCELLED = "scheduled", "queued", "sending", "done", "cancelled"
OPEN_STATUSES = (SCHEDULED, QUEUED, SENDING)
BROADCASTERS = (ADMIN, OPERATOR)
TEXT_LIMIT = 4096  # characters of a message, after its formatting is parsed
CAPTION_LIMIT = 1024  # characters of a photo's or document's caption
MAX_SCHEDULE_AHEAD = timedelta(days=60)
BATCH = 500  # recipients read from the database at a time


class NotAllowed(Exception):
    """The actor may not do this (their role was checked in the database just now)."""


@dataclass(frozen=True, slots=True)
class Outgoing:
    """What one language group receives."""

    text: str  # Telegram HTML
    media_type: str | None = None  # "photo" | "document"
    media_file_id: str | None = None


@dataclass(frozen=True, slots=True)
class Draft:
    texts: dict[str, str]  # language -> Telegram HTML
    audience: Audience
    media_type: str | None = None
    media_file_id: str | None = None

    def message(self, language: str) -> Outgoing:
        return Outgoing(self.texts[language], self.media_type, self.media_file_id)


@dataclass(frozen=True, slots=True)
class Figures:
    total: int
    sent: int
    failed: int  # including blocked
    blocked: int

    @property
    def left(self) -> int:
        return max(0, self.total - self.sent - self.failed)


@dataclass(frozen=True, slots=True)
class Broadcast:
    id: int
    created_by: int
    created_at: datetime
    texts: dict[str, str]
    media_type: str | None
    media_file_id: str | None
    audience: Audience
    status: str
    scheduled_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    figures: Figures
    progress_message_id: int | None

    def message(self, language: str) -> Outgoing:
        return Outgoing(self.texts[language], self.media_type, self.media_file_id)


_COLUMNS = (
    "id, created_by, created_at, text_kk, text_ru, media_type, media_file_id, audience_kind, audience_value, "
    "status, scheduled_at, started_at, finished_at, total, sent, failed, blocked, progress_message_id"
)


def _broadcast(row: tuple) -> Broadcast:  # type: ignore[type-arg]
    return Broadcast(
        id=int(row[0]),
        created_by=int(row[1]),
        created_at=from_utc_iso(row[2]),
        texts={"kk": row[3], "ru": row[4]},
        media_type=row[5],
        media_file_id=row[6],
        audience=Audience(row[7], row[8]),
        status=row[9],
        scheduled_at=from_utc_iso(row[10]),
        started_at=from_utc_iso(row[11]) if row[11] else None,
        finished_at=from_utc_iso(row[12]) if row[12] else None,
        figures=Figures(int(row[13]), int(row[14]), int(row[15]), int(row[16])),
        progress_message_id=row[17],
    )


@dataclass(frozen=True, slots=True)
class Recipient:
    user_id: int
    language: str
    attempts: int = 0


class BroadcastService:
    """Creating, listing and cancelling broadcasts (staff side), and the delivery bookkeeping the sender uses."""

    def __init__(self, db: Database, roles: RoleService, clock: Clock | None = None) -> None:
        self.db = db
        self.roles = roles
        self.clock = clock or Clock()
        self._cancel_requested: set[int] = set()
        self._listeners: list[Callable[[], None]] = []

    def on_queued(self, listener: Callable[[], None]) -> None:
        """``listener()`` is called when a broadcast is queued or cancelled (the sender wakes up)."""
        self._listeners.append(listener)

    def _notify(self) -> None:
        for listener in self._listeners:
            listener()

    async def _check(self, actor: int) -> None:
        if not await self.roles.has(actor, *BROADCASTERS):
            raise NotAllowed(f"user {actor} may not manage broadcasts")

    # ----- staff side -------------------------------------------------------------------------------------
    async def create(self, actor: int, draft_key: str, draft: Draft, at: datetime | None = None) -> tuple[
        Broadcast, bool
    ]:
        """Queue a broadcast now (``at`` None) or schedule it. Idempotent per ``draft_key``: a second call
        returns the broadcast the first one made, and False."""
        await self._check(actor)
        now = self.clock.now()
        if at is not None and not now < at <= now + MAX_SCHEDULE_AHEAD:
            raise ValueError("the scheduled time must be in the future, within 60 days")
        draft.audience.where()  # validates the audience
        if set(draft.texts) != set(LANGUAGES) or not all(t.strip() for t in draft.texts.values()):
            raise ValueError("a broadcast needs a text in every language")
        if (draft.media_type is None) != (draft.media_file_id is None) or draft.media_type not in (
            None, "photo", "document"
        ):
            raise ValueError("bad attachment")
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                "INSERT OR IGNORE INTO broadcasts (draft_key, created_by, created_at, text_kk, text_ru, media_type, "
                "media_file_id, audience_kind, audience_value, status, scheduled_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    draft_key, actor, to_utc_iso(now), draft.texts["kk"], draft.texts["ru"], draft.media_type,
                    draft.media_file_id, draft.audience.kind, draft.audience.value,
                    SCHEDULED if at is not None else QUEUED, to_utc_iso(at if at is not None else now),
                ),
            )
            created = cursor.rowcount == 1  # 0: this draft was already sent (a double tap)
            row = await tx.fetchone(f"SELECT {_COLUMNS} FROM broadcasts WHERE draft_key = ?", (draft_key,))
        assert row is not None
        broadcast = _broadcast(tuple(row))
        if created:
            log.info("broadcast %r %s by staff %r", broadcast.id, broadcast.status, actor)
            self._notify()
        return broadcast, created

    async def cancel(self, actor: int, broadcast_id: int) -> Broadcast | None:
        """Stop a scheduled, queued or sending broadcast. None when there is no such broadcast; a finished one
        is returned unchanged."""
        await self._check(actor)
        changed = await self.db.execute(
            "UPDATE broadcasts SET status = 'cancelled', cancelled_by = ?, finished_at = ? "
            "WHERE id = ? AND status IN ('scheduled', 'queued', 'sending')",
            (actor, to_utc_iso(self.clock.now()), broadcast_id),
        )
        if changed:
            self._cancel_requested.add(broadcast_id)
            log.info("broadcast %r cancelled by staff %r", broadcast_id, actor)
            self._notify()
        return await self.get(broadcast_id)

    def cancel_requested(self, broadcast_id: int) -> bool:
        return broadcast_id in self._cancel_requested

    async def get(self, broadcast_id: int) -> Broadcast | None:
        row = await self.db.fetchone(f"SELECT {_COLUMNS} FROM broadcasts WHERE id = ?", (broadcast_id,))
        return None if row is None else _broadcast(tuple(row))

    async def recent(self, limit: int = 10) -> list[Broadcast]:
        rows = await self.db.fetchall(f"SELECT {_COLUMNS} FROM broadcasts ORDER BY id DESC LIMIT ?", (limit,))
        return [_broadcast(tuple(r)) for r in rows]

    # ----- the sender's bookkeeping -----------------------------------------------------------------------
    async def due(self, now: datetime) -> list[Broadcast]:
        rows = await self.db.fetchall(
            f"SELECT {_COLUMNS} FROM broadcasts WHERE status IN ('scheduled', 'queued', 'sending') "
            "AND scheduled_at <= ? ORDER BY scheduled_at, id",
            (to_utc_iso(now),),
        )
        return [_broadcast(tuple(r)) for r in rows]

    async def begin(self, broadcast_id: int, now: datetime) -> tuple[Broadcast | None, int]:
        """Start a due broadcast: take the recipients list (active subscribers of its audience, in their current
        language). A broadcast that was already sending (the bot was stopped or killed) is resumed instead: its
        rows left in 'sending' go back to 'pending'. Returns the broadcast and the number of such rows."""
        async with self.db.transaction() as tx:
            row = await tx.fetchone(f"SELECT {_COLUMNS} FROM broadcasts WHERE id = ?", (broadcast_id,))
            if row is None:
                return None, 0
            broadcast = _broadcast(tuple(row))
            resent = 0
            if broadcast.status in (SCHEDULED, QUEUED):
                where, params = broadcast.audience.where()
                await tx.execute(
                    "INSERT OR IGNORE INTO deliveries (broadcast_id, user_id, language) "
                    f"SELECT ?, s.user_id, u.language FROM subscriptions s JOIN users u ON u.id = s.user_id "
                    f"WHERE {where}",
                    [broadcast_id, *params],
                )
                total = await tx.fetchval("SELECT count(*) FROM deliveries WHERE broadcast_id = ?", (broadcast_id,))
                await tx.execute(
                    "UPDATE broadcasts SET status = 'sending', started_at = ?, total = ? WHERE id = ?",
                    (to_utc_iso(now), total, broadcast_id),
                )
            elif broadcast.status == SENDING:
                cursor = await tx.execute(
                    "UPDATE deliveries SET state = 'pending' WHERE broadcast_id = ? AND state = 'sending'",
                    (broadcast_id,),
                )
                resent = cursor.rowcount
            else:
                return broadcast, 0
            row = await tx.fetchone(f"SELECT {_COLUMNS} FROM broadcasts WHERE id = ?", (broadcast_id,))
        assert row is not None
        return _broadcast(tuple(row)), resent

    async def status(self, broadcast_id: int) -> str | None:
        value = await self.db.fetchval("SELECT status FROM broadcasts WHERE id = ?", (broadcast_id,))
        return None if value is None else str(value)

    async def pending(self, broadcast_id: int, after_user_id: int, limit: int = BATCH) -> list[Recipient]:
        rows = await self.db.fetchall(
            "SELECT user_id, language, attempts FROM deliveries WHERE broadcast_id = ? AND state = 'pending' "
            "AND user_id > ? ORDER BY user_id LIMIT ?",
            (broadcast_id, after_user_id, limit),
        )
        return [Recipient(int(r[0]), str(r[1]), int(r[2])) for r in rows]

    async def claim(self, broadcast_id: int, user_id: int) -> bool:
        """pending -> sending, committed before the request is made. False if the row is gone or not pending."""
        return await self.db.execute(
            "UPDATE deliveries SET state = 'sending', updated_at = ? WHERE broadcast_id = ? AND user_id = ? "
            "AND state = 'pending'",
            (to_utc_iso(self.clock.now()), broadcast_id, user_id),
        ) == 1

    async def _set_state(self, tx: Tx, broadcast_id: int, user_id: int, state: str, error: str | None,
                         attempts: int | None = None) -> bool:
        cursor = await tx.execute(
            "UPDATE deliveries SET state = ?, error = ?, attempts = coalesce(?, attempts), updated_at = ? "
            "WHERE broadcast_id = ? AND user_id = ? AND state = 'sending'",
            (state, error, attempts, to_utc_iso(self.clock.now()), broadcast_id, user_id),
        )
        return cursor.rowcount == 1

    async def delivered(self, broadcast_id: int, user_id: int) -> None:
        async with self.db.transaction() as tx:
            if await self._set_state(tx, broadcast_id, user_id, "sent", None):
                await tx.execute("UPDATE broadcasts SET sent = sent + 1 WHERE id = ?", (broadcast_id,))

    async def unreachable(self, broadcast_id: int, user_id: int, reason: str) -> None:
        """Telegram refused for good (blocked, deleted, no such chat): failed, and the subscription inactive."""
        async with self.db.transaction() as tx:
            if await self._set_state(tx, broadcast_id, user_id, "failed", reason):
                await tx.execute(
                    "UPDATE broadcasts SET failed = failed + 1, blocked = blocked + 1 WHERE id = ?", (broadcast_id,)
                )
            await tx.execute(
                "UPDATE subscriptions SET status = 'inactive', inactive_reason = ?, changed_at = ? "
                "WHERE user_id = ?",
                (reason if reason in (BLOCKED, NOT_FOUND) else BLOCKED, to_utc_iso(self.clock.now()), user_id),
            )

    async def failed(self, broadcast_id: int, user_id: int, error: str, attempts: int) -> None:
        async with self.db.transaction() as tx:
            if await self._set_state(tx, broadcast_id, user_id, "failed", error, attempts):
                await tx.execute("UPDATE broadcasts SET failed = failed + 1 WHERE id = ?", (broadcast_id,))

    async def requeue(self, broadcast_id: int, user_id: int, error: str | None, attempts: int | None = None) -> None:
        """sending -> pending: not delivered, to be tried again (429, or an error with attempts left)."""
        async with self.db.transaction() as tx:
            await self._set_state(tx, broadcast_id, user_id, "pending", error, attempts)

    async def finish(self, broadcast_id: int, now: datetime) -> Broadcast | None:
        """sending -> done (a cancelled one stays cancelled and gets its end time)."""
        await self.db.execute(
            "UPDATE broadcasts SET finished_at = coalesce(finished_at, ?), "
            "status = CASE WHEN status = 'sending' THEN 'done' ELSE status END WHERE id = ?",
            (to_utc_iso(now), broadcast_id),
        )
        self._cancel_requested.discard(broadcast_id)
        return await self.get(broadcast_id)

    async def set_progress_message(self, broadcast_id: int, message_id: int | None) -> None:
        await self.db.execute(
            "UPDATE broadcasts SET progress_message_id = ? WHERE id = ?", (message_id, broadcast_id)
        )

    async def prune(self, now: datetime, keep_days: int) -> int:
        """Delivery rows of broadcasts finished more than ``keep_days`` ago (their figures stay)."""
        return await self.db.execute(
            "DELETE FROM deliveries WHERE broadcast_id IN (SELECT id FROM broadcasts WHERE status IN "
            "('done', 'cancelled') AND finished_at < ?)",
            (to_utc_iso(now - timedelta(days=keep_days)),),
        )


# ----- the sender -----------------------------------------------------------------------------------------
class RetryAfter(Exception):
    """Telegram answered 429: wait ``seconds`` and try the same recipient again."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


class Unreachable(Exception):
    """The recipient can never get it: the bot was blocked (403), the account or chat does not exist."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SendFailed(Exception):
    """Anything else (a 5xx, a network error, an unexpected 400): retried a bounded number of times."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Transport(Protocol):
    async def deliver(self, chat_id: int, message: Outgoing) -> None:
        """Send; raise RetryAfter, Unreachable or SendFailed."""


class Reporter(Protocol):
    async def progress(
        self, broadcast: Broadcast, figures: Figures, eta_seconds: float | None, message_id: int | None
    ) -> int | None:
        """Show (send, or edit ``message_id``) the progress to the broadcast's creator; returns the message id."""

    async def finished(
        self, broadcast: Broadcast, figures: Figures, elapsed_seconds: float, message_id: int | None
    ) -> None:
        """The final report (done or cancelled)."""


@dataclass
class _Run:
    """One broadcast being sent by this process."""

    broadcast: Broadcast
    sent: int
    failed: int
    blocked: int
    started: float
    sent_at_start: int
    in_flight: int = 0
    throttled: int = 0
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    retries: list[tuple[float, int, Recipient]] = field(default_factory=list)

    def figures(self, total: int) -> Figures:
        return Figures(total, self.sent, self.failed, self.blocked)


class BroadcastSender:
    """The background job: ``run_once(now)`` sends every broadcast that is due (resuming one that was being sent
    when the bot stopped); ``start()`` runs it in a loop, woken at once when staff queue a broadcast."""

    def __init__(
        self,
        service: BroadcastService,
        transport: Transport,
        reporter: Reporter,
        limiter: RateLimiter,
        clock: Clock | None = None,
        *,
        max_attempts: int = 3,
        progress_every: float = 5.0,
        poll_every: float = 15.0,
        retry_base: float = 2.0,
        keep_days: int = 30,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.service = service
        self.transport = transport
        self.reporter = reporter
        self.limiter = limiter
        self.clock = clock or Clock()
        self.max_attempts = max_attempts
        self.progress_every = progress_every
        self.poll_every = poll_every
        self.retry_base = retry_base
        self.keep_days = keep_days
        self._monotonic = monotonic
        self._lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._stopping = False
        self._seq = itertools.count()
        self.task: asyncio.Task[None] | None = None
        service.on_queued(self.wake)

    # ----- lifecycle --------------------------------------------------------------------------------------
    def wake(self) -> None:
        self._wake.set()

    def start(self) -> asyncio.Task[None]:
        self._stopping = False
        self.task = asyncio.create_task(self._loop(), name="broadcast-sender")
        return self.task

    async def stop(self, timeout: float = 10.0) -> None:
        """Graceful: no new request starts, the ones in flight are awaited (up to ``timeout``), the broadcast
        stays 'sending' and resumes on the next start."""
        self._stopping = True
        self._wake.set()
        task, self.task = self.task, None
        if task is None or task.done():
            return
        await asyncio.wait({task}, timeout=timeout)
        if not task.done():
            task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    async def _loop(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                await self.run_once(self.clock.now())
            except Exception:
                log.exception("broadcast sender pass failed; retrying in %rs", self.poll_every)
            if self._stopping:
                break
            try:
                await asyncio.wait_for(self._wake.wait(), self.poll_every)
            except TimeoutError:
                pass

    # ----- one pass ---------------------------------------------------------------------------------------
    async def run_once(self, now: datetime) -> int:
        """Send every broadcast due at ``now``, one after another. Returns how many were handled."""
        async with self._lock:
            pruned = await self.service.prune(now, self.keep_days)
            if pruned:
                log.info("pruned %r delivery rows of old broadcasts", pruned)
            handled = 0
            for broadcast in await self.service.due(now):
                if self._stopping:
                    break
                await self._send_broadcast(broadcast.id)
                handled += 1
            return handled

    async def _send_broadcast(self, broadcast_id: int) -> None:
        broadcast, resent = await self.service.begin(broadcast_id, self.clock.now())
        if broadcast is None or broadcast.status != SENDING:
            return
        if resent:
            log.warning("broadcast %r resumed: %r deliveries that were in flight are sent again", broadcast.id,
                        resent)
        log.info("broadcast %r: sending to %r recipients", broadcast.id, broadcast.figures.left)
        figures = broadcast.figures
        run = _Run(broadcast, figures.sent, figures.failed, figures.blocked, self._monotonic(), figures.sent)
        done = asyncio.Event()
        async with asyncio.TaskGroup() as outer:
            outer.create_task(self._progress_loop(run, done))
            try:
                async with asyncio.TaskGroup() as sends:
                    await self._feed(run, sends)
            finally:
                done.set()
        if self._stopping and not self.service.cancel_requested(broadcast.id):
            return  # graceful stop: resumed on the next start
        final = await self.service.finish(broadcast.id, self.clock.now())
        assert final is not None
        log.info("broadcast %r %s: sent %r, failed %r (blocked %r), 429s %r", final.id, final.status,
                 final.figures.sent, final.figures.failed, final.figures.blocked, run.throttled)
        try:
            async with self.limiter.slot(final.created_by):
                await self.reporter.finished(final, final.figures, self._monotonic() - run.started,
                                             final.progress_message_id)
        except Exception:
            log.exception("broadcast %r: could not send the final report", final.id)

    def _stop_feeding(self, run: _Run) -> bool:
        return self._stopping or self.service.cancel_requested(run.broadcast.id)

    async def _feed(self, run: _Run, sends: asyncio.TaskGroup) -> None:
        broadcast = run.broadcast
        messages = {lang: broadcast.message(lang) for lang in LANGUAGES}
        batch: deque[Recipient] = deque()
        after = 0
        exhausted = False
        while not self._stop_feeding(run):
            now = self._monotonic()
            recipient: Recipient | None = None
            if run.retries and run.retries[0][0] <= now:
                recipient = heapq.heappop(run.retries)[2]
            elif batch:
                recipient = batch.popleft()
            elif not exhausted:
                if await self.service.status(broadcast.id) != SENDING:
                    break  # cancelled (possibly by another process, or before a restart)
                rows = await self.service.pending(broadcast.id, after)
                if rows:
                    batch.extend(rows)
                    after = rows[-1].user_id
                else:
                    exhausted = True
                continue
            elif run.retries or run.in_flight:
                run.changed.clear()
                timeout = run.retries[0][0] - now if run.retries else None
                try:
                    await asyncio.wait_for(run.changed.wait(), timeout)
                except TimeoutError:
                    pass
                continue
            else:
                break
            if not await self.service.claim(broadcast.id, recipient.user_id):
                continue  # forgotten meanwhile (/forget), or taken by another sender
            slot = await self.limiter.begin(recipient.user_id)
            run.in_flight += 1
            sends.create_task(self._deliver(run, recipient, messages[recipient.language], slot))

    async def _deliver(self, run: _Run, recipient: Recipient, message: Outgoing, slot: Slot) -> None:
        broadcast_id = run.broadcast.id
        try:
            try:
                await self.transport.deliver(recipient.user_id, message)
            except RetryAfter as exc:
                self.limiter.pause(exc.seconds)
                self.limiter.end(slot)
                run.throttled += 1
                log.warning("broadcast %r: 429, waiting %rs and retrying the same recipient", broadcast_id,
                            exc.seconds)
                await self.service.requeue(broadcast_id, recipient.user_id, "429")
                self._retry_later(run, recipient, exc.seconds)
            except Unreachable as exc:
                self.limiter.end(slot)
                await self.service.unreachable(broadcast_id, recipient.user_id, exc.reason)
                run.failed += 1
                run.blocked += 1
            except Exception as exc:  # SendFailed, or anything the transport did not expect
                self.limiter.end(slot)
                reason = exc.reason if isinstance(exc, SendFailed) else type(exc).__name__
                attempts = recipient.attempts + 1
                log.warning("broadcast %r: delivery attempt %r failed: %s", broadcast_id, attempts, reason)
                if attempts < self.max_attempts:
                    await self.service.requeue(broadcast_id, recipient.user_id, reason, attempts)
                    self._retry_later(run, replace(recipient, attempts=attempts),
                                      self.retry_base * 2 ** (attempts - 1))
                else:
                    await self.service.failed(broadcast_id, recipient.user_id, reason, attempts)
                    run.failed += 1
            else:
                self.limiter.end(slot)
                await self.service.delivered(broadcast_id, recipient.user_id)
                run.sent += 1
        finally:
            run.in_flight -= 1
            run.changed.set()

    def _retry_later(self, run: _Run, recipient: Recipient, delay: float) -> None:
        heapq.heappush(run.retries, (self._monotonic() + delay, next(self._seq), recipient))

    # ----- progress ---------------------------------------------------------------------------------------
    async def _progress_loop(self, run: _Run, done: asyncio.Event) -> None:
        while True:
            await self._report_progress(run)
            try:
                await asyncio.wait_for(done.wait(), self.progress_every)
                return
            except TimeoutError:
                pass

    def eta(self, run: _Run, left: int) -> float | None:
        elapsed = self._monotonic() - run.started
        sent_now = run.sent - run.sent_at_start
        if left == 0:
            return 0.0
        if sent_now < 1 or elapsed < 1.0:
            return left / self.limiter.rate
        return left / (sent_now / elapsed)

    async def _report_progress(self, run: _Run) -> None:
        broadcast = run.broadcast
        current = await self.service.get(broadcast.id)
        if current is None:
            return
        total = current.figures.total
        figures = run.figures(total)
        try:
            async with self.limiter.slot(broadcast.created_by):
                message_id = await self.reporter.progress(
                    current, figures, self.eta(run, figures.left), current.progress_message_id
                )
        except Exception:
            log.exception("broadcast %r: could not show the progress", broadcast.id)
            return
        if message_id != current.progress_message_id:
            await self.service.set_progress_message(broadcast.id, message_id)


# ----- scheduling input -----------------------------------------------------------------------------------
_DATE_TIME = re.compile(r"^(\d{1,2})[./](\d{1,2})(?:[./](\d{2}|\d{4}))?\s+(\d{1,2})[:.](\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def parse_local_datetime(text: str, now_local: datetime) -> datetime | None:
    """A date and time as staff type it, in local time: "15.03.2025 18:00", "15.03 18:00", "2025-03-15 18:00",
    or "18:00" (today). Returns an aware local datetime, or None when it cannot be read."""
    text = " ".join(text.replace(",", " ").split())
    year, month, day = now_local.year, now_local.month, now_local.day
    if match := _DATE_TIME.match(text):
        day, month = int(match[1]), int(match[2])
        if match[3]:
            year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
        hour, minute = int(match[4]), int(match[5])
    elif match := _ISO.match(text):
        year, month, day, hour, minute = (int(match[i]) for i in range(1, 6))
    elif match := _TIME.match(text):
        hour, minute = int(match[1]), int(match[2])
    else:
        return None
    try:
        return datetime(year, month, day, hour, minute, tzinfo=now_local.tzinfo)
    except ValueError:
        return None
