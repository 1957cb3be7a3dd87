"""/forget reaches the staff chat: the cards, texts, files and follow-ups of the citizen's appeals already posted
there lose the personal data (edited, files deleted), best effort after the erasure is committed, retried later
when Telegram refuses for now; a refusal never undoes the erasure nor puts personal data in the log."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest

from bot.clock import FakeClock
from bot.handlers.appeals.callbacks import StaffCb
from bot.handlers.appeals.redaction import CardRedactor
from bot.services.appeals import AppealService
from tests.client import Person
from tests.conftest import ADMIN_ID, STAFF_CHAT_ID
from tests.e2e.appeal_steps import card_of, file_appeal, photo
from tests.e2e.personal_data import tables_mentioning
from tests.fakeapi import FakeTelegram, Sent
from tests.harness import RunningBot
from tests.logs import production_logs

NAME = "Гүлжан Құпиябекова"
FIRST_NAME = "Гүлжан-Ерекше"
USERNAME = "gulzhan_private"
PHONE = "8 (701) 555-12-34"
STORED_PHONE = "+77015551234"
ADDRESS = "Ақмая ауылы, Құпия көшесі, 17"
TEXT = "Көршім Құпиясов су құбырын бұзып тастады, үйімізге су кірді, акимат жауап бермейді."
LONG_TEXT = ("Ұзынмәтін: ауылдағы жол туралы егжей-тегжейлі баяндама. " * 80)[:3990]
FOLLOW_UP = "Тағы бір жайт: Құпиясовтың телефоны 8 701 999 88 77."
SECRETS = [NAME, "Құпиябекова", FIRST_NAME, USERNAME, STORED_PHONE, "555-12-34", "5551234", ADDRESS, "Құпия көшесі",
           TEXT, "Құпиясов", "Ұзынмәтін", "999 88 77"]
ERASED_CARD = "азаматтың сұрауы бойынша өшірілді"  # the staff chat speaks Kazakh (DEFAULT_LANGUAGE)


@pytest.fixture
def staff(tg: FakeTelegram) -> Person:
    return Person(tg, ADMIN_ID, "Админ", "ru", chat_id=STAFF_CHAT_ID)


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    with production_logs() as stream:
        yield stream


def appeals(bot: RunningBot) -> AppealService:
    assert bot.runtime is not None
    return bot.runtime.dp["appeals"]  # type: ignore[no-any-return]


def redactor(bot: RunningBot) -> CardRedactor:
    assert bot.runtime is not None
    return bot.runtime.dp["appeal_redactor"]  # type: ignore[no-any-return]


def leaks(messages: list[Sent]) -> list[str]:
    """Personal data still visible in these messages (deleted ones are gone from the chat)."""
    found = []
    for message in messages:
        if message.deleted:
            continue
        shown = (message.text or "") + json.dumps(message.reply_markup or {}, ensure_ascii=False)
        found += [f"{message.message_id}: {secret}" for secret in SECRETS if secret in shown]
    return found


async def file_two_appeals(citizen: Person, tg: FakeTelegram, staff: Person) -> tuple[Sent, Sent]:
    """A-2025-00001 with a photo, an address and a follow-up, taken by staff; A-2025-00002 whose text is too long
    for its card (it follows in its own message). Returns the two cards."""
    await file_appeal(citizen, "kk", text=TEXT, files=[photo("secret-photo")], name=NAME, phone=PHONE,
                      address=ADDRESS)
    await file_appeal(citizen, "kk", text=LONG_TEXT, name=NAME, phone=PHONE)
    first, second = card_of(tg, STAFF_CHAT_ID, "A-2025-00001"), card_of(tg, STAFF_CHAT_ID, "A-2025-00002")
    assert NAME in (first.text or "") and STORED_PHONE in (first.text or "") and ADDRESS in (first.text or "")
    assert TEXT in (first.text or "") and STORED_PHONE in (second.text or "")
    await staff.click(first, "Өзіме алу")
    reply = await citizen.send("/myappeals")
    reply = await citizen.click(reply.last, "A-2025-00001")
    reply = await citizen.click(reply.last, "Хабарлама қосу")
    reply = await citizen.send(FOLLOW_UP)
    assert "A-2025-00001 өтінішіне қосылды" in reply.text
    shown = tg.sent_to(STAFF_CHAT_ID)
    assert [s for s in shown if s.method == "sendPhoto" and s.params["photo"] == "secret-photo"]
    assert [s for s in shown if "Ұзынмәтін" in (s.text or "") and not s.is_inline]  # the long text's message
    assert [s for s in shown if FOLLOW_UP in (s.text or "")]
    assert leaks(shown)  # before /forget: the staff chat shows all of it
    return first, second


async def forget(citizen: Person) -> None:
    reply = await citizen.send("/forget")
    reply = await citizen.click(reply.last, "🗑")
    assert "дербес деректеріңіз өшірілді" in reply.text


async def test_forget_redacts_the_cards_texts_files_and_follow_ups_in_the_staff_chat(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, staff: Person
) -> None:
    citizen = people("kk", first_name=FIRST_NAME, username=USERNAME)
    first, second = await file_two_appeals(citizen, tg, staff)
    staff_before = len(tg.sent_to(STAFF_CHAT_ID))

    await forget(citizen)

    shown = tg.sent_to(STAFF_CHAT_ID)
    assert leaks(shown) == []
    first, second = tg.messages[(STAFF_CHAT_ID, first.message_id)], tg.messages[(STAFF_CHAT_ID, second.message_id)]
    # the cards keep the ticket, the status, the district and who took it; their buttons are gone
    assert "A-2025-00001" in (first.text or "") and "Жұмыс барысында" in (first.text or "")
    assert "Арал ауданы" in (first.text or "") and "Админ" in (first.text or "")
    assert "A-2025-00002" in (second.text or "") and "🆕 Жаңа" in (second.text or "")
    for card in (first, second):
        assert ERASED_CARD in (card.text or "") and card.buttons == []
    # the photo is deleted; the long text and the follow-up say what they were
    assert [s.deleted for s in shown if s.method == "sendPhoto"] == [True]
    long_text = next(s for s in shown[:staff_before] if s.params.get("text", "").startswith("Ұзынмәтін"))
    assert (long_text.text or "").startswith("🔒 <b>A-2025-00002</b>: бұл хабарламада дербес деректер болған")
    follow_up = next(s for s in shown[:staff_before] if FOLLOW_UP in s.params.get("text", ""))
    assert "A-2025-00001" in (follow_up.text or "") and "🔒" in (follow_up.text or "")
    # staff were told about the open appeals; nothing is left to redact; the database forgot too
    assert "A-2025-00001, A-2025-00002" in (shown[-1].text or "")
    assert await appeals(bot).pending_redactions() == 0
    assert await tables_mentioning(bot, NAME, STORED_PHONE, ADDRESS, TEXT, "Ұзынмәтін", FOLLOW_UP) == []

    # a button pressed on a card (an old copy, a forged press) cannot bring anything back
    await staff.press(first, StaffCb(action="take", id=1).pack())
    await staff.press(first, StaffCb(action="status", id=1, status="answered").pack())
    assert leaks(tg.sent_to(STAFF_CHAT_ID)) == []
    assert tg.messages[(STAFF_CHAT_ID, first.message_id)].buttons == []
    # and /appeal shows the redacted card too
    reply = await staff.send("/appeal A-2025-00001")
    assert ERASED_CARD in (reply.messages[0].text or "") and leaks(reply.messages) == []


async def test_refused_edits_never_undo_the_erasure_nor_log_personal_data(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, staff: Person, log_output: io.StringIO
) -> None:
    citizen = people("kk", first_name=FIRST_NAME, username=USERNAME)
    await file_two_appeals(citizen, tg, staff)

    def refuse(description: str) -> Callable[[dict[str, Any]], tuple[int, dict[str, Any]]]:
        return lambda params: (400, {"ok": False, "error_code": 400, "description": description})

    # Telegram will not let the bot change these messages any more (older than 48 hours, no rights...)
    tg.interceptors["editMessageText"] = refuse("Bad Request: message can't be edited")
    tg.interceptors["editMessageCaption"] = refuse("Bad Request: message can't be edited")
    tg.interceptors["deleteMessage"] = refuse("Bad Request: message can't be deleted")

    await forget(citizen)  # the citizen is told it is done: the erasure does not depend on the staff chat

    assert await tables_mentioning(bot, NAME, STORED_PHONE, ADDRESS, TEXT, "Ұзынмәтін", FOLLOW_UP,
                                   str(citizen.id)) == []
    assert tg.calls_of("editMessageText") and tg.calls_of("deleteMessage")  # it was tried
    assert await appeals(bot).pending_redactions() == 0  # refused for good: not retried forever
    apologies = [s for s in tg.sent_to(citizen.chat_id) if "қате шықты" in (s.text or "")]
    assert apologies == []

    out = log_output.getvalue()
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line for line in lines if line["level"] == "WARNING" and "could not be redacted" in line["message"]]
    assert not [line for line in lines if line["level"] in ("ERROR", "CRITICAL")]
    found = [s for s in SECRETS if s in out]
    assert not found, [line for line in out.splitlines() if any(s in line for s in found)][:5]


async def test_redaction_refused_for_now_is_retried_after_a_restart(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, staff: Person, clock: FakeClock
) -> None:
    citizen = people("kk", first_name=FIRST_NAME, username=USERNAME)
    first, _second = await file_two_appeals(citizen, tg, staff)
    tg.interceptors["editMessageText"] = lambda params: (
        502, {"ok": False, "error_code": 502, "description": "Bad Gateway"})

    await forget(citizen)

    assert await tables_mentioning(bot, NAME, STORED_PHONE) == []  # erased all the same
    assert NAME in (tg.messages[(STAFF_CHAT_ID, first.message_id)].text or "")  # the card is not redacted yet
    assert [s.deleted for s in tg.sent_to(STAFF_CHAT_ID) if s.method == "sendPhoto"] == [True]
    pending = await appeals(bot).pending_redactions()
    assert pending == 4  # two cards, the long text, the follow-up

    del tg.interceptors["editMessageText"]
    await bot.restart()  # the queue is in the database
    assert await redactor(bot).run_once(clock.now()) == {"redacted": 0, "retry": 0, "given_up": 0}  # not yet due
    done = await redactor(bot).run_once(clock.now() + timedelta(minutes=3))
    assert done == {"redacted": 4, "retry": 0, "given_up": 0}
    assert leaks(tg.sent_to(STAFF_CHAT_ID)) == []
    assert ERASED_CARD in (tg.messages[(STAFF_CHAT_ID, first.message_id)].text or "")
    assert await appeals(bot).pending_redactions() == 0


async def test_forget_without_appeals_edits_nothing(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    citizen = people("ru")
    await citizen.send("/start")
    reply = await citizen.send("/forget")
    await citizen.click(reply.last, "🗑")
    assert not tg.calls_of("editMessageText") and not tg.calls_of("deleteMessage")
    assert not tg.sent_to(STAFF_CHAT_ID)
