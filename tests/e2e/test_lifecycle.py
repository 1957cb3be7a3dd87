"""`python -m bot` as a real process: SIGTERM during activity (polling and webhook), restart, backup, and
refusing to start a webhook without its secret."""

from __future__ import annotations

import asyncio
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.config import Settings
from bot.db.database import Database
from tests.client import Person
from tests.fakeapi import FakeTelegram
from tests.harness import ROOT, BotProcess

SECRET = "lifecycle-Secret_42"


def command(person: Person, text: str) -> dict[str, Any]:
    return person.message_update(text=text, entities=[{"type": "bot_command", "offset": 0, "length": len(text)}])


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


HELP = ("Мен не істей аламын", "Что я умею")
GREETING = ("Сәлеметсіз бе", "Здравствуйте")


def answered(tg: FakeTelegram, person: Person, marks: tuple[str, ...] = HELP) -> int:
    return sum(1 for s in tg.sent_to(person.chat_id) if any(m in (s.text or "") for m in marks))


async def stop(proc: BotProcess, timeout: float = 15) -> tuple[int, float, str]:
    started = time.monotonic()
    code = await proc.terminate(timeout)
    return code, time.monotonic() - started, await proc.output()


async def test_sigterm_while_polling_finishes_updates_in_flight_and_a_restart_goes_on(
    settings: Settings, tg: FakeTelegram, people: Callable[..., Person]
) -> None:
    users = [people("kk" if i % 2 else "ru") for i in range(6)]
    proc = BotProcess(settings)
    await proc.start()
    try:
        await tg.push(command(users[0], "/help"))
        await tg.wait_for(lambda: answered(tg, users[0]) == 1, timeout=30)  # the bot is up

        tg.delays["sendMessage"] = 1.0  # a slow Telegram: the answers are in flight when SIGTERM comes
        for person in users[1:]:
            await tg.push(command(person, "/help"))
        await tg.wait_for(lambda: len(tg.calls_of("sendMessage")) >= len(users), timeout=15)
        assert all(answered(tg, p) == 0 for p in users[1:])
        assert proc.proc is not None
        proc.proc.terminate()
        late = [await tg.push(command(p, "/start")) for p in users[:2]]  # arrive while shutting down
        code = await asyncio.wait_for(proc.proc.wait(), 15)
        output = await proc.output()
    finally:
        await proc.kill()
    assert code == 0, output
    assert "Traceback" not in output, output
    assert [answered(tg, p) for p in users] == [1] * len(users), "an update in flight was not finished"
    assert integrity(settings.database_path) == "ok"

    tg.delays.clear()
    again = BotProcess(settings)
    await again.start()
    try:
        # the updates that came during the shutdown were handled before it (if fetched in time) or are handled
        # now; either way once: nothing is lost, nothing answered twice
        await tg.wait_for(lambda: tg.confirmed_offset > max(late), timeout=30)
        await tg.push(command(users[2], "/help"))
        await tg.wait_for(lambda: answered(tg, users[2]) == 2, timeout=15)
    finally:
        code, elapsed, output = await stop(again)
    assert code == 0 and elapsed < 5, output
    assert [answered(tg, p) for p in users] == [1, 1, 2, 1, 1, 1]
    assert [answered(tg, p, GREETING) for p in users] == [1, 1, 0, 0, 0, 0]
    assert integrity(settings.database_path) == "ok"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def wait_healthy(url: str, proc: BotProcess, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as http:
        while True:
            assert proc.proc is not None and proc.proc.returncode is None, await proc.output()
            try:
                async with http.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("the webhook server did not come up")
            await asyncio.sleep(0.1)


async def test_sigterm_in_webhook_mode_finishes_updates_in_flight(
    settings: Settings, tg: FakeTelegram, people: Callable[..., Person]
) -> None:
    port = free_port()
    proc = BotProcess(settings, extra_env={
        "WEBHOOK_URL": "https://bot.example.kz/webhook", "WEBHOOK_SECRET": SECRET,
        "WEBHOOK_HOST": "127.0.0.1", "WEBHOOK_PORT": str(port),
    })
    base = f"http://127.0.0.1:{port}"
    users = [people("kk"), people("ru"), people("kk")]
    await proc.start()
    try:
        await wait_healthy(f"{base}/healthz", proc)
        assert tg.calls_of("setWebhook")[-1].params["secret_token"] == SECRET
        tg.delays["sendMessage"] = 1.0
        async with aiohttp.ClientSession() as http:
            for person in users:
                async with http.post(f"{base}/webhook", json=command(person, "/help"),
                                     headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as response:
                    assert response.status == 200
        await tg.wait_for(lambda: len(tg.calls_of("sendMessage")) >= len(users), timeout=15)
        code, elapsed, output = await stop(proc)
    finally:
        await proc.kill()
    assert code == 0, output
    assert elapsed < 5, output
    assert [answered(tg, p) for p in users] == [1, 1, 1]
    assert not tg.calls_of("deleteWebhook")  # stays registered: Telegram keeps updates for the next start
    assert integrity(settings.database_path) == "ok"


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    import os

    base = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "TELEGRAM_", "DATABASE_", "WEBHOOK_"))}
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True,
                          env={**base, **env, "PYTHONPATH": str(ROOT)}, cwd=str(cwd), timeout=60)


@pytest.mark.parametrize(("extra", "expected"), [
    ({"WEBHOOK_URL": "https://bot.example.kz/webhook"}, "WEBHOOK_SECRET is required when WEBHOOK_URL is set"),
    ({"WEBHOOK_URL": "https://bot.example.kz/webhook", "WEBHOOK_SECRET": "has spaces!"}, "WEBHOOK_SECRET"),
    ({"WEBHOOK_URL": "bot.example.kz/webhook", "WEBHOOK_SECRET": SECRET}, "WEBHOOK_URL"),
])
def test_webhook_settings_are_checked_with_one_clear_line(
    tmp_path: Path, extra: dict[str, str], expected: str
) -> None:
    env = {"BOT_TOKEN": "123456:" + "a" * 35, "DATABASE_PATH": str(tmp_path / "x.sqlite3"), **extra}
    result = run([], env, tmp_path)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and expected in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.sqlite3").exists()


async def test_backup_command_needs_no_token(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "bot.sqlite3")
    await db.execute("INSERT INTO users (id) VALUES (1)")
    await db.close()
    result = await asyncio.to_thread(
        run, ["backup", str(tmp_path / "copy.sqlite3")], {"DATABASE_PATH": str(tmp_path / "bot.sqlite3")}, tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "backup written" in result.stdout and "integrity ok" in result.stdout
    assert any(line.split()[:2] == ["users", "1"] for line in result.stdout.splitlines())
    assert integrity(tmp_path / "copy.sqlite3") == "ok"
