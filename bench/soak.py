"""Soak test: thousands of mixed updates from hundreds of simulated citizens against `python -m bot`.

The bot runs as it does in production (a child process, long polling, updates handled as concurrent tasks)
against the fake Bot API server (tests/fakeapi.py) in this process. Every simulated citizen is a closed loop:
one step (a question, a menu tap and a topic button, a language switch, /start, /help, /mydata, a sticker),
wait for the bot's answer, next step. Prints:

- updates handled per second,
- latency from the update being pushed to the bot's (last expected) answer: p50, p95, p99, max,
- errors (target 0): steps not answered within the timeout, apologies from the error handler, alerts in
  the staff chat, and Bot API calls the fake server refused,
- the bot's peak memory (peak RSS of the child process, VmHWM) and CPU time, and the database size.

Flood control is raised (FLOOD_MESSAGES=10000): simulated citizens answer instantly, which real ones don't.

Usage: python bench/soak.py [--users 300] [--updates 5000] [--seed 1] [--rate UPDATES_PER_SECOND]

Without --rate every citizen sends its next update as soon as it is answered: the bot is saturated and the
latency is mostly queueing (300 citizens / throughput). With --rate the citizens pause between steps so that
together they offer that load, and the latency shows the time to answer at that load.

Hooks for more scenarios (bookings, appeals): add an ``async def step_xxx(user) -> int`` below that performs
one step and returns the number of updates it sent, and give it a weight in SCENARIOS.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import signal
import sqlite3
import sys
import tempfile
import time
import tomllib
from collections import defaultdict
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.client import Person  # noqa: E402
from tests.fakeapi import FakeTelegram, Sent  # noqa: E402

STAFF_CHAT_ID = -100_555
STEP_TIMEOUT = 30.0
APOLOGIES = ("Кешіріңіз, біз тарапта қате шықты", "Извините, у нас что-то пошло не так")
MENU = {"kk": "📊 2024 жылдың қорытындысы", "ru": "📊 Итоги 2024 года"}
STICKER = {"file_id": "s1", "file_unique_id": "s1", "type": "regular", "width": 512, "height": 512,
           "is_animated": False, "is_video": False}


class SoakTelegram(FakeTelegram):
    """The fake server, plus per-chat response counters that wake only that chat's waiter (the base class
    wakes every waiter on every call, which with hundreds of users would measure the load generator)."""

    def __init__(self) -> None:
        super().__init__()
        self.responses: dict[int, int] = defaultdict(int)
        self.events: dict[int, asyncio.Event] = defaultdict(asyncio.Event)
        self.query_chat: dict[str, int] = {}
        self.refused = 0

    async def _dispatch(self, method: str, params: dict[str, Any], files: dict[str, bytes]) -> tuple[int, Any]:
        status, body = await super()._dispatch(method, params, files)
        if status >= 400:
            self.refused += 1
        chat = None
        if method == "answerCallbackQuery":
            chat = self.query_chat.get(str(params.get("callback_query_id")))
        elif "chat_id" in params and method != "getUpdates":
            chat = int(params["chat_id"])
        if chat is not None:
            self.responses[chat] += 1
            self.events[chat].set()
        return status, body

    async def _notify(self) -> None:  # only getUpdates needs waking up (new updates)
        return None

    async def wait_responses(self, chat: int, count: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        event = self.events[chat]
        while self.responses[chat] < count:
            event.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                await asyncio.wait_for(event.wait(), left)
            except TimeoutError:
                return False
        return True

    def last_sent(self, chat: int) -> Sent | None:
        for sent in reversed(self.sent):
            if sent.chat_id == chat:
                return sent
        return None


class User:
    def __init__(self, tg: SoakTelegram, person: Person, rng: random.Random, stats: Stats) -> None:
        self.tg = tg
        self.person = person
        self.rng = rng
        self.stats = stats
        self.lang = person.language_code if person.language_code in ("kk", "ru") else "kk"

    async def step(self, update: dict[str, Any], expected: int = 1) -> bool:
        """Push one update, wait for ``expected`` responses to this chat; record the latency."""
        chat = self.person.chat_id
        target = self.tg.responses[chat] + expected
        if "callback_query" in update:
            self.tg.query_chat[update["callback_query"]["id"]] = chat
        started = time.perf_counter()
        await self.tg.push(update)
        ok = await self.tg.wait_responses(chat, target, STEP_TIMEOUT)
        self.stats.updates += 1
        if ok:
            self.stats.latencies.append(time.perf_counter() - started)
        else:
            self.stats.timeouts += 1
        return ok

    async def send(self, text: str, expected: int = 1) -> bool:
        fields: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return await self.step(self.person.message_update(**fields), expected)


class Stats:
    def __init__(self) -> None:
        self.updates = 0
        self.timeouts = 0
        self.latencies: list[float] = []
        self.steps: dict[str, int] = defaultdict(int)


# ----- scenarios: one step each, returning when the bot has answered -------------------------------------------


async def step_question(user: User, questions: list[str]) -> None:
    await user.send(user.rng.choice(questions))


async def step_menu(user: User, questions: list[str]) -> None:
    """Tap the results menu button, then a topic button (an inline callback: answer + edit)."""
    if not await user.send(MENU[user.lang]):
        return
    menu = user.tg.last_sent(user.person.chat_id)
    if menu is None or not menu.is_inline:
        return
    button = user.rng.choice([b for row in menu.reply_markup["inline_keyboard"] for b in row])  # type: ignore[index]
    await user.step(user.person.callback_update(menu, button["callback_data"]), expected=2)


async def step_language(user: User, questions: list[str]) -> None:
    if not await user.send("/language"):
        return
    chooser = user.tg.last_sent(user.person.chat_id)
    if chooser is None or not chooser.is_inline:
        return
    user.lang = "ru" if user.lang == "kk" else "kk"
    data = f"lang:{user.lang}"
    await user.step(user.person.callback_update(chooser, data), expected=2)


async def step_start(user: User, questions: list[str]) -> None:
    await user.send(user.rng.choice(["/start", "/help", "/menu"]))


async def step_mydata(user: User, questions: list[str]) -> None:
    await user.send("/mydata")


async def step_sticker(user: User, questions: list[str]) -> None:
    await user.step(user.person.message_update(sticker=STICKER))


Scenario = Callable[[User, list[str]], Awaitable[None]]
SCENARIOS: dict[str, tuple[Scenario, int]] = {
    "question": (step_question, 45),
    "menu": (step_menu, 20),
    "language": (step_language, 8),
    "start/help/menu": (step_start, 15),
    "mydata": (step_mydata, 5),
    "sticker": (step_sticker, 7),
    # "booking": (step_booking, 10),   # issue 3: book a legal consultation (district, slot, confirm)
    # "appeal": (step_appeal, 10),     # issue 4: consent, name, phone, text, confirm
}


def questions() -> list[str]:
    found: list[str] = []
    for path in sorted((ROOT / "tests" / "qa").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        found += [q["text"] for q in data.get("q", [])] + [q["text"] for q in data.get("unrelated", [])]
    return found or ["Сколько школ построили?", "Ауылдар қанша пайыз газбен қамтылды?"]


def peak_rss_kib(pid: int) -> int | None:
    """VmHWM (peak resident set) of a running process, Linux only."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def inspect(workdir: Path) -> tuple[int, str, int, str]:
    """Database size, integrity, users; the bot's log."""
    db_size = sum(p.stat().st_size for p in workdir.glob("soak.sqlite3*"))
    conn = sqlite3.connect(workdir / "soak.sqlite3")
    try:
        integrity = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
        known_users = int(conn.execute("SELECT count(*) FROM users").fetchone()[0])
    finally:
        conn.close()
    return db_size, integrity, known_users, (workdir / "bot.log").read_text(errors="replace")


async def start_bot(tg: SoakTelegram, workdir: Path) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "TELEGRAM_", "DATABASE_", "WEBHOOK_"))}
    env.update(
        BOT_TOKEN=tg.token, TELEGRAM_API_URL=tg.base_url, DATABASE_PATH=str(workdir / "soak.sqlite3"),
        DATA_DIR=str(ROOT / "data"), LOCALES_DIR=str(ROOT / "locales"), STAFF_CHAT_ID=str(STAFF_CHAT_ID),
        FLOOD_MESSAGES="10000", LOG_LEVEL="WARNING",
    )
    log = (workdir / "bot.log").open("wb")
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", env=env, cwd=str(ROOT), stdout=log, stderr=asyncio.subprocess.STDOUT
    )


async def run(users: int, updates: int, seed: int, rate: float | None) -> None:
    rng = random.Random(seed)
    texts = questions()
    names, weights = zip(*((name, w) for name, (_, w) in SCENARIOS.items()), strict=True)
    tg = SoakTelegram()
    await tg.start()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        proc = await start_bot(tg, workdir)
        stats = Stats()
        try:
            warm = User(tg, Person(tg, 999, "Warm", "kk"), rng, Stats())
            t0 = time.perf_counter()
            if not await warm.send("/start"):
                raise SystemExit("the bot did not start: see its log")
            startup = time.perf_counter() - t0
            people = [
                User(tg, Person(tg, 2_000_000 + i, f"Citizen{i}", rng.choice(["kk", "kk", "ru", "en"])),
                     random.Random(seed * 1000 + i), stats)
                for i in range(users)
            ]

            async def citizen(user: User) -> None:
                while stats.updates < updates:
                    if rate:  # open loop: citizens think between steps, together about `rate` updates/s
                        await asyncio.sleep(user.rng.expovariate(rate / users))
                    name = user.rng.choices(names, weights)[0]
                    stats.steps[name] += 1
                    await SCENARIOS[name][0](user, texts)

            started = time.perf_counter()
            await asyncio.gather(*(citizen(u) for u in people))
            elapsed = time.perf_counter() - started
            peak = peak_rss_kib(proc.pid)
        finally:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    code = await asyncio.wait_for(proc.wait(), 30)
                except TimeoutError:
                    proc.kill()
                    code = await proc.wait()
            else:
                code = proc.returncode
            await tg.stop()
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak = peak or usage.ru_maxrss  # ru_maxrss: KiB on Linux
        db_size, integrity, known_users, log_text = inspect(workdir)

    apologies = sum(1 for s in tg.sent if any(a in (s.text or "") for a in APOLOGIES))
    alerts = len([s for s in tg.sent if s.chat_id == STAFF_CHAT_ID])
    lat = sorted(stats.latencies)

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000 if lat else float("nan")

    load = f"offered about {rate:.0f} updates/s" if rate else "each citizen sends as soon as answered"
    print(f"soak: {users} users, {stats.updates} updates in {elapsed:.1f} s ({load}; seed {seed}); bot started "
          f"in {startup:.1f} s")
    print("  mix: " + ", ".join(f"{name} {count}" for name, count in sorted(stats.steps.items())))
    print(f"throughput: {stats.updates / elapsed:.0f} updates/s")
    print(f"latency (update pushed -> answer sent): p50 {pct(0.50):.0f} ms, p95 {pct(0.95):.0f} ms, "
          f"p99 {pct(0.99):.0f} ms, max {pct(1.0):.0f} ms")
    errors = stats.timeouts + apologies + alerts + tg.refused
    print(f"errors: {errors} (unanswered {stats.timeouts}, apologies {apologies}, staff alerts {alerts}, "
          f"Bot API calls refused {tg.refused}); tracebacks in the bot's log: {log_text.count('Traceback')}")
    print(f"bot peak memory: {peak / 1024:.0f} MiB RSS; CPU {usage.ru_utime + usage.ru_stime:.1f} s; "
          f"exit code {code} after SIGTERM")
    print(f"database: {db_size / 1024:.0f} KiB, {known_users} users, integrity {integrity}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--updates", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=float, default=None,
                        help="offered load in updates/s (citizens pause between steps); default: as fast as answered")
    args = parser.parse_args()
    asyncio.run(run(args.users, args.updates, args.seed, args.rate))


if __name__ == "__main__":
    main()
