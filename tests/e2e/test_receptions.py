"""Legal-help receptions end to end, citizens' side: the real Bot and Dispatcher over HTTP against the fake Bot
API server, in Kazakh and in Russian."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.client import Person
from tests.conftest import RunningBot
from tests.e2e.receptions_helpers import (
    BOOK,
    BOOKED,
    CONFIRM,
    DECLINE,
    FULL,
    JOIN_WAITLIST,
    LEGAL,
    NOTICE,
    OVERRIDES,
    SCHEDULE,
    SKIP,
    add_session,
    book_via_session_button,
    fill_form,
    jobs,
    local,
    newest,
    service,
    text_of,
)
from tests.fakeapi import FakeTelegram

CODE = re.compile(r"<b>([2-9A-HJ-NP-Z]{6})</b>")


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return dict(OVERRIDES)


async def test_browse_book_see_and_cancel_in_kazakh(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    session = await add_session(bot, "aral", day=5, places=3, specialist="Серік Ахметов")
    alice = people("kk", first_name="Айгүл")
    reply = await alice.send(LEGAL["kk"])
    menu = reply.last
    assert "123" in (menu.text or "") and "363" in (menu.text or "")  # the 2024 figures, from the knowledge base
    reply = await alice.click(menu, SCHEDULE["kk"])
    assert "Арал ауданы: 3 бос орын" in reply.last.buttons
    reply = await alice.click(reply.last, "Арал ауданы")
    screen = reply.last
    text = screen.text or ""
    assert "5 наурыз, сәрсенбі, 10:00–13:00" in text and "Арал қаласы" in text and "Серік Ахметов" in text
    assert "🪑 Бос орын: 3 (барлығы 3)" in text
    reply = await alice.click(screen, "📝 Жазылу")
    assert NOTICE["kk"] in reply.text  # the privacy notice comes before any personal question
    reply = await alice.click(reply.last, "✅ Келісемін")
    assert "Аты-жөніңізді қалай жазайық" in reply.text
    assert "Айгүл" in newest(reply).buttons  # the name from Telegram, one tap away
    reply = await alice.click(newest(reply), "Айгүл")
    assert "Телефон нөміріңіз" in reply.text
    assert reply.last.reply_markup is not None
    assert reply.last.reply_markup["keyboard"][0][0].get("request_contact") is True
    reply = await alice.share_contact("87012345678")
    reply = await alice.send("Пәтерге қатысты дау")
    assert "Пәтерге қатысты дау" in reply.text and "+77012345678" in reply.text
    summary = reply.last
    confirm_data = summary.button(CONFIRM["kk"])["callback_data"]
    reply = await alice.click(summary, CONFIRM["kk"])
    confirmation = reply.last.text or ""
    again = await alice.press(summary, confirm_data)  # a double tap changes nothing
    assert again.answer is not None and again.answer.get("show_alert") in (True, "true")
    assert summary.text == confirmation
    assert BOOKED["kk"] in confirmation and "5 наурыз, сәрсенбі" in confirmation and "Арал қаласы" in confirmation
    assert "Жеке куәлігіңізді" in confirmation  # what to bring
    code = CODE.search(confirmation)
    assert code is not None

    reply = await alice.send("/mybookings")
    assert code.group(1) in reply.text
    reply = await alice.click(reply.last, f"❌ {code.group(1)}")
    assert "бас тартасыз ба" in reply.text
    reply = await alice.click(reply.last, "Иә, бас тартамын")
    assert "жойылды" in reply.text
    fresh = await service(bot).session(session.id, bot.clock.now())
    assert fresh is not None and fresh.free == 3
    reply = await alice.send("/mybookings")
    assert "Алдағы жазылуларыңыз жоқ" in reply.text


async def test_book_a_time_slot_in_russian(bot: RunningBot, people: Callable[..., Person]) -> None:
    await add_session(bot, "shieli", day=6, start=10, end=11, slot_minutes=20, topic="pensions")
    ivan = people("ru", first_name="Иван")
    reply = await ivan.send(LEGAL["ru"])
    reply = await ivan.click(reply.last, BOOK["ru"])
    assert "Выберите ваш район" in reply.text
    reply = await ivan.click(reply.last, "Шиелийский район")
    reply = await ivan.click(reply.last, "6 марта")
    assert "Выберите время" in reply.text and "6 марта, четверг" in reply.text
    assert reply.last.buttons[:3] == ["10:00", "10:20", "10:40"]
    reply = await ivan.click(reply.last, "10:20")
    reply = await ivan.click(reply.last, "✅ Даю согласие")
    reply = await ivan.send("Иван Петров")
    reply = await ivan.send("8 (701) 234-56-78")
    assert "Кратко опишите" in reply.text
    reply = await ivan.send(SKIP["ru"])
    assert "Иван Петров" in reply.text and "+77012345678" in reply.text
    reply = await ivan.click(reply.last, CONFIRM["ru"])
    text = reply.last.text or ""
    assert BOOKED["ru"] in text and "6 марта, четверг, 10:20" in text and "Пенсии и пособия" in text
    reply = await ivan.send("/mybookings")
    assert "10:20" in reply.text and "пос. Шиели" in reply.text


async def test_bad_input_in_the_form_changes_nothing(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    await add_session(bot, "kazaly", day=5)
    ivan = people("ru", first_name="🦄")  # a Telegram name that is not a name: no button offered
    reply = await ivan.send(LEGAL["ru"])
    reply = await ivan.click(reply.last, SCHEDULE["ru"])
    reply = await ivan.click(reply.last, "Казалинский")
    reply = await ivan.click(reply.last, "📝 Записаться")
    reply = await ivan.click(reply.last, "✅ Даю согласие")
    assert newest(reply).buttons == ["❌ Отменить запись"]
    reply = await ivan.send("Иван1")
    assert "только буквы" in reply.text
    reply = await ivan.send("Иван Петров")
    reply = await ivan.send("+7 912 345 67 89")  # a Russian number
    assert "не похоже на казахстанский номер" in reply.text
    # A contact that is not the sender's own.
    reply = await ivan.send_raw(contact={"phone_number": "+77015556677", "first_name": "X", "user_id": 42})
    assert "свой собственный номер" in reply.text
    reply = await ivan.send_raw(sticker={"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1,
                                         "height": 1, "is_animated": False, "is_video": False})
    assert "не похоже на казахстанский номер" in reply.text
    reply = await ivan.send("８７０１２３４５６７８")  # fullwidth digits: not a number staff can dial
    assert "не похоже на казахстанский номер" in reply.text
    reply = await ivan.send("8\u2212701\u2212234\u221256\u221278")  # minus signs for dashes
    assert "Кратко опишите" in reply.text
    # A command in the middle of the form is a command, not an answer; the form is paused until «Continue».
    reply = await ivan.send("/mybookings")
    assert "Предстоящих записей у вас нет" in reply.text and "Запись приостановлена" in reply.last.text
    reply = await ivan.click(reply.last, "Продолжить")
    assert "Кратко опишите" in reply.text
    reply = await ivan.send("ж" * 501)
    assert "501 символ," in reply.text and "не больше 500" in reply.text
    reply = await ivan.send("ж" * 500)
    assert CONFIRM["ru"] in reply.last.buttons
    assert await bot.runtime.db.fetchval("SELECT count(*) FROM rc_bookings") == 0  # type: ignore[union-attr]
    reply = await ivan.send("❌ Отменить запись")
    assert "Ничего не сохранено" in reply.text
    assert await bot.runtime.db.fetchval("SELECT count(*) FROM rc_bookings") == 0  # type: ignore[union-attr]


async def test_declining_consent_stores_nothing(bot: RunningBot, people: Callable[..., Person]) -> None:
    await add_session(bot, "aral")
    alice = people("kk")
    reply = await alice.send(LEGAL["kk"])
    reply = await alice.click(reply.last, SCHEDULE["kk"])
    reply = await alice.click(reply.last, "Арал")
    reply = await alice.click(reply.last, "📝 Жазылу")
    reply = await alice.click(reply.last, DECLINE["kk"])
    assert "ештеңе сақталған жоқ" in reply.text
    db = bot.runtime.db  # type: ignore[union-attr]
    assert await db.fetchval("SELECT count(*) FROM consents") == 0
    assert await db.fetchval("SELECT count(*) FROM rc_bookings") == 0
    assert await db.fetchval("SELECT state FROM fsm_state WHERE key LIKE ?", (f"%:{alice.id}:%",)) is None


async def test_limits_one_per_session_and_two_active(bot: RunningBot, people: Callable[..., Person]) -> None:
    s1 = await add_session(bot, "aral", day=5)
    s2 = await add_session(bot, "aral", day=6)
    await add_session(bot, "aral", day=7)
    alice = people("kk", first_name="Айгүл")
    for session in (s1, s2):
        reply = await alice.send(LEGAL["kk"])
        reply = await alice.click(reply.last, SCHEDULE["kk"])
        reply = await alice.click(reply.last, "Арал")
        day = "5 наурыз" if session is s1 else "6 наурыз"
        reply = await book_via_session_button(alice, reply.last, f"📝 Жазылу: ср, {day}" if session is s1
                                              else f"📝 Жазылу: бс, {day}", "kk")
        reply = await alice.click(reply.last, CONFIRM["kk"])
        assert BOOKED["kk"] in reply.text
    reply = await alice.send(LEGAL["kk"])
    reply = await alice.click(reply.last, SCHEDULE["kk"])
    reply = await alice.click(reply.last, "Арал")
    screen = reply.last
    reply = await alice.click(screen, "5 наурыз")
    assert reply.answer is not None and "жазылып қойғансыз" in reply.answer["text"]
    reply = await alice.click(screen, "7 наурыз")
    assert reply.answer is not None and "2 белсенді жазылу" in reply.answer["text"]


async def test_booking_closes_an_hour_before_and_old_buttons_are_answered(
    bot: RunningBot, people: Callable[..., Person]
) -> None:
    session = await add_session(bot, "aral", day=5)
    ivan = people("ru")
    reply = await ivan.send(LEGAL["ru"])
    reply = await ivan.click(reply.last, SCHEDULE["ru"])
    reply = await ivan.click(reply.last, "Аральский")
    screen = reply.last
    bot.clock.set(local(5, 9, 30))  # half an hour before the start
    reply = await ivan.click(screen, "📝 Записаться")
    assert reply.answer is not None and "меньше чем через час" in reply.answer["text"]
    bot.clock.set(local(3, 9))
    await service(bot).cancel_session(900_001, session.id, bot.clock.now())
    reply = await ivan.click(screen, "📝 Записаться")
    assert reply.answer is not None and "отменён" in reply.answer["text"]
    # A forged button for a session that never existed, and a date in the past.
    reply = await ivan.press(screen, "lgs:987654")
    assert reply.answer is not None and "больше нет" in reply.answer["text"]
    reply = await ivan.press(screen, "lgday:aral:20250301")
    assert reply.answer is not None and "уже прошла" in reply.answer["text"]
    reply = await ivan.press(screen, "lgday:nowhere:20250305")
    assert reply.answer is not None and "/menu" in reply.answer["text"]


async def test_full_session_waitlist_and_promotion_in_both_languages(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    session = await add_session(bot, "zhalagash", day=5, places=1)
    alice, ivan = people("kk", first_name="Айгүл"), people("ru", first_name="Иван")
    # Alice books the only place.
    reply = await alice.send(LEGAL["kk"])
    reply = await alice.click(reply.last, SCHEDULE["kk"])
    reply = await alice.click(reply.last, "Жалағаш")
    reply = await book_via_session_button(alice, reply.last, "📝 Жазылу", "kk")
    reply = await alice.click(reply.last, CONFIRM["kk"])
    code = CODE.search(reply.last.text or "")
    assert code is not None
    # Ivan finds the session full and joins the waitlist.
    reply = await ivan.send(LEGAL["ru"])
    reply = await ivan.click(reply.last, SCHEDULE["ru"])
    assert "Жалагашский район: только лист ожидания" in reply.last.buttons
    reply = await ivan.click(reply.last, "Жалагашский")
    assert "Свободных мест нет" in reply.text
    reply = await book_via_session_button(ivan, reply.last, "🕒 Лист ожидания", "ru")
    reply = await ivan.click(reply.last, JOIN_WAITLIST["ru"])
    assert "ваш номер в очереди: 1" in reply.text
    reply = await ivan.send("/mybookings")
    assert "Лист ожидания" in reply.text
    # Alice cancels: the place is offered to Ivan at once, in Russian, with a deadline.
    before = len(tg.sent)
    reply = await alice.send("/mybookings")
    reply = await alice.click(reply.last, f"❌ {code.group(1)}")
    reply = await alice.click(reply.last, "Иә, бас тартамын")
    await jobs(bot).settle()  # the offer goes out in the background, at once
    offers = [s for s in tg.sent[before:] if s.chat_id == ivan.chat_id]
    assert len(offers) == 1 and "освободилось место" in (offers[0].text or "")
    assert "до 3 марта, понедельник, 11:00" in (offers[0].text or "")  # held for two hours
    reply = await ivan.click(offers[0], "✅ Занять место")
    assert BOOKED["ru"] in reply.text
    booking = (await service(bot).my_bookings(ivan.id, bot.clock.now()))[0]
    assert booking.session.id == session.id and booking.phone == "+77012345678"


async def test_an_unanswered_offer_passes_to_the_next(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    session = await add_session(bot, "aral", day=6, places=1)
    svc = service(bot)
    now = bot.clock.now()
    first = await svc.book(user_id=1, session_id=session.id, name="Бірінші Адам", phone="87010000001",
                           question=None, language="kk", now=now)
    alice, ivan = people("kk"), people("ru")
    for person in (alice, ivan):
        await person.send("/start")
        await svc.join_waitlist(user_id=person.id, session_id=session.id, name="Азамат Азаматов",
                                phone="87010000002", question=None, language=person.language_code or "kk", now=now)
    await svc.cancel_booking(1, first.id, now)
    await jobs(bot).run_once(now)
    offer = [s for s in tg.sent if s.chat_id == alice.chat_id and "Сізге орын босады" in (s.text or "")]
    assert len(offer) == 1
    bot.clock.advance(hours=2, minutes=1)
    await jobs(bot).run_once()
    assert any("растау уақыты өтіп кетті" in (s.text or "") for s in tg.sent_to(alice.chat_id))
    to_ivan = [s for s in tg.sent_to(ivan.chat_id) if "освободилось место" in (s.text or "")]
    assert len(to_ivan) == 1
    reply = await alice.click(offer[0], "✅ Орынды алу")  # too late now
    assert reply.answer is not None and reply.answer.get("show_alert") in (True, "true")
    reply = await ivan.click(to_ivan[0], "✅ Занять место")
    assert BOOKED["ru"] in reply.text


async def test_capacity_under_concurrency_through_the_dispatcher(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    """50 citizens at the confirmation step press "confirm" on a 3-place session at the same instant."""
    session = await add_session(bot, "karmakshy", day=6, places=3)
    crowd = [people("ru" if i % 2 else "kk", first_name="Азамат") for i in range(50)]
    summaries = {}
    for person in crowd:
        lang = person.language_code or "kk"
        reply = await person.send(LEGAL[lang])
        reply = await person.click(reply.last, SCHEDULE[lang])
        reply = await person.click(reply.last, "Кармакши" if lang == "ru" else "Қармақшы")
        reply = await book_via_session_button(person, reply.last, "📝", lang)
        summaries[person.id] = reply.last
    # The form state is in SQLite: the bot restarts with concurrent handling, and everyone presses at once.
    await bot.stop()
    concurrent = RunningBot(bot.settings, bot.clock, handle_as_tasks=True)
    await concurrent.start()
    try:
        for person in crowd:
            summary = summaries[person.id]
            await tg.push(person.callback_update(summary, summary.button(CONFIRM[person.language_code or "kk"])[
                "callback_data"]))

        def answered() -> int:
            return sum(1 for p in crowd if summaries[p.id].edits > 0)

        await tg.wait_for(lambda: answered() == 50, timeout=60)
        texts = [summaries[p.id].text or "" for p in crowd]
        booked = [t for t in texts if BOOKED["kk"] in t or BOOKED["ru"] in t]
        full = [t for t in texts if FULL["kk"] in t or FULL["ru"] in t]
        assert len(booked) == 3 and len(full) == 47
        assert all(JOIN_WAITLIST["kk"] in summaries[p.id].buttons or JOIN_WAITLIST["ru"] in summaries[p.id].buttons
                   for p in crowd if summaries[p.id].text in full)
        db = concurrent.runtime.db  # type: ignore[union-attr]
        assert await db.fetchval("SELECT count(*) FROM rc_bookings WHERE session_id = ? AND status = 'booked'",
                                  (session.id,)) == 3
    finally:
        await concurrent.stop()
    await bot.start()


@pytest.mark.parametrize(
    ("language_code", "question", "expected", "answer_language"),
    [
        ("kk", "Аралда заңгер қабылдауы қашан?", ["Арал ауданы", "5 наурыз, сәрсенбі"], "kk"),
        ("kk", "когда приём юриста в Шиели?", ["Шиелийский район", "6 марта, четверг"], "ru"),
        ("ru", "Aralda zanger qabyldauy qashan?", ["Арал ауданы", "5 наурыз"], "kk"),
        ("ru", "kogda priem yurista v Shieli", ["Шиели", "6"], "kk"),
    ],
)
async def test_free_text_schedule_questions(
    bot: RunningBot, people: Callable[..., Person], language_code: str, question: str, expected: list[str],
    answer_language: str,
) -> None:
    await add_session(bot, "aral", day=5)
    await add_session(bot, "shieli", day=6)
    person = people(language_code)
    reply = await person.send(question)
    assert len(reply.messages) == 1
    text = reply.last.text or ""
    for fragment in expected:
        assert fragment in text, text
    book = [b for b in reply.last.buttons if b.startswith("📝")]
    assert book, reply.last.buttons
    reply = await person.click(reply.last, book[0])
    # The booking form itself speaks the citizen's language.
    assert NOTICE[language_code] in reply.text


async def test_other_free_text_still_reaches_the_knowledge_base(bot: RunningBot, people: Callable[..., Person]) -> None:
    await add_session(bot, "aral", day=5)
    ivan = people("ru")
    # Questions about legal help that are not about the schedule go to the knowledge base (the 2024 figures).
    reply = await ivan.send("итоги правовой помощи")
    assert "123" in reply.text and "363" in reply.text
    reply = await ivan.send("Кукыктык комек жобасы канша адамга комектести?")
    assert "51" in reply.text and "37" in reply.text
    reply = await ivan.send("Сколько квартир купили для социально уязвимых?")
    assert "1 944" in reply.text


async def test_district_without_sessions_answers_honestly(bot: RunningBot, people: Callable[..., Person]) -> None:
    await add_session(bot, "aral", day=5)
    alice = people("kk")
    reply = await alice.send("Байқоңырда заңгер қабылдауы қашан?")
    assert "Байқоңыр қаласы бойынша заң көмегі қабылдауы әзірге жоспарланбаған" in reply.text
    assert "Арал ауданы" not in reply.text and "Арал қаласы" in reply.text  # the nearest elsewhere


async def test_citizen_trying_staff_commands_and_buttons(bot: RunningBot, people: Callable[..., Person]) -> None:
    session = await add_session(bot, "aral", day=5)
    alice, ivan = people("kk"), people("ru")
    reply = await alice.send("/receptions")
    assert "тек филиал қызметкерлеріне" in reply.text
    reply = await ivan.send("/receptions")
    assert "только для сотрудников" in reply.text
    screen = reply.last
    for data in (f"rs:cancel:{session.id}:0", f"rs:export:{session.id}:0", "rs:pause:0:0", "rsm:1:no_show:0",
                 "rsp:save:yes"):
        reply = await ivan.press(screen, data)
        assert reply.answer is not None and "только для сотрудников" in reply.answer["text"]
    fresh = await service(bot).session(session.id, bot.clock.now())
    assert fresh is not None and fresh.status == "scheduled"
    assert not await service(bot).is_paused()


async def test_forged_buttons_cannot_touch_another_citizens_booking(
    bot: RunningBot, people: Callable[..., Person]
) -> None:
    session = await add_session(bot, "aral", day=5)
    svc = service(bot)
    alice, mallory = people("kk"), people("ru")
    await alice.send("/start")
    booking = await svc.book(user_id=alice.id, session_id=session.id, name="Айгүл Серікова", phone="87012345678",
                             question="Жеке мәселе", language="kk", now=bot.clock.now())
    reply = await mallory.send("/mybookings")
    for data in (f"lgm:ask:{booking.id}", f"lgm:cancel:{booking.id}", f"lgm:leave:{booking.id}",
                 f"lgo:take:{booking.id}"):
        reply2 = await mallory.press(reply.last, data)
        assert reply2.answer is not None and reply2.answer.get("show_alert") in (True, "true"), data
        assert "Айгүл" not in text_of(reply2) and "Жеке мәселе" not in text_of(reply2)
    assert len(await svc.my_bookings(alice.id, bot.clock.now())) == 1
    # A forged "confirm" without a form of one's own does nothing.
    reply2 = await mallory.press(reply.last, f"lgf:confirm:{session.id}")
    assert reply2.answer is not None and "/menu" in reply2.answer["text"]


async def test_pause_switch_seen_by_citizens(bot: RunningBot, people: Callable[..., Person]) -> None:
    await add_session(bot, "aral", day=5)
    await service(bot).set_paused(900_001, True, bot.clock.now())
    ivan = people("ru")
    reply = await ivan.send(LEGAL["ru"])
    assert "приостановлена" in reply.text
    reply = await ivan.click(reply.last, SCHEDULE["ru"])
    reply = await ivan.click(reply.last, "Аральский")
    reply = await ivan.click(reply.last, "📝 Записаться")
    assert reply.answer is not None and "приостановлена" in reply.answer["text"]


async def test_waitlist_form_books_directly_when_a_place_is_free_again(
    bot: RunningBot, people: Callable[..., Person]
) -> None:
    session = await add_session(bot, "aral", day=5, places=1)
    svc = service(bot)
    first = await svc.book(user_id=1, session_id=session.id, name="Бірінші Адам", phone="87010000001",
                           question=None, language="kk", now=bot.clock.now())
    ivan = people("ru", first_name="Иван")
    reply = await ivan.send(LEGAL["ru"])
    reply = await ivan.click(reply.last, SCHEDULE["ru"])
    reply = await ivan.click(reply.last, "Аральский")
    reply = await ivan.click(reply.last, "🕒 Лист ожидания")
    reply = await fill_form(ivan, reply, "ru")
    await svc.cancel_booking(1, first.id, bot.clock.now())  # meanwhile a place frees up
    reply = await ivan.click(reply.last, JOIN_WAITLIST["ru"])
    assert reply.answer is not None and "можно записаться сразу" in reply.answer["text"]
    reply = await ivan.click(reply.last, CONFIRM["ru"])
    assert BOOKED["ru"] in reply.text


async def test_mybookings_is_in_the_command_menu(bot: RunningBot, tg: FakeTelegram) -> None:
    kk = {c["command"]: c["description"] for c in tg.commands["kk"]}
    ru = {c["command"]: c["description"] for c in tg.commands["ru"]}
    assert kk["mybookings"] == "Заң көмегіне жазылуларым" and ru["mybookings"] == "Мои записи на правовую помощь"
