"""Telegram bot of the AMANAT party's Kyzylorda regional branch."""

from bot import lazy_models as _lazy_models

_lazy_models.install()  # aiogram's models are built on first use: see bot/lazy_models.py (cold start)
