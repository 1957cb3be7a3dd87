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


class FeedbackCb(CallbackData, prefix="fb"):
    """👍/👎 under an answer: the card, the vote and a token for the question (kept in memory only)."""

    entry: str
    vote: str  # "up" | "down"
    q: str = ""


class KbCb(CallbackData, prefix="kb"):
    """Staff's knowledge-base screens (/gaps, /kb); every handler re-checks the role in the database."""

    action: str
    id: str = ""
    arg: str = ""
