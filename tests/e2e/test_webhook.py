"""Webhook mode in process: the aiohttp app as `python -m bot` serves it, against the fake Bot API server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot import telegram_retry, webhook
from bot.clock import FakeClock
from bot.config import Settings
from bot.runtime import Runtime, create_runtime
from bot.webhook import build_webhook_app
from tests.client import Person
from tests.fakeapi import FakeTelegram

SECRET = "s3cret-Token_for-tests"
HEADER = "X-Telegram-Bot-Api-Secret-Token"


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"webhook_url": "https://bot.example.kz/tg/hook", "webhook_secret": SECRET, "webhook_path": "/tg/hook"}


@pytest.fixture
async def served(settings: Settings, clock: FakeClock) -> AsyncIterator[tuple[TestClient[Any, Any], Runtime]]:
    runtime = await create_runtime(settings, clock=clock)
    client: TestClient[Any, Any] = TestClient(TestServer(build_webhook_app(runtime)))
    await client.start_server()
    try:
        yield client, runtime
    finally:
        await client.close()
        await runtime.db.close()


def command(person: Person, text: str) -> dict[str, Any]:
    return person.message_update(text=text, entities=[{"type": "bot_command", "offset": 0, "length": len(text)}])


async def test_webhook_is_registered_with_the_secret(
    served: tuple[TestClient[Any, Any], Runtime], tg: FakeTelegram
) -> None:
    calls = tg.calls_of("setWebhook")
    assert len(calls) == 1
    params = calls[0].params
    assert params["url"] == "https://bot.example.kz/tg/hook" and params["secret_token"] == SECRET
    assert "message" in params["allowed_updates"] and "callback_query" in params["allowed_updates"]
    assert params.get("drop_pending_updates") in (None, False, "false")


async def test_updates_without_the_right_secret_are_rejected(
    served: tuple[TestClient[Any, Any], Runtime], tg: FakeTelegram, people: Callable[..., Person]
) -> None:
    client, _ = served
    alice = people("kk")
    for headers in ({}, {HEADER: ""}, {HEADER: "wrong"}, {HEADER: SECRET + "x"}, {HEADER: SECRET[:-1]}):
        response = await client.post("/tg/hook", json=command(alice, "/help"), headers=headers)
        assert response.status == 401, headers
    response = await client.get("/tg/hook")
    assert response.status == 405
    # nothing was handled: the user does not even exist
    response = await client.post("/tg/hook", json=command(alice, "/help"), headers={HEADER: SECRET})
    assert response.status == 200
    await tg.wait_for(lambda: bool(tg.sent_to(alice.chat_id)))
    assert len(tg.sent_to(alice.chat_id)) == 1


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("kk", "/help", "Мен не істей аламын"),
    ("ru", "Сколько школ построили?", "6 900"),
])
async def test_updates_with_the_secret_are_answered(
    served: tuple[TestClient[Any, Any], Runtime], tg: FakeTelegram, people: Callable[..., Person],
    lang: str, text: str, expected: str,
) -> None:
    client, _ = served
    person = people(lang)
    update = command(person, text) if text.startswith("/") else person.message_update(text=text)
    response = await client.post("/tg/hook", json=update, headers={HEADER: SECRET})
    assert response.status == 200
    await tg.wait_for(lambda: bool(tg.sent_to(person.chat_id)))
    assert expected in (tg.sent_to(person.chat_id)[0].text or "")


async def test_healthz(served: tuple[TestClient[Any, Any], Runtime]) -> None:
    client, runtime = served
    response = await client.get("/healthz")
    assert response.status == 200
    assert await response.json() == {"ok": True, "db": True}
    await runtime.db.close()  # the database gone: unhealthy
    response = await client.get("/healthz")
    assert response.status == 503
    assert await response.json() == {"ok": False, "db": False}


async def test_telegram_unreachable_at_start_serves_anyway_and_retries_set_webhook(
    settings: Settings, clock: FakeClock, tg: FakeTelegram, people: Callable[..., Person],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(webhook, "RETRY_FIRST", 0.05)
    monkeypatch.setattr(telegram_retry, "BASE_DELAY", 0.01)
    down = {"on": True}
    tg.interceptors["setWebhook"] = lambda params: (
        (502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}) if down["on"] else None
    )
    runtime = await create_runtime(settings, clock=clock)
    client: TestClient[Any, Any] = TestClient(TestServer(build_webhook_app(runtime)))
    await client.start_server()
    try:
        assert (await client.get("/healthz")).status == 200
        # a webhook registered by an earlier run still brings updates: they are served
        alice = people("kk")
        response = await client.post("/tg/hook", json=command(alice, "/help"), headers={HEADER: SECRET})
        assert response.status == 200
        await tg.wait_for(lambda: bool(tg.sent_to(alice.chat_id)))
        down["on"] = False
        await tg.wait_for(lambda: any(c.status == 200 for c in tg.calls_of("setWebhook")), timeout=10)
    finally:
        await client.close()
        await runtime.db.close()
