"""Staff commands and buttons reaching this router came from someone without the role (the staff routers' role
filters let them through): a polite refusal, and nothing happens."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.handlers.staff.callbacks import AudienceCb, BroadcastCb, DraftCb

log = logging.getLogger(__name__)

router = Router(name=__name__)

STAFF_COMMANDS = ("broadcast", "broadcasts", "stats", "staff", "grant", "revoke")


@router.message(Command(*STAFF_COMMANDS))
async def staff_command(message: Message) -> None:
    await message.answer(_("This command is for the staff of the branch only."))


@router.callback_query(DraftCb.filter())
@router.callback_query(AudienceCb.filter())
@router.callback_query(BroadcastCb.filter())
async def staff_button(query: CallbackQuery) -> None:
    log.warning("staff button pressed by a user without the role: %r", query.from_user.id)
    await query.answer(_("This button is for the staff of the branch only."), show_alert=True)
