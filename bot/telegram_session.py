"""aiogram's aiohttp session, sending requests as JSON.

aiogram form-encodes every request: urllib percent-encodes each byte, so a Cyrillic letter becomes six
characters, and the reply keyboard is JSON inside that. The Bot API takes ``application/json`` bodies for every
method that uploads no file, so those go as one ``json.dumps`` (in C) of UTF-8 text: in a profile of
bench/throughput.py the form encoding was about 5% of the bot's CPU per answer. Requests with files go through
aiogram's multipart code as before.

It also keeps the pydantic models of the responses alive: aiogram reads every answer through
``Response[<result type>]``, a generic model pydantic caches only weakly, so the garbage collector kept
throwing it away and it was rebuilt (about 6 ms each time) a few times a second under load.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from functools import partial
from typing import Any, cast

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import Response
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import ClientDecodeError, TelegramNetworkError
from aiogram.methods import AnswerCallbackQuery, SendMessage, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import InlineKeyboardMarkup, Message
from aiohttp import ClientError

JSON_HEADERS = {"Content-Type": "application/json"}
_RESPONSE_MODELS: dict[Any, Any] = {}  # result type -> Response[result type], held strongly


class JsonSession(AiohttpSession):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("json_dumps", partial(json.dumps, ensure_ascii=False, separators=(",", ":")))
        super().__init__(**kwargs)

    def json_body(self, bot: Bot, method: TelegramMethod[Any]) -> bytes | None:
        """The request as a JSON body, or None when it carries files."""
        files: dict[str, Any] = {}
        body: dict[str, Any] = {}
        # None is never sent (aiogram's form leaves it out too); a keyboard button has a dozen None fields
        for key, value in method.model_dump(warnings=False, exclude_none=True).items():
            prepared = self.prepare_value(value, bot=bot, files=files, _dumps_json=False)
            if prepared is None or prepared == "":  # what aiogram's form leaves out too
                continue
            body[key] = prepared
        if files:
            return None
        return cast(str, self.json_dumps(body)).encode()

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        body = self.json_body(bot, method)
        if body is None:
            return await super().make_request(bot, method, timeout)
        session = await self.create_session()
        url = self.api.api_url(token=bot.token, method=method.__api_method__)
        try:
            async with session.post(
                url, data=body, headers=JSON_HEADERS, timeout=self.timeout if timeout is None else timeout
            ) as resp:
                raw_result = await resp.text()
        except TimeoutError as e:
            raise TelegramNetworkError(method=method, message="Request timeout error") from e
        except ClientError as e:
            raise TelegramNetworkError(method=method, message=f"{type(e).__name__}: {e}") from e
        response = self.check_response(bot=bot, method=method, status_code=resp.status, content=raw_result)
        return cast(TelegramType, response.result)

    def check_response(
        self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        returning = method.__returning__
        if returning not in _RESPONSE_MODELS:
            _RESPONSE_MODELS[returning] = Response[returning]  # type: ignore[valid-type]
        try:
            return super().check_response(bot, method, status_code, content)
        except ClientDecodeError as exc:
            if 200 <= status_code < 300:  # Telegram took the request; only its answer could not be read
                raise DeliveredUnread(exc.message, exc.original, exc.data) from exc
            if status_code < 500:  # a 4xx page (a proxy's 404 or 413): sent again, it fails the same way
                raise RefusedUnread(exc.message, exc.original, exc.data) from exc
            raise  # a 5xx page (a proxy's 502/504 while Telegram is away): worth retrying


class DeliveredUnread(ClientDecodeError):
    """Telegram answered 200 OK but its answer could not be read: the request was carried out (a message was
    delivered), so it must not be sent again (bot.telegram_retry) and the citizen needs no apology."""


class RefusedUnread(ClientDecodeError):
    """A 4xx answer that is not Telegram's JSON (a proxy's error page): refused, and never retried."""


class SendReply(SendMessage):
    """sendMessage for an answer whose result is never read: Telegram's reply is still checked (errors raise
    as usual) but not turned into a pydantic Message with its keyboard, which was about 40 µs of the ~0.9 ms
    of CPU an answer to a question costs (bench/throughput.py)."""

    __returning__ = dict  # type: ignore[assignment]


async def reply(message: Message, text: str, reply_markup: InlineKeyboardMarkup | None = None) -> None:
    """Answer ``message`` in its chat, as ``message.answer(text, reply_markup=...)`` does."""
    assert message.bot is not None
    await message.bot(SendReply(
        chat_id=message.chat.id,
        message_thread_id=message.message_thread_id if message.is_topic_message else None,
        business_connection_id=message.business_connection_id,
        text=text,
        reply_markup=reply_markup,
    ))


class AnsweredQueries(BaseRequestMiddleware):
    """Remembers the callback queries this bot has answered (the latest few thousand): Telegram refuses a second
    answer ("query is too old"), so the error handler answers a button only when its handler had not."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._ids: OrderedDict[str, None] = OrderedDict()

    def answered(self, query_id: str) -> bool:
        return query_id in self._ids

    async def __call__(
        self, make_request: NextRequestMiddlewareType[Any], bot: Bot, method: TelegramMethod[Any]
    ) -> Response[Any]:
        response = await make_request(bot, method)
        if isinstance(method, AnswerCallbackQuery):
            self._ids[method.callback_query_id] = None
            if len(self._ids) > self.size:
                self._ids.popitem(last=False)
        return response
