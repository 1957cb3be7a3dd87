"""Requests without files go to the Bot API as one JSON body; requests with files keep aiogram's multipart form."""

from __future__ import annotations

import json

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.methods import SendDocument, SendMessage
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram_session import JsonSession

TOKEN = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


async def test_a_message_is_one_json_body_in_utf8_with_the_bots_defaults() -> None:
    session = JsonSession()
    bot = Bot(TOKEN, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    try:
        markup = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="🔗 Газ", callback_data="e:gas")]])
        body = session.json_body(bot, SendMessage(chat_id=42, text="Сәлем <b>!</b>", reply_markup=markup))
        assert body is not None
        assert "Сәлем".encode() in body  # UTF-8, not \\u escapes or percent-encoding
        sent = json.loads(body)
        assert sent["chat_id"] == 42 and sent["text"] == "Сәлем <b>!</b>" and sent["parse_mode"] == "HTML"
        assert sent["reply_markup"] == {"inline_keyboard": [[{"text": "🔗 Газ", "callback_data": "e:gas"}]]}
    finally:
        await bot.session.close()


async def test_a_request_with_a_file_is_left_to_the_multipart_form() -> None:
    session = JsonSession()
    bot = Bot(TOKEN, session=session)
    try:
        method = SendDocument(chat_id=42, document=BufferedInputFile(b"{}", filename="mydata.json"))
        assert session.json_body(bot, method) is None
    finally:
        await bot.session.close()
