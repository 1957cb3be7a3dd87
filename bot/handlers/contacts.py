"""«📍 Contacts»: where the party's branches are and how to reach them, from data/venues.toml.

Only what staff filled in is shown (street, phone, working hours, map link); with nothing filled the card says
which towns have a branch and how to reach it through the bot. The same lines go under booking confirmations,
reminders, the consent-declined message, the no-sessions screen and the "not found" answer.
"""

from __future__ import annotations

from aiogram import Router, html
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from bot import keyboards as kb
from bot.callbacks import MenuCb
from bot.db.users import User
from bot.filters import Button
from bot.services.receptions import ReceptionService, Venue

router = Router(name=__name__)
router.message.filter(Button(kb.BTN_CONTACTS))

REGIONAL = "regional"  # the venue whose public reception takes what belongs to no district


def contact_lines(venue: Venue, lang: str) -> list[str]:
    """The venue's filled contact fields, one line each (HTML); [] when none is filled."""
    contacts = venue.contacts
    lines = []
    if contacts.street:
        lines.append("🏠 " + html.quote(venue.address[lang] + ", " + contacts.street[lang]))
    if contacts.phone:
        lines.append("☎️ " + html.quote(contacts.phone))
    if contacts.hours:
        lines.append("🕘 " + html.quote(contacts.hours[lang]))
    if contacts.map_url:
        lines.append('🗺 <a href="{url}">{label}</a>'.format(url=html.quote(contacts.map_url),
                                                            label=html.quote(_("Open the map"))))
    return lines


def venue_contacts(venue: Venue | None, lang: str) -> str:
    """"\\n" + the venue's contact lines, or "" when nothing is known (to append to a block that names it)."""
    lines = contact_lines(venue, lang) if venue is not None else []
    return "".join("\n" + line for line in lines)


def where_to_come(venue: Venue | None, lang: str, only_known: bool = False) -> str:
    """"\\n\\n📍 name, town" + contact lines of the public reception to visit; "" when no venue is known (or,
    with ``only_known``, when none of its contacts is filled)."""
    if venue is None or (only_known and not venue.contacts.filled):
        return ""
    head = "📍 " + html.quote(venue.place(lang))
    return "\n\n" + head + venue_contacts(venue, lang)


async def regional_venue(receptions: ReceptionService) -> Venue | None:
    venues = await receptions.venues()
    return next((v for v in venues if v.id == REGIONAL), venues[0] if venues else None)


async def district_venue(receptions: ReceptionService, district: str | None) -> Venue | None:
    """The branch of a district (its own, not the regional one, when both are there); else the regional one."""
    venues = [v for v in await receptions.venues() if v.district == district]
    own = [v for v in venues if v.id != REGIONAL]
    return (own or venues or [None])[0] or await regional_venue(receptions)


def card_text(venues: list[Venue], lang: str) -> str:
    head = _("📍 <b>Contacts of the AMANAT party's branches in Kyzylorda region</b>")
    known = [v for v in venues if v.contacts.filled]
    blocks = ["<b>" + html.quote(v.name[lang]) + "</b>\n" + "\n".join(contact_lines(v, lang)) for v in known]
    towns = list(dict.fromkeys(v.address[lang] for v in venues if not v.contacts.filled))
    parts = [head, *blocks]
    if not known:
        parts.append(_(
            "The branches' street addresses, phone numbers and working hours are not in the bot yet. The party's "
            "public reception rooms work at its branches in: {towns}."
        ).format(towns=html.quote(", ".join(towns))))
    elif towns:
        parts.append(_("The contacts of the other branches ({towns}) are not in the bot yet.").format(
            towns=html.quote(", ".join(towns))))
    parts.append(_(
        "You can reach the branch through the bot: write to the public reception and its staff will answer you "
        "here, or book a free consultation with a lawyer."
    ))
    return "\n\n".join(parts)


def card_markup() -> InlineKeyboardMarkup:
    from bot.handlers.receptions.callbacks import LegalCb  # the receptions package imports this module

    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text=_("📝 Write to the public reception"),
                              callback_data=MenuCb(action="appeal").pack())],
        [InlineKeyboardButton(text=_("🗓 Schedule by district"), callback_data=LegalCb(action="schedule").pack())],
    ])


async def card(receptions: ReceptionService, lang: str) -> str:
    return card_text(await receptions.venues(), lang)


@router.message(Button(kb.BTN_CONTACTS))
async def contacts_menu(message: Message, user: User, receptions: ReceptionService) -> None:
    await message.answer(await card(receptions, user.language), reply_markup=card_markup())
