"""Issue 10 end to end: traps get the honest answer, small talk and unknown commands a warm one, in the citizen's
language; answer cards say whose work and which year they are about."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tests.client import Person
from tests.conftest import RunningBot

KAZAKH_LETTERS = re.compile(r"[әғқңөұүһі]", re.IGNORECASE)


@pytest.mark.parametrize(
    ("language_code", "question"),
    [("ru", "Кто аким области?"), ("kk", "Облыс әкімі кім?"), ("ru", "как вступить в партию AMANAT?")],
)
async def test_traps_get_not_found_with_the_public_reception(
    bot: RunningBot, people: Callable[..., Person], language_code: str, question: str
) -> None:
    reply = await people(language_code).send(question)
    text = reply.last.text or ""
    assert "Жандарбеков" not in text and "37" not in text and "11" not in text
    assert any("📝" in b for b in reply.last.buttons)


async def test_another_region_says_first_what_the_bot_knows(bot: RunningBot, people: Callable[..., Person]) -> None:
    reply = await people("ru").send("Сколько квартир построили в Шымкенте?")
    text = reply.last.text or ""
    assert text.startswith("Я знаю только о работе Кызылординского областного филиала партии «AMANAT» за 2024 год")
    assert "1 944" not in text


async def test_missing_figure_offers_the_related_card(bot: RunningBot, people: Callable[..., Person]) -> None:
    reply = await people("ru").send("Сколько врачей работает в новой больнице?")
    assert (reply.last.text or "").startswith("Этой цифры нет")
    assert any(b.startswith("🔗") for b in reply.last.buttons)


async def test_who_won_without_names_says_so_and_offers_the_card(
    bot: RunningBot, people: Callable[..., Person]
) -> None:
    reply = await people("kk").send("Аралдағы қосымша сайлауда кім жеңді?")
    assert (reply.last.text or "").startswith("Нақты кім екені мен білетін мәліметтерде жоқ")
    assert any(b.startswith("🔗") for b in reply.last.buttons)


async def test_answer_card_names_branch_and_year(bot: RunningBot, people: Callable[..., Person]) -> None:
    reply = await people("ru").send("Сколько сёл газифицировали?")
    text = reply.last.text or ""
    assert "78" in text
    assert "Кызылординский областной филиал партии «AMANAT», работа за 2024 год" in text


@pytest.mark.parametrize(
    ("language_code", "text", "expected"),
    [
        ("kk", "сәлем", "Сәлеметсіз бе!"),
        ("ru", "Привет", "Здравствуйте!"),
        ("kk", "рахмет", "Оқасы жоқ!"),
        ("ru", "спасибо", "Пожалуйста!"),
        ("kk", "сау болыңыз", "Сау болыңыз!"),
        ("ru", "👍", "Рад помочь!"),
        ("ru", "кто ты?", "Я бот Кызылординского"),
        ("kk", "сен кімсің?", "Мен «AMANAT»"),
        ("kk", "/foo", "/language"),
        ("ru", "/foo", "Такой команды нет"),
    ],
)
async def test_small_talk_gets_a_warm_reply(
    bot: RunningBot, people: Callable[..., Person], language_code: str, text: str, expected: str
) -> None:
    reply = await people(language_code).send(text)
    answer = reply.last.text or ""
    assert expected in answer
    assert "не нашлось" not in answer and "таба алмадым" not in answer


@pytest.mark.parametrize(
    ("language_code", "text"),
    [("kk", "Арал"), ("kk", "газ"), ("kk", "рахмет"), ("kk", "ывапролд"), ("ru", "asdfgh"), ("ru", "Шиелі")],
)
async def test_short_messages_answer_in_the_chosen_language(
    bot: RunningBot, people: Callable[..., Person], language_code: str, text: str
) -> None:
    answer = (await people(language_code).send(text)).last.text or ""
    assert bool(KAZAKH_LETTERS.search(answer.replace("Шиелі", ""))) == (language_code == "kk"), answer


@pytest.mark.parametrize(
    ("language_code", "text", "card", "receptions"),
    [
        ("kk", "Арал", "Сексеуіл", "⚖️ Осындағы заң көмегі қабылдаулары"),
        ("ru", "в Аральске", "Саксаульск", "⚖️ Приёмы правовой помощи здесь"),
        ("kk", "Шиелі ауданы", "Шиелі", "⚖️ Осындағы заң көмегі қабылдаулары"),
    ],
)
async def test_a_place_alone_offers_what_the_bot_knows_about_it(
    bot: RunningBot, people: Callable[..., Person], language_code: str, text: str, card: str, receptions: str
) -> None:
    """A district's name alone asks nothing yet: no card answers it as if it did; the cards that name the place
    and its receptions are offered to choose from, in the citizen's language."""
    person = people(language_code)
    reply = await person.send(text)
    answer = reply.last
    assert (answer.text or "").startswith("📍 ")
    assert "🔗" not in (answer.text or "")
    cards = [b for b in answer.buttons if b.startswith("🔗")]
    assert cards and any(card in b for b in cards), answer.buttons
    assert receptions in answer.buttons
    schedule = await person.click(answer, receptions)
    assert "⚖️" in (schedule.last.text or "") or "қабылдау" in (schedule.last.text or "").lower() \
        or "приём" in (schedule.last.text or "").lower()


async def test_a_place_the_cards_never_name_says_so(bot: RunningBot, people: Callable[..., Person]) -> None:
    answer = (await people("ru").send("Байконур")).last
    assert (answer.text or "").startswith("📍 <b>Байконур") or (answer.text or "").startswith("📍 ")
    assert "Отдельных карточек об этом месте у меня нет" in (answer.text or "")
    assert not [b for b in answer.buttons if b.startswith("🔗")]


async def test_a_question_naming_a_place_is_still_searched(bot: RunningBot, people: Callable[..., Person]) -> None:
    answer = (await people("kk").send("Арал ауданында қандай аурухана салынды?")).last
    assert not (answer.text or "").startswith("📍 ")
