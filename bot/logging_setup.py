"""Logging: plain text by default, JSON lines with LOG_FORMAT=json; every line carries the update id.

Personal data never reaches the log: handlers log ids and outcomes only (never names, phones or texts), a
filter masks anything that looks like a phone number (in the message and in tracebacks), tracebacks keep the
frames and each exception's type but not its message (aiogram's decode errors quote the whole request, a
citizen's name and text included; Telegram's own error descriptions are kept), and libraries that would log SQL
parameters or message contents at DEBUG (aiosqlite) are held at INFO whatever LOG_LEVEL says.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import sys
import traceback
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import IO, Any

# The update being handled (set by bot.middlewares.scope for the duration of each update).
update_id_var: ContextVar[int | None] = ContextVar("update_id", default=None)

# Loggers that would print SQL parameters or message contents at DEBUG: never below this level.
QUIET_LOGGERS = {"aiosqlite": logging.INFO}

PHONE_MASK = "<phone>"
_SEP = r"[\s\-.()]{0,2}"
# Kazakhstan and Russia: +7 / 7 / 8, then ten digits (7xx.. mobile, 7xxx landline, 9xx Russian mobile), in any
# usual grouping: +7 701 234 56 78, 8(701)234-56-78, 87012345678, +7-7242-12-34-56.
_KZ_RU = rf"(?:\+\s?7|8|7){_SEP}\d{_SEP}\d{_SEP}\d{_SEP}\d{_SEP}\d{_SEP}\d{_SEP}\d{_SEP}\d{_SEP}\d{_SEP}\d"
# Any other international number written with a plus: +998 90 123 45 67, +44 20 7946 0958.
_INTERNATIONAL = r"\+\s?\d(?:[\s\-.()]{0,2}\d){7,14}"
PHONE_RE = re.compile(rf"(?<![\w+])(?<!\d[.,])(?:{_KZ_RU}|{_INTERNATIONAL})(?!\d)")


def mask_phones(text: str) -> str:
    return PHONE_RE.sub(PHONE_MASK, text)


def safe_traceback(exc: BaseException) -> str:
    """The traceback of ``exc`` and of the exceptions it was raised from, with each exception's type but not its
    message (which may quote what a citizen sent); a Telegram error keeps Telegram's description."""
    chain: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    link = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, "The above exception was the direct cause of the following exception"
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, "During handling of the above exception, another exception occurred"
        else:
            current = None
    parts: list[str] = []
    for index, (item, _link) in enumerate(reversed(chain)):
        if index:
            parts.append("\n" + chain[len(chain) - index][1] + ":\n\n")
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_tb(item.__traceback__))
        kind = f"{type(item).__module__}.{type(item).__qualname__}"
        parts.append(f"{kind}: {_safe_message(item)}\n")
    return "".join(parts).rstrip("\n")


def _safe_message(exc: BaseException) -> str:
    errors = sys.modules.get("aiogram.exceptions")  # none in the search process, which never imports aiogram
    if (errors is not None and isinstance(exc, errors.TelegramAPIError)
            and not isinstance(exc, errors.ClientDecodeError)):
        return mask_phones(str(exc.message))  # Telegram's description ("Bad Request: message is too long")
    if isinstance(exc, sqlite3.Error | TimeoutError):  # SQLite's own words ("database is locked")
        return mask_phones(str(exc))
    return "(message not logged: it may quote personal data)"


class PhoneMaskFilter(logging.Filter):
    """Replaces phone numbers in the formatted message and in the traceback of every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_phones(message)
        if masked != message or record.args:
            record.msg, record.args = masked, None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = safe_traceback(record.exc_info[1])
        if record.exc_text:
            record.exc_text = mask_phones(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_phones(record.stack_info)
        return True


class UpdateIdFilter(logging.Filter):
    """Puts the id of the update being handled (or None) on the record as ``update_id``."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.update_id = update_id_var.get()
        return True


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s%(update)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        update_id = getattr(record, "update_id", None)
        record.update = f" [update {update_id}]" if update_id is not None else ""
        return super().format(record)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts (UTC, ISO 8601), level, logger, update_id, message, exc (if any)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "update_id": getattr(record, "update_id", None),
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False)


def setup_logging(level: str | int = "INFO", fmt: str = "text", stream: IO[str] | None = None) -> logging.Handler:
    """Configure the root logger (replacing its handlers); returns the handler, for tests to remove."""
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler.addFilter(UpdateIdFilter())
    handler.addFilter(PhoneMaskFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper() if isinstance(level, str) else level)
    for name, floor in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(max(floor, root.level))
    return handler
