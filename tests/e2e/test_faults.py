"""Faults: a handler that raises, Telegram answering 502 for a while. The bot apologises, alerts the staff (at
most once a minute), retries, and keeps answering."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot import serve, telegram_retry
from bot.config import Settings
from bot.errors import TokenRejected
from tests.client import Person
from tests.conftest import STAFF_CHAT_ID, RunningBot
from tests.fakeapi import FakeTelegram

boom = Router(name="test-boom")


@boom.message(Command("boom"))
async def explode(message: Message) -> None:
    raise RuntimeError("kaboom")


@boom.callback_query(F.data == "boom")
async def explode_button(query: CallbackQuery) -> None:
    raise ValueError("kaboom")


@boom.callback_query(F.data == "answered-boom")
async def answer_then_explode(query: CallbackQuery) -> None:
    await query.answer("…")
    raise ValueError("kaboom")


@pytest.fixture
def extra_routers() -> list[Router]:
    return [boom]


@pytest.fixture(autouse=True)
def short_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve, "FIRST_WAIT", 0.05)  # the retry layer's back-off: tests/conftest.py quick_retries


def retry_budget(bot: RunningBot, budget: float, max_delay: float | None = None) -> None:
    """The running bot's retry layer: retry for ``budget`` seconds (the tests' default is 2 s)."""
    assert bot.runtime is not None
    for middleware in bot.runtime.bot.session.middleware:
        if isinstance(middleware, telegram_retry.RetryMiddleware):
            middleware.budget = budget
            if max_delay is not None:
                middleware.max_delay = max_delay


APOLOGY = {
    "kk": "Кешіріңіз, бізде қате шықты",
    "ru": "Извините, у нас что-то пошло не так",
}


async def test_a_failing_handler_apologises_in_the_users_language_and_alerts_staff_once(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    alice, ivan = people("kk"), people("ru")
    reply = await alice.send("/boom")
    assert APOLOGY["kk"] in reply.text
    reply = await ivan.send("/boom")
    assert APOLOGY["ru"] in reply.text

    # a failing button: the callback is answered (no endless spinner) and the apology is sent
    menu = await ivan.send("/help")
    reply = await ivan.press(menu.last, "boom")
    assert reply.answer is not None
    assert APOLOGY["ru"] in reply.text

    alerts = tg.sent_to(STAFF_CHAT_ID)
    assert len(alerts) == 1, [a.text for a in alerts]  # three failures within a minute: one alert
    assert "RuntimeError" in (alerts[0].text or "")
    assert "kaboom" not in (alerts[0].text or "")  # the staff chat gets the type, the details are in the log

    # the bot keeps answering
    reply = await alice.send("/help")
    assert "Мен не істей аламын" in reply.text
    reply = await ivan.send("Сколько школ построили?")
    assert "6 900" in reply.text


def outage(status: int = 502) -> tuple[dict[str, Any], Callable[[dict[str, Any]], Any]]:
    """An interceptor failing with ``status`` while state["down"] is true, counting its failures."""
    state: dict[str, Any] = {"down": True, "failed": 0}

    def intercept(params: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        if not state["down"]:
            return None
        state["failed"] += 1
        return status, {"ok": False, "error_code": status, "description": "Bad Gateway"}

    return state, intercept


async def test_telegram_down_for_a_while_then_the_bot_answers(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    alice = people("kk")
    await alice.send("/start")
    state, intercept = outage()
    tg.interceptors["getUpdates"] = intercept
    update_id = await tg.push(alice.message_update(text="Ауылдар қанша пайыз газбен қамтылды?"))
    # polling keeps trying through the outage (aiogram backs off), the bot does not exit
    await tg.wait_for(lambda: state["failed"] >= 2, timeout=15)
    assert bot._task is not None and not bot._task.done()
    state["down"] = False
    await tg.wait_handled(update_id, timeout=15)
    answers = [s for s in tg.sent_to(alice.chat_id) if "78" in (s.text or "")]
    assert len(answers) == 1


async def test_a_send_failing_with_5xx_is_retried(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    ivan = people("ru")
    state, intercept = outage(502)

    def fail_twice(params: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        if state["failed"] >= 2:
            state["down"] = False
        return intercept(params)

    tg.interceptors["sendMessage"] = fail_twice
    reply = await ivan.send("/help")
    assert state["failed"] == 2
    assert len(reply.messages) == 1 and "Что я умею" in reply.text
    statuses = [c.status for c in tg.calls_of("sendMessage")]
    assert statuses == [502, 502, 200]


async def test_a_send_failing_for_good_ends_in_the_error_handler_and_the_bot_goes_on(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    ivan = people("ru")
    state, intercept = outage(500)
    tg.interceptors["sendMessage"] = lambda params: intercept(params) if str(params["chat_id"]) == str(ivan.chat_id) \
        else None
    reply = await ivan.send("/help")
    assert reply.messages == []
    # every attempt failed: the handler's send, then the apology's; the staff were alerted
    assert state["failed"] >= 2 * 4  # each send tried through the budget (0.05 s back-off doubling within 2 s)
    assert any("TelegramServerError" in (s.text or "") for s in tg.sent_to(STAFF_CHAT_ID))
    state["down"] = False
    reply = await ivan.send("/help")
    assert "Что я умею" in reply.text


async def test_telegram_down_when_the_bot_starts(
    settings: Settings, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    """aiogram's start_polling would crash on the first getMe; `python -m bot` waits for Telegram instead."""
    state, intercept = outage(503)
    for method in ("getMe", "deleteWebhook", "setMyCommands", "getUpdates"):
        tg.interceptors[method] = intercept
    stop = asyncio.Event()
    running = asyncio.create_task(serve.run_polling(settings, stop, handle_signals=False))
    try:
        await tg.wait_for(lambda: len(tg.calls_of("getMe")) >= 8, timeout=15)
        assert not running.done()
        state["down"] = False
        alice = people("kk")
        await tg.push(alice.message_update(text="Ауылдар қанша пайыз газбен қамтылды?"))
        await tg.wait_for(lambda: any("78" in (s.text or "") for s in tg.sent_to(alice.chat_id)), timeout=15)
    finally:
        stop.set()
        await asyncio.wait_for(running, 15)
    assert running.exception() is None


async def test_a_rejected_token_stops_the_start_with_a_clear_error(settings: Settings, tg: FakeTelegram) -> None:
    tg.interceptors["getMe"] = lambda params: (401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    with pytest.raises(TokenRejected, match="BOT_TOKEN"):
        await asyncio.wait_for(serve.run_polling(settings, handle_signals=False), 15)
    assert len(tg.calls_of("getMe")) == 1  # a 401 is not retried


async def test_a_delivered_message_whose_answer_is_unreadable_is_not_sent_again(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    """Telegram carried out the send, only its 200 answer was garbled: resending would give the citizen the same
    answer twice, and an apology would be wrong too."""
    ivan = people("ru")
    tg.garble["sendMessage"] = 1
    reply = await ivan.send("/help")
    assert len(reply.messages) == 1 and "Что я умею" in reply.text
    assert [c.status for c in tg.calls_of("sendMessage")] == [200]
    assert not tg.sent_to(STAFF_CHAT_ID)  # no error alert either


async def test_an_answer_caught_in_a_long_outage_is_sent_once_when_telegram_is_back(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    """Longer than the five attempts of old (about 7.5 s at full scale): retried through the outage with back-off,
    then delivered once."""
    retry_budget(bot, 60.0, max_delay=0.2)
    ivan = people("ru")
    state, intercept = outage(502)
    tg.interceptors["sendMessage"] = intercept
    update_id = await tg.push(ivan.message_update(text="Сколько школ построили?"))
    await tg.wait_for(lambda: state["failed"] >= 15, timeout=20)  # 15 attempts: well past five
    state["down"] = False
    await tg.wait_handled(update_id, timeout=10)
    answers = [s for s in tg.sent_to(ivan.chat_id) if "6 900" in (s.text or "")]
    assert len(answers) == 1
    assert not any("Извините" in (s.text or "") for s in tg.sent_to(ivan.chat_id))


async def test_429_is_retried_after_its_retry_after(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    ivan = people("ru")
    state = {"n": 0}

    def once(params: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        state["n"] += 1
        if state["n"] > 1:
            return None
        return 429, {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1",
                     "parameters": {"retry_after": 1}}

    tg.interceptors["sendMessage"] = once
    retry_budget(bot, 5.0)
    started = asyncio.get_running_loop().time()
    reply = await ivan.send("/help")
    assert "Что я умею" in reply.text and len(reply.messages) == 1
    assert [c.status for c in tg.calls_of("sendMessage")] == [429, 200]
    assert asyncio.get_running_loop().time() - started >= 0.9


async def test_a_button_whose_handler_answered_then_failed_is_not_answered_twice(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    ivan = people("ru")
    menu = await ivan.send("/help")
    reply = await ivan.press(menu.last, "answered-boom")
    assert APOLOGY["ru"] in reply.text
    answers = tg.calls_of("answerCallbackQuery")
    assert [c.status for c in answers] == [200]  # one answer, no 400 "query is too old"
