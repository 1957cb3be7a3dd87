"""Webhook mode: Telegram posts updates to WEBHOOK_URL; we serve them with aiohttp (aiogram's helpers).

- ``POST WEBHOOK_PATH``: an update; rejected with 401 unless X-Telegram-Bot-Api-Secret-Token equals
  WEBHOOK_SECRET. Answered at once; the update is handled in the background.
- ``GET /healthz``: ``{"ok": true, "db": true}`` (503 when the database does not answer), for Docker and
  load balancers.

On SIGTERM/SIGINT: the listening socket closes (Telegram retries what it could not deliver), updates in flight
finish, background jobs stop, the Bot session and the database close. The webhook stays registered with
Telegram, so updates sent during a restart wait for the new process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from aiogram.exceptions import TelegramUnauthorizedError
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.app import IN_FLIGHT_GRACE
from bot.errors import TokenRejected
from bot.runtime import Runtime

log = logging.getLogger(__name__)

RUNTIME = web.AppKey("runtime", Runtime)
RETRY_TASK = web.AppKey("set_webhook_retry", asyncio.Task)
HEALTH_TIMEOUT = 2.0
RETRY_FIRST, RETRY_MAX = 5.0, 300.0  # setWebhook retried after 5 s, 10 s, ... at most every 5 minutes


class GracefulRequestHandler(SimpleRequestHandler):
    """aiogram's handler, except that on shutdown it lets updates being handled in the background finish
    before it closes the Bot session."""

    async def close(self) -> None:
        tasks = set(self._background_feed_update_tasks)
        if tasks:
            _done, pending = await asyncio.wait(tasks, timeout=IN_FLIGHT_GRACE)
            if pending:
                log.warning("%r webhook update(s) still running at shutdown", len(pending))
        await super().close()


async def healthz(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME]
    try:
        db_ok = await asyncio.wait_for(runtime.db.fetchval("SELECT 1"), HEALTH_TIMEOUT) == 1
    except Exception:
        db_ok = False
    return web.json_response({"ok": db_ok, "db": db_ok}, status=200 if db_ok else 503)


async def _set_webhook(runtime: Runtime) -> None:
    settings = runtime.settings
    assert settings.webhook_url is not None and settings.webhook_secret is not None
    await runtime.bot.set_webhook(
        settings.webhook_url,
        secret_token=settings.webhook_secret.get_secret_value(),
        allowed_updates=runtime.dp.resolve_used_update_types(),
        drop_pending_updates=False,
    )
    log.info("webhook set; serving updates at %s", settings.webhook_path)


async def _keep_trying(runtime: Runtime) -> None:
    delay = RETRY_FIRST
    while True:
        await asyncio.sleep(delay)
        try:
            await _set_webhook(runtime)
            return
        except Exception as exc:
            log.warning("setWebhook failed again (%s); next try in %.0f s", type(exc).__name__, delay)
        delay = min(RETRY_MAX, delay * 2)


async def set_webhook(app: web.Application) -> None:
    """Register the webhook with Telegram. If Telegram cannot be reached now, serve anyway (a webhook set by
    an earlier run keeps working) and keep trying in the background."""
    runtime = app[RUNTIME]
    try:
        await _set_webhook(runtime)
    except TelegramUnauthorizedError as exc:
        raise TokenRejected("Telegram rejected BOT_TOKEN (401 Unauthorized): check the token") from exc
    except Exception as exc:
        log.error("setWebhook failed (%s); serving anyway and retrying in the background", type(exc).__name__)
        app[RETRY_TASK] = asyncio.create_task(_keep_trying(runtime))


async def stop_retrying(app: web.Application) -> None:
    task = app.get(RETRY_TASK)
    if task is not None and not task.done():
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def build_webhook_app(runtime: Runtime) -> web.Application:
    settings = runtime.settings
    if settings.webhook_secret is None:
        raise ValueError("WEBHOOK_SECRET is required in webhook mode")
    app = web.Application()
    app[RUNTIME] = runtime
    # order of on_shutdown: the dispatcher's shutdown (updates in flight, jobs) before the Bot session closes
    setup_application(app, runtime.dp, bot=runtime.bot)
    handler = GracefulRequestHandler(
        dispatcher=runtime.dp, bot=runtime.bot, secret_token=settings.webhook_secret.get_secret_value()
    )
    handler.register(app, path=settings.webhook_path)
    app.on_startup.append(set_webhook)
    app.on_shutdown.insert(0, stop_retrying)
    app.router.add_get("/healthz", healthz)
    return app
