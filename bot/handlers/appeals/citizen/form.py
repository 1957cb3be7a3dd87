"""The appeal form's steps after the start: category, district, text, files, consent, name, phone,
address and the review with its edits."""

from __future__ import annotations

import logging

from aiogram import F
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from bot import keyboards as kb
from bot.db.users import User
from bot.handlers.appeals import keyboards as akb
from bot.handlers.appeals.callbacks import FormCb
from bot.handlers.appeals.citizen.common import (
    CONSENT_PURPOSE,
    PREFILL_KEY,
    advance,
    consent_lead,
    forwarded_message,
    is_unsupported,
    message_files,
    router,
    send_step,
    show_review,
    text_problem_message,
    unsupported_message,
)
from bot.handlers.appeals.relay import AppealRelay
from bot.handlers.appeals.states import AppealForm
from bot.handlers.contacts import district_venue, where_to_come
from bot.handlers.privacy import ConsentGate
from bot.middlewares.forms import FormPause, pause_buttons
from bot.services.appeals import (
    ADDRESS_MAX,
    CATEGORIES,
    MAX_ATTACHMENTS,
    TEXT_MAX,
    TEXT_MIN,
    name_problem,
    normalise_contact_phone,
    text_problem,
)
from bot.services.receptions import ReceptionService
from bot.text.phone import normalize_phone

log = logging.getLogger(__name__)

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


