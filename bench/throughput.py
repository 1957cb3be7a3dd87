"""Answers per second through the whole bot over HTTP, against a bare aiogram echo bot in the same run.

Both bots poll the same kind of fake Bot API server (tests/fakeapi.py) on loopback and handle updates as
concurrent tasks, as in production. Prints answers/s for each, their ratio (target: ours >= 0.8 of echo) and
the run's settings. Usage: python bench/throughput.py [--users 200] [--questions 10]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiogram import Bot, Dispatcher  # noqa: E402
from aiogram.client.session.aiohttp import AiohttpSession  # noqa: E402
from aiogram.client.telegram import TelegramAPIServer  # noqa: E402
from aiogram.types import Message  # noqa: E402

from bot.clock import Clock  # noqa: E402
from bot.config import Settings  # noqa: E402
from tests.client import Person  # noqa: E402
from tests.fakeapi import FakeTelegram  # noqa: E402
from tests.harness import RunningBot  # noqa: E402


def questions() -> list[str]:
    found: list[str] = []
    for path in sorted((ROOT / "tests" / "qa").glob("*.toml")):
        found += [q["text"] for q in tomllib.loads(path.read_text(encoding="utf-8")).get("q", [])]
    return found or ["Сколько школ построили?", "Ауылдар қанша пайыз газбен қамтылды?"]


async def push_all(tg: FakeTelegram, users: int, per_user: int, texts: list[str]) -> int:
    people = [Person(tg, 1_000_000 + i, f"User{i}", "kk" if i % 2 else "ru") for i in range(users)]
    n = 0
    for round_ in range(per_user):
        for i, person in enumerate(people):
            await tg.push(person.message_update(text=texts[(i + round_) % len(texts)]))
            n += 1
    return n


async def measure(tg: FakeTelegram, total: int) -> float:
    start = time.perf_counter()
    await tg.wait_for(lambda: len(tg.calls_of("sendMessage")) >= total, timeout=600)
    return total / (time.perf_counter() - start)


async def ours(users: int, per_user: int, texts: list[str], workdir: Path) -> float:
    tg = FakeTelegram()
    await tg.start()
    settings = Settings(
        bot_token=tg.token, telegram_api_url=tg.base_url, database_path=workdir / "bench.sqlite3",
        data_dir=ROOT / "data", locales_dir=ROOT / "locales", flood_messages=10_000, _env_file=None,  # type: ignore[call-arg]
    )
    running = RunningBot(settings, Clock(), handle_as_tasks=True)
    await running.start()
    try:
        # warm-up: one question per user creates the user rows, as a real bot's users already exist
        await push_all(tg, users, 1, texts)
        await tg.wait_for(lambda: len(tg.calls_of("sendMessage")) >= users, timeout=600)
        tg.calls.clear()
        total = await push_all(tg, users, per_user, texts)
        return await measure(tg, total)
    finally:
        await running.stop()
        await tg.stop()


async def echo(users: int, per_user: int, texts: list[str]) -> float:
    tg = FakeTelegram()
    await tg.start()
    bot = Bot(tg.token, session=AiohttpSession(api=TelegramAPIServer.from_base(tg.base_url)))
    dp = Dispatcher()

    @dp.message()
    async def repeat(message: Message) -> None:
        await message.answer(message.text or "")

    task = asyncio.create_task(dp.start_polling(bot, polling_timeout=1, handle_signals=False))
    try:
        await push_all(tg, users, 1, texts)
        await tg.wait_for(lambda: len(tg.calls_of("sendMessage")) >= users, timeout=600)
        tg.calls.clear()
        total = await push_all(tg, users, per_user, texts)
        return await measure(tg, total)
    finally:
        await dp.stop_polling()
        await task
        await tg.stop()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--questions", type=int, default=10, help="questions per user")
    args = parser.parse_args()
    texts = questions()
    with tempfile.TemporaryDirectory() as tmp:
        rate_echo = await echo(args.users, args.questions, texts)
        rate_ours = await ours(args.users, args.questions, texts, Path(tmp))
    total = args.users * args.questions
    print(f"updates: {total} ({args.users} users x {args.questions} questions, {len(texts)} distinct texts)")
    print(f"echo bot: {rate_echo:.0f} answers/s")
    print(f"our bot:  {rate_ours:.0f} answers/s")
    print(f"ratio:    {rate_ours / rate_echo:.2f} (target >= 0.80)")


if __name__ == "__main__":
    asyncio.run(main())
