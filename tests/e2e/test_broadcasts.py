"""Staff roles, the /broadcast dialogue (preview, cancel, confirm, schedule), progress, /broadcasts and /stats,
end to end in Kazakh and Russian; citizens refused, forged buttons refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from bot.db.users import UserRepo
from bot.handlers.staff.callbacks import AudienceCb, BroadcastCb, DraftCb
from bot.services.broadcast import BroadcastSender, BroadcastService
from bot.services.subscriptions import SubscriptionService
from tests.client import Person, Reply
from tests.conftest import ADMIN_ID, RunningBot
from tests.fakeapi import FakeTelegram, Sent

PHOTO = [{"file_id": "AgACphoto-big", "file_unique_id": "p2", "width": 1280, "height": 960}]


def service(bot: RunningBot) -> BroadcastService:
    assert bot.runtime is not None
    return bot.runtime.dp["broadcasts"]  # type: ignore[no-any-return]


def sender(bot: RunningBot) -> BroadcastSender:
    assert bot.runtime is not None
    return bot.runtime.dp["broadcast_sender"]  # type: ignore[no-any-return]


def containing(messages: list[Sent], text: str) -> Sent:
    found = [m for m in messages if text in (m.text or "")]
    assert found, f"no message with {text!r} in {[m.text for m in messages]}"
    return found[-1]


async def subscribe(person: Person, district: str | None = None) -> None:
    reply = await person.send("/subscribe")
    if district:
        await person.click(reply.last, district)


async def make_staff(admin: Person, person: Person, role: str) -> None:
    await person.send("/start")
    reply = await admin.send(f"/grant {person.id} {role}")
    assert "✅" in reply.text


async def compose(person: Person, kk: Any, ru: Any, media: dict[str, Any] | None = None) -> Reply:
    """Steps 1-3 of the dialogue; returns the reply showing the audience choice. ``kk``/``ru``: a text, or a dict
    of message fields (text with entities)."""
    await person.send("/broadcast")
    for value in (kk, ru):
        await (person.send(**value) if isinstance(value, dict) else person.send(value))
    if media is not None:
        return await person.send_raw(**media)
    step3 = person.tg.sent_to(person.chat_id)[-1]
    return await person.click(step3, "➡️")


def deliveries(tg: FakeTelegram, chats: set[int]) -> dict[int, list[Sent]]:
    got: dict[int, list[Sent]] = {chat: [] for chat in chats}
    for message in tg.sent:
        if message.chat_id in chats:
            got[message.chat_id].append(message)
    return got


async def wait_report(tg: FakeTelegram, chat_id: int, marker: str, timeout: float = 30) -> Sent:
    await tg.wait_for(lambda: any(marker in (m.text or "") for m in tg.sent_to(chat_id)), timeout)
    return containing(tg.sent_to(chat_id), marker)


# ----- roles ------------------------------------------------------------------------------------------------
async def test_admin_grants_and_revokes_roles_each_command_checks_the_role(
    bot: RunningBot, admin: Person, people: Callable[..., Person]
) -> None:
    operator = people("kk", first_name="Гүлнар")
    await operator.send("/start")
    reply = await operator.send("/broadcast")
    assert "Бұл команда тек филиал қызметкерлеріне арналған." in reply.text

    reply = await admin.send(f"/grant {operator.id} оператор")
    assert f"✅ Пользователю {operator.id} выдана роль «оператор»." in reply.text
    told = containing(operator.tg.sent_to(operator.chat_id), "рөлі берілді")
    assert "«оператор»" in (told.text or "")
    reply = await admin.send(f"/grant {operator.id} operator")
    assert "уже есть роль «оператор»" in reply.text

    reply = await admin.send("/staff")
    listing = reply.text
    assert f"<code>{operator.id}</code> Гүлнар: оператор" in listing
    assert f"<code>{ADMIN_ID}</code> Админ: администратор (задан в ADMIN_IDS)" in listing

    reply = await operator.send("/broadcast")
    assert "Жаңа таратылым" in reply.text
    await operator.send("/cancel")
    reply = await operator.send(f"/grant {operator.id} admin")  # an operator is not an administrator
    assert "тек филиал қызметкерлеріне" in reply.text
    reply = await operator.send("/staff")
    assert "тек филиал қызметкерлеріне" in reply.text

    reply = await admin.send(f"/revoke {operator.id} operator")
    assert "отозвана" in reply.text
    reply = await operator.send("/broadcast")  # refused at once: the role is read on every update
    assert "тек филиал қызметкерлеріне" in reply.text
    reply = await admin.send(f"/revoke {operator.id} operator")
    assert "нет роли" in reply.text

    for bad in ("/grant", "/grant abc operator", f"/grant {operator.id} king", "/revoke 1"):
        reply = await admin.send(bad)
        assert "Напишите так: /" in reply.text, bad
    reply = await admin.send(f"/revoke {ADMIN_ID} admin")
    assert "из настройки ADMIN_IDS" in reply.text
    reply = await admin.send("/grant 123456789 lawyer")
    assert "ещё не писал боту" in reply.text


async def test_a_revoked_administrator_loses_the_roles_screen(
    bot: RunningBot, admin: Person, people: Callable[..., Person]
) -> None:
    second = people("kk")
    await make_staff(admin, second, "admin")
    reply = await second.send("/staff")
    assert "Қызметкерлер" in reply.text
    await admin.send(f"/revoke {second.id} admin")
    reply = await second.send("/staff")
    assert "тек филиал қызметкерлеріне" in reply.text


# ----- citizens and forged buttons --------------------------------------------------------------------------
async def test_citizen_can_neither_broadcast_nor_see_stats_and_forged_buttons_are_refused(
    bot: RunningBot, admin: Person, people: Callable[..., Person], clock: Any
) -> None:
    citizen, lawyer = people("kk"), people("ru")
    await make_staff(admin, lawyer, "lawyer")
    await subscribe(citizen)
    reply = await compose(admin, "Жаңалық", "Новость")
    reply = await admin.click(reply.messages[-1], "Всем")
    reply = await admin.click(reply.messages[-1], "Запланировать")
    reply = await admin.send((clock.local_now() + timedelta(hours=3)).strftime("%d.%m.%Y %H:%M"))
    scheduled = reply.last
    assert "запланирована" in (scheduled.text or "")

    for command in ("/broadcast", "/broadcasts", "/stats", "/staff", f"/grant {citizen.id} admin"):
        reply = await citizen.send(command)
        assert reply.text == "Бұл команда тек филиал қызметкерлеріне арналған.", command
    reply = await lawyer.send("/broadcast")  # a lawyer is staff, but not a broadcaster
    assert "Эта команда только для сотрудников филиала." in reply.text

    forged = [
        BroadcastCb(action="cancel", id=1).pack(),
        DraftCb(action="send").pack(),
        DraftCb(action="schedule").pack(),
        AudienceCb(kind="all").pack(),
    ]
    for person, refusal in ((citizen, "Бұл батырма тек филиал"), (lawyer, "Эта кнопка только для сотрудников")):
        for data in forged:
            reply = await person.press(scheduled, data)
            assert reply.answer is not None and refusal in reply.answer["text"], data
            assert reply.answer.get("show_alert") in {True, "true"}
    stored = await service(bot).recent()
    assert [(b.id, b.status) for b in stored] == [(1, "scheduled")]  # nothing created, nothing stopped


# ----- the dialogue -----------------------------------------------------------------------------------------
async def test_broadcast_dialogue_in_russian_preview_cancel_and_send(
    bot: RunningBot, admin: Person, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    kk_people = [people("kk") for _ in range(3)]
    ru_people = [people("ru") for _ in range(2)]
    quitter = people("ru")
    for person in [*kk_people, *ru_people, quitter]:
        await subscribe(person)
    await quitter.send("/unsubscribe")

    reply = await admin.send("/broadcast")
    assert "Новая рассылка" in reply.text and "Шаг 1 из 4" in reply.text
    bold = [{"type": "bold", "offset": 0, "length": 7}]
    reply = await admin.send("Жиналыс ертең 10:00-де", entities=bold)
    assert reply.messages[0].text == "<b>Жиналыс</b> ертең 10:00-де"  # shown back exactly as it will be sent
    assert "Так будет выглядеть текст на казахском" in reply.text and "Шаг 2 из 4" in reply.text
    reply = await admin.send("<i>Собрание</i> завтра в 10:00 & <b>приходите</b>")
    assert "Шаг 3 из 4" in reply.text
    reply = await admin.click(reply.last, "Без вложения")
    choice = reply.messages[-1]
    assert "Шаг 4 из 4" in (choice.text or "")
    assert {"👥 Всем (5)", "🇰🇿 Читающим на казахском (3)", "🇷🇺 Читающим на русском (2)"} <= set(choice.buttons)

    reply = await admin.click(choice, "Всем")
    texts = [m.text for m in reply.messages]
    assert texts[:4] == [
        "👇 Подписчики, читающие бот на казахском (3), получат именно это:",
        "<b>Жиналыс</b> ертең 10:00-де",
        "👇 Подписчики, читающие бот на русском (2), получат именно это:",
        "<i>Собрание</i> завтра в 10:00 & <b>приходите</b>",
    ]
    summary = reply.messages[-1]
    assert "Получателей: 5 (читают на казахском: 3, на русском: 2)" in (summary.text or "")
    assert "Кому: все подписчики" in (summary.text or "") and "Вложение: нет" in (summary.text or "")
    reply = await admin.click(summary, "Отменить")
    assert "Рассылка отменена. Ничего не отправлено." in reply.text
    assert await service(bot).recent() == []
    assert summary.buttons == []  # its buttons are gone; a forged or late "send" is refused:
    reply = await admin.press(summary, DraftCb(action="send").pack())
    assert reply.answer is not None and "Этот шаг уже недоступен" in reply.answer["text"]

    reply = await compose(admin, "Жаңалық", "<b>Новость</b>")
    reply = await admin.click(reply.messages[-1], "Всем")
    summary = reply.messages[-1]
    reply = await admin.click(summary, "Отправить сейчас")
    assert "Рассылка №1 поставлена в очередь" in reply.text
    report = await wait_report(tg, admin.chat_id, "отправлена.")
    assert "Доставлено: 5 из 5" in (report.text or "") and "Не доставлено: 0" in (report.text or "")
    got = deliveries(tg, {p.id for p in [*kk_people, *ru_people, quitter]})
    for person in kk_people:
        assert [m.text for m in got[person.id] if "Жаңалық" == m.text] == ["Жаңалық"]
    for person in ru_people:
        assert [m.text for m in got[person.id] if "Новость" in (m.text or "")] == ["<b>Новость</b>"]
    assert not [m for m in got[quitter.id] if "Новость" in (m.text or "")]
    # a second tap on "send" (its button is gone, but a slow client may still send it): nothing more is created
    reply = await admin.press(summary, DraftCb(action="send").pack())
    assert reply.answer is not None and "Этот шаг уже недоступен" in reply.answer["text"]
    assert len(await service(bot).recent()) == 1

    reply = await admin.send("/broadcasts")
    assert "📣 <b>Рассылки</b> (последних: 1)" in reply.text
    assert "✅ Отправлена: доставлено 5 из 5, не доставлено 0 (заблокировали бота: 0)" in reply.text
    assert "«Жаңалық»" not in reply.text and "«Новость»" in reply.text  # the snippet in the reader's language


async def test_broadcast_dialogue_in_kazakh_with_photo_to_a_district(
    bot: RunningBot, admin: Person, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    operator = people("kk", first_name="Оператор")
    await make_staff(admin, operator, "operator")
    aral_kk, shieli_kk, region_kk, aral_ru = people("kk"), people("kk"), people("kk"), people("ru")
    await subscribe(aral_kk, "Арал ауданы")
    await subscribe(shieli_kk, "Шиелі ауданы")
    await subscribe(region_kk)
    await subscribe(aral_ru, "Аральский район")

    reply = await compose(operator, "Аралда заңгер қабылдауы", "Приём юриста в Аральске", {"photo": PHOTO})
    choice = reply.messages[-1]
    assert "4-қадам (барлығы 4)" in (choice.text or "")
    reply = await operator.click(choice, "Аудан бойынша")
    districts = reply.last
    assert "Арал ауданы (3)" in districts.buttons and "Шиелі ауданы (2)" in districts.buttons
    reply = await operator.click(districts, "Артқа")  # back to the audiences, and again to the districts
    assert "👥 Барлығына (4)" in reply.last.buttons
    reply = await operator.click(reply.last, "Аудан бойынша")
    districts = reply.last
    reply = await operator.click(districts, "Арал ауданы (3)")
    previews = [m for m in reply.messages if m.method == "sendPhoto"]
    assert [(p.params["photo"], p.text) for p in previews] == [
        ("AgACphoto-big", "Аралда заңгер қабылдауы"), ("AgACphoto-big", "Приём юриста в Аральске")
    ]
    summary = reply.messages[-1]
    assert "Кімге: жазылушылар: Арал ауданы және бүкіл облыс" in (summary.text or "")
    assert "Алушылар: 3 (қазақ тілінде оқитындар: 2, орыс тілінде: 1)" in (summary.text or "")
    assert "Тіркеме: фотосурет" in (summary.text or "")
    reply = await operator.click(summary, "Қазір жіберу")
    assert "№1 таратылым кезекке қойылды" in reply.text
    report = await wait_report(tg, operator.chat_id, "таратылым</b> жіберілді.")
    assert "Жеткізілді: 3 ішінен 3" in (report.text or "")
    got = deliveries(tg, {aral_kk.id, shieli_kk.id, region_kk.id, aral_ru.id})
    photos = {chat: [(m.method, m.text) for m in msgs if m.method == "sendPhoto"] for chat, msgs in got.items()}
    assert photos == {
        aral_kk.id: [("sendPhoto", "Аралда заңгер қабылдауы")],
        region_kk.id: [("sendPhoto", "Аралда заңгер қабылдауы")],
        aral_ru.id: [("sendPhoto", "Приём юриста в Аральске")],
        shieli_kk.id: [],
    }


async def test_schedule_is_validated_then_sent_at_its_time(
    bot: RunningBot, admin: Person, people: Callable[..., Person], tg: FakeTelegram, clock: Any
) -> None:
    reader = people("ru")
    await subscribe(reader)
    reply = await compose(admin, "Кездесу", "Встреча")
    reply = await admin.click(reply.messages[-1], "Всем")
    reply = await admin.click(reply.messages[-1], "Запланировать")
    assert "Когда отправить? Напишите дату и время по времени Кызылорды, например: 03.03.2025 18:00" in reply.text
    reply = await admin.send("завтра вечером")
    assert "Не удалось разобрать дату и время" in reply.text
    reply = await admin.send("01.03.2025 10:00")
    assert "Это время уже прошло: сейчас в Кызылорде 3 марта 2025 года, 09:00" in reply.text
    reply = await admin.send("01.06.2025 10:00")
    assert "не более чем на 60 дней" in reply.text
    reply = await admin.send("03.03.2025 18:30")
    assert "Рассылка №1 запланирована на 3 марта 2025 года, 18:30 (по времени Кызылорды)" in reply.text
    assert "⛔ Остановить рассылку" in reply.last.buttons

    reply = await admin.send("/broadcasts")
    assert "🕒 Запланирована на 3 марта 2025 года, 18:30" in reply.text
    assert "⛔ Остановить №1" in reply.last.buttons

    await sender(bot).run_once(clock.now())  # due? not yet
    assert not [m for m in tg.sent_to(reader.chat_id) if m.text == "Встреча"]
    clock.advance(hours=9, minutes=31)  # 18:31 in Kyzylorda
    sender(bot).wake()
    await wait_report(tg, admin.chat_id, "отправлена.")
    assert [m.text for m in tg.sent_to(reader.chat_id) if m.text == "Встреча"] == ["Встреча"]


async def test_scheduled_broadcast_can_be_stopped_in_kazakh(
    bot: RunningBot, admin: Person, people: Callable[..., Person], tg: FakeTelegram, clock: Any
) -> None:
    operator = people("kk")
    await make_staff(admin, operator, "operator")
    reader = people("kk")
    await subscribe(reader)
    reply = await compose(operator, "Кездесу", "Встреча")
    reply = await operator.click(reply.messages[-1], "Барлығына")
    reply = await operator.click(reply.messages[-1], "Жоспарлау")
    assert "Қашан жіберу керек?" in reply.text
    reply = await operator.send("18:00")
    assert "№1 таратылым жоспарланды, жіберілу уақыты: 2025 жылғы 3 наурыз, 18:00" in reply.text
    reply = await operator.click(reply.last, "Таратылымды тоқтату")
    assert reply.answer is not None and reply.answer["text"] == "№1 таратылым тоқтатылды."
    assert "⛔ №1 таратылымнан бас тартылды. Ештеңе жіберілмеді." in reply.text
    reply = await operator.send("/broadcasts")
    assert "⛔ Жіберілмей тұрып тоқтатылды" in reply.text
    clock.advance(hours=10)
    await sender(bot).run_once(clock.now())
    assert not [m for m in tg.sent_to(reader.chat_id) if m.text == "Кездесу"]


async def test_bad_input_in_the_dialogue_gets_a_clear_answer(
    bot: RunningBot, admin: Person, tg: FakeTelegram
) -> None:
    def reject_bad_tags(params: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        if "<blink>" in str(params.get("text", "")):
            return 400, {"ok": False, "error_code": 400,
                         "description": "Bad Request: can't parse entities: Unsupported start tag \"blink\""}
        return None

    tg.interceptors["sendMessage"] = reject_bad_tags
    await admin.send("/broadcast")
    reply = await admin.send("<blink>Жаңалық</blink>")
    assert "Telegram не принял текст на казахском: Bad Request: can't parse entities: Unsupported" in reply.text
    assert "Проверьте оформление и отправьте казахский текст ещё раз." in reply.text
    reply = await admin.send("ж" * 4097)
    assert "Текст слишком длинный: 4097 символов, а Telegram допускает не более 4096" in reply.text
    reply = await admin.send_raw(sticker={"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1,
                                          "height": 1, "is_animated": False, "is_video": False})
    assert "Отправьте текст обычным сообщением" in reply.text
    reply = await admin.send("Жаңалық")  # still at step 1: the Kazakh text
    assert "Шаг 2 из 4" in reply.text
    reply = await admin.send("Новость " + "н" * 1100)
    reply = await admin.send_raw(photo=PHOTO)  # too long for a caption
    assert "не более 1024 символов; в одном из текстов их 1108" in reply.text
    reply = await admin.send("просто текст")
    assert "Отправьте фото или документ либо нажмите «Без вложения»" in reply.text
    reply = await admin.send("/cancel")
    assert "Отменено" in reply.text
    assert await service(bot).recent() == []


# ----- progress ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("settings_overrides", [{"broadcast_progress_seconds": 1.0, "broadcast_rate": 10}])
@pytest.mark.parametrize("language", ["ru", "kk"])
async def test_progress_message_updates_and_its_button_stops_the_broadcast(
    bot: RunningBot, admin: Person, people: Callable[..., Person], tg: FakeTelegram, language: str
) -> None:
    assert bot.runtime is not None
    staff = admin if language == "ru" else people("kk")
    if staff is not admin:
        await make_staff(admin, staff, "operator")
    users = UserRepo(bot.runtime.db)
    subscriptions: SubscriptionService = bot.runtime.dp["subscriptions"]
    readers = list(range(800_000, 800_060))
    for user_id in readers:
        await users.ensure(user_id, "kk", None)
        await subscriptions.subscribe(user_id)

    labels = {"ru": ("Всем", "Отправить сейчас", "Доставлено:", "Осталось примерно", "⛔ Остановить рассылку",
                     "Рассылка №1 остановлена.", "остановлена."),
              "kk": ("Барлығына", "Қазір жіберу", "Жеткізілді:", "қалды", "⛔ Таратылымды тоқтату",
                     "№1 таратылым тоқтатылды.", "тоқтатылды.")}[language]
    reply = await compose(staff, "Жаңалық", "Новость")
    reply = await staff.click(reply.messages[-1], labels[0])
    await staff.click(reply.messages[-1], labels[1])
    await tg.wait_for(lambda: any(labels[4] in m.buttons for m in tg.sent_to(staff.chat_id)), 10)
    progress = next(m for m in tg.sent_to(staff.chat_id) if labels[4] in m.buttons)
    await tg.wait_for(lambda: progress.edits >= 2, 10)  # updated in place, every second here
    text = progress.text or ""
    assert labels[2] in text and labels[3] in text
    reply = await staff.click(progress, labels[4])
    assert reply.answer is not None and reply.answer["text"] == labels[5]
    def reported() -> bool:
        last = tg.sent_to(staff.chat_id)[-1]
        return last is not progress and labels[6] in (last.text or "")

    await tg.wait_for(reported)
    report = tg.sent_to(staff.chat_id)[-1]  # the final report, a new message
    assert report is not progress and labels[6] in (progress.text or "")
    assert progress.buttons == []  # the progress message keeps the final figures, without the button
    broadcast = (await service(bot).recent())[0]
    assert broadcast.status == "cancelled"
    delivered = sum(1 for m in tg.sent if m.chat_id in set(readers))
    assert 0 < delivered < len(readers) and broadcast.figures.sent == delivered


# ----- statistics -------------------------------------------------------------------------------------------
async def test_stats_in_both_languages_count_appeals_and_bookings(
    bot: RunningBot, admin: Person, people: Callable[..., Person]
) -> None:
    assert bot.runtime is not None
    lawyer = people("kk")
    await make_staff(admin, lawyer, "lawyer")
    readers = [people("kk"), people("ru"), people("ru")]
    await subscribe(readers[0], "Арал ауданы")
    await subscribe(readers[1])
    await subscribe(readers[2], "Шиелийский район")
    await bot.runtime.dp["subscriptions"].mark_inactive(readers[2].id, "blocked")

    reply = await admin.send("/stats")
    text = reply.text
    assert "📊 <b>Статистика</b>" in text
    assert "👥 Граждан, пользовавшихся ботом: 5" in text
    assert "🔔 <b>Подписчики</b>: активных 2, неактивных 1" in text
    assert "читают на казахском: 1, на русском: 1" in text
    assert "• Аральский район: 1" in text and "• вся область (район не выбран): 1" in text
    assert "Обращения" in text and "Записи на правовую помощь" in text and "пока нет" in text

    db = bot.runtime.db
    at = "2025-03-03T04:00:00Z"
    for i, status in enumerate(("new", "new", "in_progress")):
        await db.execute(
            "INSERT INTO appeals (ticket, submission_key, category, district, text, name, phone, status, "
            "created_at, updated_at, due_date) VALUES (?, ?, 'land', 'aral', 'text', 'n', '+77010000000', ?, ?, ?, "
            "'2025-03-24')",
            (f"A-2025-{i:05d}", f"k{i}", status, at, at),
        )
    reply = await lawyer.send("/stats")
    text = reply.text
    assert "📊 <b>Статистика</b>" in text and "Ботты пайдаланған азаматтар: 5" in text
    assert "📝 <b>Өтініштер</b> мәртебесі бойынша:" in text
    assert "• жаңа: 2" in text and "• қаралуда: 1" in text


@pytest.mark.parametrize("settings_overrides", [{"broadcast_sender": False}])
async def test_broadcast_from_a_process_that_does_not_send_says_who_sends_it(
    bot: RunningBot, admin: Person, people: Callable[..., Person]
) -> None:
    # console mode (BROADCAST_SENDER=false) used to promise "starts now, the next message shows its progress"
    await subscribe(people("ru"))
    reply = await compose(admin, "Жаңалық", "Новость")
    reply = await admin.click(reply.messages[-1], "Всем")
    reply = await admin.click(reply.messages[-1], "Отправить сейчас")
    assert "Рассылка №1 поставлена в очередь" in reply.text
    assert "её отправит работающий бот" in reply.text and "следующее сообщение" not in reply.text.lower()
