"""District routing in the bot (issue 15), for staff: /route (where each district's appeals go), /district (which
district an operator serves), and the card's «🔀 Reassign» button (another district or category: the card moves,
the citizen is told in their language). Roles are checked in the database on every command and button; an
operator limited to districts may only act on their own districts' appeals."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router, html
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message, ReplyParameters
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.db.users import User
from bot.filters import HasRole
from bot.handlers.appeals import texts
from bot.handlers.appeals.callbacks import RouteCb
from bot.handlers.appeals.relay import AppealRelay
from bot.handlers.appeals.routing import DistrictGuard
from bot.services.appeals import CATEGORIES, OPEN_STATUSES, AppealService
from bot.services.roles import ADMIN, RoleService
from bot.services.routing import Destination, RoutingService

log = logging.getLogger(__name__)

router = Router(name=__name__)
router.callback_query.filter(RouteCb.filter(), HasRole())
router.callback_query.middleware(DistrictGuard())  # another district's appeal: refused
admin_router = Router(name=__name__ + ".admin")
admin_router.message.filter(F.text.startswith("/"), HasRole(ADMIN))




def find_district(relay: AppealRelay, word: str) -> str | None:
    word = word.strip().lower()
    for district in relay.district_list:
        if word == district.id or word in (name.lower() for name in district.name.values()):
            return district.id
    return None


def district_ids(relay: AppealRelay) -> str:
    return ", ".join(d.id for d in relay.district_list)


# ----- /route -----------------------------------------------------------------------------------------------
def route_usage(relay: AppealRelay) -> str:
    return _(
        "Write it like this:\n"
        "/route DISTRICT here — in the district's group or forum topic: its appeals come here\n"
        "/route DISTRICT CHAT_ID [TOPIC_ID] — a chat (and topic) by its id\n"
        "/route DISTRICT off — back to the staff chat (or to a new topic of the forum)\n"
        "Districts: {districts}"
    ).format(districts=district_ids(relay))


async def routes_text(relay: AppealRelay, routing: RoutingService, lang: str) -> str:
    routes = await routing.routes()
    lines = [_("🗺 <b>Where appeals go</b>"), ""]
    for district in relay.district_list:
        route = routes.get(district.id)
        if route is None:
            where = _("the forum: a topic is opened with the first appeal") \
                if relay.settings.district_forum_chat_id is not None else _("the staff chat")
        elif route.thread_id is not None:
            where = _("chat {chat}, topic {topic}").format(chat=route.chat_id, topic=route.thread_id)
        else:
            where = _("chat {chat}").format(chat=route.chat_id)
        lines.append(f"• <code>{district.id}</code> {html.quote(district.name.get(lang, district.id))}: {where}")
    return "\n".join(lines)


@admin_router.message(Command("route"))
async def route(message: Message, command: CommandObject, relay: AppealRelay, routing: RoutingService,
                user: User) -> None:
    parts = (command.args or "").split()
    lang = await relay.chat_language(message.chat.id)
    if not parts:
        await message.answer(await routes_text(relay, routing, lang) + "\n\n" + route_usage(relay))
        return
    district = find_district(relay, parts[0])
    if district is None or len(parts) not in (2, 3):
        await message.answer(route_usage(relay))
        return
    target = parts[1].lower()
    if target == "off" and len(parts) == 2:
        await routing.forget_route(district)
    elif target == "here" and len(parts) == 2:
        if message.chat.type == "private":
            await message.answer(_("Send /route {district} here in the district's group or forum topic.")
                                 .format(district=district))
            return
        thread = message.message_thread_id if message.is_topic_message else None
        await routing.set_route(district, Destination(message.chat.id, thread))
    elif target.lstrip("-").isdigit() and (len(parts) == 2 or parts[2].isdigit()):
        chat_id = int(target)
        if chat_id > 0:
            await message.answer(_("A district's appeals go to a group: its id starts with -100 (send /myid in "
                                   "the group)."))
            return
        await routing.set_route(district, Destination(chat_id, int(parts[2]) if len(parts) == 3 else None))
    else:
        await message.answer(route_usage(relay))
        return
    log.info("admin %r changed the route of district %r", user.id, district)
    await message.answer(await routes_text(relay, routing, lang))


# ----- /district --------------------------------------------------------------------------------------------
def district_usage(relay: AppealRelay) -> str:
    return _(
        "Write it like this:\n"
        "/district ID DISTRICT — the staff member sees and handles only this district's appeals (repeat for more "
        "districts)\n"
        "/district ID off — the whole region again\n"
        "Districts: {districts}"
    ).format(districts=district_ids(relay))


@admin_router.message(Command("district"))
async def district_staff(message: Message, command: CommandObject, relay: AppealRelay, routing: RoutingService,
                         roles: RoleService) -> None:
    parts = (command.args or "").split()
    if not parts:
        grants = await routing.district_staff()
        lines = [_("🗺 <b>District staff</b>"), ""]
        lines += [f"• <code>{uid}</code>: {', '.join(ds)}" for uid, ds in grants.items()] or [_("Nobody yet: every "
                                                                                               "operator sees the "
                                                                                               "whole region.")]
        await message.answer("\n".join(lines) + "\n\n" + district_usage(relay))
        return
    if len(parts) != 2 or not parts[0].isdigit():
        await message.answer(district_usage(relay))
        return
    user_id = int(parts[0])
    if parts[1].lower() == "off":
        await routing.revoke_districts(user_id)
        await message.answer(_("<code>{id}</code> now sees the whole region.").format(id=user_id))
        return
    district = find_district(relay, parts[1])
    if district is None:
        await message.answer(district_usage(relay))
        return
    if not await roles.has(user_id):
        await message.answer(_("<code>{id}</code> has no staff role yet: first /grant {id} operator.")
                             .format(id=user_id))
        return
    await routing.grant_district(user_id, district)
    granted = ", ".join(sorted(await routing.districts_of(user_id)))
    await message.answer(_("<code>{id}</code> now handles the appeals of: {districts}.").format(
        id=user_id, districts=granted))


# ----- /stats by district ---------------------------------------------------------------------------------------
async def stats_by_district(appeals: AppealService, relay: AppealRelay, user_id: int, lang: str) -> str:
    """Appeals per district for /stats: open, of them overdue, and all filed (a district operator: theirs)."""
    rows = await appeals.db.fetchall(
        "SELECT district, SUM(status IN ('new', 'in_progress')), "
        "SUM(status IN ('new', 'in_progress') AND due_date < ?), COUNT(*) FROM appeals GROUP BY district",
        (appeals.today().isoformat(),),
    )
    scope = await appeals.scope_of(user_id)
    found = {str(r[0]): (int(r[1] or 0), int(r[2] or 0), int(r[3] or 0)) for r in rows}
    lines = [_("🗺 <b>Appeals by district</b> (open / overdue / all):")]
    for district in relay.district_list:
        if scope is not None and district.id not in scope:
            continue
        open_, overdue, total = found.get(district.id, (0, 0, 0))
        lines.append(f"   • {html.quote(district.name.get(lang, district.id))}: {open_} / {overdue} / {total}")
    return "\n".join(lines)


# ----- «🔀 Reassign» ------------------------------------------------------------------------------------------
@router.callback_query(RouteCb.filter())
async def reassign(query: CallbackQuery, callback_data: RouteCb, user: User, bot: Bot, appeals: AppealService,
                   relay: AppealRelay, routing: RoutingService, roles: RoleService) -> None:
    appeal = await appeals.get(callback_data.id)
    if appeal is None or appeal.anonymised:
        await query.answer(_("Appeal not found."), show_alert=True)
        return
    if appeal.status not in OPEN_STATUSES:
        await query.answer(_("The appeal is closed: reopen it first."), show_alert=True)
        return
    chat_id = query.message.chat.id if query.message else user.id
    lang = await relay.chat_language(chat_id)
    if callback_data.action == "menu":
        await query.answer()
        builder = InlineKeyboardBuilder()
        with relay.locale(lang):
            for district in relay.district_list:
                if district.id != appeal.district:
                    builder.button(text=district.name[lang], callback_data=RouteCb(action="d", id=appeal.id,
                                                                                   value=district.id))
            for category in CATEGORIES:
                if category != appeal.category:
                    builder.button(text=texts.category_label(category),
                                   callback_data=RouteCb(action="c", id=appeal.id, value=category))
            builder.adjust(2)
            text = _("🔀 Where should appeal {ticket} go? A district, or a category.").format(ticket=appeal.ticket)
        reply_to = query.message.message_id if query.message else None
        thread = await routing.thread_of(chat_id, reply_to) if reply_to else None
        await bot.send_message(chat_id, text, reply_markup=builder.as_markup(), message_thread_id=thread,
                               reply_parameters=ReplyParameters(message_id=reply_to, allow_sending_without_reply=True)
                               if reply_to else None)
        return
    if callback_data.action == "d" and callback_data.value in relay.districts:
        previous = await routing.reassign(appeal.id, user.id, district=callback_data.value)
    elif callback_data.action == "c" and callback_data.value in CATEGORIES:
        previous = await routing.reassign(appeal.id, user.id, category=callback_data.value)
    else:
        await query.answer(_("This button is out of date. Please open the menu again: /menu"), show_alert=True)
        return
    if previous is None:
        await query.answer(_("Nothing to change."))
        return
    moved = await appeals.get(appeal.id)
    assert moved is not None
    await query.answer(_("Done"))
    if isinstance(query.message, Message):
        with relay.locale(lang):
            done = _("🔀 {ticket} is passed to: {what}").format(
                ticket=moved.ticket,
                what=relay.districts[moved.district].name[lang] if callback_data.action == "d"
                else texts.category_label(moved.category))
        try:
            await query.message.edit_text(done)
        except TelegramAPIError:  # a cosmetic edit; the move is done
            log.debug("reassign menu of appeal %r not edited", moved.id)
    if relay.routing is not None and callback_data.action == "d":
        await relay.routing.moved(bot, moved, previous)
    else:
        await relay.refresh_cards(bot, moved)
    with relay.locale(moved.citizen_language):
        if callback_data.action == "d":
            note = _("🔔 Your appeal <b>{ticket}</b> is now handled by the branch of: {district}.").format(
                ticket=moved.ticket, district=relay.districts[moved.district].name[moved.citizen_language])
        else:
            note = _("🔔 Your appeal <b>{ticket}</b> is now in the category «{category}».").format(
                ticket=moved.ticket, category=texts.category_label(moved.category))
    await relay.to_citizen(bot, moved, note)
