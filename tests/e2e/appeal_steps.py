"""Steps of the appeal form, shared by the appeals' end-to-end tests (kk and ru labels)."""

from __future__ import annotations

import itertools
import time
from collections.abc import Awaitable
from typing import Any

from tests.client import Person, Reply
from tests.fakeapi import BOT_USER, FakeTelegram, Sent

L = {
    "kk": {
        "reception": "📝 Қоғамдық қабылдау", "write": "Өтініш жазу", "housing": "Тұрғын үй", "land": "Жер",
        "aral": "Арал ауданы", "shieli": "Шиелі ауданы", "done": "Дайын", "skip_files": "Файлсыз",
        "agree": "Келісемін", "skip": "Өткізіп жіберу", "submit": "Жіберу", "edit": "Өзгерту",
        "cancel": "Бас тарту", "received": "Өтінішіңіз қабылданды", "my": "Менің өтініштерім",
    },
    "ru": {
        "reception": "📝 Общественная приёмная", "write": "Написать обращение", "housing": "Жильё",
        "land": "Земельные вопросы", "aral": "Аральский район", "shieli": "Шиелийский район", "done": "Готово",
        "skip_files": "без файлов", "agree": "Даю согласие", "skip": "Пропустить", "submit": "Отправить",
        "edit": "Изменить", "cancel": "Отмена", "received": "Ваше обращение принято", "my": "Мои обращения",
    },
}
TEXT = {
    "kk": "Ауылымызда үш айдан бері ауыз су жоқ, әкімдікке жазсақ та жауап бермеді.",
    "ru": "В нашем доме уже второй месяц течёт крыша, управляющая компания не реагирует на заявки.",
}
_files = itertools.count(1)


def photo(file_id: str | None = None) -> dict[str, Any]:
    fid = file_id or f"photo-{next(_files)}"
    return {"photo": [{"file_id": fid + "-small", "file_unique_id": fid + "s", "width": 90, "height": 90},
                      {"file_id": fid, "file_unique_id": fid, "width": 800, "height": 600}]}


def document(file_id: str | None = None) -> dict[str, Any]:
    fid = file_id or f"doc-{next(_files)}"
    return {"document": {"file_id": fid, "file_unique_id": fid, "file_name": "letter.pdf"}}


async def open_form(person: Person, lang: str) -> Reply:
    reply = await person.send(L[lang]["reception"])
    return await person.click(reply.last, L[lang]["write"])


async def fill_until_review(
    person: Person, lang: str, *, text: str | None = None, files: list[dict[str, Any]] | None = None,
    phone: str = "8 (701) 234-56-78", address: str | None = None, name: str = "Айгүл Сейітова",
    district: str = "aral", category: str = "housing",
) -> Reply:
    """From the main menu to the review screen; returns the reply with the review."""
    reply = await open_form(person, lang)
    reply = await person.click(reply.last, L[lang][category])
    reply = await person.click(reply.last, L[lang][district])
    reply = await person.send(text or TEXT[lang])
    for fields in files or []:
        reply = await person.send_raw(**fields)
    reply = await person.click(reply.last, L[lang]["done"] if files else L[lang]["skip_files"])
    if any(L[lang]["agree"] in b for b in reply.last.buttons):
        reply = await person.click(reply.last, L[lang]["agree"])
    reply = await person.send(name)
    if phone == "contact":
        reply = await person.share_contact("77015556677")
    else:
        reply = await person.send(phone)
    if address:
        reply = await person.send(address)
    else:
        reply = await person.click(reply.last, L[lang]["skip"])
    return reply


async def submit(person: Person, review: Sent, lang: str) -> Reply:
    return await person.click(review, L[lang]["submit"])


async def file_appeal(person: Person, lang: str, **kw: Any) -> Reply:
    reply = await fill_until_review(person, lang, **kw)
    return await submit(person, reply.last, lang)


def staff_messages(tg: FakeTelegram, chat_id: int) -> list[Sent]:
    return tg.sent_to(chat_id)


def card_of(tg: FakeTelegram, chat_id: int, ticket: str) -> Sent:
    cards = [s for s in tg.sent_to(chat_id) if s.text and ticket in s.text and s.is_inline]
    assert cards, f"no card for {ticket}"
    return cards[0]


async def step(tg: FakeTelegram, person: Person, action: Awaitable[Reply], expect: str) -> list[Sent]:
    """For a bot that handles updates as tasks (`python -m bot`, production polling): wait for the answer itself,
    not only for the update's offset; returns what the bot sent to the person meanwhile."""
    before = len(tg.sent_to(person.chat_id))
    await action

    def arrived() -> bool:
        return any(expect in (s.text or "") for s in tg.sent_to(person.chat_id)[before:])

    await tg.wait_for(arrived, timeout=30)
    return tg.sent_to(person.chat_id)[before:]


def replying_to(sent: Sent) -> dict[str, Any]:
    """Telegram's Reply to one of the bot's messages (a staff group's or a citizen's)."""
    return {
        "message_id": sent.message_id, "date": int(time.time()), "from": BOT_USER, "text": sent.text or "",
        "chat": {"id": sent.chat_id, "type": "supergroup" if sent.chat_id < 0 else "private", "title": "Staff"},
    }
