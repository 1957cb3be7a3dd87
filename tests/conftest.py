"""Fixtures: the fake Bot API server, settings on a temporary SQLite file, the bot running against them."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiogram import Router

from bot import telegram_retry
from bot.clock import FakeClock
from bot.config import Settings
from tests.client import Person
from tests.fakeapi import FakeTelegram
from tests.harness import RunningBot

ROOT = Path(__file__).resolve().parent.parent
ADMIN_ID = 900_001
STAFF_CHAT_ID = -100_777


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def clock() -> FakeClock:
    # A Monday morning in Kyzylorda (UTC+5).
    return FakeClock(datetime(2025, 3, 3, 4, 0, tzinfo=UTC))


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """The retry layer keeps trying for about a minute in production (TELEGRAM_RETRY_SECONDS); a test that makes
    Telegram fail on purpose waits 2 s at most (the settings below), with the same back-off at a tenth of the
    pace."""
    monkeypatch.setattr(telegram_retry, "BASE_DELAY", 0.05)


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Override in a test module to change settings for its bot."""
    return {}


@pytest.fixture
def settings(tg: FakeTelegram, tmp_path: Path, settings_overrides: dict[str, Any]) -> Settings:
    values: dict[str, Any] = {
        "bot_token": tg.token,
        "telegram_api_url": tg.base_url,
        "database_path": tmp_path / "bot.sqlite3",
        "ADMIN_IDS": str(ADMIN_ID),
        "staff_chat_id": STAFF_CHAT_ID,
        "default_language": "kk",
        "data_dir": ROOT / "data",
        "locales_dir": ROOT / "locales",
        "flood_messages": 1000,  # tests click faster than people; flood control has its own test
        "appeal_job_seconds": 0,
        "telegram_retry_seconds": 2.0,  # background jobs are driven by tests through run_once(now)
        "search_process": "off",  # tests/e2e/test_search_process.py turns it on; python -m bot in tests: auto
        "_env_file": None,
    }
    values.update(settings_overrides)
    return Settings(**values)


@pytest.fixture
def extra_routers() -> list[Router]:
    """Override in a test module to put test-only routers in front of the bot's own."""
    return []


@pytest.fixture
async def bot(settings: Settings, clock: FakeClock, extra_routers: list[Router]) -> AsyncIterator[RunningBot]:
    running = RunningBot(settings, clock, routers=extra_routers)
    await running.start()
    yield running
    await running.stop()


@pytest.fixture
def people(tg: FakeTelegram) -> Callable[..., Person]:
    ids = itertools.count(500_001)

    def make(language_code: str | None = "kk", first_name: str = "Айгүл", **kwargs: Any) -> Person:
        return Person(tg, kwargs.pop("user_id", next(ids)), first_name, language_code, **kwargs)

    return make


@pytest.fixture
def admin(tg: FakeTelegram) -> Person:
    return Person(tg, ADMIN_ID, "Админ", "ru")
