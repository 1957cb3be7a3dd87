"""The privacy notice and the consent gate: call it before a feature asks for any personal data.

    # in a handler, before asking the citizen's name or phone:
    if not await consent_gate.ensure(message, user.id, purpose="appeal"):
        return  # the notice is shown with "I agree" / "Decline"; nothing else happens yet

    # once, in build_dispatcher: what happens when the citizen taps "I agree" under that notice
    consent_gate.on_accept("appeal", appeals_handlers.start_form)

The continuation is called like an aiogram handler: with the CallbackQuery and whichever workflow data it names
in its signature (state, user, services...). Without a continuation the citizen is thanked and carries on.
Consent is versioned (bot.services.consent.PRIVACY_NOTICE_VERSION): a button under an older notice is refused
and the new notice shown, and a citizen who agreed to an older version is asked again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.types import Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from bot.handlers.privacy import keyboards as kb
from bot.services.consent import ConsentService

Continuation = Callable[..., Awaitable[Any]]


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
        "• Only the branch's staff who work on your request see them.\n"
        "• {period} after your request is closed, the data is anonymised.\n"
        "• /mydata sends you everything the bot keeps about you; /forget erases it.\n\n"
        "Questions to the bot and the menus work without any personal data."
    ).format(period=retention_period(retention_days))


class ConsentGate:
    def __init__(self, consent: ConsentService, retention_days: int) -> None:
        self.consent = consent
        self.retention_days = retention_days
        self._on_accept: dict[str, Continuation] = {}
        self._on_decline: dict[str, Continuation] = {}

    def on_accept(self, purpose: str, continuation: Continuation) -> None:
        self._check(purpose)
        self._on_accept[purpose] = continuation

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

    async def ensure(self, message: Message, user_id: int, purpose: str) -> bool:
        """True when the citizen has agreed to the current notice; otherwise shows it with the consent buttons
        (in the current locale) and returns False."""
        self._check(purpose)
        if await self.consent.has_current(user_id):
            return True
        await self.show(message, purpose)
        return False

    async def show(self, message: Message, purpose: str) -> None:
        await message.answer(
            privacy_notice(self.retention_days), reply_markup=kb.consent(purpose, self.consent.version)
        )
