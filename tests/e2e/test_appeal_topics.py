"""APPEAL_TOPICS=appeal (issue 15): one forum topic per appeal; the card, the citizen's additions and the staff's
answers live in it; it is closed when the appeal is closed and reopened with it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.client import Person
from tests.conftest import ADMIN_ID, STAFF_CHAT_ID
from tests.e2e.appeal_steps import file_appeal
from tests.fakeapi import BOT_USER, FakeTelegram, Sent
from tests.harness import RunningBot

FORUM = -100_556


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"district_forum_chat_id": FORUM, "appeal_topics": "appeal"}


def replying_to(sent: Sent) -> dict[str, Any]:
    return {"message_id": sent.message_id, "date": int(time.time()), "from": BOT_USER, "text": sent.text or "",
            "chat": {"id": sent.chat_id, "type": "supergroup", "title": "Forum", "is_forum": True},
            "message_thread_id": sent.thread_id, "is_topic_message": True}


async def test_each_appeal_has_its_own_topic_closed_with_the_appeal(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    tg.forums.add(FORUM)
    ivan, alice = people("ru"), people("kk")
    await file_appeal(ivan, "ru", district="aral")
    await file_appeal(alice, "kk", district="aral")
    first = tg.topic_named(FORUM, "A-2025-00001")
    second = tg.topic_named(FORUM, "A-2025-00002")
    assert "Арал ауданы" in first["name"] and first["message_thread_id"] != second["message_thread_id"]
    card = next(s for s in tg.sent_to_topic(FORUM, first["message_thread_id"]) if s.is_inline)
    assert "A-2025-00001" in (card.text or "")
    assert [s for s in tg.sent_to(STAFF_CHAT_ID) if s.text and s.text.startswith("📌")]  # the overview lines

    # a staff answer by replying to the card in the topic closes the appeal: the topic is closed
    staff = Person(tg, ADMIN_ID, "Админ", "ru", chat_id=FORUM)
    await staff.send("Вопрос решён, спасибо.", reply_to_message=replying_to(card),
                     message_thread_id=card.thread_id, is_topic_message=True)
    assert "Ответ на ваше обращение A-2025-00001" in (tg.sent_to(ivan.chat_id)[-1].text or "")
    await tg.wait_for(lambda: tg.topics[(FORUM, first["message_thread_id"])]["closed"])
    assert not tg.topics[(FORUM, second["message_thread_id"])]["closed"]

    # the citizen writes back: the appeal is open again, so is its topic; the addition is in the topic
    answer = next(s for s in reversed(tg.sent_to(ivan.chat_id)) if "Ответ на ваше обращение" in (s.text or ""))
    await ivan.send("Нет, крыша снова течёт.", reply_to_message={
        "message_id": answer.message_id, "date": int(time.time()), "from": BOT_USER, "text": answer.text or "",
        "chat": {"id": ivan.chat_id, "type": "private", "first_name": ivan.first_name}})
    posted = [s for s in tg.sent_to_topic(FORUM, first["message_thread_id"]) if "крыша снова" in (s.text or "")]
    assert posted
    await tg.wait_for(lambda: not tg.topics[(FORUM, first["message_thread_id"])]["closed"])
