"""The appeal form and the citizen's follow-up and rating steps (kept in SQLite: they survive a restart)."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class AppealForm(StatesGroup):
    category = State()
    district = State()
    text = State()
    attachments = State()
    consent = State()
    name = State()
    phone = State()
    address = State()
    review = State()


class FollowUp(StatesGroup):
    text = State()


class Rating(StatesGroup):
    comment = State()
