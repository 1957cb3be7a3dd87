"""A full scenario with logging at DEBUG: no phone number, name or question text reaches the log, and every
line written while an update is handled carries its id."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from aiogram import Router
from aiogram.exceptions import ClientDecodeError
from aiogram.filters import Command
from aiogram.types import Message

from tests.client import Person
from tests.conftest import RunningBot
from tests.fakeapi import FakeTelegram
from tests.logs import production_logs

NAME = "Жанаргүл-Құпияжан"
USERNAME = "zhanargul_secret_user"
PHONE = "+7 701 555 12 34"
PHONE_DIGITS = "7015551234"
QUESTION = "Жайлы мектеп бойынша неше мектеп салынды, Құпиясөзбек?"
QUESTION_RU = "Сколько квартир купили для очередников, Секретовна?"

crash = Router(name="test-crash")


@crash.message(Command("crash"))
async def crash_with_personal_data(message: Message) -> None:
    # an exception whose message quotes what the citizen sent: the traceback must not leak the phone
    raise ValueError(f"cannot parse {PHONE} of {NAME}")


@crash.message(Command("garbled"))
async def crash_quoting_the_request(message: Message) -> None:
    # aiogram's decode error quotes the request it could not read: a greeting with the citizen's name in it
    raise ClientDecodeError("Failed to decode object", ValueError("bad json"),
                            {"chat_id": message.chat.id, "text": f"Сәлеметсіз бе, <b>{NAME}</b>! {QUESTION}"})


@pytest.fixture
def extra_routers() -> list[Router]:
    return [crash]


@pytest.fixture(autouse=True)
def log_output() -> Iterator[io.StringIO]:
    with production_logs() as stream:
        yield stream


async def test_full_scenario_logs_no_personal_data(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, log_output: io.StringIO
) -> None:
    person = people("kk", first_name=NAME, username=USERNAME)

    async def step(coro: Any) -> Any:
        before = len(tg.calls)
        reply = await coro
        assert len(tg.calls) > before
        return reply

    await step(person.send("/start"))
    await step(person.send(QUESTION))
    reply = await step(person.send("/language"))
    reply = await step(person.click(reply.last, "Русский"))
    await step(person.send(QUESTION_RU))
    await step(person.share_contact(PHONE))
    await step(person.send_raw(text=f"мой номер {PHONE}, звоните"))
    await step(person.send("/crash"))
    await step(person.send("/garbled"))
    reply = await step(person.send("/mydata"))
    assert NAME in reply.last.files["document"].decode()  # the data is there, in the document, not in the log
    reply = await step(person.send("/forget"))
    await step(person.click(reply.last, "🗑"))

    out = log_output.getvalue()
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) > 20, out  # DEBUG really was on
    secrets = [NAME, "Жанаргүл", "Құпияжан", USERNAME, PHONE, PHONE_DIGITS, "555 12 34", QUESTION, QUESTION_RU,
               "Құпиясөзбек", "Секретовна", "очередников", "звоните"]
    leaks = [s for s in secrets if s in out]
    assert not leaks, [line for line in out.splitlines() if any(s in line for s in leaks)][:5]
    assert not re.search(r"555\D{0,3}12\D{0,3}34", out)

    # the crash was logged, with its traceback, masked, and with the update id
    errors = [line for line in lines if line["level"] == "ERROR" and "failed" in line["message"]]
    assert len(errors) == 2 and "ValueError" in errors[0]["message"] and "ClientDecodeError" in errors[1]["message"]
    for error in errors:  # the frames and the exception's type, never its message
        assert "crash" in error["exc"] and "message not logged" in error["exc"] and error["update_id"] is not None
    # every "Update id=N is handled" line of aiogram carries N as its update id
    done = [line for line in lines if line["logger"] == "aiogram.event" and "is handled" in line["message"]]
    assert len(done) >= 9
    for line in done:
        assert f"Update id={line['update_id']} " in line["message"]
