"""Free text is a question: about the legal-help schedule (answered from the receptions' timetable), otherwise
to the knowledge base.

Two routers take questions. ``lane`` goes first and takes what can only be a question (bot.filters.FreeText:
text in a private chat, no command, no button, no form in progress), so the bulk of the traffic does not try
every feature's handlers first. ``router`` goes last and takes whatever no feature took: a question from
someone in a form that does not expect text, a reply, an unknown command, and non-text messages.
"""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot import keyboards as kb
from bot.clock import Clock
from bot.db.users import User
from bot.filters import FreeText
from bot.handlers.menus import related_entries, render_entry
from bot.handlers.receptions.citizen import answer_schedule_question
from bot.services.knowledge import KnowledgeBase
from bot.services.receptions import ReceptionService
from bot.telegram_session import reply

log = logging.getLogger(__name__)

lane = Router(name=__name__ + ".lane")
lane.message.filter(FreeText())
router = Router(name=__name__)
router.message.filter(F.chat.type == "private")


async def question(message: Message, user: User, knowledge: KnowledgeBase, receptions: ReceptionService,
                   i18n: I18n, state: FSMContext, clock: Clock, raw_state: str | None = None) -> None:
    text = message.text or ""
    if raw_state is None and not text.startswith("/"):
        schedule = await receptions.schedule_question(text)
        if schedule is not None:
            await answer_schedule_question(message, schedule.district, user, receptions, clock, i18n)
            return
    result = await knowledge.search(text, fallback_language=user.language)
    log.debug("question answered: entry=%r lang=%r score=%r", result.entry and result.entry.id,
              result.language, result.score)
    with i18n.use_locale(result.language):
        if result.entry is None:
            # kept for "Write to the public reception": the appeal form offers the question as its text
            await state.update_data(appeal_prefill=text[:4000])
            await reply(
                message,
                _(
                    "Sorry, I could not find an answer to this question in what I know about the branch's work. "
                    "Try other words, look through the menu, or write to the public reception: "
                    "staff will answer you."
                ),
                reply_markup=kb.not_found(),
            )
            return
        related = await related_entries(knowledge, result.entry)
        await reply(
            message,
            render_entry(result.entry, result.language),
            reply_markup=kb.answer_buttons(related, result.language),
        )


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
