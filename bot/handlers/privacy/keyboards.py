"""Keyboards of the privacy screens (built inside handlers, in the user's language)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot import keyboards as kb
from bot.handlers.privacy.callbacks import ConsentCb, ForgetCb, PrivacyCb


def consent(purpose: str, version: int, token: str = "") -> InlineKeyboardMarkup:
    return kb.confirm((_("✅ I agree"), ConsentCb(answer="yes", purpose=purpose, version=version, token=token)),
                      (_("❌ Decline"), ConsentCb(answer="no", purpose=purpose, version=version, token=token)))


def forget_confirm(asked_at: int) -> InlineKeyboardMarkup:
    return kb.confirm((_("🗑 Yes, erase"), ForgetCb(answer="yes", asked_at=asked_at)),
                      (_("↩️ No, keep"), ForgetCb(answer="no", asked_at=asked_at)))


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
