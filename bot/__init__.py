"""Telegram bot of the AMANAT party's Kyzylorda regional branch."""
