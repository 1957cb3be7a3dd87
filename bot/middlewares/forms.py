"""Leaving a form is never silent, and a form never swallows what was not meant for it.

A citizen (or a staff member) in the middle of any form who taps a main-menu button or sends a command (other
than /cancel) has left the form for now: before the update is routed, the form's step and answers are moved
aside (the same FSM storage, under the "paused" destiny, so they survive /start, /menu and restarts) and the
citizen is no longer in the form, so the menu or command is handled as it would be outside any form, and the
next question is a question. After that handler, one line says the form is paused, with «Continue» and
«Cancel» (bot.handlers.paused). «Continue» puts the step and the answers back and asks the step's question
again: a form registers how (``on_resume``); without one, the citizen is pointed to the question above.

One paused form per chat: pausing another one replaces it. /forget and retention remove it with the rest of the
citizen's FSM rows (same user id)."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.handler import CallableObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import StatesGroup
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message, TelegramObject
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot import keyboards as kb
from bot.callbacks import PausedFormCb
from bot.filters import _labels
from bot.i18n import N_

log = logging.getLogger(__name__)

PAUSED = "paused"  # the FSM storage destiny of a paused form
MAIN_MENU = (kb.BTN_RESULTS, kb.BTN_PROJECTS, kb.BTN_LEGAL, kb.BTN_RECEPTION, kb.BTN_ASK, kb.BTN_CONTACTS,
             kb.BTN_LANGUAGE)
KEEP_IN_FORM = frozenset({"cancel"})  # commands that act on the form itself
DEFAULT_NOTE = N_("⏸ The form you were filling in is paused; your answers so far are kept. Continue it, or cancel?")

Resume = Callable[..., Awaitable[Any]]


def paused_context(state: FSMContext) -> FSMContext:
    """Where the chat's paused form is kept."""
    return FSMContext(storage=state.storage, key=dataclasses.replace(state.key, destiny=PAUSED))


def pause_buttons() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text=_("▶️ Continue"), callback_data=PausedFormCb(action="continue").pack()),
        InlineKeyboardButton(text=_("✖️ Cancel"), callback_data=PausedFormCb(action="cancel").pack()),
    ]])


class FormPause(BaseMiddleware):
    """Outer middleware on messages (after the user's language is known)."""

    def __init__(self) -> None:
        self._forms: list[tuple[str, str, Resume | None]] = []  # (state group prefix, note msgid, resume)

    def register(self, group: type[StatesGroup], note: str | None = None, resume: Resume | None = None) -> None:
        """A form's own note (a msgid) and how to ask its current step again after «Continue»: ``resume`` is
        called like a handler, with the message to answer and the workflow data it names (state, user, ...)."""
        self._forms.append((group.__full_group_name__ + ":", note or DEFAULT_NOTE, resume))

    def _form(self, state_name: str) -> tuple[str, Resume | None]:
        for prefix, note, resume in self._forms:
            if state_name.startswith(prefix):
                return note, resume
        return DEFAULT_NOTE, None

    @staticmethod
    def leaves_form(message: Message, i18n: I18n) -> bool:
        text = message.text
        if not text:
            return False
        if text.startswith("/"):
            command = text[1:].split(maxsplit=1)[0].split("@", 1)[0].lower() if len(text) > 1 else ""
            return command not in KEEP_IN_FORM
        return text in _labels(i18n, MAIN_MENU)

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        raw_state: str | None = data.get("raw_state")
        state: FSMContext | None = data.get("state")
        if (raw_state is None or state is None or not isinstance(event, Message) or event.chat.type != "private"
                or not self.leaves_form(event, data["i18n"])):
            return await handler(event, data)
        await self.pause(state, raw_state)
        data["raw_state"] = None
        log.info("form paused at %r", raw_state)
        result = await handler(event, data)
        await self.tell(event, raw_state)
        return result

    async def tell(self, message: Message, step: str) -> None:
        """The one-line note of a form paused at ``step``, with «Continue» / «Cancel»."""
        note, _resume = self._form(step)
        await message.answer(_(note), reply_markup=pause_buttons())

    @staticmethod
    async def pause(state: FSMContext, step: str | None = None) -> None:
        """Move the chat's form (at ``step``, or where it is) aside; the chat is no longer in it."""
        step = step or await state.get_state()
        if step is None:
            return
        paused = paused_context(state)
        await paused.set_state(step)
        await paused.set_data(await state.get_data())
        await state.clear()

    async def resume(self, message: Message, state: FSMContext, data: dict[str, Any]) -> bool:
        """«Continue»: the paused form back in place, its step asked again. False when none is paused."""
        paused = paused_context(state)
        step = await paused.get_state()
        if step is None:
            return False
        await state.set_state(step)
        await state.set_data(await paused.get_data())
        await paused.clear()
        _note, resume = self._form(step)
        if resume is None:
            await message.answer(_("▶️ The form is open again: please answer its last question above."))
        else:
            await CallableObject(resume).call(message, **{**data, "state": state, "raw_state": step})
        return True

    @staticmethod
    async def drop(state: FSMContext) -> bool:
        """«Cancel» (or /cancel): the paused form is discarded. False when none was paused."""
        paused = paused_context(state)
        if await paused.get_state() is None:
            return False
        await paused.clear()
        return True
