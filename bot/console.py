"""`python -m bot console`: the real dispatcher and database, with Telegram replaced by the terminal.

Replies are printed with their buttons numbered; typing a number presses that button. Lines starting with a
colon are console commands (:contact, :photo, :quit). Nothing goes over the network.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import re
import sys
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import (
    CallbackQuery,
    Chat,
    Contact,
    InlineKeyboardMarkup,
    Message,
    PhotoSize,
    ReplyKeyboardMarkup,
    Update,
)
from aiogram.types import User as TgUser

from bot.config import Settings
from bot.db.database import Database
from bot.middlewares.user import UserMiddleware

CONSOLE_USER = TgUser(id=1001, is_bot=False, first_name="Console", language_code="kk")
BOT_USER = TgUser(id=1, is_bot=True, first_name="AMANAT Qyzylorda", username="console_bot")
TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """Telegram HTML as the terminal shows it: bold and italics dropped, entities unescaped."""
    return html.unescape(TAG.sub("", text))


class ConsoleSession(BaseSession):
    """A Bot API "session" that prints what the bot sends and answers like Telegram would."""

    def __init__(self, out: Any = sys.stdout) -> None:
        super().__init__()
        self.out = out
        self._ids = itertools.count(1)
        self.buttons: list[tuple[str, Any]] = []  # (label, callback_data | None for reply buttons)
        self.last_message: Message | None = None

    async def close(self) -> None:
        return None

    async def stream_content(self, *args: Any, **kwargs: Any) -> Any:  # pragma: no cover - no files here
        raise NotImplementedError("files are not available in the console")

    def _print(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def _show_markup(self, markup: Any) -> None:
        self.buttons = []
        if isinstance(markup, InlineKeyboardMarkup):
            rows = [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard]
        elif isinstance(markup, ReplyKeyboardMarkup):
            rows = [[(b.text, None) for b in row] for row in markup.keyboard]
        else:
            return
        for row in rows:
            cells = []
            for label, data in row:
                self.buttons.append((label, data))
                cells.append(f"[{len(self.buttons)}] {label}")
            self._print("    " + "   ".join(cells))

    def _message(self, chat_id: int, text: str | None, markup: Any = None) -> Message:
        message = Message(
            message_id=next(self._ids),
            date=datetime.now(UTC),
            chat=Chat(id=chat_id, type="private"),
            from_user=BOT_USER,
            text=text,
            reply_markup=markup if isinstance(markup, InlineKeyboardMarkup) else None,
        )
        self.last_message = message
        return message

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        name = method.__api_method__  # SendReply is a sendMessage too
        params = method.model_dump(exclude_none=True)
        text = params.get("text") or params.get("caption")
        markup = getattr(method, "reply_markup", None)
        result: Any
        if name in {"sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageCaption"}:
            prefix = "✎ " if name.startswith("edit") else ""
            if name in {"sendPhoto", "sendDocument"}:
                self._print(f"🤖 [{name[4:].lower()}]")
            self._print("🤖 " + prefix + plain(text or "").replace("\n", "\n   "))
            self._show_markup(markup)
            result = self._message(int(params.get("chat_id", CONSOLE_USER.id)), text, markup)
        elif name == "answerCallbackQuery":
            if text:
                self._print(f"🔔 {plain(text)}")
            result = True
        elif name == "getMe":
            result = BOT_USER
        elif name == "editMessageReplyMarkup":
            self._show_markup(markup)
            result = True
        else:
            result = True
        returning = method.__returning__
        if isinstance(result, Message) and returning is dict:
            return result.model_dump(exclude_none=True)  # type: ignore[return-value]
        return returning.model_validate(result) if hasattr(  # type: ignore[union-attr]
            returning, "model_validate"
        ) else result


async def first_update_id(db: Database) -> int:
    """Where the console's update ids start: below zero, so they never meet Telegram's (always positive), and
    below every id the duplicate-update guard remembers, so an earlier console run's ids never make it skip
    this run's updates. The ids count down from here."""
    lowest = await db.fetchval("SELECT min(update_id) FROM processed_updates")
    return min(int(lowest or 0), 0) - 1


class Console:
    def __init__(self, session: ConsoleSession, user: TgUser, first_update_id: int = -1) -> None:
        self.session = session
        self.user = user
        self._updates = itertools.count(first_update_id, -1)
        self._messages = itertools.count(1_000_000)

    def _chat(self) -> Chat:
        return Chat(id=self.user.id, type="private", first_name=self.user.first_name)

    def update_for(self, line: str) -> Update | None:
        line = line.strip()
        if not line:
            return None
        kwargs: dict[str, Any] = {
            "message_id": next(self._messages),
            "date": datetime.now(UTC),
            "chat": self._chat(),
            "from_user": self.user,
        }
        if line.isdigit() and 1 <= int(line) <= len(self.session.buttons):
            label, data = self.session.buttons[int(line) - 1]
            if data is None:
                return Update(update_id=next(self._updates), message=Message(text=label, **kwargs))
            return Update(
                update_id=next(self._updates),
                callback_query=CallbackQuery(
                    id=str(next(self._updates)),
                    from_user=self.user,
                    chat_instance="console",
                    message=self.session.last_message,
                    data=data,
                ),
            )
        if line == ":contact":
            contact = Contact(phone_number="+77001234567", first_name=self.user.first_name, user_id=self.user.id)
            return Update(update_id=next(self._updates), message=Message(contact=contact, **kwargs))
        if line == ":photo":
            photo = [PhotoSize(file_id="console-photo", file_unique_id="console-photo", width=1, height=1)]
            return Update(update_id=next(self._updates), message=Message(photo=photo, **kwargs))
        return Update(update_id=next(self._updates), message=Message(text=line, **kwargs))


async def run_console(settings: Settings, language: str | None = None) -> None:
    from bot.runtime import create_runtime

    session = ConsoleSession()
    runtime = await create_runtime(settings, session=session)
    user = CONSOLE_USER.model_copy(update={"language_code": language or settings.default_language})
    bot, dp = runtime.bot, runtime.dp
    if language is not None:
        # --lang is the console user's language even when the database remembers another one from a past run
        users: UserMiddleware = dp["user_middleware"]
        await users.load(user)
        await users.set_language(user.id, language)
    console = Console(session, user, await first_update_id(runtime.db))
    workflow = {"dispatcher": dp, "bots": [bot], **dp.workflow_data}
    await dp.emit_startup(bot=bot, **workflow)
    print("Console mode: type a message, a button's number, :contact, :photo or :quit.", flush=True)
    loop = asyncio.get_running_loop()
    try:
        await dp.feed_update(bot, console.update_for("/start"))  # type: ignore[arg-type]
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line or line.strip() in {":quit", ":q"}:
                break
            update = console.update_for(line)
            if update is not None:
                print(f"👤 {line.strip()}", flush=True)
                await dp.feed_update(bot, update)
    finally:
        await dp.emit_shutdown(bot=bot, **workflow)
        await runtime.close()
