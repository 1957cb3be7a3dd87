"""What Telegram would refuse: checks for the messages the bot sends (used by property-based tests).

- text (after HTML parsing) 1..4096 characters, counted in UTF-16 code units as Telegram does;
- parse mode HTML: only the tags Telegram supports, properly nested and closed, no bare ``<``, ``>`` or ``&``,
  only the named entities Telegram knows (&lt; &gt; &amp; &quot;) or numeric ones;
- inline buttons: non-empty text, callback_data of 1..64 bytes.
"""

from __future__ import annotations

import html
import re
from typing import Any

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "tg-emoji", "code",
        "pre", "blockquote"}
TOKEN = re.compile(
    r"<(?P<close>/)?(?P<tag>[a-z][a-z-]*)(?P<attrs>(?:\s+[a-z-]+(?:=\"[^\"<>]*\")?)*)\s*>"
    r"|(?P<entity>&(?:lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});)"
    r"|(?P<bare>[<>&])"
)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def html_problems(text: str) -> list[str]:
    problems: list[str] = []
    stack: list[str] = []
    for match in TOKEN.finditer(text):
        if match.group("bare"):
            problems.append(f"bare {match.group('bare')!r} at {match.start()}")
        elif match.group("tag"):
            tag = match.group("tag")
            if tag not in TAGS:
                problems.append(f"unsupported tag <{tag}>")
            elif match.group("close"):
                if not stack or stack[-1] != tag:
                    problems.append(f"</{tag}> closes {stack[-1] if stack else 'nothing'}")
                else:
                    stack.pop()
            else:
                stack.append(tag)
    if stack:
        problems.append(f"unclosed {stack}")
    return problems


def visible_text(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", text))


def message_problems(text: str | None, reply_markup: dict[str, Any] | None = None, caption: bool = False) -> list[str]:
    """Why Telegram would refuse this message (empty when it would not). ``caption``: a document's caption,
    which may be absent and has a lower limit."""
    problems: list[str] = []
    if text is not None or not caption:
        text = text or ""
        problems += html_problems(text)
        visible = visible_text(text)
        if not caption and not visible.strip():
            problems.append("empty text")
        limit = MAX_CAPTION if caption else MAX_TEXT
        if utf16_len(visible) > limit:
            problems.append(f"text of {utf16_len(visible)} > {limit} characters")
    for row in (reply_markup or {}).get("inline_keyboard", []):
        for button in row:
            if not str(button.get("text", "")).strip():
                problems.append("button without text")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode("utf-8")) <= MAX_CALLBACK_DATA:
                problems.append(f"callback_data of {len(str(data).encode())} bytes: {data!r}")
    return problems
