"""Buttons of the privacy screens. Nothing here names another citizen: every action applies to the person who
pressed the button (``query.from_user``), so forged callback data cannot reach anyone else's data."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class ConsentCb(CallbackData, prefix="consent"):
    answer: str  # "yes" | "no"
    purpose: str  # what the citizen was about to do: a key registered with ConsentGate.on_accept()
    version: int  # the privacy notice version the citizen saw
    token: str = ""  # under a form's notice: the token the form waits on (ConsentGate); empty elsewhere


class ForgetCb(CallbackData, prefix="forget"):
    answer: str  # "yes" | "no"
    asked_at: int  # when the confirmation was shown (Unix time): an old one is refused


class PrivacyCb(CallbackData, prefix="priv"):
    action: str  # "mydata" | "forget" | "withdraw"
