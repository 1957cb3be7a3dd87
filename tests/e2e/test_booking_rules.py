"""Booking rules as a citizen meets them: no overlapping bookings in distant towns, a full district offers its
waitlist, a confirmation promises only the reminders that will come."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bot.services.receptions import ReceptionError
from tests.client import Person, Reply
from tests.e2e.receptions_helpers import (
    BOOK,
    CONFIRM,
    LEGAL,
    OVERRIDES,
    add_session,
    fill_form,
    newest,
    service,
)
from tests.harness import RunningBot


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return OVERRIDES


async def book_directly(bot: RunningBot, person: Person, session_id: int) -> None:
    await service(bot).book(user_id=person.id, session_id=session_id, slot=None, name="Ерлан Ахметов",
                            phone="+77012345678", question=None, language="ru", now=bot.clock.now())


async def to_district(person: Person, district: str) -> Reply:
    reply = await person.send(LEGAL["ru"])
    reply = await person.click(reply.last, BOOK["ru"])
    return await person.click(reply.last, district)


async def test_an_overlapping_or_too_close_booking_in_another_town_is_refused_politely(
    bot: RunningBot, people: Callable[..., Person]
) -> None:
    aral = await add_session(bot, "aral", day=5, start=10, end=12)
    shieli_overlap = await add_session(bot, "shieli", day=5, start=11, end=13)
    shieli_close = await add_session(bot, "shieli", day=5, start=13, end=14)  # an hour after Aral ends
    shieli_later = await add_session(bot, "shieli", day=5, start=15, end=16)
    citizen = people("ru")
    await book_directly(bot, citizen, aral.id)

    for session in (shieli_overlap, shieli_close):
        with pytest.raises(ReceptionError) as refused:
            await book_directly(bot, citizen, session.id)
        assert refused.value.code == "clash"
    reply = await to_district(citizen, "Шиелийский")
    reply = await citizen.click(reply.last, "5 марта")
    reply = await citizen.click(reply.last, "11:00")
    assert reply.answer is not None
    assert "в другом населённом пункте" in reply.answer["text"] and "10:00" in reply.answer["text"]
    await book_directly(bot, citizen, shieli_later.id)  # with time to travel: fine
    assert len(await service(bot).my_bookings(citizen.id, bot.clock.now())) == 2


async def test_a_full_district_stays_in_the_booking_list_with_its_waitlist(
    bot: RunningBot, people: Callable[..., Person]
) -> None:
    full = await add_session(bot, "kazaly", day=5, places=1)
    await add_session(bot, "aral", day=5)
    await book_directly(bot, people("ru"), full.id)
    citizen = people("ru")
    reply = await citizen.send(LEGAL["ru"])
    reply = await citizen.click(reply.last, BOOK["ru"])
    assert any("Казалинский район: только лист ожидания" in b for b in reply.last.buttons)
    reply = await citizen.click(reply.last, "Казалинский")
    assert any("Лист ожидания" in b for b in reply.last.buttons)


@pytest.mark.parametrize(("start", "evening", "two_hours"), [(15, False, True), (10.5, False, False)])
async def test_a_same_day_confirmation_promises_only_reminders_that_will_be_sent(
    bot: RunningBot, people: Callable[..., Person], start: float, evening: bool, two_hours: bool
) -> None:
    # the test clock: Monday 3 March, 09:00 in Kyzylorda; the evening before has passed
    await add_session(bot, "aral", day=3, start=int(start), end=17)
    if start != int(start):
        assert bot.runtime is not None
        await bot.runtime.db.execute("UPDATE rc_sessions SET starts_at = '2025-03-03T05:30:00Z'")
    citizen = people("ru", first_name="Ерлан")
    reply = await to_district(citizen, "Аральский")
    if len(reply.last.buttons) > 1 and "3 марта" in " ".join(reply.last.buttons):
        reply = await citizen.click(reply.last, "3 марта")
    reply = await fill_form(citizen, reply, "ru")
    reply = await citizen.click(newest(reply), CONFIRM["ru"])
    assert "Вы записаны" in reply.text
    assert ("накануне вечером" in reply.text) is evening
    assert ("за два часа" in reply.text) is two_hours
    assert "/mybookings" in reply.text
