"""What Telegram refuses, for the fake Bot API server (tests/fakeapi.py): the method and parameter rules read
from the Bot API specification (tests/bot-api-spec.json: Bot API 10.1 as JSON, scraped from
core.telegram.org/bots/api by the public project PaulSonOfLars/telegram-bot-api-spec, MIT licence), the limits
the reference states in prose, and Telegram's HTML entity parser.

Lengths are counted as Telegram counts them: after entity parsing (tags are not text, ``&lt;`` is one
character), with leading and trailing whitespace trimmed, in Unicode characters. The Bot API server hands the
text to TDLib, which checks ``utf8_length(text) > message_text_length_max`` (td/telegram/MessageContent.cpp):
code points, not UTF-16 code units. Entity offsets and lengths, on the other hand, are UTF-16 code units.

One deliberate difference: Telegram ignores parameters it does not know (and deprecated ones it still reads),
so a misspelled or retired parameter silently does nothing there. The fake refuses them, with a 400, so that a
test notices.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

SPEC_PATH = Path(__file__).with_name("bot-api-spec.json")

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_ANSWER = 200
MAX_CALLBACK_DATA = 64
COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
MAX_COMMAND_DESCRIPTION = 256
MAX_COMMANDS = 100

# Tags Telegram's HTML parser accepts (https://core.telegram.org/bots/api#html-style).
HTML_TAGS = {
    "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler", "tg-emoji", "span", "pre",
    "code", "blockquote", "tg-time",
}
ENTITY_TYPES = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "s": "strikethrough", "strike": "strikethrough",
    "del": "strikethrough", "u": "underline", "ins": "underline", "tg-spoiler": "spoiler", "span": "spoiler",
    "a": "text_link", "tg-emoji": "custom_emoji", "pre": "pre", "code": "code", "blockquote": "blockquote",
    "tg-time": "date_time",
}


class Refused(Exception):
    """Telegram's answer to a request it refuses."""

    def __init__(self, description: str, code: int = 400) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


def bad(description: str) -> Refused:
    return Refused(f"Bad Request: {description}")


# ----- the specification ---------------------------------------------------------------------------------------
@cache
def spec() -> dict[str, Any]:
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


def method_fields(method: str) -> dict[str, dict[str, Any]] | None:
    """The parameters of ``method`` by name, or None for a method Telegram does not have."""
    found = spec()["methods"].get(method)
    if found is None:
        return None
    return {f["name"]: f for f in found.get("fields", [])}


def _subtype_tag(type_name: str) -> str | None:
    """What the ``type`` field of a subtype must be: "chat" for BotCommandScopeChat ("Scope type, must be chat")."""
    for field in spec()["types"][type_name].get("fields", []):
        if field["name"] == "type":
            match = re.search(r"(?:must be|always) [\"“]?([a-z_]+)", field["description"])
            return match.group(1) if match else None
    return None


_INTEGER = re.compile(r"-?\d+")
_FLOAT = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def _check(value: Any, types: list[str], where: str) -> Any:
    """``value`` (as it came in: JSON, or a string of a form) checked against the spec's types; returns it with
    JSON strings of objects decoded. Raises Refused."""
    errors: list[Refused] = []
    for type_name in types:
        try:
            return _check_one(value, type_name, where)
        except Refused as exc:
            errors.append(exc)
    if len(errors) == 1:
        raise errors[0]
    # a union (reply_markup, chat_id): the object's own error is the useful one
    objects = [e for e, t in zip(errors, types, strict=True) if t in spec()["types"] or t.startswith("Array")]
    if isinstance(value, dict | list) and len(objects) == 1:
        raise objects[0]
    raise bad(f"{where} must be of type {' or '.join(types)}")


def _check_one(value: Any, type_name: str, where: str) -> Any:
    if type_name.startswith("Array of "):
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                raise bad(f"can't parse {where} JSON array") from None
        if not isinstance(value, list):
            raise bad(f"{where} must be an Array")
        inner = type_name[len("Array of "):]
        return [_check_one(item, inner, where) for item in value]
    if type_name == "Integer":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
            return value
        raise bad(f"{where} must be of type Integer")
    if type_name == "Float":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and _FLOAT.fullmatch(value.strip()):
            return value
        raise bad(f"{where} must be of type Float")
    if type_name in {"Boolean", "True"}:
        allowed = {"true", "1"} if type_name == "True" else {"true", "false", "1", "0"}
        if isinstance(value, bool) and (value or type_name == "Boolean"):
            return value
        if isinstance(value, str) and value.lower() in allowed:
            return value
        raise bad(f"{where} must be of type {type_name}")
    if type_name == "String":
        # Telegram takes a JSON number where it expects a string (it reads every parameter as text)
        if isinstance(value, str) or (isinstance(value, int | float) and not isinstance(value, bool)):
            return value
        raise bad(f"{where} must be of type String")
    types = spec()["types"]
    if type_name not in types:
        raise bad(f"{where}: unknown type {type_name}")
    described = types[type_name]
    if "fields" not in described and "subtypes" not in described:  # InputFile: an upload, a URL or a file_id
        if isinstance(value, str):
            return value
        raise bad(f"{where} must be a file")
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise bad(f"can't parse {where} JSON object") from None
    if not isinstance(value, dict):
        raise bad(f"{where} must be an Object")
    if "subtypes" in described:
        subtypes = described["subtypes"]
        tagged = [s for s in subtypes if _subtype_tag(s) is not None and _subtype_tag(s) == value.get("type")]
        if tagged:
            return _check_one(value, tagged[0], where)
        if any(_subtype_tag(s) for s in subtypes):
            raise bad(f"{where}: unsupported type {value.get('type')!r} of {type_name}")
        return _check(value, subtypes, where)
    fields = {f["name"]: f for f in described.get("fields", [])}
    for key in value:
        if key not in fields:
            raise bad(f"can't parse {type_name}: unknown field \"{key}\"")
    checked: dict[str, Any] = {}
    for name, field in fields.items():
        if name not in value:
            if field["required"]:
                raise bad(f"can't parse {type_name}: field \"{name}\" is required")
            continue
        checked[name] = _check(value[name], field["types"], f"field \"{name}\" of {type_name}")
    return checked


def check_request(method: str, params: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
    """The parameters of a call, checked against the specification (objects decoded); raises Refused: 404
    for a method Telegram does not have, 400 for an unknown, missing or mistyped parameter."""
    fields = method_fields(method)
    if fields is None:
        raise Refused("Not Found", 404)
    for key in params:
        if key not in fields:
            raise bad(f"unknown parameter \"{key}\"")  # Telegram would ignore it: see the module's note
    checked: dict[str, Any] = {}
    for name, field in fields.items():
        if name not in params:
            if field["required"] and name not in files:
                raise bad(_missing(method, name))
            continue
        checked[name] = _check(params[name], field["types"], f"parameter \"{name}\"")
    return checked


def _missing(method: str, name: str) -> str:
    if name == "text":
        return "message text is empty"
    if name == "chat_id":
        return "chat_id is empty"
    return f"parameter \"{name}\" is required"


# ----- Telegram's HTML parser ----------------------------------------------------------------------------------
@dataclass
class Parsed:
    text: str  # the text as Telegram keeps it: tags removed, entities decoded
    entities: list[dict[str, Any]]


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _decode_entity(source: str, pos: int) -> tuple[str, int] | None:
    """An HTML character reference at ``pos`` (which holds '&'): the character and the position after it, or
    None when Telegram would keep the '&' as it is (an unknown name: ``&nbsp;`` stays "&nbsp;")."""
    end = pos + 1
    code = 0
    if source.startswith("#", end):
        end += 1
        if source.startswith("x", end):
            end += 1
            start = end
            while end < len(source) and source[end] in "0123456789abcdefABCDEF":
                end += 1
            code = int(source[start:end], 16) if end > start else 0
        else:
            start = end
            while end < len(source) and source[end].isascii() and source[end].isdigit():
                end += 1
            code = int(source[start:end]) if end > start else 0
        if code == 0 or code >= 0x10FFFF or end - pos >= 10 or 0xD800 <= code <= 0xDFFF:
            return None
        char = chr(code)
    else:
        start = end
        while end < len(source) and source[end].isascii() and source[end].isalpha():
            end += 1
        named = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}.get(source[start:end])
        if named is None:
            return None
        char = named
    if source.startswith(";", end):
        end += 1
    return char, end


def parse_html(source: str) -> Parsed:
    """Telegram's HTML parse mode, as TDLib's parse_html does it; raises Refused("can't parse entities: ...")."""
    offsets = _ByteOffsets(source)
    out: list[str] = []
    out_len16 = 0
    entities: list[dict[str, Any]] = []
    stack: list[tuple[str, dict[str, str], int]] = []  # tag, attributes, UTF-16 offset where it began
    i = 0
    n = len(source)

    def fail(message: str) -> Refused:
        return bad(f"can't parse entities: {message}")

    while i < n:
        c = source[i]
        if c == "&":
            decoded = _decode_entity(source, i)
            if decoded is not None:
                out.append(decoded[0])
                out_len16 += utf16_len(decoded[0])
                i = decoded[1]
                continue
        if c != "<":
            if c == "&":  # an '&' kept as it is
                out.append(c)
                out_len16 += 1
                i += 1
                continue
            run_end = _MARKUP.search(source, i)
            stop = run_end.start() if run_end else n
            out.append(source[i:stop])
            out_len16 += utf16_len(source[i:stop])
            i = stop
            continue
        begin = i
        i += 1
        if i < n and source[i] == "/":  # an end tag
            if not stack:
                raise fail(f"Unexpected end tag at byte offset {offsets[begin]}")
            i += 1
            start = i
            while i < n and not source[i].isspace() and source[i] != ">":
                i += 1
            end_name = source[start:i].lower()
            while i < n and source[i].isspace():
                i += 1
            if i >= n or source[i] != ">":
                raise fail(f"Unclosed end tag at byte offset {offsets[begin]}")
            i += 1
            tag, attributes, at = stack.pop()
            if end_name and end_name != tag:
                raise fail(f"Unmatched end tag at byte offset {offsets[begin]}, expected \"</{tag}>\", found "
                           f"\"</{end_name}>\"")
            if out_len16 > at:
                entity: dict[str, Any] = {"type": ENTITY_TYPES[tag], "offset": at, "length": out_len16 - at}
                if tag == "a":
                    entity["url"] = attributes.get("href", "")
                if tag == "blockquote" and "expandable" in attributes:
                    entity["type"] = "expandable_blockquote"
                entities.append(entity)
            continue
        start = i
        while i < n and not source[i].isspace() and source[i] != ">":
            i += 1
        if i >= n:
            raise fail(f"Unclosed start tag at byte offset {offsets[begin]}")
        tag = source[start:i].lower()
        if tag not in HTML_TAGS:
            raise fail(f"Unsupported start tag \"{tag}\" at byte offset {offsets[begin]}")
        attributes: dict[str, str] = {}
        while True:
            while i < n and source[i].isspace():
                i += 1
            if i >= n:
                raise fail(f"Unclosed start tag at byte offset {offsets[begin]}")
            if source[i] == ">":
                i += 1
                break
            name_start = i
            while i < n and not source[i].isspace() and source[i] not in "=>":
                i += 1
            name = source[name_start:i].lower()
            while i < n and source[i].isspace():
                i += 1
            if i < n and source[i] != "=":  # an attribute without a value (<blockquote expandable>)
                attributes[name] = ""
                continue
            i += 1
            while i < n and source[i].isspace():
                i += 1
            if i >= n:
                raise fail(f"Unclosed start tag at byte offset {offsets[begin]}")
            if source[i] in "'\"":
                quote = source[i]
                i += 1
                value: list[str] = []
                while i < n and source[i] != quote:
                    if source[i] == "&":
                        decoded = _decode_entity(source, i)
                        if decoded is not None:
                            value.append(decoded[0])
                            i = decoded[1]
                            continue
                    value.append(source[i])
                    i += 1
                if i >= n:
                    raise fail(f"Unclosed start tag at byte offset {offsets[begin]}")
                i += 1
                attributes[name] = "".join(value)
            else:
                token_start = i
                while i < n and (source[i].isalnum() or source[i] in ".-"):
                    i += 1
                if i >= n or not (source[i].isspace() or source[i] == ">"):
                    raise fail(f"Unexpected end of name token at byte offset {offsets[token_start]}")
                attributes[name] = source[token_start:i].lower()
        if tag == "span" and attributes.get("class") != "tg-spoiler":
            raise fail(f"Tag \"span\" must have class \"tg-spoiler\" at byte offset {offsets[begin]}")
        stack.append((tag, attributes, out_len16))
    if stack:
        raise fail(f"Can't find end tag corresponding to start tag \"{stack[-1][0]}\"")
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return Parsed("".join(out), entities)


class _ByteOffsets:
    """The UTF-8 byte offset of a character position, for error messages only (computed when one is raised)."""

    def __init__(self, source: str) -> None:
        self.source = source

    def __getitem__(self, index: int) -> int:
        return len(self.source[:index].encode("utf-8", "surrogatepass"))


_MARKUP = re.compile("[<&]")


def formatted(text: Any, parse_mode: Any) -> Parsed:
    """The text of a message as Telegram would store it (HTML parsed when asked for)."""
    return _formatted(str(text), parse_mode if parse_mode is None else str(parse_mode))


@lru_cache(maxsize=256)  # a request's text is checked, then stored: parsed once (the fake's own CPU, bench/)
def _formatted(text: str, parse_mode: str | None) -> Parsed:
    mode = str(parse_mode or "").lower()
    if mode == "html":
        parsed = parse_html(text)
    elif mode in {"", "none"}:
        parsed = Parsed(text, [])
    elif mode in {"markdown", "markdownv2"}:
        parsed = Parsed(text, [])  # the bot speaks HTML; Markdown is taken as is here
    else:
        raise bad(f"unsupported parse_mode \"{parse_mode}\"")
    return parsed


def telegram_length(text: str) -> int:
    """The length Telegram checks against its limits: characters (code points) of the trimmed text."""
    return len(text.strip())


def check_text(text: Any, parse_mode: Any, *, caption: bool = False) -> Parsed:
    """A message text (1-4096 characters after entity parsing) or a caption (0-1024)."""
    parsed = formatted(text, parse_mode)
    length = telegram_length(parsed.text)
    if caption:
        if length > MAX_CAPTION:
            raise bad("message caption is too long")
    else:
        if length == 0:
            raise bad("message text is empty")
        if length > MAX_TEXT:
            raise bad("message is too long")
    return parsed


def check_inline_keyboard(markup: Any) -> None:
    if not isinstance(markup, dict):
        return
    for row in markup.get("inline_keyboard", []) or []:
        for button in row:
            if not str(button.get("text", "")).strip():
                raise bad("can't parse inline keyboard button: Text must be non-empty")
            actions = set(button) - {"text", "icon_custom_emoji_id", "style"}
            if not actions:
                raise bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode("utf-8")) <= MAX_CALLBACK_DATA:
                raise bad("BUTTON_DATA_INVALID")
    for row in markup.get("keyboard", []) or []:
        for button in row:
            label = button.get("text") if isinstance(button, dict) else button
            if not str(label or "").strip():
                raise bad("can't parse keyboard button: Text must be non-empty")


def check_commands(commands: list[dict[str, Any]]) -> None:
    if len(commands) > MAX_COMMANDS:
        raise bad("too many commands")
    for command in commands:
        if not COMMAND_RE.fullmatch(str(command.get("command", ""))):
            raise bad("BOT_COMMAND_INVALID")
        description = str(command.get("description", "")).strip()
        if not 1 <= len(description) <= MAX_COMMAND_DESCRIPTION:
            raise bad("command description must be 1-256 characters")


def check_callback_answer(params: dict[str, Any]) -> None:
    if len(str(params.get("text", ""))) > MAX_CALLBACK_ANSWER:
        raise bad("MESSAGE_TOO_LONG")
