"""The knowledge base as a file (the format of data/knowledge.toml): checking a card and a whole file, writing
the file. Plain Python, no aiogram; shared by the staff upload in the bot and ``python -m bot check``.

:func:`check_file` returns every problem with the line it is on, so a staff member (or a developer) can fix
the file in one go; nothing is applied while there is one.
"""

from __future__ import annotations

import re
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


def card_problems(entry: Any) -> list[str]:
    """What is wrong with one card's texts (both languages required, lengths, relative-year words)."""
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
            match = RELATIVE_YEAR_RE.search(text)
            if match:
                found.append(f"{name}.{lang} says {match.group(0)!r}: name the year instead")
        for word in entry.keywords.get(lang, []):
            if len(word) > KEYWORD_LIMIT:
                found.append(f"a keyword in keywords.{lang} is longer than {KEYWORD_LIMIT} characters")
    return found
