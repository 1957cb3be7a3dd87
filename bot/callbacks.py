"""Callback data of inline buttons. Parsed by aiogram, never by hand; every field is validated by pydantic,
and handlers still check that what it points to exists and belongs to the user."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class LangCb(CallbackData, prefix="lang"):
    code: str


class SectionCb(CallbackData, prefix="sec"):
    section: str  # "results" | "projects"


class TopicCb(CallbackData, prefix="top"):
    id: str


class EntryCb(CallbackData, prefix="ent"):
    id: str


class MenuCb(CallbackData, prefix="menu"):
    action: str  # "main" | "appeal" | "ask"


class PausedFormCb(CallbackData, prefix="paused"):
    action: str  # "continue" | "cancel"
