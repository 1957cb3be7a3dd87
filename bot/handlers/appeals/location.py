"""A location pin on an appeal (issue 15): during the form a citizen may send a Telegram location or venue ("the
broken road is here"). At the district step it suggests the district the pin is in (data/districts.toml,
offline); at the text, files and address steps it is attached. Staff see it on the card as a map link.

This router goes before the form's own (bot/handlers/appeals/citizen.py), which never sees a pin."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.db.users import User
from bot.handlers.appeals.callbacks import FormCb
from bot.handlers.appeals.relay import AppealRelay
from bot.handlers.appeals.states import AppealForm
from bot.services.geo import Geography

router = Router(name=__name__)
router.message.filter(F.chat.type == "private", F.location | F.venue)


def location_of(data: dict[str, Any]) -> tuple[float, float] | None:
    """The pin kept in the form's data, if any."""
    value = data.get("location")
    if isinstance(value, list | tuple) and len(value) == 2:
        return float(value[0]), float(value[1])
    return None


def pin_of(message: Message) -> tuple[float, float] | None:
    point = message.venue.location if message.venue is not None else message.location
    if point is None or not (-90 <= point.latitude <= 90 and -180 <= point.longitude <= 180):
        return None
    return round(point.latitude, 6), round(point.longitude, 6)


@router.message(AppealForm.district)
async def pin_at_district_step(message: Message, state: FSMContext, user: User, relay: AppealRelay,
                               geo: Geography | None) -> None:
    pin = pin_of(message)
    if pin is None:
        return
    await state.update_data(location=list(pin))
    found = geo.locate(*pin) if geo is not None else None
    if found is None or found not in relay.districts:
        await message.answer(_("📍 The location is attached to the appeal. The bot cannot tell its district: please "
                               "choose the district with the buttons above."))
        return
    name = relay.districts[found].name.get(user.language, found)
    builder = InlineKeyboardBuilder()
    builder.button(text=name, callback_data=FormCb(action="district", value=found))
    await message.answer(_("📍 The location is attached to the appeal. It looks like {district}: tap to confirm, or "
                           "choose another district above.").format(district=name), reply_markup=builder.as_markup())


@router.message(StateFilter(AppealForm.category, AppealForm.text, AppealForm.attachments, AppealForm.address,
                            AppealForm.consent, AppealForm.name, AppealForm.phone, AppealForm.review))
async def pin_at_other_steps(message: Message, state: FSMContext) -> None:
    pin = pin_of(message)
    if pin is None:
        return
    await state.update_data(location=list(pin))
    await message.answer(_("📍 The location is attached to the appeal. Please go on with the current step."))
