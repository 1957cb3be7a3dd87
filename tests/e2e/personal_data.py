"""Helpers for tests that look for personal data: the bot's logs as production writes them, and every table
of the database scanned for given strings."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from bot.logging_setup import setup_logging
from tests.harness import RunningBot


@contextmanager
def production_logs() -> Iterator[io.StringIO]:
    """The bot's logging as production sets it up (JSON lines), at DEBUG, into a string; restored after."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level, logging.getLogger("aiosqlite").level)
    stream = io.StringIO()
    setup_logging("DEBUG", "json", stream)
    try:
        yield stream
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
        logging.getLogger("aiosqlite").setLevel(saved[2])


async def tables_mentioning(bot: RunningBot, *needles: str) -> list[str]:
    """"table: needle" for every needle found in any row of any table (the knowledge base's aside)."""
    assert bot.runtime is not None
    db = bot.runtime.db
    found = []
    for (table,) in await db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table' "
                                      "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kb_%'"):
        for row in await db.fetchall(f"SELECT * FROM {table}"):  # table names from sqlite_master
            line = " | ".join(str(v) for v in row)
            found += [f"{table}: {needle}" for needle in needles if needle in line]
    return found
