"""/privacy, /mydata, /forget and the consent buttons.

Every action applies to the person who sent the command or pressed the button (``from_user``): the callback
data never names a citizen, so forged data cannot reach anyone else's. /mydata and /forget work only in a
private chat, so that personal data is never posted into a group.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from aiogram import Bot, F, Router, html
from aiogram.dispatcher.event.handler import CallableObject
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.i18n import I18n, ngettext
from aiogram.utils.i18n import gettext as _

from bot import keyboards as main_kb
from bot.clock import LOCAL_TZ, Clock, from_utc_iso
from bot.config import Settings
from bot.db.users import User
from bot.grammar import long_date
from bot.handlers.privacy import keyboards as kb
from bot.handlers.privacy.callbacks import ConsentCb, ForgetCb, PrivacyCb
from bot.handlers.privacy.consent import ConsentGate, privacy_notice
from bot.middlewares.user import UserMiddleware
from bot.services.appeals import AppealService
from bot.services.consent import ConsentService
from bot.services.privacy import ForgetReport, PrivacyService
from bot.services.receptions import ReceptionService

log = logging.getLogger(__name__)

router = Router(name=__name__)
# Only commands reach these message handlers: one check for every other text instead of one per handler.
router.message.filter(F.text.startswith("/"))

PRIVACY_PURPOSE = "privacy"  # consent given from the /privacy screen itself
FORGET_CONFIRM_SECONDS = 24 * 3600  # a /forget confirmation older than this is refused


def _is_private(message: Message | None) -> bool:
    return message is not None and message.chat.type == "private"


async def _drop_buttons(query: CallbackQuery) -> None:
    if isinstance(query.message, Message):
        with contextlib.suppress(TelegramBadRequest):
            await query.message.edit_reply_markup(reply_markup=None)


# ----- /privacy ---------------------------------------------------------------------------------------------


async def privacy_screen(user_id: int, lang: str, consent: ConsentService, settings: Settings) -> str:
    text = privacy_notice(settings.retention_days)
    given_at = await consent.given_at(user_id)
    if given_at is None:
        status = _(
            "You have not given your consent yet. The bot asks for it before it asks for any personal data."
        )
    else:
        day = from_utc_iso(given_at).astimezone(LOCAL_TZ).date()
        status = _("✅ You agreed to this notice on {date}.").format(date=long_date(day, lang))
    return f"{text}\n\n{status}"


@router.message(Command("privacy"))
async def privacy(message: Message, user: User, consent: ConsentService, settings: Settings) -> None:
    consented = await consent.has_current(user.id)
    await message.answer(
        await privacy_screen(user.id, user.language, consent, settings),
        reply_markup=kb.privacy_actions(consented, PRIVACY_PURPOSE, consent.version),
    )


@router.callback_query(PrivacyCb.filter(F.action == "withdraw"))
async def withdraw(query: CallbackQuery, consent: ConsentService) -> None:
    await consent.withdraw(query.from_user.id)
    await query.answer()
    await _drop_buttons(query)
    if isinstance(query.message, Message):
        await query.message.answer(
            _(
                "Your consent is withdrawn. The bot will ask for it again before it takes any personal data. "
                "To erase what it already keeps, use /forget."
            )
        )


# ----- consent buttons (under the notice shown by ConsentGate or /privacy) --------------------------------------


@router.callback_query(ConsentCb.filter())
async def consent_answer(query: CallbackQuery, callback_data: ConsentCb, **data: Any) -> None:
    gate: ConsentGate = data["consent_gate"]
    state: FSMContext | None = data.get("state")
    purpose = callback_data.purpose
    form = gate.is_form(purpose)
    if callback_data.answer not in {"yes", "no"}:
        await query.answer(_("This button is out of date. Please open the menu again: /menu"), show_alert=True)
        return
    if form and (state is None or not await gate.waiting(purpose, callback_data.token, state)):
        # the notice of a form that was finished, cancelled or started again, or of a step it has left
        await query.answer(_("This button is out of date. Please open the menu again: /menu"), show_alert=True)
        await _drop_buttons(query)
        return
    if callback_data.version != gate.version:
        # the citizen saw an older notice: consent is given to the text they read, so show the current one
        await query.answer(_("The privacy notice has changed. Please read the new version."), show_alert=True)
        await _drop_buttons(query)
        if query.message is not None:
            await gate.show(query.message, purpose, state=state if form else None)
        return
    accepted = callback_data.answer == "yes"
    if accepted:
        await gate.record(query.from_user.id)
        log.info("consent given: version=%r purpose=%r", gate.version, purpose)
    if form:
        assert state is not None
        await gate.settle(state)
    await query.answer(_("Consent recorded") if accepted else None)
    await _drop_buttons(query)
    continuation = gate.continuation(purpose, accepted)
    if continuation is not None:
        await CallableObject(continuation).call(query, **data)
        return
    if not isinstance(query.message, Message):
        return
    if accepted:
        await query.message.answer(_("✅ Thank you! Your consent is recorded."))
    else:
        await query.message.answer(
            _(
                "Understood: without your consent the bot does not take personal data, so this service is not "
                "available. Questions and menus still work; /privacy shows the notice again."
            )
        )


@router.callback_query(F.data.startswith("consent:"))
async def consent_old_button(query: CallbackQuery) -> None:
    """Consent buttons of an older layout (before the form token was added)."""
    await query.answer(_("This button is out of date. Please open the menu again: /menu"), show_alert=True)
    await _drop_buttons(query)


# ----- /mydata ------------------------------------------------------------------------------------------------


async def send_my_data(bot: Bot, user: User, privacy: PrivacyService, clock: Clock) -> None:
    document = await privacy.export(user.id)
    day = clock.now().astimezone(LOCAL_TZ).date().isoformat()
    await bot.send_document(
        user.id,
        BufferedInputFile(PrivacyService.to_json(document), filename=f"my-data-{day}.json"),
        caption=_(
            "📦 Everything the bot keeps about you, as a JSON file. Keep it to yourself: it contains your "
            "personal data."
        ),
    )


@router.message(Command("mydata"), F.chat.type == "private")
async def my_data(message: Message, bot: Bot, user: User, privacy: PrivacyService, clock: Clock) -> None:
    await send_my_data(bot, user, privacy, clock)


@router.callback_query(PrivacyCb.filter(F.action == "mydata"))
async def my_data_button(query: CallbackQuery, bot: Bot, user: User, privacy: PrivacyService, clock: Clock) -> None:
    if not _is_private(query.message if isinstance(query.message, Message) else None):
        await query.answer(_("For your privacy, this command works only in a private chat with the bot."),
                           show_alert=True)
        return
    await query.answer()
    await send_my_data(bot, user, privacy, clock)


# ----- /forget ------------------------------------------------------------------------------------------------


async def ask_to_forget(message: Message, clock: Clock, receptions: ReceptionService, appeals: AppealService) -> None:
    """The confirmation says exactly what erasing does to what the citizen has going on (bookings, the
    waitlist, open appeals) before they confirm."""
    user_id = message.chat.id  # a private chat: the citizen's own id
    bookings, waiting = await receptions.erasure_preview(user_id)
    open_appeals = sum(1 for a in await appeals.list_for_citizen(user_id, limit=1000) if a.is_open)
    consequences = []
    if bookings:
        consequences.append("• " + ngettext(
            "Your {n} upcoming legal consultation booking will be cancelled, and its place offered to others.",
            "Your {n} upcoming legal consultation bookings will be cancelled, and their places offered to others.",
            bookings).format(n=bookings))
    if waiting:
        consequences.append("• " + ngettext(
            "You will leave the waitlist of {n} reception.", "You will leave the waitlists of {n} receptions.",
            waiting).format(n=waiting))
    if open_appeals:
        consequences.append("• " + ngettext(
            "Your {n} open appeal will no longer be answered in the bot: the staff keep it without your name and "
            "contacts and cannot reach you here.",
            "Your {n} open appeals will no longer be answered in the bot: the staff keep them without your name "
            "and contacts and cannot reach you here.",
            open_appeals).format(n=open_appeals))
    text = _(
        "🗑 <b>Erase your personal data?</b>\n\n"
        "The bot will delete everything it keeps about you: your name and language, your consent, "
        "unfinished forms, and the names, phone numbers and texts in your appeals, consultation bookings "
        "and subscriptions. Only anonymous counts stay in the statistics. This cannot be undone.\n\n"
        "Messages in this chat stay in Telegram: you can delete the chat in your app."
    )
    if consequences:
        text += "\n\n" + _("<b>What else will happen:</b>") + "\n" + "\n".join(consequences)
    await message.answer(text, reply_markup=kb.forget_confirm(int(clock.now().timestamp())))


@router.message(Command("forget"), F.chat.type == "private")
async def forget(message: Message, clock: Clock, receptions: ReceptionService, appeals: AppealService) -> None:
    await ask_to_forget(message, clock, receptions, appeals)


@router.callback_query(PrivacyCb.filter(F.action == "forget"))
async def forget_button(query: CallbackQuery, clock: Clock, receptions: ReceptionService,
                        appeals: AppealService) -> None:
    if not (isinstance(query.message, Message) and _is_private(query.message)):
        await query.answer(_("For your privacy, this command works only in a private chat with the bot."),
                           show_alert=True)
        return
    await query.answer()
    await ask_to_forget(query.message, clock, receptions, appeals)


@router.callback_query(ForgetCb.filter())
async def forget_confirmed(
    query: CallbackQuery,
    callback_data: ForgetCb,
    bot: Bot,
    privacy: PrivacyService,
    clock: Clock,
    settings: Settings,
    i18n: I18n,
    user_middleware: UserMiddleware,
) -> None:
    message = query.message if isinstance(query.message, Message) else None
    age = clock.now().timestamp() - callback_data.asked_at
    if callback_data.answer not in {"yes", "no"} or not 0 <= age <= FORGET_CONFIRM_SECONDS or not _is_private(
        message
    ):
        await query.answer(_("This confirmation is out of date. Send /forget again."), show_alert=True)
        await _drop_buttons(query)
        return
    await query.answer()
    await _drop_buttons(query)
    assert message is not None
    if callback_data.answer == "no":
        await message.answer(_("Nothing was erased."), reply_markup=main_kb.main_menu())
        return
    report = await privacy.forget(query.from_user.id)
    user_middleware.forget(query.from_user.id)
    await message.answer(
        _(
            "✅ Done: your personal data has been erased. If you write to the bot again, it starts afresh, as "
            "with a new visitor."
        ),
        reply_markup=main_kb.main_menu(),
    )
    if report.open_appeals:
        await tell_staff(bot, settings, i18n, report)
    await privacy.forgotten(report)  # e.g. the staff chat's cards lose the data too (best effort)


async def tell_staff(bot: Bot, settings: Settings, i18n: I18n, report: ForgetReport) -> None:
    """The staff must know that open appeals lost their citizen's contact details."""
    if settings.staff_chat_id is None:
        log.warning("a citizen with %r open appeal(s) erased their data; STAFF_CHAT_ID is not set", report.open_appeals)
        return
    with i18n.use_locale(settings.staff_language):
        text = ngettext(
            "⚠️ A citizen has erased their personal data (/forget) while {n} of their appeals was still open. "
            "Their personal data has been removed from it; please review the appeal.",
            "⚠️ A citizen has erased their personal data (/forget) while {n} of their appeals were still open. "
            "Their personal data has been removed from them; please review these appeals.",
            report.open_appeals,
        ).format(n=report.open_appeals)
        if report.open_tickets:
            numbers = ", ".join(report.open_tickets)
            text += "\n" + _("Appeals: {numbers}").format(numbers=html.quote(numbers))
    try:
        await bot.send_message(settings.staff_chat_id, text)
    except Exception:
        log.warning("could not tell the staff chat about open appeals of an erased citizen", exc_info=True)


# ----- the same commands in a group: never post personal data there -------------------------------------------


@router.message(Command("mydata", "forget"))
async def private_only(message: Message) -> None:
    await message.answer(_("For your privacy, this command works only in a private chat with the bot."))
