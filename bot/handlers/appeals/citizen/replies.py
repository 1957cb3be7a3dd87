"""Telegram's own Reply to one of the bot's messages about an appeal: an addition to that appeal."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot, F
from aiogram.filters import StateFilter
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.db.users import User
from bot.handlers.appeals.citizen.common import (
    added_text,
    read_addition,
    router,
)
from bot.handlers.appeals.relay import AppealRelay
from bot.services.appeals import (
    Appeal,
    AppealError,
    AppealService,
)

log = logging.getLogger(__name__)

# ----- Telegram's Reply to one of the appeal's messages -----------------------------------------------------
async def replies_to_appeal(message: Message, appeals: AppealService, user: User) -> bool | dict[str, Any]:
    """A filter: the message answers (Telegram's Reply) a bot message that belongs to one of the sender's
    appeals; gives the handler that ``appeal``. A reply to any other message is not taken (a question)."""
    replied = message.reply_to_message
    if replied is None or (message.text or "").startswith("/"):
        return False
    appeal = await appeals.citizen_linked(message.chat.id, replied.message_id, user.id)
    return {"appeal": appeal} if appeal is not None else False


@router.message(StateFilter(None), F.reply_to_message, replies_to_appeal)
async def reply_to_appeal(message: Message, appeal: Appeal, user: User, bot: Bot, appeals: AppealService,
                          relay: AppealRelay) -> None:
    """The citizen answered one of the bot's messages about an appeal (the receipt, a staff answer, a status
    notice...) with Telegram's Reply: it is an addition to that appeal, passed on to its thread in the staff
    chat."""
    addition = await read_addition(message)
    if addition is None:
        return
    text, files = addition[0].strip(), addition[1]
    try:
        change = await appeals.add_citizen_reply(appeal.id, user.id, text, files)
    except AppealError:  # erased meanwhile (/forget in another update)
        await message.answer(_("Appeal not found."))
        return
    log.info("citizen reply added to appeal %r (reopened=%r)", appeal.id, change.changed)
    posted = await relay.post_followup(bot, change.appeal, text, files, previous_status=change.previous_status)
    sent = await message.answer(added_text(appeal.ticket, posted))
    await relay.remember(change.appeal, sent)
    if change.changed:
        await relay.refresh_cards(bot, change.appeal)


