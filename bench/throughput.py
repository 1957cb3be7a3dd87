"""Answers per second through the whole bot over HTTP, against a bare aiogram echo bot in the same run.

Three processes, as in production: the fake Bot API server (tests/fakeapi.py, standing in for Telegram), and
the bot under test, which is either ``python -m bot`` exactly as deployed (its settings' defaults, a fresh
SQLite file) or bench/echo_bot.py (aiogram's defaults). Both long-poll the server on loopback. Runs alternate
between the two bots; prints answers/s for each run with the CPU each process used, the medians and their
ratio (target: ours >= 0.8 of the echo bot).

Two loads: returning citizens (``--users`` x ``--questions`` from the QA sets, after one warm-up message per
user), and ``--first-contact N``: N citizens the bot has never seen, one question each, no text repeated (a
launch day: every update makes a user row, detects a language and runs the search's cold path); that load also
runs our bot with SEARCH_PROCESS=off (the search in the bot's own process, as on a one-CPU machine). The CPU
shown for our bot includes its search process's.
Usage: python bench/throughput.py [--users 200] [--questions 20] [--rounds 3] [--first-contact 4000]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

import aiohttp
from procfs import children, cpu_seconds

ROOT = Path(__file__).resolve().parent.parent


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
        """CPU time the server process used so far, to show it is not the bottleneck."""
        assert self.proc is not None
        return cpu_seconds(self.proc.pid)

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

    async def rate(self, bot_pid: int, users: int, per_user: int, texts: list[str]) -> float:
        """Warm up with one message per user, then time users x per_user messages until all are answered."""
        base = await self.sent()
        await self.push([self.update(1_000_000 + u, texts[u % len(texts)]) for u in range(users)])
        await self.wait_sent(base + users)
        load = [self.update(1_000_000 + u, texts[(u + r) % len(texts)]) for r in range(per_user) for u in range(users)]
        return await self.timed(bot_pid, load)

    async def rate_first_contact(self, bot_pid: int, texts: list[str]) -> float:
        """Warm the process up with 50 messages from other users, then time one question from each of
        len(texts) citizens the bot has never seen."""
        base = await self.sent()
        await self.push([self.update(5_000_000 + u, texts[u]) for u in range(50)])
        await self.wait_sent(base + 50)
        return await self.timed(bot_pid, [self.update(6_000_000 + u, text) for u, text in enumerate(texts)])

    async def timed(self, bot_pid: int, load: list[dict[str, Any]]) -> float:
        """Push ``load`` at once and time it until every update is answered: answers/s (and the CPU spent)."""
        base = await self.sent()
        kids = children(bot_pid)
        start, cpu_server, cpu_bot = time.perf_counter(), self.cpu_seconds(), cpu_seconds(bot_pid)
        cpu_kids = sum(cpu_seconds(kid) for kid in kids)
        await self.push(load)
        await self.wait_sent(base + len(load))
        elapsed = time.perf_counter() - start
        kids_used = sum(cpu_seconds(kid) for kid in kids) - cpu_kids
        self.report = (
            f"{elapsed:.2f} s wall, bot process {cpu_seconds(bot_pid) - cpu_bot:.2f} s CPU"
            + (f" + its search process {kids_used:.2f} s" if kids else "")
            + f", fake server {self.cpu_seconds() - cpu_server:.2f} s CPU"
        )
        return len(load) / elapsed

    async def wait_sent(self, total: int, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while await self.sent() < total:
            if time.monotonic() > deadline:
                raise TimeoutError(f"only {await self.sent()} of {total} answers")
            await asyncio.sleep(0.02)


async def measure(name: str, command: list[str], env: dict[str, str], users: int, per_user: int,
                  texts: list[str]) -> float:
    """``users`` 0: the first-contact load over ``texts`` (one new citizen each)."""
    async with Server() as server:
        env = {**os.environ, **env, "BOT_TOKEN": server.token, "TELEGRAM_API_URL": server.url}
        command = [part.format(url=server.url, token=server.token) for part in command]
        bot = await asyncio.create_subprocess_exec(
            *command, cwd=str(ROOT), env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
        )
        try:
            if users:
                rate = await server.rate(bot.pid, users, per_user, texts)
            else:
                rate = await server.rate_first_contact(bot.pid, texts)
            print(f"{name}: {rate:5.0f} answers/s ({server.report})")
            return rate
        finally:
            bot.terminate()
            await bot.wait()


async def ours(users: int, per_user: int, texts: list[str], workdir: Path, answer_cache: bool = True) -> float:
    env = {"DATABASE_PATH": str(workdir / f"bench-{int(answer_cache)}.sqlite3"), "FLOOD_MESSAGES": "100000",
           "ADMIN_IDS": "", "STAFF_CHAT_ID": ""}
    if not answer_cache:
        env["ANSWER_CACHE_SIZE"] = "0"
    name = "our bot " if answer_cache else "our bot, no answer cache"
    return await measure(name, [sys.executable, "-m", "bot"], env, users, per_user, texts)


async def echo(users: int, per_user: int, texts: list[str]) -> float:
    command = [sys.executable, str(ROOT / "bench" / "echo_bot.py"), "{url}", "{token}"]
    return await measure("echo bot", command, {}, users, per_user, texts)


OPENINGS = {
    "kk": ["", "Сәлеметсіз бе, ", "Айтыңызшы, ", "Сұрағым бар: ", "Білгім келеді: ", "Қайырлы күн! ",
           "Кешіріңіз, ", "Рақмет алдын ала, ", "Бір сұрақ: ", "Жауап беріңізші: "],
    "ru": ["", "Здравствуйте, ", "Подскажите, ", "У меня вопрос: ", "Хочу узнать: ", "Добрый день! ",
           "Извините, ", "Заранее спасибо, ", "Один вопрос: ", "Ответьте, пожалуйста: "],
}


def distinct_texts(count: int) -> list[str]:
    """``count`` different questions: the QA sets' texts with different openings a citizen would write, then
    numbered if more are needed (never a text twice, so no answer is remembered from an earlier one)."""
    base = questions()
    found: list[str] = []
    for opening_no in itertools.count():
        for text in base:
            lang = "kk" if any(c in text for c in "әғқңөұүһі") else "ru"
            openings = OPENINGS[lang]
            opening = openings[opening_no % len(openings)]
            number = f" (№{opening_no // len(openings) + 1})" if opening_no >= len(openings) else ""
            found.append(f"{opening}{text[:1].lower() if opening else text[:1]}{text[1:]}{number}")
            if len(found) == count:
                return found
    return found


async def first_contact(count: int, rounds: int) -> None:
    texts = distinct_texts(count)
    assert len(set(texts)) == len(texts)
    print(f"first contact: {count} citizens the bot has never seen, one question each, all texts distinct")
    rates: dict[str, list[float]] = {}
    for round_ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            env = {"DATABASE_PATH": str(Path(tmp) / "first.sqlite3"), "FLOOD_MESSAGES": "100000", "ADMIN_IDS": "",
                   "STAFF_CHAT_ID": ""}
            alone = {**env, "DATABASE_PATH": str(Path(tmp) / "alone.sqlite3"), "SEARCH_PROCESS": "off"}
            runs = [("our bot", [sys.executable, "-m", "bot"], env),
                    ("echo bot", [sys.executable, str(ROOT / "bench" / "echo_bot.py"), "{url}", "{token}"], {}),
                    ("our bot, SEARCH_PROCESS=off", [sys.executable, "-m", "bot"], alone)]
            for name, command, extra in runs if round_ % 2 == 0 else reversed(runs):
                rates.setdefault(name, []).append(await measure(name, command, extra, 0, 0, texts))
    medians = {name: statistics.median(found) for name, found in rates.items()}
    echo_rate = medians.pop("echo bot")
    print(f"first contact, medians of {rounds} runs: echo bot {echo_rate:.0f} answers/s")
    for name, rate in medians.items():
        print(f"{name}: {rate:.0f} answers/s, ratio {rate / echo_rate:.2f}"
              + (" (target >= 0.80)" if name == "our bot" else " (the search in the bot's own process)"))


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--questions", type=int, default=20, help="questions per user")
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs of each bot; medians are compared")
    parser.add_argument("--first-contact", type=int, default=0, metavar="N",
                        help="measure N new citizens with one distinct question each instead")
    args = parser.parse_args()
    if args.first_contact:
        await first_contact(args.first_contact, args.rounds)
        return
    texts = questions()
    print(
        f"updates per run: {args.users * args.questions} ({args.users} users x {args.questions} questions, "
        f"{len(texts)} distinct texts), after one warm-up message per user"
    )
    rates_echo: list[float] = []
    rates_ours: list[float] = []
    rates_cold: list[float] = []
    for round_ in range(args.rounds):
        with tempfile.TemporaryDirectory() as tmp:
            if round_ % 2:  # the order alternates, so that neither bot always runs first
                rates_ours.append(await ours(args.users, args.questions, texts, Path(tmp)))
                rates_cold.append(await ours(args.users, args.questions, texts, Path(tmp), answer_cache=False))
                rates_echo.append(await echo(args.users, args.questions, texts))
            else:
                rates_echo.append(await echo(args.users, args.questions, texts))
                rates_ours.append(await ours(args.users, args.questions, texts, Path(tmp)))
                rates_cold.append(await ours(args.users, args.questions, texts, Path(tmp), answer_cache=False))
    echo_rate = statistics.median(rates_echo)
    ours_rate, cold_rate = statistics.median(rates_ours), statistics.median(rates_cold)
    ratios = sorted(o / e for o, e in zip(rates_ours, rates_echo, strict=True))
    print(f"medians of {args.rounds} runs (ours/echo per round: {', '.join(f'{r:.2f}' for r in ratios)}):")
    print(f"echo bot: {echo_rate:.0f} answers/s")
    print(f"our bot:  {ours_rate:.0f} answers/s, ratio {ours_rate / echo_rate:.2f} (target >= 0.80)")
    print(f"our bot with ANSWER_CACHE_SIZE=0 (every question searched): {cold_rate:.0f} answers/s, "
          f"ratio {cold_rate / echo_rate:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
