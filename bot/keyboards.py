"""Keyboards. Texts go through gettext at build time, so build them inside a handler (the user's locale)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import EntryCb, LangCb, MenuCb, SectionCb, TopicCb
from bot.i18n import N_
from bot.services.knowledge import Entry, Topic

# Main menu buttons (msgids; the handlers match a tap in either language).
BTN_RESULTS = N_("📊 2024 results")
BTN_PROJECTS = N_("🗂 Party projects")
BTN_LEGAL = N_("⚖️ Free legal help")
BTN_RECEPTION = N_("📝 Public reception")
BTN_ASK = N_("❓ Ask a question")
BTN_LANGUAGE = N_("🌐 Language")

LANGUAGE_NAMES = {"kk": "🇰🇿 Қазақша", "ru": "🇷🇺 Русский"}


def main_menu() -> ReplyKeyboardMarkup:
    rows = [
        [BTN_RESULTS, BTN_PROJECTS],
        [BTN_LEGAL, BTN_RECEPTION],
        [BTN_ASK, BTN_LANGUAGE],
    ]
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=_(label)) for label in row] for row in rows],
        resize_keyboard=True,
        is_persistent=True,
        input_field_placeholder=_("Type your question…"),
    )


def languages() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=name, callback_data=LangCb(code=code).pack())]
            for code, name in LANGUAGE_NAMES.items()
        ]
    )


def topics(topic_list: list[Topic], lang: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for topic in topic_list:
        builder.button(text=topic.title[lang], callback_data=TopicCb(id=topic.id))
    builder.adjust(2)
    return builder.as_markup()


def entries(entry_list: list[Entry], lang: str, section: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for entry in entry_list:
        builder.button(text=entry.title[lang], callback_data=EntryCb(id=entry.id))
    builder.button(text=_("⬅️ Back"), callback_data=SectionCb(section=section))
    builder.adjust(1)
    return builder.as_markup()


def entry_card(related: list[Entry], lang: str, back: CallbackData) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for entry in related:
        builder.button(text="🔗 " + entry.title[lang], callback_data=EntryCb(id=entry.id))
    builder.button(text=_("⬅️ Back"), callback_data=back)
    builder.adjust(1)
    return builder.as_markup()


def answer_buttons(related: list[Entry], lang: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for entry in related:
        builder.button(text="🔗 " + entry.title[lang], callback_data=EntryCb(id=entry.id))
    builder.adjust(1)
    return builder.as_markup()


def not_found() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("📊 2024 results"), callback_data=SectionCb(section="results"))
    builder.button(text=_("🗂 Party projects"), callback_data=SectionCb(section="projects"))
    builder.button(text=_("📝 Write to the public reception"), callback_data=MenuCb(action="appeal"))
    builder.adjust(1)
    return builder.as_markup()
