"""Public-reception appeals end to end: the real bot over HTTP against the fake Bot API server, in Kazakh and
Russian — the form, receipt, staff chat, replies both ways, statuses, rating, limits, forged buttons."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.client import Person
from tests.conftest import ADMIN_ID, STAFF_CHAT_ID
from tests.e2e.appeal_steps import (
    TEXT,
    L,
    card_of,
    document,
    file_appeal,
    fill_until_review,
    open_form,
    photo,
    replying_to,
    step,
    submit,
)
from tests.fakeapi import BOT_USER, FakeTelegram, Sent
from tests.harness import RunningBot

OPERATOR_ID = 900_002


def norm(text: str | None) -> str:
    """Babel puts no-break spaces into dates ("2025\u202fж."): compare with plain ones."""
    return (text or "").replace("\u202f", " ").replace("\xa0", " ")



@pytest.fixture
def staff(tg: FakeTelegram) -> Person:
    """The administrator, writing in the staff group."""
    return Person(tg, ADMIN_ID, "Админ", "ru", chat_id=STAFF_CHAT_ID)


async def appeals_rows(bot: RunningBot) -> list[Any]:
    assert bot.runtime is not None
    return await bot.runtime.db.fetchall("SELECT * FROM appeals ORDER BY id")


# ----- the form -------------------------------------------------------------------------------------------------
async def test_reception_menu_explains_the_working_day_deadline(
    bot: RunningBot, people: Callable[..., Person]
) -> None:
    alice, ivan = people("kk"), people("ru")
    reply = await alice.send(L["kk"]["reception"])
    assert "15 жұмыс күні" in reply.text and "2025 жылғы 28 наурызға дейін" in norm(reply.text)  # 3 March + 15
    assert any("Өтініш жазу" in b for b in reply.last.buttons)
    reply = await ivan.send(L["ru"]["reception"])
    assert "15 рабочих дней" in reply.text and "28 марта 2025 года" in norm(reply.text)


async def test_whole_form_in_kazakh_with_files(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    alice = people("kk", first_name="Айгүл")
    reply = await fill_until_review(alice, "kk", files=[photo("ph-1"), document("doc-1")])
    review = reply.last.text or ""
    assert "Өтінішіңізді тексеріңіз" in review
    for part in ("Тұрғын үй", "Арал ауданы", "Айгүл Сейітова", "+77012345678", "Файлдар: 2", "ауыз су"):
        assert part in review, part
    assert not await appeals_rows(bot)  # nothing is filed before "Submit"

    reply = await submit(alice, reply.last, "kk")
    receipt = norm(reply.text)
    assert "Өтінішіңіз қабылданды" in receipt
    assert "<b>A-2025-00001</b>" in receipt
    assert "2025 жылғы 3 наурыз, 09:00" in receipt  # local time of filing
    assert "2025 жылғы 28 наурыз" in receipt and "15 жұмыс күні" in receipt
    rows = await appeals_rows(bot)
    assert len(rows) == 1 and rows[0]["phone"] == "+77012345678" and rows[0]["language"] == "kk"

    # the staff chat: the card with the citizen's data and buttons, the files under it
    staff_msgs = tg.sent_to(STAFF_CHAT_ID)
    card = card_of(tg, STAFF_CHAT_ID, "A-2025-00001")
    assert "Айгүл Сейітова" in (card.text or "") and "+77012345678" in (card.text or "")
    assert f"tg://user?id={alice.id}" in (card.text or "")
    assert any("Өзіме алу" in b for b in card.buttons) and any("Жауап беру" in b for b in card.buttons)
    files = [s for s in staff_msgs if s.method in {"sendPhoto", "sendDocument"}]
    assert [(s.method, s.params.get("photo") or s.params.get("document")) for s in files] == [
        ("sendPhoto", "ph-1"), ("sendDocument", "doc-1")]
    assert all(s.params["reply_parameters"]["message_id"] == card.message_id for s in files)
    assert bot.runtime is not None
    assert await bot.runtime.dp["consent"].has_current(alice.id)


async def test_whole_form_in_russian_with_shared_contact_and_address(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    ivan = people("ru", first_name="Иван")
    reply = await open_form(ivan, "ru")
    assert "Шаг 1" in reply.text
    reply = await ivan.click(reply.last, "Земельные вопросы")
    reply = await ivan.click(reply.last, "Шиелийский район")
    reply = await ivan.send(TEXT["ru"])
    reply = await ivan.click(reply.last, "без файлов")
    assert "Персональные данные" in reply.text  # the privacy notice before name and phone
    reply = await ivan.click(reply.last, "Даю согласие")
    reply = await ivan.send("Иван Петров")
    assert any("Отправить мой номер" in b for b in reply.last.buttons)
    reply = await ivan.share_contact("77015556677")
    assert "+77015556677" in reply.text
    reply = await ivan.send("с. Акмая, ул. Абая, 12")
    assert "Адрес: с. Акмая, ул. Абая, 12" in (reply.last.text or "")
    reply = await submit(ivan, reply.last, "ru")
    assert "Ваше обращение принято" in reply.text and "28 марта 2025 года" in norm(reply.text)
    assert "Дата и время: 3 марта 2025 года, 09:00" in norm(reply.text)
    row = (await appeals_rows(bot))[0]
    assert (row["category"], row["district"], row["address"]) == ("land", "shieli", "с. Акмая, ул. Абая, 12")


async def test_cancel_then_edit_before_submitting(
    bot: RunningBot, people: Callable[..., Person]
) -> None:
    ivan = people("ru")
    reply = await open_form(ivan, "ru")
    reply = await ivan.click(reply.last, "Жильё")
    reply = await ivan.click(reply.last, "Отмена")
    assert "Обращение отменено" in reply.text
    assert not await appeals_rows(bot)

    alice = people("kk")
    reply = await fill_until_review(alice, "kk")
    reply = await alice.click(reply.last, "Өзгерту")
    reply = await alice.click(reply.last, "Санаты")
    reply = await alice.click(reply.last, "Жер")
    assert "Санаты: 🌾 Жер" in (reply.last.text or "")  # back at the review
    reply = await alice.click(reply.last, "Өзгерту")
    reply = await alice.click(reply.last, "Телефоны")
    reply = await alice.send("12345")
    assert "Қазақстан телефон нөміріне ұқсамайды" in reply.text
    reply = await alice.send("+7 777 111 22 33")
    assert "Телефоны: +77771112233" in (reply.last.text or "")
    reply = await alice.click(reply.last, "Өзгерту")
    reply = await alice.click(reply.last, "Мәтіні")
    reply = await alice.send("Жаңа мәтін: көшеде жарық жоқ, балалар мектепке қараңғыда барады.")
    reply = await submit(alice, reply.last, "kk")
    assert "Өтінішіңіз қабылданды" in reply.text
    row = (await appeals_rows(bot))[0]
    assert (row["category"], row["phone"]) == ("land", "+77771112233")
    assert row["text"].startswith("Жаңа мәтін")


async def test_bad_input_gets_a_polite_answer_and_changes_nothing(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    ivan = people("ru")
    reply = await open_form(ivan, "ru")
    reply = await ivan.send("просто текст")
    assert "кнопками этого шага" in reply.text
    reply = await ivan.click(reply.messages[-1], "Жильё")
    reply = await ivan.click(reply.last, "Аральский район")
    assert "Шаг 3" in reply.text
    reply = await ivan.send("   ")
    assert "Текст обращения пустой" in reply.text
    reply = await ivan.send("помогите")
    assert "слишком коротко" in reply.text and "(символов: 8)" in reply.text
    reply = await ivan.send("а" * 4001)
    assert "слишком длинно" in reply.text and "4000" in reply.text
    sticker = {"file_id": "s1", "file_unique_id": "s1", "type": "regular", "width": 512, "height": 512,
               "is_animated": False, "is_video": False}
    for fields in ({"sticker": sticker}, {"voice": {"file_id": "v1", "file_unique_id": "v1", "duration": 2}},
                   {"video_note": {"file_id": "vn", "file_unique_id": "vn", "length": 240, "duration": 3}}):
        reply = await ivan.send_raw(**fields)
        assert "не могу принять стикеры, голосовые" in reply.text
    forwarded = {"type": "user", "date": int(time.time()),
                 "sender_user": {"id": 42, "is_bot": False, "first_name": "Сосед"}}
    reply = await ivan.send(TEXT["ru"], forward_origin=forwarded)
    assert "пересланное сообщение" in reply.text
    assert bot.runtime is not None
    data = await bot.runtime.dp.storage.get_data(  # still at the text step, no text stored
        key=_key(ivan))
    assert "text" not in data

    reply = await ivan.send(TEXT["ru"])
    reply = await ivan.click(reply.last, "без файлов")
    reply = await ivan.click(reply.last, "Даю согласие")
    reply = await ivan.send("12345")
    assert "буквами" in reply.text
    reply = await ivan.send("Иван Петров")
    # digits of other scripts (fullwidth, Arabic-Indic) are not stored: the number must be dialable as written
    for wrong in ("12345", "+7 901 234 56 78", "телефон", "８７０１２３４５６７８", "٨٧٠١٢٣٤٥٦٧٨"):
        reply = await ivan.send(wrong)
        assert "не похоже на казахстанский номер" in reply.text
    reply = await ivan.send_raw(contact={"phone_number": "77019998877", "first_name": "Чужой", "user_id": 1})
    assert "свой собственный номер" in reply.text
    reply = await ivan.send("+7 (701) 234–56–78")  # typographic dashes, as phones autocorrect them
    assert "+77012345678" in reply.text
    assert not await appeals_rows(bot)


def _key(person: Person) -> Any:
    from aiogram.fsm.storage.base import StorageKey

    return StorageKey(bot_id=BOT_USER["id"], chat_id=person.chat_id, user_id=person.id)


# ----- nothing duplicated -----------------------------------------------------------------------------------------
async def test_same_submit_update_twice_files_one_appeal(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    alice = people("kk")
    reply = await fill_until_review(alice, "kk")
    update = alice.callback_update(reply.last, reply.last.button("Жіберу")["callback_data"])
    first = await alice.deliver(update)
    second = await alice.deliver(dict(update))  # the same update_id, as after a restart
    assert "A-2025-00001" in first.text and second.messages == []
    assert len(await appeals_rows(bot)) == 1
    assert sum("Өтінішіңіз қабылданды" in (s.text or "") for s in tg.sent_to(alice.chat_id)) == 1


async def test_double_tap_on_submit_files_one_appeal(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    ivan = people("ru")
    reply = await fill_until_review(ivan, "ru")
    review = reply.last
    data = review.button("Отправить")["callback_data"]
    first = await ivan.press(review, data)
    second = await ivan.press(review, data)  # a second tap on the same button: a different update
    assert "A-2025-00001" in first.text
    assert second.answer is not None and "уже отправлено: A-2025-00001" in second.answer["text"]
    assert len(await appeals_rows(bot)) == 1
    assert len([s for s in tg.sent_to(STAFF_CHAT_ID) if s.is_inline]) == 1  # one card


async def test_form_continues_after_a_restart(
    bot: RunningBot, people: Callable[..., Person]
) -> None:
    alice = people("kk")
    reply = await open_form(alice, "kk")
    reply = await alice.click(reply.last, "Тұрғын үй")
    reply = await alice.click(reply.last, "Арал ауданы")
    await bot.restart()
    reply = await alice.send(TEXT["kk"])
    assert "4-қадам" in reply.text


# ----- staff ----------------------------------------------------------------------------------------------------
async def test_staff_take_reply_status_and_citizen_follow_up(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, staff: Person
) -> None:
    ivan = people("ru", first_name="Иван")
    await file_appeal(ivan, "ru")
    card = card_of(tg, STAFF_CHAT_ID, "A-2025-00001")

    # take: the card shows who took it; the citizen is told in Russian
    before = len(tg.sent_to(ivan.chat_id))
    await staff.click(card, "Өзіме алу")
    assert "Админ" in (tg.messages[(STAFF_CHAT_ID, card.message_id)].text or "")
    await tg.wait_for(lambda: len(tg.sent_to(ivan.chat_id)) > before)
    assert "взято в работу" in (tg.sent_to(ivan.chat_id)[-1].text or "")

    # reply by the button: a prompt the staff member answers by replying to it
    reply = await staff.click(card, "Жауап беру")
    prompt = reply.last
    assert prompt.params["reply_markup"]["force_reply"] is True
    reply = await staff.send("Здравствуйте! Мы направили запрос в акимат.", reply_to_message=replying_to(prompt))
    assert "Отправлено гражданину" in reply.text  # to the staff member, in their language
    answer = tg.sent_to(ivan.chat_id)[-1]
    assert "Ответ на ваше обращение A-2025-00001" in (answer.text or "") and "запрос в акимат" in (answer.text or "")

    # reply to the card itself, with a photo: it reaches the citizen by file id
    await staff.send_raw(**photo("staff-photo"), caption="Фото ответа акимата", reply_to_message=replying_to(card))
    sent_photo = [s for s in tg.sent_to(ivan.chat_id) if s.method == "sendPhoto"]
    assert sent_photo and sent_photo[-1].params["photo"] == "staff-photo"

    # the citizen's follow-up reaches the group under the card, text and photo
    reply = await ivan.send("/myappeals")
    reply = await ivan.click(reply.last, "A-2025-00001")
    view = reply.last.text or ""
    assert "запрос в акимат" in view and "История" in view and "В работе" in view
    reply = await ivan.click(reply.last, "Добавить сообщение")
    reply = await ivan.send("Спасибо, жду ответа. Добавляю номер лицевого счёта 12345.")
    assert "Добавлено к обращению A-2025-00001" in reply.text
    posted = tg.sent_to(STAFF_CHAT_ID)[-1]
    assert "азамат толықтырады" in (posted.text or "") and "лицевого счёта" in (posted.text or "")
    assert posted.params["reply_parameters"]["message_id"] == card.message_id
    reply = await ivan.send("/myappeals")
    reply = await ivan.click(reply.last, "A-2025-00001")
    reply = await ivan.click(reply.last, "Добавить сообщение")
    await ivan.send_raw(**document("receipt-doc"), caption="Квитанция")
    posted = tg.sent_to(STAFF_CHAT_ID)[-1]
    assert posted.method == "sendDocument" and posted.params["document"] == "receipt-doc"

    # a staff member replies to the follow-up: still the same appeal
    followup = next(s for s in tg.sent_to(STAFF_CHAT_ID) if "лицевого счёта" in (s.text or ""))
    await staff.send("Получили, спасибо.", reply_to_message=replying_to(followup))
    assert "Получили, спасибо." in (tg.sent_to(ivan.chat_id)[-1].text or "")

    # rejected with a reason: asked first, then the citizen gets the status and the reason in Russian
    reply = await staff.click(tg.messages[(STAFF_CHAT_ID, card.message_id)], "Қабылданбады")
    prompt = reply.last
    await staff.send("Вопрос не относится к компетенции партии.", reply_to_message=replying_to(prompt))
    note = tg.sent_to(ivan.chat_id)[-1].text or ""
    assert "новый статус — «⛔ Отклонено»" in note and "Причина: Вопрос не относится" in note
    assert "Қабылданбады" in (tg.messages[(STAFF_CHAT_ID, card.message_id)].text or "")

    assert bot.runtime is not None
    audit = await bot.runtime.dp["appeals"].audit_log()
    assert [(a["actor_id"], a["action"]) for a in reversed(audit)] == [
        (ADMIN_ID, "take"), (ADMIN_ID, "reply"), (ADMIN_ID, "reply"), (ADMIN_ID, "reply"), (ADMIN_ID, "status")]


async def test_status_answered_and_rating_in_kazakh(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, staff: Person
) -> None:
    alice = people("kk")
    await file_appeal(alice, "kk")
    card = card_of(tg, STAFF_CHAT_ID, "A-2025-00001")
    await staff.click(card, "Жұмыс барысында")
    assert "Мәртебесі: ⏳ Жұмыс барысында" in (tg.sent_to(alice.chat_id)[-1].text or "")
    await staff.click(tg.messages[(STAFF_CHAT_ID, card.message_id)], "Жауап берілді")
    notice = tg.sent_to(alice.chat_id)[-1]
    assert "«✅ Жауап берілді»" in (notice.text or "") and any("Жауапты бағалау" in b for b in notice.buttons)

    reply = await alice.click(notice, "Жауапты бағалау")
    reply = await alice.click(reply.last, "⭐⭐⭐⭐⭐")
    assert "Бағаңызға рақмет" in reply.text
    reply = await alice.send("Тез жауап берді, рақмет!")
    assert "Бағаңыз бен пікіріңіз сақталды" in reply.text
    staff_texts = [s.text or "" for s in tg.sent_to(STAFF_CHAT_ID)]
    assert any("5 ұпайдың 5 ұпайын қойды" in t for t in staff_texts)
    assert any("Тез жауап берді" in t for t in staff_texts)
    row = (await appeals_rows(bot))[0]
    assert (row["status"], row["rating"], row["rating_comment"]) == ("answered", 5, "Тез жауап берді, рақмет!")
    # a closed appeal takes no more follow-ups and no second rating
    reply = await alice.send("/myappeals")
    reply = await alice.click(reply.last, "A-2025-00001")
    assert not any("Хабарлама қосу" in b or "Жауапты бағалау" in b for b in reply.last.buttons)


async def test_forged_buttons_never_reach_another_citizens_appeal(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, staff: Person
) -> None:
    victim, mallory = people("kk"), people("ru")
    await file_appeal(victim, "kk")
    row = (await appeals_rows(bot))[0]
    reply = await mallory.send("/start")
    anchor = reply.last
    for data in (f"myap:open:{row['id']}:0", f"myap:write:{row['id']}:0", f"myap:rate:{row['id']}:0",
                 f"myap:score:{row['id']}:1"):
        reply = await mallory.press(anchor, data)
        assert reply.answer is not None and reply.answer["text"] == "Обращение не найдено.", data
        assert all(TEXT["kk"] not in (m.text or "") for m in reply.messages)
    for data in (f"sap:take:{row['id']}:", f"sap:status:{row['id']}:answered", f"sap:reply:{row['id']}:",
                 f"sap:open:{row['id']}:", "sal::::0:0:"):
        reply = await mallory.press(anchor, data)
        assert reply.answer is not None and "только для сотрудников" in reply.answer["text"], data
    reply = await mallory.send("/appeals")
    assert "только для сотрудников" in reply.text
    # a non-staff member of the staff group replying to the card is ignored
    outsider = Person(tg, 777_777, "Бөтен", "kk", chat_id=STAFF_CHAT_ID)
    before = len(tg.sent_to(victim.chat_id))
    await outsider.send("Мен де жауап берейін", reply_to_message=replying_to(card_of(tg, STAFF_CHAT_ID, "A-2025")))
    await outsider.press(card_of(tg, STAFF_CHAT_ID, "A-2025"), f"sap:take:{row['id']}:")
    assert len(tg.sent_to(victim.chat_id)) == before
    row = (await appeals_rows(bot))[0]
    assert (row["status"], row["assignee_id"], row["rating"]) == ("new", None, None)
    # a role revoked is refused at once, even on an old card
    assert bot.runtime is not None
    roles = bot.runtime.dp["roles"]
    await roles.grant(OPERATOR_ID, "operator", ADMIN_ID)
    operator = Person(tg, OPERATOR_ID, "Оператор", "kk", chat_id=STAFF_CHAT_ID)
    await roles.revoke(OPERATOR_ID, "operator")
    await operator.press(card_of(tg, STAFF_CHAT_ID, "A-2025"), f"sap:take:{row['id']}:")
    assert (await appeals_rows(bot))[0]["assignee_id"] is None


@pytest.mark.parametrize("settings_overrides", [{"appeal_daily_limit": 1}])
async def test_daily_limit_is_explained(bot: RunningBot, people: Callable[..., Person]) -> None:
    ivan = people("ru")
    await file_appeal(ivan, "ru")
    reply = await open_form(ivan, "ru")
    assert "дневной лимит" in reply.text and "/myappeals" in reply.text
    alice = people("kk")
    await file_appeal(alice, "kk")
    reply = await open_form(alice, "kk")
    assert "Бүгін 1 өтініш жолдадыңыз" in reply.text
    assert len(await appeals_rows(bot)) == 2


async def test_admin_blocks_and_unblocks_a_citizen(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, staff: Person
) -> None:
    ivan = people("ru")
    await file_appeal(ivan, "ru")
    assert bot.runtime is not None
    await bot.runtime.dp["roles"].grant(OPERATOR_ID, "operator", ADMIN_ID)
    operator = Person(tg, OPERATOR_ID, "Оператор", "ru", chat_id=STAFF_CHAT_ID)
    reply = await operator.send("/appeal_block A-2025-00001")
    assert "Мұны тек әкімші жасай алады" in reply.text or "только администратор" in reply.text
    reply = await staff.send("/appeal_block A-2025-00001 спам")
    assert str(ivan.id) in reply.text
    reply = await open_form(ivan, "ru")
    assert "подача новых обращений через бот для вас недоступна" in reply.text
    reply = await staff.send(f"/appeal_unblock {ivan.id}")
    reply = await open_form(ivan, "ru")
    assert "Шаг 1" in reply.text
    actions = [a["action"] for a in await bot.runtime.dp["appeals"].audit_log()]
    assert actions[:2] == ["unblock", "block"]


async def test_appeals_list_with_filters(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, admin: Person
) -> None:
    await file_appeal(people("kk"), "kk", district="aral")
    await file_appeal(people("ru"), "ru", district="shieli", category="land")
    reply = await admin.send("/appeals")
    screen = reply.last
    assert "Открытые обращения: 2" in (screen.text or "")
    reply = await admin.click(screen, "Район ▾")
    reply = await admin.click(reply.last, "Шиелийский район")
    assert "Открытые обращения: 1" in (reply.last.text or "") and "A-2025-00002" in (reply.last.text or "")
    reply = await admin.click(reply.last, "Только просроченные: выкл.")
    assert "Открытые обращения: 0" in (reply.last.text or "")
    reply = await admin.click(reply.last, "Только просроченные: вкл.")
    reply = await admin.click(reply.last, "A-2025-00002")  # opens the card in the admin's chat
    assert any("A-2025-00002" in (m.text or "") and m.is_inline for m in reply.messages)


# ----- background job: digest and reposting ------------------------------------------------------------------------
async def test_overdue_digest_once_a_day_with_a_controlled_clock(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, clock: Any
) -> None:
    await file_appeal(people("kk"), "kk")  # due 28 March 2025
    clock.set(datetime(2025, 3, 20, 3, 0, tzinfo=UTC))
    await file_appeal(people("ru"), "ru")  # filed 20 March, due later
    assert bot.runtime is not None
    jobs = bot.runtime.dp["appeal_jobs"]

    def digests() -> list[Sent]:
        return [s for s in tg.sent_to(STAFF_CHAT_ID) if "Өтініштер шолуы" in (s.text or "")]

    clock.set(datetime(2025, 3, 31, 3, 59, tzinfo=UTC))  # Monday 08:59 local: before the digest hour
    assert (await jobs.run_once(clock.now()))["digest"] == 0
    clock.set(datetime(2025, 3, 31, 4, 0, tzinfo=UTC))  # 09:00 local
    assert (await jobs.run_once(clock.now()))["digest"] == 1
    text = digests()[-1].text or ""
    assert "Мерзімі өткен: 1" in text and "A-2025-00001" in text
    assert "A-2025-00002" not in text  # due on 15 April, not soon
    clock.set(datetime(2025, 3, 31, 10, 0, tzinfo=UTC))
    assert (await jobs.run_once(clock.now()))["digest"] == 0
    await bot.restart()
    jobs = bot.runtime.dp["appeal_jobs"]
    assert (await jobs.run_once(clock.now()))["digest"] == 0  # not again after a restart
    assert len(digests()) == 1
    clock.set(datetime(2025, 4, 1, 4, 30, tzinfo=UTC))
    assert (await jobs.run_once(clock.now()))["digest"] == 1


async def test_appeal_not_posted_while_the_staff_chat_fails_is_posted_later(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, clock: Any
) -> None:
    tg.missing_chats.add(STAFF_CHAT_ID)
    alice = people("kk")
    reply = await file_appeal(alice, "kk")
    assert "A-2025-00001" in reply.text  # the receipt does not depend on the staff chat
    assert not [s for s in tg.sent_to(STAFF_CHAT_ID)]
    tg.missing_chats.clear()
    assert bot.runtime is not None
    jobs = bot.runtime.dp["appeal_jobs"]
    clock.advance(minutes=1)
    assert (await jobs.run_once(clock.now()))["reposted"] == 0  # the handler may still be posting it
    clock.advance(minutes=5)
    assert (await jobs.run_once(clock.now()))["reposted"] == 1
    assert card_of(tg, STAFF_CHAT_ID, "A-2025-00001")
    assert (await jobs.run_once(clock.now()))["reposted"] == 0


# ----- export ------------------------------------------------------------------------------------------------------
async def test_export_csv_for_a_period_with_counts(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram, admin: Person, staff: Person
) -> None:
    await file_appeal(people("kk"), "kk", name="Айгүл Сейітова")
    await file_appeal(people("ru"), "ru", category="land", district="shieli", name="Иван Петров")
    # in the staff chat: its language (STAFF_LANGUAGE, Kazakh by default)
    reply = await staff.send("/appeals_export 2025-03-01 2025-03-31")
    doc = next(m for m in reply.messages if m.method == "sendDocument")
    raw = next(iter(doc.files.values()))
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads Cyrillic correctly
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Нөмірі" and len(rows) == 3
    assert rows[1][0] == "A-2025-00001" and rows[1][5] == "Айгүл Сейітова" and rows[1][6] == "'+77012345678"
    assert rows[2][3] == "Жер мәселелері" and rows[2][4] == "Шиелі ауданы"
    summary = reply.last.text or ""
    assert "Санаттар бойынша" in summary and "🌾 Жер мәселелері: 1" in summary and "Арал ауданы: 1" in summary
    assert "🆕 Жаңа: 2" in summary
    # in the administrator's private chat: their own language (Russian)
    reply = await admin.send("/appeals_export 2025-03-01 2025-03-31")
    doc = next(m for m in reply.messages if m.method == "sendDocument")
    rows = list(csv.reader(io.StringIO(next(iter(doc.files.values())).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Номер" and rows[2][4] == "Шиелийский район"
    assert "По категориям" in (reply.last.text or "")
    reply = await admin.send("/appeals_export 2025-04-01 2025-04-30")
    doc = next(m for m in reply.messages if m.method == "sendDocument")
    assert len(list(csv.reader(io.StringIO(next(iter(doc.files.values())).decode("utf-8-sig")),
                               delimiter=";"))) == 1
    reply = await admin.send("/appeals_export вчера")
    assert "Использование" in reply.text or "Қолданылуы" in reply.text


# ----- from an unanswered question ------------------------------------------------------------------------------
async def test_unanswered_question_becomes_an_appeal_in_one_tap(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    ivan = people("ru")
    question = "Когда в нашем селе отремонтируют дорогу до школы?"
    reply = await ivan.send(question)
    assert "не нашлось" in reply.text
    reply = await ivan.click(reply.last, "Написать в общественную приёмную")
    reply = await ivan.click(reply.last, "Дороги")
    reply = await ivan.click(reply.last, "Аральский район")
    assert question in reply.text
    reply = await ivan.click(reply.last, "Использовать этот текст")
    reply = await ivan.click(reply.last, "без файлов")
    reply = await ivan.click(reply.last, "Даю согласие")
    reply = await ivan.send("Иван Петров")
    reply = await ivan.send("87012345678")
    reply = await ivan.click(reply.last, "Пропустить")
    assert question in (reply.last.text or "")
    reply = await submit(ivan, reply.last, "ru")
    row = (await appeals_rows(bot))[0]
    assert (row["text"], row["source"], row["category"]) == (question, "question", "roads")
    assert "бот жауап бере алмаған сұрақтан" in (card_of(tg, STAFF_CHAT_ID, "A-2025-00001").text or "")


async def test_long_text_goes_under_the_card(
    bot: RunningBot, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    text = ("Жолдың жағдайы өте нашар & <түнде> жарық жоқ. " * 90)[:3990]
    await file_appeal(people("kk"), "kk", text=text)
    card = card_of(tg, STAFF_CHAT_ID, "A-2025-00001")
    assert "мәтіні келесі хабарламада" in (card.text or "")
    under = [s for s in tg.sent_to(STAFF_CHAT_ID)
             if s.params.get("reply_parameters", {}).get("message_id") == card.message_id and s.method == "sendMessage"]
    joined = "".join(s.text or "" for s in under)
    assert "&amp; &lt;түнде&gt;" in joined and all(len(s.text or "") <= 4096 for s in under)


async def test_concurrent_double_tap_with_handlers_as_tasks(
    settings: Any, clock: Any, people: Callable[..., Person], tg: FakeTelegram
) -> None:
    """Production polling runs handlers as tasks: two taps arriving together still give one appeal, one receipt
    and one card."""
    running = RunningBot(settings, clock, handle_as_tasks=True)
    await running.start()
    try:
        ivan = people("ru")
        shown = await step(tg, ivan, ivan.send(L["ru"]["reception"]), "Общественная приёмная")
        for label, expect in ((L["ru"]["write"], "Шаг 1"), ("Жильё", "Шаг 2"), ("Аральский район", "Шаг 3")):
            shown = await step(tg, ivan, ivan.click(shown[-1], label), expect)
        shown = await step(tg, ivan, ivan.send(TEXT["ru"]), "Шаг 4")
        shown = await step(tg, ivan, ivan.click(shown[-1], "без файлов"), "Персональные")
        await step(tg, ivan, ivan.click(shown[-1], "Даю согласие"), "Шаг 5")
        await step(tg, ivan, ivan.send("Иван Петров"), "Шаг 6")
        shown = await step(tg, ivan, ivan.send("87012345678"), "Шаг 7")
        await step(tg, ivan, ivan.click(shown[-1], "Пропустить"), "Проверьте")
        review = tg.sent_to(ivan.chat_id)[-1]
        data = review.button("Отправить")["callback_data"]
        first, second = ivan.callback_update(review, data), ivan.callback_update(review, data)
        await tg.push(first)
        await tg.push(second)
        await tg.wait_for(lambda: first["callback_query"]["id"] in tg.callback_answers
                          and second["callback_query"]["id"] in tg.callback_answers)
        await tg.wait_for(lambda: any(s.is_inline for s in tg.sent_to(STAFF_CHAT_ID)))
        assert running.runtime is not None
        assert await running.runtime.db.fetchval("SELECT COUNT(*) FROM appeals") == 1
        assert sum("Ваше обращение принято" in (s.text or "") for s in tg.sent_to(ivan.chat_id)) == 1
        assert len([s for s in tg.sent_to(STAFF_CHAT_ID) if s.is_inline]) == 1
    finally:
        await running.stop()


async def test_bad_input_in_kazakh(bot: RunningBot, people: Callable[..., Person]) -> None:
    alice = people("kk")
    reply = await open_form(alice, "kk")
    reply = await alice.click(reply.last, "Тұрғын үй")
    reply = await alice.click(reply.last, "Арал ауданы")
    reply = await alice.send("көмек")
    assert "тым қысқа" in reply.text and "5 таңба" in reply.text
    reply = await alice.send("ә" * 4500)
    assert "тым ұзын" in reply.text
    forwarded = {"type": "hidden_user", "date": int(time.time()), "sender_user_name": "Көрші"}
    reply = await alice.send(TEXT["kk"], forward_origin=forwarded)
    assert "қайта жіберілген хабарлама" in reply.text
    reply = await alice.send_raw(voice={"file_id": "v1", "file_unique_id": "v1", "duration": 2})
    assert "дауыстық" in reply.text
    reply = await alice.send(TEXT["kk"])
    assert "4-қадам" in reply.text
    reply = await alice.send_raw(video={"file_id": "vid", "file_unique_id": "vid", "width": 1, "height": 1,
                                        "duration": 1})
    assert "Тек фото мен құжаттарды" in reply.text
    for _ in range(5):
        reply = await alice.send_raw(**photo())
    assert "Тіркелген файлдар: 5" in reply.text
    reply = await alice.send_raw(**photo())
    assert "ең көп саны" in reply.text
    reply = await alice.click(reply.last, "Дайын")
    reply = await alice.click(reply.last, "Келісемін")
    reply = await alice.send("Айгүл Сейітова")
    reply = await alice.send("+7 (901) 234-56-78")
    assert "Қазақстан телефон нөміріне ұқсамайды" in reply.text
    assert not await appeals_rows(bot)
