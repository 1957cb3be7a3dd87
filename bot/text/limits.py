"""Telegram's length limits, counted as Telegram counts them, for every text the bot composes.

Telegram checks a message's text after parsing its HTML: tags are not text, ``&lt;`` is one character, and the
count is of Unicode characters (code points: TDLib compares ``utf8_length(text)`` with the limit; only entity
offsets are in UTF-16 code units). A text over the limit is refused outright ("message is too long"), so
whatever quotes a citizen's or a staff member's words must be cut or split before it is sent:

- ``truncate(text, limit)``: plain text (before escaping) cut to ``limit`` characters, ending in «…»;
- ``quote(text, limit)``: the same, HTML-escaped, for quoting user input inside a message;
- ``fit(html, limit)``: an HTML text cut to ``limit`` characters with «…», its open tags closed;
- ``split(html, limit)``: an HTML text in parts of at most ``limit`` characters each, cut at a line break or a
  space where possible, never inside a tag or a character reference; formatting open at a cut is closed at the
  end of one part and opened again at the start of the next.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from aiogram import html

MESSAGE_LIMIT = 4096  # a message's text, after entity parsing
CAPTION_LIMIT = 1024  # a photo's or document's caption
CALLBACK_ANSWER_LIMIT = 200  # the text of answerCallbackQuery (a toast or an alert)
ELLIPSIS = "…"

# Telegram decodes only these named references (and numeric ones); "&nbsp;" stays six characters.
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TOKEN = re.compile(
    r"(?P<tag><(?P<close>/)?(?P<name>[a-zA-Z][a-zA-Z0-9-]*)[^>]*>)"
    r"|(?P<ref>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|lt|gt|amp|quot);)"
    r"|(?P<char>.)",
    re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class _Unit:
    raw: str
    visible: str  # what a reader sees: "" for a tag
    tag: str | None = None
    closing: bool = False


def _decode(ref: str) -> str:
    body = ref[1:-1]
    if body in _NAMED:
        return _NAMED[body]
    try:
        code = int(body[2:], 16) if body[1:2] in ("x", "X") else int(body[1:])
        return chr(code)
    except (ValueError, OverflowError):
        return ref


def _units(text: str) -> list[_Unit]:
    units: list[_Unit] = []
    for match in _TOKEN.finditer(text):
        if match.group("tag"):
            units.append(_Unit(match.group(0), "", match.group("name").lower(), bool(match.group("close"))))
        elif match.group("ref"):
            units.append(_Unit(match.group(0), _decode(match.group(0))))
        else:
            units.append(_Unit(match.group(0), match.group(0)))
    return units


def visible(text: str) -> str:
    """An HTML text as the reader sees it (as Telegram keeps it after parsing)."""
    return "".join(u.visible for u in _units(text))


def length(text: str) -> int:
    """The length of an HTML text as Telegram counts it against its limits."""
    return len(visible(text).strip())


def truncate(text: str, limit: int) -> str:
    """Plain text cut to at most ``limit`` characters, ending in «…» when cut (at a space if one is near)."""
    if len(text) <= limit:
        return text
    head = text[: max(0, limit - len(ELLIPSIS))]
    space = head.rfind(" ")
    if space >= len(head) * 4 // 5:
        head = head[:space]
    return head.rstrip() + ELLIPSIS


def quote(text: str, limit: int) -> str:
    """User input for an HTML message: cut to ``limit`` characters (as the reader counts them), then escaped."""
    return html.quote(truncate(text, limit))


def _cuts(units: list[_Unit], limit: int) -> list[int]:
    """Indices into ``units`` where parts end, each part holding at most ``limit`` visible characters."""
    cuts: list[int] = []
    start = 0
    size = 0
    newline = space = None  # the last good places to cut in the current part: (index, size before it)
    for index, unit in enumerate(units):
        if not unit.visible:
            continue
        if size + len(unit.visible) > limit:
            cut = index
            for candidate in (newline, space):
                if candidate is not None and candidate[1] >= limit // 2:
                    cut = candidate[0]
                    break
            cuts.append(cut)
            start = cut
            size = sum(len(u.visible) for u in units[start:index])
            newline = space = None
        size += len(unit.visible)
        if unit.visible == "\n":
            newline = (index + 1, size)
        elif unit.visible.isspace():
            space = (index + 1, size)
    return cuts


def _render(units: list[_Unit], start: int, end: int, opened: list[_Unit], tail: str = "") -> tuple[str, list[_Unit]]:
    """Units[start:end] as HTML: the tags open before ``start`` opened again, the ones open at ``end`` closed
    (``tail`` goes before the closing tags). Returns the HTML and the tags open at ``end``."""
    stack = list(opened)
    out = [u.raw for u in stack]
    for unit in units[start:end]:
        if unit.tag is not None:
            if unit.closing:
                if stack and stack[-1].tag == unit.tag:
                    stack.pop()
            else:
                stack.append(unit)
        out.append(unit.raw)
    out.append(tail)
    out.extend(f"</{u.tag}>" for u in reversed(stack))
    return "".join(out), stack


def split(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """An HTML text in parts that Telegram accepts (see the module's note). A blank part is left out."""
    if length(text) <= limit:
        return [text]
    units = _units(text)
    bounds = [0, *_cuts(units, limit), len(units)]
    parts: list[str] = []
    opened: list[_Unit] = []
    for start, end in itertools.pairwise(bounds):
        part, opened = _render(units, start, end, opened)
        if length(part) > 0:
            parts.append(part)
    return parts


def fit(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """An HTML text cut to at most ``limit`` characters, ending in «…» when cut."""
    if length(text) <= limit:
        return text
    units = _units(text)
    cuts = _cuts(units, limit - len(ELLIPSIS))
    end = cuts[0] if cuts else len(units)
    while end > 0 and units[end - 1].visible.isspace():  # "word…", not "word …"
        end -= 1
    head, _open = _render(units, 0, end, [], tail=ELLIPSIS)
    return head
