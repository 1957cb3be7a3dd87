"""Erasure that really erases: after /forget and after a retention pass, the erased name, phone and appeal text
are in none of the database's files (main file, -wal, -shm), not even in free pages or old WAL frames."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.services.privacy import PrivacyService
from tests.client import Person
from tests.e2e.appeal_steps import fill_until_review, submit
from tests.e2e.personal_data import raw_files_mentioning, tables_mentioning
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
