"""Running the bot for real: long polling, or webhook mode when WEBHOOK_URL is set.

Both stop on SIGTERM/SIGINT (or when ``stop`` is set, for tests) the same way: no new updates are taken, the
ones in flight finish (the dispatcher's shutdown waits for them), background jobs stop, the Bot session and
then the database close.

Telegram being unreachable is never fatal: polling waits for it with back-off before it starts (aiogram's own
start would crash on the first getMe), then aiogram's polling loop backs off on its own; in webhook mode the
server comes up anyway and setWebhook is retried in the background. Only a rejected token stops the start.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from typing import TYPE_CHECKING, Any

from aiogram import Bot
from aiogram.exceptions import TelegramUnauthorizedError

from bot.config import Settings
from bot.errors import TokenRejected
from bot.heap import settle_heap
from bot.telegram_retry import is_transient

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)

FIRST_WAIT, MAX_WAIT = 1.0, 60.0  # seconds between attempts to reach Telegram: 1, 2, 4, ... at most 60
def install_signal_handlers(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, _on_signal, sig, stop)


def _on_signal(sig: signal.Signals, stop: asyncio.Event, *_: Any) -> None:
    log.warning("received %s: shutting down", sig.name)
    stop.set()


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def wait_for_telegram(bot: Bot, stop: asyncio.Event) -> bool:
    """Until getMe succeeds (True) or ``stop`` is set (False); TokenRejected on 401."""
    delay = FIRST_WAIT
    while not stop.is_set():
        try:
            await bot.me()
            return True
        except TelegramUnauthorizedError as exc:
            raise TokenRejected("Telegram rejected BOT_TOKEN (401 Unauthorized): check the token") from exc
        except Exception as exc:
            if not is_transient(exc):
                raise
            log.warning("Telegram is not reachable (%s); trying again in %.0f s", type(exc).__name__, delay)
        await _pause(stop, delay)
        delay = min(MAX_WAIT, delay * 2)
    return False


async def _start(settings: Settings) -> Runtime:
    """What both modes start with: the runtime, its search process, and the heap settled once loaded."""
    from bot.runtime import create_runtime

    runtime = await create_runtime(settings)
    await runtime.start_search_process()
    settle_heap()
    return runtime


async def run_polling(settings: Settings, stop: asyncio.Event | None = None, handle_signals: bool = True) -> None:
    stop = stop or asyncio.Event()
    if handle_signals:
        install_signal_handlers(stop)
    runtime = await _start(settings)
    try:
        if not await wait_for_telegram(runtime.bot, stop):
            return
        try:
            # a webhook left over from webhook mode would make getUpdates fail with "Conflict"
            await runtime.bot.delete_webhook(drop_pending_updates=False)
        except Exception as exc:
            log.warning("could not delete the webhook (%s); polling anyway", type(exc).__name__)
        polling = asyncio.create_task(
            runtime.dp.start_polling(runtime.bot, handle_signals=False, close_bot_session=True)
        )
        stopping = asyncio.create_task(stop.wait())
        try:
            await asyncio.wait({polling, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if not polling.done():
                try:
                    await runtime.dp.stop_polling()  # returns once the dispatcher's shutdown is done
                except RuntimeError:  # stopped before polling had started
                    polling.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await polling
        finally:
            stopping.cancel()
    finally:
        await runtime.close()  # the search process, the Bot session, the database


async def run_webhook(settings: Settings, stop: asyncio.Event | None = None, handle_signals: bool = True) -> None:
    from aiohttp import web

    from bot.webhook import build_webhook_app

    stop = stop or asyncio.Event()
    if handle_signals:
        install_signal_handlers(stop)
    runtime = await _start(settings)
    runner: web.AppRunner | None = None
    try:
        runner = web.AppRunner(build_webhook_app(runtime), access_log=None, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, settings.webhook_host, settings.webhook_port)
        await site.start()
        log.info("listening on %s:%r", settings.webhook_host, settings.webhook_port)
        await stop.wait()
    finally:
        if runner is not None:
            await runner.cleanup()
        await runtime.close()  # the search process, the Bot session, the database
