"""Dialogues of the legal-help receptions. The state and the answers so far live in SQLite (SQLiteStorage), so
a half-filled form survives a restart, a crash or SIGKILL."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class BookingForm(StatesGroup):
    consent = State()
    name = State()
    phone = State()
    question = State()
    confirm = State()


class NewSession(StatesGroup):
    venue = State()
    date = State()
    time = State()
    mode = State()
    capacity = State()
    topic = State()
    specialist = State()
    confirm = State()


class EditSession(StatesGroup):
    value = State()


class CsvUpload(StatesGroup):
    waiting = State()
