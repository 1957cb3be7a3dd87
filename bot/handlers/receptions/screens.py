"""Editing a message that may already show the same thing (a double tap, two passes): Telegram refuses such an
edit with "message is not modified", which is not an error for us."""

from __future__ import annotations

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardMarkup, Message


async def edit(message: Message, text: str | None = None, markup: InlineKeyboardMarkup | None = None) -> None:
    """Replace the message's text and buttons (only its buttons when ``text`` is None)."""
    try:
        if text is None:
            await message.edit_reply_markup(reply_markup=markup)
        else:
            await message.edit_text(text, reply_markup=markup)
    except TelegramBadRequest as exc:
        if "not modified" not in str(exc):
            raise
