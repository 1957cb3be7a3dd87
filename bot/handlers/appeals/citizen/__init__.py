"""The citizen"s side of the public reception: the menu, the appeal form, /myappeals, follow-ups and rating.

The form lives in FSM state (SQLite): a restart or a crash mid-form loses nothing. The submit carries the
form"s submission key, so a double tap or a re-delivered update files one appeal.

One module per part: common (the router, texts, checks and the step engine), menu (entry points),
form (the steps), submit, mine (one"s appeals and additions), replies (Telegram"s Reply), rating. They are
imported in this order, which is the order their handlers are tried in.
"""

from __future__ import annotations

# isort: off
from bot.handlers.appeals.citizen import menu, form, submit, mine, replies, rating  # noqa: F401
from bot.handlers.appeals.citizen.common import (
    CONSENT_PURPOSE,
    PREFILL_KEY,
    is_unsupported,
    message_files,
    router,
    send_step,
    start_form,
)
from bot.handlers.appeals.citizen.form import consent_accepted, consent_declined
# isort: on

__all__ = [
    "CONSENT_PURPOSE",
    "PREFILL_KEY",
    "consent_accepted",
    "consent_declined",
    "is_unsupported",
    "message_files",
    "router",
    "send_step",
    "start_form",
]
