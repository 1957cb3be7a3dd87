"""One privacy notice for every form: the booking form and the appeal form ask through the consent gate, show the
notice /privacy shows, and one consent serves both; stale, forged and old buttons are refused; a notice survives
a restart."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bot.services import consent as consent_module
from bot.services.consent import PRIVACY_NOTICE_VERSION
from tests.client import Person, Reply
from tests.e2e.appeal_steps import TEXT, L
from tests.e2e.receptions_helpers import AGREE, DECLINE, LEGAL, OVERRIDES, SCHEDULE, add_session, newest
from tests.harness import RunningBot

BOOK_SESSION = {"kk": "📝 Жазылу", "ru": "📝 Записаться"}
DISTRICT = {"kk": "Арал", "ru": "Аральский"}
NAME_STEP = {"kk": "Аты-жөніңізді қалай жазайық", "ru": "Как вас записать"}
APPEAL_NAME_STEP = {"kk": "5-қадам", "ru": "Шаг 5"}
BOOKING_WHY = {"kk": "Сізді кеңеске жазу үшін", "ru": "Чтобы записать вас на консультацию"}
APPEAL_WHY = {"kk": "Өтінішіңізге жауап беру үшін", "ru": "Чтобы ответить на ваше обращение"}
NOTICE_STATUS = {"kk": "Келісім берілген күн", "ru": "Согласие с этим уведомлением дано"}
OUT_OF_DATE = {"kk": "мерзімі өтіп кеткен", "ru": "устарела"}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return dict(OVERRIDES)


def is_alert(reply: Reply) -> bool:
    return reply.answer is not None and reply.answer.get("show_alert") in (True, "true")


async def privacy_notice_text(person: Person) -> str:
    """The notice as /privacy shows it (the citizen's consent status follows it after a blank line)."""
    reply = await person.send("/privacy")
    return (reply.last.text or "").rsplit("\n\n", 1)[0]


async def booking_until_notice(person: Person, lang: str) -> Reply:
    """The legal-help menu -> schedule -> district -> "book" under the session: the form's first answer."""
    reply = await person.send(LEGAL[lang])
    reply = await person.click(reply.last, SCHEDULE[lang])
    reply = await person.click(reply.last, DISTRICT[lang])
    return await person.click(reply.last, BOOK_SESSION[lang])


async def appeal_until_notice(person: Person, lang: str) -> Reply:
    """The appeal form up to the step after the files: the notice, or the name step for one who agreed."""
    reply = await person.send(L[lang]["reception"])
    reply = await person.click(reply.last, L[lang]["write"])
    reply = await person.click(reply.last, L[lang]["housing"])
    reply = await person.click(reply.last, L[lang]["aral"])
    reply = await person.send(TEXT[lang])
    return await person.click(reply.last, L[lang]["skip_files"])


async def consents(bot: RunningBot, person: Person) -> int:
    assert bot.runtime is not None
    return int(await bot.runtime.db.fetchval("SELECT count(*) FROM consents WHERE user_id = ?", (person.id,)))


async def fsm_state(bot: RunningBot, person: Person) -> str | None:
    assert bot.runtime is not None
    value = await bot.runtime.db.fetchval("SELECT state FROM fsm_state WHERE key LIKE ?", (f"%:{person.id}:%",))
    return None if value is None else str(value)


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("first", ["booking", "appeal"])
async def test_both_forms_show_the_privacy_notice_and_one_consent_serves_both(
    bot: RunningBot, people: Callable[..., Person], lang: str, first: str
) -> None:
    await add_session(bot, "aral", day=5)
    person = people(lang, first_name="Айгүл")
    notice = await privacy_notice_text(person)
    assert notice.startswith("🔒") and "/mydata" in notice

    booking = newest(await booking_until_notice(person, lang))
    await person.send("/cancel")  # the booking form is left at its notice
    appeal = newest(await appeal_until_notice(person, lang))
    for screen, why in ((booking, BOOKING_WHY[lang]), (appeal, APPEAL_WHY[lang])):
        text = screen.text or ""
        assert text.endswith(notice), text  # the notice itself is /privacy's, word for word
        assert why in text.removesuffix(notice)  # only the form's own sentence comes above it
        assert screen.buttons == [AGREE[lang], DECLINE[lang]]
    assert await consents(bot, person) == 0

    if first == "booking":
        # the booking's notice belongs to the cancelled booking form: refused, nothing recorded
        reply = await person.click(booking, AGREE[lang])
        assert is_alert(reply) and OUT_OF_DATE[lang] in reply.answer["text"]  # type: ignore[index]
        assert await consents(bot, person) == 0
        assert booking.buttons == []
        reply = await person.send("/cancel")
        reply = await booking_until_notice(person, lang)
        reply = await person.click(newest(reply), AGREE[lang])
        assert NAME_STEP[lang] in reply.text
        # agreed in the booking: the appeal form goes from the files straight to the name
        await person.send("/cancel")
        reply = await appeal_until_notice(person, lang)
        assert APPEAL_NAME_STEP[lang] in reply.text and notice not in reply.text
    else:
        reply = await person.click(appeal, AGREE[lang])
        assert APPEAL_NAME_STEP[lang] in reply.text
        assert appeal.buttons == []
        # agreed in the appeal: the booking form goes from the session straight to the name
        await person.send("/cancel")
        reply = await booking_until_notice(person, lang)
        assert NAME_STEP[lang] in reply.text and notice not in reply.text
    assert await consents(bot, person) == 1
    assert NOTICE_STATUS[lang] in (await person.send("/privacy")).text


@pytest.mark.parametrize(("lang", "kept", "resume", "cancel", "cancelled"), [
    ("kk", "Жобаңыз сіз шешім қабылдағанша сақталады", "Жалғастыру", "✖️ Бас тарту", "Ештеңе сақталған жоқ"),
    ("ru", "Черновик сохранится, пока вы не решите", "Продолжить", "✖️ Отменить", "Ничего не сохранено"),
])
async def test_declining_in_the_appeal_form_keeps_the_draft_until_the_citizen_decides(
    bot: RunningBot, people: Callable[..., Person], lang: str, kept: str, resume: str, cancel: str, cancelled: str
) -> None:
    # consent is asked after the whole text was typed: declining used to throw the text away
    person = people(lang)
    reply = await appeal_until_notice(person, lang)
    reply = await person.click(newest(reply), DECLINE[lang])
    assert kept in reply.text and "<" not in reply.text
    assert await consents(bot, person) == 0
    assert await fsm_state(bot, person) is None  # not in the form: what they type next is a question
    assert bot.runtime is not None
    assert await bot.runtime.db.fetchval("SELECT count(*) FROM appeals") == 0
    decision = newest(reply)
    reply = await person.click(decision, resume)  # changed their mind: the notice again, the text still there
    assert AGREE[lang] in newest(reply).buttons
    reply = await person.click(newest(reply), AGREE[lang])
    assert APPEAL_NAME_STEP[lang] in reply.text
    assert await bot.runtime.db.fetchval(
        "SELECT count(*) FROM fsm_state WHERE user_id = ? AND data LIKE ?", (person.id, f"%{TEXT[lang][:20]}%")) == 1

    other = people(lang)
    reply = await appeal_until_notice(other, lang)
    reply = await other.click(newest(reply), DECLINE[lang])
    reply = await other.click(newest(reply), cancel)  # decided: the draft is deleted, nothing stays
    assert cancelled in reply.text
    assert await bot.runtime.db.fetchval("SELECT count(*) FROM fsm_state WHERE user_id = ? AND data LIKE ?",
                                         (other.id, f"%{TEXT[lang][:20]}%")) == 0
    reply = await appeal_until_notice(other, lang)  # asked again next time
    assert AGREE[lang] in newest(reply).buttons


async def test_a_notice_shown_before_a_restart_is_answered_after_it(
    bot: RunningBot, people: Callable[..., Person]
) -> None:
    await add_session(bot, "aral", day=5)
    alice, ivan = people("kk", first_name="Айгүл"), people("ru", first_name="Иван")
    booking = newest(await booking_until_notice(alice, "kk"))
    appeal = newest(await appeal_until_notice(ivan, "ru"))
    await bot.restart()
    reply = await alice.click(booking, AGREE["kk"])
    assert NAME_STEP["kk"] in reply.text and "Айгүл" in newest(reply).buttons
    assert await fsm_state(bot, alice) == "BookingForm:name"
    reply = await ivan.click(appeal, AGREE["ru"])
    assert APPEAL_NAME_STEP["ru"] in reply.text
    assert await fsm_state(bot, ivan) == "AppealForm:name"


async def test_typing_at_the_notice_shows_it_again(bot: RunningBot, people: Callable[..., Person]) -> None:
    await add_session(bot, "aral", day=5)
    alice = people("kk", first_name="Айгүл")
    first = newest(await booking_until_notice(alice, "kk"))
    reply = await alice.send("Айгүл Серікова")  # not an answer: the notice waits for a button
    again = newest(reply)
    assert "батырмалардың бірін" in (again.text or "") and again.buttons == [AGREE["kk"], DECLINE["kk"]]
    assert await fsm_state(bot, alice) == "BookingForm:consent" and await consents(bot, alice) == 0
    reply = await alice.click(first, AGREE["kk"])  # either notice of this step answers it
    assert NAME_STEP["kk"] in reply.text

    ivan = people("ru")
    await appeal_until_notice(ivan, "ru")
    reply = await ivan.send("Иван Петров")
    assert "одной из кнопок" in reply.text and AGREE["ru"] in newest(reply).buttons
    # /privacy in the form pauses it (bot.middlewares.forms); agreed there, the form continues at the name step
    reply = await ivan.send("/privacy")
    await ivan.click(reply.messages[0], AGREE["ru"])
    reply = await ivan.click(reply.last, "Продолжить")
    assert APPEAL_NAME_STEP["ru"] in reply.text and "одной из кнопок" not in reply.text


async def test_stale_forged_and_old_consent_buttons_are_refused(
    bot: RunningBot, people: Callable[..., Person]
) -> None:
    await add_session(bot, "aral", day=5)
    ivan = people("ru")
    notice = newest(await booking_until_notice(ivan, "ru"))
    agree_data = notice.button(AGREE["ru"])["callback_data"]
    assert agree_data.startswith(f"consent:yes:booking:{PRIVACY_NOTICE_VERSION}:")
    # a token the form does not wait on
    reply = await ivan.press(notice, f"consent:yes:booking:{PRIVACY_NOTICE_VERSION}:forged")
    assert is_alert(reply) and await consents(bot, ivan) == 0
    # the old layouts of the form's own consent buttons, still in people's chats
    for data in ("lgf:agree:1", "lgf:decline:1", "apf:consent:"):
        reply = await ivan.press(notice, data)
        assert is_alert(reply), data
    assert await consents(bot, ivan) == 0 and await fsm_state(bot, ivan) == "BookingForm:consent"
    # the form is cancelled: its notice no longer answers, and loses its buttons
    await ivan.send("/cancel")
    reply = await ivan.press(notice, agree_data)
    assert is_alert(reply) and await consents(bot, ivan) == 0 and await fsm_state(bot, ivan) is None
    assert notice.buttons == []
    # the gate's own buttons as they were before they carried the form's token
    reply = await ivan.press(notice, "consent:yes:booking:1")
    assert is_alert(reply) and await consents(bot, ivan) == 0


async def test_a_form_notice_of_an_older_version_shows_the_new_one(
    bot: RunningBot, people: Callable[..., Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    await add_session(bot, "aral", day=5)
    alice = people("kk", first_name="Айгүл")
    shown_by_privacy = await privacy_notice_text(alice)  # before the form: /privacy in a form would pause it
    notice = newest(await booking_until_notice(alice, "kk"))
    monkeypatch.setattr(consent_module, "PRIVACY_NOTICE_VERSION", PRIVACY_NOTICE_VERSION + 1)
    await bot.restart()
    reply = await alice.click(notice, AGREE["kk"])  # read before the notice changed: no consent to the new one
    assert is_alert(reply) and await consents(bot, alice) == 0
    new = newest(reply)
    assert new is not notice and (new.text or "").endswith(shown_by_privacy)
    reply = await alice.click(new, AGREE["kk"])
    assert NAME_STEP["kk"] in reply.text
    assert bot.runtime is not None
    assert await bot.runtime.db.fetchval("SELECT version FROM consents WHERE user_id = ?",
                                         (alice.id,)) == PRIVACY_NOTICE_VERSION + 1
