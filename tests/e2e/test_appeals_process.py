"""Nothing lost: `python -m bot` killed with SIGKILL in the middle of the appeal form (also while its privacy
notice waits for an answer), started again, the citizen continues where they were; an appeal whose receipt was
sent survives a SIGKILL too."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable

import pytest

from bot.config import Settings
from bot.db.database import Database
from tests.client import Person
from tests.conftest import STAFF_CHAT_ID
from tests.e2e.appeal_steps import TEXT, L, step
from tests.fakeapi import FakeTelegram
from tests.harness import BotProcess


@pytest.fixture
async def process(settings: Settings) -> AsyncIterator[BotProcess]:
    proc = BotProcess(settings)
    yield proc
    await proc.kill()


async def start(proc: BotProcess, tg: FakeTelegram) -> None:
    calls = tg.get_updates_calls
    await proc.start()
    await tg.wait_for(lambda: tg.get_updates_calls > calls, timeout=30)


async def test_sigkill_mid_form_then_continue_and_submit(
    process: BotProcess, tg: FakeTelegram, people: Callable[..., Person], settings: Settings
) -> None:
    alice = people("kk")
    await start(process, tg)
    menu = await step(tg, alice, alice.send(L["kk"]["reception"]), "қоғамдық қабылдау бөлмесі")
    shown = await step(tg, alice, alice.click(menu[-1], L["kk"]["write"]), "1-қадам")
    shown = await step(tg, alice, alice.click(shown[-1], L["kk"]["housing"]), "2-қадам")
    await step(tg, alice, alice.click(shown[-1], L["kk"]["aral"]), "3-қадам")
    await process.kill()  # SIGKILL: no shutdown code runs

    await start(process, tg)
    shown = await step(tg, alice, alice.send(TEXT["kk"]), "4-қадам")  # category and district were kept
    shown = await step(tg, alice, alice.click(shown[-1], L["kk"]["skip_files"]), "Дербес деректер")
    await process.kill()  # while the privacy notice waits for an answer

    await start(process, tg)
    await step(tg, alice, alice.click(shown[-1], L["kk"]["agree"]), "5-қадам")
    await step(tg, alice, alice.send("Айгүл Сейітова"), "6-қадам")
    await process.kill()

    await start(process, tg)
    shown = await step(tg, alice, alice.send("+7 701 234 56 78"), "7-қадам")
    review = await step(tg, alice, alice.click(shown[-1], L["kk"]["skip"]), "Өтінішіңізді тексеріңіз")
    assert "Арал ауданы" in (review[-1].text or "") and "Айгүл Сейітова" in (review[-1].text or "")
    receipt = await step(tg, alice, alice.click(review[-1], L["kk"]["submit"]), L["kk"]["received"])
    ticket = re.search(r"A-\d{4}-\d{5}", "".join(s.text or "" for s in receipt))
    assert ticket
    await tg.wait_for(lambda: any(ticket.group(0) in (s.text or "") for s in tg.sent_to(STAFF_CHAT_ID)), 30)
    await process.kill()  # right after the receipt

    await start(process, tg)
    mine = await step(tg, alice, alice.send("/myappeals"), "Сіздің өтініштеріңіз")
    assert any(ticket.group(0) in b for b in mine[-1].buttons)
    db = await Database.open(settings.database_path)
    try:
        rows = await db.fetchall("SELECT ticket, text, name FROM appeals")
    finally:
        await db.close()
    assert [tuple(r) for r in rows] == [(ticket.group(0), TEXT["kk"], "Айгүл Сейітова")]
