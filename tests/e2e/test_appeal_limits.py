"""Issue 11, Telegram's limits on the appeal path: what the bot composes around a citizen's or a staff member's
words always fits (the fake refuses a text over 4,096 characters after entity parsing, as Telegram does), and
staff are told the true reason when Telegram refuses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.client import Person
from tests.conftest import ADMIN_ID, STAFF_CHAT_ID
from tests.e2e.appeal_steps import card_of, file_appeal, fill_until_review, replying_to, submit
from tests.fakeapi import FakeTelegram, Sent
from tests.harness import RunningBot


def seen(sent: Sent) -> str:
    """The text as the reader sees it (and as Telegram counts it against its limits)."""
    assert sent.parsed is not None
    return sent.parsed.text



@pytest.fixture
def staff(tg: FakeTelegram) -> Person:
    return Person(tg, ADMIN_ID, "Админ", "ru", chat_id=STAFF_CHAT_ID)


async def test_a_long_unanswered_question_is_quoted_cut_and_used_whole(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    ivan = people("ru")
    question = ("Когда в нашем селе отремонтируют дорогу до школы и поставят фонари вдоль трассы? " * 60)[:4000]
    reply = await ivan.send(question)
    reply = await ivan.click(reply.last, "Написать в общественную приёмную")
    reply = await ivan.click(reply.last, "Дороги")
    reply = await ivan.click(reply.last, "Аральский район")
    prompt = reply.last  # step 3: delivered (the fake refuses what Telegram refuses), the quote cut with «…»
    assert seen(prompt).startswith("Шаг 3") and seen(prompt).endswith("…") and len(seen(prompt)) <= 4096
    reply = await ivan.click(prompt, "Использовать этот текст")
    assert "Шаг 4" in reply.text
    reply = await ivan.click(reply.last, "без файлов")
    reply = await ivan.click(reply.last, "Даю согласие")
    reply = await ivan.send("Иван Петров")
    reply = await ivan.send("87012345678")
    reply = await ivan.click(reply.last, "Пропустить")
    await ivan.click(reply.last, "Отправить")
    assert bot.runtime is not None
    (row,) = await bot.runtime.db.fetchall("SELECT text FROM appeals")
    assert row[0] == question.strip()  # the whole question, not the quote


async def test_a_long_staff_answer_reaches_the_citizen_in_parts(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, staff: Person
) -> None:
    ivan = people("ru")
    await file_appeal(ivan, "ru")
    card = card_of(tg, STAFF_CHAT_ID, "A-2025-00001")
    prompt = (await staff.click(card, "Жауап беру")).last
    answer = ("Уважаемый Иван! Сообщаем, что ваш вопрос рассмотрен & <направлен> в акимат района. " * 60)[:4096]
    reply = await staff.send(answer, reply_to_message=replying_to(prompt))
    assert "Отправлено гражданину" in reply.text
    sent = tg.sent_to(ivan.chat_id)
    first = next(i for i, s in enumerate(sent) if seen(s).startswith("💬"))
    parts = sent[first:]
    assert len(parts) == 2 and all(len(seen(p)) <= 4096 for p in parts)
    assert seen(parts[0]).startswith("💬 Ответ на ваше обращение A-2025-00001")
    assert parts[-1].buttons and not parts[0].buttons  # the buttons under the last part
    assert "& <направлен>" in "".join(seen(p) for p in parts)


async def test_a_long_addition_reaches_the_staff_chat_in_parts(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    ivan = people("ru")
    await file_appeal(ivan, "ru")
    reply = await ivan.send("/myappeals")
    reply = await ivan.click(reply.last, "A-2025-00001")
    reply = await ivan.click(reply.last, "Добавить сообщение")
    addition = ("Добавляю подробности: номер лицевого счёта и адрес. " * 80)[:4000]
    reply = await ivan.send(addition)
    assert "A-2025-00001" in reply.text
    posted = [s for s in tg.sent_to(STAFF_CHAT_ID) if "лицевого" in seen(s)]
    assert posted and all(len(seen(p)) <= 4096 for p in posted)
    assert addition.strip() in "".join(seen(p) for p in posted).replace("\n", " ")


async def test_staff_are_told_the_true_reason_a_delivery_failed(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, staff: Person
) -> None:
    ivan = people("ru")
    await file_appeal(ivan, "ru")
    card = card_of(tg, STAFF_CHAT_ID, "A-2025-00001")
    tg.blocked_chats.add(ivan.chat_id)
    reply = await staff.send("Ответ", reply_to_message=replying_to(card))
    assert "заблокировал бота" in reply.text
    tg.blocked_chats.discard(ivan.chat_id)

    def refuse(params: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        if str(params.get("chat_id")) != str(ivan.chat_id):
            return None
        return 400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}

    tg.interceptors["sendMessage"] = refuse
    reply = await staff.send("Ответ ещё раз", reply_to_message=replying_to(card))
    assert "Telegram отказался" in reply.text and "chat not found" in reply.text
    assert "заблокировал" not in reply.text


@pytest.mark.parametrize("lang", ["kk", "ru"])
async def test_the_longest_appeal_every_step_accepts_goes_through_within_the_limits(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, staff: Person, lang: str
) -> None:
    """The longest text, name and address the form accepts, with characters HTML must escape: every screen of
    the form, the review, the receipt, the staff card and the citizen's view are delivered (the fake refuses a
    text over Telegram's limit) and none exceeds it."""
    person = people(lang)
    text = ("Су & жарық <жоқ> " * 300)[:4000]
    name = ("Айгүл-Сейітова " * 10)[:100]
    address = ("Арал қ., Абай к-сі 1 & <2> " * 20)[:300]
    review = await fill_until_review(person, lang, text=text, name=name, address=address)
    assert len(seen(review.last)) <= 4096
    await submit(person, review.last, lang)
    for sent in [*tg.sent_to(person.chat_id), *tg.sent_to(STAFF_CHAT_ID)]:
        assert len(seen(sent)) <= 4096, seen(sent)[:80]
    joined = "".join(seen(s) for s in tg.sent_to(STAFF_CHAT_ID))
    assert text.replace(" ", "")[:3000] in joined.replace(" ", "").replace("\n", "")  # the whole text reaches staff
    reply = await person.send("/myappeals")
    reply = await person.click(reply.last, "A-2025-00001")
    assert len(seen(reply.last)) <= 4096

