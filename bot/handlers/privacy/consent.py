"""The privacy notice and the consent gate: call it before a feature asks for any personal data.

    # in a handler (here an imagined "call me back" feature), before asking the citizen's name or phone:
    if not await consent_gate.ensure(message, user.id, purpose="callme"):
        return  # the notice is shown with "I agree" / "Decline"; nothing else happens yet

    # once, in build_dispatcher: what happens when the citizen taps "I agree" under that notice
    consent_gate.on_accept("callme", callme_handlers.ask_phone)

    # a form (FSM): put it in its consent step first, and give the gate its state
    await state.set_state(AppealForm.consent)
    if not await consent_gate.ensure(message, user.id, purpose="appeal", state=state, lead=why_we_ask()):
        return
    consent_gate.on_accept("appeal", appeals_citizen.consent_accepted, form=True)
    consent_gate.on_decline("appeal", appeals_citizen.consent_declined)

There is one notice for every feature, with one version (bot.services.consent.PRIVACY_NOTICE_VERSION): a
recorded consent always means this text. A feature may put one sentence of its own above it (``lead``: why it
needs the data, "To book a consultation we need your name and phone"), never a notice of its own.

The continuation is called like an aiogram handler: with the CallbackQuery and whichever workflow data it names
in its signature (state, user, services...). Without a continuation the citizen is thanked and carries on.
Consent is versioned: a button under an older notice is refused and the new notice shown, and a citizen who
agreed to an older version is asked again.

A form (FSM) registers its purpose with ``form=True`` and passes its FSMContext, already in the form's consent
step, to ``ensure(..., state=state)``. The gate then remembers in the form's data that the form waits on a notice
(a random token, also carried by the notice's buttons) and in which step; only a notice with that token, in that
step, can be answered. A button under the notice of a form that was cancelled, finished or started again, or of
a step the form has left, is refused as out of date and records nothing. The memo lives in the FSM storage
(SQLite), so a notice shown before a restart can be answered after it.

The gate is the dispatcher's ``consent`` as well as its ``consent_gate``: a ConsentService that can also show the
notice.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import InaccessibleMessage, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from bot.db.database import Database
from bot.handlers.privacy import keyboards as kb
from bot.services.consent import ConsentService

Continuation = Callable[..., Awaitable[Any]]

# The form's data key of the notice it waits on: {"purpose", "token" (also in the notice's buttons), "state" (the
# form's step when it was shown)}.
NOTICE_KEY = "consent_notice"


def retention_period(days: int) -> str:
    return ngettext("{n} day", "{n} days", days).format(n=days)


def privacy_notice(retention_days: int) -> str:
    """The privacy notice in the current locale (HTML)."""
    return _(
        "🔒 <b>Personal data</b>\n\n"
        "Some services of this bot (an appeal to the public reception, booking a legal consultation, "
        "subscriptions) need your personal data: your name, phone number and the text of your request. The "
        "Kyzylorda regional branch of the AMANAT party processes them under the Law of the Republic of "
        "Kazakhstan «On personal data and their protection» only to handle your request and to contact you "
        "about it.\n\n"
        "• Only the branch's staff and lawyers who work on your request see them. They are passed on only to a "
        "state body your appeal is forwarded to, if it is.\n"
        "• {period} after your request is closed, the data is anonymised.\n"
        "• /privacy shows this notice and lets you withdraw your consent; /mydata sends you everything the bot "
        "keeps about you; /forget erases it.\n\n"
        "Questions to the bot and the menus work without any personal data."
    ).format(period=retention_period(retention_days))


class ConsentGate(ConsentService):
    def __init__(self, db: Database, retention_days: int, version: int | None = None) -> None:
        super().__init__(db, version)
        self.retention_days = retention_days
        self._on_accept: dict[str, Continuation] = {}
        self._on_decline: dict[str, Continuation] = {}
        self._forms: set[str] = set()

    def on_accept(self, purpose: str, continuation: Continuation, *, form: bool = False) -> None:
        """``continuation`` runs after "I agree" under a notice shown for ``purpose``. ``form=True``: the notice
        belongs to a form, and only the notice that form waits on can be answered (see the module's doc)."""
        self._check(purpose)
        self._on_accept[purpose] = continuation
        if form:
            self._forms.add(purpose)

    def on_decline(self, purpose: str, continuation: Continuation) -> None:
        self._check(purpose)
        self._on_decline[purpose] = continuation

    @staticmethod
    def _check(purpose: str) -> None:
        # the purpose travels in callback data (64 bytes at most, ":" separates fields)
        if not purpose or len(purpose) > 24 or ":" in purpose:
            raise ValueError(f"purpose must be 1-24 characters without ':', got {purpose!r}")

    def continuation(self, purpose: str, accepted: bool) -> Continuation | None:
        return (self._on_accept if accepted else self._on_decline).get(purpose)

    def is_form(self, purpose: str) -> bool:
        return purpose in self._forms

    async def ensure(
        self,
        message: Message | InaccessibleMessage,
        user_id: int,
        purpose: str,
        *,
        state: FSMContext | None = None,
        lead: str | None = None,
    ) -> bool:
        """True when the citizen has agreed to the current notice; otherwise shows it with the consent buttons
        (in the current locale, ``lead`` above it) and returns False. A form passes its ``state``."""
        self._check(purpose)
        if await self.has_current(user_id):
            if state is not None:
                await self.settle(state)
            return True
        await self.show(message, purpose, state=state, lead=lead)
        return False

    async def show(
        self,
        message: Message | InaccessibleMessage,
        purpose: str,
        *,
        state: FSMContext | None = None,
        lead: str | None = None,
    ) -> None:
        if purpose in self._forms and state is None:
            raise ValueError(f"the notice of the form {purpose!r} needs the form's state")
        # the form's memo is written before the notice is sent: a tap can never arrive before it
        token = "" if state is None else await self._form_token(state, purpose)
        text = privacy_notice(self.retention_days)
        await message.answer(f"{lead}\n\n{text}" if lead else text,
                             reply_markup=kb.consent(purpose, self.version, token))

    async def _form_token(self, state: FSMContext, purpose: str) -> str:
        """The token of the notice the form waits on in its current step: the same for a notice shown again in
        that step, a new one for a new form (a new form starts with new data)."""
        step = await state.get_state()
        memo = (await state.get_data()).get(NOTICE_KEY)
        if isinstance(memo, dict) and memo.get("purpose") == purpose and memo.get("state") == step and memo.get(
                "token"):
            return str(memo["token"])
        token = secrets.token_urlsafe(6)
        await state.update_data({NOTICE_KEY: {"purpose": purpose, "token": token, "state": step}})
        return token

    async def waiting(self, purpose: str, token: str, state: FSMContext) -> bool:
        """Whether a button with this purpose and token is under the notice the citizen's form waits on, in the
        step the form is in now."""
        memo = (await state.get_data()).get(NOTICE_KEY)
        return bool(token) and memo == {"purpose": purpose, "token": token, "state": await state.get_state()}

    async def settle(self, state: FSMContext) -> None:
        """The form no longer waits on a notice."""
        data = await state.get_data()
        if NOTICE_KEY in data:
            del data[NOTICE_KEY]
            await state.set_data(data)
