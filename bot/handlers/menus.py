"""The 2024 results and party projects: topic lists and topic cards."""

from __future__ import annotations

from aiogram import F, Router, html
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import get_i18n
from aiogram.utils.i18n import gettext as _

from bot import keyboards as kb
from bot.callbacks import EntryCb, MenuCb, SectionCb, TopicCb
from bot.db.users import User
from bot.filters import Button
from bot.handlers import common
from bot.i18n import N_
from bot.services.knowledge import Entry, KnowledgeBase
from bot.text import analyze

router = Router(name=__name__)
router.message.filter(Button(kb.BTN_RESULTS, kb.BTN_PROJECTS, kb.BTN_ASK, kb.BTN_LANGUAGE))

SECTIONS = ("results", "projects")


def section_title(section: str) -> str:
    if section == "projects":
        return _("🗂 <b>Party projects</b>\n\nChoose a project:")
    return _("📊 <b>Results of the Kyzylorda branch in 2024</b>\n\nChoose a topic:")


# Under every card: whose work and which year it is about.
CONTEXT_LINE = N_("📍 The AMANAT party's Kyzylorda regional branch, results of {year}")


def _in(lang: str, message: str) -> str:
    """``message`` translated into ``lang`` (the entry's language), also outside a handler (tests, console)."""
    try:
        return get_i18n().gettext(message, locale=lang)
    except LookupError:  # no I18n in this context: the English text
        return message


def render_entry(entry: Entry, lang: str) -> str:
    """The card, with a line saying whose work and which year it is about (its text may say only "the
    region" or "this year")."""
    context = _in(lang, CONTEXT_LINE).format(year=analyze.REPORT_YEAR)
    return f"<b>{html.quote(entry.title[lang])}</b>\n\n{html.quote(entry.answer[lang])}\n\n<i>{html.quote(context)}</i>"


async def related_entries(knowledge: KnowledgeBase, entry: Entry) -> list[Entry]:
    found = [await knowledge.entry(entry_id) for entry_id in entry.related]
    return [e for e in found if e is not None]


async def show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup) -> None:
    """Replace the message the button belongs to; send a new one if it cannot be edited (too old)."""
    await query.answer()
    message = query.message
    if isinstance(message, Message):
        try:
            await message.edit_text(text, reply_markup=markup)
            return
        except TelegramBadRequest as exc:
            if "not modified" in str(exc):
                return
    await query.bot.send_message(query.from_user.id, text, reply_markup=markup)  # type: ignore[union-attr]


async def send_section(message: Message, section: str, lang: str, knowledge: KnowledgeBase) -> None:
    topics = await knowledge.topics(section)
    await message.answer(section_title(section), reply_markup=kb.topics(topics, lang))


@router.message(Button(kb.BTN_RESULTS))
async def results_menu(message: Message, user: User, knowledge: KnowledgeBase) -> None:
    await send_section(message, "results", user.language, knowledge)


@router.message(Button(kb.BTN_PROJECTS))
async def projects_menu(message: Message, user: User, knowledge: KnowledgeBase) -> None:
    await send_section(message, "projects", user.language, knowledge)


@router.callback_query(SectionCb.filter(F.section.in_(SECTIONS)))
async def section_cb(query: CallbackQuery, callback_data: SectionCb, user: User, knowledge: KnowledgeBase) -> None:
    topics = await knowledge.topics(callback_data.section)
    await show(query, section_title(callback_data.section), kb.topics(topics, user.language))


@router.callback_query(TopicCb.filter())
async def topic_cb(query: CallbackQuery, callback_data: TopicCb, user: User, knowledge: KnowledgeBase) -> None:
    topic = await knowledge.topic(callback_data.id)
    if topic is None:
        await query.answer(_("This button is out of date. Please open the menu again: /menu"), show_alert=True)
        return
    entries = await knowledge.entries_for_topic(topic.id)
    if len(entries) == 1:
        await show_entry(query, entries[0], user.language, knowledge)
        return
    text = f"<b>{html.quote(topic.title[user.language])}</b>\n\n" + _("Choose:")
    await show(query, text, kb.entries(entries, user.language, topic.section))


async def show_entry(query: CallbackQuery, entry: Entry, lang: str, knowledge: KnowledgeBase) -> None:
    """A topic card; "back" leads to the topic's list, or to the section when the topic has one card."""
    topic = await knowledge.topic(entry.topic)
    back: SectionCb | TopicCb = SectionCb(section=topic.section if topic else "results")
    if topic is not None and len(await knowledge.entries_for_topic(topic.id)) > 1:
        back = TopicCb(id=topic.id)
    markup = kb.entry_card(await related_entries(knowledge, entry), lang, back)
    await show(query, render_entry(entry, lang), markup)


@router.callback_query(EntryCb.filter())
async def entry_cb(query: CallbackQuery, callback_data: EntryCb, user: User, knowledge: KnowledgeBase) -> None:
    entry = await knowledge.entry(callback_data.id)
    if entry is None:
        await query.answer(_("This button is out of date. Please open the menu again: /menu"), show_alert=True)
        return
    await show_entry(query, entry, user.language, knowledge)


@router.message(Button(kb.BTN_LANGUAGE))
async def language(message: Message) -> None:
    await common.language(message)


@router.message(Button(kb.BTN_ASK))
async def ask(message: Message) -> None:
    await message.answer(
        _(
            "Type your question in Kazakh or Russian, in your own words. For example:\n"
            "• <i>Ауылдар қанша пайыз газбен қамтылды?</i>\n"
            "• <i>Сколько квартир купили для очередников?</i>"
        )
    )


@router.callback_query(MenuCb.filter(F.action == "ask"))
async def ask_cb(query: CallbackQuery) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await ask(query.message)
