"""Forms as citizens really use them: flood control does not punish tapping through a form, a form left for the
menu or a command is paused (continue / cancel) and never swallows a question."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.client import Person
from tests.e2e.appeal_steps import TEXT, L, file_appeal, open_form
from tests.e2e.receptions_helpers import AGREE, add_session, newest
from tests.e2e.test_consent_forms import booking_until_notice
from tests.fakeapi import FakeTelegram
from tests.harness import RunningBot


@pytest.mark.parametrize("settings_overrides", [{"flood_messages": 5, "flood_seconds": 60}])
async def test_tapping_through_a_whole_form_is_not_flood(
    people: Callable[..., Person], tg: FakeTelegram, bot: object
) -> None:
    # 11 updates within a minute (menu button, 8 taps and answers, a contact, submit): a citizen at a normal pace
    citizen = people("kk")
    reply = await file_appeal(citizen, "kk", phone="contact")
    assert L["kk"]["received"] in reply.text
    assert not any("тым жиі" in (s.text or "") for s in tg.sent_to(citizen.chat_id))


@pytest.mark.parametrize("settings_overrides", [{"flood_messages": 5, "flood_seconds": 60, "flood_taps": 4}])
async def test_a_form_answer_over_the_budget_is_never_dropped_silently(
    people: Callable[..., Person], tg: FakeTelegram, bot: object
) -> None:
    citizen = people("ru")
    reply = await open_form(citizen, "ru")  # a message and a tap
    reply = await citizen.click(reply.last, L["ru"]["housing"])
    reply = await citizen.click(reply.last, L["ru"]["aral"])
    reply = await citizen.send("В нашем дворе уже месяц не вывозят мусор, контейнеры переполнены.")  # 4th: taken
    reply = await citizen.share_contact("77015556677")  # 5th, over the budget: told, every time
    assert "не принято" in reply.text and "ещё раз" in reply.text
    reply = await citizen.share_contact("77015556677")
    assert "не принято" in reply.text
    # a tap over the budget gets the warning as the button's answer (and the step stays where it was)
    step = [s for s in tg.sent_to(citizen.chat_id) if s.buttons][-1]
    reply = await citizen.click(step, L["ru"]["skip_files"])
    assert reply.answer is not None and "слишком часто" in reply.answer.get("text", "")


async def fsm_state(bot: RunningBot, person: Person) -> str | None:
    assert bot.runtime is not None
    value = await bot.runtime.db.fetchval(
        "SELECT state FROM fsm_state WHERE user_id = ? AND key NOT LIKE '%:paused'", (person.id,))
    return None if value is None else str(value)


async def test_a_menu_button_in_the_appeal_form_pauses_it_and_the_next_question_is_a_question(
    bot: RunningBot, people: Callable[..., Person]
) -> None:
    citizen = people("kk")
    reply = await open_form(citizen, "kk")
    reply = await citizen.click(reply.last, L["kk"]["housing"])
    reply = await citizen.click(reply.last, L["kk"]["aral"])  # step 3: the text
    assert await fsm_state(bot, citizen) == "AppealForm:text"
    reply = await citizen.send("📊 2024 жылдың қорытындысы")
    assert "Тақырыпты таңдаңыз" in reply.messages[0].text  # the results, as outside a form
    assert "Өтінішіңіз тоқтатыла тұрды" in reply.last.text
    assert reply.last.buttons == ["▶️ Жалғастыру", "✖️ Бас тарту"]
    assert await fsm_state(bot, citizen) is None
    reply = await citizen.send("газ қанша ауылға тартылды")  # a question, never the appeal's text
    assert "Файл" not in reply.text and "тоқтатыла" not in reply.text
    assert await fsm_state(bot, citizen) is None

    pause_note = [m for m in citizen.tg.sent_to(citizen.chat_id) if "тоқтатыла тұрды" in (m.text or "")][-1]
    reply = await citizen.click(pause_note, "Жалғастыру")
    assert await fsm_state(bot, citizen) == "AppealForm:text"
    reply = await citizen.send(TEXT["kk"])
    assert await fsm_state(bot, citizen) == "AppealForm:attachments"


async def test_a_menu_button_at_the_consent_notice_does_not_repeat_it_and_cancel_discards(
    bot: RunningBot, people: Callable[..., Person]
) -> None:
    citizen = people("ru")
    reply = await open_form(citizen, "ru")
    reply = await citizen.click(reply.last, L["ru"]["housing"])
    reply = await citizen.click(reply.last, L["ru"]["aral"])
    reply = await citizen.send(TEXT["ru"])
    reply = await citizen.click(reply.last, L["ru"]["skip_files"])
    assert "Персональные данные" in reply.text
    reply = await citizen.send("🗂 Проекты партии")
    assert "Выберите проект" in reply.messages[0].text and "приостановлено" in reply.last.text
    note = reply.last
    for button in ("❓ Задать вопрос", "🌐 Язык"):  # the form is paused: menus work as outside a form
        reply = await citizen.send(button)
        assert "Персональные данные" not in reply.text  # the ~1,000-character notice is not repeated
    reply = await citizen.click(note, "Отменить")
    assert "Ничего не сохранено" in reply.text
    reply = await citizen.click(note, "Продолжить")
    assert "уже закрыта" in reply.text and await fsm_state(bot, citizen) is None


async def test_cancel_command_discards_a_paused_form(bot: RunningBot, people: Callable[..., Person]) -> None:
    citizen = people("ru")
    reply = await open_form(citizen, "ru")
    reply = await citizen.send("/help")
    assert "приостановлено" in reply.last.text
    reply = await citizen.send("/cancel")
    assert "Ничего не сохранено" in reply.text
    note = next(m for m in citizen.tg.sent_to(citizen.chat_id) if "приостановлено" in (m.text or ""))
    reply = await citizen.click(note, "Продолжить")
    assert "уже закрыта" in reply.text


async def test_booking_name_step_offers_the_names_used_before_and_says_so_only_with_buttons(
    bot: RunningBot, people: Callable[..., Person]
) -> None:
    await add_session(bot, "aral", day=5)
    # a Telegram name that is not a name, no history: no button, and the text does not mention one
    stranger = people("ru", first_name="🦄 2000")
    reply = await booking_until_notice(stranger, "ru")
    reply = await stranger.click(newest(reply), AGREE["ru"])
    assert "Напишите имя и фамилию" in reply.text and "кнопку" not in reply.text
    assert newest(reply).buttons == ["❌ Отменить запись"]

    # the same kind of Telegram name, but an appeal filed before under a real name: that name is offered
    citizen = people("ru", first_name="✨ Айгүл ✨ 1990")
    await file_appeal(citizen, "ru", name="Айгүл Сейітова")
    reply = await booking_until_notice(citizen, "ru")
    if AGREE["ru"] in newest(reply).buttons:
        reply = await citizen.click(newest(reply), AGREE["ru"])
    assert "Нажмите кнопку с вашим именем" in reply.text
    assert newest(reply).buttons == ["Айгүл Сейітова", "❌ Отменить запись"]
    reply = await citizen.click(newest(reply), "Айгүл Сейітова")
    assert "телефон" in reply.text.lower()


async def test_the_inline_main_menu_button_in_a_form_pauses_it_too(
    bot: RunningBot, people: Callable[..., Person]
) -> None:
    citizen = people("ru")
    reply = await open_form(citizen, "ru")
    reply = await citizen.press(reply.last, "menu:main")
    assert "Главное меню" in reply.messages[0].text and "приостановлено" in reply.last.text
    assert await fsm_state(bot, citizen) is None
    reply = await citizen.click(reply.last, "Продолжить")
    assert await fsm_state(bot, citizen) == "AppealForm:category"
