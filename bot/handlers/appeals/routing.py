"""District routing of appeals (issue 15), the relay's side: finds a district's destination (a route an admin
set, or a forum topic the bot creates on first use in DISTRICT_FORUM_CHAT_ID), and keeps the regional staff
chat's overview line of each routed appeal up to date. Without a route or a forum, nothing here acts and the
single staff chat works as before."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import CallbackQuery, TelegramObject
from aiogram.utils.i18n import gettext as _

from bot.handlers.appeals import texts
from bot.services.appeals import CLOSED_STATUSES, Appeal
from bot.services.routing import Destination, RoutingService

if TYPE_CHECKING:
    from bot.handlers.appeals.relay import AppealRelay

log = logging.getLogger(__name__)


def other_district_alert() -> str:
    return _("This appeal belongs to another district: you can see and act only on your district's appeals.")


class DistrictGuard(BaseMiddleware):
    """On the staff routers' buttons (after their filters): a button about an appeal of a district the presser is
    not granted is refused before its handler runs, whatever its callback data says (a forged one too)."""

    async def __call__(
        self, handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]], event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        callback_data = data.get("callback_data")
        appeal_id = getattr(callback_data, "id", None)
        appeals = data.get("appeals")
        user = data.get("event_from_user")
        if isinstance(event, CallbackQuery) and isinstance(appeal_id, int) and appeals is not None and user:
            appeal = await appeals.get(appeal_id)
            if appeal is not None and not await appeals.may_handle(user.id, appeal):
                log.warning("staff %r pressed a button of an appeal of another district", user.id)
                await event.answer(other_district_alert(), show_alert=True)
                return None
        return await handler(event, data)


class DistrictRouting:
    def __init__(self, relay: AppealRelay, routing: RoutingService) -> None:
        self.relay = relay
        self.routing = routing
        self.forum_chat = relay.settings.district_forum_chat_id
        self.overview = relay.settings.appeal_overview
        self.per_appeal = relay.settings.appeal_topics == "appeal"

    def district_name(self, district: str, lang: str) -> str:
        found = self.relay.districts.get(district)
        return found.name.get(lang, district) if found else district

    async def destination(self, bot: Bot, appeal: Appeal) -> Destination | None:
        """Where the appeal's card goes; None: the regional staff chat, as without routing."""
        if self.per_appeal and self.forum_chat is not None:
            own = await self.appeal_topic(bot, appeal)
            if own is not None:
                return own
        route = await self.routing.route(appeal.district)
        if route is not None:
            return route
        if self.forum_chat is None or appeal.district not in self.relay.districts:
            return None
        name = self.district_name(appeal.district, self.relay.staff_language)
        try:
            topic = await bot.create_forum_topic(self.forum_chat, name[:128])
        except TelegramAPIError as exc:  # not a forum, or the bot may not manage topics: the staff chat then
            log.warning("could not create the forum topic of district %r: %r", appeal.district, exc)
            return None
        destination = Destination(self.forum_chat, topic.message_thread_id)
        await self.routing.set_route(appeal.district, destination)
        log.info("district %r now goes to topic %r of the forum", appeal.district, topic.message_thread_id)
        return destination

    async def appeal_topic(self, bot: Bot, appeal: Appeal) -> Destination | None:
        """APPEAL_TOPICS=appeal: a topic of its own, «A-2025-00042 · Арал ауданы · 🏠 Тұрғын үй»."""
        assert self.forum_chat is not None
        try:
            topic = await bot.create_forum_topic(self.forum_chat, self.topic_name(appeal))
        except TelegramAPIError as exc:
            log.warning("could not create the forum topic of appeal %r: %r", appeal.id, exc)
            return None
        return Destination(self.forum_chat, topic.message_thread_id)

    def topic_name(self, appeal: Appeal) -> str:
        lang = self.relay.staff_language
        with self.relay.locale(lang):
            return (f"{appeal.ticket} · {self.district_name(appeal.district, lang)} · "
                    f"{texts.category_label(appeal.category)}")[:128]

    async def rename_topic(self, bot: Bot, appeal: Appeal, thread_id: int) -> None:
        assert self.forum_chat is not None
        try:
            await bot.edit_forum_topic(self.forum_chat, thread_id, name=self.topic_name(appeal))
        except TelegramAPIError as exc:
            log.info("topic of appeal %r not renamed: %r", appeal.id, exc)

    async def sync_topic(self, bot: Bot, appeal: Appeal) -> None:
        """APPEAL_TOPICS=appeal: the appeal's topic is closed with the appeal and reopened with it."""
        if not self.per_appeal or self.forum_chat is None:
            return
        home = await self.routing.home(appeal.id)
        if home is None or home[0] != self.forum_chat or home[2] is None:
            return
        try:
            if appeal.status in CLOSED_STATUSES:
                await bot.close_forum_topic(self.forum_chat, home[2])
            else:
                await bot.reopen_forum_topic(self.forum_chat, home[2])
        except TelegramAPIError as exc:  # TOPIC_NOT_MODIFIED: it already was
            if "NOT_MODIFIED" not in str(exc):
                log.info("topic of appeal %r not closed/reopened: %r", appeal.id, exc)

    async def lost(self, appeal: Appeal, exc: TelegramAPIError) -> None:
        """A topic deleted by someone: forget it, so the next attempt creates a new one (or uses the staff chat)."""
        if isinstance(exc, TelegramBadRequest) and "thread not found" in str(exc) and self.forum_chat is not None:
            route = await self.routing.route(appeal.district)
            if route is not None and route.chat_id == self.forum_chat:
                await self.routing.forget_route(appeal.district)

    def overview_line(self, appeal: Appeal, lang: str) -> str:
        with self.relay.locale(lang):
            return _("📌 <b>{ticket}</b> · {district} · {category}: {status}").format(
                ticket=appeal.ticket, district=self.district_name(appeal.district, lang),
                category=texts.category_label(appeal.category), status=texts.status_label(appeal.status),
            )

    async def post_overview(self, bot: Bot, appeal: Appeal) -> None:
        """One line about a routed appeal in the regional staff chat (APPEAL_OVERVIEW=line); never fails the post."""
        chat_id = self.relay.staff_chat
        if self.overview != "line" or chat_id is None:
            return
        if await self.routing.overviews(appeal.id):  # moved to another district: the same line, updated
            await self.refresh_overviews(bot, appeal)
            return
        try:
            msg = await bot.send_message(chat_id, self.overview_line(appeal, self.relay.staff_language))
        except TelegramAPIError as exc:
            log.warning("could not post the overview line of appeal %r: %r", appeal.id, exc)
            return
        await self.relay.appeals.link_message(appeal.id, chat_id, msg.message_id, "overview")

    async def refresh_overviews(self, bot: Bot, appeal: Appeal) -> None:
        for chat_id, message_id in await self.routing.overviews(appeal.id):
            text = self.overview_line(appeal, await self.relay.chat_language(chat_id))
            try:
                await bot.edit_message_text(text=text, chat_id=chat_id, message_id=message_id)
            except TelegramAPIError as exc:
                if "not modified" not in str(exc):
                    log.info("overview %r of appeal %r not edited: %r", message_id, appeal.id, exc)

    async def moved(self, bot: Bot, appeal: Appeal, previous_district: str) -> None:
        """After a reassignment: when the appeal's destination changed, the old card says where it went (its
        buttons and personal data gone) and a new card is posted to the new destination; else the cards show the
        new district or category."""
        home = await self.routing.home(appeal.id)
        if self.per_appeal and home is not None and home[0] == self.forum_chat and home[2] is not None:
            await self.rename_topic(bot, appeal, home[2])  # its own topic stays; the name says the new district
            await self.relay.refresh_cards(bot, appeal)
            return
        new = await self.destination(bot, appeal) or Destination(self.relay.staff_chat or 0, None)
        if home is None or (home[0], home[2]) == (new.chat_id, new.thread_id):
            await self.relay.refresh_cards(bot, appeal)
            return
        for chat_id, message_id in await self.relay.appeals.cards(appeal.id):
            if chat_id > 0:
                continue  # a staff member's private copy is simply refreshed
            lang = await self.relay.chat_language(chat_id)
            with self.relay.locale(lang):
                note = _("➡️ <b>{ticket}</b> was passed to: {district}.").format(
                    ticket=appeal.ticket, district=self.district_name(appeal.district, lang))
            try:
                await bot.edit_message_text(text=note, chat_id=chat_id, message_id=message_id)
            except TelegramAPIError as exc:
                log.info("old card %r of appeal %r not edited: %r", message_id, appeal.id, exc)
            await self.routing.retire_card(chat_id, message_id)
        await self.relay.post_new(bot, appeal)
        await self.relay.refresh_cards(bot, appeal)

    async def district_digests(self, bot: Bot, overdue: list[Appeal], soon: list[Appeal],
                               render: Callable[[list[Appeal], list[Appeal]], str]) -> int:
        """The daily digest, per routed district, to the district's chat or topic (only districts with overdue or
        soon-due appeals). Best effort: the regional digest has been sent already. Returns how many were sent."""
        sent = 0
        for district, route in (await self.routing.routes()).items():
            mine_overdue = [a for a in overdue if a.district == district]
            mine_soon = [a for a in soon if a.district == district]
            if not mine_overdue and not mine_soon:
                continue
            try:
                await bot.send_message(route.chat_id, render(mine_overdue, mine_soon),
                                       message_thread_id=route.thread_id)
                sent += 1
            except TelegramAPIError as exc:
                log.warning("digest of district %r not sent: %r", district, exc)
        return sent
