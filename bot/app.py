"""The Dispatcher factory: everything long-lived is passed in, nothing is global, no I/O happens here."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import timedelta
from typing import Any

import aiogram
from aiogram import Bot
from aiogram.types import ErrorEvent, Update
from aiogram.utils.i18n import I18n

from bot.clock import Clock
from bot.commands import CommandMenus
from bot.config import Settings
from bot.db.database import Database
from bot.db.fsm import SQLiteStorage
from bot.db.users import UserRepo
from bot.handlers import get_routers, run_sync_filters_inline
from bot.handlers import receptions as receptions_handlers
from bot.handlers.appeals import citizen as appeals_citizen
from bot.handlers.appeals import setup as setup_appeals
from bot.handlers.appeals.states import AppealForm
from bot.handlers.privacy import ConsentGate
from bot.handlers.receptions import booking
from bot.handlers.receptions.states import BookingForm
from bot.handlers.staff.kb_digest import GapDigestJob
from bot.handlers.staff.sending import start_sender, stop_sender
from bot.i18n import N_
from bot.jobs import Jobs
from bot.logging_setup import update_id_var
from bot.middlewares.dedupe import DedupeMiddleware
from bot.middlewares.flood import FloodMiddleware
from bot.middlewares.forms import FormPause
from bot.middlewares.scope import UpdateScopeMiddleware
from bot.middlewares.user import UserI18nMiddleware, UserMiddleware
from bot.services.broadcast import BroadcastService
from bot.services.districts import load_districts
from bot.services.kb_edit import KbEditor
from bot.services.kb_feedback import FeedbackService
from bot.services.kb_gaps import GapLog
from bot.services.knowledge import KnowledgeBase
from bot.services.privacy import PrivacyService, RetentionJob
from bot.services.receptions import ReceptionService
from bot.services.roles import RoleService
from bot.services.stats import StatsService
from bot.services.subscriptions import SubscriptionService
from bot.telegram_session import AnsweredQueries, DeliveredUnread

log = logging.getLogger(__name__)

ADMIN_ALERT_INTERVAL = 60.0
# On shutdown, updates being handled get this long to finish before background jobs stop and the database closes.
IN_FLIGHT_GRACE = 15.0
RETENTION_EVERY = 6 * 3600.0  # seconds between retention passes (the first one a minute after start)
REDACTION_EVERY = 60.0  # seconds between passes over staff-chat messages still to redact after /forget
GAP_DIGEST_EVERY = 15 * 60.0  # seconds between checks whether the weekly digest of unanswered questions is due


class Dispatcher(aiogram.Dispatcher):
    """aiogram's Dispatcher, with the update id on every log line written while an update is handled (including
    aiogram's own "Update id=... is handled", which it writes outside all middlewares)."""

    async def feed_update(self, bot: Bot, update: Update, **kwargs: Any) -> Any:
        token = update_id_var.set(update.update_id)
        try:
            return await super().feed_update(bot, update, **kwargs)
        finally:
            update_id_var.reset(token)


def build_dispatcher(
    settings: Settings,
    db: Database,
    knowledge: KnowledgeBase,
    i18n: I18n,
    clock: Clock | None = None,
) -> Dispatcher:
    clock = clock or Clock()
    scope = UpdateScopeMiddleware()
    jobs = Jobs(clock)
    # the one privacy notice: a ConsentService that can also show the notice (handlers get it as both names)
    consent = ConsentGate(db, settings.retention_days)
    privacy = PrivacyService(db, clock)  # features add their data: privacy.register(service)
    roles = RoleService(db, settings.admin_ids)
    storage = SQLiteStorage(db)
    privacy.on_rows_removed(storage.forget_cached)
    dp = Dispatcher(
        storage=storage,
        settings=settings,
        db=db,
        knowledge=knowledge,
        clock=clock,
        i18n=i18n,
        roles=roles,
        consent=consent,
        consent_gate=consent,
        privacy=privacy,
        jobs=jobs,
        update_scope=scope,
    )
    receptions = ReceptionService(
        db,
        roles,
        clock,
        hold=timedelta(minutes=settings.reception_waitlist_hold_minutes),
        cutoff=timedelta(minutes=settings.reception_booking_cutoff_minutes),
        max_active=settings.reception_max_active_bookings,
    )
    dp["receptions"] = receptions
    subscriptions = SubscriptionService(db, load_districts(settings.data_dir / "venues.toml", required=False), clock)
    dp["subscriptions"] = subscriptions
    dp["broadcasts"] = BroadcastService(db, roles, clock)
    dp["stats"] = StatsService(db, subscriptions, clock)
    # the knowledge base kept alive by staff: unanswered questions, feedback on answers, editing in the bot
    gaps = GapLog(db)
    dp["gaps"] = gaps
    dp["feedback"] = FeedbackService(db, gaps)
    dp["kb_editor"] = KbEditor(db, knowledge, roles)
    privacy.register(dp["feedback"], name="answer_feedback")
    users = UserMiddleware(UserRepo(db), settings.default_language)
    dp["user_middleware"] = users
    dp.update.outer_middleware(scope)  # first: counts updates in flight, for a graceful shutdown
    dedupe = DedupeMiddleware(db)
    dp.update.outer_middleware(dedupe)
    dp.update.outer_middleware(users)
    dp.update.outer_middleware(
        FloodMiddleware(i18n, settings.flood_messages, settings.flood_seconds, taps=settings.flood_taps)
    )
    UserI18nMiddleware(i18n, settings.default_language).setup(dp)
    # after the language is known: a menu button or a command in the middle of a form pauses the form
    form_pause = FormPause()
    dp["form_pause"] = form_pause
    dp.message.outer_middleware(form_pause)
    form_pause.register(AppealForm, N_("⏸ Your appeal is paused; what you wrote so far is kept. Continue it, or "
                                       "cancel?"), appeals_citizen.send_step)
    form_pause.register(BookingForm, N_("⏸ Your booking is paused; your answers so far are kept. Continue it, or "
                                        "cancel?"), booking.resume)
    dp.include_routers(*get_routers())
    run_sync_filters_inline(dp)
    setup_appeals(dp, settings, db, i18n, dp["clock"], dp["roles"])
    receptions.district_scope = dp["routing"].districts_of  # district operators: their districts' sessions only
    privacy.register(dp["appeals"], name="appeals")
    # after /forget, the staff chat's cards of the citizen's appeals are redacted: at once, and retried by the job
    privacy.after_forget(dp["appeal_redactor"].run_now)
    jobs.add("appeal-redactions", dp["appeal_redactor"], every=REDACTION_EVERY, first_delay=REDACTION_EVERY)
    receptions_handlers.setup(dp, settings, receptions, i18n, clock)
    privacy.register(receptions, name="legal_help_bookings")
    privacy.register(subscriptions, name="subscriptions")
    # the forms that ask for personal data: what "I agree" / "Decline" under their notice continues with
    consent.on_accept(appeals_citizen.CONSENT_PURPOSE, appeals_citizen.consent_accepted, form=True)
    consent.on_decline(appeals_citizen.CONSENT_PURPOSE, appeals_citizen.consent_declined)
    consent.on_accept(booking.CONSENT_PURPOSE, booking.consent_accepted, form=True)
    consent.on_decline(booking.CONSENT_PURPOSE, booking.consent_declined)
    dp.errors.register(ErrorReporter(i18n, settings).on_error)
    # the command menus: citizens', each staff member's and the staff chat's (bot/commands.py)
    dp["command_menus"] = menus = CommandMenus(i18n, settings, roles)
    dp.startup.register(menus.start)
    dp.shutdown.register(menus.stop)
    jobs.add("retention", RetentionJob(privacy, settings.retention_days), every=RETENTION_EVERY, first_delay=60)
    jobs.add("processed-updates-prune", dedupe, every=RETENTION_EVERY, first_delay=120)
    gap_digest = GapDigestJob(db, gaps, i18n, settings.staff_chat_id, settings.default_language)
    dp["gap_digest"] = gap_digest
    dp.startup.register(gap_digest.on_startup)
    jobs.add("gap-digest", gap_digest, every=GAP_DIGEST_EVERY, first_delay=90)
    dp.startup.register(jobs.start)
    dp.shutdown.register(finish_in_flight)
    dp.shutdown.register(dedupe.flush)
    dp.shutdown.register(jobs.stop)
    dp.startup.register(start_sender)
    dp.shutdown.register(stop_sender)
    return dp


async def finish_in_flight(update_scope: UpdateScopeMiddleware, dispatcher: aiogram.Dispatcher) -> None:
    """Graceful shutdown: no new updates are taken any more; let the ones being handled finish. aiogram's
    polling cancels its loop but not the tasks it started for updates, nor does it wait for them."""
    started = set(getattr(dispatcher, "_handle_update_tasks", ()))
    if started:
        await asyncio.wait(started, timeout=IN_FLIGHT_GRACE)
    await update_scope.wait_idle(IN_FLIGHT_GRACE)


class ErrorReporter:
    """Any exception in a handler: logged with the update id, an apology to the user in their language, an
    alert to the staff chat (at most one a minute). The bot keeps running."""

    def __init__(self, i18n: I18n, settings: Settings) -> None:
        self.i18n = i18n
        self.settings = settings
        self._last_alert = -ADMIN_ALERT_INTERVAL

    async def on_error(self, event: ErrorEvent, bot: Bot, **data: Any) -> bool:
        scope: UpdateScopeMiddleware | None = data.get("update_scope")
        if scope is None:
            return await self._report(event, bot, data)
        with scope.track(event.update.update_id):
            return await self._report(event, bot, data)

    async def _report(self, event: ErrorEvent, bot: Bot, data: dict[str, Any]) -> bool:
        update = event.update
        delivered = isinstance(event.exception, DeliveredUnread)  # Telegram took it; only its answer was unreadable
        if delivered:
            log.warning("update %r: Telegram's answer could not be read (the request was carried out)",
                        update.update_id)
        else:
            # the exception's type only: its message may quote what the citizen wrote (the traceback is masked)
            log.error("update %r failed: %s", update.update_id, type(event.exception).__name__,
                      exc_info=event.exception)
        user = data.get("user")
        lang = user.language if user is not None else self.settings.default_language
        chat_id = None
        if update.message is not None:
            chat_id = update.message.chat.id
        elif update.callback_query is not None:
            chat_id = update.callback_query.from_user.id
            answered: AnsweredQueries | None = data.get("answered_queries")
            if answered is None or not answered.answered(update.callback_query.id):  # Telegram takes one answer
                try:  # a button is answered even when its handler stopped at a delivered, unreadable send
                    await bot.answer_callback_query(update.callback_query.id)
                except Exception:
                    log.warning("could not answer callback of update %r", update.update_id)
        if delivered:  # no apology and no alert: what the citizen was to get was delivered
            return True
        if chat_id is not None:
            text = self.i18n.gettext(
                "Sorry, something went wrong on our side. Please try again a little later.", locale=lang
            )
            try:
                await bot.send_message(chat_id, text)
            except Exception:
                log.warning("could not send the apology for update %r", update.update_id)
        await self.alert_staff(bot, update.update_id, event.exception)
        return True

    async def alert_staff(self, bot: Bot, update_id: int, exc: BaseException) -> None:
        if self.settings.staff_chat_id is None:
            return
        now = time.monotonic()
        if now - self._last_alert < ADMIN_ALERT_INTERVAL:
            return
        self._last_alert = now
        text = self.i18n.gettext(
            "⚠️ Error while handling update {update_id}: {error}. Details are in the bot's log.",
            locale=self.settings.staff_language,
        ).format(update_id=update_id, error=type(exc).__name__)
        try:
            await bot.send_message(self.settings.staff_chat_id, text)
        except Exception:
            log.warning("could not alert the staff chat about update %r", update_id)
