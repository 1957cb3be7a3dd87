"""The weekly digest of unanswered questions to the staff chat: on Mondays from GAP_DIGEST_HOUR (Kyzylorda time),
the top gaps of the last seven days, once a week (the week sent is stored, so a restart never sends it twice)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from aiogram import Bot, html
from aiogram.utils.i18n import I18n, ngettext
from aiogram.utils.i18n import gettext as _

from bot.clock import LOCAL_TZ
from bot.db.database import Database
from bot.services.kb_gaps import GapLog

log = logging.getLogger(__name__)

GAP_DIGEST_WEEKDAY = 0  # Monday
GAP_DIGEST_HOUR = 9
DIGEST_GAPS = 10
WEEK_KEY = "gap_digest_week"


class GapDigestJob:
    def __init__(self, db: Database, gaps: GapLog, i18n: I18n, staff_chat_id: int | None, language: str) -> None:
        self.db = db
        self.gaps = gaps
        self.i18n = i18n
        self.staff_chat_id = staff_chat_id
        self.language = language
        self.bot: Bot | None = None

    async def on_startup(self, bot: Bot) -> None:
        self.bot = bot

    async def run_once(self, now: datetime) -> int:
        """Sends the digest when it is due; returns the number of gaps it listed (0: nothing sent)."""
        local = now.astimezone(LOCAL_TZ)
        if self.bot is None or self.staff_chat_id is None:
            return 0
        if local.weekday() != GAP_DIGEST_WEEKDAY or local.hour < GAP_DIGEST_HOUR:
            return 0
        week = "{}-W{:02d}".format(*local.isocalendar()[:2])
        if await self.db.fetchval("SELECT value FROM kb_meta WHERE key = ?", (WEEK_KEY,)) == week:
            return 0
        found = await self.gaps.top(now - timedelta(days=7), None, DIGEST_GAPS)
        await self.db.execute("INSERT INTO kb_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET "
                              "value = excluded.value", (WEEK_KEY, week))
        if not found:
            return 0
        with self.i18n.context(), self.i18n.use_locale(self.language):
            lines = [_("🔎 <b>Questions the bot could not answer this week</b> (top {n}):").format(n=len(found)), ""]
            for number, gap in enumerate(found, 1):
                asked = ngettext("asked {n} time", "asked {n} times", gap.count).format(n=gap.count)
                lines.append(f"{number}. «{html.quote(gap.example)}» — {asked}")
            lines += ["", _("Answer them in a private chat with the bot: /gaps")]
        await self.bot.send_message(self.staff_chat_id, "\n".join(lines))
        log.info("gap digest for %s sent: %r gaps", week, len(found))
        return len(found)
