"""District routing end to end (issue 15): with DISTRICT_FORUM_CHAT_ID, each district's appeals land in their own
forum topic (created by the bot on first use), the regional staff chat keeps one overview line per appeal with its
status, staff work the card inside the topic; a forum where the bot may not manage topics falls back to the
single staff chat."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.client import Person
from tests.conftest import ADMIN_ID, STAFF_CHAT_ID
from tests.e2e.appeal_steps import L, card_of, file_appeal
from tests.fakeapi import BOT_USER, FakeTelegram, Sent
from tests.harness import RunningBot

FORUM = -100_555


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"district_forum_chat_id": FORUM}


@pytest.fixture(autouse=True)
def _labels() -> None:
    L["kk"].setdefault("kazaly", "Қазалы ауданы")
    L["ru"].setdefault("kazaly", "Казалинский район")


def replying_to(sent: Sent) -> dict[str, Any]:
    return {"message_id": sent.message_id, "date": int(time.time()), "from": BOT_USER, "text": sent.text or "",
            "chat": {"id": sent.chat_id, "type": "supergroup", "title": "Forum", "is_forum": True},
            "message_thread_id": sent.thread_id, "is_topic_message": True}


async def test_three_districts_land_in_three_topics_with_an_overview_in_the_staff_chat(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    tg.forums.add(FORUM)
    alice, ivan, dana, erlan = people("kk"), people("ru"), people("kk"), people("ru")
    await file_appeal(alice, "kk", district="aral")
    await file_appeal(ivan, "ru", district="shieli")
    await file_appeal(dana, "kk", district="kazaly")
    await file_appeal(erlan, "ru", district="aral")  # the Aral topic exists: no second one

    assert len(tg.calls_of("createForumTopic")) == 3
    topics = {name: tg.topic_named(FORUM, name)["message_thread_id"]
              for name in ("Арал ауданы", "Шиелі ауданы", "Қазалы ауданы")}  # named in STAFF_LANGUAGE (kk)
    cards = {t: [s for s in tg.sent_to_topic(FORUM, t) if s.is_inline] for t in topics.values()}
    assert [len(cards[topics[n]]) for n in ("Арал ауданы", "Шиелі ауданы", "Қазалы ауданы")] == [2, 1, 1]
    assert "A-2025-00001" in (cards[topics["Арал ауданы"]][0].text or "")
    assert "A-2025-00004" in (cards[topics["Арал ауданы"]][1].text or "")
    assert "A-2025-00002" in (cards[topics["Шиелі ауданы"]][0].text or "")
    assert tg.sent_to_topic(FORUM, None) == []  # nothing in the General topic

    # the regional chat: one line per appeal, no card, no personal data
    overview = [s for s in tg.sent_to(STAFF_CHAT_ID) if s.text and "A-2025-" in s.text]
    assert len(overview) == 4 and not any(s.is_inline for s in overview)
    assert "Арал ауданы" in (overview[0].text or "") and "Айгүл" not in (overview[0].text or "")

    # staff take the appeal inside the topic: the card and the overview line follow; prompts stay in the topic
    staff = Person(tg, ADMIN_ID, "Админ", "ru", chat_id=FORUM)
    card = cards[topics["Шиелі ауданы"]][0]
    await staff.click(card, "Өзіме алу")
    assert "Админ" in (tg.messages[(FORUM, card.message_id)].text or "")
    line = tg.messages[(STAFF_CHAT_ID, overview[1].message_id)]
    assert line.edits == 1 and "Жұмыс барысында" in (line.text or "")
    reply = await staff.click(card, "Жауап беру")
    prompt = reply.last
    assert prompt.thread_id == topics["Шиелі ауданы"]
    reply = await staff.send("Здравствуйте! Вопрос решён.", reply_to_message=replying_to(prompt),
                             message_thread_id=prompt.thread_id, is_topic_message=True)
    assert "Ответ на ваше обращение A-2025-00002" in (tg.sent_to(ivan.chat_id)[-1].text or "")

    # the citizen's addition goes under the card, in the topic
    reply = await ivan.send("/myappeals")
    reply = await ivan.click(reply.last, "A-2025-00002")
    reply = await ivan.click(reply.last, "Добавить сообщение")
    await ivan.send("Спасибо!")
    posted = tg.sent_to(FORUM)[-1]
    assert posted.thread_id == topics["Шиелі ауданы"] and "Спасибо" in (posted.text or "")
    assert posted.params["reply_parameters"]["message_id"] == card.message_id


async def test_without_the_right_to_manage_topics_the_staff_chat_gets_the_card(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    tg.forums.add(FORUM)
    tg.no_topic_rights.add(FORUM)
    await file_appeal(people("kk"), "kk", district="aral")
    card = card_of(tg, STAFF_CHAT_ID, "A-2025-00001")
    assert card.thread_id is None and tg.sent_to(FORUM) == []
    assert not [s for s in tg.sent_to(STAFF_CHAT_ID) if s.text and s.text.startswith("📌")]
