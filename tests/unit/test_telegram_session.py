"""Requests without files go to the Bot API as one JSON body; requests with files keep aiogram's multipart form;
answers sent with SendReply are checked for errors without building a Message."""

from __future__ import annotations

import json

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.exceptions import ClientDecodeError, TelegramBadRequest, TelegramForbiddenError
from aiogram.methods import SendDocument, SendMessage
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram_retry import is_transient
from bot.telegram_session import DeliveredUnread, JsonSession, RefusedUnread, SendReply

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


async def test_an_answer_whose_result_is_not_read_still_raises_telegrams_errors() -> None:
    session = JsonSession()
    bot = Bot(TOKEN, session=session)
    try:
        method = SendReply(chat_id=42, text="Сәлем")
        sent = {"message_id": 7, "date": 1, "chat": {"id": 42, "type": "private"}, "text": "Сәлем"}
        response = session.check_response(bot, method, 200, json.dumps({"ok": True, "result": sent}))
        assert response.result == sent  # a plain dict: no pydantic Message is built
        refused = json.dumps({"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"})
        with pytest.raises(TelegramForbiddenError):
            session.check_response(bot, method, 403, refused)
        bad = json.dumps({"ok": False, "error_code": 400, "description": "Bad Request: message text is empty"})
        with pytest.raises(TelegramBadRequest):
            session.check_response(bot, method, 400, bad)
    finally:
        await bot.session.close()


async def test_an_unreadable_answer_is_retried_only_when_it_was_a_5xx() -> None:
    """A 200 that cannot be read was delivered; a proxy's 4xx page fails again the same way; only a 5xx page
    (Telegram away behind a proxy) is worth another try."""
    session = JsonSession()
    bot = Bot(TOKEN, session=session)
    try:
        method = SendMessage(chat_id=42, text="Сәлем")
        page = "<html><body>error</body></html>"
        raised = {}
        for status in (200, 404, 413, 502, 504):
            with pytest.raises(ClientDecodeError) as info:
                session.check_response(bot, method, status, page)
            raised[status] = info.value
        assert isinstance(raised[200], DeliveredUnread) and not is_transient(raised[200])
        assert isinstance(raised[404], RefusedUnread) and not is_transient(raised[404])
        assert isinstance(raised[413], RefusedUnread) and not is_transient(raised[413])
        assert is_transient(raised[502]) and is_transient(raised[504])
    finally:
        await bot.session.close()
