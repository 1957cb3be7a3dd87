"""Public-reception appeals (issue 4): the citizen's form and thread, the staff chat, the digest."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from aiogram import Bot, Dispatcher, Router
from aiogram.utils.i18n import I18n

from bot.clock import Clock
from bot.config import Settings
from bot.db.database import Database
from bot.handlers.appeals import citizen, staff
from bot.handlers.appeals.jobs import AppealJobs
from bot.handlers.appeals.redaction import CardRedactor
from bot.handlers.appeals.relay import AppealRelay
from bot.services.appeals import AppealService
from bot.services.districts import District, load_districts
from bot.services.roles import RoleService
from bot.services.workdays import WorkCalendar

log = logging.getLogger(__name__)

staff_router: Router = staff.router
citizen_router: Router = citizen.router
routers: tuple[Router, ...] = (staff_router, citizen_router)


@lru_cache(maxsize=8)
def _content(data_dir: Path, holidays_mtime: float, venues_mtime: float) -> tuple[WorkCalendar, list[District]]:
    return WorkCalendar.load(data_dir / "holidays.toml"), load_districts(data_dir / "venues.toml")


def load_content(data_dir: Path) -> tuple[WorkCalendar, list[District]]:
    """The holiday calendar and the districts (parsed once per file version)."""
    holidays, venues = data_dir / "holidays.toml", data_dir / "venues.toml"
    return _content(data_dir, holidays.stat().st_mtime, venues.stat().st_mtime)


def setup(dp: Dispatcher, settings: Settings, db: Database, i18n: I18n, clock: Clock, roles: RoleService) -> None:
    """Put the appeals' services into the Dispatcher (handlers get them as ``appeals``, ``relay``,
    ``appeal_redactor``) and run the background job between startup and shutdown."""
    calendar, districts = load_content(settings.data_dir)
    appeals = AppealService(
        db, roles, calendar, clock,
        deadline_days=settings.appeal_deadline_days,
        daily_limit=settings.appeal_daily_limit,
        soon_days=settings.appeal_soon_days,
    )
    relay = AppealRelay(appeals, i18n, settings, districts)
    jobs = AppealJobs(appeals, relay, clock, settings.appeal_digest_hour, settings.appeal_job_seconds)
    dp["appeals"] = appeals
    dp["relay"] = relay
    dp["appeal_jobs"] = jobs
    dp["appeal_redactor"] = redactor = CardRedactor(appeals, relay, clock)

    async def on_startup(bot: Bot) -> None:
        if settings.staff_chat_id is None:
            log.warning("STAFF_CHAT_ID is not set: the bot takes no appeals (citizens are told to come to the "
                        "public reception in person) and staff get no notifications; see README, 'A real deployment'")
        await redactor.attach(bot)
        await jobs.start(bot)

    async def on_shutdown() -> None:
        await jobs.stop()

    dp.startup.register(on_startup)
    dp.shutdown.register(on_shutdown)
