"""/broadcast (a guided dialogue: Kazakh text, Russian text, optional attachment, audience, exact preview, send
now or schedule), /broadcasts (past and planned broadcasts with figures), and stopping a broadcast.

Administrators and operators only: the router's HasRole filter asks the database on every update, and the
service checks the role again before anything is stored or stopped.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from aiogram import Bot, F, Router, html
from aiogram.enums import MessageEntityType
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from bot.clock import Clock
from bot.config import Settings
from bot.db.users import User
from bot.filters import HasRole
from bot.handlers.staff import keyboards as kb
from bot.handlers.staff import render
from bot.handlers.staff.callbacks import AudienceCb, BroadcastCb, DraftCb
from bot.handlers.staff.states import BroadcastForm
from bot.i18n import LANGUAGES, N_
from bot.services.broadcast import (
    CANCELLED,
    CAPTION_LIMIT,
    DONE,
    MAX_SCHEDULE_AHEAD,
    OPEN_STATUSES,
    TEXT_LIMIT,
    BroadcastService,
    Draft,
    NotAllowed,
    Outgoing,
    parse_local_datetime,
)
from bot.services.roles import ADMIN, OPERATOR
from bot.services.subscriptions import Audience, SubscriptionService

log = logging.getLogger(__name__)

router = Router(name=__name__)
router.message.filter(HasRole(ADMIN, OPERATOR))
router.callback_query.filter(HasRole(ADMIN, OPERATOR))

FORMATTING = {
    MessageEntityType.BOLD, MessageEntityType.ITALIC, MessageEntityType.UNDERLINE, MessageEntityType.STRIKETHROUGH,
    MessageEntityType.SPOILER, MessageEntityType.CODE, MessageEntityType.PRE, MessageEntityType.TEXT_LINK,
    MessageEntityType.BLOCKQUOTE, MessageEntityType.EXPANDABLE_BLOCKQUOTE, MessageEntityType.CUSTOM_EMOJI,
    MessageEntityType.TEXT_MENTION,
}
FIRST, SECOND = LANGUAGES  # the dialogue asks for the Kazakh text, then the Russian one
ASK_TEXT = {
    "kk": N_(
        "📣 <b>New broadcast</b>\n\n"
        "Step 1 of 4. Send the text of the message in <b>Kazakh</b>.\n\n"
        "Format it with Telegram's own tools (bold, italic, links), or write the HTML tags "
        "&lt;b&gt;, &lt;i&gt;, &lt;u&gt;, &lt;a href=\"…\"&gt; yourself. At most 4096 characters. "
        "To stop: /cancel"
    ),
    "ru": N_("Step 2 of 4. Now send the same message in <b>Russian</b>."),
}
TEXT_ACCEPTED = {
    "kk": N_("☝️ This is how the Kazakh text will look."),
    "ru": N_("☝️ This is how the Russian text will look."),
}
TEXT_REJECTED = {
    "kk": N_(
        "Telegram did not accept the Kazakh text: {error}\n\nCheck the formatting and send the Kazakh text again."
    ),
    "ru": N_(
        "Telegram did not accept the Russian text: {error}\n\nCheck the formatting and send the Russian text again."
    ),
}
PREVIEW_HEADER = {
    "kk": N_("👇 Subscribers who read the bot in Kazakh ({n}) will receive exactly this:"),
    "ru": N_("👇 Subscribers who read the bot in Russian ({n}) will receive exactly this:"),
}
ATTACHMENTS = {None: N_("none"), "photo": N_("a photo"), "document": N_("a document")}


def not_command(message: Message) -> bool:
    """Commands (/cancel, /start...) are left to their own handlers, even in the middle of the dialogue."""
    return not (message.text or "").startswith("/")


def message_html(message: Message) -> str:
    """The message as Telegram HTML: formatting made with Telegram's tools is converted; a plain text is taken
    as HTML only when it contains a tag, otherwise exactly as typed."""
    text = message.text or ""
    if any(e.type in FORMATTING for e in message.entities or ()):
        return message.html_text
    return text if "<" in text else html.quote(text)


async def send_outgoing(bot: Bot, chat_id: int, message: Outgoing) -> None:
    """Exactly what a recipient gets (the sender sends the same way)."""
    if message.media_type == "photo" and message.media_file_id:
        await bot.send_photo(chat_id, message.media_file_id, caption=message.text)
    elif message.media_type == "document" and message.media_file_id:
        await bot.send_document(chat_id, message.media_file_id, caption=message.text)
    else:
        await bot.send_message(chat_id, message.text)


def draft_of(data: dict[str, Any]) -> Draft:
    return Draft(
        texts={lang: data[f"text_{lang}"] for lang in LANGUAGES},
        audience=Audience(data["audience_kind"], data.get("audience_value")),
        media_type=data.get("media_type"),
        media_file_id=data.get("media_file_id"),
    )


# ----- step 1 and 2: texts ----------------------------------------------------------------------------------
@router.message(Command("broadcast"), F.chat.type == "private")
async def start(message: Message, state: FSMContext) -> None:
    await state.clear()
    await state.set_state(BroadcastForm.text_kk)
    await state.set_data({"draft": uuid.uuid4().hex})
    await message.answer(_(ASK_TEXT[FIRST]))


@router.message(Command("broadcast"))
async def start_in_group(message: Message) -> None:
    await message.answer(_("Please prepare a broadcast in a private chat with the bot: there the preview is seen "
                           "by you only."))


async def accept_text(message: Message, state: FSMContext, lang: str) -> None:
    text = message_html(message)
    length = len(render.plain(text))
    if not render.plain(text).strip():
        await message.answer(_("The text is empty. Please send the text of the message."))
        return
    if length > TEXT_LIMIT:
        await message.answer(
            ngettext("The text is too long: {n} character, Telegram allows at most {limit}. Please shorten it and "
                     "send it again.", "The text is too long: {n} characters, Telegram allows at most {limit}. "
                     "Please shorten it and send it again.", length).format(n=length, limit=TEXT_LIMIT)
        )
        return
    try:  # Telegram itself checks the formatting: the text is shown back exactly as recipients will see it
        await message.answer(text)
    except TelegramBadRequest as exc:
        await message.answer(_(TEXT_REJECTED[lang]).format(error=html.quote(exc.message)))
        return
    await state.update_data({f"text_{lang}": text})
    if lang == "kk":
        await state.set_state(BroadcastForm.text_ru)
        await message.answer(_(TEXT_ACCEPTED[lang]) + "\n\n" + _(ASK_TEXT[SECOND]))
    else:
        await state.set_state(BroadcastForm.media)
        await message.answer(
            _(TEXT_ACCEPTED[lang]) + "\n\n"
            + ngettext("Step 3 of 4. Send a photo or a document to go with the message, or press «Without "
                       "attachment».\nWith an attachment each text becomes its caption: at most {limit} character.",
                       "Step 3 of 4. Send a photo or a document to go with the message, or press «Without "
                       "attachment».\nWith an attachment each text becomes its caption: at most {limit} characters.",
                       CAPTION_LIMIT).format(
                limit=CAPTION_LIMIT
            ),
            reply_markup=kb.no_media(),
        )


@router.message(BroadcastForm.text_kk, F.text, not_command)
async def text_kk(message: Message, state: FSMContext) -> None:
    await accept_text(message, state, "kk")


@router.message(BroadcastForm.text_ru, F.text, not_command)
async def text_ru(message: Message, state: FSMContext) -> None:
    await accept_text(message, state, "ru")


@router.message(StateFilter(BroadcastForm.text_kk, BroadcastForm.text_ru), not_command)
async def text_expected(message: Message) -> None:
    await message.answer(_("Please send the text as an ordinary message; a photo or a document can be added at "
                           "the next step."))


# ----- step 3: attachment -----------------------------------------------------------------------------------
async def attach(message: Message, state: FSMContext, media_type: str, file_id: str,
                 subscriptions: SubscriptionService, user: User) -> None:
    data = await state.get_data()
    for lang in LANGUAGES:
        length = len(render.plain(data[f"text_{lang}"]))
        if length > CAPTION_LIMIT:
            await message.answer(
                ngettext("With an attachment the text becomes its caption, and Telegram allows at most {limit} "
                         "character there; one of the texts has {n}. Press «Without attachment», or start again with "
                         "/broadcast and shorten the texts.",
                         "With an attachment the text becomes its caption, and Telegram allows at most {limit} "
                         "characters there; one of the texts has {n}. Press «Without attachment», or start again "
                         "with /broadcast and shorten the texts.", CAPTION_LIMIT).format(limit=CAPTION_LIMIT, n=length),
                reply_markup=kb.no_media(),
            )
            return
    await state.update_data(media_type=media_type, media_file_id=file_id)
    await ask_audience(message, state, subscriptions, user)


@router.message(BroadcastForm.media, F.photo)
async def media_photo(message: Message, state: FSMContext, subscriptions: SubscriptionService, user: User) -> None:
    assert message.photo
    await attach(message, state, "photo", message.photo[-1].file_id, subscriptions, user)


@router.message(BroadcastForm.media, F.document)
async def media_document(
    message: Message, state: FSMContext, subscriptions: SubscriptionService, user: User
) -> None:
    assert message.document
    await attach(message, state, "document", message.document.file_id, subscriptions, user)


@router.message(BroadcastForm.media, not_command)
async def media_expected(message: Message) -> None:
    await message.answer(_("Please send a photo or a document, or press «Without attachment»."),
                         reply_markup=kb.no_media())


@router.callback_query(BroadcastForm.media, DraftCb.filter(F.action == "nomedia"))
async def media_none(query: CallbackQuery, state: FSMContext, subscriptions: SubscriptionService, user: User) -> None:
    await query.answer()
    await state.update_data(media_type=None, media_file_id=None)
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await ask_audience(query.message, state, subscriptions, user)


# ----- step 4: audience -------------------------------------------------------------------------------------
async def audience_counts(subscriptions: SubscriptionService) -> dict[str, dict[str, int]]:
    return {
        "all": await subscriptions.audience_counts(Audience("all")),
        "kk": await subscriptions.audience_counts(Audience("language", "kk")),
        "ru": await subscriptions.audience_counts(Audience("language", "ru")),
    }


def audience_prompt() -> str:
    return _("Step 4 of 4. Who should receive it? The numbers are the active subscribers right now.")


async def ask_audience(message: Message, state: FSMContext, subscriptions: SubscriptionService, user: User) -> None:
    await state.set_state(BroadcastForm.audience)
    counts = await audience_counts(subscriptions)
    await message.answer(audience_prompt(), reply_markup=kb.audiences(counts, user.language))


@router.callback_query(
    StateFilter(BroadcastForm.audience, BroadcastForm.preview), DraftCb.filter(F.action == "audiences")
)
async def audiences_again(
    query: CallbackQuery, state: FSMContext, subscriptions: SubscriptionService, user: User
) -> None:
    await query.answer()
    await state.set_state(BroadcastForm.audience)
    counts = await audience_counts(subscriptions)
    if isinstance(query.message, Message):
        await query.message.edit_text(audience_prompt(), reply_markup=kb.audiences(counts, user.language))


@router.callback_query(BroadcastForm.audience, DraftCb.filter(F.action == "districts"))
async def districts(query: CallbackQuery, subscriptions: SubscriptionService, user: User) -> None:
    await query.answer()
    items = []
    for district in subscriptions.districts:
        counts = await subscriptions.audience_counts(Audience("district", district.id))
        items.append((district, sum(counts.values())))
    if isinstance(query.message, Message):
        await query.message.edit_text(
            _("Choose the district. Subscribers who chose no district (the whole region) receive district news too; "
              "they are included in the numbers."),
            reply_markup=kb.districts(items, user.language),
        )


@router.callback_query(BroadcastForm.audience, AudienceCb.filter())
async def audience_chosen(
    query: CallbackQuery, callback_data: AudienceCb, state: FSMContext, bot: Bot,
    subscriptions: SubscriptionService, user: User,
) -> None:
    value = callback_data.value or None
    valid = (
        (callback_data.kind == "all" and value is None)
        or (callback_data.kind == "language" and value in LANGUAGES)
        or (callback_data.kind == "district" and value is not None and subscriptions.is_district(value))
    )
    if not valid:
        await query.answer(_("This button is out of date. Please open the menu again: /menu"), show_alert=True)
        return
    await query.answer()
    await state.update_data(audience_kind=callback_data.kind, audience_value=value)
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
    await show_preview(query.from_user.id, state, bot, subscriptions, user)


async def show_preview(
    chat_id: int, state: FSMContext, bot: Bot, subscriptions: SubscriptionService, user: User
) -> None:
    data = await state.get_data()
    draft = draft_of(data)
    counts = await subscriptions.audience_counts(draft.audience)
    for lang in LANGUAGES:
        if not counts[lang]:
            continue
        await bot.send_message(chat_id, _(PREVIEW_HEADER[lang]).format(n=render.num(counts[lang], user.language)))
        try:
            await send_outgoing(bot, chat_id, draft.message(lang))
        except TelegramBadRequest as exc:
            await state.set_state(BroadcastForm.text_kk if lang == "kk" else BroadcastForm.text_ru)
            await bot.send_message(chat_id, _(TEXT_REJECTED[lang]).format(error=html.quote(exc.message)))
            return
    await state.set_state(BroadcastForm.preview)
    total = sum(counts.values())
    lines = [
        _("<b>Check the broadcast</b>"),
        "",
        _("Audience: {audience}").format(audience=render.audience_label(draft.audience, user.language, subscriptions)),
        _("Recipients: {total} (reading in Kazakh: {kk}, in Russian: {ru})").format(
            total=render.num(total, user.language), kk=render.num(counts["kk"], user.language),
            ru=render.num(counts["ru"], user.language),
        ),
        _("Attachment: {attachment}").format(attachment=_(ATTACHMENTS.get(draft.media_type, ATTACHMENTS[None]))),
        "",
        _("Send it now, schedule it for later, or cancel.") if total
        else _("Nobody in this audience is subscribed yet. Choose another audience or cancel."),
    ]
    await bot.send_message(chat_id, "\n".join(lines), reply_markup=kb.confirm(total))


# ----- confirm, schedule, cancel ----------------------------------------------------------------------------
@router.callback_query(BroadcastForm.preview, DraftCb.filter(F.action == "send"))
async def send_now(query: CallbackQuery, state: FSMContext, broadcasts: BroadcastService,
                   settings: Settings) -> None:
    data = await state.get_data()
    try:
        broadcast, _created = await broadcasts.create(query.from_user.id, data["draft"], draft_of(data))
    except NotAllowed:
        await query.answer(_("Only administrators and operators can send broadcasts."), show_alert=True)
        return
    await state.clear()
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        if settings.broadcast_sender:
            text = _("✅ Broadcast #{id} is queued and starts now. The next message will show its progress.")
        else:
            text = _("✅ Broadcast #{id} is queued. This process does not send broadcasts (console mode): the "
                     "running bot sends it, and shows its progress in its own chat.")
        await query.message.answer(text.format(id=broadcast.id))


@router.callback_query(BroadcastForm.preview, DraftCb.filter(F.action == "schedule"))
async def schedule(query: CallbackQuery, state: FSMContext, clock: Clock) -> None:
    await query.answer()
    await state.set_state(BroadcastForm.schedule)
    example = (clock.local_now().replace(hour=18, minute=0)).strftime("%d.%m.%Y %H:%M")
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await query.message.answer(
            _("🕒 When should it be sent? Write the date and time in Kyzylorda time, for example: {example}").format(
                example=example
            )
        )


@router.message(BroadcastForm.schedule, F.text, not_command)
async def schedule_time(
    message: Message, state: FSMContext, broadcasts: BroadcastService, clock: Clock, user: User, settings: Settings
) -> None:
    now = clock.local_now()
    example = (now.replace(hour=18, minute=0)).strftime("%d.%m.%Y %H:%M")
    moment = parse_local_datetime(message.text or "", now)
    if moment is None:
        await message.answer(
            _("I could not read this date and time. Please write them like this: {example}").format(example=example)
        )
        return
    if moment <= now:
        await message.answer(
            _("This moment has already passed: it is now {now} in Kyzylorda. Please send a time in the future.").format(
                now=render.when(now, user.language)
            )
        )
        return
    if moment > now + MAX_SCHEDULE_AHEAD:
        await message.answer(_("A broadcast can be scheduled at most 60 days ahead. Please send an earlier date."))
        return
    data = await state.get_data()
    try:
        broadcast, _created = await broadcasts.create(user.id, data["draft"], draft_of(data), moment)
    except NotAllowed:
        await message.answer(_("Only administrators and operators can send broadcasts."))
        return
    await state.clear()
    text = _("🕒 Broadcast #{id} is scheduled for {when} (Kyzylorda time). It is listed in /broadcasts, where it can "
             "be stopped, or press the button below.").format(
        id=broadcast.id, when=render.when(broadcast.scheduled_at, user.language)
    )
    if not settings.broadcast_sender:
        text += "\n\n" + _("This process does not send broadcasts (console mode): the running bot sends it at that "
                            "time.")
    await message.answer(text, reply_markup=kb.cancel_broadcast(broadcast.id))


@router.message(BroadcastForm.schedule, not_command)
async def schedule_expected(message: Message) -> None:
    await message.answer(_("Please write the date and time as text, or /cancel."))


@router.callback_query(StateFilter(BroadcastForm), DraftCb.filter(F.action == "cancel"))
async def cancel_draft(query: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await query.message.answer(_("The broadcast is cancelled. Nothing was sent."))


@router.callback_query(DraftCb.filter())
@router.callback_query(AudienceCb.filter())
async def stale_draft_button(query: CallbackQuery) -> None:
    await query.answer(_("This step is no longer open. To prepare a broadcast: /broadcast"), show_alert=True)


# ----- list and stop ----------------------------------------------------------------------------------------
@router.message(Command("broadcasts"))
async def list_broadcasts(
    message: Message, broadcasts: BroadcastService, subscriptions: SubscriptionService, user: User
) -> None:
    items = await broadcasts.recent(10)
    if not items:
        await message.answer(_("There have been no broadcasts yet. To prepare one: /broadcast"))
        return
    body = "\n\n".join(render.broadcast_summary(b, user.language, subscriptions) for b in items)
    await message.answer(
        _("📣 <b>Broadcasts</b> (the latest {n})").format(n=len(items)) + "\n\n" + body,
        reply_markup=kb.cancel_many([b for b in items if b.status in OPEN_STATUSES]),
    )


@router.callback_query(BroadcastCb.filter(F.action == "cancel"))
async def stop_broadcast(query: CallbackQuery, callback_data: BroadcastCb, broadcasts: BroadcastService) -> None:
    before = await broadcasts.get(callback_data.id)
    try:
        broadcast = await broadcasts.cancel(query.from_user.id, callback_data.id)
    except NotAllowed:
        await query.answer(_("Only administrators and operators can stop broadcasts."), show_alert=True)
        return
    if broadcast is None or before is None:
        await query.answer(_("There is no such broadcast."), show_alert=True)
        return
    if broadcast.status == DONE:
        await query.answer(_("Broadcast #{id} has already been sent in full.").format(id=broadcast.id),
                           show_alert=True)
        return
    if before.status == CANCELLED:
        await query.answer(_("Broadcast #{id} is already stopped.").format(id=broadcast.id))
        return
    await query.answer(_("Broadcast #{id} is stopped.").format(id=broadcast.id))
    if before.started_at is None and isinstance(query.message, Message):
        # never started: nobody got it, and the sender will not report on it
        await query.message.answer(_("⛔ Broadcast #{id} is cancelled. Nothing was sent.").format(id=broadcast.id))
