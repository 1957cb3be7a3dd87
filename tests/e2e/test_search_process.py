"""The knowledge-base search in a child process (bot.services.search_process), with a real child over real pipes
and a real SQLite file: the same answers as the bot's own search, cards edited in the bot searched at once, and
no question lost or answered late when the child is slow, killed or gone with the bot."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.config import Settings
from bot.db.database import Database
from bot.services import search_process
from bot.services.kb_edit import KbEditor
from bot.services.knowledge import KnowledgeBase, SearchResult
from bot.services.roles import RoleService
from bot.services.search_process import SearchProcess, available_cpus, use_child
from tests.client import Person
from tests.conftest import ADMIN_ID
from tests.e2e.appeal_steps import step
from tests.fakeapi import FakeTelegram
from tests.harness import BotProcess, RunningBot
from tests.unit.test_database import wait_until
from tests.unit.test_qa import CASES, UNRELATED

ROOT = Path(__file__).resolve().parents[2]


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def mapped_files(pid: int) -> str:
    return Path(f"/proc/{pid}/maps").read_text()


def same(a: SearchResult, b: SearchResult) -> bool:
    return (a.language, a.entry and a.entry.id, round(a.score, 9), [e.id for e in a.alternatives], a.reason) == (
        b.language, b.entry and b.entry.id, round(b.score, 9), [e.id for e in b.alternatives], b.reason)


@pytest.fixture
async def knowledge(tmp_path: Path) -> AsyncIterator[KnowledgeBase]:
    db = await Database.open(tmp_path / "kb.sqlite3")
    kb = KnowledgeBase(db, answer_cache_size=0)
    await kb.load(ROOT / "data")
    kb.remote = SearchProcess(db.path)
    await kb.remote.start()
    await wait_until(lambda: kb.remote is not None and kb.remote.ready)
    try:
        yield kb
    finally:
        await kb.remote.close()
        await db.close()


async def test_every_question_gets_the_same_answer_from_the_child(knowledge: KnowledgeBase) -> None:
    remote = knowledge.remote
    assert remote is not None
    texts = [(c.text, "kk") for c in CASES] + [(c.text, "ru") for c in CASES[::3]] + [(t, "kk") for _, t in UNRELATED]
    assert len(texts) > 250
    found: list[SearchResult] = []
    for start in range(0, len(texts), 100):  # concurrently, 100 at a time as Telegram hands updates over
        batch = texts[start:start + 100]
        found += await asyncio.gather(*(knowledge.search(text, fallback) for text, fallback in batch))
    assert remote.answered == len(texts) and remote.declined == 0  # every one went through the child
    differ = []
    for (text, fallback), child in zip(texts, found, strict=True):
        here, complete = await knowledge.search_here(text, fallback)
        assert complete
        if not same(child, here):
            differ.append(text)
    assert differ == []
    assert remote.timeouts == 0


async def test_a_card_edited_in_the_bot_is_searched_in_the_child_with_the_next_question(
        knowledge: KnowledgeBase) -> None:
    remote = knowledge.remote
    assert remote is not None
    question = "Когда проведут газ на мою улицу Абая?"
    before = await knowledge.search(question, "ru")
    assert before.entry is None or before.entry.id != "gasification"
    editor = KbEditor(knowledge.db, knowledge, RoleService(knowledge.db, [ADMIN_ID]))
    await editor.add_keyword(ADMIN_ID, "gasification", "ru", "газ на мою улицу")
    answered = remote.answered
    after = await knowledge.search(question, "ru")  # the request names the new revision: the child reads it first
    assert after.entry is not None and after.entry.id == "gasification"
    assert remote.answered == answered + 1


async def test_a_killed_child_loses_no_question_and_is_started_again(
        knowledge: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    remote = knowledge.remote
    assert remote is not None and remote.pid is not None
    monkeypatch.setattr(search_process, "RESTART_FIRST", 0.2)
    remote._restart_delay = 0.2
    first = remote.pid
    question = "Сколько школ построили в 2024 году?"
    expected, _ = await knowledge.search_here(question, "ru")
    waiting = [asyncio.ensure_future(knowledge.search(f"{question} ({n})", "ru")) for n in range(20)]
    await asyncio.sleep(0)
    os.kill(first, signal.SIGKILL)
    found = await asyncio.wait_for(asyncio.gather(*waiting), 5)  # answered here, none lost
    assert all(r.entry is not None and r.entry.id == expected.entry.id for r in found)  # type: ignore[union-attr]
    await wait_until(lambda: not remote.ready)
    declined = remote.declined
    result = await knowledge.search(question, "ru")
    assert remote.declined == declined + 1 and same(result, expected)
    await asyncio.sleep(0.3)
    await knowledge.search(question + "?", "ru")  # the pause is over: this one starts the child again
    await wait_until(lambda: remote.ready)
    assert remote.pid != first and remote.starts == 2
    answered = remote.answered
    assert same(await knowledge.search(question, "ru"), expected)
    assert remote.answered == answered + 1


async def test_a_child_that_keeps_dying_is_restarted_ever_less_often(
        knowledge: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    remote = knowledge.remote
    assert remote is not None and remote.pid is not None
    monkeypatch.setattr(search_process, "STEADY", 1.0)
    remote._restart_delay = 0.1
    pauses = []
    for _ in range(3):  # dies as soon as it is ready: the pause before the next start doubles
        os.kill(remote.pid, signal.SIGKILL)  # type: ignore[arg-type]
        await wait_until(lambda: not remote.ready)
        pauses.append(remote._next_start - time.monotonic())
        await asyncio.sleep(max(0.0, remote._next_start - time.monotonic()))
        await knowledge.search("Сколько школ построили?", "ru")  # starts it again
        await wait_until(lambda: remote.ready)
    assert pauses[0] < 0.15 and 0.15 < pauses[1] < 0.25 and 0.3 < pauses[2] < 0.45
    await asyncio.sleep(1.1)  # this one works for a while: after it the pause starts small again
    os.kill(remote.pid, signal.SIGKILL)  # type: ignore[arg-type]
    await wait_until(lambda: not remote.ready)
    assert search_process.RESTART_FIRST - 0.5 < remote._next_start - time.monotonic() <= search_process.RESTART_FIRST


async def test_a_stuck_child_is_not_waited_for(knowledge: KnowledgeBase) -> None:
    remote = knowledge.remote
    assert remote is not None and remote.pid is not None
    remote.timeout = 0.3
    question = "Қанша мектеп салынды?"
    expected, _ = await knowledge.search_here(question, "kk")
    os.kill(remote.pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        result = await knowledge.search(question, "kk")
        assert time.monotonic() - started < 1.5
        assert same(result, expected) and remote.timeouts == 1
    finally:
        os.kill(remote.pid, signal.SIGCONT)


async def test_close_ends_the_child(knowledge: KnowledgeBase) -> None:
    remote = knowledge.remote
    assert remote is not None and remote.pid is not None
    pid = remote.pid
    await remote.close()
    assert not alive(pid)
    declined = remote.declined
    expected, _ = await knowledge.search_here("Сколько школ построили?", "ru")
    assert same(await knowledge.search("Сколько школ построили?", "ru"), expected)
    await asyncio.sleep(0.1)
    assert remote.declined == declined + 1 and remote.starts == 1 and remote.pid is None  # not started again


async def test_the_child_loads_no_aiogram(knowledge: KnowledgeBase) -> None:
    """Its memory: the search needs neither aiogram nor pydantic (about 40 MiB of the bot's resident memory)."""
    assert knowledge.remote is not None and knowledge.remote.pid is not None
    maps = mapped_files(knowledge.remote.pid)
    assert "_sqlite3" in maps  # what it does use is there
    assert "pydantic_core" not in maps


def test_auto_means_two_cpus_or_more(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    no_quota = tmp_path / "cpu.max"
    no_quota.write_text("max 100000\n")
    assert use_child("on", no_quota) and not use_child("off", no_quota)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert not use_child("auto", no_quota)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    assert use_child("auto", no_quota)
    assert use_child("auto", tmp_path / "no-cgroup-v2")
    quota = tmp_path / "quota"
    quota.write_text("150000 100000\n")  # docker run --cpus=1.5 on a 4-CPU host
    assert available_cpus(quota) == 1.5 and not use_child("auto", quota)
    quota.write_text("200000 100000\n")
    assert use_child("auto", quota)


@pytest.mark.parametrize("settings_overrides", [{"search_process": "on"}])
async def test_citizens_are_answered_through_the_child(bot: RunningBot, people: Callable[..., Person]) -> None:
    assert bot.runtime is not None
    remote = bot.runtime.knowledge.remote
    assert remote is not None
    await wait_until(lambda: remote.ready)
    reply = await people("ru").send("Сколько школ построили по проекту «Комфортная школа»?")
    assert "6 900" in (reply.last.text or "")
    reply = await people("kk").send("Ана тілі жобасы туралы айтыңызшы")
    assert reply.last.text
    assert remote.answered == 2


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL])
async def test_the_child_ends_with_the_bot(settings: Settings, tg: FakeTelegram, people: Callable[..., Person],
                                           stop: signal.Signals) -> None:
    process = BotProcess(settings, {"SEARCH_PROCESS": "on", "LOG_LEVEL": "INFO"})
    await process.start()
    try:
        assert process.proc is not None
        calls = tg.get_updates_calls
        await tg.wait_for(lambda: tg.get_updates_calls > calls, timeout=30)
        await wait_until(lambda: bool(children(process.proc.pid)))  # type: ignore[union-attr]
        child = children(process.proc.pid)[0]
        await asyncio.sleep(1.5)  # the child reads the cards (its "ready" is in the log below)
        citizen = people("ru")
        await step(tg, citizen, citizen.send("Сколько школ построили по проекту «Комфортная школа»?"), "6 900")
        process.proc.send_signal(stop)
        await asyncio.wait_for(process.proc.wait(), 20)
        await wait_until(lambda: not alive(child), timeout=10)
        if stop == signal.SIGTERM:
            assert process.proc.returncode == 0
            output = await process.output()
            assert "the search process is ready" in output and "Traceback" not in output
            assert "search process stopped" not in output  # it ended because the bot did, not on its own
    finally:
        await process.kill()
