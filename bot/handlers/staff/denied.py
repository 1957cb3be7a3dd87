"""Staff commands and buttons reaching this router came from someone without the role (the staff routers' role
filters let them through): a polite refusal, and nothing happens. ``refuse_command`` and ``refuse_button`` are the
one refusal every feature (receptions, appeals, broadcasts, roles) gives."""

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


async def refuse_command(message: Message, hint: str = "") -> None:
    """A staff command from someone without the role: one polite line (and a ``hint`` of what they can do)."""
    log.info("staff command refused for user %r", message.from_user and message.from_user.id)
    await message.answer(_("This command is for the staff of the branch only.") + (f"\n{hint}" if hint else ""))


async def refuse_button(query: CallbackQuery) -> None:
    """A staff button (forged, forwarded or left from a revoked role): an alert, and nothing happens."""
    log.warning("staff button pressed by a user without the role: %r", query.from_user.id)
    await query.answer(_("This button is for the staff of the branch only."), show_alert=True)


@router.message(Command(*STAFF_COMMANDS))
async def staff_command(message: Message) -> None:
    await refuse_command(message)


@router.callback_query(DraftCb.filter())
@router.callback_query(AudienceCb.filter())
@router.callback_query(BroadcastCb.filter())
async def staff_button(query: CallbackQuery) -> None:
    await refuse_button(query)
