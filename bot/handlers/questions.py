"""Free text is a question: about the legal-help schedule (answered from the receptions' timetable), otherwise
to the knowledge base.

Two routers take questions. ``lane`` goes first and takes what can only be a question (bot.filters.FreeText:
text in a private chat, no command, no button, no form in progress), so the bulk of the traffic does not try
every feature's handlers first. ``router`` goes last and takes whatever no feature took: a question from
someone in a form that does not expect text, a reply, an unknown command, and non-text messages.
"""

from __future__ import annotations

import html
import logging

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot import keyboards as kb
from bot.clock import Clock
from bot.commands import CITIZEN_COMMANDS
from bot.db.users import User
from bot.filters import FreeText
from bot.handlers import contacts, kb_feedback
from bot.handlers.menus import related_entries, render_entry
from bot.handlers.receptions.callbacks import DistrictCb
from bot.handlers.receptions.citizen import answer_schedule_question
from bot.services.kb_feedback import FeedbackService
from bot.services.kb_gaps import GapLog, mask
from bot.services.knowledge import Entry, KnowledgeBase
from bot.services.receptions import ReceptionService
from bot.telegram_session import reply
from bot.text.lang import reply_language
from bot.text.smalltalk import small_talk

log = logging.getLogger(__name__)

lane = Router(name=__name__ + ".lane")
lane.message.filter(FreeText())
router = Router(name=__name__)
router.message.filter(F.chat.type == "private")


async def question(message: Message, user: User, knowledge: KnowledgeBase, receptions: ReceptionService,
                   i18n: I18n, state: FSMContext, clock: Clock, raw_state: str | None = None,
                   gaps: GapLog | None = None, feedback: FeedbackService | None = None) -> None:
    text = message.text or ""
    if text.startswith("/"):  # every known command has its own handler: this one is not known
        await reply(message, _("I don't know this command. These are the commands:\n{commands}").format(
            commands=_command_list(i18n)), reply_markup=kb.main_menu())
        return
    kind = small_talk(text)
    if kind is not None:  # a greeting or thanks is not a question, and never an unanswered one
        with i18n.use_locale(reply_language(text, user.language)):
            await reply(message, _small_talk(kind, knowledge.report_year), reply_markup=kb.main_menu())
        return
    if feedback is not None:  # after a 👎: this is also what the citizen was looking for (and still a question)
        await kb_feedback.take_comment(message, user, state, feedback, clock)
    if raw_state is None:
        schedule = await receptions.schedule_question(text)
        if schedule is not None:
            await answer_schedule_question(message, schedule.district, user, receptions, clock, i18n)
            return
        place = await receptions.district_named_alone(text)
        if place is not None:  # "Арал", "в Аральске": a place alone asks nothing yet; no card answers it
            await _place_alone(message, place, user, knowledge, receptions, i18n)
            return
    result = await knowledge.search(text, fallback_language=user.language)
    log.debug("question answered: entry=%r lang=%r score=%r reason=%r", result.entry and result.entry.id,
              result.language, result.score, result.reason)
    with i18n.use_locale(result.language):
        if result.entry is None:
            # kept for "Write to the public reception": the appeal form offers the question as its text (with
            # phone numbers, e-mails and ID numbers masked: the form asks for the phone itself, with consent)
            await state.update_data(appeal_prefill=mask(text)[:4000])
            if result.reason == "contacts":  # an address, the way there, working hours: the contacts card
                await reply(message, await contacts.card(receptions, result.language),
                            reply_markup=contacts.card_markup())
                return
            if gaps is not None:  # the unanswered-question log: masked, never who asked
                await gaps.record(text, result.language, now=clock.now())
            await reply(message, _not_found_text(result.reason, knowledge.report_year)
                        + contacts.where_to_come(await contacts.regional_venue(receptions), result.language,
                                                 only_known=True),
                        reply_markup=_not_found_markup(result.reason, result.alternatives, result.language))
            return
        related = await related_entries(knowledge, result.entry)
        markup = kb.answer_buttons(related, result.language)
        if feedback is not None:
            markup = kb_feedback.with_votes(markup, result.entry.id, feedback.remember(text, result.language))
        await reply(message, render_entry(result.entry, result.language), reply_markup=markup)


PLACE_CARDS = 6  # cards offered for a place named alone


async def _place_alone(message: Message, place: str, user: User, knowledge: KnowledgeBase,
                       receptions: ReceptionService, i18n: I18n) -> None:
    """What the bot knows about a district the citizen named alone: the cards that name it, and its
    legal-help receptions, to choose from (instead of the first card that happens to mention it)."""
    lang = reply_language(message.text or "", user.language)
    district = await receptions.district(place)
    cards = await knowledge.entries_naming(place, receptions.districts_named, PLACE_CARDS)
    with i18n.use_locale(lang):
        name = html.escape(district.name[lang]) if district is not None else ""
        if cards:
            text = _("📍 <b>{place}</b>\n\nWhat would you like to know? Below are the cards that mention this place "
                     "and its free legal-help receptions; you can also type a whole question.").format(place=name)
        else:
            text = _("📍 <b>{place}</b>\n\nI have no separate cards about this place: the figures I know are for "
                     "the whole region. Its free legal-help receptions are below; you can also type a whole "
                     "question.").format(place=name)
        rows = [*kb.answer_buttons(cards, lang).inline_keyboard,
                [InlineKeyboardButton(text=_("⚖️ Legal-help receptions here"),
                                      callback_data=DistrictCb(id=place, book=False).pack())]]
        await reply(message, text, reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))


def _not_found_text(reason: str, year: int) -> str:
    if reason == "scope":  # another region, party or year: say first what the bot knows
        return _(
            "I know only the work of the AMANAT party's Kyzylorda regional branch in {year}: I have nothing about "
            "other regions, other parties or other years. Below is the closest of what I know; or write to the "
            "public reception: staff will answer you."
        ).format(year=year)
    if reason == "figure":  # the nearest card does not hold the figure asked
        return _(
            "This figure is not in what I know about the branch's work. The card on the nearest topic is below; "
            "you can also write to the public reception: staff will answer you."
        )
    if reason == "person":  # who won or was elected: the nearest card does not name anyone
        return _(
            "Who exactly it was is not in what I know about the branch's work: the results do not name these "
            "people. The card on the nearest topic is below; you can also write to the public reception: staff "
            "will answer you."
        )
    return _(
        "Sorry, I could not find an answer to this question in what I know about the branch's work. "
        "Try other words, look through the menu, or write to the public reception: "
        "staff will answer you."
    )


def _not_found_markup(reason: str, alternatives: list[Entry], lang: str) -> InlineKeyboardMarkup:
    base = kb.not_found()
    if reason in ("figure", "person"):
        offered = alternatives[:1]
    elif reason == "scope":
        offered = alternatives
    else:
        return base
    if not offered:
        return base
    cards = kb.answer_buttons(offered, lang)
    return InlineKeyboardMarkup(inline_keyboard=[*cards.inline_keyboard, *base.inline_keyboard])


def _small_talk(kind: str, year: int) -> str:
    if kind == "thanks":
        return _("You're welcome! Ask another question any time or choose from the menu.")
    if kind == "bye":
        return _("Goodbye! Come back with any question.")
    if kind == "ok":
        return _("Glad to help! If you have another question, type it or choose from the menu.")
    about = _(
        "I am the bot of the AMANAT party's Kyzylorda regional branch: I answer questions about its work in {year}, "
        "book free legal-help receptions and pass appeals to the public reception. Type a question or choose from "
        "the menu."
    ).format(year=year)
    if kind == "greeting":
        return _("Hello!") + " " + about
    return about


def _command_list(i18n: I18n) -> str:
    return "\n".join(f"/{command} — {_(description)}" for command, description in CITIZEN_COMMANDS)


async def not_text(message: Message) -> None:
    await message.answer(
        _(
            "I understand text messages: type a question in Kazakh or Russian, or use the menu buttons. "
            "Stickers, voice messages, photos and other files are not read here."
        ),
        reply_markup=kb.main_menu(),
    )


lane.message.register(question)
router.message.register(question, F.text)
router.message.register(not_text)
