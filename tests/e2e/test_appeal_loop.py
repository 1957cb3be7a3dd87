"""Issue 11, the appeal loop end to end: no form where nobody would read it, a citizen's swipe-Reply reaches the
appeal's thread, the languages of citizen and staff, the status an answer sets, and the command menus per scope."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest

from tests.client import Person
from tests.conftest import ADMIN_ID, STAFF_CHAT_ID
from tests.e2e.appeal_steps import L, card_of, file_appeal, replying_to
from tests.fakeapi import FakeTelegram
from tests.harness import RunningBot


@pytest.fixture
def staff(tg: FakeTelegram) -> Person:
    """The administrator, writing in the staff group."""
    return Person(tg, ADMIN_ID, "Админ", "ru", chat_id=STAFF_CHAT_ID)


async def rows(bot: RunningBot, sql: str, *params: Any) -> list[Any]:
    assert bot.runtime is not None
    return list(await bot.runtime.db.fetchall(sql, params))


class TestWithoutAStaffChat:
    @pytest.fixture
    def settings_overrides(self) -> dict[str, Any]:
        return {"staff_chat_id": None}

    @pytest.fixture
    def caplog_warning(self, caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
        caplog.set_level(logging.WARNING)
        return caplog

    async def test_no_form_is_offered_and_the_start_warns(
        self, caplog_warning: pytest.LogCaptureFixture, bot: RunningBot, people: Callable[..., Person]
    ) -> None:
        assert any("STAFF_CHAT_ID is not set" in r.getMessage() for r in caplog_warning.get_records("setup"))
        for lang in ("kk", "ru"):
            person = people(lang)
            reply = await person.send(L[lang]["reception"])
            assert not any("📝" in b for b in reply.last.buttons), reply.last.buttons
            assert "/menu" in (reply.last.text or "")
            # where to come instead: the regional branch's contacts from data/venues.toml
            assert ("г. Кызылорда" if lang == "ru" else "Қызылорда қаласы") in (reply.last.text or ""), reply.last.text
            # the "write to the public reception" button under a not-found answer explains instead of a form
            reply = await person.send("Сколько стоит билет в кино?" if lang == "ru" else "Кинотеатр билеті қанша?")
            reply = await person.click(reply.last, "📝")
            text = reply.last.text or ""
            assert "/menu" in text
            assert not reply.last.buttons or not any("✅" in b for b in reply.last.buttons)
        assert not await rows(bot, "SELECT id FROM appeals")


async def test_a_swipe_reply_to_the_staff_answer_reaches_the_thread(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, staff: Person
) -> None:
    alice = people("kk")
    await file_appeal(alice, "kk")
    card = card_of(tg, STAFF_CHAT_ID, "A-2025-00001")
    prompt = (await staff.click(card, "Жауап беру")).last
    await staff.send("Сәлеметсіз бе! Акимдікке сұрау жібердік.", reply_to_message=replying_to(prompt))
    answer = tg.sent_to(alice.chat_id)[-1]
    assert "A-2025-00001" in (answer.text or "")
    limit_before = await rows(bot, "SELECT COUNT(*) FROM appeals")

    reply = await alice.send("Тағы бір сұрақ: су қашан беріледі?", reply_to_message=replying_to(answer))
    assert "A-2025-00001" in reply.text and "таба алмадым" not in reply.text
    posted = tg.sent_to(STAFF_CHAT_ID)[-1]
    assert "су қашан беріледі" in (posted.text or "")
    assert posted.params["reply_parameters"]["message_id"] == card.message_id  # under the appeal's card
    assert await rows(bot, "SELECT COUNT(*) FROM appeals") == limit_before  # not a new appeal
    # a Reply to a bot message that belongs to no appeal is still a question
    hello = (await alice.send("сәлем")).last
    reply = await alice.send("Газ туралы айтыңызшы", reply_to_message=replying_to(hello))
    assert "A-2025-00001" not in reply.text


async def test_an_answer_sets_the_status_and_the_card_keeps_only_buttons_that_apply(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, staff: Person
) -> None:
    ivan = people("ru")
    await file_appeal(ivan, "ru")  # the tests' daily limit is one appeal: Ivan is at it, his Replies still go through
    card = card_of(tg, STAFF_CHAT_ID, "A-2025-00001")
    assert "Азаматтың тілі: орыс тілі" in (card.text or "")  # a Kazakh staff chat, a Russian-speaking citizen
    prompt = (await staff.click(card, "Жауап беру")).last
    assert "орыс" in (prompt.text or "").lower()  # in which language the citizen reads
    await staff.send("Здравствуйте! Запрос направлен в акимат.", reply_to_message=replying_to(prompt))
    (status,) = (await rows(bot, "SELECT status FROM appeals"))[0]
    assert status == "answered"
    reply = await ivan.send("/myappeals")
    reply = await ivan.click(reply.last, "A-2025-00001")
    assert "✅ Дан ответ" in (reply.last.text or "")
    buttons = tg.messages[(STAFF_CHAT_ID, card.message_id)].buttons
    assert not any("Жауап берілді" in b for b in buttons), buttons  # already answered: no button for it


class TestStaffChatInRussian:
    @pytest.fixture
    def settings_overrides(self) -> dict[str, Any]:
        return {"staff_language": "ru"}

    async def test_cards_follow_staff_language_and_name_the_citizens(
        self, bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
    ) -> None:
        await file_appeal(people("kk"), "kk")
        card = card_of(tg, STAFF_CHAT_ID, "A-2025-00001")
        assert "Язык гражданина: казахский" in (card.text or "") and "Категория: 🏠 Жильё" in (card.text or "")
        assert "💬 Ответить" in card.buttons


async def test_command_menus_per_scope_and_staff_help(
    bot: RunningBot, tg: FakeTelegram, admin: Person, staff: Person
) -> None:
    default = {c["command"] for c in tg.scoped_commands[("default", None, "ru")]}
    assert "myappeals" in default and "appeals" not in default
    await tg.wait_for(lambda: ("chat", STAFF_CHAT_ID, "kk") in tg.scoped_commands, timeout=10)
    group = {c["command"] for c in tg.scoped_commands[("chat", STAFF_CHAT_ID, "kk")]}
    assert {"appeals", "stats", "gaps"} <= group and "broadcast" not in group and "kb" not in group
    reply = await admin.send("/help")
    assert "/gaps" in reply.text and "/kb" in reply.text and "/grant" in reply.text


async def test_myid_in_the_staff_group_gives_the_chat_id_too(bot: RunningBot, staff: Person, admin: Person) -> None:
    assert f"<code>{STAFF_CHAT_ID}</code>" in (await staff.send("/myid")).text
    private = (await admin.send("/myid")).text
    assert f"<code>{ADMIN_ID}</code>" in private and "STAFF_CHAT_ID" not in private


async def test_a_swipe_reply_to_the_receipt_and_to_a_status_notice_reaches_the_thread(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, staff: Person
) -> None:
    ivan = people("ru")
    await file_appeal(ivan, "ru")  # the tests' daily limit is one appeal: Ivan is at it, his Replies still go through
    receipt = [s for s in tg.sent_to(ivan.chat_id) if "A-2025-00001" in (s.text or "")][-1]
    card = card_of(tg, STAFF_CHAT_ID, "A-2025-00001")
    reply = await ivan.send("Забыл добавить: подъезд номер три.", reply_to_message=replying_to(receipt))
    assert "A-2025-00001" in reply.text
    posted = tg.sent_to(STAFF_CHAT_ID)[-1]
    assert "подъезд номер три" in (posted.text or "")
    assert posted.params["reply_parameters"]["message_id"] == card.message_id
    await staff.click(tg.messages[(STAFF_CHAT_ID, card.message_id)], "Жұмыс барысында")
    notice = tg.sent_to(ivan.chat_id)[-1]
    assert "A-2025-00001" in (notice.text or "")
    reply = await ivan.send("Спасибо, жду ответа.", reply_to_message=replying_to(notice))
    assert "A-2025-00001" in reply.text
    assert "жду ответа" in (tg.sent_to(STAFF_CHAT_ID)[-1].text or "")
    assert [tuple(r) for r in await rows(bot, "SELECT COUNT(*) FROM appeals")] == [(1,)]  # additions, not new


async def test_menus_in_both_languages_for_every_scope(bot: RunningBot, tg: FakeTelegram, admin: Person) -> None:
    await admin.send("/help")
    await tg.wait_for(lambda: ("chat", ADMIN_ID, "ru") in tg.scoped_commands, timeout=10)
    for lang in ("kk", "ru"):
        default = {c["command"] for c in tg.scoped_commands[("default", None, lang)]}
        assert "myappeals" in default and not {"gaps", "kb", "appeals"} & default
        private = {c["command"] for c in tg.scoped_commands[("chat", ADMIN_ID, lang)]}
        assert {"myappeals", "appeals", "gaps", "kb", "grant"} <= private, private
    kk = {c["command"]: c["description"] for c in tg.scoped_commands[("chat", ADMIN_ID, "kk")]}
    ru = {c["command"]: c["description"] for c in tg.scoped_commands[("chat", ADMIN_ID, "ru")]}
    assert kk["gaps"] != ru["gaps"] and kk["kb"] != ru["kb"]  # each in its own language


async def test_a_staff_members_private_chat_is_in_their_own_language(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, admin: Person
) -> None:
    await file_appeal(people("kk"), "kk")
    assert "Азаматтың тілі: қазақ тілі" in (card_of(tg, STAFF_CHAT_ID, "A-2025-00001").text or "")  # the group: kk
    await admin.send("/start")  # a Russian-speaking administrator
    await admin.send("/appeal A-2025-00001")
    card = card_of(tg, ADMIN_ID, "A-2025-00001")
    assert "Язык гражданина: казахский" in (card.text or "") and "💬 Ответить" in card.buttons


async def test_an_answer_to_an_appeal_staff_set_in_progress_keeps_it_in_progress(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, staff: Person
) -> None:
    ivan = people("ru")
    await file_appeal(ivan, "ru")
    card = card_of(tg, STAFF_CHAT_ID, "A-2025-00001")
    await staff.click(card, "Жұмыс барысында")
    prompt = (await staff.click(tg.messages[(STAFF_CHAT_ID, card.message_id)], "Жауап беру")).last
    await staff.send("Промежуточный ответ: запрос отправлен.", reply_to_message=replying_to(prompt))
    assert "Промежуточный ответ" in (tg.sent_to(ivan.chat_id)[-1].text or "")
    assert [tuple(r) for r in await rows(bot, "SELECT status FROM appeals")] == [("in_progress",)]
