"""The appeals' background job: posts appeals whose card never reached the staff chat, and once a day, at
APPEAL_DIGEST_HOUR local time, sends the staff chat a digest of overdue and soon-due appeals.

``run_once(now)`` does one pass (tests call it with a FakeClock's time); ``start``/``stop`` run it every
APPEAL_JOB_SECONDS from the Dispatcher's startup/shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.utils.i18n import gettext as _

from bot.clock import LOCAL_TZ, Clock
from bot.handlers.appeals import texts
from bot.handlers.appeals.relay import AppealRelay
from bot.services.appeals import Appeal, AppealService

log = logging.getLogger(__name__)
REPOST_AFTER = timedelta(minutes=2)  # leave the handler that filed the appeal time to post it itself
DIGEST_ITEMS = 30


class AppealJobs:
    def __init__(self, appeals: AppealService, relay: AppealRelay, clock: Clock, digest_hour: int,
                 interval: float) -> None:
        self.appeals = appeals
        self.relay = relay
        self.clock = clock
        self.digest_hour = digest_hour
        self.interval = interval
        self.bot: Bot | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self, bot: Bot) -> None:
        self.bot = bot
        if self.interval > 0 and self._task is None:
            self._task = asyncio.create_task(self._loop(), name="appeal-jobs")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.run_once(self.clock.now())
            except Exception:  # one bad pass must not stop the job
                log.exception("appeal job pass failed")

    async def run_once(self, now: datetime) -> dict[str, int]:
        """One pass: repost unposted appeals, then the digest if it is due. Returns what it did."""
        assert self.bot is not None, "start() first"
        reposted = 0
        waiting = await self.appeals.unposted(older_than=REPOST_AFTER) if self.relay.staff_chat is not None else []
        for appeal in waiting:
            if await self.relay.post_new(self.bot, appeal):
                reposted += 1
        digest = 0
        local = now.astimezone(LOCAL_TZ)
        if local.hour >= self.digest_hour and self.relay.staff_chat is not None:
            digest = await self.send_digest(now)
        return {"reposted": reposted, "digest": digest}

    def render(self, overdue: list[Appeal], soon: list[Appeal]) -> str:
        lang = self.relay.staff_language
        today = self.appeals.today()
        with self.relay.locale(lang):
            parts = [_("🗓 <b>Appeals digest, {day}</b>").format(day=texts.fmt_date(today, lang))]
            if overdue:
                parts.append("\n" + _("⏰ <b>Overdue: {n}</b>").format(n=len(overdue)))
                parts += ["• " + texts.staff_list_line(a, self.relay.districts, lang, today)
                          for a in overdue[:DIGEST_ITEMS]]
            if soon:
                parts.append("\n" + _("⌛ <b>Due within {days}: {n}</b>").format(
                    days=texts.working_days(self.appeals.soon_days), n=len(soon)))
                parts += ["• " + texts.staff_list_line(a, self.relay.districts, lang, today)
                          for a in soon[:DIGEST_ITEMS]]
            parts.append("\n" + _("All open appeals: /appeals"))
        return texts.clip("\n".join(parts), 4000)

    async def send_digest(self, now: datetime) -> int:
        """Send today's digest unless it was already sent (persisted). Returns 1 when sent."""
        assert self.bot is not None and self.relay.staff_chat is not None
        day = now.astimezone(LOCAL_TZ).date()
        if not await self.appeals.claim_digest(day):
            return 0
        overdue, soon = await self.appeals.due_report(day)
        if not overdue and not soon:
            return 0
        try:
            await self.bot.send_message(self.relay.staff_chat, self.render(overdue, soon))
        except TelegramAPIError as exc:
            log.warning("appeal digest not sent, will retry: %r", exc)
            await self.appeals.release_digest(day)
            return 0
        return 1
