"""A send limiter for bulk messages: at most ``rate`` requests in ANY window of ``window`` seconds as the Telegram
server sees them, and at most one request per ``chat_interval`` to one chat.

Why it counts from the end of each request: the server stamps a request somewhere between the moment we start it
and the moment its answer arrives, and network delays vary. A slot is therefore held from the start of a request
until ``window`` seconds after its answer came back. Then for any two requests i and j = i + ``rate`` that used
the same slot, server_time(j) >= start(j) >= answer(i) + window >= server_time(i) + window: no window of the
server's clock can hold more than ``rate`` of them, whatever the latency. The price is one round trip per slot
and window (on a local server about 0.5 %, against Telegram a few percent of the rate).

Plain asyncio, no Telegram types: usable for any mass sending (broadcasts, notices to many citizens).
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

MAX_TRACKED_CHATS = 10_000


@dataclass(slots=True)
class Slot:
    chat_id: int
    started: float


class RateLimiter:
    def __init__(
        self,
        rate: int,
        window: float = 1.0,
        chat_interval: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if rate < 1:
            raise ValueError("rate must be at least 1")
        self.rate = rate
        self.window = window
        self.chat_interval = chat_interval
        self._monotonic = monotonic
        self._sleep = sleep
        self._released: deque[float] = deque()  # when each finished request's slot frees up (sorted)
        self._in_flight = 0
        self._busy_chats: set[int] = set()
        self._chat_free_at: dict[int, float] = {}
        self._paused_until = 0.0
        self._changed = asyncio.Event()
        self.requests = 0  # slots handed out, for figures

    # ----- pure part: what may happen now -----------------------------------------------------------------
    def _expire(self, now: float) -> None:
        while self._released and self._released[0] <= now:
            self._released.popleft()
        if len(self._chat_free_at) > MAX_TRACKED_CHATS:
            self._chat_free_at = {c: t for c, t in self._chat_free_at.items() if t > now}

    def wait_time(self, chat_id: int, now: float | None = None) -> float:
        """Seconds until a request to ``chat_id`` may start (0: now; inf: when a request in flight ends)."""
        now = self._monotonic() if now is None else now
        self._expire(now)
        wait = max(0.0, self._paused_until - now)
        if chat_id in self._busy_chats:
            return math.inf
        wait = max(wait, self._chat_free_at.get(chat_id, 0.0) - now)
        if self._in_flight + len(self._released) >= self.rate:
            if self._released:
                wait = max(wait, self._released[0] - now)
            else:
                return math.inf
        return wait

    def try_begin(self, chat_id: int) -> Slot | None:
        now = self._monotonic()
        if self.wait_time(chat_id, now) > 0:
            return None
        self._in_flight += 1
        self._busy_chats.add(chat_id)
        self.requests += 1
        return Slot(chat_id, now)

    def end(self, slot: Slot) -> None:
        """The request's answer (or its failure) has arrived."""
        now = self._monotonic()
        self._in_flight -= 1
        self._busy_chats.discard(slot.chat_id)
        self._released.append(now + self.window)
        self._chat_free_at[slot.chat_id] = now + self.chat_interval
        self._changed.set()

    def pause(self, seconds: float) -> None:
        """After a 429: no request starts for ``seconds``."""
        self._paused_until = max(self._paused_until, self._monotonic() + seconds)

    @property
    def in_flight(self) -> int:
        return self._in_flight

    # ----- async part -------------------------------------------------------------------------------------
    async def begin(self, chat_id: int) -> Slot:
        """Wait until a request to ``chat_id`` may start, and take the slot. Pair with :meth:`end`."""
        while True:
            slot = self.try_begin(chat_id)
            if slot is not None:
                return slot
            wait = self.wait_time(chat_id)
            if math.isinf(wait):
                self._changed.clear()
                await self._changed.wait()
            else:
                await self._sleep(wait)

    @asynccontextmanager
    async def slot(self, chat_id: int) -> AsyncIterator[Slot]:
        taken = await self.begin(chat_id)
        try:
            yield taken
        finally:
            self.end(taken)
