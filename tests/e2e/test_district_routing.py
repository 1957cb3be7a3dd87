"""District routing end to end (issue 15): with DISTRICT_FORUM_CHAT_ID, each district's appeals land in their own
forum topic (created by the bot on first use), the regional staff chat keeps one overview line per appeal with its
status, staff work the card inside the topic; a forum where the bot may not manage topics falls back to the
single staff chat."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.handlers.appeals.callbacks import RouteCb, StaffCb
from bot.handlers.receptions.callbacks import StaffCb as SessionCb
from tests.client import Person
from tests.conftest import ADMIN_ID, STAFF_CHAT_ID
from tests.e2e.appeal_steps import TEXT, L, card_of, file_appeal, open_form, submit
from tests.e2e.receptions_helpers import add_session
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


OPERATOR_ID = 900_077


async def test_a_district_operator_sees_and_acts_only_on_their_district(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, admin: Person
) -> None:
    tg.forums.add(FORUM)
    await admin.send(f"/grant {OPERATOR_ID} operator")
    reply = await admin.send(f"/district {OPERATOR_ID} aral")
    assert str(OPERATOR_ID) in reply.text and "aral" in reply.text
    alice, ivan = people("kk"), people("ru")
    await file_appeal(alice, "kk", district="aral")
    await file_appeal(ivan, "ru", district="shieli")
    aral_card = next(s for s in tg.sent_to_topic(FORUM, tg.topic_named(FORUM, "Арал")["message_thread_id"])
                 if s.is_inline)
    shieli_card = next(s for s in tg.sent_to_topic(FORUM, tg.topic_named(FORUM, "Шиелі")["message_thread_id"])
                   if s.is_inline)

    operator = Person(tg, OPERATOR_ID, "Оператор", "ru", chat_id=FORUM)
    # the other district's card: every button refused, forged ones too; a reply to it reaches nobody
    for data in (StaffCb(action="take", id=2).pack(), StaffCb(action="status", id=2, status="answered").pack(),
                 StaffCb(action="reply", id=2).pack(), StaffCb(action="open", id=2).pack(),
                 RouteCb(action="d", id=2, value="aral").pack()):
        reply = await operator.press(shieli_card, data)
        assert reply.answer is not None and "другого района" in reply.answer["text"], data
    before = len(tg.sent_to(ivan.chat_id))
    reply = await operator.send("Ответ", reply_to_message=replying_to(shieli_card),
                                message_thread_id=shieli_card.thread_id, is_topic_message=True)
    assert "другого района" in reply.text and len(tg.sent_to(ivan.chat_id)) == before
    assert "Админ" not in (tg.messages[(FORUM, shieli_card.message_id)].text or "")
    rows = await bot.runtime.db.fetchall("SELECT status, assignee_id FROM appeals ORDER BY id")  # type: ignore[union-attr]
    assert [tuple(r) for r in rows] == [("new", None), ("new", None)]
    # /appeal of the other district: refused; /appeals lists only Aral
    reply = await operator.send("/appeal A-2025-00002")
    assert "другого района" in reply.text
    reply = await operator.send("/appeals")
    assert "A-2025-00001" in reply.text and "A-2025-00002" not in reply.text

    # their own district: works
    await operator.click(aral_card, "Өзіме алу")
    assert "Оператор" in (tg.messages[(FORUM, aral_card.message_id)].text or "")
    # the administrator sees and acts on everything
    staff_admin = Person(tg, ADMIN_ID, "Админ", "ru", chat_id=FORUM)
    await staff_admin.click(shieli_card, "Өзіме алу")
    assert "Админ" in (tg.messages[(FORUM, shieli_card.message_id)].text or "")
    reply = await staff_admin.send("/appeals")
    assert "A-2025-00001" in reply.text and "A-2025-00002" in reply.text


async def test_reassigning_moves_the_card_and_tells_the_citizen_in_their_language(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    tg.forums.add(FORUM)
    ivan = people("ru")
    await file_appeal(ivan, "ru", district="aral")
    aral = tg.topic_named(FORUM, "Арал")["message_thread_id"]
    card = next(s for s in tg.sent_to_topic(FORUM, aral) if s.is_inline)
    staff = Person(tg, ADMIN_ID, "Админ", "ru", chat_id=FORUM)
    reply = await staff.click(card, "Басқаға беру")
    menu = reply.last
    assert menu.thread_id == aral and "A-2025-00001" in (menu.text or "")
    await staff.click(menu, "Шиелі ауданы")

    old = tg.messages[(FORUM, card.message_id)]
    assert "Шиелі ауданы" in (old.text or "") and not old.inline_markup and "Айгүл" not in (old.text or "")
    shieli = tg.topic_named(FORUM, "Шиелі")["message_thread_id"]
    new_cards = [s for s in tg.sent_to_topic(FORUM, shieli) if s.is_inline]
    assert len(new_cards) == 1 and "A-2025-00001" in (new_cards[0].text or "")
    told = tg.sent_to(ivan.chat_id)[-1].text or ""
    assert "A-2025-00001" in told and "Шиелийский район" in told and "рассматривает филиал" in told
    row = await bot.runtime.db.fetchone("SELECT district FROM appeals")  # type: ignore[union-attr]
    assert row[0] == "shieli"
    overview = [s for s in tg.sent_to(STAFF_CHAT_ID) if s.text and "A-2025-00001" in s.text]
    assert len(overview) == 1 and "Шиелі ауданы" in (overview[0].text or "")

    # a category: the card stays where it is, the citizen is told
    reply = await staff.click(new_cards[0], "Басқаға беру")
    await staff.click(reply.last, "Жер")
    assert "Жер" in (tg.messages[(FORUM, new_cards[0].message_id)].text or "")
    assert "категории «🌾 Земельные вопросы»" in (tg.sent_to(ivan.chat_id)[-1].text or "")


async def test_an_admin_routes_a_district_to_a_chat_or_topic_from_inside_it(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    district_chat = -100_888
    reply = await Person(tg, ADMIN_ID, "Админ", "ru", chat_id=district_chat).send("/route aral here")
    assert "aral" in reply.text and str(district_chat) in reply.text
    await file_appeal(people("kk"), "kk", district="aral")
    assert card_of(tg, district_chat, "A-2025-00001").thread_id is None
    assert [s for s in tg.sent_to(STAFF_CHAT_ID) if s.text and "A-2025-00001" in s.text and not s.is_inline]
    # a citizen cannot route anything
    await people("ru").send("/route aral off")
    assert await bot.runtime.db.fetchval(  # type: ignore[union-attr]
        "SELECT chat_id FROM district_routes WHERE district = 'aral'") == district_chat
    # off: back to the staff chat (no forum here)
    await Person(tg, ADMIN_ID, "Админ", "ru", chat_id=district_chat).send("/route aral off")
    await file_appeal(people("kk"), "kk", district="aral")
    assert card_of(tg, STAFF_CHAT_ID, "A-2025-00002")


async def test_a_location_pin_suggests_the_district_and_shows_on_the_card_as_a_map_link(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    ivan = people("ru")
    reply = await open_form(ivan, "ru")
    reply = await ivan.click(reply.last, L["ru"]["housing"])
    # at the district step, a venue in Shieli: the district is suggested, the citizen confirms it
    reply = await ivan.send_raw(venue={"location": {"latitude": 44.2, "longitude": 66.7}, "title": "Школа",
                                       "address": "Шиели"})
    assert "Похоже, это Шиелийский район" in reply.text
    reply = await ivan.click(reply.last, "Шиелийский район")
    assert "Шаг 3" in reply.text
    reply = await ivan.send(TEXT["ru"])
    # a pin at a later step is attached too (it replaces the first one)
    reply = await ivan.send_raw(location={"latitude": 44.21, "longitude": 66.71})
    assert "прикреплено к обращению" in reply.text
    reply = await ivan.click(tg.sent_to(ivan.chat_id)[-2], L["ru"]["skip_files"])
    reply = await ivan.click(reply.last, L["ru"]["agree"])
    reply = await ivan.send("Иван Петров")
    reply = await ivan.send("8 (701) 234-56-78")
    reply = await ivan.click(reply.last, L["ru"]["skip"])
    await submit(ivan, reply.last, "ru")
    row = await bot.runtime.db.fetchone("SELECT district, latitude, longitude FROM appeals")  # type: ignore[union-attr]
    assert tuple(row) == ("shieli", 44.21, 66.71)
    # FORUM is not a forum in this test: the card falls back to the staff chat, with the map link
    card = card_of(tg, STAFF_CHAT_ID, "A-2025-00001")
    assert "openstreetmap.org/?mlat=44.21000&amp;mlon=66.71000" in (card.text or "")

    # a pin outside the region: attached, but no suggestion
    alice = people("kk")
    reply = await open_form(alice, "kk")
    reply = await alice.click(reply.last, L["kk"]["housing"])
    reply = await alice.send_raw(location={"latitude": 51.13, "longitude": 71.43})
    assert "ауданын анықтай алмады" in reply.text and not reply.last.is_inline


async def test_the_overdue_digest_goes_to_each_district_and_stats_count_by_district(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, clock: Any, admin: Person
) -> None:
    tg.forums.add(FORUM)
    await file_appeal(people("kk"), "kk", district="aral")     # due 28 March 2025
    await file_appeal(people("ru"), "ru", district="shieli")
    assert bot.runtime is not None
    clock.set(datetime(2025, 3, 31, 4, 0, tzinfo=UTC))  # Monday 09:00 local: both overdue
    assert (await bot.runtime.dp["appeal_jobs"].run_once(clock.now()))["digest"] == 1
    regional = [s for s in tg.sent_to(STAFF_CHAT_ID) if "Өтініштер шолуы" in (s.text or "")]
    assert len(regional) == 1
    assert "A-2025-00001" in (regional[0].text or "") and "A-2025-00002" in (regional[0].text or "")
    for name, mine, other in (("Арал", "A-2025-00001", "A-2025-00002"), ("Шиелі", "A-2025-00002", "A-2025-00001")):
        topic = tg.topic_named(FORUM, name)["message_thread_id"]
        digest = [s for s in tg.sent_to_topic(FORUM, topic) if "Өтініштер шолуы" in (s.text or "")]
        assert len(digest) == 1 and mine in (digest[0].text or "") and other not in (digest[0].text or "")

    reply = await admin.send("/stats")
    assert "Обращения по районам" in reply.text
    assert "Аральский район: 1 / 1 / 1" in reply.text and "Шиелийский район: 1 / 1 / 1" in reply.text
    assert "Казалинский район: 0 / 0 / 0" in reply.text


async def test_a_district_operator_works_only_on_their_districts_sessions(
    bot: RunningBot, admin: Person, tg: FakeTelegram
) -> None:
    aral = await add_session(bot, venue="aral", day=5)
    shieli = await add_session(bot, venue="shieli", day=6)
    await admin.send(f"/grant {OPERATOR_ID} operator")
    await admin.send(f"/district {OPERATOR_ID} aral")
    operator = Person(tg, OPERATOR_ID, "Оператор", "ru")
    panel = await operator.send("/receptions")
    listing = await operator.click(panel.last, "📅")
    labels = " ".join(listing.last.buttons)
    assert "Арал" in labels or "Аральск" in labels
    assert "Шиели" not in labels and "Шиелі" not in labels
    # forged buttons on the other district's session: refused, nothing shown or changed
    for data in (SessionCb(action="show", id=shieli.id).pack(), SessionCb(action="people", id=shieli.id).pack(),
                 SessionCb(action="export", id=shieli.id).pack(), SessionCb(action="cancel", id=shieli.id).pack()):
        reply = await operator.press(listing.last, data)
        assert reply.answer is not None and reply.answer.get("show_alert"), data
    assert bot.runtime is not None
    statuses = [tuple(r) for r in await bot.runtime.db.fetchall("SELECT id, status FROM rc_sessions ORDER BY id")]
    assert (shieli.id, "scheduled") in statuses
    # their own district's session opens; the admin still sees both
    reply = await operator.press(listing.last, SessionCb(action="show", id=aral.id).pack())
    assert not (reply.answer or {}).get("show_alert")
    admin_list = await admin.click((await admin.send("/receptions")).last, "📅")
    assert len([b for b in admin_list.last.buttons if "·" in b]) == 2
