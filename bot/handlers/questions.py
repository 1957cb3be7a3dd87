"""Free text is a question to the knowledge base; this router goes last, after every command and form."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot import keyboards as kb
from bot.db.users import User
from bot.handlers.menus import related_entries, render_entry
from bot.services.knowledge import KnowledgeBase

log = logging.getLogger(__name__)

router = Router(name=__name__)
router.message.filter(F.chat.type == "private")


@router.message(F.text)
async def question(
    message: Message, user: User, knowledge: KnowledgeBase, i18n: I18n, state: FSMContext
) -> None:
    result = await knowledge.search(message.text or "", fallback_language=user.language)
    log.debug("question answered: entry=%r lang=%r score=%r", result.entry and result.entry.id,
              result.language, result.score)
    with i18n.use_locale(result.language):
        if result.entry is None:
            # kept for "Write to the public reception": the appeal form offers the question as its text
            await state.update_data(appeal_prefill=(message.text or "")[:4000])
            await message.answer(
                _(
                    "Sorry, I could not find an answer to this question in what I know about the branch's work. "
                    "Try other words, look through the menu, or write to the public reception: "
                    "staff will answer you."
                ),
                reply_markup=kb.not_found(),
            )
            return
        related = await related_entries(knowledge, result.entry)
        await message.answer(
            render_entry(result.entry, result.language),
            reply_markup=kb.answer_buttons(related, result.language),
        )


@router.message()
async def not_text(message: Message) -> None:
    await message.answer(
        _(
            "I understand text messages: type a question in Kazakh or Russian, or use the menu buttons. "
            "Stickers, voice messages, photos and other files are not read here."
        ),
        reply_markup=kb.main_menu(),
    )
