"""Inline keyboards of the staff screens (built inside handlers: texts go through gettext)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.handlers.staff.callbacks import AudienceCb, BroadcastCb, DraftCb
from bot.handlers.staff.render import num
from bot.services.broadcast import Broadcast
from bot.services.districts import District


def no_media() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("➡️ Without attachment"), callback_data=DraftCb(action="nomedia"))
    builder.button(text=_("✖️ Cancel"), callback_data=DraftCb(action="cancel"))
    builder.adjust(1)
    return builder.as_markup()


def audiences(counts: dict[str, dict[str, int]], lang: str) -> InlineKeyboardMarkup:
    """``counts``: "all"/"kk"/"ru" -> {language: recipients}."""
    total = {key: sum(value.values()) for key, value in counts.items()}
    builder = InlineKeyboardBuilder()
    builder.button(text=_("👥 Everyone ({n})").format(n=num(total["all"], lang)),
                   callback_data=AudienceCb(kind="all"))
    builder.button(text=_("🇰🇿 Reading in Kazakh ({n})").format(n=num(total["kk"], lang)),
                   callback_data=AudienceCb(kind="language", value="kk"))
    builder.button(text=_("🇷🇺 Reading in Russian ({n})").format(n=num(total["ru"], lang)),
                   callback_data=AudienceCb(kind="language", value="ru"))
    builder.button(text=_("📍 By district…"), callback_data=DraftCb(action="districts"))
    builder.button(text=_("✖️ Cancel"), callback_data=DraftCb(action="cancel"))
    builder.adjust(1)
    return builder.as_markup()


def districts(items: list[tuple[District, int]], lang: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for district, count in items:
        builder.button(text=f"{district.name[lang]} ({num(count, lang)})",
                       callback_data=AudienceCb(kind="district", value=district.id))
    builder.button(text=_("⬅️ Back"), callback_data=DraftCb(action="audiences"))
    builder.adjust(2)
    return builder.as_markup()


def confirm(total: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if total:
        builder.button(text=_("✅ Send now"), callback_data=DraftCb(action="send"))
        builder.button(text=_("🕒 Schedule"), callback_data=DraftCb(action="schedule"))
    builder.button(text=_("👥 Another audience"), callback_data=DraftCb(action="audiences"))
    builder.button(text=_("✖️ Cancel"), callback_data=DraftCb(action="cancel"))
    builder.adjust(1)
    return builder.as_markup()


def cancel_broadcast(broadcast_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("⛔ Stop the broadcast"), callback_data=BroadcastCb(action="cancel", id=broadcast_id))
    return builder.as_markup()


def cancel_many(items: list[Broadcast]) -> InlineKeyboardMarkup | None:
    if not items:
        return None
    builder = InlineKeyboardBuilder()
    for broadcast in items:
        builder.button(text=_("⛔ Stop #{id}").format(id=broadcast.id),
                       callback_data=BroadcastCb(action="cancel", id=broadcast.id))
    builder.adjust(2)
    return builder.as_markup()
