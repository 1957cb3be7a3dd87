"""The /broadcast dialogue (kept in SQLite: a half-written broadcast survives a restart)."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class BroadcastForm(StatesGroup):
    text_kk = State()
    text_ru = State()
    media = State()
    audience = State()
    preview = State()
    schedule = State()
