"""Personal data end to end: the privacy notice and consent gate, /privacy, /mydata, /forget, retention job."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.db.users import User
from bot.handlers.privacy import ConsentGate
from bot.services import consent as consent_module
from bot.services.privacy import PrivacyService
from tests.client import Person
from tests.conftest import STAFF_CHAT_ID, RunningBot
from tests.e2e.appeal_steps import L
from tests.e2e.personal_data import tables_mentioning
from tests.fakeapi import FakeTelegram

# A feature that needs personal data, as the appeals and bookings features will use the gate.
form = Router(name="test-form")


@form.message(Command("testform"))
async def start_form(message: Message, user: User, consent_gate: ConsentGate) -> None:
    if not await consent_gate.ensure(message, user.id, purpose="testform"):
        return
    await message.answer("FORM: your phone?")


async def form_after_consent(query: CallbackQuery, user: User) -> None:
    assert isinstance(query.message, Message)
    await query.message.answer(f"FORM: your phone? ({user.language})")


@pytest.fixture
def extra_routers() -> list[Router]:
    return [form]


def gate(bot: RunningBot) -> ConsentGate:
    assert bot.runtime is not None
    consent_gate: ConsentGate = bot.runtime.dp["consent_gate"]
    consent_gate.on_accept("testform", form_after_consent)
    return consent_gate


def privacy_service(bot: RunningBot) -> PrivacyService:
    assert bot.runtime is not None
    return bot.runtime.dp["privacy"]  # type: ignore[no-any-return]


NOTICE = {"kk": "Дербес деректер", "ru": "Персональные данные"}
AGREE = {"kk": "Келісемін", "ru": "Даю согласие"}
DECLINE = {"kk": "Келіспеймін", "ru": "Отказаться"}


@pytest.mark.parametrize("lang", ["kk", "ru"])
async def test_consent_gate_shows_the_notice_once_then_the_feature_goes_on(
    bot: RunningBot, people: Callable[..., Person], lang: str
) -> None:
    gate(bot)
    person = people(lang)
    reply = await person.send("/testform")
    notice = reply.last
    assert NOTICE[lang] in (notice.text or "") and "365" in (notice.text or "")
    assert "FORM" not in reply.text
    assert len(notice.buttons) == 2
    reply = await person.click(notice, AGREE[lang])
    assert reply.answer is not None
    assert "FORM: your phone? (" + lang + ")" in reply.text  # the feature's continuation ran
    assert notice.buttons == []  # the buttons are gone, so the notice cannot be answered twice
    reply = await person.send("/testform")
    assert reply.text == "FORM: your phone?"  # consent given: no notice any more


async def test_declining_takes_no_data_and_explains(bot: RunningBot, people: Callable[..., Person]) -> None:
    gate(bot)
    ivan = people("ru")
    reply = await ivan.send("/testform")
    reply = await ivan.click(reply.last, DECLINE["ru"])
    assert "без вашего согласия" in reply.text and "FORM" not in reply.text
    reply = await ivan.send("/testform")
    assert NOTICE["ru"] in reply.text  # asked again next time


async def test_a_new_notice_version_asks_again_and_old_buttons_are_refused(
    bot: RunningBot, people: Callable[..., Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    gate(bot)
    alice = people("kk")
    reply = await alice.send("/testform")
    old_notice = reply.last
    await alice.click(old_notice, AGREE["kk"])
    reply = await alice.send("/testform")
    assert "FORM" in reply.text

    old = consent_module.PRIVACY_NOTICE_VERSION
    monkeypatch.setattr(consent_module, "PRIVACY_NOTICE_VERSION", old + 1)
    await bot.restart()
    gate(bot)
    reply = await alice.send("/testform")
    assert NOTICE["kk"] in reply.text  # the new version needs a fresh consent
    new_notice = reply.last
    # a button under an older notice (forged or kept from before) does not count as consent to the new one
    reply = await alice.press(new_notice, f"consent:yes:testform:{old}:")
    assert reply.answer is not None and reply.answer.get("show_alert") in {True, "true"}
    assert NOTICE["kk"] in reply.text and "FORM" not in reply.text
    assert bot.runtime is not None
    assert not await bot.runtime.dp["consent"].has_current(alice.id)
    reply = await alice.click(reply.messages[-1], AGREE["kk"])
    assert "FORM" in reply.text
    assert await bot.runtime.db.fetchval("SELECT group_concat(version) FROM consents WHERE user_id = ?",
                                         (alice.id,)) == f"{old},{old + 1}"


@pytest.mark.parametrize(
    ("lang", "not_yet", "agreed", "withdrawn"),
    [
        ("kk", "әлі келісім берген жоқсыз", "Келісім берілген күн: 2025 жылғы 3 наурыз", "кері қайтарылды"),
        ("ru", "ещё не давали согласия", "3 марта 2025 года", "Согласие отозвано"),
    ],
)
async def test_privacy_command_shows_the_notice_status_and_withdrawal(
    bot: RunningBot, people: Callable[..., Person], lang: str, not_yet: str, agreed: str, withdrawn: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    person = people(lang)
    reply = await person.send("/privacy")
    assert NOTICE[lang] in reply.text and not_yet in reply.text
    reply = await person.click(reply.last, AGREE[lang])
    assert bot.runtime is not None
    # the date is the day consent was given, in Kyzylorda, formatted for the language
    await bot.runtime.db.execute("UPDATE consents SET given_at = '2025-03-03T04:00:00Z' WHERE user_id = ?",
                                 (person.id,))
    reply = await person.send("/privacy")
    assert agreed in reply.text.replace("\u202f", " ") and not_yet not in reply.text
    reply = await person.click(reply.last, "↩️")
    assert withdrawn in reply.text
    assert not await bot.runtime.dp["consent"].has_current(person.id)


def document_of(tg: FakeTelegram, chat_id: int) -> dict[str, Any]:
    docs = [s for s in tg.sent_to(chat_id) if s.method == "sendDocument"]
    assert len(docs) == 1
    assert docs[0].params.get("document", "").startswith("attach://")
    return json.loads(docs[0].files["document"].decode("utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize(("lang", "caption"), [("kk", "JSON файлы"), ("ru", "файла JSON")])
async def test_mydata_sends_the_citizens_own_data_as_json(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, lang: str, caption: str
) -> None:
    alice = people(lang, first_name="Айгүл-Экспорт", username="aigul_export")
    bob = people("ru", first_name="Бауыржан-Чужой")
    await bob.send("/start")
    await alice.send("/privacy")
    await alice.click(tg.sent_to(alice.chat_id)[-1], AGREE[lang])
    reply = await alice.send("/mydata")
    sent = reply.last
    assert sent.method == "sendDocument" and caption in (sent.text or "")
    assert sent.files["document"].decode("utf-8").startswith("{\n  ")  # pretty-printed
    document = document_of(tg, alice.chat_id)
    assert document["telegram_user_id"] == alice.id
    profile = document["data"]["core"]["profile"]
    assert profile["first_name"] == "Айгүл-Экспорт"
    assert profile["language"] == lang
    assert document["data"]["core"]["consents"][0]["notice_version"] == consent_module.PRIVACY_NOTICE_VERSION
    raw = sent.files["document"].decode("utf-8")
    assert "Бауыржан" not in raw and str(bob.id) not in raw
    assert "Айгүл-Экспорт" in raw  # UTF-8, not \\u escapes


async def test_mydata_and_forget_refuse_to_work_in_a_group(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    staff = people("ru", chat_id=STAFF_CHAT_ID)
    for command in ("/mydata", "/forget"):
        reply = await staff.send(command)
        assert "только в личном чате" in reply.text
    assert not [s for s in tg.sent if s.method == "sendDocument"]


class FakeAppeals:
    name = "other-appeals"

    def __init__(self, open_ids: list[str]) -> None:
        self.open_ids = open_ids
        self.forgotten: list[int] = []

    async def export_user(self, user_id: int) -> dict[str, Any]:
        return {"appeals": [{"id": i, "status": "open"} for i in self.open_ids]}

    async def forget_user(self, user_id: int) -> dict[str, Any]:
        self.forgotten.append(user_id)
        return {"open_appeals": len(self.open_ids), "open_tickets": self.open_ids}


@pytest.mark.parametrize(("lang", "done"), [("kk", "дербес деректеріңіз өшірілді"), ("ru", "данные удалены")])
async def test_forget_erases_everything_after_confirmation(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, lang: str, done: str
) -> None:
    gate(bot)
    alice = people(lang, first_name="Айгүл-Өшіру", username="aigul_forget")
    bob = people("ru", first_name="Бауыржан-Остаётся")
    for person in (alice, bob):
        reply = await person.send("/testform")
        await person.click(reply.last, AGREE[person.language_code])
    await alice.send("/language")  # some state of her own
    reply = await alice.send("/forget")
    assert "<b>" in reply.text and len(reply.last.buttons) == 2
    assert await tables_mentioning(bot, str(alice.id), "Айгүл-Өшіру")  # before: she is there

    reply = await alice.click(reply.last, "🗑")
    assert done in reply.text
    assert await tables_mentioning(bot, str(alice.id), "Айгүл-Өшіру", "aigul_forget") == []
    assert await tables_mentioning(bot, str(bob.id), "Бауыржан-Остаётся")  # others untouched
    assert not tg.sent_to(STAFF_CHAT_ID)  # no open appeals: nothing to tell the staff
    assert await privacy_service(bot).statistics() == {"forget": 1}

    # she can use the bot again, as a new visitor: and is asked for consent again
    reply = await alice.send("/testform")
    assert NOTICE[lang] in reply.text


async def test_forget_erases_a_subscribed_citizen(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    # features whose forget_user reports a number of rows (subscriptions, bookings) once made /forget fail and
    # roll back: the citizen got an apology and kept all their data
    alice = people("ru", first_name="Алия-Подписчица")
    await alice.send("/subscribe")
    assert await tables_mentioning(bot, str(alice.id), "Алия-Подписчица")
    reply = await alice.send("/forget")
    reply = await alice.click(reply.last, "🗑")
    assert "данные удалены" in reply.text
    assert await tables_mentioning(bot, str(alice.id), "Алия-Подписчица") == []


async def test_forget_in_the_middle_of_a_form_leaves_no_form_behind(
    bot: RunningBot, people: Callable[..., Person]
) -> None:
    # the form's state was erased in the database but once lived on in the FSM storage's memory: the next
    # question was taken as an answer to the form
    question = "Газдандыру қанша ауылға жетті?"
    expected = (await people("kk").send(question)).text
    alice = people("kk", first_name="Әлия-Формада")
    reply = await alice.send(L["kk"]["reception"])
    reply = await alice.click(reply.last, L["kk"]["write"])  # the form asks for a category
    reply = await alice.send("/forget")  # pauses the form (bot.middlewares.forms); erasing removes it too
    assert "тоқтатыла тұрды" in reply.last.text
    reply = await alice.click(reply.messages[0], "🗑")
    assert "өшірілді" in reply.text
    assert (await alice.send(question)).text == expected
    reply = await alice.click(next(m for m in alice.tg.sent_to(alice.chat_id) if "тоқтатыла" in (m.text or "")),
                              "Жалғастыру")
    assert "енді ашық емес" in reply.text


async def test_forget_tells_staff_about_open_appeals(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    appeals = FakeAppeals(["A-2025-00012", "A-2025-00015"])
    privacy_service(bot).register(appeals)
    ivan = people("ru")
    reply = await ivan.send("/mydata")
    assert document_of(tg, ivan.chat_id)["data"]["other-appeals"]["appeals"][0]["id"] == "A-2025-00012"
    reply = await ivan.send("/forget")
    reply = await ivan.click(reply.last, "🗑")
    assert appeals.forgotten == [ivan.id]
    alerts = tg.sent_to(STAFF_CHAT_ID)
    assert len(alerts) == 1
    text = alerts[0].text or ""
    # the staff chat speaks the default language
    assert "2 өтініші әлі ашық" in text and "A-2025-00012, A-2025-00015" in text
    assert str(ivan.id) not in text


async def test_forget_cancelled_or_stale_erases_nothing(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    alice, mallory = people("kk"), people("ru")
    await alice.send("/start")
    reply = await alice.send("/forget")
    reply = await alice.click(reply.last, "↩️")
    assert "Ештеңе өшірілген жоқ" in reply.text
    # an old confirmation, and forged data: refused
    reply = await alice.send("/forget")
    old = int(time.time()) - 3 * 24 * 3600
    for data in (f"forget:yes:{old}", "forget:maybe:0", "forget:yes:notanumber"):
        answer = await alice.press(reply.last, data)
        if data.endswith("notanumber"):
            continue  # not parseable as our button: ignored
        assert answer.answer is not None and "/forget" in answer.answer.get("text", "")
    assert await tables_mentioning(bot, str(alice.id))
    # Mallory presses "yes" on a copy of Alice's confirmation: it can only ever erase Mallory herself
    await mallory.send("/start")
    assert bot.runtime is not None
    now = int(bot.runtime.dp["clock"].now().timestamp())
    await mallory.press(reply.last, f"forget:yes:{now}")
    assert await tables_mentioning(bot, str(alice.id))
    assert not await tables_mentioning(bot, str(mallory.id))


async def test_retention_job_runs_in_the_background(bot: RunningBot) -> None:
    assert bot.runtime is not None
    jobs = bot.runtime.dp["jobs"]
    assert {"retention", "processed-updates-prune"} <= set(jobs.running)
