"""Telegram outages: every Bot API call (from handlers and background jobs alike) that Telegram did not accept
is retried with exponential back-off, for up to BUDGET seconds (about a minute: as long as a citizen still
waits for the answer), before the error reaches the caller.

Installed on the Bot's session in bot.runtime, so nothing else needs to think about it. Retried: network
errors, 5xx (also a proxy's HTML error page instead of Telegram's JSON) and 429 Too Many Requests after its
retry_after. Never retried: a 200 whose body could not be read (``DeliveredUnread``: the message was delivered,
a second send would be a duplicate), other 4xx, Telegram's JSON or a proxy's page (a retry would fail the
same way), getUpdates (aiogram's polling loop already backs off and never gives up) and calls made under
``paced()`` (the broadcast sender paces and retries its own sends).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramEntityTooLarge,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import GetUpdates, Response, TelegramMethod

from bot.telegram_session import DeliveredUnread, RefusedUnread

log = logging.getLogger(__name__)

BUDGET = 60.0  # seconds from the first attempt after which an error reaches the caller (TELEGRAM_RETRY_SECONDS)
BASE_DELAY = 0.5
MAX_DELAY = 8.0

# Set by a caller that paces its own sends and retries them itself (the broadcast sender): a hidden retry
# inside one of its rate-limit slots would be a second request in that slot.
_paced: ContextVar[bool] = ContextVar("telegram_retry_paced", default=False)


@contextmanager
def paced() -> Iterator[None]:
    """Calls made inside are not retried here: the caller owns pacing and retries."""
    token = _paced.set(True)
    try:
        yield
    finally:
        _paced.reset(token)


def is_transient(exc: BaseException) -> bool:
    """Telegram did not accept the request, and may a little later."""
    if isinstance(exc, TelegramEntityTooLarge | DeliveredUnread | RefusedUnread):
        return False
    # ClientDecodeError (neither 2xx nor 4xx): a proxy's HTML error page (502/504) instead of Telegram's JSON.
    return isinstance(exc, TelegramServerError | TelegramNetworkError | ClientDecodeError | TelegramRetryAfter)


class RetryMiddleware(BaseRequestMiddleware):
    def __init__(
        self, budget: float | None = None, base_delay: float | None = None, max_delay: float | None = None
    ) -> None:
        # module constants read at construction, so that tests can make the back-off short
        self.budget = BUDGET if budget is None else budget
        self.base_delay = BASE_DELAY if base_delay is None else base_delay
        self.max_delay = MAX_DELAY if max_delay is None else max_delay
        self.retries = 0  # counted for tests and benchmarks

    def delay(self, attempt: int) -> float:
        backoff = min(self.max_delay, self.base_delay * 2.0**attempt)
        return backoff * (0.8 + 0.4 * random.random())  # jitter, not cryptography

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[Any],
        bot: Bot,
        method: TelegramMethod[Any],
    ) -> Response[Any]:
        if isinstance(method, GetUpdates) or _paced.get():
            return await make_request(bot, method)
        attempt = 0
        started = time.monotonic()
        while True:
            try:
                return await make_request(bot, method)
            except Exception as exc:
                if not is_transient(exc):
                    raise
                if isinstance(exc, TelegramRetryAfter):
                    pause = float(exc.retry_after)
                else:
                    pause = self.delay(attempt)
                attempt += 1
                if time.monotonic() - started + pause > self.budget:
                    raise
                self.retries += 1
                log.warning(
                    "%s failed (%s), retry %r in %.1f s",
                    type(method).__name__, type(exc).__name__, attempt, pause,
                )
                await asyncio.sleep(pause)
