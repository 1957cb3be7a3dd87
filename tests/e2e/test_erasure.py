"""Erasure that really erases: after /forget and after a retention pass, the erased name, phone and appeal text
are in none of the database's files (main file, -wal, -shm), not even in free pages or old WAL frames."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.services.privacy import PrivacyService
from tests.client import Person
from tests.e2e.appeal_steps import file_appeal, fill_until_review, submit
from tests.e2e.personal_data import raw_files_mentioning, tables_mentioning
from tests.e2e.receptions_helpers import add_session, service
from tests.harness import RunningBot

NAME = "Зейнеп Өшірілетінқызы"
PHONE = "8 (702) 431-77-19"
STORED_PHONE = "+77024317719"
TEXT = "Біздің Жаңақорған көшесінде түнгі жарық үш аптадан бері жанбайды, балалар мектепке қараңғыда барады."
FORM_NAME = "Мәдина Тастапкетқызы"
FORM_TEXT = "Аяқталмаған өтініш: ауылдың кітапханасына жаңа кітаптар керек, оқырмандар көп, қор ескі."


def privacy(bot: RunningBot) -> PrivacyService:
    assert bot.runtime is not None
    return bot.runtime.dp["privacy"]  # type: ignore[no-any-return]


async def test_forget_leaves_nothing_in_the_database_files(
    bot: RunningBot, people: Callable[..., Person]
) -> None:
    citizen = people("kk", first_name="Зейнеп")
    review = await fill_until_review(citizen, "kk", text=TEXT, name=NAME, phone=PHONE)
    await submit(citizen, review.last, "kk")
    secrets = (NAME, STORED_PHONE, TEXT)
    assert len(raw_files_mentioning(bot, *secrets)) >= 3  # the scan sees them before

    reply = await citizen.send("/forget")
    await citizen.click(reply.last, "🗑")
    assert await tables_mentioning(bot, *secrets) == []
    assert raw_files_mentioning(bot, *secrets) == []


async def test_retention_leaves_nothing_in_the_database_files(
    bot: RunningBot, people: Callable[..., Person]
) -> None:
    citizen = people("kk", first_name="Мәдина")
    await fill_until_review(citizen, "kk", text=FORM_TEXT, name=FORM_NAME, phone="87059998811")  # then abandoned
    secrets = (FORM_NAME, "+77059998811", FORM_TEXT)
    assert raw_files_mentioning(bot, *secrets)

    counts = await privacy(bot).anonymise_before(datetime.now(UTC) + timedelta(days=1))  # forms: real time
    assert any(counts.values())
    assert await tables_mentioning(bot, *secrets) == []
    assert raw_files_mentioning(bot, *secrets) == []


async def test_forget_confirmation_says_what_happens_to_bookings_and_open_appeals(
    bot: RunningBot, people: Callable[..., Person]
) -> None:
    citizen = people("ru", first_name="Ерлан")
    reply = await citizen.send("/forget")
    assert "Что ещё произойдёт" not in reply.text  # nothing going on: nothing more to say

    await file_appeal(citizen, "ru")
    for day in (5, 6):
        session = await add_session(bot, "aral", day=day)
        await service(bot).book(user_id=citizen.id, session_id=session.id, slot=None, name="Ерлан Ахметов",
                                phone="+77012345678", question=None, language="ru", now=bot.clock.now())
    reply = await citizen.send("/forget")
    assert "Что ещё произойдёт" in reply.text
    assert "Ваши 2 предстоящие записи на юридическую консультацию будут отменены" in reply.text
    assert "На ваше 1 открытое обращение больше не ответят в боте" in reply.text
    reply = await citizen.click(reply.last, "🗑")
    assert "данные удалены" in reply.text
    assert await service(bot).erasure_preview(citizen.id) == (0, 0)
