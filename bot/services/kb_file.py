"""The knowledge base as a file (the format of data/knowledge.toml): checking a card and a whole file, writing
the file. Plain Python, no aiogram; shared by the staff upload in the bot and ``python -m bot check``.

:func:`check_file` returns every problem with the line it is on, so a staff member (or a developer) can fix
the file in one go; nothing is applied while there is one.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any

LANGS = ("kk", "ru")
ANSWER_LIMIT = 3000  # characters of one language's answer: the card (title, answer, context line) fits a message
TITLE_LIMIT = 100  # the title is also a button's label
KEYWORD_LIMIT = 200
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")  # short: it travels in buttons' callback data (64 bytes)
# Words that mean a different year depending on when they are read: a card names the year instead.
RELATIVE_YEAR_RE = re.compile(
    r"\b(биыл\w*|былтыр\w*|келесі жыл\w*|өткен жыл\w*|осы жыл\w*|ағымдағы жыл\w*|"
    r"в этом году|в прошлом году|в следующем году|этого года|прошлого года|следующего года|"
    r"текущ\w* год\w*|нынешн\w* год\w*|в позапрошлом году)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based line in the file; 0 when the whole file is concerned
    entry: str  # the entry's id ("" when unknown)
    code: str  # missing_language | unknown_topic | unknown_related | too_long | relative_year | ...
    detail: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        entry = f" [{self.entry}]" if self.entry else ""
        return f"{where}{entry}: {self.detail}"


def card_problems(entry: Any, before: Any = None) -> list[str]:
    """What is wrong with one card's texts (both languages required, lengths, relative-year words). With
    ``before`` (the card as it is), relative-year words are reported only in texts this change writes."""
    found: list[str] = []
    if not ID_RE.match(entry.id):
        found.append(f"id {entry.id!r}: use 1-40 small Latin letters, digits and '-'")
    for lang in LANGS:
        title = (entry.title.get(lang) or "").strip()
        answer = (entry.answer.get(lang) or "").strip()
        if not title:
            found.append(f"title.{lang} is missing")
        elif len(title) > TITLE_LIMIT:
            found.append(f"title.{lang} has {len(title)} characters, at most {TITLE_LIMIT}")
        if not answer:
            found.append(f"answer.{lang} is missing")
        elif len(answer) > ANSWER_LIMIT:
            found.append(f"answer.{lang} has {len(answer)} characters, at most {ANSWER_LIMIT}")
        for text, name in ((title, "title"), (answer, "answer")):
            if before is not None and getattr(before, name).get(lang, "").strip() == text:
                continue
            match = RELATIVE_YEAR_RE.search(text)
            if match:
                found.append(f"{name}.{lang} says {match.group(0)!r}: name the year instead")
        for word in entry.keywords.get(lang, []):
            if len(word) > KEYWORD_LIMIT:
                found.append(f"a keyword in keywords.{lang} is longer than {KEYWORD_LIMIT} characters")
    return found


_HEADER_RE = re.compile(r"^\s*\[\[\s*entry\s*\]\]\s*(#.*)?$")
_KEY_RE = re.compile(r"^\s*([A-Za-z0-9_.\"-]+)\s*=")
_TOML_LINE_RE = re.compile(r"at line (\d+)")


def _key_lines(text: str) -> list[tuple[int, dict[str, int]]]:
    """For each [[entry]] in order: the line of its header and the line of each of its keys."""
    blocks: list[tuple[int, dict[str, int]]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if _HEADER_RE.match(line):
            blocks.append((number, {}))
        elif blocks:
            match = _KEY_RE.match(line)
            if match:
                blocks[-1][1].setdefault(match.group(1).replace('"', ""), number)
    return blocks


def check_file(text: str, topic_ids: set[str], current: dict[str, Any] | None = None
               ) -> tuple[list[Any], list[Problem]]:
    """Parse a knowledge file and check every entry. Returns (entries, problems); apply the entries only when
    ``problems`` is empty. Problems: TOML syntax, a missing id or duplicate, missing language, unknown topic or
    related id, a text over its length limit, relative-year words ("биыл", "в этом году") in texts that differ
    from ``current`` (the cards as they are, by id)."""
    current = current or {}
    from bot.services.knowledge import Entry

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_LINE_RE.search(str(exc))
        return [], [Problem(int(match.group(1)) if match else 0, "", "syntax", f"not valid TOML: {exc}")]
    raw_items = data.get("entry", [])
    if not isinstance(raw_items, list) or not raw_items:
        return [], [Problem(0, "", "empty", "no [[entry]] tables")]
    lines = _key_lines(text)
    problems: list[Problem] = []
    entries: list[Entry] = []
    ids: dict[str, int] = {}
    for index, raw in enumerate(raw_items):
        header, keys = lines[index] if index < len(lines) else (0, {})

        def at(key: str, header: int = header, keys: dict[str, int] = keys) -> int:
            return keys.get(key) or keys.get(key.split(".")[0]) or header

        entry_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(entry_id, str) or not entry_id.strip():
            problems.append(Problem(header, "", "missing_id", f"entry #{index + 1} has no id"))
            continue
        entry_id = entry_id.strip()
        if entry_id in ids:
            problems.append(Problem(at("id"), entry_id, "duplicate", f"id is used twice (also line {ids[entry_id]})"))
            continue
        ids[entry_id] = at("id")
        texts: dict[str, dict[str, str]] = {}
        for name in ("title", "answer"):
            value = raw.get(name)
            pair = value if isinstance(value, dict) else {}
            texts[name] = {}
            for lang in LANGS:
                item = pair.get(lang)
                if not isinstance(item, str) or not item.strip():
                    problems.append(Problem(at(f"{name}.{lang}"), entry_id, "missing_language",
                                            f"{name}.{lang} is missing or empty"))
                texts[name][lang] = item.strip() if isinstance(item, str) else ""
        topic = raw.get("topic")
        if topic not in topic_ids:
            problems.append(Problem(at("topic"), entry_id, "unknown_topic", f"unknown topic {topic!r}"))
        keywords: dict[str, list[str]] = {}
        raw_keywords = raw.get("keywords", {})
        for lang in LANGS:
            words = raw_keywords.get(lang, []) if isinstance(raw_keywords, dict) else None
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                problems.append(Problem(at(f"keywords.{lang}"), entry_id, "keywords",
                                        f"keywords.{lang} must be a list of strings"))
                words = []
            keywords[lang] = [w.strip() for w in words if w.strip()]
        related = raw.get("related", [])
        if not isinstance(related, list) or not all(isinstance(r, str) for r in related):
            problems.append(Problem(at("related"), entry_id, "related", "related must be a list of entry ids"))
            related = []
        entry = Entry(entry_id, str(topic), texts["title"], texts["answer"], keywords, tuple(related))
        for problem in card_problems(entry, current.get(entry_id)):
            if "is missing" in problem:
                continue  # reported above with its own line
            field = problem.split(" ", 1)[0]
            code = "relative_year" if "name the year" in problem else "too_long" if "characters" in problem else "id"
            problems.append(Problem(at(field if "." in field else "id"), entry_id, code, problem))
        entries.append(entry)
    for index, entry in enumerate(entries):
        for related_id in entry.related:
            if related_id not in ids or related_id == entry.id:
                header, keys = lines[index] if index < len(lines) else (0, {})
                problems.append(Problem(keys.get("related", header), entry.id, "unknown_related",
                                        f"unknown related entry {related_id!r}"))
    problems.sort(key=lambda p: p.line)
    return entries, problems


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _strings(items: list[str] | tuple[str, ...]) -> str:
    return "[" + ", ".join(_string(i) for i in items) + "]"


def write_file(entries: list[Any]) -> str:
    """The cards in the format of data/knowledge.toml (reads back to the same cards)."""
    parts = ["# The knowledge base as it is in the bot. Edit it and send it back to the bot as a file.\n"]
    for e in entries:
        parts.append(
            "\n[[entry]]\n"
            f"id = {_string(e.id)}\n"
            f"topic = {_string(e.topic)}\n"
            f"title.kk = {_string(e.title['kk'])}\n"
            f"title.ru = {_string(e.title['ru'])}\n"
            f"answer.kk = {_string(e.answer['kk'])}\n"
            f"answer.ru = {_string(e.answer['ru'])}\n"
            f"keywords.kk = {_strings(e.keywords['kk'])}\n"
            f"keywords.ru = {_strings(e.keywords['ru'])}\n"
            f"related = {_strings(e.related)}\n"
        )
    return "".join(parts)
