"""Telegram bot of the AMANAT party's Kyzylorda regional branch."""

import os

from bot import lazy_models as _lazy_models

if os.environ.get("BOT_NO_AIOGRAM") != "1":  # set only for the search process (bot.services.search_process)
    _lazy_models.install()  # aiogram's models are built on first use: see bot/lazy_models.py (cold start)
