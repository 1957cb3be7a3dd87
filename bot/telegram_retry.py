"""Telegram outages: every Bot API call (from handlers and background jobs alike) that fails with a network
error or a 5xx is retried with exponential back-off, a few times, before the error reaches the caller.

Installed on the Bot's session in bot.runtime, so nothing else needs to think about it. Not retried:
getUpdates (aiogram's polling loop already backs off and never gives up), 4xx errors (a retry would fail the
same way) and 429 Too Many Requests (its retry_after belongs to whoever paces the sending: the broadcast
sender). A retried send whose first attempt did reach Telegram may arrive twice; for a citizen that is better
than a lost answer.
"""

from __future__ import annotations

import asyncio
import logging
import random
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
    TelegramServerError,
)
from aiogram.methods import GetUpdates, Response, TelegramMethod

log = logging.getLogger(__name__)

ATTEMPTS = 5
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
    if isinstance(exc, TelegramEntityTooLarge):
        return False
    # ClientDecodeError: a proxy's HTML error page (502/504) instead of Telegram's JSON.
    return isinstance(exc, TelegramServerError | TelegramNetworkError | ClientDecodeError)


class RetryMiddleware(BaseRequestMiddleware):
    def __init__(
        self, attempts: int | None = None, base_delay: float | None = None, max_delay: float | None = None
    ) -> None:
        # module constants read at construction, so that tests can make the back-off short
        self.attempts = ATTEMPTS if attempts is None else attempts
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
        while True:
            try:
                return await make_request(bot, method)
            except Exception as exc:
                attempt += 1
                if not is_transient(exc) or attempt >= self.attempts:
                    raise
                self.retries += 1
                pause = self.delay(attempt - 1)
                log.warning(
                    "%s failed (%s), retry %r of %r in %.1f s",
                    type(method).__name__, type(exc).__name__, attempt, self.attempts - 1, pause,
                )
                await asyncio.sleep(pause)
