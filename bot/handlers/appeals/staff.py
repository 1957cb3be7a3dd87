"""The reception staff's side: buttons under the appeal cards, replies in the staff chat, /appeals with filters,
/appeal <ticket>, /appeals_export, and (administrators) /appeal_block and /appeal_unblock.

The router lets only staff through (HasRole, checked in the database on every update); the service checks the
role again on every action, so a forged button can never act.
"""

from __future__ import annotations

import csv
import io
import logging
from datetime import date, datetime

from aiogram import Bot, F, Router, html
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject, or_f
from aiogram.types import BufferedInputFile, CallbackQuery, Message, ReplyParameters
from aiogram.utils.i18n import gettext as _

from bot.clock import LOCAL_TZ
from bot.db.users import User
from bot.filters import HasRole
from bot.handlers.appeals import keyboards as akb
from bot.handlers.appeals import texts
from bot.handlers.appeals.callbacks import StaffCb, StaffListCb
from bot.handlers.appeals.citizen import is_unsupported, message_files
from bot.handlers.appeals.relay import AppealRelay
from bot.handlers.appeals.routing import DistrictGuard, other_district_alert
from bot.services.appeals import (
    CATEGORIES,
    FORWARDED,
    NOTE_REQUIRED,
    OPEN_STATUSES,
    REJECT_REASONS,
    REJECTED,
    STATUSES,
    Appeal,
    AppealService,
    Change,
    ExportedAppeal,
    Filters,
    Invalid,
    NotFound,
    NotOpen,
    NotStaff,
)
from bot.services.roles import ADMIN
from bot.text import limits

log = logging.getLogger(__name__)

router = Router(name=__name__)
# Cheap checks first: only commands and replies are staff messages; then the role, from the database.
router.message.filter(or_f(F.reply_to_message, F.text.startswith("/")), HasRole())
router.callback_query.filter(or_f(StaffCb.filter(), StaffListCb.filter()), HasRole())
router.callback_query.middleware(DistrictGuard())  # district staff: another district's appeal is refused

PAGE_SIZE = 10
CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def not_staff_alert() -> str:
    return _("This button is for the reception staff only.")


async def status_by_button(query: CallbackQuery, appeals: AppealService, appeal_id: int, staff_id: int, status: str,
                           reason: str | None = None) -> Change | None:
    """A status set with a button; None (and an alert saying why) when it cannot be: not staff any more, the
    appeal gone, or closed meanwhile."""
    try:
        return await appeals.set_status(appeal_id, staff_id, status, reason=reason)
    except NotStaff:
        await query.answer(not_staff_alert(), show_alert=True)
    except NotFound:
        await query.answer(_("Appeal not found."), show_alert=True)
    except (Invalid, NotOpen):
        await query.answer(_("This appeal cannot be changed any more."), show_alert=True)
    return None


async def drop_buttons(message: object, appeal_id: int) -> None:
    """A prompt or a confirmation whose buttons were used: they go (a second tap would do nothing useful)."""
    if isinstance(message, Message) and message.reply_markup is not None:
        try:
            await message.edit_reply_markup(reply_markup=None)
        except TelegramBadRequest:  # too old, or already without buttons: harmless
            log.debug("buttons of a message of appeal %r not removed", appeal_id)


async def after_change(bot: Bot, relay: AppealRelay, change: Change) -> None:
    """Show the change on the cards and tell the citizen, in their language."""
    await relay.refresh_cards(bot, change.appeal)
    if not change.changed:
        return
    if change.previous_status == "new" and change.appeal.status == "in_progress" and change.appeal.assignee_id:
        await relay.notify_taken(bot, change.appeal)
    elif change.previous_status != change.appeal.status or change.appeal.status in NOTE_REQUIRED:
        await relay.notify_status(bot, change.appeal)


# ----- buttons on a card ------------------------------------------------------------------------------------
@router.callback_query(StaffCb.filter(F.action == "take"))
async def take(query: CallbackQuery, callback_data: StaffCb, user: User, bot: Bot, appeals: AppealService,
               relay: AppealRelay) -> None:
    try:
        change = await appeals.take(callback_data.id, user.id)
    except NotStaff:
        await query.answer(not_staff_alert(), show_alert=True)
        return
    except NotFound:
        await query.answer(_("Appeal not found."), show_alert=True)
        return
    await query.answer(_("The appeal is yours") if change.changed else _("You have already taken this appeal"))
    await after_change(bot, relay, change)


async def staff_appeal(
    query: CallbackQuery, callback_data: StaffCb, user: User, appeals: AppealService, citizen_needed: bool = False
) -> Appeal | None:
    """The appeal a staff button points to, after checking the presser's role; otherwise the presser gets an
    alert and None. ``citizen_needed``: also refuse an appeal whose citizen has been erased (/forget)."""
    try:
        await appeals.require_staff(user.id)
    except NotStaff:
        await query.answer(not_staff_alert(), show_alert=True)
        return None
    appeal = await appeals.get(callback_data.id)
    if appeal is None or (citizen_needed and appeal.user_id is None):
        await query.answer(_("Appeal not found."), show_alert=True)
        return None
    await query.answer()
    return appeal


@router.callback_query(StaffCb.filter(F.action == "status"))
async def status(query: CallbackQuery, callback_data: StaffCb, user: User, bot: Bot, appeals: AppealService,
                 relay: AppealRelay) -> None:
    if callback_data.status not in STATUSES:
        await query.answer(_("This button is out of date. Please open the menu again: /menu"), show_alert=True)
        return
    if callback_data.status in NOTE_REQUIRED:
        # the reason / the state body is asked for first; the status changes when it is given
        appeal = await staff_appeal(query, callback_data, user, appeals)
        if appeal is None:
            return
        purpose = "reject" if callback_data.status == REJECTED else "forward"
        chat_id = query.message.chat.id if query.message else user.id
        reply_to = query.message.message_id if isinstance(query.message, Message) else None
        await relay.prompt(bot, chat_id, appeal, purpose, reply_to)
        return
    change = await status_by_button(query, appeals, callback_data.id, user.id, callback_data.status)
    if change is None:
        return
    await query.answer(texts.status_label(change.appeal.status))
    if query.message is not None and (query.message.chat.id, query.message.message_id) not in \
            await appeals.cards(change.appeal.id):
        await drop_buttons(query.message, change.appeal.id)  # the choice under an answer's confirmation
    await after_change(bot, relay, change)


@router.callback_query(StaffCb.filter(F.action == "reason"))
async def reason(query: CallbackQuery, callback_data: StaffCb, user: User, bot: Bot, appeals: AppealService,
                 relay: AppealRelay) -> None:
    """A rejection reason from the list under the prompt: the citizen reads it in their own language."""
    if callback_data.status not in REJECT_REASONS:
        await query.answer(_("This button is out of date. Please open the menu again: /menu"), show_alert=True)
        return
    change = await status_by_button(query, appeals, callback_data.id, user.id, REJECTED, reason=callback_data.status)
    if change is None:
        return
    await query.answer(texts.status_label(REJECTED))
    await drop_buttons(query.message, change.appeal.id)
    if isinstance(query.message, Message):
        await query.message.reply(_("✅ {ticket}: {status}. The citizen has been told.").format(
            ticket=change.appeal.ticket, status=texts.status_label(REJECTED)))
    await after_change(bot, relay, change)


@router.callback_query(StaffCb.filter(F.action == "reply"))
async def reply_button(query: CallbackQuery, callback_data: StaffCb, user: User, bot: Bot,
                       appeals: AppealService, relay: AppealRelay) -> None:
    appeal = await staff_appeal(query, callback_data, user, appeals, citizen_needed=True)
    if appeal is None:
        return
    chat_id = query.message.chat.id if query.message else user.id
    reply_to = query.message.message_id if isinstance(query.message, Message) else None
    await relay.prompt(bot, chat_id, appeal, "reply", reply_to)


@router.callback_query(StaffCb.filter(F.action == "open"))
async def open_card(query: CallbackQuery, callback_data: StaffCb, user: User, bot: Bot,
                    appeals: AppealService, relay: AppealRelay) -> None:
    appeal = await staff_appeal(query, callback_data, user, appeals)
    if appeal is None:
        return
    chat_id = query.message.chat.id if query.message else user.id
    await send_card(bot, chat_id, appeal, appeals, relay)


async def send_card(bot: Bot, chat_id: int, appeal: Appeal, appeals: AppealService, relay: AppealRelay) -> None:
    lang = await relay.chat_language(chat_id)
    text, markup, _fits = await relay.card(appeal, lang)
    card = await bot.send_message(chat_id, text, reply_markup=markup)
    await appeals.link_message(appeal.id, chat_id, card.message_id, "card")
    history = await appeals.history(appeal.id)
    with relay.locale(lang):
        lines = [texts.history_line(item, lang) for item in history]
    if lines:
        body = "\n".join(lines[-15:])
        msg = await bot.send_message(chat_id, limits.fit(body), reply_parameters=ReplyParameters(
            message_id=card.message_id, allow_sending_without_reply=True))
        await appeals.link_message(appeal.id, chat_id, msg.message_id, "post")


# ----- replies in the staff chat ------------------------------------------------------------------------------
@router.message(F.reply_to_message)
async def staff_message(message: Message, user: User, bot: Bot, appeals: AppealService,
                        relay: AppealRelay) -> None:
    """A staff member replied to an appeal's message (the card, a follow-up, a prompt): an answer for the citizen,
    or the reason / state body a prompt asked for."""
    assert message.reply_to_message is not None
    linked = await appeals.linked(message.chat.id, message.reply_to_message.message_id)
    if linked is None or (message.text or "").startswith("/"):
        raise SkipHandler()
    appeal, purpose = linked
    if not await appeals.may_handle(user.id, appeal):
        await message.reply(other_district_alert())
        return
    if purpose in ("reject", "forward"):
        note = (message.text or "").strip()
        if not note:
            await message.reply(_("Please write it in text."))
            return
        target = REJECTED if purpose == "reject" else FORWARDED
        try:
            change = await appeals.set_status(appeal.id, user.id, target, note)
        except NotStaff:
            return
        except (Invalid, NotOpen):
            await message.reply(_("This appeal cannot be changed any more."))
            return
        await drop_buttons(message.reply_to_message, appeal.id)  # the reasons under the prompt
        await message.reply(_("✅ {ticket}: {status}. The citizen has been told.").format(
            ticket=appeal.ticket, status=texts.status_label(target)))
        await after_change(bot, relay, change)
        return
    if is_unsupported(message):
        await message.reply(_("Only text, photos and documents reach the citizen."))
        return
    file = message_files(message)
    text = (message.text if message.text is not None else message.caption) or ""
    files = [file] if file else []
    try:
        change = await appeals.staff_reply(appeal.id, user.id, text, files)
    except NotStaff:
        return
    except Invalid:
        await message.reply(_("Only text, photos and documents reach the citizen."))
        return
    except (NotFound, NotOpen):
        await message.reply(_("The citizen of {ticket} has asked to erase their data; the answer cannot be "
                              "delivered.").format(ticket=appeal.ticket))
        return
    updated = change.appeal
    failure = await relay.deliver_staff_reply(bot, updated, text.strip(), files, answered_now=change.changed)
    if failure is None:
        reply_text = _("✅ Sent to the citizen ({ticket}).").format(ticket=appeal.ticket)
    elif failure == "blocked":
        reply_text = _("⚠️ Saved in {ticket}, but the citizen has blocked the bot or deleted the chat: the answer "
                       "could not be delivered.").format(ticket=appeal.ticket)
    elif failure == "erased":
        reply_text = _("The citizen of {ticket} has asked to erase their data; the answer cannot be "
                       "delivered.").format(ticket=appeal.ticket)
    else:  # what Telegram said, as it said it: the true reason, for whoever fixes it
        reply_text = _("⚠️ Saved in {ticket}, but Telegram refused to deliver it: {reason}").format(
            ticket=appeal.ticket, reason=f"<code>{html.quote(failure)}</code>")
    status = texts.status_label(updated.status)
    if change.changed:
        reply_text += "\n" + _("The appeal is now «{status}»; if the answer was not final, keep it in "
                               "progress.").format(status=status)
    elif updated.status in OPEN_STATUSES:
        reply_text += "\n" + _("The appeal stays «{status}»; when the answer is final, mark it "
                               "answered.").format(status=status)
    confirm = await message.reply(reply_text, reply_markup=akb.after_answer(updated))
    await appeals.link_message(appeal.id, message.chat.id, confirm.message_id, "note")  # no personal data
    if change.changed:
        await relay.refresh_cards(bot, updated)


# ----- /appeals ------------------------------------------------------------------------------------------------
def filters_of(cb: StaffListCb) -> Filters:
    return Filters(
        status=cb.status if cb.status in OPEN_STATUSES else None,
        category=cb.category if cb.category in CATEGORIES else None,
        district=cb.district or None,
        overdue=cb.overdue,
    )


async def list_screen(cb: StaffListCb, appeals: AppealService, relay: AppealRelay, lang: str,
                      districts: frozenset[str] | None = None) -> tuple[str, object]:
    items, total = await appeals.list_open(filters_of(cb), limit=PAGE_SIZE, offset=cb.page * PAGE_SIZE,
                                           districts=districts)
    today = appeals.today()
    parts = [
        _("📋 <b>Open appeals: {total}</b>").format(total=total),
        _("Status: {value}").format(value=texts.status_label(cb.status) if cb.status else _("all open")),
        _("Category: {value}").format(value=texts.category_label(cb.category) if cb.category else _("all")),
        _("District: {value}").format(
            value=html.quote(texts.district_label(relay.districts, cb.district, lang)) if cb.district else _("all")
        ),
    ]
    if cb.overdue:
        parts.append(_("Only overdue"))
    parts.append("")
    if items:
        start = cb.page * PAGE_SIZE
        parts += [f"{start + i}. " + texts.staff_list_line(a, relay.districts, lang, today)
                  for i, a in enumerate(items, 1)]
    else:
        parts.append(_("Nothing matches these filters."))
    return "\n".join(parts), akb.staff_list(items, cb, total, PAGE_SIZE)


@router.message(Command("appeals"))
async def appeals_list(message: Message, user: User, appeals: AppealService, relay: AppealRelay) -> None:
    await appeals.require_staff(user.id)
    text, markup = await list_screen(StaffListCb(), appeals, relay, user.language, await appeals.scope_of(user.id))
    await message.answer(text, reply_markup=markup)  # type: ignore[arg-type]


@router.callback_query(StaffListCb.filter())
async def appeals_list_button(query: CallbackQuery, callback_data: StaffListCb, user: User,
                              appeals: AppealService, relay: AppealRelay) -> None:
    try:
        await appeals.require_staff(user.id)
    except NotStaff:
        await query.answer(not_staff_alert(), show_alert=True)
        return
    await query.answer()
    if callback_data.pick in ("status", "category", "district"):
        text = _("Choose:")
        markup = akb.staff_pick(callback_data, relay.district_list, user.language)
    else:
        text, markup = await list_screen(callback_data, appeals, relay, user.language,  # type: ignore[assignment]
                                         await appeals.scope_of(user.id))
    if isinstance(query.message, Message):
        try:
            await query.message.edit_text(text, reply_markup=markup)  # type: ignore[arg-type]
        except TelegramBadRequest as exc:
            if "not modified" not in str(exc):
                await query.message.answer(text, reply_markup=markup)  # type: ignore[arg-type]


@router.message(Command("appeal"))
async def appeal_by_ticket(message: Message, command: CommandObject, user: User, bot: Bot,
                           appeals: AppealService, relay: AppealRelay) -> None:
    await appeals.require_staff(user.id)
    appeal = await appeals.by_ticket(command.args or "")
    if appeal is None:
        await message.answer(_("Appeal not found. Usage: /appeal A-2025-00042"))
        return
    if not await appeals.may_handle(user.id, appeal):
        await message.answer(other_district_alert())
        return
    await send_card(bot, message.chat.id, appeal, appeals, relay)


# ----- export ---------------------------------------------------------------------------------------------------
def parse_day(text: str) -> date | None:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def safe_cell(value: object) -> str:
    """A CSV cell Excel never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_FORMULA_START) else text


def build_csv(items: list[ExportedAppeal], relay: AppealRelay, lang: str, today: date) -> bytes:
    """UTF-8 with a BOM and ";" between cells: Excel in Kazakh and Russian locales opens it as is."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([
        _("Ticket"), _("Submitted"), _("Status"), _("Category"), _("District"), _("Name"), _("Phone"),
        _("Address"), _("Text"), _("Taken by (Telegram id)"), _("Answer due"), _("Closed"), _("Overdue"),
        _("Rating"), _("Rating comment"), _("Source"),
    ])
    for a in items:
        closed = a.closed_at.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M") if a.closed_at else ""
        overdue = (a.closed_at.astimezone(LOCAL_TZ).date() if a.closed_at else today) > a.due_date
        writer.writerow([safe_cell(v) for v in (
            a.ticket, a.created_at.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M"),
            texts.status_label(a.status).split(" ", 1)[-1], texts.category_label(a.category).split(" ", 1)[-1],
            texts.district_label(relay.districts, a.district, lang), a.name, a.phone, a.address or "", a.text,
            a.assignee_id or "", a.due_date.isoformat(), closed, _("yes") if overdue else _("no"),
            a.rating or "", a.rating_comment or "",
            _("unanswered question") if a.source == "question" else _("form"),
        )])
    return out.getvalue().encode("utf-8-sig")


@router.message(Command("appeals_export"))
async def export(message: Message, command: CommandObject, user: User, bot: Bot, appeals: AppealService,
                 relay: AppealRelay) -> None:
    args = (command.args or "").split()
    today = appeals.today()
    start, end = today.replace(day=1), today
    if args:
        parsed = [parse_day(a) for a in args[:2]]
        if any(p is None for p in parsed):
            await message.answer(_("Usage: /appeals_export 2025-03-01 2025-03-31 (or 01.03.2025 31.03.2025); "
                                   "without dates, the current month."))
            return
        start = parsed[0]  # type: ignore[assignment]
        end = parsed[1] if len(parsed) > 1 else today  # type: ignore[assignment]
    if end < start:
        start, end = end, start
    try:
        items = await appeals.export(user.id, start, end)
    except NotStaff:
        return
    lang = await relay.chat_language(message.chat.id)
    with relay.locale(lang):
        data = build_csv(items, relay, lang, today)
        caption = _("Appeals submitted from {start} to {end}: {n}").format(
            start=texts.fmt_date(start, lang), end=texts.fmt_date(end, lang), n=len(items))
        summary = texts.counts_text(appeals.counts(items), relay.districts, lang)
    await bot.send_document(
        message.chat.id, BufferedInputFile(data, filename=f"appeals_{start.isoformat()}_{end.isoformat()}.csv"),
        caption=caption,
    )
    await message.answer(f"{caption}\n\n{summary}")


# ----- blocking (administrators) ------------------------------------------------------------------------------
async def target_user(appeals: AppealService, arg: str) -> int | None:
    if arg.lstrip("-").isdigit():
        return int(arg)
    appeal = await appeals.by_ticket(arg)
    return appeal.user_id if appeal else None


@router.message(Command("appeal_block", "appeal_unblock"), HasRole(ADMIN))
async def block(message: Message, command: CommandObject, user: User, appeals: AppealService) -> None:
    args = (command.args or "").split(maxsplit=1)
    target = await target_user(appeals, args[0]) if args else None
    if target is None:
        await message.answer(_("Usage: /appeal_block A-2025-00042 (the reason may follow) or /appeal_block "
                               "123456789 (a Telegram id); /appeal_unblock the same way."))
        return
    try:
        if command.command == "appeal_block":
            changed = await appeals.block(user.id, target, args[1] if len(args) > 1 else None)
            text = (_("🚫 Citizen {id} can no longer file appeals.") if changed
                    else _("Citizen {id} was already blocked."))
        else:
            changed = await appeals.unblock(user.id, target)
            text = (_("✅ Citizen {id} can file appeals again.") if changed
                    else _("Citizen {id} was not blocked."))
    except NotStaff:
        await message.answer(_("Only an administrator can do this."))
        return
    await message.answer(text.format(id=target))


@router.message(Command("appeal_block", "appeal_unblock"))
async def block_not_admin(message: Message) -> None:
    await message.answer(_("Only an administrator can do this."))

