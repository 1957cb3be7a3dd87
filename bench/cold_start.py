"""Cold start: how long `python -m bot` takes from exec to its first getUpdates and to its first answer, and
`python -m bot console` to its greeting; with a breakdown of where the time goes.

The bot runs as in production (a child process, long polling) against the fake Bot API server
(tests/fakeapi.py) in this process. "First answer": a question pushed the moment the first getUpdates arrives,
answered (sendMessage). Each start is measured ``--runs`` times with a fresh database (the first start of a
deploy: migrations, the knowledge base indexed) and with the database of the previous run (a restart), and the
median is printed.

Breakdown (each in a fresh interpreter, medians):
- the interpreter alone (`python -c pass`);
- imports, by top-level package (`python -X importtime`, self time summed per package);
- the steps of bot.runtime.create_runtime: database open and migrations, knowledge base load, catalogs
  (gettext .mo files), the dispatcher (routers, services).

With --eager, aiogram's models are built at import as aiogram itself does (AIOGRAM_EAGER_MODELS=1; see
bot/lazy_models.py): the numbers before the lazy import.

Usage: python bench/cold_start.py [--runs 3] [--eager]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.client import Person  # noqa: E402
from tests.fakeapi import FakeTelegram  # noqa: E402

PYTHON = sys.executable

STEPS = r'''
import asyncio, json, sys, time
t0 = time.perf_counter()
import bot.serve, bot.runtime, bot.app  # everything `python -m bot` imports before it starts
t1 = time.perf_counter()
from bot.config import Settings
from bot.db.database import Database
from bot.i18n import make_i18n
from bot.services.knowledge import KnowledgeBase
from bot.app import build_dispatcher
from pathlib import Path

async def main():
    settings = Settings(bot_token="123456:TEST-token-for-the-cold-start-bench-0000", database_path=sys.argv[1],
                        _env_file=None)
    s = time.perf_counter(); db = await Database.open(settings.database_path); d_db = time.perf_counter() - s
    s = time.perf_counter(); kb = KnowledgeBase(db); await kb.load(settings.data_dir); d_kb = time.perf_counter() - s
    s = time.perf_counter(); i18n = make_i18n(settings.locales_dir, settings.default_language)
    i18n.gettext("Hello", locale="kk"); d_i18n = time.perf_counter() - s
    s = time.perf_counter(); build_dispatcher(settings, db=db, knowledge=kb, i18n=i18n); d_dp = time.perf_counter() - s
    await db.close()
    return d_db, d_kb, d_i18n, d_dp

d_db, d_kb, d_i18n, d_dp = asyncio.run(main())
print(json.dumps({"imports": t1 - t0, "database": d_db, "knowledge": d_kb, "catalogs": d_i18n, "dispatcher": d_dp}))
'''


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def machine() -> str:
    return f"{os.cpu_count()} cores, loadavg {' '.join(Path('/proc/loadavg').read_text().split()[:3])}"


def interpreter(runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([PYTHON, "-c", "pass"], check=True)
        times.append(time.perf_counter() - start)
    return median(times)


def imports_by_package() -> tuple[float, dict[str, float]]:
    done = subprocess.run([PYTHON, "-X", "importtime", "-c", "import bot.serve, bot.runtime, bot.app"],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    by: dict[str, float] = defaultdict(float)
    total = 0.0
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative, name = line.removeprefix("import time:").split("|")
        by[name.strip().split(".")[0]] += int(self_us) / 1e6
        if not name.startswith("  "):  # a top-level import (one space after the bar): its cumulative counts once
            total += int(cumulative) / 1e6
    return total, dict(sorted(by.items(), key=lambda kv: -kv[1]))


def steps(runs: int) -> dict[str, tuple[float, float]]:
    """step -> (median on a fresh database, median on an existing one)."""
    fresh: dict[str, list[float]] = defaultdict(list)
    again: dict[str, list[float]] = defaultdict(list)
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            path = str(Path(tmp) / "bot.sqlite3")
            for into in (fresh, again):
                done = subprocess.run([PYTHON, "-c", STEPS, path], cwd=ROOT, capture_output=True, text=True)
                if done.returncode:
                    raise SystemExit(done.stderr[-2000:])
                for key, value in json.loads(done.stdout.strip().splitlines()[-1]).items():
                    into[key].append(value)
    return {key: (median(fresh[key]), median(again[key])) for key in fresh}


class Watch(FakeTelegram):
    """The fake server, noting when the first getUpdates and the first sendMessage arrive."""

    def __init__(self) -> None:
        super().__init__()
        self.first_poll = asyncio.Event()
        self.answered = asyncio.Event()
        self.poll_at = self.answer_at = 0.0

    async def _dispatch(self, method: str, params: dict[str, Any], files: dict[str, bytes]) -> tuple[int, Any]:
        if method == "getUpdates" and not self.first_poll.is_set():
            self.poll_at = time.perf_counter()
            self.first_poll.set()
        result = await super()._dispatch(method, params, files)
        if method == "sendMessage" and not self.answered.is_set():
            self.answer_at = time.perf_counter()
            self.answered.set()
        return result


def bot_env(tg: FakeTelegram | None, db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("BOT_", "TELEGRAM_", "DATABASE_", "WEBHOOK_", "APPEAL_", "RECEPTION_"))}
    env.update(DATABASE_PATH=str(db), DATA_DIR=str(ROOT / "data"), LOCALES_DIR=str(ROOT / "locales"),
               LOG_LEVEL=os.environ.get("COLD_LOG", "WARNING"), STAFF_CHAT_ID="-100555")
    if tg is not None:
        env.update(BOT_TOKEN=tg.token, TELEGRAM_API_URL=tg.base_url)
    return env


async def bot_start(db: Path, first_update_id: int) -> tuple[float, float]:
    """(exec -> first getUpdates, exec -> first answer) of one `python -m bot`."""
    tg = Watch()
    tg._update_ids = itertools.count(first_update_id)  # Telegram's ids grow across restarts (dedupe)
    await tg.start()
    start = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(PYTHON, "-m", "bot", env=bot_env(tg, db), cwd=str(ROOT),
                                                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    try:
        await asyncio.wait_for(tg.first_poll.wait(), 120)
        await tg.push(Person(tg, 777_001, "Айгүл", "kk").message_update(text="Жастарға қандай көмек болды?"))
        try:
            await asyncio.wait_for(tg.answered.wait(), 60)
        except TimeoutError:
            proc.terminate()
            assert proc.stderr is not None
            said = (await proc.stderr.read()).decode()[-3000:]
            raise SystemExit("no answer in 60 s; the bot said:\n" + said) from None
        return tg.poll_at - start, tg.answer_at - start
    finally:
        proc.terminate()
        await proc.wait()
        await tg.stop()


async def console_start(db: Path) -> float:
    """exec -> the console's greeting (the first answer to /start) on stdout."""
    start = time.perf_counter()
    env = bot_env(None, db)
    proc = await asyncio.create_subprocess_exec(PYTHON, "-m", "bot", "console", env=env, cwd=str(ROOT),
                                                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                                                stderr=asyncio.subprocess.DEVNULL)
    assert proc.stdout is not None and proc.stdin is not None
    try:
        while True:
            line = await asyncio.wait_for(proc.stdout.readline(), 120)
            if not line:
                raise SystemExit("the console ended without a greeting")
            if line.startswith("🤖".encode()):
                return time.perf_counter() - start
    finally:
        proc.stdin.close()
        proc.terminate()
        await proc.wait()


async def starts(runs: int) -> dict[str, list[float]]:
    found: dict[str, list[float]] = defaultdict(list)
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "bot.sqlite3"
            for label, first_id in (("fresh database", 1), ("restart", 1000)):
                poll, answer = await bot_start(db, first_id)
                found[f"python -m bot, {label}: first getUpdates"].append(poll)
                found[f"python -m bot, {label}: first answer"].append(answer)
            found["python -m bot console: greeting"].append(await console_start(db))
    return found


def main(runs: int) -> None:
    eager = os.environ.get("AIOGRAM_EAGER_MODELS") == "1"
    print(f"machine before: {machine()}; python {sys.version.split()[0]}; aiogram models "
          + ("built at import (--eager)" if eager else "built on first use (bot/lazy_models.py)"))
    measured = asyncio.run(starts(runs))
    print(f"\nstart times (median of {runs}):")
    for label, values in measured.items():
        print(f"  {label:55} {median(values):6.2f} s   ({', '.join(f'{v:.2f}' for v in values)})")
    print("\nbreakdown:")
    print(f"  interpreter (python -c pass)                          {interpreter(runs):6.2f} s")
    total, by = imports_by_package()
    print(f"  imports (python -X importtime, one run)               {total:6.2f} s, by package (self time):")
    for package, seconds in list(by.items())[:12]:
        print(f"      {package:30} {seconds:6.3f} s")
    print(f"      {'(the rest)':30} {sum(list(by.values())[12:]):6.3f} s")
    for step, (fresh, again) in steps(runs).items():
        print(f"  {step:20} fresh database {fresh:6.3f} s, existing database {again:6.3f} s")
    print(f"\nmachine after: {machine()}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--eager", action="store_true", help="aiogram's models built at import (the old start)")
    args = parser.parse_args()
    if args.eager:
        os.environ["AIOGRAM_EAGER_MODELS"] = "1"  # inherited by every child process below
    main(args.runs)
