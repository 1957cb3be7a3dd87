"""Legal-help receptions end to end, staff side: CSV upload, the guided dialogue, who is coming, export,
cancellation notices, the pause switch, roles."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest

from tests.client import Person, Reply
from tests.conftest import ADMIN_ID, RunningBot
from tests.e2e.receptions_helpers import (
    BOOKED,
    CONFIRM,
    LEGAL,
    OVERRIDES,
    SCHEDULE,
    add_session,
    book_via_session_button,
    jobs,
    local,
    newest,
    service,
)
from tests.fakeapi import FakeTelegram

_files = itertools.count(1)


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return dict(OVERRIDES)


async def upload(tg: FakeTelegram, person: Person, data: bytes, name: str = "schedule.csv",
                 mime: str = "text/csv") -> Reply:
    file_id = f"doc{next(_files)}"
    tg.files[file_id] = data
    return await person.send_raw(document={"file_id": file_id, "file_unique_id": file_id, "file_name": name,
                                           "mime_type": mime, "file_size": len(data)})


GOOD = (
    "date,start,end,venue,places,slot_minutes,specialist,topic\n"
    "05.03.2025,10:00,12:00,aral,4,,Серік Ахметов,land\n"
    "06.03.2025,10:00,11:00,shieli,,20,,family\n"
).encode()

BAD = (
    b"date,start,end,venue,places,slot_minutes,specialist,topic\n"
    b"05.03.2025,10:00,12:00,aral,4,,,land\n"
    b"01.03.2025,10:00,12:00,aral,4,,,land\n"
    b"07.03.2025,12:00,10:00,shieli,4,,,land\n"
    b"07.03.2025,10:00,12:00,moon,4,,,land\n"
)


async def test_csv_upload_good_and_bad_files(
    bot: RunningBot, admin: Person, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    db = bot.runtime.db  # type: ignore[union-attr]
    reply = await upload(tg, admin, BAD)
    text = reply.text
    assert "Ничего не добавлено: ошибки в 3 строках" in text
    assert "Строка 3: 01.03.2025 10:00 — это время уже прошло" in text
    assert "Строка 4: Конец должен быть позже начала" in text
    assert "Строка 5: Неизвестное место «moon»" in text
    assert await db.fetchval("SELECT count(*) FROM rc_sessions") == 0  # the good row 2 was not added either

    # An operator who reads Kazakh gets the report in Kazakh.
    operator = people("kk", first_name="Оператор")
    await service(bot).roles.grant(operator.id, "operator", ADMIN_ID)
    reply = await upload(tg, operator, BAD)
    assert "Ештеңе қосылмады: 3 жолда қате бар" in reply.text and "3-жол:" in reply.text

    reply = await upload(tg, admin, GOOD)
    assert "Из файла добавлено 2 приёма" in reply.text
    sessions = await service(bot).upcoming(bot.clock.now())
    assert [(s.venue.id, s.capacity, s.slot_minutes) for s in sessions] == [("aral", 4, None), ("shieli", 3, 20)]

    # Citizens see the uploaded schedule at once.
    alice = people("kk")
    reply = await alice.send(LEGAL["kk"])
    reply = await alice.click(reply.last, SCHEDULE["kk"])
    assert "Арал ауданы: 4 бос орын" in reply.last.buttons and "Шиелі ауданы: 3 бос орын" in reply.last.buttons


async def test_a_long_report_is_cut_short(bot: RunningBot, admin: Person, tg: FakeTelegram) -> None:
    rows = "".join(f"01.03.2025,{h:02d}:00,{h:02d}:30,aral,4,,,land\n" for h in range(0, 24)) * 2
    reply = await upload(tg, admin, b"date,start,end,venue,places,slot_minutes,specialist,topic\n" + rows.encode())
    assert "ошибки в 48 строках" in reply.text and "…и ещё 8 строк." in reply.text
    assert sum(text.count("Строка ") for text in [m.text or "" for m in reply.messages]) == 40


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "photo.csv", "Это не текстовый файл CSV"),
        (b"hello;world\n1;2\n", "schedule.csv", "В строке заголовков нет столбцов: date, start, end, venue, topic"),
        (b"", "empty.csv", "Файл пустой"),
        (b"date,start,end,venue,places,topic\n", "header.csv", "есть заголовок, но нет приёмов"),
        (GOOD, "schedule.xlsx", "Отправьте, пожалуйста, расписание файлом .csv"),
    ],
)
async def test_malformed_files_get_a_clear_answer(
    bot: RunningBot, admin: Person, tg: FakeTelegram, data: bytes, name: str, expected: str
) -> None:
    mime = "application/octet-stream" if name.endswith(".xlsx") else "text/csv"
    reply = await admin.send("/receptions")
    await admin.click(reply.last, "📥 Загрузить расписание CSV")  # explains the format, waits for the file
    reply = await upload(tg, admin, data, name, mime)
    assert expected in reply.text
    assert await bot.runtime.db.fetchval("SELECT count(*) FROM rc_sessions") == 0  # type: ignore[union-attr]


async def test_a_citizen_uploading_a_csv_changes_nothing(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    ivan = people("ru")
    reply = await upload(tg, ivan, GOOD)
    assert "понимаю текстовые сообщения" in reply.text
    assert await bot.runtime.db.fetchval("SELECT count(*) FROM rc_sessions") == 0  # type: ignore[union-attr]


async def test_guided_dialogue_adds_a_session(bot: RunningBot, admin: Person) -> None:
    reply = await admin.send("/receptions")
    assert "Приёмы правовой помощи: для сотрудников" in reply.text
    reply = await admin.click(reply.last, "➕ Добавить приём")
    reply = await admin.click(reply.last, "Аральский районный филиал")
    assert "Напишите дату" in reply.text
    reply = await admin.send("01.03.2025")
    assert "это время уже прошло" in reply.text
    reply = await admin.send("завтра")
    assert "это не дата" in reply.text
    reply = await admin.send("/mybookings")  # a command is not an answer; the dialogue is paused until «Continue»
    assert "Предстоящих записей у вас нет" in reply.text and "приостановлено" in reply.last.text
    reply = await admin.click(reply.last, "Продолжить")
    assert "последний вопрос выше" in reply.text
    reply = await admin.send("06.03.2025")
    reply = await admin.send("13:00-10:00")
    assert "Конец должен быть позже начала" in reply.text
    reply = await admin.send("10:00-12:00")
    reply = await admin.click(reply.last, "👥 По числу мест")
    reply = await admin.send("0")
    assert "неверное число мест" in reply.text
    reply = await admin.send("4")
    reply = await admin.click(reply.last, "🌾 Земельные вопросы")
    reply = await admin.send("Серік Ахметов")
    assert "Проверьте новый приём" in reply.text and "6 марта, четверг, 10:00–12:00" in reply.text
    reply = await admin.click(reply.last, "💾 Сохранить")
    assert "Приём №1 сохранён" in reply.text and "Записано: 0 из 4" in reply.text
    session = await service(bot).session(1, bot.clock.now())
    assert session is not None and session.specialist == "Серік Ахметов" and session.topic == "land"
    # An old button of the finished dialogue does nothing.
    reply = await admin.click(reply.last, "⬅️ Назад")
    reply = await admin.press(reply.last, "rsp:save:yes")
    assert reply.answer is not None and "/menu" in reply.answer["text"]
    assert len(await service(bot).upcoming(bot.clock.now())) == 1


async def test_session_list_attendance_and_export(
    bot: RunningBot, admin: Person, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    session = await add_session(bot, "aral", day=5, places=3)
    alice = people("kk", first_name="Айгүл")
    reply = await alice.send(LEGAL["kk"])
    reply = await alice.click(reply.last, SCHEDULE["kk"])
    reply = await alice.click(reply.last, "Арал")
    reply = await book_via_session_button(alice, reply.last, "📝 Жазылу", "kk", question="=HYPERLINK(\"x\") <b>жер</b>")
    await alice.click(newest(reply), CONFIRM["kk"])

    reply = await admin.send("/receptions")
    reply = await admin.click(reply.last, "📅 Приёмы")
    assert "aral" not in " ".join(reply.last.buttons)  # venue names in the staff member's language, not ids
    reply = await admin.click(reply.last, "05.03 10:00 · Аральский районный филиал партии «AMANAT» · 1/3")
    assert "Записано: 1 из 3" in reply.text
    reply = await admin.click(reply.last, "👥 Граждане")
    text = reply.last.text or ""
    assert "Айгүл" in text and "+77012345678" in text and "&lt;b&gt;жер&lt;/b&gt;" in text  # escaped
    people_screen = reply.last
    reply = await admin.click(people_screen, "🚫 1")  # two days ahead: nobody can have come or not yet
    assert reply.answer is not None and "после начала приёма" in reply.answer["text"]
    assert await service(bot).my_bookings(alice.id, bot.clock.now())  # still the citizen's booking
    bot.clock.set(local(5, 10, 20))  # the reception has started
    reply = await admin.click(people_screen, "🚫 1")
    assert reply.answer is not None and "не пришёл" in reply.answer["text"]
    assert "🚫 не пришёл" in (reply.last.text or "")
    reply = await admin.click(reply.last, "↩️ 1")  # a mark can be undone
    assert "🚫 не пришёл" not in (reply.last.text or "") and "🚫 1" in reply.last.buttons
    reply = await admin.click(reply.last, "✅ 1")
    assert "✅ пришёл" in (reply.last.text or "")
    before = len(tg.sent)
    reply = await admin.click(reply.last, "⬅️ Назад")
    reply = await admin.click(reply.last, "📄 Выгрузить CSV")
    documents = [s for s in tg.sent[before:] if s.method == "sendDocument"]
    assert len(documents) == 1 and documents[0].chat_id == admin.chat_id
    content = documents[0].files["document"].decode("utf-8")
    assert content.startswith("\ufeffКод записи,Время приёма,Имя гражданина")
    assert "Айгүл" in content and "+77012345678" in content and "05.03.2025 10:00" in content
    assert "'=HYPERLINK" in content  # a formula typed by a citizen stays text in Excel
    assert "✅ пришёл" in content
    assert str(session.id) in (documents[0].text or "")  # the caption names the session


async def test_cancelling_a_session_notifies_everyone_in_their_language(
    bot: RunningBot, admin: Person, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    session = await add_session(bot, "kazaly", day=6, places=2)
    alice, ivan, aset = people("kk", first_name="Айгүл"), people("ru", first_name="Иван"), people("kk")
    for person in (alice, ivan):
        lang = person.language_code or "kk"
        reply = await person.send(LEGAL[lang])
        reply = await person.click(reply.last, SCHEDULE[lang])
        reply = await person.click(reply.last, "Қазалы" if lang == "kk" else "Казалинский")
        reply = await book_via_session_button(person, reply.last, "📝", lang)
        reply = await person.click(newest(reply), CONFIRM[lang])
        assert BOOKED[lang] in reply.text
    await aset.send("/start")
    await service(bot).join_waitlist(user_id=aset.id, session_id=session.id, name="Асет Нұров", phone="87011112233",
                                     question=None, language="kk", now=bot.clock.now())
    reply = await admin.send("/receptions")
    reply = await admin.click(reply.last, "📅 Приёмы")
    reply = await admin.click(reply.last, "06.03")
    reply = await admin.click(reply.last, "🚫 Отменить приём")
    assert "Записанные граждане (2) и стоящие в листе ожидания (1)" in reply.text
    before = len(tg.sent)
    reply = await admin.click(reply.last, "🚫 Да, отменить приём")
    assert "уведомления отправляются 3 гражданам" in reply.text and "Этот приём отменён" in reply.text
    await jobs(bot).settle()  # the notices go out in the background
    notices = {s.chat_id: s.text or "" for s in tg.sent[before:] if s.chat_id != admin.chat_id}
    assert "филиал бұл заң көмегі қабылдауын тоқтатты" in notices[alice.chat_id]
    assert "6 наурыз, бейсенбі" in notices[alice.chat_id]
    assert "филиал отменил этот приём" in notices[ivan.chat_id] and "6 марта, четверг" in notices[ivan.chat_id]
    assert "тоқтатты" in notices[aset.chat_id]
    # Nothing is sent twice, and the bookings are gone from /mybookings.
    await jobs(bot).run_once()
    assert len([s for s in tg.sent[before:] if s.chat_id == alice.chat_id]) == 1
    reply = await ivan.send("/mybookings")
    assert "Предстоящих записей у вас нет" in reply.text


async def test_moving_a_session_tells_the_citizen(
    bot: RunningBot, admin: Person, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    await add_session(bot, "aral", day=5, places=2)
    ivan = people("ru", first_name="Иван")
    reply = await ivan.send(LEGAL["ru"])
    reply = await ivan.click(reply.last, SCHEDULE["ru"])
    reply = await ivan.click(reply.last, "Аральский")
    reply = await book_via_session_button(ivan, reply.last, "📝", "ru")
    await ivan.click(newest(reply), CONFIRM["ru"])
    reply = await admin.send("/receptions")
    reply = await admin.click(reply.last, "📅 Приёмы")
    reply = await admin.click(reply.last, "05.03")
    reply = await admin.click(reply.last, "✏️ Изменить")
    reply = await admin.click(reply.last, "📅 Дата")
    reply = await admin.send("07.03.2025")
    assert "Сохранено" in reply.text and "7 марта, пятница" in reply.text
    await jobs(bot).settle()
    moved = [s.text or "" for s in tg.sent_to(ivan.chat_id) if "перенесён" in (s.text or "")]
    assert len(moved) == 1 and "7 марта, пятница, 10:00–13:00" in moved[0]
    # More places: the edit is saved; fewer than booked: refused.
    reply = await admin.click(reply.last, "✏️ Изменить")
    reply = await admin.click(reply.last, "👥 Число мест")
    reply = await admin.send("0")
    assert "неверное число мест" in reply.text


async def test_pause_switch(bot: RunningBot, admin: Person, people: Callable[..., Person]) -> None:
    await add_session(bot, "aral", day=5, places=2)
    reply = await admin.send("/receptions")
    reply = await admin.click(reply.last, "⏸ Приостановить новую запись")
    assert "Новая запись приостановлена" in reply.text and "▶️ Возобновить запись" in reply.last.buttons
    alice = people("kk", first_name="Айгүл")
    reply = await alice.send(LEGAL["kk"])
    assert "Жаңа жазылу уақытша тоқтатылды" in reply.text
    reply = await alice.click(reply.last, SCHEDULE["kk"])
    reply = await alice.click(reply.last, "Арал")
    screen = reply.last
    reply = await alice.click(screen, "📝 Жазылу")
    assert reply.answer is not None and "тоқтатылды" in reply.answer["text"]
    reply = await admin.send("/receptions")
    reply = await admin.click(reply.last, "▶️ Возобновить запись")
    assert "Запись снова открыта" in reply.text
    reply = await book_via_session_button(alice, screen, "📝 Жазылу", "kk")
    reply = await alice.click(newest(reply), CONFIRM["kk"])
    assert BOOKED["kk"] in reply.text


async def test_roles_are_checked_on_every_action(
    bot: RunningBot, admin: Person, people: Callable[..., Person]
) -> None:
    session = await add_session(bot, "aral", day=5)
    lawyer = people("kk", first_name="Заңгер")
    roles = service(bot).roles
    await roles.grant(lawyer.id, "lawyer", ADMIN_ID)
    reply = await lawyer.send("/receptions")
    assert "қызметкерлерге" in reply.text
    assert reply.last.buttons == ["📅 Қабылдаулар"]  # a lawyer sees, does not manage
    reply = await lawyer.click(reply.last, "📅 Қабылдаулар")
    reply = await lawyer.click(reply.last, "05.03")
    assert "🚫 Қабылдауды тоқтату" not in reply.last.buttons and "👥 Азаматтар" in reply.last.buttons
    screen = reply.last
    reply = await lawyer.press(screen, f"rs:cancel:{session.id}:0")  # forged: lawyers cannot cancel
    assert reply.answer is not None and "тек филиал қызметкерлеріне" in reply.answer["text"]
    reply = await lawyer.press(screen, "rs:pause:0:0")
    assert reply.answer is not None and reply.answer.get("show_alert") in (True, "true")
    assert not await service(bot).is_paused()
    fresh = await service(bot).session(session.id, bot.clock.now())
    assert fresh is not None and fresh.status == "scheduled"
    # The role is revoked: the very next press is refused.
    await roles.revoke(lawyer.id, "lawyer")
    reply = await lawyer.click(screen, "👥 Азаматтар")
    assert reply.answer is not None and "тек филиал қызметкерлеріне" in reply.answer["text"]


async def test_staff_still_see_a_session_that_has_started(
    bot: RunningBot, admin: Person, people: Callable[..., Person]
) -> None:
    await add_session(bot, "aral", day=5)
    bot.clock.set(local(5, 11))  # during the session: attendance is marked on the day
    reply = await admin.send("/receptions")
    assert "Приёмов сегодня и впереди: 1" in reply.text
    reply = await admin.click(reply.last, "📅 Приёмы")
    assert any(b.startswith("05.03 10:00") for b in reply.last.buttons)
    ivan = people("ru")
    reply = await ivan.send(LEGAL["ru"])
    reply = await ivan.click(reply.last, SCHEDULE["ru"])
    assert "не запланированы" in reply.text  # citizens no longer see it
