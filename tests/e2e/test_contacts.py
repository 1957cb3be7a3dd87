"""«📍 Contacts» end to end (issue 10): the card with the shipped data (no contacts known: it says so and how to
reach the branch through the bot) and with contacts filled in a test data directory (shown where a citizen needs
them: the card, the "where is it" question, booking confirmations, reminders, declined consent)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.client import Person
from tests.conftest import ROOT, RunningBot
from tests.e2e.receptions_helpers import (
    CONFIRM,
    DECLINE,
    LEGAL,
    OVERRIDES,
    SCHEDULE,
    add_session,
    book_via_session_button,
    jobs,
    local,
)
from tests.fakeapi import FakeTelegram

CONTACTS = {"kk": "📍 Байланыс", "ru": "📍 Контакты"}
# Test-only contacts (never shipped: no source gives the branches' real ones).
ARAL = """contacts.street.kk = "Тестілік көшесі, 1"
contacts.street.ru = "ул. Тестовая, 1"
contacts.phone = "+7 724 330 00 00"
contacts.hours.kk = "Дс–Жм 09:00–18:00"
contacts.hours.ru = "Пн–Пт 09:00–18:00"
contacts.map = "https://example.org/aral"
"""


@pytest.fixture
def settings_overrides(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, Any]:
    if "filled" not in request.node.name:
        return dict(OVERRIDES)
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    venues = data / "venues.toml"
    text = venues.read_text(encoding="utf-8")
    start = text.index('id = "aral"')
    empty = text.index('contacts.street.kk = ""', start)
    end = text.index('contacts.map = ""', start) + len('contacts.map = ""\n')
    text = text[:empty] + ARAL + text[end:]
    regional = text.index('contacts.phone = ""', text.index('id = "regional"'))
    text = text[:regional] + 'contacts.phone = "8 724 200 00 00"' + text[regional + len('contacts.phone = ""'):]
    venues.write_text(text, encoding="utf-8")
    return {**OVERRIDES, "data_dir": data}


@pytest.mark.parametrize("lang", ["kk", "ru"])
async def test_card_without_contacts_says_how_to_reach_the_branch(
    bot: RunningBot, people: Callable[..., Person], lang: str
) -> None:
    reply = await people(lang).send(CONTACTS[lang])
    text = reply.last.text or ""
    assert {"kk": "әлі енгізілмеген", "ru": "пока не внесены"}[lang] in text
    assert {"kk": "Арал қаласы", "ru": "г. Аральск"}[lang] in text
    assert "☎️" not in text and "🏠" not in text  # nothing invented
    assert any(b.startswith("📝") for b in reply.last.buttons)


@pytest.mark.parametrize(("lang", "question"), [("kk", "филиалдың мекенжайы қайда, телефоны қандай?"),
                                                ("ru", "Где находится приемная, адрес?")])
async def test_address_questions_get_the_contacts_card(
    bot: RunningBot, people: Callable[..., Person], lang: str, question: str
) -> None:
    reply = await people(lang).send(question)
    text = reply.last.text or ""
    assert text.startswith("📍 <b>") and {"kk": "филиалдарымен байланыс", "ru": "Контакты филиалов"}[lang] in text


async def test_card_with_filled_contacts(bot: RunningBot, people: Callable[..., Person]) -> None:
    reply = await people("ru").send(CONTACTS["ru"])
    text = reply.last.text or ""
    assert "☎️ +7 724 330 00 00" in text and "🏠 г. Аральск, ул. Тестовая, 1" in text
    assert "🕘 Пн–Пт 09:00–18:00" in text and 'href="https://example.org/aral"' in text
    assert "Контакты остальных филиалов" in text and "пос. Шиели" in text
    reply = await people("kk").send("Филиалдың мекенжайы қайда?")
    assert "🏠 Арал қаласы, Тестілік көшесі, 1" in (reply.last.text or "")


async def test_booking_confirmation_reminder_and_declined_consent_show_filled_contacts(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    await add_session(bot, "aral", day=5)
    await add_session(bot, "shieli", day=5)
    ivan = people("ru", first_name="Иван")
    reply = await ivan.send(LEGAL["ru"])
    reply = await ivan.click(reply.last, SCHEDULE["ru"])
    screen = (await ivan.click(reply.last, "Аральский район")).last
    reply = await book_via_session_button(ivan, screen, "📝 Записаться", "ru")
    reply = await ivan.click(reply.last, CONFIRM["ru"])
    confirmation = reply.last.text or ""
    assert "☎️ +7 724 330 00 00" in confirmation and "🕘 Пн–Пт 09:00–18:00" in confirmation
    since = len(tg.sent)
    await jobs(bot).run_once(local(4, 19))
    reminders = [s.text or "" for s in tg.sent[since:] if s.chat_id == ivan.chat_id]
    assert reminders and "☎️ +7 724 330 00 00" in reminders[-1]

    aigul = people("kk")
    reply = await aigul.send(LEGAL["kk"])
    reply = await aigul.click(reply.last, SCHEDULE["kk"])
    reply = await aigul.click(reply.last, "Арал")
    reply = await aigul.click(reply.last, "📝 Жазылу")
    reply = await aigul.click(reply.last, DECLINE["kk"])
    assert "📍 «AMANAT» партиясы Арал аудандық филиалы, Арал қаласы" in reply.text
    assert "☎️ +7 724 330 00 00" in reply.text
    # a branch without contacts: its name and town only, nothing invented
    reply = await aigul.send(LEGAL["kk"])
    reply = await aigul.click(reply.last, SCHEDULE["kk"])
    reply = await aigul.click(reply.last, "Шиелі")
    reply = await aigul.click(reply.last, "📝 Жазылу")
    reply = await aigul.click(reply.last, DECLINE["kk"])
    assert "Шиелі кенті" in reply.text and "☎️" not in reply.text


async def test_not_found_answer_with_filled_contacts_says_where(bot: RunningBot, people: Callable[..., Person]) -> None:
    reply = await people("ru").send("Какого цвета небо над Луной?")
    text = reply.last.text or ""
    assert "не нашлось" in text
    assert "📍 Кызылординский областной филиал партии «AMANAT», г. Кызылорда\n☎️ 8 724 200 00 00" in text


async def test_not_found_answer_without_contacts_adds_nothing(bot: RunningBot, people: Callable[..., Person]) -> None:
    reply = await people("ru").send("Какого цвета небо над Луной?")
    text = reply.last.text or ""
    assert "не нашлось" in text and "📍" not in text and "☎️" not in text
