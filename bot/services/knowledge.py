"""The knowledge base: topics and answers from data/*.toml, and the search behind free-text questions.

Plain Python, no aiogram. :class:`KnowledgeBase` loads ``data/topics.toml`` and ``data/knowledge.toml`` into
SQLite (upsert by stable id, one transaction, idempotent), keeps the few hundred rows in memory for
rendering, and answers :meth:`KnowledgeBase.search` through the FTS5 index (bm25):

1. the question's language is guessed (:func:`bot.text.guess_language`), else the user's language is used;
2. its words are normalised and stemmed both as Kazakh and as Russian (:func:`bot.text.query_words`);
3. each word is resolved against the index vocabulary: the exact term, close relatives sharing a long
   prefix (a stem the Kazakh stripper cut one suffix shorter or longer), or, for a word the index does not
   know, the nearest term within one or two typing errors;
4. the resolved terms, quoted, and two-word phrases of neighbouring words make an OR query ranked with
   ``bm25(kb_fts, title, keywords, answer, topic)``; raw user text never reaches MATCH;
5. the best entry is accepted only if it covers enough of the question: each question word weighs its
   inverse document frequency, unknown words weigh as much as the rarest ones, and the share of the
   weight that the entry contains is the confidence (``SearchResult.score``). An unrelated question
   ("рецепт плова") covers little and gets ``entry=None``.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import logging
import math
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.db.database import Database, Tx
from bot.text.analyze import ANALYZER_VERSION, QueryWord, index_terms, query_words
from bot.text.lang import guess_language

log = logging.getLogger(__name__)

__all__ = ["LANGUAGES", "SECTIONS", "Entry", "KnowledgeBase", "SearchResult", "Topic"]

LANGUAGES = ("kk", "ru")
SECTIONS = ("results", "projects")

# bm25 column weights: title, keywords, answer, topic title.
BM25_WEIGHTS = (6.0, 4.0, 1.0, 1.5)
CANDIDATES = 10
MIN_CONFIDENCE = 0.5
MIN_MATCHED_WEIGHT = 1.2
ALTERNATIVE_CONFIDENCE = 0.3
MAX_ALTERNATIVES = 3
# A term reached through a typo correction or a prefix relative counts this much of an exact one.
INEXACT_FACTOR = 0.8
# Relatives of a word the index knows: only of stems this long, only this many letters longer.
RELATIVE_MIN_STEM = 5
RELATIVE_MAX_EXTRA = 2
# A question word the index does not know weighs this share of the rarest term's weight.
UNKNOWN_FACTOR = 0.6
# An unknown name (a capitalised word, another region's city) weighs more: the question is about something
# the knowledge base does not cover.
OUT_OF_SCOPE_FACTOR = 2.0
# A word found only in an entry's answer text, not in its title, keywords or topic, counts this much.
ANSWER_ONLY_FACTOR = 0.7


@dataclass(frozen=True)
class Topic:
    id: str
    section: str
    order: int
    title: dict[str, str]


@dataclass(frozen=True)
class Entry:
    id: str
    topic: str
    title: dict[str, str]
    answer: dict[str, str]
    keywords: dict[str, list[str]]
    related: tuple[str, ...]


@dataclass(frozen=True)
class SearchResult:
    """``entry`` is None when nothing answers the question confidently; ``score`` is the confidence in
    [0, 1]; ``alternatives`` are other plausible entries (also offered when ``entry`` is None)."""

    language: str
    entry: Entry | None
    score: float
    alternatives: list[Entry] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------------
# Reading and validating data/*.toml
# ---------------------------------------------------------------------------------------------------------


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ValueError(f"{path}: file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: invalid TOML: {exc}") from exc


def _text_pair(path: Path, where: str, raw: dict[str, Any], name: str) -> dict[str, str]:
    value = raw.get(name)
    if not isinstance(value, dict):
        raise ValueError(f"{path}: {where}: {name}.kk and {name}.ru are required")
    pair: dict[str, str] = {}
    for lang in LANGUAGES:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{path}: {where}: {name}.{lang} is missing or empty")
        pair[lang] = text.strip()
    return pair


def _keywords(path: Path, where: str, raw: dict[str, Any]) -> dict[str, list[str]]:
    value = raw.get("keywords", {})
    if not isinstance(value, dict):
        raise ValueError(f"{path}: {where}: keywords must be a table with kk and ru lists")
    result: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        words = value.get(lang, [])
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise ValueError(f"{path}: {where}: keywords.{lang} must be a list of strings")
        result[lang] = [w.strip() for w in words if w.strip()]
    return result


def _item_id(path: Path, kind: str, index: int, raw: Any) -> str:
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: [[{kind}]] #{index}: not a table")
    item_id = raw.get("id")
    if not isinstance(item_id, str) or not item_id.strip():
        raise ValueError(f"{path}: [[{kind}]] #{index}: id is missing")
    return item_id.strip()


def read_topics(path: Path) -> list[Topic]:
    """Parse and validate data/topics.toml; a ValueError names the file and the topic."""
    raw_items = _read_toml(path).get("topic", [])
    if not isinstance(raw_items, list) or not raw_items:
        raise ValueError(f"{path}: no [[topic]] tables")
    topics: list[Topic] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_items, 1):
        topic_id = _item_id(path, "topic", index, raw)
        where = f"topic {topic_id!r}"
        if topic_id in seen:
            raise ValueError(f"{path}: {where}: duplicate id")
        seen.add(topic_id)
        section = raw.get("section")
        if section not in SECTIONS:
            raise ValueError(f"{path}: {where}: section must be one of {SECTIONS}, got {section!r}")
        order = raw.get("order", index * 10)
        if not isinstance(order, int) or isinstance(order, bool):
            raise ValueError(f"{path}: {where}: order must be an integer")
        topics.append(Topic(topic_id, section, order, _text_pair(path, where, raw, "title")))
    return topics


def read_entries(path: Path, topic_ids: Iterable[str]) -> list[Entry]:
    """Parse and validate data/knowledge.toml against the known topic ids."""
    known_topics = set(topic_ids)
    raw_items = _read_toml(path).get("entry", [])
    if not isinstance(raw_items, list) or not raw_items:
        raise ValueError(f"{path}: no [[entry]] tables")
    entries: list[Entry] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_items, 1):
        entry_id = _item_id(path, "entry", index, raw)
        where = f"entry {entry_id!r}"
        if entry_id in seen:
            raise ValueError(f"{path}: {where}: duplicate id")
        seen.add(entry_id)
        topic = raw.get("topic")
        if topic not in known_topics:
            raise ValueError(f"{path}: {where}: unknown topic {topic!r}")
        related = raw.get("related", [])
        if not isinstance(related, list) or not all(isinstance(r, str) for r in related):
            raise ValueError(f"{path}: {where}: related must be a list of entry ids")
        entries.append(
            Entry(
                id=entry_id,
                topic=str(topic),
                title=_text_pair(path, where, raw, "title"),
                answer=_text_pair(path, where, raw, "answer"),
                keywords=_keywords(path, where, raw),
                related=tuple(related),
            )
        )
    for entry in entries:
        for related_id in entry.related:
            if related_id not in seen:
                raise ValueError(f"{path}: entry {entry.id!r}: unknown related entry {related_id!r}")
            if related_id == entry.id:
                raise ValueError(f"{path}: entry {entry.id!r}: relates to itself")
    return entries


# ---------------------------------------------------------------------------------------------------------
# Index documents
# ---------------------------------------------------------------------------------------------------------


def _terms(texts: Iterable[tuple[str, str]]) -> str:
    return " ".join(t for text, lang in texts for t in index_terms(text, lang))


def index_document(entry: Entry, topic: Topic) -> tuple[str, str, str, str]:
    """The kb_fts columns of one entry: title, keywords, answer, topic title (normalised terms)."""
    return (
        _terms((entry.title[lang], lang) for lang in LANGUAGES),
        _terms((kw, lang) for lang in LANGUAGES for kw in entry.keywords[lang]),
        _terms((entry.answer[lang], lang) for lang in LANGUAGES),
        _terms((topic.title[lang], lang) for lang in LANGUAGES),
    )


def content_hash(entry: Entry, topic: Topic) -> str:
    payload = {
        "analyzer": ANALYZER_VERSION,
        "topic_title": topic.title,
        "title": entry.title,
        "answer": entry.answer,
        "keywords": entry.keywords,
        "related": list(entry.related),
        "topic": entry.topic,
    }
    raw = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(raw).hexdigest()


def _entry_from_row(row: Mapping[str, Any]) -> Entry:
    return Entry(
        id=row["id"],
        topic=row["topic"],
        title={"kk": row["title_kk"], "ru": row["title_ru"]},
        answer={"kk": row["answer_kk"], "ru": row["answer_ru"]},
        keywords={"kk": json.loads(row["keywords_kk"]), "ru": json.loads(row["keywords_ru"])},
        related=tuple(json.loads(row["related"])),
    )


# ---------------------------------------------------------------------------------------------------------
# In-memory view of the index vocabulary: typo tolerance and prefix relatives
# ---------------------------------------------------------------------------------------------------------


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (adjacent swaps count one), or limit + 1 when larger."""
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


@dataclass(frozen=True, slots=True)
class _Group:
    """One question word resolved against the index: the terms that stand for it and its weight."""

    surface: str
    terms: tuple[str, ...]
    exact: frozenset[str]
    weight: float


class _Vocabulary:
    """Index terms with document frequencies; built once per load."""

    def __init__(self, doc_freq: dict[str, int], docs: int) -> None:
        self.doc_freq = doc_freq
        self.docs = max(docs, 1)
        self.sorted_terms = sorted(doc_freq)
        self._delete_index: dict[str, list[str]] | None = None
        self.unknown_weight = self.idf_of(0) * UNKNOWN_FACTOR
        self.out_of_scope_weight = self.idf_of(0) * OUT_OF_SCOPE_FACTOR

    def idf_of(self, df: int) -> float:
        return math.log(1.0 + (self.docs - df + 0.5) / (df + 0.5))

    def idf(self, term: str) -> float:
        return self.idf_of(self.doc_freq.get(term, 0))

    def __contains__(self, term: str) -> bool:
        return term in self.doc_freq

    def relatives(self, stem: str, limit: int = 3) -> list[str]:
        """Terms one suffix away from ``stem``: longer terms starting with it, or a shorter term it starts
        with (the Kazakh stripper may stop one suffix early or late on either side)."""
        found: list[str] = []
        if len(stem) >= 4:
            start = bisect.bisect_left(self.sorted_terms, stem)
            longer: list[str] = []
            for term in self.sorted_terms[start : start + 200]:
                if not term.startswith(stem):
                    break
                if term != stem:
                    longer.append(term)
            longer.sort(key=lambda t: (len(t), -self.doc_freq[t]))
            found.extend(longer[:limit])
        for size in range(len(stem) - 1, max(3, len(stem) - 3) - 1, -1):
            if size >= 4 and stem[:size] in self.doc_freq:
                found.append(stem[:size])
                break
        return found

    def shared_prefix(self, word: str, limit: int = 3) -> list[str]:
        """Terms sharing a long beginning with ``word`` (аварийщикам ~ аварийное, газифицировали ~
        газификация): at least 5 letters, and most of the term."""
        for size in range(len(word) - 1, 4, -1):
            prefix = word[:size]
            start = bisect.bisect_left(self.sorted_terms, prefix)
            found = []
            for term in self.sorted_terms[start : start + 50]:
                if not term.startswith(prefix):
                    break
                if size * 2 >= len(term):
                    found.append(term)
            if found:
                found.sort(key=lambda t: (len(t), -self.doc_freq[t]))
                return found[:limit]
        return []

    def correction(self, word: str) -> str | None:
        """The most frequent index term within 1 (words of 5-7 letters) or 2 (longer) typing errors."""
        if len(word) < 5 or word.isdigit():
            return None
        limit = 1 if len(word) < 8 else 2
        index = self._deletes_index()
        candidates: set[str] = set(index.get(word, ()))
        for variant in _deletes(word):
            if variant in self.doc_freq:
                candidates.add(variant)
            candidates.update(index.get(variant, ()))
        best: tuple[int, int, str] | None = None
        for candidate in candidates:
            distance = _edit_distance(word, candidate, limit)
            if distance > limit:
                continue
            key = (distance, -self.doc_freq[candidate], candidate)
            if best is None or key < best:
                best = key
        return best[2] if best else None

    def _deletes_index(self) -> dict[str, list[str]]:
        if self._delete_index is None:
            index: dict[str, list[str]] = {}
            for term in self.sorted_terms:
                if len(term) < 3 or term.isdigit():
                    continue
                for variant in _deletes(term):
                    index.setdefault(variant, []).append(term)
            self._delete_index = index
        return self._delete_index


@dataclass
class _Cache:
    topics: dict[str, Topic]
    entries: dict[str, Entry]
    order: dict[str, int]
    doc_entry: dict[int, str]
    doc_terms: dict[int, frozenset[str]]
    doc_strong: dict[int, frozenset[str]]
    vocabulary: _Vocabulary


@dataclass(frozen=True)
class _Plan:
    groups: list[_Group]
    phrases: list[str]

    def match_expression(self) -> str:
        """FTS5 query: every term and phrase quoted (terms come from the index vocabulary only)."""
        parts = [_quote(t) for g in self.groups for t in g.terms]
        parts.extend(_quote(p) for p in self.phrases)
        return " OR ".join(dict.fromkeys(parts))


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


# ---------------------------------------------------------------------------------------------------------
# The service
# ---------------------------------------------------------------------------------------------------------


class KnowledgeBase:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._cache: _Cache | None = None

    # -- loading ----------------------------------------------------------------------------------------

    async def load(self, data_dir: Path) -> dict[str, int]:
        """Bring the database in line with data/topics.toml and data/knowledge.toml.

        Validates everything first (a ValueError names the file and the entry; nothing is changed), then
        upserts by id in one transaction. Returns counts: added, updated, removed, unchanged, topics.
        """
        data_dir = Path(data_dir)
        topics = read_topics(data_dir / "topics.toml")
        entries = read_entries(data_dir / "knowledge.toml", (t.id for t in topics))
        topic_by_id = {t.id: t for t in topics}
        async with self.db.transaction() as tx:
            counts = await self._apply(tx, topics, entries, topic_by_id)
        self._cache = None
        await self._ensure_cache()
        log.info("knowledge base: %r", counts)
        return counts

    async def _apply(
        self, tx: Tx, topics: list[Topic], entries: list[Entry], topic_by_id: dict[str, Topic]
    ) -> dict[str, int]:
        existing = {
            row["id"]: (row["doc"], row["content_hash"], row["ord"])
            for row in await tx.fetchall("SELECT id, doc, content_hash, ord FROM kb_entries")
        }
        wanted = {e.id for e in entries}
        counts = {"added": 0, "updated": 0, "removed": 0, "unchanged": 0, "topics": len(topics)}
        for entry_id, (doc, _, _) in existing.items():
            if entry_id not in wanted:
                await tx.execute("DELETE FROM kb_fts WHERE rowid = ?", (doc,))
                await tx.execute("DELETE FROM kb_entries WHERE id = ?", (entry_id,))
                counts["removed"] += 1
        await tx.executemany(
            "INSERT INTO kb_topics (id, section, ord, title_kk, title_ru) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET section = excluded.section, ord = excluded.ord, "
            "title_kk = excluded.title_kk, title_ru = excluded.title_ru",
            [(t.id, t.section, t.order, t.title["kk"], t.title["ru"]) for t in topics],
        )
        next_doc = int(await tx.fetchval("SELECT coalesce(max(doc), 0) FROM kb_entries")) + 1
        for position, entry in enumerate(entries):
            topic = topic_by_id[entry.topic]
            digest = content_hash(entry, topic)
            old = existing.get(entry.id)
            if old is not None and old[1] == digest:
                if old[2] != position:
                    await tx.execute("UPDATE kb_entries SET ord = ? WHERE id = ?", (position, entry.id))
                counts["unchanged"] += 1
                continue
            if old is None:
                doc = next_doc
                next_doc += 1
                counts["added"] += 1
            else:
                doc = old[0]
                await tx.execute("DELETE FROM kb_fts WHERE rowid = ?", (doc,))
                counts["updated"] += 1
            await self._write_entry(tx, entry, doc, position, digest)
            await tx.execute(
                "INSERT INTO kb_fts (rowid, title, keywords, answer, topic) VALUES (?, ?, ?, ?, ?)",
                (doc, *index_document(entry, topic)),
            )
        placeholders = ",".join("?" * len(topics))
        await tx.execute(f"DELETE FROM kb_topics WHERE id NOT IN ({placeholders})", [t.id for t in topics])
        if counts["added"] or counts["updated"] or counts["removed"]:
            await tx.execute("INSERT INTO kb_fts (kb_fts) VALUES ('optimize')")
        return counts

    @staticmethod
    async def _write_entry(tx: Tx, entry: Entry, doc: int, position: int, digest: str) -> None:
        await tx.execute(
            "INSERT INTO kb_entries (id, doc, topic, ord, title_kk, title_ru, answer_kk, answer_ru, "
            "keywords_kk, keywords_ru, related, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET topic = excluded.topic, ord = excluded.ord, "
            "title_kk = excluded.title_kk, title_ru = excluded.title_ru, answer_kk = excluded.answer_kk, "
            "answer_ru = excluded.answer_ru, keywords_kk = excluded.keywords_kk, "
            "keywords_ru = excluded.keywords_ru, related = excluded.related, "
            "content_hash = excluded.content_hash, "
            "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            (
                entry.id,
                doc,
                entry.topic,
                position,
                entry.title["kk"],
                entry.title["ru"],
                entry.answer["kk"],
                entry.answer["ru"],
                json.dumps(entry.keywords["kk"], ensure_ascii=False),
                json.dumps(entry.keywords["ru"], ensure_ascii=False),
                json.dumps(list(entry.related), ensure_ascii=False),
                digest,
            ),
        )

    async def _ensure_cache(self) -> _Cache:
        if self._cache is None:
            self._cache = await self._read_cache()
        return self._cache

    async def _read_cache(self) -> _Cache:
        topic_rows = await self.db.fetchall("SELECT id, section, ord, title_kk, title_ru FROM kb_topics")
        entry_rows = await self.db.fetchall("SELECT * FROM kb_entries ORDER BY ord")
        fts_rows = await self.db.fetchall("SELECT rowid, title, keywords, answer, topic FROM kb_fts")
        vocab_rows = await self.db.fetchall("SELECT term, doc FROM kb_fts_vocab")
        topics = {
            r["id"]: Topic(r["id"], r["section"], r["ord"], {"kk": r["title_kk"], "ru": r["title_ru"]})
            for r in topic_rows
        }
        entries = {r["id"]: _entry_from_row(r) for r in entry_rows}
        doc_terms = {int(r[0]): frozenset(" ".join(r[1:]).split()) for r in fts_rows}
        doc_strong = {int(r[0]): frozenset(" ".join((r[1], r[2], r[4])).split()) for r in fts_rows}
        return _Cache(
            topics=topics,
            entries=entries,
            order={r["id"]: r["ord"] for r in entry_rows},
            doc_entry={int(r["doc"]): r["id"] for r in entry_rows},
            doc_terms=doc_terms,
            doc_strong=doc_strong,
            vocabulary=_Vocabulary({r[0]: int(r[1]) for r in vocab_rows}, len(doc_terms)),
        )

    # -- reading ----------------------------------------------------------------------------------------

    async def topics(self, section: str) -> list[Topic]:
        cache = await self._ensure_cache()
        return sorted((t for t in cache.topics.values() if t.section == section), key=lambda t: (t.order, t.id))

    async def topic(self, topic_id: str) -> Topic | None:
        return (await self._ensure_cache()).topics.get(topic_id)

    async def entries_for_topic(self, topic_id: str) -> list[Entry]:
        cache = await self._ensure_cache()
        return [e for e in cache.entries.values() if e.topic == topic_id]

    async def entry(self, entry_id: str) -> Entry | None:
        return (await self._ensure_cache()).entries.get(entry_id)

    # -- search -----------------------------------------------------------------------------------------

    async def search(self, text: str, fallback_language: str = "kk") -> SearchResult:
        """The entry that answers a free-text question, or entry=None when none does confidently."""
        language = guess_language(text) or fallback_language
        if language not in LANGUAGES:
            language = "kk"
        cache = await self._ensure_cache()
        plan = _plan(query_words(text, language), cache.vocabulary)
        if not plan.groups or not any(g.terms for g in plan.groups):
            return SearchResult(language, None, 0.0, [])
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        rows = await self.db.fetchall(
            f"SELECT rowid, bm25(kb_fts, {weights}) AS rank FROM kb_fts WHERE kb_fts MATCH ? "
            "ORDER BY rank LIMIT ?",
            (plan.match_expression(), CANDIDATES),
        )
        empty: frozenset[str] = frozenset()
        scored = [
            (doc, _confidence(plan.groups, cache.doc_terms.get(doc, empty), cache.doc_strong.get(doc, empty)),
             -float(rank))
            for doc, rank in ((int(r[0]), r[1]) for r in rows)
            if doc in cache.doc_entry
        ]
        return _decide(language, scored, cache)


def _resolve(word: QueryWord, vocabulary: _Vocabulary) -> _Group:
    """Index terms for one question word: its stem in the question's language (else the other
    language's), relatives one suffix away, or, for a word the index does not know, a typo correction."""
    exact = next((v for v in word.variants if v in vocabulary), None)
    terms: list[str] = []
    if exact is not None:
        terms.append(exact)
        if len(exact) >= RELATIVE_MIN_STEM:
            terms.extend(t for t in vocabulary.relatives(exact) if len(t) - len(exact) <= RELATIVE_MAX_EXTRA)
    else:
        for variant in word.variants:
            terms.extend(vocabulary.relatives(variant))
            if terms:
                break
    if not terms:
        for variant in word.variants:
            fixed = vocabulary.correction(variant)
            if fixed:
                terms.append(fixed)
                break
    if not terms and not word.named:
        for variant in word.variants:
            terms.extend(vocabulary.shared_prefix(variant))
            if terms:
                break
    unique = tuple(dict.fromkeys(terms))
    if exact is not None:
        weight = vocabulary.idf(exact)
    elif unique:
        weight = max(vocabulary.idf(t) for t in unique)
    elif word.named:
        weight = vocabulary.out_of_scope_weight
    else:
        weight = vocabulary.unknown_weight
    return _Group(word.surface, unique, frozenset([exact] if exact else []), weight)


def _plan(words: Sequence[QueryWord], vocabulary: _Vocabulary) -> _Plan:
    groups: dict[str, _Group] = {}
    for word in words:
        if not word.soft and word.surface not in groups:
            groups[word.surface] = _resolve(word, vocabulary)
    phrases: list[str] = []
    for left, right in itertools.pairwise(words):
        if left.soft and right.soft:
            continue
        a = next((v for v in left.variants if v in vocabulary), None)
        b = next((v for v in right.variants if v in vocabulary), None)
        if a and b and a != b:
            phrases.append(f"{a} {b}")
    return _Plan(list(groups.values()), phrases)


def _confidence(
    groups: Sequence[_Group], doc_terms: frozenset[str], strong_terms: frozenset[str]
) -> tuple[float, float]:
    """(share of the question's weight found in the document, that weight itself).

    A word counts fully when the entry's title, keywords or topic has it, less when only its answer text
    does, and less again when it was reached through a typo correction or a related form."""
    total = matched = 0.0
    for group in groups:
        total += group.weight
        found = [t for t in group.terms if t in doc_terms]
        if not found:
            continue
        share = 1.0 if any(t in strong_terms for t in found) else ANSWER_ONLY_FACTOR
        if not any(t in group.exact for t in found):
            share *= INEXACT_FACTOR
        matched += group.weight * share
    return (matched / total if total else 0.0), matched


def _decide(
    language: str, scored: list[tuple[int, tuple[float, float], float]], cache: _Cache
) -> SearchResult:
    if not scored:
        return SearchResult(language, None, 0.0, [])
    best_doc, (best_conf, best_mass), _ = scored[0]
    others = [
        cache.entries[cache.doc_entry[doc]]
        for doc, (conf, _), _ in scored[1:]
        if conf >= ALTERNATIVE_CONFIDENCE
    ][:MAX_ALTERNATIVES]
    entry = cache.entries[cache.doc_entry[best_doc]]
    if best_conf >= MIN_CONFIDENCE and best_mass >= MIN_MATCHED_WEIGHT:
        return SearchResult(language, entry, round(best_conf, 4), others)
    suggestions = [entry, *others][:MAX_ALTERNATIVES] if best_conf >= ALTERNATIVE_CONFIDENCE else []
    return SearchResult(language, None, round(best_conf, 4), suggestions)
