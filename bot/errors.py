"""Errors that more than one way of running the bot raise (polling in bot.serve, webhook in bot.webhook).

Kept below both, so that neither imports the other for them."""

from __future__ import annotations


class TokenRejected(RuntimeError):
    """Telegram answered 401: BOT_TOKEN is wrong or revoked."""
