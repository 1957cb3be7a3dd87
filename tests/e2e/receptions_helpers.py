"""Shared steps of the legal-help reception end-to-end tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram import Dispatcher

from bot.clock import LOCAL_TZ
from bot.services.reception_input import SessionDraft
from bot.services.receptions import ReceptionService, Session
from bot.services.reminders import ReceptionJobs
from tests.client import Person, Reply
from tests.conftest import ADMIN_ID
from tests.fakeapi import FakeTelegram, Sent
from tests.harness import RunningBot

# The main-menu button and the legal-help menu, as people see them.
LEGAL = {"kk": "⚖️ Тегін заң көмегі", "ru": "⚖️ Бесплатная правовая помощь"}
SCHEDULE = {"kk": "🗓 Қабылдау кестесі", "ru": "🗓 Расписание"}
BOOK = {"kk": "📝 Кеңеске жазылу", "ru": "📝 Записаться на консультацию"}
NOTICE = {"kk": "Дербес деректер", "ru": "Персональные данные"}  # the privacy notice (the same as /privacy)
AGREE = {"kk": "✅ Келісемін", "ru": "✅ Даю согласие"}
DECLINE = {"kk": "❌ Келіспеймін", "ru": "❌ Отказаться"}
SKIP = {"kk": "⏭ Өткізіп жіберу", "ru": "⏭ Пропустить"}
CONFIRM = {"kk": "✅ Жазылуды растау", "ru": "✅ Подтвердить запись"}
BOOKED = {"kk": "Сіз жазылдыңыз!", "ru": "Вы записаны!"}
FULL = {"kk": "барлық орны жаңа ғана толып қалды", "ru": "все места на этот приём только что заняли"}
JOIN_WAITLIST = {"kk": "🕒 Күту тізіміне жазылу", "ru": "🕒 Встать в лист ожидания"}

# Settings for reception tests: the background loop stays out of the way (tests call run_once themselves).
OVERRIDES: dict[str, Any] = {"reception_job_interval_seconds": 3600}


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in March 2025, Kyzylorda time (the test clock starts on Monday 3 March, 09:00)."""
    return datetime(2025, 3, day, hour, minute, tzinfo=LOCAL_TZ)


def dp(bot: RunningBot) -> Dispatcher:
    assert bot.runtime is not None
    return bot.runtime.dp


def service(bot: RunningBot) -> ReceptionService:
    found: ReceptionService = dp(bot)["receptions"]
    return found


def jobs(bot: RunningBot) -> ReceptionJobs:
    found: ReceptionJobs = dp(bot)["reception_jobs"]
    return found


async def add_session(
    bot: RunningBot, venue: str = "aral", day: int = 5, start: int = 10, end: int = 13, places: int | None = 3,
    slot_minutes: int | None = None, topic: str = "housing", specialist: str | None = None,
) -> Session:
    draft = SessionDraft(venue, local(day, start), local(day, end), topic,
                         places=None if slot_minutes else places, slot_minutes=slot_minutes, specialist=specialist)
    return await service(bot).create_session(ADMIN_ID, draft, bot.clock.now())


def newest(reply: Reply) -> Sent:
    """The last message the bot sent (a screen edited meanwhile, such as buttons removed, does not count)."""
    return reply.messages[-1] if reply.messages else reply.last


def text_of(reply: Reply) -> str:
    return "\n---\n".join((m.text or "") for m in [*reply.messages, *reply.edited])


async def book_via_session_button(person: Person, screen: Sent, label: str, lang: str,
                                  phone: str = "+77012345678", question: str | None = None) -> Reply:
    """From a screen with a "book" button for a session: the whole form up to the summary (not confirmed)."""
    reply = await person.click(screen, label)
    return await fill_form(person, reply, lang, phone, question)


async def fill_form(person: Person, reply: Reply, lang: str, phone: str = "+77012345678",
                    question: str | None = None) -> Reply:
    if AGREE[lang] in newest(reply).buttons:
        reply = await person.click(newest(reply), AGREE[lang])
    reply = await person.send(person.first_name)
    reply = await person.share_contact(phone)
    reply = await (person.send(question) if question else person.send(SKIP[lang]))
    assert CONFIRM[lang] in newest(reply).buttons or JOIN_WAITLIST[lang] in newest(reply).buttons, text_of(reply)
    return reply


def sent_to(tg: FakeTelegram, person: Person, since: int = 0) -> list[str]:
    return [s.text or "" for s in tg.sent[since:] if s.chat_id == person.chat_id]
