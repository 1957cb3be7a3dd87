"""Keyboards. Texts go through gettext at build time, so build them inside a handler (the user's locale)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

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
BTN_CONTACTS = N_("📍 Contacts")

LANGUAGE_NAMES = {"kk": "🇰🇿 Қазақша", "ru": "🇷🇺 Русский"}


def main_menu() -> ReplyKeyboardMarkup:
    rows = [
        [BTN_RESULTS, BTN_PROJECTS],
        [BTN_LEGAL, BTN_RECEPTION],
        [BTN_ASK, BTN_CONTACTS, BTN_LANGUAGE],
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


def confirm(yes: tuple[str, CallbackData], no: tuple[str, CallbackData], *, stacked: bool = False
            ) -> InlineKeyboardMarkup:
    """A question's two answers, each (label, callback data): side by side («🗑 Yes, erase» «↩️ No, keep»), or
    one under the other when the labels are long (``stacked``). Every feature asks its yes/no this way."""
    return inline([[yes], [no]] if stacked else [[yes, no]])


def page_buttons(builder: InlineKeyboardBuilder, page: int, per_page: int, total: int,
                 to_page: Callable[[int], CallbackData]) -> list[int]:
    """A paged list's «⬅️» / «➡️» (only those that lead somewhere), added to ``builder``; returns the row size to
    pass to ``builder.adjust`` ([] when the list fits one page). ``to_page(n)``: the callback data of page n."""
    nav = 0
    if page > 0:
        builder.button(text="⬅️", callback_data=to_page(page - 1))
        nav += 1
    if (page + 1) * per_page < total:
        builder.button(text="➡️", callback_data=to_page(page + 1))
        nav += 1
    return [nav] if nav else []


def inline(rows: list[list[tuple[str, CallbackData]]]) -> InlineKeyboardMarkup:
    """An inline keyboard from rows of (label, callback data)."""
    # Built directly: aiogram's InlineKeyboardBuilder deep-copies every button, which showed up as a
    # fifth of the time of answering a question in bench/throughput.py.
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=text, callback_data=data.pack()) for text, data in row] for row in rows
        ]
    )


def topics(topic_list: list[Topic], lang: str) -> InlineKeyboardMarkup:
    cells = [(topic.title[lang], TopicCb(id=topic.id)) for topic in topic_list]
    return inline([cells[i:i + 2] for i in range(0, len(cells), 2)])


def entries(entry_list: list[Entry], lang: str, section: str) -> InlineKeyboardMarkup:
    rows: list[list[tuple[str, CallbackData]]] = [[(e.title[lang], EntryCb(id=e.id))] for e in entry_list]
    rows.append([(_("⬅️ Back"), SectionCb(section=section))])
    return inline(rows)


def entry_card(related: list[Entry], lang: str, back: CallbackData) -> InlineKeyboardMarkup:
    rows: list[list[tuple[str, CallbackData]]] = [[("🔗 " + e.title[lang], EntryCb(id=e.id))] for e in related]
    rows.append([(_("⬅️ Back"), back)])
    return inline(rows)


def answer_buttons(related: list[Entry], lang: str) -> InlineKeyboardMarkup:
    return _answer_buttons(tuple((e.id, e.title[lang]) for e in related))


@lru_cache(maxsize=1024)
def _answer_buttons(related: tuple[tuple[str, str], ...]) -> InlineKeyboardMarkup:
    # Made once per answer card (most of the traffic), not per question; sending does not change it.
    return inline([[("🔗 " + title, EntryCb(id=entry_id))] for entry_id, title in related])


def not_found() -> InlineKeyboardMarkup:
    return inline(
        [
            [(_("📊 2024 results"), SectionCb(section="results"))],
            [(_("🗂 Party projects"), SectionCb(section="projects"))],
            [(_("📝 Write to the public reception"), MenuCb(action="appeal"))],
        ]
    )
