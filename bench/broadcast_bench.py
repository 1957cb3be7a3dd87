"""A broadcast to many subscribers through the whole bot, against the fake Bot API server enforcing Telegram's
30 messages per second (any excess is answered 429).

Prints the achieved sending rate as a fraction of the configured BROADCAST_RATE (target >= 0.95), the number of
429s the server had to give (target 0), the busiest 1-second window, and the process's peak memory.
Usage: python bench/broadcast_bench.py [--subscribers 10000] [--rate 30] [--server-limit 30] [--latency 0]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.clock import Clock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.services.broadcast import BroadcastService, Draft  # noqa: E402
from bot.services.subscriptions import Audience  # noqa: E402
from tests.fakeapi import FakeTelegram  # noqa: E402
from tests.harness import RunningBot  # noqa: E402

ADMIN_ID = 900_001
SENDS = {"sendMessage", "sendPhoto", "sendDocument"}


def max_in_window(times: list[float], window: float = 1.0) -> int:
    best = j = 0
    for i, t in enumerate(times):
        while times[j] <= t - window:
            j += 1
        best = max(best, i - j + 1)
    return best


async def run(subscribers: int, rate: int, server_limit: int, latency: float, workdir: Path) -> None:
    tg = FakeTelegram()
    await tg.start()
    tg.rate_limit = server_limit
    tg.latency = latency
    settings = Settings(
        bot_token=tg.token, telegram_api_url=tg.base_url, database_path=workdir / "bench.sqlite3",  # type: ignore[arg-type]
        data_dir=ROOT / "data", locales_dir=ROOT / "locales", ADMIN_IDS=str(ADMIN_ID), broadcast_rate=rate,
        _env_file=None,
    )
    running = RunningBot(settings, Clock())
    runtime = await running.start()
    try:
        db = runtime.db
        base = 5_000_000
        async with db.transaction() as tx:
            await tx.executemany(
                "INSERT INTO users (id, language) VALUES (?, ?)",
                [(base + i, "kk" if i % 3 else "ru") for i in range(subscribers)],
            )
            now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            await tx.executemany(
                "INSERT INTO subscriptions (user_id, subscribed_at, changed_at) VALUES (?, ?, ?)",
                [(base + i, now, now) for i in range(subscribers)],
            )
        service: BroadcastService = runtime.dp["broadcasts"]
        started = time.perf_counter()
        broadcast, _ = await service.create(
            ADMIN_ID, "bench", Draft({"kk": "<b>Жаңалық</b> бенчмарк", "ru": "<b>Новость</b> бенчмарк"},
                                     Audience("all"))
        )
        # the final report to the author is the last message sent (kept O(1): checked on every request)
        await tg.wait_for(
            lambda: bool(tg.sent) and tg.sent[-1].chat_id == ADMIN_ID and "жіберілді." in (tg.sent[-1].text or ""),
            timeout=subscribers / rate * 3 + 60,
        )
        elapsed = time.perf_counter() - started
        current = await service.get(broadcast.id)
        assert current is not None and current.status == "done"
    finally:
        await running.stop()
        await tg.stop()

    calls = sorted(c.at for c in tg.calls if c.method in SENDS and int(c.params.get("chat_id", 0)) >= base)
    first_to_last = calls[-1] - calls[0]
    achieved = (len(calls) - 1) / first_to_last
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"subscribers:         {subscribers} (server enforces {server_limit}/s, latency {latency * 1000:.0f} ms)")
    print(f"configured rate:     {rate}/s")
    print(f"delivered:           {current.figures.sent} of {current.figures.total}, failed {current.figures.failed}")
    print(f"requests to Telegram:{len(calls):>7} in {first_to_last:.1f} s (first to last)")
    print(f"achieved rate:       {achieved:.2f}/s = {achieved / rate:.3f} of the configured limit (target >= 0.95)")
    print(f"end to end:          {subscribers / elapsed:.2f}/s including start and final report ({elapsed:.1f} s)")
    print(f"busiest 1 s window:  {max_in_window(calls)} requests")
    print(f"429s from the server:{tg.too_many_requests:>7} (target 0)")
    print(f"peak memory (RSS):   {peak_mb:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--rate", type=int, default=30, help="BROADCAST_RATE")
    parser.add_argument("--server-limit", type=int, default=30, help="the fake server's 429 threshold per second")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds the server takes to answer a send")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run(args.subscribers, args.rate, args.server_limit, args.latency, Path(tmp)))


if __name__ == "__main__":
    main()
