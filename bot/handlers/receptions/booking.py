"""The booking form: the privacy notice (the consent gate's, asked once) -> name -> phone -> optional question ->
confirmation.

The answers live in the FSM storage (SQLite) until the citizen confirms; only then is a booking written, in
one transaction that re-checks everything (see ReceptionService.book). Declining consent or cancelling the
form stores nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime

from aiogram import F, Router, html
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Chat, InaccessibleMessage, InlineKeyboardMarkup, Message
from aiogram.types import User as TgUser
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from bot import keyboards as kb
from bot.clock import Clock
from bot.db.users import User
from bot.filters import Button
from bot.handlers.contacts import venue_contacts, where_to_come
from bot.handlers.privacy import ConsentGate
from bot.handlers.receptions import keyboards as rkb
from bot.handlers.receptions.callbacks import FormCb
from bot.handlers.receptions.render import BRING, booking_block, error_text, problem_text, session_block
from bot.handlers.receptions.screens import edit
from bot.handlers.receptions.states import BookingForm
from bot.services.reception_input import MAX_QUESTION, InputProblem, check_name, check_phone, check_question
from bot.services.receptions import Booking, ReceptionError, ReceptionService, Session, reminder_times

log = logging.getLogger(__name__)

router = Router(name=__name__)
# Commands (/mybookings, /cancel, other features' commands) are never answers to the form: they go on to their
# own handlers, and the form waits.
router.message.filter(F.chat.type == "private", ~F.text.startswith("/"))

FORM_STATES = StateFilter(BookingForm.consent, BookingForm.name, BookingForm.phone, BookingForm.question,
                          BookingForm.confirm)


CONSENT_PURPOSE = "booking"  # the consent gate's key for this form's notice (see build_dispatcher)


def consent_lead() -> str:
    """The form's one sentence above the common privacy notice: why it needs the data."""
    return _("To book you for the consultation we need your name and phone number and, if you wish, a short "
             "description of your question.")


def suggested_name(tg_user: TgUser | Chat | None) -> str | None:
    if tg_user is None:
        return None
    full = " ".join(p for p in (tg_user.first_name, tg_user.last_name) if p)
    try:
        return check_name(full)
    except InputProblem:
        return None


def name_prompt(with_buttons: bool = True) -> str:
    """The name step's question; it mentions buttons only when some are shown."""
    if with_buttons:
        return _("👤 How should we write your name? Tap the button with your name or type your first name and "
                 "surname.")
    return _("👤 How should we write your name? Type your first name and surname.")


MAX_NAME_CHOICES = 3


async def name_choices(tg_user: TgUser | Chat | None, user_id: int, receptions: ReceptionService) -> list[str]:
    """Names to offer as buttons: the Telegram name when it is a valid name, then the names the citizen gave in
    their earlier bookings and appeals (personal data they gave with consent, shown back only to them)."""
    found: list[str] = []
    suggested = suggested_name(tg_user)
    if suggested:
        found.append(suggested)
    found += await receptions.names_used(user_id)
    unique: list[str] = []
    for name in found:
        try:
            name = check_name(name)
        except InputProblem:
            continue
        if name not in unique:
            unique.append(name)
    return unique[:MAX_NAME_CHOICES]


async def ask_name(message: Message | InaccessibleMessage, tg_user: TgUser | Chat | None, user_id: int,
                   receptions: ReceptionService, lead: str | None = None) -> None:
    names = await name_choices(tg_user, user_id, receptions)
    prompt = name_prompt(with_buttons=bool(names))
    await message.answer(f"{lead}\n\n{prompt}" if lead else prompt, reply_markup=rkb.name_keyboard(names))


async def begin_form(query: CallbackQuery, session: Session, slot: int | None, user: User, state: FSMContext,
                     receptions: ReceptionService, consent_gate: ConsentGate, clock: Clock) -> None:
    """Start the form for a session (and time slot); a full session leads to the waitlist. A citizen who has not
    agreed to the current privacy notice sees it first (the consent gate), with the session above it."""
    try:
        await receptions.check_can_book(user.id, session.id, clock.now(), slot)
    except ReceptionError as error:
        await query.answer(error_text(error), show_alert=True)
        return
    if query.message is None:
        await outdated(query)
        return
    waitlist = session.free == 0
    await state.set_data({"rc_session": session.id, "rc_slot": slot, "rc_wait": waitlist})
    await state.set_state(BookingForm.consent)
    await query.answer()
    if waitlist:
        intro = _("🕒 <b>Waitlist</b>\n\nAll places for this reception are taken. Join the waitlist: if a place "
                  "frees up, we will offer it to you in turn.\n\n{session}")
    else:
        intro = _("📝 <b>Booking a free legal consultation</b>\n\n{session}")
    intro = intro.format(session=session_block(session, user.language, slot))
    if not await consent_gate.ensure(query.message, user.id, CONSENT_PURPOSE, state=state,
                                     lead=intro + "\n\n" + consent_lead()):
        return
    await state.set_state(BookingForm.name)
    await ask_name(query.message, query.from_user, user.id, receptions, lead=intro)


async def form_data_for(state: FSMContext, session_id: int, *states: str | None) -> dict[str, object] | None:
    """The form's answers if the citizen is at one of ``states`` of the form for this session, else None."""
    current = await state.get_state()
    data = await state.get_data()
    if current not in states or data.get("rc_session") != session_id:
        return None
    return data


async def outdated(query: CallbackQuery) -> None:
    await query.answer(_("This button is out of date. Please open the menu again: /menu"), show_alert=True)


# -- cancelling the form ----------------------------------------------------------------------------------


@router.message(FORM_STATES, Button(rkb.BTN_FORM_CANCEL))
async def form_cancel(message: Message, state: FSMContext) -> None:
    await state.clear()
    await message.answer(_("The booking is cancelled. Nothing was saved."), reply_markup=kb.main_menu())


@router.callback_query(FormCb.filter(F.action == "drop"))
async def form_drop(query: CallbackQuery, state: FSMContext) -> None:
    if (await state.get_data()).get("rc_session") is not None:
        await state.clear()
    await query.answer()
    if isinstance(query.message, Message):
        await edit(query.message, _("The booking is cancelled. Nothing was saved."))
        await query.message.answer(_("Main menu. Choose a section or type your question."), reply_markup=kb.main_menu())


# -- consent (the consent gate's notice and buttons; build_dispatcher registers these continuations) ---------


async def consent_accepted(query: CallbackQuery, state: FSMContext, receptions: ReceptionService) -> None:
    """"I agree" under this form's notice (the gate has checked that the form waits on it): on to the name."""
    await state.set_state(BookingForm.name)
    if isinstance(query.message, Message):
        await ask_name(query.message, query.from_user, query.from_user.id, receptions, lead=_("Thank you."))


async def consent_declined(query: CallbackQuery, state: FSMContext, user: User, receptions: ReceptionService,
                           clock: Clock) -> None:
    session = await receptions.session(int((await state.get_data()).get("rc_session") or 0), clock.now())
    await state.clear()
    if query.message is not None:
        await query.message.answer(
            _("Understood. Without your consent we cannot book you, and nothing has been saved. You are always "
              "welcome at the party's public reception rooms in person.")
            + where_to_come(session.venue if session is not None else None, user.language),
            reply_markup=kb.main_menu(),
        )


@router.message(BookingForm.consent)
async def consent_waiting(message: Message, state: FSMContext, user: User, consent_gate: ConsentGate,
                          receptions: ReceptionService) -> None:
    """Something typed while the notice waits for an answer: the notice again (or on to the name, when the
    citizen has agreed meanwhile, in /privacy or in another form)."""
    lead = _("Please answer with one of the buttons below.") + "\n\n" + consent_lead()
    if await consent_gate.ensure(message, user.id, CONSENT_PURPOSE, state=state, lead=lead):
        await state.set_state(BookingForm.name)
        await ask_name(message, message.from_user, user.id, receptions)


async def resume(message: Message, state: FSMContext, user: User, consent_gate: ConsentGate,
                 receptions: ReceptionService, clock: Clock) -> None:
    """«Continue» under the note of the paused form (bot.middlewares.forms): the current step's question again."""
    step = await state.get_state()
    if step == BookingForm.consent.state:
        if not await consent_gate.ensure(message, user.id, CONSENT_PURPOSE, state=state, lead=consent_lead()):
            return
        await state.set_state(BookingForm.name)
        step = BookingForm.name.state
    if step == BookingForm.name.state:
        await ask_name(message, message.chat, user.id, receptions)
    elif step == BookingForm.phone.state:
        await message.answer(phone_prompt(), reply_markup=rkb.phone_keyboard())
    elif step == BookingForm.question.state:
        await message.answer(question_prompt(), reply_markup=rkb.question_keyboard())
    else:
        await message.answer(_("Almost done: please check the details below."), reply_markup=kb.main_menu())
        await show_summary(message, None, state, user, receptions, clock)


def phone_prompt() -> str:
    return _("📱 Your phone number: tap «📱 Share my number» or type it, for example +7 701 234 56 78.")


def question_prompt() -> str:
    return ngettext("✍️ Briefly describe your question for the lawyer (up to {limit} character), or tap «⏭ Skip».",
                    "✍️ Briefly describe your question for the lawyer (up to {limit} characters), or tap «⏭ Skip».",
                    MAX_QUESTION).format(limit=MAX_QUESTION)


# -- name, phone, question --------------------------------------------------------------------------------


@router.message(BookingForm.name, F.text)
async def name_given(message: Message, state: FSMContext) -> None:
    try:
        name = check_name(message.text or "")
    except InputProblem as problem:
        await message.answer(problem_text(problem))
        return
    await state.update_data(rc_name=name)
    await state.set_state(BookingForm.phone)
    await message.answer(phone_prompt(), reply_markup=rkb.phone_keyboard())


@router.message(BookingForm.name)
async def name_not_text(message: Message, user: User, receptions: ReceptionService) -> None:
    await ask_name(message, message.from_user, user.id, receptions)


@router.message(BookingForm.phone, F.contact)
async def phone_shared(message: Message, state: FSMContext) -> None:
    contact = message.contact
    assert contact is not None
    if message.from_user is None or contact.user_id != message.from_user.id:
        await message.answer(_("Please share your own number with the button below, or type it."),
                             reply_markup=rkb.phone_keyboard())
        return
    await phone_accept(message, state, contact.phone_number)


@router.message(BookingForm.phone, F.text)
async def phone_typed(message: Message, state: FSMContext) -> None:
    await phone_accept(message, state, message.text or "")


async def phone_accept(message: Message, state: FSMContext, raw: str) -> None:
    try:
        phone = check_phone(raw)
    except InputProblem as problem:
        await message.answer(problem_text(problem), reply_markup=rkb.phone_keyboard())
        return
    await state.update_data(rc_phone=phone)
    await state.set_state(BookingForm.question)
    await message.answer(question_prompt(), reply_markup=rkb.question_keyboard())


@router.message(BookingForm.phone)
async def phone_other(message: Message) -> None:
    await message.answer(problem_text(InputProblem("phone")), reply_markup=rkb.phone_keyboard())


@router.message(BookingForm.question, Button(rkb.BTN_SKIP))
async def question_skipped(message: Message, state: FSMContext, user: User, receptions: ReceptionService,
                           clock: Clock) -> None:
    await state.update_data(rc_question=None)
    await to_confirm(message, state, user, receptions, clock)


@router.message(BookingForm.question, F.text)
async def question_given(message: Message, state: FSMContext, user: User, receptions: ReceptionService,
                         clock: Clock) -> None:
    try:
        question = check_question(message.text or "")
    except InputProblem as problem:
        await message.answer(problem_text(problem))
        return
    await state.update_data(rc_question=question or None)
    await to_confirm(message, state, user, receptions, clock)


@router.message(BookingForm.question)
async def question_not_text(message: Message) -> None:
    await message.answer(_("Please type your question as text, or tap «⏭ Skip»."), reply_markup=rkb.question_keyboard())


# -- confirmation -----------------------------------------------------------------------------------------


async def to_confirm(message: Message, state: FSMContext, user: User, receptions: ReceptionService,
                     clock: Clock) -> None:
    await state.set_state(BookingForm.confirm)
    await message.answer(_("Almost done: please check the details below."), reply_markup=kb.main_menu())
    await show_summary(message, None, state, user, receptions, clock)


async def show_summary(message: Message | None, query: CallbackQuery | None, state: FSMContext, user: User,
                       receptions: ReceptionService, clock: Clock) -> None:
    """The form's answers with "confirm" (or "join the waitlist" for a full session): a new message, or the
    pressed one edited."""
    data = await state.get_data()
    session = await receptions.session(int(data.get("rc_session") or 0), clock.now())
    if session is None:
        await state.clear()
        text = error_text(ReceptionError("not_found"))
        markup = None
    else:
        slot = data.get("rc_slot")
        lines = [session_block(session, user.language, slot if isinstance(slot, int) else None),
                 _("👤 Name: {name}").format(name=html.quote(str(data.get("rc_name")))),
                 _("📱 Phone: {phone}").format(phone=html.quote(str(data.get("rc_phone"))))]
        if data.get("rc_question"):
            lines.append(_("❓ Question: {question}").format(question=html.quote(str(data["rc_question"]))))
        waitlist = bool(data.get("rc_wait"))
        head = _("Please check your booking:") if not waitlist else _("Please check your request for the waitlist:")
        text = head + "\n\n" + "\n".join(lines)
        markup = rkb.confirm(session.id, waitlist)
    if query is not None and isinstance(query.message, Message):
        await edit(query.message, text, markup)
    elif message is not None:
        await message.answer(text, reply_markup=markup)


def confirmation_text(booking: Booking, now: datetime, lang: str) -> str:
    """The confirmation promises only the reminders that will be sent (a same-day booking gets no evening
    reminder; one made less than two hours ahead gets none)."""
    planned = {kind for kind, due, _stale in reminder_times(booking.appointment) if due > now}
    if planned >= {"remind_evening", "remind_2h"}:
        text = _("✅ <b>You are booked!</b>\n\n{booking}\n\n{bring}\n\n"
                 "We will remind you the evening before and two hours before. To cancel: /mybookings")
    elif "remind_2h" in planned:
        text = _("✅ <b>You are booked!</b>\n\n{booking}\n\n{bring}\n\n"
                 "We will remind you two hours before. To cancel: /mybookings")
    else:
        text = _("✅ <b>You are booked!</b>\n\n{booking}\n\n{bring}\n\nTo cancel: /mybookings")
    return text.format(booking=booking_block(booking, lang) + venue_contacts(booking.session.venue, lang),
                       bring=_(BRING))


@router.callback_query(FormCb.filter(F.action == "confirm"))
async def confirm(query: CallbackQuery, callback_data: FormCb, state: FSMContext, user: User,
                  receptions: ReceptionService, clock: Clock) -> None:
    data = await form_data_for(state, callback_data.session, BookingForm.confirm.state)
    if data is None:
        await outdated(query)
        return
    slot = data.get("rc_slot")
    message = query.message if isinstance(query.message, Message) else None
    try:
        booking = await receptions.book(
            user_id=user.id,
            session_id=callback_data.session,
            slot=slot if isinstance(slot, int) else None,
            name=str(data.get("rc_name") or ""),
            phone=str(data.get("rc_phone") or ""),
            question=str(data["rc_question"]) if data.get("rc_question") else None,
            language=user.language,
            now=clock.now(),
        )
    except ReceptionError as error:
        await refused(query, message, state, error, user, receptions, clock)
        return
    await state.clear()
    await query.answer(_("Booked!"))
    text = confirmation_text(booking, clock.now(), user.language)
    if message is not None:
        await edit(message, text, None)
    else:
        await query.bot.send_message(user.id, text)  # type: ignore[union-attr]


async def refused(query: CallbackQuery, message: Message | None, state: FSMContext, error: ReceptionError,
                  user: User, receptions: ReceptionService, clock: Clock) -> None:
    markup: InlineKeyboardMarkup | None = None
    log.info("booking refused: %r", error.code)
    if error.code == "duplicate":
        # Almost always a double tap on "confirm": the first tap's confirmation stays on the screen.
        await state.clear()
        await query.answer(error_text(error), show_alert=True)
        return
    await query.answer()
    if error.code == "full":
        text = _("😔 Sorry, all places for this reception have just been taken. You can join the waitlist: if a "
                 "place frees up, we will offer it to you in turn.")
        markup = rkb.full(int((await state.get_data()).get("rc_session") or 0))
    elif error.code == "slot_taken":
        session = await receptions.session(int((await state.get_data()).get("rc_session") or 0), clock.now())
        text = error_text(error)
        if session is not None:
            markup = rkb.slots(session, session.venue.district)
    else:
        await state.clear()
        text = error_text(error)
    if message is not None:
        await edit(message, text, markup)
    else:
        await query.bot.send_message(user.id, text, reply_markup=markup)  # type: ignore[union-attr]


@router.callback_query(FormCb.filter(F.action == "waitlist"))
async def join_waitlist(query: CallbackQuery, callback_data: FormCb, state: FSMContext, user: User,
                        receptions: ReceptionService, consent_gate: ConsentGate, clock: Clock) -> None:
    data = await form_data_for(state, callback_data.session, BookingForm.confirm.state)
    message = query.message if isinstance(query.message, Message) else None
    if data is None:
        # The form is gone (finished or cancelled): start it again for this session.
        session = await receptions.session(callback_data.session, clock.now())
        if session is None:
            await query.answer(error_text(ReceptionError("not_found")), show_alert=True)
            return
        await begin_form(query, session, None, user, state, receptions, consent_gate, clock)
        return
    try:
        entry = await receptions.join_waitlist(
            user_id=user.id,
            session_id=callback_data.session,
            name=str(data.get("rc_name") or ""),
            phone=str(data.get("rc_phone") or ""),
            question=str(data["rc_question"]) if data.get("rc_question") else None,
            language=user.language,
            now=clock.now(),
        )
    except ReceptionError as error:
        if error.code == "has_places":
            await query.answer(error_text(error), show_alert=True)
            await state.update_data(rc_wait=False, rc_slot=None)
            await show_summary(None, query, state, user, receptions, clock)
            return
        await query.answer()
        await state.clear()
        if message is not None:
            await edit(message, error_text(error))
        return
    await state.clear()
    await query.answer()
    text = _("🕒 You are on the waitlist, number {position} in line. If a place frees up, I will send you an offer, "
             "and you will have time to confirm it.\n\n{session}\n\nYour bookings and waitlist: /mybookings").format(
        position=entry.position, session=session_block(entry.session, user.language))
    if message is not None:
        await edit(message, text, None)


@router.callback_query(FormCb.filter())
async def stale_form_button(query: CallbackQuery) -> None:
    """A form button that no longer exists (such as the form's own consent buttons before the common notice)."""
    await outdated(query)
