"""From text to search terms: the one pipeline shared by the index and the question.

normalize (Latin -> Cyrillic, fold) -> tokenize -> drop stopwords -> stem (kk or ru) -> :func:`search_key`.

Knowledge-base text has a known language and is stemmed with that language's stemmer. A question is
stemmed both ways (a Kazakh question typed without Kazakh letters may be guessed as Russian, and Russian
questions carry Kazakh project names), and the index decides which form exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text.normalize import normalize, search_key, tokenize
from bot.text.places import is_other_place
from bot.text.stem import stem_kk, stem_ru
from bot.text.stopwords import is_soft, is_stopword

__all__ = ["ANALYZER_VERSION", "QueryWord", "index_terms", "query_words", "term"]

# Bump when anything in bot/text changes the terms produced, so that load() re-indexes every entry.
ANALYZER_VERSION = 1


def term(token: str, lang: str) -> str:
    """The index term of one normalised token in a known language."""
    return search_key(stem_kk(token) if lang == "kk" else stem_ru(token))


def index_terms(text: str, lang: str) -> list[str]:
    """Terms of knowledge-base text, in word order; stopwords dropped, soft stopwords kept."""
    terms: list[str] = []
    for token in tokenize(normalize(text)):
        if is_stopword(search_key(token)):
            continue
        terms.append(term(token, lang))
    return terms


@dataclass(frozen=True, slots=True)
class QueryWord:
    """One word of a question: its possible index terms, best guess first."""

    surface: str
    variants: tuple[str, ...]
    soft: bool
    named: bool = False
    """A capitalised word inside a sentence, or a place outside the region: if the index does not know it,
    the question is probably about something else."""


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
    words: list[QueryWord] = []
    seen: set[str] = set()
    for token in tokenize(normalize(text)):
        surface = search_key(token)
        if is_stopword(surface):
            continue
        # The other language's stem is a fallback, used only when the index lacks the first one.
        variants = tuple(dict.fromkeys((term(token, lang), term(token, other))))
        named = surface in capitalised or is_other_place((surface, *variants))
        words.append(QueryWord(surface, variants, is_soft(surface), named))
        seen.add(surface)
        if len(seen) >= limit:
            break
    return words
