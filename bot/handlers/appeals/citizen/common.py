"""What the citizen's appeal modules share: the router, the form's texts and checks, the step engine
(send_step, advance, show_review, start_form), the /myappeals list and the own-appeal check."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import F, Router, html
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from bot.db.users import User
from bot.handlers.appeals import keyboards as akb
from bot.handlers.appeals import texts
from bot.handlers.appeals.relay import AppealRelay
from bot.handlers.appeals.states import AppealForm
from bot.handlers.privacy import ConsentGate
from bot.services.appeals import (
    MAX_ATTACHMENTS,
    TEXT_MAX,
    TEXT_MIN,
    AppealService,
    Attachment,
    text_problem,
)
from bot.text import limits

log = logging.getLogger(__name__)

router = Router(name=__name__)
router.message.filter(F.chat.type == "private")

PREFILL_KEY = "appeal_prefill"  # set by the questions router when the knowledge base had no answer
CONSENT_PURPOSE = "appeal"  # the consent gate's key for this form's notice (see build_dispatcher)
UNSUPPORTED = ("sticker", "voice", "video_note", "video", "audio", "animation", "location", "contact", "poll",
               "dice", "venue")


# ----- helpers -----------------------------------------------------------------------------------------------
def refusal_text(reason: str, limit: int) -> str:
    if reason == "blocked":
        return _(
            "Sorry, filing new appeals through the bot is not available to you. "
            "You can visit the public reception of the party branch in person."
        )
    return ngettext(
        "You have already sent {limit} appeal today, the daily limit. Please write again tomorrow; "
        "to add details to an appeal you already sent, open it in /myappeals.",
        "You have already sent {limit} appeals today, the daily limit. Please write again tomorrow; "
        "to add details to an appeal you already sent, open it in /myappeals.",
        limit,
    ).format(limit=limit)


def message_files(message: Message) -> Attachment | None:
    if message.photo:
        return Attachment("photo", message.photo[-1].file_id)
    if message.document:
        return Attachment("document", message.document.file_id)
    return None


def is_unsupported(message: Message) -> bool:
    return any(getattr(message, kind, None) for kind in UNSUPPORTED)


def files_of(data: dict[str, Any]) -> list[Attachment]:
    return [Attachment(kind, file_id) for kind, file_id in data.get("files", [])]


def text_problem_message(problem: str, length: int) -> str:
    if problem == "empty":
        return _("The appeal text is empty. Please describe your question or problem in words.")
    if problem == "short":
        return ngettext(
            "This is too short to understand the problem (characters: {length}). Please write at least {min} "
            "character: what happened, where and since when.",
            "This is too short to understand the problem (characters: {length}). Please write at least {min} "
            "characters: what happened, where and since when.",
            TEXT_MIN,
        ).format(length=length, min=TEXT_MIN)
    return ngettext(
        "This is too long (characters: {length}): an appeal can have at most {max} character. Please shorten "
        "it, or send the main part now and the rest later as an addition in /myappeals.",
        "This is too long (characters: {length}): an appeal can have at most {max} characters. Please shorten "
        "it, or send the main part now and the rest later as an addition in /myappeals.",
        TEXT_MAX,
    ).format(length=length, max=TEXT_MAX)


def unsupported_message() -> str:
    return _(
        "I cannot accept stickers, voice or video messages here. Please write in text; photos and documents "
        "can be attached at the files step."
    )


def consent_lead() -> str:
    """The form's one sentence above the common privacy notice: why it needs the data."""
    return _("To answer your appeal, the public reception needs your name and phone number.")


def no_staff_chat_text() -> str:
    """A deployment without a staff chat: nobody would read an appeal, so the bot does not take any."""
    return _(
        "Sorry, appeals cannot be sent through the bot at the moment. Please bring your question to the public "
        "reception of the party branch in person; the branch's addresses and phone numbers are in the main menu: "
        "/menu"
    )


def forwarded_message() -> str:
    return _(
        "This is a forwarded message. An appeal must be in your own words: please write what happened and "
        "what you ask for (you may copy the text in if it is yours)."
    )


async def send_step(message: Message, state: FSMContext, user: User, relay: AppealRelay,
                    consent_gate: ConsentGate) -> None:
    """Send the question of the current step (after a restart, a wrong input or an edit)."""
    step = await state.get_state()
    data = await state.get_data()
    if step == AppealForm.category.state:
        await message.answer(_("📝 <b>Appeal</b>\n\nStep 1. Choose the category of your question:"),
                             reply_markup=akb.categories())
    elif step == AppealForm.district.state:
        await message.answer(_("Step 2. Choose your district or city:"),
                             reply_markup=akb.districts(relay.district_list, user.language))
    elif step == AppealForm.text.state:
        prompt = ngettext(
            "Step 3. Describe your question or problem in your own words: what happened, where, since when, "
            "what you ask for. From {min} to {max} character.",
            "Step 3. Describe your question or problem in your own words: what happened, where, since when, "
            "what you ask for. From {min} to {max} characters.",
            TEXT_MAX,
        ).format(min=TEXT_MIN, max=TEXT_MAX)
        prefill = data.get(PREFILL_KEY)
        if prefill and not data.get("text") and text_problem(prefill) is None:
            prompt += "\n\n" + _("Or use the question you asked me:") + "\n"
            # the quote is cut to what is left of Telegram's limit (the whole question is used if chosen)
            prompt += f"<i>{limits.quote(prefill, limits.MESSAGE_LIMIT - limits.length(prompt) - 1)}</i>"
            await message.answer(prompt, reply_markup=akb.use_text())
        else:
            await message.answer(prompt, reply_markup=akb.cancel_only())
    elif step == AppealForm.attachments.state:
        count = len(data.get("files", []))
        await message.answer(
            ngettext(
                "Step 4. You can attach up to {max} photo or document (for example, a photo of the problem or a "
                "copy of a letter). Attached: {count}.",
                "Step 4. You can attach up to {max} photos or documents (for example, a photo of the problem or a "
                "copy of a letter). Attached: {count}.",
                MAX_ATTACHMENTS,
            ).format(max=MAX_ATTACHMENTS, count=count),
            reply_markup=akb.attachments(count),
        )
    elif step == AppealForm.consent.state:
        if await consent_gate.ensure(message, user.id, CONSENT_PURPOSE, state=state, lead=consent_lead()):
            # agreed before (in another appeal, a booking or /privacy): no notice, on to the name
            await state.set_state(AppealForm.name)
            await send_step(message, state, user, relay, consent_gate)
    elif step == AppealForm.name.state:
        await message.answer(_("Step 5. Your name and surname (how staff should address you):"),
                             reply_markup=akb.cancel_only())
    elif step == AppealForm.phone.state:
        await message.answer(
            _(
                "Step 6. Your phone number for contact: press «{button}» below or type it, for example "
                "+7 701 234 56 78."
            ).format(button=_(akb.BTN_SHARE_PHONE)),
            reply_markup=akb.phone(),
        )
    elif step == AppealForm.address.state:
        await message.answer(
            _("Step 7 (optional). Your address, if it matters for the appeal (village, street, house):"),
            reply_markup=akb.skip_address(),
        )
    elif step == AppealForm.review.state:
        await show_review(message, state, user, relay)


async def advance(message: Message, state: FSMContext, user: User, relay: AppealRelay,
                  consent_gate: ConsentGate, next_state: Any) -> None:
    """Go to ``next_state``, or back to the review when the citizen was editing one field."""
    data = await state.get_data()
    if data.get("editing"):
        await state.update_data(editing=False)
        next_state = AppealForm.review
    await state.set_state(next_state)
    await send_step(message, state, user, relay, consent_gate)


async def show_review(message: Message, state: FSMContext, user: User, relay: AppealRelay) -> None:
    data = await state.get_data()
    key = data.get("key") or AppealService.new_submission_key()
    if data.get("key") != key:
        await state.update_data(key=key)
    lang = user.language
    lines = [
        _("📝 <b>Please check your appeal</b>"),
        "",
        _("Category: {value}").format(value=texts.category_label(data.get("category", "other"))),
        _("District: {value}").format(
            value=html.quote(texts.district_label(relay.districts, data.get("district", ""), lang))
        ),
        _("Name: {value}").format(value=html.quote(data.get("name", ""))),
        _("Phone: {value}").format(value=html.quote(data.get("phone", ""))),
        _("Address: {value}").format(value=html.quote(data.get("address") or "—")),
        _("Files: {value}").format(value=len(data.get("files", []))),
        "",
        "<i>" + html.quote(texts.clip(data.get("text", ""), 3000)) + "</i>",
    ]
    await message.answer("\n".join(lines), reply_markup=akb.review(key))


async def start_form(message: Message, state: FSMContext, user: User, appeals: AppealService,
                     relay: AppealRelay, consent_gate: ConsentGate, prefill: str | None = None) -> None:
    if not relay.takes_appeals:
        await message.answer(no_staff_chat_text())
        return
    refusal = await appeals.can_file(user.id)
    if refusal:
        await message.answer(refusal_text(refusal, appeals.daily_limit))
        return
    await state.set_state(AppealForm.category)
    await state.set_data({PREFILL_KEY: prefill} if prefill else {})
    await send_step(message, state, user, relay, consent_gate)


# ----- /myappeals -----------------------------------------------------------------------------------------
async def send_my_appeals(message: Message, user: User, appeals: AppealService, relay: AppealRelay) -> None:
    items = await appeals.list_for_citizen(user.id)
    form = relay.takes_appeals
    if not items:
        text = _("You have not sent any appeals yet.")
        await message.answer(text if form else text + "\n\n" + no_staff_chat_text(),
                             reply_markup=akb.my_appeals([]) if form else None)
        return
    await message.answer(
        _("📋 <b>Your appeals</b>\n\nOpen one to see its history, to add a message or to rate the answer:"),
        reply_markup=akb.my_appeals(items, form),
    )


async def own_appeal(query: CallbackQuery, appeal_id: int, user: User, appeals: AppealService) -> Any:
    """The appeal when it is the presser's own; else an alert (the same for someone else's and a missing one)."""
    appeal = await appeals.for_citizen(appeal_id, user.id)
    if appeal is None:
        await query.answer(_("Appeal not found."), show_alert=True)
    return appeal


async def read_addition(message: Message) -> tuple[str, list[Attachment]] | None:
    """What a citizen adds to their appeal (after «➕ Add», or by replying to one of its messages): its text
    (as typed, or the caption) and file. None when it cannot be taken; the citizen has then been told why."""
    if message.forward_origin is not None and message.text is not None:
        await message.answer(forwarded_message())
        return None
    if is_unsupported(message):
        await message.answer(unsupported_message())
        return None
    file = message_files(message)
    text = (message.text if message.text is not None else message.caption) or ""
    if not text.strip() and file is None:
        await message.answer(text_problem_message("empty", 0))
        return None
    if len(text.strip()) > TEXT_MAX:
        await message.answer(text_problem_message("long", len(text.strip())))
        return None
    return text, [file] if file else []


def added_text(ticket: str, posted: bool) -> str:
    """The confirmation of a citizen's addition: what really happened to it."""
    if posted:
        return _("✅ Added to appeal {ticket} and passed on to the reception staff.").format(ticket=ticket)
    return _("✅ Added to appeal {ticket}. The staff chat cannot be reached right now; staff will see your "
             "message in the appeal's history.").format(ticket=ticket)


