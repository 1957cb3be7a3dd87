"""Legal-help receptions ("Құқықтық көмек"): the citizens' menu, booking form and /mybookings, the staff's
schedule tools, and the background jobs (reminders, waitlist offers, notices)."""

from __future__ import annotations

from aiogram import Bot, Dispatcher, Router
from aiogram.utils.i18n import I18n

from bot.clock import Clock
from bot.config import Settings
from bot.handlers.receptions import booking, citizen, staff
from bot.handlers.receptions.notify import TelegramNotifier
from bot.services.receptions import ReceptionService
from bot.services.reminders import OutboxSender, ReceptionJobs, WaitlistJob

DEMO_FILE = "schedule_demo.csv"


def routers() -> list[Router]:
    """Staff first (it only lets staff in), then the booking form, then the citizens' menus and free-text
    schedule questions (before the knowledge-base questions router)."""
    return [staff.router, booking.router, citizen.router]


def setup(dp: Dispatcher, settings: Settings, receptions: ReceptionService, i18n: I18n, clock: Clock) -> ReceptionJobs:
    """Register the jobs (``dp["reception_jobs"]``) and the startup work: venues from data/venues.toml, the
    demo schedule when RECEPTION_DEMO_SCHEDULE is on, and the job loop."""
    notifier = TelegramNotifier(i18n)
    jobs = ReceptionJobs(WaitlistJob(receptions), OutboxSender(receptions, notifier), clock.now,
                         settings.reception_job_interval_seconds)
    dp["reception_jobs"] = jobs

    async def on_startup(bot: Bot) -> None:
        notifier.bot = bot
        await receptions.load_places(settings.data_dir)
        if settings.reception_demo_schedule:
            await receptions.load_demo(settings.data_dir / DEMO_FILE, clock.now())
        else:
            await receptions.remove_demo()
        jobs.start()

    async def on_shutdown() -> None:
        await jobs.stop()

    dp.startup.register(on_startup)
    dp.shutdown.register(on_shutdown)
    return jobs


__all__ = ["routers", "setup"]
