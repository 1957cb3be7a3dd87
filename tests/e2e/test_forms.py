"""Forms as citizens really use them: flood control does not punish tapping through a form, a form left for the
menu or a command is paused (continue / cancel) and never swallows a question."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.client import Person
from tests.e2e.appeal_steps import L, file_appeal, open_form
from tests.fakeapi import FakeTelegram


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
