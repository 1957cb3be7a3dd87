"""News subscription for citizens: /subscribe, /unsubscribe and the «🔔 Subscribe to news» button (under /help).

One tap subscribes (never without asking); the district is an optional second tap. Every button acts on the
subscription of the person who pressed it, so forged callback data can reach nobody else's.
"""

from __future__ import annotations

from contextlib import suppress

from aiogram import F, Router, html
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.db.users import User
from bot.services.subscriptions import Subscription, SubscriptionService

router = Router(name=__name__)
# Only commands reach these message handlers: one check for every other text instead of one per handler.
router.message.filter(F.text.startswith("/"))

WHOLE_REGION = "all"


class SubCb(CallbackData, prefix="sub"):
    action: str  # "on" | "off" | "district"
    district: str = ""  # a district id, or "all" for the whole region


def subscribe_button() -> InlineKeyboardMarkup:
    """The one-tap button (shown under /help)."""
    builder = InlineKeyboardBuilder()
    builder.button(text=_("🔔 Subscribe to news"), callback_data=SubCb(action="on"))
    return builder.as_markup()


def settings_keyboard(subscriptions: SubscriptionService, lang: str, current: str | None) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for district in subscriptions.districts:
        mark = "✅ " if district.id == current else ""
        builder.button(text=mark + district.name[lang], callback_data=SubCb(action="district", district=district.id))
    mark = "✅ " if current is None else ""
    builder.button(text=mark + _("🌍 The whole region"), callback_data=SubCb(action="district", district=WHOLE_REGION))
    builder.button(text=_("🔕 Unsubscribe"), callback_data=SubCb(action="off"))
    sizes = [2] * (len(subscriptions.districts) // 2) + [1] * (len(subscriptions.districts) % 2) + [1, 1]
    builder.adjust(*sizes)
    return builder.as_markup()


def district_text(subscriptions: SubscriptionService, subscription: Subscription, lang: str) -> str:
    district = subscriptions.district(subscription.district)
    name = district.name[lang] if district else _("the whole region")
    return _("Your district: <b>{district}</b>.").format(district=html.quote(name))


def subscribed_text(subscriptions: SubscriptionService, subscription: Subscription, lang: str, head: str) -> str:
    return "\n\n".join([
        head,
        district_text(subscriptions, subscription, lang) + " "
        + _("If you like, choose your district below: you will also get its local news."),
        _("News comes in the language you use the bot in (/language changes it). We keep only your Telegram id "
          "and the district you choose, only to send you the news; /unsubscribe stops them and deletes this."),
    ])


async def subscribe(user: User, subscriptions: SubscriptionService) -> tuple[str, InlineKeyboardMarkup]:
    subscription, changed = await subscriptions.subscribe(user.id)
    head = (
        _("🔔 You are subscribed to the news of the AMANAT Kyzylorda branch: receptions, results and events.")
        if changed else _("🔔 You are already subscribed to the branch's news.")
    )
    return (
        subscribed_text(subscriptions, subscription, user.language, head),
        settings_keyboard(subscriptions, user.language, subscription.district),
    )


async def unsubscribe(user: User, subscriptions: SubscriptionService) -> str:
    if await subscriptions.unsubscribe(user.id):
        return _("🔕 You have unsubscribed from the news, and we no longer keep your subscription. To subscribe again: "
                 "/subscribe")
    return _("You are not subscribed to the news. To subscribe: /subscribe")


@router.message(Command("subscribe"), F.chat.type == "private")
async def subscribe_command(message: Message, user: User, subscriptions: SubscriptionService) -> None:
    text, markup = await subscribe(user, subscriptions)
    await message.answer(text, reply_markup=markup)


@router.message(Command("unsubscribe"), F.chat.type == "private")
async def unsubscribe_command(message: Message, user: User, subscriptions: SubscriptionService) -> None:
    await message.answer(await unsubscribe(user, subscriptions))


@router.message(Command("subscribe", "unsubscribe"))
async def in_group(message: Message) -> None:
    await message.answer(_("Please write /subscribe or /unsubscribe to the bot in a private chat."))


@router.callback_query(SubCb.filter(F.action == "on"))
async def subscribe_tap(query: CallbackQuery, user: User, subscriptions: SubscriptionService) -> None:
    text, markup = await subscribe(user, subscriptions)
    await query.answer(_("Subscribed"))
    await query.bot.send_message(user.id, text, reply_markup=markup)  # type: ignore[union-attr]


@router.callback_query(SubCb.filter(F.action == "off"))
async def unsubscribe_tap(query: CallbackQuery, user: User, subscriptions: SubscriptionService) -> None:
    text = await unsubscribe(user, subscriptions)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(text)
    else:
        await query.bot.send_message(user.id, text)  # type: ignore[union-attr]


@router.callback_query(SubCb.filter(F.action == "district"))
async def district_tap(
    query: CallbackQuery, callback_data: SubCb, user: User, subscriptions: SubscriptionService
) -> None:
    district_id = None if callback_data.district == WHOLE_REGION else callback_data.district
    if district_id is not None and not subscriptions.is_district(district_id):
        await query.answer(_("This button is out of date. Please open the menu again: /menu"), show_alert=True)
        return
    subscription = await subscriptions.set_district(user.id, district_id)
    if subscription is None:
        await query.answer(_("You are not subscribed to the news. To subscribe: /subscribe"), show_alert=True)
        return
    await query.answer(_("Saved"))
    if isinstance(query.message, Message):
        head = _("✅ Saved. You are subscribed to the branch's news.")
        with suppress(TelegramBadRequest):  # "message is not modified": the same district pressed again
            await query.message.edit_text(
                subscribed_text(subscriptions, subscription, user.language, head),
                reply_markup=settings_keyboard(subscriptions, user.language, subscription.district),
            )


@router.callback_query(SubCb.filter())
async def unknown_action(query: CallbackQuery) -> None:
    await query.answer(_("This button is out of date. Please open the menu again: /menu"), show_alert=True)
