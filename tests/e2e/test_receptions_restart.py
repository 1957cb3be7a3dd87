"""Receptions survive restarts: reminders are sent exactly once around a restart (controllable clock), and a
booking, its reminders and another citizen's half-filled form survive SIGKILL of a real `python -m bot`."""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from datetime import datetime, time, timedelta
from typing import Any

import pytest

from bot.clock import LOCAL_TZ, Clock
from bot.config import Settings
from bot.db.database import Database
from bot.services.reception_input import SessionDraft
from bot.services.receptions import ReceptionService
from bot.services.roles import RoleService
from tests.client import Person
from tests.conftest import ADMIN_ID, RunningBot
from tests.e2e.receptions_helpers import (
    BOOKED,
    CONFIRM,
    LEGAL,
    OVERRIDES,
    SCHEDULE,
    add_session,
    book_via_session_button,
    jobs,
    local,
    newest,
)
from tests.fakeapi import FakeTelegram, Sent
from tests.harness import BotProcess

EVENING = {"kk": "Еске салу: ертең сізде тегін заң кеңесі бар", "ru": "Напоминание: завтра у вас бесплатная"}
TWO_HOURS = {"kk": "Екі сағаттан кейін", "ru": "Через два часа"}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return dict(OVERRIDES)


def count(tg: FakeTelegram, person: Person, fragment: str) -> int:
    return sum(fragment in (s.text or "") for s in tg.sent_to(person.chat_id))


async def test_reminders_are_sent_once_around_restarts(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    await add_session(bot, "aral", day=5, places=3)
    alice, ivan = people("kk", first_name="Айгүл"), people("ru", first_name="Иван")
    for person in (alice, ivan):
        lang = person.language_code or "kk"
        reply = await person.send(LEGAL[lang])
        reply = await person.click(reply.last, SCHEDULE[lang])
        reply = await person.click(reply.last, "Арал" if lang == "kk" else "Аральский")
        reply = await book_via_session_button(person, reply.last, "📝", lang)
        reply = await person.click(newest(reply), CONFIRM[lang])
        assert BOOKED[lang] in reply.text
    await jobs(bot).run_once()
    assert count(tg, alice, EVENING["kk"]) == 0  # not yet due

    # 18:00 the evening before; the bot restarts right then: the pass on startup sends, later passes do not.
    bot.clock.set(local(4, 18))
    await bot.restart()
    await tg.wait_for(lambda: count(tg, alice, EVENING["kk"]) == 1 and count(tg, ivan, EVENING["ru"]) == 1)
    await jobs(bot).run_once()
    await bot.restart()
    bot.clock.set(local(4, 18, 5))
    await jobs(bot).run_once()
    assert count(tg, alice, EVENING["kk"]) == 1 and count(tg, ivan, EVENING["ru"]) == 1
    evening = next(s.text or "" for s in tg.sent_to(ivan.chat_id) if EVENING["ru"] in (s.text or ""))
    assert "5 марта, среда, 10:00–13:00" in evening and "Код записи" in evening

    # Two hours before: sent once, in each citizen's language, also across a restart just after.
    bot.clock.set(local(5, 8))
    await jobs(bot).run_once()
    await bot.restart()
    await jobs(bot).run_once()
    await bot.stop()  # waits for the startup pass to finish
    assert count(tg, alice, TWO_HOURS["kk"]) == 1 and count(tg, ivan, TWO_HOURS["ru"]) == 1
    assert count(tg, alice, EVENING["kk"]) == 1 and count(tg, ivan, EVENING["ru"]) == 1
    await bot.start()


# -- SIGKILL of a real process ----------------------------------------------------------------------------


class Chat:
    """One person's chat with a bot in another process: act, then wait until the expected text appears."""

    def __init__(self, tg: FakeTelegram, person: Person) -> None:
        self.tg = tg
        self.person = person

    def screens(self) -> list[Sent]:
        return self.tg.sent_to(self.person.chat_id)

    async def act(self, action: Callable[[], Awaitable[object]], expect: str, timeout: float = 30) -> Sent:
        before = {id(s): (s.edits, s.text) for s in self.screens()}

        def found() -> Sent | None:
            for screen in reversed(self.screens()):
                changed = id(screen) not in before or before[id(screen)] != (screen.edits, screen.text)
                if changed and expect in (screen.text or ""):
                    return screen
            return None

        await action()
        await self.tg.wait_for(lambda: found() is not None, timeout)
        screen = found()
        assert screen is not None
        return screen

    def last_with(self, label: str) -> Sent:
        return next(s for s in reversed(self.screens()) if any(label in b for b in s.buttons))


async def seed(settings: Settings) -> int:
    """A session three days from now (real time: the child process runs on the real clock)."""
    db = await Database.open(settings.database_path)
    try:
        svc = ReceptionService(db, RoleService(db, settings.admin_ids), Clock())
        await svc.load_places(settings.data_dir)
        day = (datetime.now(LOCAL_TZ) + timedelta(days=3)).date()
        draft = SessionDraft("shieli", datetime.combine(day, time(10), tzinfo=LOCAL_TZ),
                             datetime.combine(day, time(13), tzinfo=LOCAL_TZ), "labour", places=5)
        session = await svc.create_session(ADMIN_ID, draft, Clock().now())
        return session.id
    finally:
        await db.close()


async def started(tg: FakeTelegram, process: BotProcess) -> None:
    calls = tg.get_updates_calls
    await process.start()
    await tg.wait_for(lambda: tg.get_updates_calls > calls, timeout=60)


async def test_sigkill_keeps_the_booking_its_reminders_and_a_half_filled_form(
    settings: Settings, tg: FakeTelegram, people: Callable[..., Person]
) -> None:
    await seed(settings)
    env = {"FLOOD_MESSAGES": "1000"}  # the test types faster than people
    process = BotProcess(settings, env)
    await started(tg, process)
    alice, ivan = people("kk", first_name="Айгүл"), people("ru", first_name="Иван")
    a, i = Chat(tg, alice), Chat(tg, ivan)
    try:
        # Alice books.
        menu = await a.act(lambda: alice.send(LEGAL["kk"]), "Құқықтық көмек")
        screen = await a.act(lambda: alice.click(menu, SCHEDULE["kk"]), "Аудан")
        screen = await a.act(lambda: alice.click(screen, "Шиелі"), "алдағы қабылдаулар")
        screen = await a.act(lambda: alice.click(screen, "📝 Жазылу"), "Дербес деректер")
        await a.act(lambda: alice.click(screen, "✅ Келісемін"), "Аты-жөніңізді")
        await a.act(lambda: alice.send("Айгүл Серікова"), "Телефон нөміріңіз")
        await a.act(lambda: alice.share_contact("+77012345678"), "қысқаша жазыңыз")
        summary = await a.act(lambda: alice.send("⏭ Өткізіп жіберу"), "Жазылуыңызды тексеріңіз")
        done = await a.act(lambda: alice.click(summary, CONFIRM["kk"]), BOOKED["kk"])
        # Ivan is half-way through his form: at the phone step.
        menu = await i.act(lambda: ivan.send(LEGAL["ru"]), "Правовая помощь")
        screen = await i.act(lambda: ivan.click(menu, SCHEDULE["ru"]), "район")
        screen = await i.act(lambda: ivan.click(screen, "Шиелийский"), "ближайшие приёмы")
        screen = await i.act(lambda: ivan.click(screen, "📝 Записаться"), "персональные данные")
        await i.act(lambda: ivan.click(screen, "✅ Даю согласие"), "Как вас записать")
        await i.act(lambda: ivan.send("Иван Петров"), "Ваш номер телефона")
    finally:
        await process.kill()  # SIGKILL: no shutdown code runs

    with sqlite3.connect(settings.database_path) as conn:
        booking = conn.execute("SELECT id, code, user_id, status FROM rc_bookings").fetchall()
        assert len(booking) == 1 and booking[0][2] == alice.id and booking[0][3] == "booked"
        assert booking[0][1] in (done.text or "")
        reminders = conn.execute("SELECT kind FROM rc_outbox WHERE booking_id = ? AND outcome IS NULL ORDER BY due_at",
                                 (booking[0][0],)).fetchall()
        assert [r[0] for r in reminders] == ["remind_evening", "remind_2h"]
        state = conn.execute("SELECT state, data FROM fsm_state WHERE key LIKE ?", (f"%:{ivan.id}:%",)).fetchone()
        assert state[0] == "BookingForm:phone" and "Иван Петров" in state[1]

    process = BotProcess(settings, env)
    await started(tg, process)
    try:
        # Ivan goes on where he stopped.
        await i.act(lambda: ivan.share_contact("87017654321"), "Кратко опишите")
        summary = await i.act(lambda: ivan.send("⏭ Пропустить"), "Проверьте, пожалуйста, вашу запись")
        assert "Иван Петров" in (summary.text or "") and "+77017654321" in (summary.text or "")
        await i.act(lambda: ivan.click(summary, CONFIRM["ru"]), BOOKED["ru"])
        mine = await a.act(lambda: alice.send("/mybookings"), "Жазылуларыңыз")
        assert booking[0][1] in (mine.text or "")
    finally:
        assert await process.terminate() == 0
    with sqlite3.connect(settings.database_path) as conn:
        assert conn.execute("SELECT count(*) FROM rc_bookings WHERE status = 'booked'").fetchone()[0] == 2
        assert conn.execute("SELECT count(*) FROM rc_outbox WHERE outcome IS NULL").fetchone()[0] == 4
