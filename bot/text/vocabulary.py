"""The index vocabulary in memory: document frequencies, which language a term occurs in, and the ways to
reach an index term from a question word the index does not know as such.

* relatives: terms one suffix away (the Kazakh stripper stopped one suffix early or late on one side);
* correction: the nearest term within one typing error (two for long words), found through a
  delete-neighbourhood index (SymSpell's idea) so that it does not scan the vocabulary;
* shared prefix: a term sharing a long beginning (аварийщикам ~ аварийное, газифицировали ~ газификация).

All lookups stay inside one language's terms, so that a Kazakh word is never "corrected" to a Russian one.
Pure data structure, no I/O.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Mapping

__all__ = ["Vocabulary", "edit_distance"]


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (an adjacent swap counts one), or ``limit + 1`` when larger."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
            best = min(best, cur[j])
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


class _Language:
    """One language's terms, sorted for prefix lookups, with a lazily built delete index."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = frozenset(terms)
        self.sorted = sorted(self.terms)
        self._deletes: dict[str, list[str]] | None = None

    def starting_with(self, prefix: str, scan: int) -> list[str]:
        start = bisect.bisect_left(self.sorted, prefix)
        found: list[str] = []
        for term in self.sorted[start : start + scan]:
            if not term.startswith(prefix):
                break
            found.append(term)
        return found

    def deletes(self) -> dict[str, list[str]]:
        if self._deletes is None:
            index: dict[str, list[str]] = {}
            for term in self.sorted:
                if len(term) >= 4 and not term.isdigit():
                    for variant in _deletes(term):
                        index.setdefault(variant, []).append(term)
            self._deletes = index
        return self._deletes


class Vocabulary:
    """Index terms: document frequency overall, and the terms of each language."""

    def __init__(self, doc_freq: Mapping[str, int], docs: int, by_language: Mapping[str, Iterable[str]],
                 previous: Vocabulary | None = None) -> None:
        self.doc_freq = dict(doc_freq)
        self.docs = max(docs, 1)
        self._languages: dict[str, _Language] = {}
        for lang, terms in by_language.items():
            kept = previous._languages.get(lang) if previous is not None else None
            terms = frozenset(terms)
            # after an edit that brought no new word, the language's sorted terms and typo index are kept
            self._languages[lang] = kept if kept is not None and kept.terms == terms else _Language(terms)

    def __contains__(self, term: str) -> bool:
        return term in self.doc_freq

    def __len__(self) -> int:
        return len(self.doc_freq)

    def has(self, term: str, lang: str) -> bool:
        language = self._languages.get(lang)
        return language is not None and term in language.terms

    def df(self, term: str) -> int:
        return self.doc_freq.get(term, 0)

    def idf_of(self, df: int) -> float:
        """bm25-style inverse document frequency, always positive."""
        return math.log(1.0 + (self.docs - df + 0.5) / (df + 0.5))

    def idf(self, term: str) -> float:
        return self.idf_of(self.df(term))

    def _by_frequency(self, terms: Iterable[str], limit: int) -> list[str]:
        return sorted(terms, key=lambda t: (len(t), -self.df(t), t))[:limit]

    def relatives(self, stem: str, lang: str, max_extra: int = 99, limit: int = 3) -> list[str]:
        """Terms one suffix away from ``stem``: longer ones starting with it (at most ``max_extra`` letters
        longer), and the longest shorter one it starts with (at least 4 letters, at most 3 fewer)."""
        language = self._languages.get(lang)
        if language is None:
            return []
        found: list[str] = []
        if len(stem) >= 4:
            longer = [t for t in language.starting_with(stem, 200) if t != stem and len(t) - len(stem) <= max_extra]
            found.extend(self._by_frequency(longer, limit))
        for size in range(len(stem) - 1, max(4, len(stem) - 3) - 1, -1):
            if stem[:size] in language.terms:
                found.append(stem[:size])
                break
        return found

    def shared_prefix(self, word: str, lang: str, limit: int = 3) -> list[str]:
        """Terms sharing a beginning of at least 5 letters with ``word`` that makes up most of the term."""
        language = self._languages.get(lang)
        if language is None:
            return []
        for size in range(len(word) - 1, 4, -1):
            found = [t for t in language.starting_with(word[:size], 50) if size * 2 >= len(t)]
            if found:
                return self._by_frequency(found, limit)
        return []

    def correction(self, word: str, lang: str, min_length: int = 5) -> str | None:
        """The most frequent term within 1 typing error (words of ``min_length``-7 letters) or 2 (longer)."""
        language = self._languages.get(lang)
        if language is None or len(word) < min_length or word.isdigit():
            return None
        limit = 1 if len(word) < 8 else 2
        index = language.deletes()
        candidates: set[str] = set(index.get(word, ()))
        for variant in _deletes(word):
            if variant in language.terms:
                candidates.add(variant)
            candidates.update(index.get(variant, ()))
        best: tuple[int, int, str] | None = None
        for candidate in candidates:
            distance = edit_distance(word, candidate, limit)
            if distance <= limit:
                key = (distance, -self.df(candidate), candidate)
                if best is None or key < best:
                    best = key
        return best[2] if best else None
