"""Keyboards of the privacy screens (built inside handlers, in the user's language)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.handlers.privacy.callbacks import ConsentCb, ForgetCb, PrivacyCb


def consent(purpose: str, version: int, token: str = "") -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for text, answer in ((_("✅ I agree"), "yes"), (_("❌ Decline"), "no")):
        builder.button(text=text, callback_data=ConsentCb(answer=answer, purpose=purpose, version=version, token=token))
    builder.adjust(2)
    return builder.as_markup()


def forget_confirm(asked_at: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("🗑 Yes, erase"), callback_data=ForgetCb(answer="yes", asked_at=asked_at))
    builder.button(text=_("↩️ No, keep"), callback_data=ForgetCb(answer="no", asked_at=asked_at))
    builder.adjust(2)
    return builder.as_markup()


def privacy_actions(consented: bool, purpose: str, version: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if not consented:
        builder.button(text=_("✅ I agree"), callback_data=ConsentCb(answer="yes", purpose=purpose, version=version))
    builder.button(text=_("📦 My data"), callback_data=PrivacyCb(action="mydata"))
    builder.button(text=_("🗑 Erase my data"), callback_data=PrivacyCb(action="forget"))
    if consented:
        builder.button(text=_("↩️ Withdraw consent"), callback_data=PrivacyCb(action="withdraw"))
    builder.adjust(1)
    return builder.as_markup()
