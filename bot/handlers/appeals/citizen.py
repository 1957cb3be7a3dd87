"""The citizen's side of the public reception: the menu, the appeal form, /myappeals, follow-ups and rating.

The form lives in FSM state (SQLite): a restart or a crash mid-form loses nothing. The submit carries the
form's submission key, so a double tap or a re-delivered update files one appeal.
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot, F, Router, html
from aiogram.filters import Command, StateFilter, or_f
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from bot import keyboards as kb
from bot.callbacks import MenuCb
from bot.db.users import User
from bot.filters import Button
from bot.handlers.appeals import keyboards as akb
from bot.handlers.appeals import texts
from bot.handlers.appeals.callbacks import FormCb, MineCb, StaffCb, StaffListCb, SubmitCb
from bot.handlers.appeals.location import location_of
from bot.handlers.appeals.relay import AppealRelay
from bot.handlers.appeals.states import AppealForm, FollowUp, Rating
from bot.handlers.contacts import district_venue, regional_venue, where_to_come
from bot.handlers.privacy import ConsentGate
from bot.middlewares.forms import FormPause, pause_buttons
from bot.services.appeals import (
    ADDRESS_MAX,
    CATEGORIES,
    MAX_ATTACHMENTS,
    TEXT_MAX,
    TEXT_MIN,
    Appeal,
    AppealError,
    AppealService,
    Attachment,
    Draft,
    Invalid,
    NotFound,
    NotOpen,
    name_problem,
    normalise_contact_phone,
    text_problem,
)
from bot.services.receptions import ReceptionService
from bot.text import limits
from bot.text.phone import normalize_phone

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


@router.message(Command("myappeals"))
async def my_appeals(message: Message, user: User, appeals: AppealService, relay: AppealRelay) -> None:
    await send_my_appeals(message, user, appeals, relay)


@router.message(Command("appeals", "appeal", "appeals_export", "appeal_block", "appeal_unblock"))
async def not_staff_command(message: Message) -> None:
    await message.answer(_("This command is for the reception staff only. Your own appeals: /myappeals"))


# ----- the reception menu ---------------------------------------------------------------------------------
@router.message(Button(kb.BTN_RECEPTION))
async def reception(message: Message, user: User, appeals: AppealService, relay: AppealRelay,
                    receptions: ReceptionService) -> None:
    if not relay.takes_appeals:  # nobody would read an appeal: where to come instead
        await message.answer(
            _("📝 <b>Public reception of the AMANAT Kyzylorda regional branch</b>") + "\n\n" + no_staff_chat_text()
            + where_to_come(await regional_venue(receptions), user.language),
            reply_markup=akb.reception_menu(form=False),
        )
        return
    due = appeals.due_date_for(appeals.clock.now())
    await message.answer(
        _(
            "📝 <b>Public reception of the AMANAT Kyzylorda regional branch</b>\n\n"
            "Write to us about a problem or a question: housing, utilities and gas, land, roads, social support, "
            "health, education, work, a legal question.\n\n"
            "How it works:\n"
            "1. You fill in a short form: category, district, the text, photos or documents if needed, your name "
            "and phone.\n"
            "2. You get a ticket number at once; the reception staff see your appeal immediately.\n"
            "3. Staff answer you here, in the bot; you see every change of status in /myappeals.\n\n"
            "An answer takes up to {days} (weekends and public holidays are not counted): an appeal sent today "
            "is answered by {due}."
        ).format(days=texts.working_days(appeals.deadline_days), due=texts.fmt_date(due, user.language)),
        reply_markup=akb.reception_menu(),
    )


@router.callback_query(FormCb.filter(F.action == "start"))
async def start_button(query: CallbackQuery, state: FSMContext, user: User, appeals: AppealService,
                       relay: AppealRelay, consent_gate: ConsentGate) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await start_form(query.message, state, user, appeals, relay, consent_gate)


@router.callback_query(MenuCb.filter(F.action == "appeal"))
async def from_question(query: CallbackQuery, state: FSMContext, user: User, appeals: AppealService,
                        relay: AppealRelay, consent_gate: ConsentGate) -> None:
    """"Write to the public reception" under an unanswered question: the form, with the question as the text."""
    await query.answer()
    data = await state.get_data()
    prefill = data.get(PREFILL_KEY)
    if isinstance(query.message, Message):
        await start_form(query.message, state, user, appeals, relay, consent_gate, prefill=prefill)


@router.callback_query(FormCb.filter(F.action == "cancel"))
async def cancel_button(query: CallbackQuery, state: FSMContext) -> None:
    await query.answer()
    if await state.get_state() in AppealForm.__all_states_names__:
        await state.clear()
        text = _("The appeal was cancelled; nothing was sent.")
    else:
        text = _("There is nothing to cancel.")
    if isinstance(query.message, Message):
        await query.message.answer(text, reply_markup=kb.main_menu())


@router.message(StateFilter(AppealForm), Button(akb.BTN_CANCEL_FORM))
async def cancel_reply_button(message: Message, state: FSMContext) -> None:
    await state.clear()
    await message.answer(_("The appeal was cancelled; nothing was sent."), reply_markup=kb.main_menu())


# ----- steps with buttons ----------------------------------------------------------------------------------
@router.callback_query(AppealForm.category, FormCb.filter(F.action == "category"))
async def category_chosen(query: CallbackQuery, callback_data: FormCb, state: FSMContext, user: User,
                          relay: AppealRelay, consent_gate: ConsentGate) -> None:
    if callback_data.value not in CATEGORIES:
        await query.answer(_("This button is out of date. Please open the menu again: /menu"), show_alert=True)
        return
    await query.answer()
    await state.update_data(category=callback_data.value)
    if isinstance(query.message, Message):
        await advance(query.message, state, user, relay, consent_gate, AppealForm.district)


@router.callback_query(AppealForm.district, FormCb.filter(F.action == "district"))
async def district_chosen(query: CallbackQuery, callback_data: FormCb, state: FSMContext, user: User,
                          relay: AppealRelay, consent_gate: ConsentGate) -> None:
    if callback_data.value not in relay.districts:
        await query.answer(_("This button is out of date. Please open the menu again: /menu"), show_alert=True)
        return
    await query.answer()
    await state.update_data(district=callback_data.value)
    if isinstance(query.message, Message):
        await advance(query.message, state, user, relay, consent_gate, AppealForm.text)


@router.callback_query(AppealForm.text, FormCb.filter(F.action == "use_text"))
async def use_prefill(query: CallbackQuery, state: FSMContext, user: User, relay: AppealRelay,
                      consent_gate: ConsentGate) -> None:
    data = await state.get_data()
    prefill = data.get(PREFILL_KEY)
    if not prefill or text_problem(prefill):
        await query.answer(_("This button is out of date. Please open the menu again: /menu"), show_alert=True)
        return
    await query.answer()
    await state.update_data(text=prefill.strip(), source="question")
    if isinstance(query.message, Message):
        await advance(query.message, state, user, relay, consent_gate, AppealForm.attachments)


@router.callback_query(AppealForm.attachments, FormCb.filter(F.action == "done"))
async def files_done(query: CallbackQuery, state: FSMContext, user: User, relay: AppealRelay,
                     consent_gate: ConsentGate) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await advance(query.message, state, user, relay, consent_gate, AppealForm.consent)


@router.callback_query(AppealForm.attachments, FormCb.filter(F.action == "clear_files"))
async def files_clear(query: CallbackQuery, state: FSMContext, user: User, relay: AppealRelay,
                      consent_gate: ConsentGate) -> None:
    await query.answer(_("Files removed"))
    await state.update_data(files=[])
    if isinstance(query.message, Message):
        await send_step(query.message, state, user, relay, consent_gate)


# ----- consent: the consent gate's notice and buttons (build_dispatcher registers these continuations) ---------
async def consent_accepted(query: CallbackQuery, state: FSMContext, user: User, relay: AppealRelay,
                           consent_gate: ConsentGate) -> None:
    """"I agree" under this form's notice (the gate has checked that the form waits on it): on to the name."""
    await state.set_state(AppealForm.name)
    if isinstance(query.message, Message):
        await send_step(query.message, state, user, relay, consent_gate)


async def consent_declined(query: CallbackQuery, state: FSMContext, user: User,
                           receptions: ReceptionService) -> None:
    """The citizen has typed the whole appeal by now: declining does not throw it away. The draft is paused
    (bot.middlewares.forms) until the citizen decides: «Continue» shows the notice again, «Cancel» deletes it."""
    district = (await state.get_data()).get("district")
    await FormPause.pause(state)
    if query.message is not None:
        await query.message.answer(
            _(
                "Understood. Without your consent the public reception cannot take your appeal, so it has not been "
                "sent. Your draft is kept until you decide: «Continue» shows the notice again, «Cancel» deletes the "
                "draft. You are always welcome at the party's public reception in person."
            ) + where_to_come(await district_venue(receptions, district), user.language),
            reply_markup=pause_buttons(),
        )


@router.callback_query(AppealForm.address, FormCb.filter(F.action == "skip"))
async def address_skipped(query: CallbackQuery, state: FSMContext, user: User, relay: AppealRelay,
                          consent_gate: ConsentGate) -> None:
    await query.answer()
    await state.update_data(address=None)
    if isinstance(query.message, Message):
        await advance(query.message, state, user, relay, consent_gate, AppealForm.review)


@router.callback_query(AppealForm.review, FormCb.filter(F.action == "edit"))
async def edit_menu(query: CallbackQuery) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(_("What would you like to change?"), reply_markup=akb.edit_fields())


@router.callback_query(AppealForm.review, FormCb.filter(F.action == "review"))
async def back_to_review(query: CallbackQuery, state: FSMContext, user: User, relay: AppealRelay) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await show_review(query.message, state, user, relay)


@router.callback_query(AppealForm.review, FormCb.filter(F.action == "field"))
async def edit_field(query: CallbackQuery, callback_data: FormCb, state: FSMContext, user: User,
                     relay: AppealRelay, consent_gate: ConsentGate) -> None:
    target = getattr(AppealForm, callback_data.value, None) if callback_data.value in akb.EDITABLE_FIELDS else None
    if target is None:
        await query.answer(_("This button is out of date. Please open the menu again: /menu"), show_alert=True)
        return
    await query.answer()
    await state.update_data(editing=True)
    await state.set_state(target)
    if isinstance(query.message, Message):
        await send_step(query.message, state, user, relay, consent_gate)


@router.callback_query(FormCb.filter())
async def stale_form_button(query: CallbackQuery) -> None:
    """A form button from an earlier step or an earlier form."""
    await query.answer(_("This step is already behind you. Please continue with the latest message, or start "
                         "again: /menu"), show_alert=True)


# ----- steps with typed answers ---------------------------------------------------------------------------
@router.message(AppealForm.text)
async def text_entered(message: Message, state: FSMContext, user: User, relay: AppealRelay,
                       consent_gate: ConsentGate) -> None:
    if message.forward_origin is not None:
        await message.answer(forwarded_message())
        return
    file = message_files(message)
    if is_unsupported(message):
        await message.answer(unsupported_message())
        return
    value = message.text if message.text is not None else message.caption
    if file is not None:
        data = await state.get_data()
        files = data.get("files", [])
        if len(files) < MAX_ATTACHMENTS:
            files.append([file.kind, file.file_id])
            await state.update_data(files=files)
        if value is None or text_problem(value):
            await message.answer(ngettext(
                "📎 File saved. Now please describe your appeal in words, from {min} to {max} character.",
                "📎 File saved. Now please describe your appeal in words, from {min} to {max} characters.",
                TEXT_MAX).format(min=TEXT_MIN, max=TEXT_MAX))
            return
    problem = text_problem(value)
    if problem:
        await message.answer(text_problem_message(problem, len((value or "").strip())))
        return
    await state.update_data(text=(value or "").strip(), source="form")
    await advance(message, state, user, relay, consent_gate, AppealForm.attachments)


@router.message(AppealForm.attachments)
async def file_sent(message: Message, state: FSMContext, user: User, relay: AppealRelay,
                    consent_gate: ConsentGate) -> None:
    file = message_files(message)
    if file is None:
        if message.text is not None:
            await message.answer(
                _("Send a photo or a document, or press «Done». You can change the text at the review step."),
                reply_markup=akb.attachments(len((await state.get_data()).get("files", []))),
            )
        else:
            await message.answer(_("Only photos and documents can be attached."))
        return
    data = await state.get_data()
    files = data.get("files", [])
    if len(files) >= MAX_ATTACHMENTS:
        await message.answer(ngettext("You have already attached {max} file, the most an appeal can have. Press "
                                      "«Done».", "You have already attached {max} files, the most an appeal can "
                                      "have. Press «Done».", MAX_ATTACHMENTS).format(max=MAX_ATTACHMENTS),
                             reply_markup=akb.attachments(len(files)))
        return
    files.append([file.kind, file.file_id])
    await state.update_data(files=files)
    await message.answer(_("📎 Attached: {count} of {max}.").format(count=len(files), max=MAX_ATTACHMENTS),
                         reply_markup=akb.attachments(len(files)))


@router.message(AppealForm.name)
async def name_entered(message: Message, state: FSMContext, user: User, relay: AppealRelay,
                       consent_gate: ConsentGate) -> None:
    value = (message.text or "").strip()
    problem = name_problem(value) if message.text is not None else "letters"
    if problem == "long":
        await message.answer(_("This is too long for a name. Please write just your name and surname."))
        return
    if problem:
        await message.answer(_("Please write your name and surname in letters, for example: Айгүл Сейітова."))
        return
    await state.update_data(name=" ".join(value.split()))
    await advance(message, state, user, relay, consent_gate, AppealForm.phone)


@router.message(AppealForm.phone, F.contact)
async def contact_shared(message: Message, state: FSMContext, user: User, relay: AppealRelay,
                         consent_gate: ConsentGate) -> None:
    contact = message.contact
    assert contact is not None
    if contact.user_id != user.id:
        await message.answer(_("Please share your own number with the button below, or type it."),
                             reply_markup=akb.phone())
        return
    await phone_accepted(message, state, user, relay, consent_gate, normalise_contact_phone(contact.phone_number))


@router.message(AppealForm.phone)
async def phone_typed(message: Message, state: FSMContext, user: User, relay: AppealRelay,
                      consent_gate: ConsentGate) -> None:
    phone = normalize_phone(message.text)
    if phone is None:
        await message.answer(
            _(
                "This does not look like a Kazakhstan phone number. Please type it as +7 7XX XXX XX XX or "
                "8 7XX XXX XX XX (10 digits after +7), or press «{button}»."
            ).format(button=_(akb.BTN_SHARE_PHONE)),
            reply_markup=akb.phone(),
        )
        return
    await phone_accepted(message, state, user, relay, consent_gate, phone)


async def phone_accepted(message: Message, state: FSMContext, user: User, relay: AppealRelay,
                         consent_gate: ConsentGate, phone: str) -> None:
    await state.update_data(phone=phone)
    await message.answer(_("✅ Phone number saved: {phone}").format(phone=phone), reply_markup=kb.main_menu())
    await advance(message, state, user, relay, consent_gate, AppealForm.address)


@router.message(AppealForm.address)
async def address_entered(message: Message, state: FSMContext, user: User, relay: AppealRelay,
                          consent_gate: ConsentGate) -> None:
    value = (message.text or "").strip()
    if not value:
        await message.answer(_("Please type the address in text, or press «Skip»."), reply_markup=akb.skip_address())
        return
    if len(value) > ADDRESS_MAX:
        await message.answer(ngettext("The address is too long: at most {max} character, please.",
                                      "The address is too long: at most {max} characters, please.",
                                      ADDRESS_MAX).format(max=ADDRESS_MAX))
        return
    await state.update_data(address=value)
    await advance(message, state, user, relay, consent_gate, AppealForm.review)


@router.message(AppealForm.consent)
async def consent_waiting(message: Message, state: FSMContext, user: User, relay: AppealRelay,
                          consent_gate: ConsentGate) -> None:
    lead = _("Please answer with one of the buttons below.") + "\n\n" + consent_lead()
    if await consent_gate.ensure(message, user.id, CONSENT_PURPOSE, state=state, lead=lead):
        await state.set_state(AppealForm.name)  # agreed meanwhile, in /privacy or another form
        await send_step(message, state, user, relay, consent_gate)


@router.message(StateFilter(AppealForm.category, AppealForm.district, AppealForm.review))
async def use_the_buttons(message: Message, state: FSMContext, user: User, relay: AppealRelay,
                          consent_gate: ConsentGate) -> None:
    await message.answer(_("Please use the buttons of this step (or ❌ Cancel)."))
    await send_step(message, state, user, relay, consent_gate)


# ----- submit --------------------------------------------------------------------------------------------
@router.callback_query(SubmitCb.filter())
async def submit(query: CallbackQuery, callback_data: SubmitCb, state: FSMContext, user: User, bot: Bot,
                 appeals: AppealService, relay: AppealRelay) -> None:
    async with relay.submit_lock(user.id):
        await submit_locked(query, callback_data, state, user, bot, appeals, relay)


async def submit_locked(query: CallbackQuery, callback_data: SubmitCb, state: FSMContext, user: User, bot: Bot,
                        appeals: AppealService, relay: AppealRelay) -> None:
    data = await state.get_data()
    current = await state.get_state()
    if not relay.takes_appeals:  # a form begun before the staff chat was unset: nobody would read it
        await query.answer()
        await state.clear()
        await bot.send_message(user.id, no_staff_chat_text() + "\n\n" + _("Your form has not been sent and has "
                                                                          "been deleted."),
                               reply_markup=kb.main_menu())
        return
    if current != AppealForm.review.state or data.get("key") != callback_data.key:
        existing = await appeals.by_key(callback_data.key)
        if existing is not None and existing.user_id == user.id:
            await query.answer(_("This appeal has already been sent: {ticket}").format(ticket=existing.ticket),
                               show_alert=True)
        else:
            await query.answer(_("This button is out of date. Please open the menu again: /menu"), show_alert=True)
        return
    try:
        draft = Draft(
            user_id=user.id, language=user.language, category=data["category"], district=data["district"],
            text=data["text"], name=data["name"], phone=data["phone"], address=data.get("address"),
            attachments=files_of(data), source=data.get("source", "form"), location=location_of(data),
        )
        result = await appeals.submit(draft, callback_data.key)
    except (KeyError, Invalid):
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.answer(_("Some answers of the form are missing. Please check them:"))
            await show_review(query.message, state, user, relay)
        return
    if result.refused == "conflict" or (result.appeal is None and not result.refused):
        await query.answer(_("This button is out of date. Please open the menu again: /menu"), show_alert=True)
        return
    if result.refused or result.appeal is None:
        await query.answer()
        if result.refused == "blocked":
            await state.clear()
        text = refusal_text(result.refused or "blocked", appeals.daily_limit)
        if result.refused == "limit":
            text += "\n\n" + _("Your form is kept: press «Submit» again tomorrow.")
        await bot.send_message(user.id, text)
        return
    appeal = result.appeal
    # The appeal is committed; only now the citizen gets the receipt.
    await state.clear()
    await query.answer(_("Sent"))
    if isinstance(query.message, Message):
        try:
            await query.message.edit_reply_markup(reply_markup=None)
        except Exception:  # an old message can no longer be edited: harmless
            log.debug("review of appeal %r not edited", appeal.id)
    log.info("appeal %r filed (created=%r)", appeal.id, result.created)
    # posted before the receipt, so that the receipt says what really happened to it
    posted = appeal.posted_at is not None or await relay.post_new(bot, appeal)
    receipt = texts.receipt(appeal, user.language, appeals.deadline_days) + "\n\n" + texts.receipt_delivery(
        posted, retry=relay.settings.appeal_job_seconds > 0)
    sent = await bot.send_message(user.id, receipt, reply_markup=kb.main_menu())
    await relay.remember(appeal, sent)


@router.callback_query(MineCb.filter(F.action == "list"))
async def my_appeals_button(query: CallbackQuery, user: User, appeals: AppealService,
                             relay: AppealRelay) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await send_my_appeals(query.message, user, appeals, relay)


async def own_appeal(query: CallbackQuery, appeal_id: int, user: User, appeals: AppealService) -> Any:
    """The appeal when it is the presser's own; else an alert (the same for someone else's and a missing one)."""
    appeal = await appeals.for_citizen(appeal_id, user.id)
    if appeal is None:
        await query.answer(_("Appeal not found."), show_alert=True)
    return appeal


@router.callback_query(MineCb.filter(F.action == "open"))
async def open_appeal(query: CallbackQuery, callback_data: MineCb, user: User, appeals: AppealService,
                      relay: AppealRelay) -> None:
    appeal = await own_appeal(query, callback_data.id, user, appeals)
    if appeal is None:
        return
    await query.answer()
    history = await appeals.history(appeal.id)
    if isinstance(query.message, Message):
        sent = await query.message.answer(texts.citizen_view(appeal, history, relay.districts, user.language),
                                          reply_markup=akb.citizen_appeal(appeal))
        await relay.remember(appeal, sent)


@router.callback_query(MineCb.filter(F.action == "write"))
async def write_to_appeal(query: CallbackQuery, callback_data: MineCb, state: FSMContext, user: User,
                          appeals: AppealService, relay: AppealRelay) -> None:
    appeal = await own_appeal(query, callback_data.id, user, appeals)
    if appeal is None:
        return
    if not appeal.is_open:
        await query.answer(_("This appeal is closed; you can send a new one."), show_alert=True)
        return
    await query.answer()
    await state.set_state(FollowUp.text)
    await state.set_data({"appeal_id": appeal.id})
    if isinstance(query.message, Message):
        sent = await query.message.answer(
            _("Write your message to appeal {ticket}; you can also send a photo or a document. "
              "To cancel: /cancel").format(ticket=appeal.ticket)
        )
        await relay.remember(appeal, sent)


@router.message(FollowUp.text)
async def follow_up(message: Message, state: FSMContext, user: User, bot: Bot, appeals: AppealService,
                    relay: AppealRelay) -> None:
    data = await state.get_data()
    if message.forward_origin is not None and message.text is not None:
        await message.answer(forwarded_message())
        return
    if is_unsupported(message):
        await message.answer(unsupported_message())
        return
    file = message_files(message)
    text = (message.text if message.text is not None else message.caption) or ""
    if not text.strip() and file is None:
        await message.answer(text_problem_message("empty", 0))
        return
    if len(text.strip()) > TEXT_MAX:
        await message.answer(text_problem_message("long", len(text.strip())))
        return
    files = [file] if file else []
    try:
        appeal = await appeals.add_citizen_message(int(data.get("appeal_id", 0)), user.id, text, files)
    except NotFound:
        await state.clear()
        await message.answer(_("Appeal not found."))
        return
    except NotOpen:
        await state.clear()
        await message.answer(_("This appeal is closed; you can send a new one."))
        return
    await state.clear()
    posted = await relay.post_followup(bot, appeal, text.strip(), files)
    sent = await message.answer(added_text(appeal.ticket, posted))
    await relay.remember(appeal, sent)


def added_text(ticket: str, posted: bool) -> str:
    """The confirmation of a citizen's addition: what really happened to it."""
    if posted:
        return _("✅ Added to appeal {ticket} and passed on to the reception staff.").format(ticket=ticket)
    return _("✅ Added to appeal {ticket}. The staff chat cannot be reached right now; staff will see your "
             "message in the appeal's history.").format(ticket=ticket)


# ----- Telegram's Reply to one of the appeal's messages -----------------------------------------------------
async def replies_to_appeal(message: Message, appeals: AppealService, user: User) -> bool | dict[str, Any]:
    """A filter: the message answers (Telegram's Reply) a bot message that belongs to one of the sender's
    appeals; gives the handler that ``appeal``. A reply to any other message is not taken (a question)."""
    replied = message.reply_to_message
    if replied is None or (message.text or "").startswith("/"):
        return False
    appeal = await appeals.citizen_linked(message.chat.id, replied.message_id, user.id)
    return {"appeal": appeal} if appeal is not None else False


@router.message(StateFilter(None), F.reply_to_message, replies_to_appeal)
async def reply_to_appeal(message: Message, appeal: Appeal, user: User, bot: Bot, appeals: AppealService,
                          relay: AppealRelay) -> None:
    """The citizen answered one of the bot's messages about an appeal (the receipt, a staff answer, a status
    notice...) with Telegram's Reply: it is an addition to that appeal, passed on to its thread in the staff
    chat."""
    if message.forward_origin is not None and message.text is not None:
        await message.answer(forwarded_message())
        return
    if is_unsupported(message):
        await message.answer(unsupported_message())
        return
    file = message_files(message)
    text = ((message.text if message.text is not None else message.caption) or "").strip()
    if not text and file is None:
        await message.answer(text_problem_message("empty", 0))
        return
    if len(text) > TEXT_MAX:
        await message.answer(text_problem_message("long", len(text)))
        return
    files = [file] if file else []
    try:
        change = await appeals.add_citizen_reply(appeal.id, user.id, text, files)
    except AppealError:  # erased meanwhile (/forget in another update)
        await message.answer(_("Appeal not found."))
        return
    log.info("citizen reply added to appeal %r (reopened=%r)", appeal.id, change.changed)
    posted = await relay.post_followup(bot, change.appeal, text, files, previous_status=change.previous_status)
    sent = await message.answer(added_text(appeal.ticket, posted))
    await relay.remember(change.appeal, sent)
    if change.changed:
        await relay.refresh_cards(bot, change.appeal)


# ----- rating ---------------------------------------------------------------------------------------------
@router.callback_query(MineCb.filter(F.action == "rate"))
async def rate_start(query: CallbackQuery, callback_data: MineCb, user: User, appeals: AppealService) -> None:
    appeal = await own_appeal(query, callback_data.id, user, appeals)
    if appeal is None:
        return
    if appeal.is_open or appeal.rating is not None:
        await query.answer(_("This appeal cannot be rated now."), show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(
            _("How satisfied are you with how appeal {ticket} was handled? 1 star is bad, 5 is excellent.").format(
                ticket=appeal.ticket),
            reply_markup=akb.scores(appeal.id),
        )


@router.callback_query(MineCb.filter(F.action == "score"))
async def rate_score(query: CallbackQuery, callback_data: MineCb, state: FSMContext, user: User, bot: Bot,
                     appeals: AppealService, relay: AppealRelay) -> None:
    try:
        appeal = await appeals.rate(callback_data.id, user.id, callback_data.score)
    except NotFound:
        await query.answer(_("Appeal not found."), show_alert=True)
        return
    except AppealError:
        await query.answer(_("This appeal cannot be rated now."), show_alert=True)
        return
    await query.answer(_("Thank you"))
    await state.set_state(Rating.comment)
    await state.set_data({"appeal_id": appeal.id})
    if isinstance(query.message, Message):
        try:
            await query.message.edit_reply_markup(reply_markup=None)
        except Exception:
            log.debug("rating keyboard of appeal %r not edited", appeal.id)
        await query.message.answer(
            _("Thank you for the rating! If you wish, write a comment: what was good, what could be better."),
            reply_markup=akb.skip_comment(appeal.id),
        )
    with relay.locale(relay.staff_language):
        note = _("⭐ <b>{ticket}</b>: the citizen rated the answer {score} of 5").format(
            ticket=appeal.ticket, score=callback_data.score)
    await relay.post_to_staff(bot, appeal, note)


@router.callback_query(MineCb.filter(F.action == "skip"))
async def rate_no_comment(query: CallbackQuery, state: FSMContext) -> None:
    await query.answer()
    if await state.get_state() == Rating.comment.state:
        await state.clear()
    if isinstance(query.message, Message):
        await query.message.answer(_("Thank you! Your rating has been saved."), reply_markup=kb.main_menu())


@router.message(Rating.comment)
async def rate_comment(message: Message, state: FSMContext, user: User, bot: Bot, appeals: AppealService,
                       relay: AppealRelay) -> None:
    if message.text is None or not message.text.strip():
        await message.answer(_("Please write the comment in text, or press «No comment»."))
        return
    data = await state.get_data()
    try:
        appeal = await appeals.comment_rating(int(data.get("appeal_id", 0)), user.id, message.text)
    except Invalid as exc:
        if str(exc) == "long":
            await message.answer(_("The comment is too long: at most 1000 characters, please."))
            return
        await state.clear()
        await message.answer(_("Thank you! Your rating has been saved."), reply_markup=kb.main_menu())
        return
    except AppealError:
        await state.clear()
        await message.answer(_("Appeal not found."))
        return
    await state.clear()
    await message.answer(_("Thank you! Your rating and comment have been saved."), reply_markup=kb.main_menu())
    with relay.locale(relay.staff_language):
        note = _("⭐ <b>{ticket}</b>: the citizen's comment on the answer").format(ticket=appeal.ticket)
    await relay.post_to_staff(bot, appeal, f"{note}\n\n{html.quote(appeal.rating_comment or '')}")


# ----- staff-only things pressed or typed by a citizen ----------------------------------------------------------
@router.callback_query(or_f(StaffCb.filter(), StaffListCb.filter()))
async def not_staff_button(query: CallbackQuery) -> None:
    await query.answer(_("This button is for the reception staff only."), show_alert=True)
