"""The root logger saved and restored around a test, and the bot's production logging captured in a string."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from bot.logging_setup import setup_logging


@contextmanager
def restored_logging() -> Iterator[list[logging.Handler]]:
    """Whatever the test does to logging is undone after it; gives the handlers there were before."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level, logging.getLogger("aiosqlite").level)
    try:
        yield saved[0]
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
        logging.getLogger("aiosqlite").setLevel(saved[2])


@contextmanager
def production_logs() -> Iterator[io.StringIO]:
    """The bot's logging as production sets it up (JSON lines), at DEBUG, into a string."""
    with restored_logging():
        stream = io.StringIO()
        setup_logging("DEBUG", "json", stream)
        yield stream
