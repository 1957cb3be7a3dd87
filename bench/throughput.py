"""Answers per second through the whole bot over HTTP, against a bare aiogram echo bot in the same run.

The fake Bot API server (tests/fakeapi.py) runs in its own process, as Telegram would be elsewhere, so the
numbers measure the bot process alone. Both bots poll it on loopback and handle updates as concurrent tasks,
as in production. Prints answers/s for each and their ratio (target: ours >= 0.8 of the echo bot).
Usage: python bench/throughput.py [--users 200] [--questions 10]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiogram import Bot, Dispatcher  # noqa: E402
from aiogram.client.session.aiohttp import AiohttpSession  # noqa: E402
from aiogram.client.telegram import TelegramAPIServer  # noqa: E402
from aiogram.types import Message  # noqa: E402

from bot.clock import Clock  # noqa: E402
from bot.config import Settings  # noqa: E402
from tests.harness import RunningBot  # noqa: E402


def questions() -> list[str]:
    found: list[str] = []
    for path in sorted((ROOT / "tests" / "qa").glob("*.toml")):
        found += [q["text"] for q in tomllib.loads(path.read_text(encoding="utf-8")).get("q", [])]
    return found


class Server:
    """The fake Bot API server in a child process, driven through its /_control endpoints."""

    def __init__(self) -> None:
        self.proc: asyncio.subprocess.Process | None = None
        self.url = self.token = ""
        self.http: aiohttp.ClientSession | None = None
        self._ids = itertools.count(1)
        self.report = ""

    async def __aenter__(self) -> Server:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.fakeapi", cwd=str(ROOT), stdout=asyncio.subprocess.PIPE
        )
        assert self.proc.stdout is not None
        self.url, self.token = (await self.proc.stdout.readline()).decode().split()
        self.http = aiohttp.ClientSession()
        return self

    def cpu_seconds(self) -> float:
        """CPU time the server process used so far (Linux /proc), to show it is not the bottleneck."""
        assert self.proc is not None
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    async def __aexit__(self, *exc: object) -> None:
        assert self.http is not None and self.proc is not None
        await self.http.close()
        self.proc.kill()
        await self.proc.wait()

    async def sent(self) -> int:
        assert self.http is not None
        async with self.http.get(f"{self.url}/_control/stats") as resp:
            return int((await resp.json())["calls"].get("sendMessage", 0))

    def update(self, user_id: int, text: str) -> dict[str, Any]:
        lang = "kk" if user_id % 2 else "ru"
        user = {"id": user_id, "is_bot": False, "first_name": f"U{user_id}", "language_code": lang}
        message = {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "text": text,
            "from": user,
            "chat": {"id": user_id, "type": "private", "first_name": user["first_name"]},
        }
        return {"update_id": next(self._ids), "message": message}

    async def push(self, updates: list[dict[str, Any]]) -> None:
        assert self.http is not None
        for i in range(0, len(updates), 500):
            async with self.http.post(f"{self.url}/_control/push", json=updates[i : i + 500]) as resp:
                resp.raise_for_status()

    async def rate(self, users: int, per_user: int, texts: list[str]) -> float:
        """Warm up with one message per user, then time users x per_user messages until all are answered."""
        base = await self.sent()
        await self.push([self.update(1_000_000 + u, texts[u % len(texts)]) for u in range(users)])
        await self.wait_sent(base + users)
        load = [self.update(1_000_000 + u, texts[(u + r) % len(texts)]) for r in range(per_user) for u in range(users)]
        base = await self.sent()
        start, cpu_server, cpu_bot = time.perf_counter(), self.cpu_seconds(), time.process_time()
        await self.push(load)
        await self.wait_sent(base + len(load))
        elapsed = time.perf_counter() - start
        self.report = (
            f"{elapsed:.2f} s wall, bot process {time.process_time() - cpu_bot:.2f} s CPU, "
            f"fake server {self.cpu_seconds() - cpu_server:.2f} s CPU"
        )
        return len(load) / elapsed

    async def wait_sent(self, total: int, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while await self.sent() < total:
            if time.monotonic() > deadline:
                raise TimeoutError(f"only {await self.sent()} of {total} answers")
            await asyncio.sleep(0.02)


async def ours(users: int, per_user: int, texts: list[str], workdir: Path) -> float:
    async with Server() as server:
        settings = Settings(
            bot_token=server.token,
            telegram_api_url=server.url,
            database_path=workdir / "bench.sqlite3",
            data_dir=ROOT / "data",
            locales_dir=ROOT / "locales",
            flood_messages=10_000,
            _env_file=None,  # type: ignore[call-arg]
        )
        running = RunningBot(settings, Clock(), handle_as_tasks=True)
        await running.start()
        try:
            rate = await server.rate(users, per_user, texts)
            print(f"our bot:  {server.report}")
            return rate
        finally:
            await running.stop()


async def echo(users: int, per_user: int, texts: list[str]) -> float:
    async with Server() as server:
        bot = Bot(server.token, session=AiohttpSession(api=TelegramAPIServer.from_base(server.url)))
        dp = Dispatcher()

        @dp.message()
        async def repeat(message: Message) -> None:
            await message.answer(message.text or "")

        task = asyncio.create_task(dp.start_polling(bot, polling_timeout=1, handle_signals=False))
        try:
            rate = await server.rate(users, per_user, texts)
            print(f"echo bot: {server.report}")
            return rate
        finally:
            await dp.stop_polling()
            await task


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--questions", type=int, default=10, help="questions per user")
    args = parser.parse_args()
    texts = questions()
    with tempfile.TemporaryDirectory() as tmp:
        rate_echo = await echo(args.users, args.questions, texts)
        rate_ours = await ours(args.users, args.questions, texts, Path(tmp))
    print(
        f"updates: {args.users * args.questions} ({args.users} users x {args.questions} questions, "
        f"{len(texts)} distinct texts); fake Bot API server in its own process"
    )
    print(f"echo bot: {rate_echo:.0f} answers/s")
    print(f"our bot:  {rate_ours:.0f} answers/s")
    print(f"ratio:    {rate_ours / rate_echo:.2f} (target >= 0.80)")


if __name__ == "__main__":
    asyncio.run(main())
