"""Property-based, end to end: arbitrary Unicode text sent to the running bot always gets an answer that
Telegram would accept (length, HTML, buttons), and the bot goes on answering."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.client import Person
from tests.conftest import RunningBot
from tests.fakeapi import FakeTelegram
from tests.strategies import LONG, MIXED
from tests.telegram_limits import message_problems

LANGS = itertools.cycle(["kk", "ru", "en", None])
TEXT = st.one_of(
    st.text(min_size=1, max_size=200),
    MIXED,
    st.text(min_size=1, max_size=8).map(lambda s: "/" + s),  # unknown commands and command look-alikes
    LONG,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
async def test_any_text_gets_an_answer_within_telegram_limits(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, text: str
) -> None:
    assume(text.strip())  # Telegram does not deliver empty messages
    person = people(next(LANGS))
    reply = await person.send(text)
    assert reply.messages, f"no answer to {text!r}"
    for message in reply.messages:
        assert message_problems(message.text, message.reply_markup) == [], (text, message.text)
    assert not [c for c in tg.calls if c.status >= 400]
    assert bot._task is not None and not bot._task.done()  # the same bot goes on to the next example
