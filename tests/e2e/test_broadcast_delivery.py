"""Acceptance: a broadcast reaches every subscriber exactly once at Telegram's pace, and a sender killed halfway
(in-process cancellation, or SIGKILL of the real process) resumes without skipping anyone; the only duplicates
are the sends that were in flight at the kill."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from bot.clock import Clock
from bot.config import Settings
from bot.db.database import Database
from bot.db.users import UserRepo
from bot.services.broadcast import BroadcastSender, BroadcastService, Draft
from bot.services.districts import load_districts
from bot.services.roles import RoleService
from bot.services.subscriptions import Audience, SubscriptionService
from tests.conftest import ADMIN_ID, ROOT, RunningBot
from tests.fakeapi import Call, FakeTelegram
from tests.harness import BotProcess

TEXTS = {"kk": "Қабылдау кестесі жаңарды", "ru": "Обновлён график приёмов"}
SENDS = {"sendMessage", "sendPhoto", "sendDocument"}


def max_in_window(times: list[float], window: float = 1.0) -> int:
    times = sorted(times)
    best = j = 0
    for i, t in enumerate(times):
        while times[j] <= t - window:
            j += 1
        best = max(best, i - j + 1)
    return best


async def add_subscribers(db: Database, settings: Settings, ids: list[int]) -> None:
    users = UserRepo(db)
    subscriptions = SubscriptionService(db, load_districts(ROOT / "data" / "venues.toml"))
    for user_id in ids:
        await users.ensure(user_id, "kk" if user_id % 2 else "ru", None)
        await subscriptions.subscribe(user_id)


async def queue_broadcast(service: BroadcastService) -> int:
    """As the dialogue's "send now" does (the dialogue itself is tested in test_broadcasts.py)."""
    broadcast, _ = await service.create(ADMIN_ID, "acceptance", Draft(dict(TEXTS), Audience("all")))
    return broadcast.id


def recipient_calls(tg: FakeTelegram, ids: set[int]) -> list[Call]:
    return [c for c in tg.calls if c.method in SENDS and int(c.params.get("chat_id", 0)) in ids]


def delivered(tg: FakeTelegram, ids: set[int]) -> Counter[int]:
    return Counter(s.chat_id for s in tg.sent if s.chat_id in ids and s.method in SENDS)


@pytest.mark.parametrize("settings_overrides", [{"broadcast_rate": 25, "broadcast_progress_seconds": 2.0}])
async def test_500_subscribers_exactly_once_never_above_the_rate_403_inactive_429_waited_out(
    bot: RunningBot, tg: FakeTelegram, settings: Settings
) -> None:
    assert bot.runtime is not None
    ids = list(range(600_000, 600_500))
    everyone = set(ids)
    blocked = set(ids[10:30])  # 403: the bot was blocked
    missing = set(ids[40:45])  # 400: chat not found
    throttled = {ids[100], ids[250], ids[251], ids[400], ids[499]}  # one injected 429 each
    tg.blocked_chats |= blocked
    tg.missing_chats |= missing
    tg.rate_limit = 30  # Telegram's own limit, enforced by the server: anything above it would be a 429

    flaky = {ids[300], ids[301]}  # one 502 each: retried after a pause
    refused: set[int] = set()

    def inject_errors(params: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        chat = int(params.get("chat_id", 0))
        if chat in throttled and chat not in refused:
            refused.add(chat)
            return 429, {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1",
                         "parameters": {"retry_after": 1}}
        if chat in flaky and chat not in refused:
            refused.add(chat)
            return 502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}
        return None

    tg.interceptors["sendMessage"] = inject_errors
    await add_subscribers(bot.runtime.db, settings, ids)
    broadcast_id = await queue_broadcast(bot.runtime.dp["broadcasts"])
    await tg.wait_for(lambda: any("таратылым</b> жіберілді." in (m.text or "") for m in tg.sent_to(ADMIN_ID)[-1:]),
                      timeout=90)

    # every reachable subscriber exactly once, in their own language; the unreachable never
    got = delivered(tg, everyone)
    assert set(got) == everyone - blocked - missing
    assert set(got.values()) == {1}
    for message in tg.sent:
        if message.chat_id in everyone:
            assert message.text == TEXTS["kk" if message.chat_id % 2 else "ru"]

    # the rate: every request to a subscriber (answered 200, 403, 400 or 429) counted in any 1-second window
    calls = recipient_calls(tg, everyone)
    assert max_in_window([c.at for c in calls]) <= settings.broadcast_rate
    assert tg.too_many_requests == 0  # the server's own limiter never had to refuse anything

    # 429: the same recipient retried after waiting retry_after
    for chat in throttled:
        attempts = [c for c in calls if int(c.params["chat_id"]) == chat]
        assert [c.status for c in attempts] == [429, 200]
        assert attempts[1].at - attempts[0].at >= 1.0

    # another error: retried (a bounded number of times) after a pause
    for chat in flaky:
        attempts = [c for c in calls if int(c.params["chat_id"]) == chat]
        assert [c.status for c in attempts] == [502, 200]
        assert attempts[1].at - attempts[0].at >= 1.0

    # 403 and "chat not found": no retry, the subscription is inactive
    for chat in blocked | missing:
        assert len([c for c in calls if int(c.params["chat_id"]) == chat]) == 1
    subscriptions: SubscriptionService = bot.runtime.dp["subscriptions"]
    counts = await subscriptions.counts()
    assert (counts.active, counts.inactive) == (475, 25)
    assert (await subscriptions.get(ids[10])).inactive_reason == "blocked"  # type: ignore[union-attr]
    assert (await subscriptions.get(ids[40])).inactive_reason == "not_found"  # type: ignore[union-attr]

    broadcast = await bot.runtime.dp["broadcasts"].get(broadcast_id)
    assert broadcast.status == "done"
    assert (broadcast.figures.total, broadcast.figures.sent, broadcast.figures.failed, broadcast.figures.blocked) == (
        500, 475, 25, 25
    )
    report = tg.sent_to(ADMIN_ID)[-1].text or ""
    assert "Жеткізілді: 500 ішінен 475" in report and "Жеткізілмеді: 25" in report


def in_flight(rows: list[Any]) -> set[int]:
    return {int(r[0]) for r in rows}


@pytest.mark.parametrize("settings_overrides", [{"broadcast_rate": 30}])
async def test_sender_cancelled_abruptly_halfway_resumes_after_restart(
    bot: RunningBot, tg: FakeTelegram, settings: Settings
) -> None:
    assert bot.runtime is not None
    ids = list(range(610_000, 610_200))
    everyone = set(ids)
    tg.latency = 0.3  # answers come late: several sends are in flight at any moment
    await add_subscribers(bot.runtime.db, settings, ids)
    await queue_broadcast(bot.runtime.dp["broadcasts"])
    sender: BroadcastSender = bot.runtime.dp["broadcast_sender"]
    await tg.wait_for(lambda: len(recipient_calls(tg, everyone)) >= 90, timeout=30)
    assert sender.task is not None
    sender.task.cancel()  # abrupt: in-flight requests are abandoned, no graceful drain
    sending = in_flight(await bot.runtime.db.fetchall("SELECT user_id FROM deliveries WHERE state = 'sending'"))
    before = delivered(tg, everyone)
    assert 0 < len(before) < len(ids) and sending

    await bot.restart()  # a new runtime over the same database: the sender resumes on start
    await tg.wait_for(lambda: any("таратылым</b> жіберілді." in (m.text or "") for m in tg.sent_to(ADMIN_ID)),
                      timeout=60)
    got = delivered(tg, everyone)
    assert set(got) == everyone  # nobody skipped
    duplicates = {chat for chat, n in got.items() if n > 1}
    print(f"cancelled: {len(before)} delivered, {len(sending)} in flight, {len(duplicates)} duplicates")
    assert duplicates <= sending and len(duplicates) <= settings.broadcast_rate
    assert max(got.values()) <= 2


async def test_sigkill_halfway_resumes_on_start_nobody_skipped(
    tg: FakeTelegram, settings: Settings, tmp_path: Path
) -> None:
    ids = list(range(620_000, 620_200))
    everyone = set(ids)
    tg.latency = 0.3  # answers come late: several sends are in flight at any moment
    db = await Database.open(settings.database_path)
    try:
        await add_subscribers(db, settings, ids)
        broadcast_id = await queue_broadcast(BroadcastService(db, RoleService(db, settings.admin_ids), Clock()))
    finally:
        await db.close()

    env = {"BROADCAST_RATE": "30", "BROADCAST_PROGRESS_SECONDS": "1"}
    first = BotProcess(settings, env)
    await first.start()
    try:
        await tg.wait_for(lambda: len(delivered(tg, everyone)) >= 70, timeout=60)
    finally:
        await first.kill()  # SIGKILL: no shutdown code runs
    killed_at = delivered(tg, everyone)
    assert len(killed_at) < len(ids)

    db = await Database.open(settings.database_path)
    try:
        sending = in_flight(await db.fetchall("SELECT user_id FROM deliveries WHERE state = 'sending'"))
        states = Counter(r[0] for r in await db.fetchall("SELECT state FROM deliveries"))
    finally:
        await db.close()
    # what the database knows is what Telegram got, up to the sends in flight at the kill
    assert sending and states["sent"] <= len(killed_at) <= states["sent"] + len(sending)

    second = BotProcess(settings, env)
    await second.start()
    try:
        await tg.wait_for(lambda: any("таратылым</b> жіберілді." in (m.text or "") for m in tg.sent_to(ADMIN_ID)),
                          timeout=60)
    finally:
        code = await second.terminate()
    output = await second.output()
    assert code == 0 and "Traceback" not in output, output

    got = delivered(tg, everyone)
    assert set(got) == everyone  # nobody skipped
    duplicates = {chat for chat, n in got.items() if n > 1}
    print(f"SIGKILL: {len(killed_at)} delivered, {len(sending)} in flight, {len(duplicates)} duplicates")
    assert duplicates <= sending  # at least once: only the in-flight sends may arrive twice
    assert max(got.values()) <= 2
    per_chat: defaultdict[int, list[str | None]] = defaultdict(list)
    for message in tg.sent:
        if message.chat_id in everyone:
            per_chat[message.chat_id].append(message.text)
    assert all(set(texts) == {TEXTS["kk" if chat % 2 else "ru"]} for chat, texts in per_chat.items())

    db = await Database.open(settings.database_path)
    try:
        service = BroadcastService(db, RoleService(db, settings.admin_ids), Clock())
        final = await service.get(broadcast_id)
    finally:
        await db.close()
    assert final is not None and final.status == "done"
    assert final.figures.total == 200 and final.figures.sent == 200
