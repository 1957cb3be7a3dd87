"""Citizens subscribe and unsubscribe in one tap, in Kazakh and Russian; nobody is subscribed without asking."""

from __future__ import annotations

from collections.abc import Callable

from bot.handlers.subscriptions import SubCb
from bot.services.subscriptions import SubscriptionService
from tests.client import Person
from tests.conftest import RunningBot
from tests.fakeapi import Sent


def subscriptions(bot: RunningBot) -> SubscriptionService:
    assert bot.runtime is not None
    return bot.runtime.dp["subscriptions"]  # type: ignore[no-any-return]


def containing(messages: list[Sent], text: str) -> Sent:
    found = [m for m in messages if text in (m.text or "")]
    assert found, f"no message with {text!r} in {[m.text for m in messages]}"
    return found[-1]


async def test_subscribe_choose_district_and_unsubscribe_in_kazakh(
    bot: RunningBot, people: Callable[..., Person]
) -> None:
    alice = people("kk", first_name="Әлия")
    await alice.send("/start")
    reply = await alice.send("/help")
    assert await subscriptions(bot).get(alice.id) is None  # /start and /help never subscribe anyone
    assert "🔔 Жаңалықтарға жазылу" in reply.last.buttons

    reply = await alice.click(reply.last, "Жаңалықтарға жазылу")
    assert reply.answer is not None and reply.answer["text"] == "Жазылдыңыз"
    card = containing(reply.messages, "жаңалықтарына жазылдыңыз")
    assert "Сіздің ауданыңыз: <b>бүкіл облыс</b>" in (card.text or "")
    assert "Telegram идентификаторыңыз бен таңдаған ауданыңызды ғана сақтаймыз" in (card.text or "")
    assert {"Арал ауданы", "Шиелі ауданы", "✅ 🌍 Бүкіл облыс", "🔕 Жазылымды тоқтату"} <= set(card.buttons)
    subscription = await subscriptions(bot).get(alice.id)
    assert subscription is not None and subscription.active and subscription.district is None

    reply = await alice.click(card, "Арал ауданы")
    assert reply.answer is not None and reply.answer["text"] == "Сақталды"
    assert "Сіздің ауданыңыз: <b>Арал ауданы</b>" in (reply.last.text or "")
    assert "✅ Арал ауданы" in reply.last.buttons
    assert (await subscriptions(bot).get(alice.id)).district == "aral"  # type: ignore[union-attr]

    # a forged district is refused and changes nothing
    reply = await alice.press(card, SubCb(action="district", district="atlantis").pack())
    assert reply.answer is not None and reply.answer.get("show_alert") in {True, "true"}
    assert (await subscriptions(bot).get(alice.id)).district == "aral"  # type: ignore[union-attr]

    reply = await alice.send("/unsubscribe")
    assert "жазылымды тоқтаттыңыз" in reply.text
    assert await subscriptions(bot).get(alice.id) is None
    reply = await alice.send("/unsubscribe")
    assert "Сіз жаңалықтарға жазылмағансыз" in reply.text
    # the old card's district button cannot resubscribe anyone
    reply = await alice.click(card, "Шиелі ауданы")
    assert reply.answer is not None and "жазылмағансыз" in reply.answer["text"]
    assert await subscriptions(bot).get(alice.id) is None


async def test_subscribe_and_unsubscribe_in_russian(bot: RunningBot, people: Callable[..., Person]) -> None:
    ivan = people("ru", first_name="Иван")
    reply = await ivan.send("/subscribe")
    card = reply.last
    assert "Вы подписались на новости Кызылординского областного филиала" in (card.text or "")
    assert "✅ 🌍 Вся область" in card.buttons and "Аральский район" in card.buttons
    reply = await ivan.send("/subscribe")
    assert "Вы уже подписаны" in reply.text
    reply = await ivan.click(card, "Шиелийский район")
    assert "Ваш район: <b>Шиелийский район</b>" in (reply.last.text or "")
    reply = await ivan.click(reply.last, "Вся область")
    assert (await subscriptions(bot).get(ivan.id)).district is None  # type: ignore[union-attr]
    reply = await ivan.click(reply.last, "🔕 Отписаться")
    assert "Вы отписались от новостей" in (reply.last.text or "")
    assert await subscriptions(bot).get(ivan.id) is None
    # the subscription survives a restart like everything else
    await ivan.send("/subscribe")
    await bot.restart()
    reply = await ivan.send("/subscribe")
    assert "Вы уже подписаны" in reply.text


async def test_subscribe_commands_are_registered(bot: RunningBot, people: Callable[..., Person]) -> None:
    person = people("ru")
    tg = person.tg
    kk = {c["command"]: c["description"] for c in tg.commands["kk"]}
    ru = {c["command"]: c["description"] for c in tg.commands["ru"]}
    assert kk["subscribe"] == "Филиал жаңалықтарына жазылу" and ru["subscribe"] == "Подписаться на новости филиала"
    assert kk["unsubscribe"] != ru["unsubscribe"]
