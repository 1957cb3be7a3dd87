"""The bot core end to end: the real Bot and Dispatcher over HTTP against the fake Bot API server."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable

import pytest

from tests.client import Person
from tests.conftest import RunningBot
from tests.fakeapi import FakeTelegram

KAZAKH_LETTERS = re.compile(r"[әғқңөұүһі]", re.IGNORECASE)
MENU_KK = "📊 2024 жылдың қорытындысы"
MENU_RU = "📊 Итоги 2024 года"


async def test_start_in_kazakh(bot: RunningBot, people: Callable[..., Person]) -> None:
    alice = people("kk", first_name="Айгүл")
    reply = await alice.send("/start")
    assert len(reply.messages) == 1
    text = reply.last.text or ""
    assert "Айгүл" in text and "Сәлеметсіз бе" in text
    assert MENU_KK in reply.last.buttons
    assert "❓ Сұрақ қою" in reply.last.buttons


async def test_start_in_russian_and_unknown_language_falls_back_to_kazakh(
    bot: RunningBot, people: Callable[..., Person]
) -> None:
    ivan = people("ru", first_name="Иван")
    reply = await ivan.send("/start")
    assert "Здравствуйте, <b>Иван</b>" in (reply.last.text or "")
    assert MENU_RU in reply.last.buttons

    john = people("en", first_name="John")
    reply = await john.send("/start")
    assert "Сәлеметсіз бе" in (reply.last.text or "")


async def test_name_is_escaped(bot: RunningBot, people: Callable[..., Person]) -> None:
    mallory = people("ru", first_name="<b>x</b> & <script>")
    reply = await mallory.send("/start")
    assert "&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;" in (reply.last.text or "")


async def test_commands_registered_for_both_languages(bot: RunningBot, tg: FakeTelegram) -> None:
    assert {"kk", "ru", ""} <= set(tg.commands)
    kk = {c["command"]: c["description"] for c in tg.commands["kk"]}
    ru = {c["command"]: c["description"] for c in tg.commands["ru"]}
    assert set(kk) == set(ru) >= {"start", "help", "language", "menu", "cancel"}
    assert kk["language"] != ru["language"]
    assert tg.commands[""] == tg.commands["kk"]  # the default language is Kazakh


async def test_language_switch_is_stored_and_survives_restart(
    bot: RunningBot, people: Callable[..., Person]
) -> None:
    alice = people("kk")
    await alice.send("/start")
    reply = await alice.send("/language")
    reply = await alice.click(reply.last, "Русский")
    assert reply.answer is not None and reply.answer.get("text") == "Язык изменён"
    assert MENU_RU in reply.last.buttons
    assert "Готово" in (reply.last.text or "")

    await bot.restart()
    reply = await alice.send("/help")
    assert "Что я умею" in (reply.last.text or "")
    reply = await alice.send("🌐 Язык / Тіл")
    reply = await alice.click(reply.last, "Қазақша")
    assert MENU_KK in reply.last.buttons


async def test_results_menu_topic_and_card(bot: RunningBot, people: Callable[..., Person]) -> None:
    ivan = people("ru")
    reply = await ivan.send(MENU_RU)
    topics = reply.last
    assert topics.is_inline and len(topics.buttons) >= 8
    # Open every topic: each leads to a card or a list of cards, in Russian, most of them with figures.
    cards_with_figures = 0
    for label in topics.buttons:
        reply = await ivan.click(topics, label)
        screen = reply.last
        assert screen.message_id == topics.message_id  # the menu message is edited in place
        if "Выберите:" in (screen.text or ""):
            first = screen.buttons[0]
            reply = await ivan.click(screen, first)
            screen = reply.last
        assert (screen.text or "").startswith("<b>")
        # Russian text: Kazakh letters only in «quoted» project names or (bracketed) Kazakh place names
        assert not KAZAKH_LETTERS.search(re.sub(r"«[^»]*»|\([^)]*\)", "", screen.text or "")), screen.text
        cards_with_figures += bool(re.search(r"\d", screen.text or ""))
        assert "⬅️ Назад" in screen.buttons
        # back to the section
        while "Выберите тему:" not in (screen.text or ""):
            reply = await ivan.click(screen, "⬅️ Назад")
            screen = reply.last
        topics = screen
    assert cards_with_figures >= len(topics.buttons) * 0.7


async def test_projects_menu_in_kazakh(bot: RunningBot, people: Callable[..., Person]) -> None:
    alice = people("kk")
    reply = await alice.send("🗂 Партия жобалары")
    assert "Жобаны таңдаңыз" in (reply.last.text or "")
    labels = reply.last.buttons
    assert any("Ауыл аманаты" in label for label in labels)
    reply = await alice.click(reply.last, next(label for label in labels if "Ауыл аманаты" in label))
    screen = reply.last
    if "Таңдаңыз:" in (screen.text or ""):
        reply = await alice.click(screen, screen.buttons[0])
    assert "млрд" in reply.text


@pytest.mark.parametrize(
    ("language_code", "question", "figure", "answer_language"),
    [
        ("kk", "Ауылдар қанша пайыз газбен қамтылды?", "78", "kk"),
        ("kk", "Сколько квартир купили для социально уязвимых?", "1 944", "ru"),
        ("ru", "Жайлы мектеп бойынша неше мектеп салынды?", "6 900", "kk"),
        ("ru", "сколько членов в партии в области", "46", "ru"),
    ],
)
async def test_question_without_start_answers_in_the_question_language(
    bot: RunningBot, people: Callable[..., Person], language_code: str, question: str, figure: str,
    answer_language: str,
) -> None:
    person = people(language_code)
    reply = await person.send(question)
    assert len(reply.messages) == 1
    text = reply.last.text or ""
    assert figure in text
    assert bool(KAZAKH_LETTERS.search(text)) == (answer_language == "kk")


async def test_unrelated_question_is_answered_honestly(bot: RunningBot, people: Callable[..., Person]) -> None:
    ivan = people("ru")
    reply = await ivan.send("Какой рецепт у плова с бараниной?")
    text = reply.last.text or ""
    assert "не нашлось" in text
    assert any("общественную приёмную" in b for b in reply.last.buttons)
    assert not re.search(r"\d", text)


@pytest.mark.parametrize(
    "hostile",
    [
        '"', "*", "-", ":", "NEAR(газ мектеп)", "газ OR мектеп", "газ AND NOT", "(((", ")", "[]{}",
        "'; DROP TABLE users; --", "<b>газ</b> <script>alert(1)</script>", "😀🔥🇰🇿", "   ", "\u200b",
        "газ" * 1365 + "г",  # 4096 characters
        "a" * 4096,
    ],
)
async def test_hostile_input_gets_a_sensible_reply(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, hostile: str
) -> None:
    person = people("ru")
    reply = await person.send(hostile)
    assert len(reply.messages) == 1
    text = reply.last.text or ""
    assert 0 < len(text) <= 4096
    assert "<script>" not in text
    # the users table is intact
    reply = await person.send("/start")
    assert "Здравствуйте" in (reply.last.text or "")


async def test_non_text_messages_get_an_explanation(bot: RunningBot, people: Callable[..., Person]) -> None:
    alice = people("kk")
    sticker = {"file_id": "s1", "file_unique_id": "s1", "type": "regular", "width": 512, "height": 512,
               "is_animated": False, "is_video": False}
    for fields in (
        {"sticker": sticker},
        {"voice": {"file_id": "v1", "file_unique_id": "v1", "duration": 3}},
        {"photo": [{"file_id": "p1", "file_unique_id": "p1", "width": 10, "height": 10}]},
    ):
        reply = await alice.send_raw(**fields)
        assert "мәтіндік хабарламаларды түсінемін" in reply.text


async def test_stale_button_is_answered_with_an_alert(bot: RunningBot, people: Callable[..., Person]) -> None:
    alice = people("kk")
    reply = await alice.send(MENU_KK)
    for data in ("ent:no-such-entry", "top:no-such-topic", "lang:en", "sec:nope", "garbage", "ent:" + "x" * 60):
        reply2 = await alice.press(reply.last, data)
        if data in {"sec:nope", "garbage"}:
            continue  # not a button of ours: ignored
        assert reply2.answer is not None and reply2.answer.get("show_alert") in {True, "true"}
        assert "/menu" in reply2.answer["text"]


async def test_same_update_delivered_twice_is_handled_once(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    alice = people("kk")
    update = alice.message_update(text="/help", entities=[{"type": "bot_command", "offset": 0, "length": 5}])
    await alice.deliver(update)
    await alice.deliver(dict(update))
    assert len(tg.sent_to(alice.chat_id)) == 1


@pytest.mark.parametrize("settings_overrides", [{"flood_messages": 5, "flood_seconds": 60}])
async def test_flood_control_limits_the_flooder_only(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    flooder, other = people("ru"), people("kk")
    for _ in range(9):
        await flooder.send("/help")
    flooder_msgs = [s.text or "" for s in tg.sent_to(flooder.chat_id)]
    assert sum("Что я умею" in t for t in flooder_msgs) == 5
    assert sum("слишком часто" in t for t in flooder_msgs) == 1
    reply = await other.send("/help")
    assert "Мен не істей аламын" in reply.text
    await asyncio.sleep(0)
