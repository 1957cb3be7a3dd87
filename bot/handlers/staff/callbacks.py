"""Callback data of the staff buttons. Every handler behind them re-checks the role in the database."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class DraftCb(CallbackData, prefix="bcd"):
    """A step of the /broadcast dialogue (valid only in the matching dialogue state)."""

    action: str  # "nomedia" | "districts" | "audiences" | "send" | "schedule" | "cancel"


class AudienceCb(CallbackData, prefix="bca"):
    kind: str  # "all" | "language" | "district"
    value: str = ""


class BroadcastCb(CallbackData, prefix="bc"):
    """A stored broadcast: stop it (scheduled, queued or sending)."""

    action: str  # "cancel"
    id: int
