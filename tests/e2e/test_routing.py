"""The questions lane (bot.handlers.questions.lane) goes before every feature router; it must only take
messages that the long way through the routers would also have given to the question handler.

The long way is resolved here without calling any handler: each router's own filters, then its handlers'
filters, in aiogram's order, on the running bot's Dispatcher and with the data its middlewares provide.
"""

from __future__ import annotations

import itertools
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiogram import Router
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import Chat, Message
from aiogram.types import User as TgUser

from bot.filters import Button, FreeText
from bot.handlers import questions
from tests.conftest import ADMIN_ID, STAFF_CHAT_ID
from tests.harness import RunningBot

ROOT = Path(__file__).resolve().parents[2]
CITIZEN_ID = 500_123
_ids = itertools.count(1)


def qa_texts() -> list[str]:
    texts: list[str] = []
    for path in sorted((ROOT / "tests" / "qa").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        texts += [q["text"] for q in data.get("q", [])] + [q["text"] for q in data.get("unrelated", [])]
    return texts


OTHER_TEXTS = [
    "Аралда заңгер қабылдауы қашан?",  # schedule questions: the question handler answers them from the timetable
    "когда приём юриста в Шиели?",
    "zangerge kalay zhazylamyn",
    "/start", "/help", "/stats", "/receptions", "/broadcast", "/nosuchcommand", "/", "/start@SomeBot",
    "сәлем", "привет", "🙂", "   ", "1", "<b>x</b>", '" OR 1=1 --',
]


def message(text: str, sender: int, chat_id: int | None = None, chat_type: str = "private") -> Message:
    user = TgUser(id=sender, is_bot=False, first_name="Test", language_code="kk")
    chat = Chat(id=chat_id or sender, type=chat_type)
    return Message(message_id=next(_ids), date=datetime.now(UTC), chat=chat, from_user=user, text=text)


async def first_handler(router: Router, event: Message, data: dict[str, Any]) -> HandlerObject | None:
    observer = router.observers["message"]
    passed, extra = await observer.check_root_filters(event, **data)
    if not passed:
        return None
    data = {**data, **extra}
    for handler in observer.handlers:
        if (await handler.check(event, **data))[0]:
            return handler
    for sub in router.sub_routers:
        found = await first_handler(sub, event, data)
        if found is not None:
            return found
    return None


async def context(bot: RunningBot, event: Message, raw_state: str | None = None) -> dict[str, Any]:
    runtime = bot.runtime
    assert runtime is not None and event.from_user is not None
    dp = runtime.dp
    key = StorageKey(bot_id=runtime.bot.id, chat_id=event.chat.id, user_id=event.from_user.id)
    user = await dp["user_middleware"].load(event.from_user)
    return {
        **dp.workflow_data, "bot": runtime.bot, "i18n": runtime.i18n, "event_from_user": event.from_user,
        "event_chat": event.chat, "raw_state": raw_state, "state": FSMContext(dp.storage, key), "user": user,
    }


async def check(bot: RunningBot, event: Message, raw_state: str | None = None) -> tuple[bool, HandlerObject | None]:
    """(does the lane take it, which handler the long way would give it to)"""
    runtime = bot.runtime
    assert runtime is not None
    data = await context(bot, event.as_(runtime.bot), raw_state)
    takes = (await questions.lane.observers["message"].check_root_filters(event, **data))[0]
    long_way: HandlerObject | None = None
    for router in runtime.dp.sub_routers:
        if router is questions.lane:
            continue
        long_way = await first_handler(router, event, data)
        if long_way is not None:
            break
    return takes, long_way


@pytest.mark.parametrize("sender", [CITIZEN_ID, ADMIN_ID])
async def test_the_lane_takes_only_what_the_long_way_gives_to_the_question_handler(bot: RunningBot,
                                                                                  sender: int) -> None:
    runtime = bot.runtime
    assert runtime is not None
    buttons = sorted(Button.labels(runtime.i18n))
    assert len(buttons) >= 10  # both languages' menu and form buttons
    taken = 0
    for text in qa_texts() + OTHER_TEXTS + buttons:
        takes, long_way = await check(bot, message(text, sender))
        if takes:
            taken += 1
            assert long_way is not None and long_way.callback is questions.question, (text, long_way)
        if text in buttons:
            assert not takes, text
    # every question of the QA sets is plain free text: the lane must actually take them
    assert taken >= len(qa_texts())


async def test_forms_groups_commands_and_replies_go_the_long_way(bot: RunningBot) -> None:
    question = "Газдандыру қанша ауылға жетті?"
    takes, _ = await check(bot, message(question, CITIZEN_ID), raw_state="AppealForm:text")
    assert not takes
    takes, long_way = await check(bot, message(question, ADMIN_ID, STAFF_CHAT_ID, "supergroup"))
    assert not takes and (long_way is None or long_way.callback is not questions.question)
    takes, _ = await check(bot, message("/help", CITIZEN_ID))
    assert not takes
    reply = message(question, CITIZEN_ID)
    reply = reply.model_copy(update={"reply_to_message": message("card", CITIZEN_ID)})
    takes, long_way = await check(bot, reply)
    assert not takes and long_way is not None and long_way.callback is questions.question
    assert isinstance(questions.lane.observers["message"]._handler.filters[0].callback, FreeText)
