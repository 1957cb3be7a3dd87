"""From text to search terms: the one pipeline shared by the index and the question.

normalize (Latin -> Cyrillic, fold) -> tokenize -> relative years to numbers -> drop stopwords -> stem (kk or
ru) -> :func:`search_key`.

The knowledge base reports on 2024 and plans for 2025, and people say "last year" and "this year":
"былтыр", "өткен жылы", "в прошлом году", "в 24-м" become the token 2024; "биыл", "осы жылы", "в этом году"
become 2025 (:data:`REPORT_YEAR`), on both sides of the search.

Knowledge-base text has a known language and is stemmed with that language's stemmer. A question is
stemmed both ways (a Kazakh question typed without Kazakh letters may be guessed as Russian, and Russian
questions carry Kazakh project names), and the index decides which form exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.text.normalize import normalize, search_key, tokenize
from bot.text.places import is_other_place
from bot.text.stem import stem_kk, stem_ru
from bot.text.stopwords import is_soft, is_stopword

__all__ = [
    "ANALYZER_VERSION",
    "REPORT_YEAR",
    "QueryWord",
    "index_terms",
    "query_words",
    "report_year_of",
    "set_report_year",
    "term",
    "words",
]

# Bump when anything in bot/text changes the terms produced, so that load() re-indexes every entry.
ANALYZER_VERSION = 3

# The year the knowledge base reports on; "this year" is the next one. Derived from the content when it is
# loaded (bot.services.knowledge: the year its titles name most often); this is only the value before that.
REPORT_YEAR = 2024


def set_report_year(year: int) -> None:
    """Set the year "былтыр" / "в прошлом году" stands for ("биыл" / "в этом году" is the next one)."""
    global REPORT_YEAR
    REPORT_YEAR = year


def report_year_of(titles: list[str]) -> int | None:
    """The year a knowledge base reports on: the one its titles name most often (the earliest of a tie)."""
    counts: dict[int, int] = {}
    for title in titles:
        for token in set(tokenize(normalize(title))):
            if len(token) == 4 and token.isdigit() and "1990" <= token <= "2100":
                counts[int(token)] = counts.get(int(token), 0) + 1
    if not counts:
        return None
    return min(counts, key=lambda y: (-counts[y], y))


def _folded(*prefixes: str) -> tuple[str, ...]:
    return tuple(normalize(p) for p in prefixes)


_LAST_YEAR_WORDS = _folded("былтыр")
_THIS_YEAR_WORDS = _folded("биыл")
_LAST_YEAR_BEFORE_YEAR = _folded("өткен", "прошл", "прошедш", "том", "минувш")
_THIS_YEAR_BEFORE_YEAR = _folded("осы", "этот", "этом", "текущ", "нынешн", "сего")
_YEAR_WORDS = _folded("жыл", "год")


def words(text: str) -> list[str]:
    """Normalised tokens of ``text`` with relative years ("былтыр", "в этом году") made numbers."""
    return _years(tokenize(normalize(text)))


def _years(tokens: list[str]) -> list[str]:
    last, this = str(REPORT_YEAR), str(REPORT_YEAR + 1)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        is_year_word = following.startswith(_YEAR_WORDS) or following == "м"
        if token.startswith(_LAST_YEAR_WORDS):
            out.append(last)
        elif token.startswith(_THIS_YEAR_WORDS):
            out.append(this)
        elif is_year_word and following != "м" and token.startswith(_LAST_YEAR_BEFORE_YEAR):
            out.append(last)
            i += 1
        elif is_year_word and following != "м" and token.startswith(_THIS_YEAR_BEFORE_YEAR):
            out.append(this)
            i += 1
        elif is_year_word and token in (last[2:], this[2:]):
            out.append("20" + token)  # "в 24-м", "24 году"
            i += 1
        else:
            out.append(token)
        i += 1
    return out


@lru_cache(maxsize=65536)
def term(token: str, lang: str) -> str:
    """The index term of one normalised token in a known language."""
    return search_key(stem_kk(token) if lang == "kk" else stem_ru(token))


def index_terms(text: str, lang: str) -> list[str]:
    """Terms of knowledge-base text, in word order; stopwords dropped, soft stopwords kept."""
    terms: list[str] = []
    for token in words(text):
        stem = term(token, lang)
        if not is_stopword(search_key(token), stem):
            terms.append(stem)
    return terms


@dataclass(frozen=True, slots=True)
class QueryWord:
    """One word of a question: its index term in each language, the question's language first."""

    surface: str
    stems: tuple[tuple[str, str], ...]
    """(language, index term) pairs: the question's language first, then the other one."""
    soft: bool
    named: bool = False
    """A capitalised word inside a sentence, or a place outside the region: if the index does not know it,
    the question is probably about something else."""

    @property
    def variants(self) -> tuple[str, ...]:
        """The distinct index terms this word may be."""
        return tuple(dict.fromkeys(stem for _, stem in self.stems))


_RAW_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?…]\s*$")


def _capitalised(text: str) -> set[str]:
    """Keys of words written with a capital letter other than at the start of a sentence."""
    found: set[str] = set()
    for match in _RAW_WORD.finditer(text):
        word = match.group(0)
        before = text[: match.start()].rstrip()
        if not before or _SENTENCE_END.search(before + " "):
            continue
        if word[0].isupper() and not word.isupper():
            found.update(search_key(t) for t in tokenize(normalize(word)))
    return found


def query_words(text: str, lang: str, limit: int = 32) -> list[QueryWord]:
    """The question's words in order, stopwords dropped, at most ``limit`` distinct ones."""
    other = "ru" if lang == "kk" else "kk"
    capitalised = _capitalised(text)
    found: list[QueryWord] = []
    seen: set[str] = set()
    for token in words(text):
        surface = search_key(token)
        stem = term(token, lang)
        if is_stopword(surface, stem):
            continue
        # The other language's stem is a fallback, used only when the index lacks the first one.
        stems = ((lang, stem), (other, term(token, other)))
        named = surface in capitalised or is_other_place((surface, stem, stems[1][1]))
        found.append(QueryWord(surface, stems, is_soft(surface, stem), named))
        seen.add(surface)
        if len(seen) >= limit:
            break
    return found
