"""The knowledge base: topics and answers from data/*.toml, and the search behind free-text questions.

Plain Python, no aiogram. :class:`KnowledgeBase` loads ``data/topics.toml`` and ``data/knowledge.toml`` into
SQLite (upsert by stable id, one transaction, idempotent), keeps the rows in memory for rendering, and
answers :meth:`KnowledgeBase.search` through the FTS5 index (bm25):

1. the reply language is the user's, unless the question is clearly in the other one
   (:func:`bot.text.lang.reply_language`);
2. its words are normalised, filler is dropped, and each word is stemmed as Kazakh and as Russian
   (:func:`bot.text.query_words`);
3. each word is resolved against the index vocabulary of one language (:class:`bot.text.Vocabulary`): its
   stem, else a relative one suffix away, a typo correction, or a term sharing a long beginning;
4. the resolved terms and two-word phrases of neighbouring words, every one quoted and taken from the index
   vocabulary (raw user text never reaches MATCH), make an OR query ranked by ``bm25()`` with the title and
   keywords weighing more than the answer;
5. the best entry is accepted only if it covers enough of the question: each question word weighs its
   inverse document frequency (an unknown word weighs much, an unknown name or another region's city more),
   and the share of that weight the entry holds is the confidence (``SearchResult.score``). An unrelated
   question ("рецепт плова", "Шымкентте неше пәтер салынды?") covers little and gets ``entry=None``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import re
import time
import tomllib
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import aiosqlite

from bot.db.database import Database, Tx
from bot.lru import LRU, TEXT_KEY_MAX
from bot.services import kb_store
from bot.services.search_process import SearchProcess
from bot.text import analyze
from bot.text.analyze import (
    ANALYZER_VERSION,
    QueryWord,
    index_terms,
    query_words,
    report_year_of,
    set_report_year,
    term,
)
from bot.text.analyze import words as text_words
from bot.text.lang import reply_language
from bot.text.normalize import normalize
from bot.text.scope import (
    CURRENCY_STEMS,
    asks_about_own_place,
    asks_contacts,
    asks_figure,
    asks_money,
    asks_to_join,
    asks_who_won,
    counted_must_be_stated,
    counted_word,
    is_comparison,
    is_district,
    is_generic,
    is_level,
    is_role,
    is_strict,
    must_be_stated,
    other_party,
    other_place,
    years_named,
)
from bot.text.vocabulary import Vocabulary

log = logging.getLogger(__name__)

__all__ = ["LANGUAGES", "SECTIONS", "Entry", "KnowledgeBase", "SearchResult", "Topic"]

LANGUAGES = ("kk", "ru")
SECTIONS = ("results", "projects")

# kb_fts columns (see migrations/0002_knowledge.sql), their bm25 weights, and which of them are the
# entry's "strong" fields: words an editor chose to describe it, rather than its answer's running text.
FTS_COLUMNS = (
    "title_kk", "title_ru", "keywords_kk", "keywords_ru", "answer_kk", "answer_ru", "topic_kk", "topic_ru",
)  # fmt: skip
BM25_WEIGHTS = (6.0, 6.0, 4.0, 4.0, 1.0, 1.0, 1.5, 1.5)
STRONG_COLUMNS = frozenset({"title_kk", "title_ru", "keywords_kk", "keywords_ru", "topic_kk", "topic_ru"})
CANDIDATES = 10
# Final order: this share of the coverage (confidence) blended with bm25 relative to the best candidate.
RANK_COVERAGE_WEIGHT = 0.8

# Terms in more than COMMON_SHARE of the entries (bm25 gives them no weight) or in more than COMMON_MAX_DOCS
# entries (their long posting lists are what makes a query slow) stay out of MATCH; they still count
# towards the confidence. If every term is that common, the COMMON_FALLBACK_TERMS rarest are kept.
COMMON_SHARE = 0.5
COMMON_MIN_DOCS = 5
COMMON_MAX_DOCS = 1000
COMMON_FALLBACK_TERMS = 2

# Acceptance: the entry holds MIN_CONFIDENCE of the question's weight, or MIN_CONFIDENCE_STRONG of it with
# at least two question words in its title, keywords or topic; and the matched words weigh at least
# MIN_MATCHED_SHARE of one rare word (so "2024" alone is not enough).
MIN_CONFIDENCE = 0.5
MIN_CONFIDENCE_STRONG = 0.35
MIN_MATCHED_SHARE = 0.35
ALTERNATIVE_CONFIDENCE = 0.3
MAX_ALTERNATIVES = 3

# A word found only in an entry's answer text counts this much; one reached through a typo correction or a
# related form this much of an exact one.
ANSWER_ONLY_FACTOR = 0.7
INEXACT_FACTOR = 0.8
# Typo correction only for stems this long (a short unknown word is more often a real word than a typo).
CORRECTION_MIN = 5
# Relatives of a stem the index knows: only of stems this long, only this many letters longer.
RELATIVE_MIN_STEM = 5
RELATIVE_MAX_EXTRA = 2
# A question word the index does not know weighs this share of the rarest term's weight; an unknown name
# (a capitalised word, another region's city) weighs more: the question is about something else.
UNKNOWN_FACTOR = 0.6
OUT_OF_SCOPE_FACTOR = 2.0
# An entry about another year than the one the question names ("былтыр" = 2024, "биыл" = 2025).
YEAR_CONFLICT_FACTOR = 0.7
# Generic words (the party's name, the region, "district", "year") weigh this share of their weight: they are
# in most questions and no evidence for one card on their own.
GENERIC_FACTOR = 0.15
# Words of a role and its level must be this close in the card ("облыс әкімі" vs "Шиелі ауданының әкімі").
ROLE_WINDOW = 2
STRICT_MISSING = 2.0
# An entry lacking this share of the question's distinctive weight does not answer it.
MAX_UNCOVERED = 0.6


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
    reason: str = ""
    """Why ``entry`` is None when it is: "scope" (another region, year or party than the knowledge base's),
    "figure" (the card closest to the question does not hold the figure asked; it is the first alternative),
    "contacts" (an address, the way there or working hours: the contacts answer them, not a card), or ""
    (nothing answers)."""


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


def _terms(texts: Iterable[str], lang: str) -> str:
    return " ".join(t for text in texts for t in index_terms(text, lang))


def index_document(entry: Entry, topic: Topic) -> dict[str, str]:
    """The kb_fts columns of one entry: normalised, stemmed terms of each field in each language."""
    document: dict[str, str] = {}
    for lang in LANGUAGES:
        document[f"title_{lang}"] = _terms([entry.title[lang]], lang)
        document[f"keywords_{lang}"] = _terms(entry.keywords[lang], lang)
        document[f"answer_{lang}"] = _terms([entry.answer[lang]], lang)
        document[f"topic_{lang}"] = _terms([topic.title[lang]], lang)
    return document


def content_hash(entry: Entry, topic: Topic) -> str:
    """Changes when anything that reaches the entry's row or its index row changes."""
    payload = {
        "analyzer": ANALYZER_VERSION,
        "report_year": analyze.REPORT_YEAR,  # "биыл" / "былтыр" in the text become numbers from it
        "columns": FTS_COLUMNS,
        "topic_title": topic.title,
        "title": entry.title,
        "answer": entry.answer,
        "keywords": entry.keywords,
        "related": list(entry.related),
        "topic": entry.topic,
    }
    raw = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(raw).hexdigest()


def _follow_report_year(titles: list[str]) -> None:
    year = report_year_of(titles)
    if year is not None and year != analyze.REPORT_YEAR:
        log.info("the knowledge base reports on %d", year)
        set_report_year(year)


def _entry_from_row(row: aiosqlite.Row) -> Entry:
    return Entry(
        id=row["id"],
        topic=row["topic"],
        title={"kk": row["title_kk"], "ru": row["title_ru"]},
        answer={"kk": row["answer_kk"], "ru": row["answer_ru"]},
        keywords={"kk": json.loads(row["keywords_kk"]), "ru": json.loads(row["keywords_ru"])},
        related=tuple(json.loads(row["related"])),
    )


_INSERT_FTS = f"INSERT INTO kb_fts (rowid, {', '.join(FTS_COLUMNS)}) VALUES (?{', ?' * len(FTS_COLUMNS)})"
_SEARCH = (
    f"SELECT rowid, bm25(kb_fts, {', '.join(str(w) for w in BM25_WEIGHTS)}) AS rank FROM kb_fts "
    "WHERE kb_fts MATCH ? ORDER BY rank LIMIT ?"
)
_UPSERT_TOPIC = (
    "INSERT INTO kb_topics (id, section, ord, title_kk, title_ru) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET section = excluded.section, ord = excluded.ord, "
    "title_kk = excluded.title_kk, title_ru = excluded.title_ru"
)
# The index is derived data: a database made by an earlier draft of migration 0002 (other columns) gets it
# rebuilt by load(). Keep in step with migrations/0002_knowledge.sql.
_CREATE_FTS = (
    f"CREATE VIRTUAL TABLE kb_fts USING fts5 ({', '.join(FTS_COLUMNS)}, tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE kb_fts_vocab USING fts5vocab (kb_fts, 'row')",
)


async def reindex(tx: Tx, ids: Iterable[str] | None = None) -> set[str]:
    """Bring the index rows in line with the cards (all, or ``ids``): a live card whose content, topic title or
    analyzer changed is indexed again, a retired one leaves the index. Returns the ids indexed again."""
    topics = {
        r["id"]: Topic(r["id"], r["section"], r["ord"], {"kk": r["title_kk"], "ru": r["title_ru"]})
        for r in await tx.fetchall("SELECT id, section, ord, title_kk, title_ru FROM kb_topics")
    }
    if ids is None:
        rows = await tx.fetchall("SELECT * FROM kb_entries")
    else:
        wanted = list(ids)
        rows = await tx.fetchall(f"SELECT * FROM kb_entries WHERE id IN ({','.join('?' * len(wanted))})", wanted)
    changed: set[str] = set()
    for row in rows:
        if row["retired"]:
            if row["content_hash"] != RETIRED_HASH:
                await tx.execute("DELETE FROM kb_fts WHERE rowid = ?", (row["doc"],))
                await tx.execute("UPDATE kb_entries SET content_hash = ? WHERE id = ?", (RETIRED_HASH, row["id"]))
                changed.add(row["id"])
            continue
        entry = _entry_from_row(row)
        topic = topics[entry.topic]
        digest = content_hash(entry, topic)
        if digest == row["content_hash"]:
            continue
        await tx.execute("DELETE FROM kb_fts WHERE rowid = ?", (row["doc"],))
        document = index_document(entry, topic)
        await tx.execute(_INSERT_FTS, (row["doc"], *(document[c] for c in FTS_COLUMNS)))
        await tx.execute("UPDATE kb_entries SET content_hash = ? WHERE id = ?", (digest, row["id"]))
        changed.add(row["id"])
    return changed


RETIRED_HASH = "retired"


# ---------------------------------------------------------------------------------------------------------
# In-memory view of the index
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _DocView:
    """What the search needs of one entry's index row."""

    terms: frozenset[str]
    strong: frozenset[str]
    text: str  # " | "-separated columns, for phrase checks on a few candidates
    positions: dict[str, tuple[int, ...]]  # term -> its positions, columns far apart
    figures: tuple[int, ...]  # positions of the figures in the answers (not years, not dates)
    answer: frozenset[str]  # the terms of the entry's answers (what it states, not its keywords)
    years: frozenset[str]  # the years the entry mentions
    by_language: dict[str, frozenset[str]]
    titles: tuple[frozenset[str], ...] = ()  # each title's distinctive terms (not generic words, not numbers)


def _doc_view(values: Sequence[Any]) -> _DocView:
    columns = {name: str(value or "").split() for name, value in zip(FTS_COLUMNS, values, strict=True)}
    terms = frozenset(itertools.chain.from_iterable(columns.values()))
    at: dict[str, list[int]] = {}
    for column, column_terms in enumerate(columns.values()):
        for position, term_ in enumerate(column_terms):
            at.setdefault(term_, []).append(column * 100_000 + position)
    by_language: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
    for name, column_terms in columns.items():
        by_language[name[-2:]].update(column_terms)
    return _DocView(
        terms=terms,
        strong=frozenset(t for name in STRONG_COLUMNS for t in columns[name]),
        text=" " + " | ".join(" ".join(t) for t in columns.values()) + " ",
        positions={t: tuple(p) for t, p in at.items()},
        figures=tuple(_figure_positions(columns)),
        answer=frozenset(t for lang in LANGUAGES for t in columns[f"answer_{lang}"]),
        years=frozenset(_years_of(terms)),
        by_language={lang: frozenset(v) for lang, v in by_language.items()},
        titles=tuple(
            frozenset(t for t in columns[name] if not t.isdigit() and not is_generic((t,)))
            for name in FTS_COLUMNS if name.startswith("title_")
        ),
    )


def _title_years(row: Any) -> frozenset[str]:
    return frozenset(year for lang in LANGUAGES for year in _years_of(text_words(row[f"title_{lang}"])))


def _build_cache(topics: dict[str, Topic], entries: dict[str, Entry], orders: dict[str, int],
                 doc_entry: dict[int, str], views: dict[int, _DocView], lang_df: dict[str, Counter[str]],
                 title_years: dict[str, frozenset[str]], previous: Vocabulary | None = None,
                 doc_freq: Counter[str] | None = None) -> _Cache:
    if doc_freq is None:
        doc_freq = Counter()
        for view in views.values():
            doc_freq.update(view.terms)
    by_language = {lang: set(counts) for lang, counts in lang_df.items()}
    return _Cache(
        topics=topics,
        entries=entries,
        doc_entry=doc_entry,
        doc_terms={d: v.terms for d, v in views.items()},
        doc_strong={d: v.strong for d, v in views.items()},
        doc_text={d: v.text for d, v in views.items()},
        doc_years={d: v.years for d, v in views.items()},
        doc_positions={d: v.positions for d, v in views.items()},
        doc_answer={d: v.answer for d, v in views.items()},
        doc_figures={d: v.figures for d, v in views.items()},
        covered_years=frozenset().union(*title_years.values()),
        vocabulary=Vocabulary(doc_freq, len(views), by_language, previous=previous),
        orders=orders,
        views=views,
        lang_df=lang_df,
        title_years=title_years,
        doc_freq=doc_freq,
    )


@dataclass(frozen=True)
class _Cache:
    topics: dict[str, Topic]
    entries: dict[str, Entry]  # in data/knowledge.toml order
    doc_entry: dict[int, str]
    doc_terms: dict[int, frozenset[str]]
    doc_strong: dict[int, frozenset[str]]
    doc_text: dict[int, str]  # " | "-separated columns, for phrase checks on a few candidates
    doc_years: dict[int, frozenset[str]]  # the years an entry mentions
    doc_positions: dict[int, dict[str, tuple[int, ...]]]  # term -> its positions, columns far apart
    doc_answer: dict[int, frozenset[str]]  # the terms of the entry's answers (what it states, not its keywords)
    doc_figures: dict[int, tuple[int, ...]]  # positions of the figures in the answers (not years, not dates)
    covered_years: frozenset[str]  # the years the knowledge base is about: those its titles name (if they do)
    vocabulary: Vocabulary
    # for reloading only the cards that changed (KnowledgeBase._read_changes)
    orders: dict[str, int] = field(default_factory=dict)
    views: dict[int, _DocView] = field(default_factory=dict)
    lang_df: dict[str, Counter[str]] = field(default_factory=dict)
    title_years: dict[str, frozenset[str]] = field(default_factory=dict)
    doc_freq: Counter[str] = field(default_factory=Counter)

    def entry_of(self, doc: int) -> Entry:
        return self.entries[self.doc_entry[doc]]


@dataclass(frozen=True, slots=True)
class _Group:
    """One question word resolved against the index: the terms that stand for it and its weight."""

    surface: str
    terms: tuple[str, ...]
    exact: str | None
    weight: float
    generic: bool = False
    strict: bool = False
    stated: bool = False


@dataclass(frozen=True, slots=True)
class _SoftPhrase:
    """A filler word that is also part of a name ("жайлы мектеп"): it counts only where the entry has it
    next to the same neighbour."""

    phrase: str
    weight: float


@dataclass(frozen=True)
class _Plan:
    groups: list[_Group]
    phrases: list[str]
    years: frozenset[str] = frozenset()
    soft: list[_SoftPhrase] = field(default_factory=list)
    roles: list[tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)
    """(a role's terms, its level's terms) for each role word next to a level word in the question"""
    figure: bool = False
    counted: tuple[str, ...] = ()
    """The index terms of the word a figure question counts ("сколько советов")."""
    person: bool = False
    """Who won or was elected: only a card naming a person answers it."""
    money: bool = False
    compare: tuple[str, ...] = ()
    """The question's comparison words ("на сколько выросло"): an entry answers only if it has one of them."""
    """A figure question about money: only an entry with a sum in tenge answers it."""
    scope: bool = False
    """The question names another region, another party or a year the knowledge base is not about."""

    def match_expression(self, vocabulary: Vocabulary) -> str:
        """FTS5 query: every term and phrase quoted, all of them from the index vocabulary."""
        limit = min(max(COMMON_MIN_DOCS, vocabulary.docs * COMMON_SHARE), COMMON_MAX_DOCS)
        terms = list(dict.fromkeys(t for g in self.groups for t in g.terms))
        kept = [t for t in terms if vocabulary.df(t) <= limit]
        if not kept:
            kept = sorted(terms, key=vocabulary.df)[:COMMON_FALLBACK_TERMS]
        phrases = [p for p in dict.fromkeys(self.phrases) if min(vocabulary.df(t) for t in p.split()) <= limit]
        return " OR ".join(_quote(t) for t in [*kept, *phrases])


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


# ---------------------------------------------------------------------------------------------------------
# The service
# ---------------------------------------------------------------------------------------------------------


ANSWER_CACHE_SIZE = 4096
# How often the revision counter is read to notice changes made by another process (a change made in this
# process is seen at once).
REVISION_CHECK_SECONDS = 0.5


class KnowledgeBase:
    def __init__(self, db: Database, answer_cache_size: int = ANSWER_CACHE_SIZE) -> None:
        self.db = db
        self._cache: _Cache | None = None
        # card id -> the places its title names, and its answer
        self._places: tuple[_Cache | None, dict[str, tuple[frozenset[str], frozenset[str]]]] = (None, {})
        # The same question asked again (popular ones come in bursts after news) is answered from memory:
        # search is most of the CPU an answer costs. Cleared whenever the content is (re)loaded. In memory
        # only, never written or logged.
        self.answers: LRU[tuple[str, str], SearchResult] = LRU(answer_cache_size)
        # Live content: the revision of the cards in memory, and when the database's was last looked at.
        self._revision = -1
        self._checked_at = -REVISION_CHECK_SECONDS
        self.conflicts: list[kb_store.Conflict] = []
        self.revision_checks = 0  # reads of the revision counter (tests: not one per question)
        self.on_reload: list[Callable[[], None]] = []  # other memories of the content (schedule-question cache)
        # the search in a child process (bot.services.search_process), when the bot runs one
        self.remote: SearchProcess | None = None

    # -- loading ----------------------------------------------------------------------------------------

    async def load(self, data_dir: Path) -> dict[str, int]:
        """Bring the database in line with data/topics.toml and data/knowledge.toml, the seed.

        Validates everything first (a ValueError names the file and the entry, and nothing is changed), then
        in one transaction: topics are upserted, shipped entries are applied by id where the card was not
        edited in the bot (bot.services.kb_store.apply_seed: an edited card stays, a changed shipped version of
        it is a conflict kept for /kb), and the index follows. A restart changes nothing. Returns counts: added,
        updated, removed, unchanged, topics. ``self.conflicts`` lists the cards in conflict.
        """
        data_dir = Path(data_dir)
        topics = read_topics(data_dir / "topics.toml")
        entries = read_entries(data_dir / "knowledge.toml", (t.id for t in topics))
        _follow_report_year([e.title[lang] for e in entries for lang in LANGUAGES])
        async with self.db.transaction() as tx:
            await self._check_index_schema(tx)
            await tx.executemany(_UPSERT_TOPIC, [(t.id, t.section, t.order, t.title["kk"], t.title["ru"])
                                                 for t in topics])
            ids, self.conflicts = await kb_store.apply_seed(tx, entries, _entry_from_row)
            kept = {t.id for t in topics} | {
                r[0] for r in await tx.fetchall("SELECT DISTINCT topic FROM kb_entries")}  # a bot card's topic stays
            placeholders = ",".join("?" * len(kept))
            await tx.execute(f"DELETE FROM kb_topics WHERE id NOT IN ({placeholders})", list(kept))
            reindexed = await reindex(tx)
            if ids["added"] or ids["updated"] or ids["removed"] or reindexed:
                revision = await kb_store.bump(tx)  # every process reads all the cards again
                await tx.execute("INSERT INTO kb_meta (key, value) VALUES ('full', ?) ON CONFLICT (key) DO UPDATE "
                                 "SET value = excluded.value", (str(revision),))
        shipped = {e.id for e in entries}
        updated = ((ids["updated"] | reindexed) & shipped) - ids["added"]
        counts = {"added": len(ids["added"]), "updated": len(updated), "removed": len(ids["removed"]),
                  "unchanged": len(shipped) - len(ids["added"]) - len(updated), "topics": len(topics)}
        await self.reload(full=True)
        log.info("knowledge base loaded: %r", counts)
        return counts

    async def reload(self, full: bool = False) -> None:
        """Read the cards again (after a change in this process, or another process's: see ``refresh``): only
        those changed since the revision in memory, or all of them after a start's load (``full``)."""
        meta = dict(await self.db.fetchall("SELECT key, value FROM kb_meta WHERE key IN ('revision', 'full')"))
        revision, full_revision = int(meta.get("revision", 0)), int(meta.get("full", 0))
        if full or self._cache is None or full_revision > self._revision or self._revision < 0:
            cache = await self._read_cache()
        else:
            cache = await self._read_changes(self._cache, self._revision)
        self._cache, self._revision = cache, revision
        self._checked_at = time.monotonic()
        self.answers.clear()
        for listener in self.on_reload:
            listener()

    async def refresh(self) -> None:
        """At most every REVISION_CHECK_SECONDS, one cheap read of the revision counter; when another process
        changed the content, the cards are read again and remembered answers dropped."""
        now = time.monotonic()
        if now - self._checked_at < REVISION_CHECK_SECONDS:
            return
        self._checked_at = now
        self.revision_checks += 1
        try:
            current = int(await self.db.fetchval("SELECT value FROM kb_meta WHERE key = 'revision'") or 0)
        except aiosqlite.OperationalError:  # no migration yet (a bare test database): nothing to follow
            return
        if current != self._revision:
            log.info("knowledge base changed (revision %r -> %r): reloading", self._revision, current)
            await self.reload()

    @staticmethod
    async def _check_index_schema(tx: Tx) -> None:
        columns = tuple(row[1] for row in await tx.fetchall("PRAGMA table_info(kb_fts)"))
        if columns == FTS_COLUMNS:
            return
        log.warning("rebuilding the knowledge index: columns %r, expected %r", columns, FTS_COLUMNS)
        await tx.execute("DROP TABLE IF EXISTS kb_fts_vocab")
        await tx.execute("DROP TABLE IF EXISTS kb_fts")
        for statement in _CREATE_FTS:
            await tx.execute(statement)
        await tx.execute("UPDATE kb_entries SET content_hash = ''")  # every entry is re-indexed

    async def _ensure_cache(self) -> _Cache:
        await self.refresh()
        if self._cache is None:
            self._cache = await self._read_cache()
        return self._cache

    async def _read_cache(self) -> _Cache:
        topic_rows = await self.db.fetchall("SELECT id, section, ord, title_kk, title_ru FROM kb_topics")
        entry_rows = await self.db.fetchall("SELECT * FROM kb_entries WHERE retired = 0 ORDER BY ord, id")
        try:
            fts_rows = await self.db.fetchall(f"SELECT rowid, {', '.join(FTS_COLUMNS)} FROM kb_fts")
        except aiosqlite.OperationalError:  # an index from an earlier schema: empty until load() rebuilds it
            log.warning("knowledge index has an old schema; search is empty until load()")
            fts_rows = []
        views = {int(row[0]): _doc_view(row[1:]) for row in fts_rows}
        live = {int(r["doc"]) for r in entry_rows}
        views = {doc: v for doc, v in views.items() if doc in live}
        lang_df: dict[str, Counter[str]] = {lang: Counter() for lang in LANGUAGES}
        for view in views.values():
            for lang in LANGUAGES:
                lang_df[lang].update(view.by_language[lang])
        _follow_report_year([r[f"title_{lang}"] for r in entry_rows for lang in LANGUAGES])
        return _build_cache(
            topics={
                r["id"]: Topic(r["id"], r["section"], r["ord"], {"kk": r["title_kk"], "ru": r["title_ru"]})
                for r in topic_rows
            },
            entries={r["id"]: _entry_from_row(r) for r in entry_rows},
            orders={r["id"]: int(r["ord"]) for r in entry_rows},
            doc_entry={int(r["doc"]): r["id"] for r in entry_rows},
            views=views,
            lang_df=lang_df,
            title_years={r["id"]: _title_years(r) for r in entry_rows},
        )

    async def _read_changes(self, cache: _Cache, since: int) -> _Cache:
        """The cards changed since revision ``since`` (edits in the bot), applied to a copy of the cache: a
        reload costs the changed cards, not the whole knowledge base."""
        rows = await self.db.fetchall("SELECT * FROM kb_entries WHERE rev > ?", (since,))
        if not rows:
            return cache
        docs = [int(r["doc"]) for r in rows if not r["retired"]]
        fts: dict[int, _DocView] = {}
        for start in range(0, len(docs), 500):
            chunk = docs[start:start + 500]
            for row in await self.db.fetchall(
                    f"SELECT rowid, {', '.join(FTS_COLUMNS)} FROM kb_fts WHERE rowid IN ({','.join('?' * len(chunk))})",
                    chunk):
                fts[int(row[0])] = _doc_view(row[1:])
        entries, orders, doc_entry = dict(cache.entries), dict(cache.orders), dict(cache.doc_entry)
        views, title_years = dict(cache.views), dict(cache.title_years)
        lang_df = {lang: Counter(counts) for lang, counts in cache.lang_df.items()}
        doc_freq = Counter(cache.doc_freq)
        for row in rows:
            doc, entry_id = int(row["doc"]), row["id"]
            old = views.pop(doc, None)
            if old is not None:
                doc_freq.subtract(old.terms)
                for lang in LANGUAGES:
                    lang_df[lang].subtract(old.by_language[lang])
            for gone in (entry_id, doc_entry.pop(doc, None)):
                if gone is not None:
                    entries.pop(gone, None)
                    orders.pop(gone, None)
                    title_years.pop(gone, None)
            view = fts.get(doc)
            if row["retired"] or view is None:
                continue
            views[doc] = view
            doc_freq.update(view.terms)
            for lang in LANGUAGES:
                lang_df[lang].update(view.by_language[lang])
            entries[entry_id] = _entry_from_row(row)
            orders[entry_id] = int(row["ord"])
            doc_entry[doc] = entry_id
            title_years[entry_id] = _title_years(row)
        for counts in (*lang_df.values(), doc_freq):
            for term_ in [t for t, n in counts.items() if n <= 0]:
                del counts[term_]
        ordered = {i: entries[i] for i in sorted(entries, key=lambda i: (orders[i], i))}
        return _build_cache(cache.topics, ordered, orders, doc_entry, views, lang_df, title_years,
                            previous=cache.vocabulary, doc_freq=doc_freq)

    @property
    def report_year(self) -> int:
        """The year the knowledge base reports on, as its content says."""
        return analyze.REPORT_YEAR

    # -- reading ----------------------------------------------------------------------------------------

    async def topics(self, section: str) -> list[Topic]:
        """Topics of a section ("results" or "projects") in menu order."""
        cache = await self._ensure_cache()
        return sorted((t for t in cache.topics.values() if t.section == section), key=lambda t: (t.order, t.id))

    async def topic(self, topic_id: str) -> Topic | None:
        return (await self._ensure_cache()).topics.get(topic_id)

    async def entries_for_topic(self, topic_id: str) -> list[Entry]:
        """A topic's entries in data/knowledge.toml order."""
        cache = await self._ensure_cache()
        return [e for e in cache.entries.values() if e.topic == topic_id]

    async def entry(self, entry_id: str) -> Entry | None:
        return (await self._ensure_cache()).entries.get(entry_id)

    async def entries_naming(self, place: str, places_of: Callable[[str], Awaitable[set[str]]],
                             limit: int) -> list[Entry]:
        """Up to ``limit`` cards that name ``place``, those whose title names it first, then in knowledge-base
        order; ``places_of`` tells the places a text names (the districts' keywords). Remembered per card until
        the cards change."""
        cache = await self._ensure_cache()
        seen, named = self._places
        if seen is not cache:
            named = {}
            self._places = (cache, named)
        in_title: list[Entry] = []
        in_answer: list[Entry] = []
        for entry in cache.entries.values():
            places = named.get(entry.id)
            if places is None:
                title = await places_of(" \n".join(entry.title.values()))
                answer = await places_of(" \n".join(entry.answer.values()))
                places = named[entry.id] = (frozenset(title), frozenset(answer))
            if place in places[0]:
                in_title.append(entry)
                if len(in_title) >= limit:
                    break
            elif place in places[1] and len(in_answer) < limit:
                in_answer.append(entry)
        return (in_title + in_answer)[:limit]

    # -- search -----------------------------------------------------------------------------------------

    async def search(self, text: str, fallback_language: str = "kk") -> SearchResult:
        """The entry that answers a free-text question, or entry=None when none does confidently.

        ``language`` is the question's language when it can be told, else ``fallback_language`` (the
        user's), else "kk". Never raises on any text."""
        await self.refresh()  # another process may have changed the cards: before the remembered answers
        key = (text, fallback_language)
        cacheable = len(text) <= TEXT_KEY_MAX
        cached = self.answers.get(key) if cacheable else None
        if cached is not None:
            return cached
        found = await self._search_remotely(text, fallback_language) if self.remote is not None else None
        result, complete = found or await self.search_here(text, fallback_language)
        if cacheable and complete:
            self.answers.put(key, result)
        return result

    @property
    def revision(self) -> int:
        """The content revision of the cards in memory (-1 before they were read)."""
        return self._revision

    async def _search_remotely(self, text: str, fallback_language: str) -> tuple[SearchResult, bool] | None:
        """The child process's answer, as cards of this process's memory; None when it gave none, or gave it
        from other cards than these (a change not yet read here or there): the question is then searched here."""
        assert self.remote is not None
        cache = await self._ensure_cache()
        revision = self._revision
        answer = await self.remote.search(text, fallback_language, revision)
        if answer is None or answer[0] != revision or self._cache is not cache:
            return None
        _, language, entry_id, score, alternative_ids, reason, complete = answer
        entries = cache.entries
        if (entry_id is not None and entry_id not in entries) or any(i not in entries for i in alternative_ids):
            return None
        entry = entries[entry_id] if entry_id is not None else None
        return SearchResult(language, entry, float(score), [entries[i] for i in alternative_ids], reason), complete

    async def search_here(self, text: str, fallback_language: str) -> tuple[SearchResult, bool]:
        """The search itself, in this process: (the result, whether it ran to the end: an answer worth
        remembering)."""
        chosen = fallback_language if fallback_language in LANGUAGES else LANGUAGES[0]
        language = reply_language(text, chosen)
        cache = await self._ensure_cache()
        tokens = text_words(text)
        plan = _plan(query_words(text, language), cache.vocabulary)
        figure = asks_figure(tokens)
        plan = replace(plan, figure=figure, person=not figure and asks_who_won(tokens))
        counted = counted_word(tokens)
        plan = replace(plan, groups=_counted(plan.groups, counted),
                       counted=next((g.terms for g in plan.groups if counted and g.surface == counted), ()))
        named_years = years_named(tokens)
        covered = cache.covered_years or frozenset().union(*cache.doc_years.values())
        scope = other_place(tokens) or other_party(tokens) or bool(covered and named_years - covered)
        if asks_to_join(tokens):  # how to join the party or a wing: no card tells that
            return SearchResult(language, None, 0.0, []), True
        if asks_about_own_place(tokens):  # the asker's own village or street: the base has the region's totals
            return SearchResult(language, None, 0.0, []), True
        if asks_contacts(tokens):  # addresses, the way there, working hours: not on any card
            return SearchResult(language, None, 0.0, [], "contacts"), True
        compare = tuple(t for g in plan.groups if is_comparison((*g.terms, g.surface)) for t in (*g.terms, g.surface))
        plan = replace(plan, money=asks_money(tokens), compare=compare, figure=plan.figure or bool(compare))
        expression = plan.match_expression(cache.vocabulary)
        if not expression:
            return SearchResult(language, None, 0.0, [], "scope" if scope else ""), True
        try:
            rows = await self.db.peek(_SEARCH, (expression, CANDIDATES))
        except aiosqlite.OperationalError:  # cannot happen with vocabulary terms, but never fail a question
            log.exception("knowledge search failed")
            log.debug("the failed MATCH expression: %r", expression)
            return SearchResult(language, None, 0.0, []), False
        candidates = [_candidate(int(r[0]), -float(r[1]), plan, cache) for r in rows]
        found = [c for c in candidates if c is not None]
        named = _named_without_figure(found, plan, cache) if figure else None
        if named is None:
            missing = "figure" if figure else "person" if plan.person else ""
            return _decide(language, found, cache, scope, missing), True
        # the card the question names says its own figures are not given: no other card's total answers it
        result = _decide(language, [replace(c, missing=True) for c in found], cache, scope, "figure")
        return replace(result, alternatives=_first_offered(cache.entry_of(named.doc), result.alternatives)), True


# ---------------------------------------------------------------------------------------------------------
# Search, step by step (pure functions over the cache)
# ---------------------------------------------------------------------------------------------------------


def _resolve(word: QueryWord, vocabulary: Vocabulary) -> _Group:
    """Index terms for one question word: its stem in the question's language (else the other language's),
    with relatives one suffix away; for a word the index does not know, a relative, a typo correction or a
    term sharing a long beginning, looked up in the stem's own language."""
    exact = next(((lang, stem) for lang, stem in word.stems if vocabulary.has(stem, lang)), None)
    terms: list[str] = []
    if exact is not None:
        lang, stem = exact
        terms.append(stem)
        if len(stem) >= RELATIVE_MIN_STEM:
            terms.extend(vocabulary.relatives(stem, lang, max_extra=RELATIVE_MAX_EXTRA))
    else:
        terms = _first_found(word, vocabulary.relatives)
        if not terms:
            terms = _first_found(word, lambda stem, lang: _listed(vocabulary.correction(stem, lang, CORRECTION_MIN)))
        if not terms and not word.named:
            terms = _first_found(word, vocabulary.shared_prefix)
    unique = tuple(dict.fromkeys(terms))
    if exact is not None:
        weight = vocabulary.idf(exact[1])
    elif unique:
        weight = max(vocabulary.idf(t) for t in unique)
    else:
        factor = OUT_OF_SCOPE_FACTOR if word.named else UNKNOWN_FACTOR
        weight = vocabulary.idf_of(0) * factor
    # comparison words weigh like generic ones: the plan asks for a figure of two years instead (_Plan.compare)
    generic = is_generic((*word.variants, word.surface)) or is_comparison((*word.variants, word.surface))
    strict = is_strict((*word.variants, word.surface))
    stated = must_be_stated((*word.variants, word.surface))
    return _Group(word.surface, unique, exact[1] if exact else None, weight, generic, strict, stated)


def _counted(groups: list[_Group], counted: str) -> list[_Group]:
    """The word a figure question counts ("сколько юристов", "Аралда қанша пәтер"): people must be stated in the
    card's answer (a card found by "юрист" through its keywords counts receptions, not lawyers), and in a
    question about one district the thing counted must be on the card (a card about a hospital in that
    district does not give its flats)."""
    if not counted:
        return groups
    district = any(is_district((*g.terms, g.surface)) for g in groups)
    out = []
    for g in groups:
        if g.surface == counted and not g.generic:
            if counted_must_be_stated((*g.terms, g.surface)):
                g = replace(g, stated=True)
            elif district:
                g = replace(g, strict=True)
        out.append(g)
    return out


def _listed(term: str | None) -> list[str]:
    return [term] if term else []


def _first_found(word: QueryWord, lookup: Callable[[str, str], list[str]]) -> list[str]:
    for lang, stem in word.stems:
        found: list[str] = lookup(stem, lang)
        if found:
            return found
    return []


def _plan(words: Sequence[QueryWord], vocabulary: Vocabulary) -> _Plan:
    groups: dict[str, _Group] = {}
    for word in words:
        if not word.soft and word.surface not in groups:
            groups[word.surface] = _resolve(word, vocabulary)
    phrases: list[str] = []
    soft: list[_SoftPhrase] = []
    for left, right in itertools.pairwise(words):
        if left.soft and right.soft:
            continue
        phrase = _phrase(left, right, vocabulary)
        if phrase:
            phrases.append(phrase)
            if left.soft or right.soft:
                soft_stem = phrase.split()[0 if left.soft else 1]
                soft.append(_SoftPhrase(phrase, vocabulary.idf(soft_stem)))
    years = frozenset(_years_of(w.surface for w in words))
    roles: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for left, right in itertools.pairwise(words):
        for role, level in ((left, right), (right, left)):
            if is_role(role.variants) and is_level(level.variants) and not is_role(level.variants):
                roles.append((role.variants, level.variants))
    return _Plan(list(groups.values()), phrases, years, soft, roles)


def _phrase(left: QueryWord, right: QueryWord, vocabulary: Vocabulary) -> str:
    """Two neighbouring words as an index phrase, both in one language (a phrase matches inside a column)."""
    for lang in LANGUAGES:
        a = dict(left.stems).get(lang, "")
        b = dict(right.stems).get(lang, "")
        if a and b and a != b and vocabulary.has(a, lang) and vocabulary.has(b, lang):
            return f"{a} {b}"
    return ""


def _confidence(plan: _Plan, doc: int, cache: _Cache) -> tuple[float, float, int]:
    """(share of the question's weight found in the entry, that weight, how many question words the entry's
    title, keywords or topic has).

    A word counts fully when the entry's title, keywords or topic has it, less when only its answer text
    does, and less again when it was reached through a typo correction or a related form. A soft word
    ("жайлы") adds its weight only where the entry has it next to the same neighbour."""
    doc_terms = cache.doc_terms.get(doc, frozenset())
    strong_terms = cache.doc_strong.get(doc, frozenset())
    total = matched = 0.0
    strong = 0
    for group in plan.groups:
        weight = group.weight * (GENERIC_FACTOR if group.generic else 1.0)
        total += weight
        found = [t for t in group.terms if t in doc_terms]
        if not found:
            continue
        share = ANSWER_ONLY_FACTOR
        if any(t in strong_terms for t in found):
            share = 1.0
            strong += not group.generic
        if group.exact not in found:
            share *= INEXACT_FACTOR
        matched += weight * share
    text = cache.doc_text.get(doc, "")
    for soft in plan.soft:
        if f" {soft.phrase} " in text:
            total += soft.weight
            matched += soft.weight
    return (matched / total if total else 0.0), matched, strong


def _uncovered(plan: _Plan, doc: int, cache: _Cache) -> float:
    """The share of the question's distinctive (not generic) weight the entry lacks altogether; 2.0 when a
    word that must be covered (the thing counted, a strict word) is missing."""
    doc_terms = cache.doc_terms.get(doc, frozenset())
    answer_terms = cache.doc_answer.get(doc, frozenset())
    total = missing = 0.0
    for g in plan.groups:
        if g.generic:
            continue
        total += g.weight
        if g.stated and not any(t in answer_terms for t in g.terms):
            return STRICT_MISSING  # a word that must be stated counts only in the answer, not in keywords
        if not any(t in doc_terms for t in g.terms):
            if g.strict:
                return STRICT_MISSING
            missing += g.weight
    return missing / total if total else 0.0


def _has_figure(doc: int, cache: _Cache) -> bool:
    """The entry's answer gives a figure of its own. (Whether it is the figure asked for cannot be told this way:
    "how many doctors" against a card counting beds is caught by the strict words of bot.text.scope.) A card
    that says its own figures are not given («Отдельных цифр по нему нет», «жеке көрсеткіш берілмеген») and
    quotes a total of several projects instead gives none."""
    return bool(cache.doc_figures.get(doc)) and not _says_no_figure_doc(doc, cache)


def _answers(doc: int, cache: _Cache) -> tuple[str, str]:
    """The card's answers (kk, ru), the arguments of the cached checks of what a card says."""
    entry = cache.entries.get(cache.doc_entry.get(doc, ""))
    return ("", "") if entry is None else (entry.answer.get("kk", ""), entry.answer.get("ru", ""))


# How the content says that the card's own figure is not in the results (README, "Editing the content").
NO_FIGURE_MARKERS = ("отдельных цифр", "не приводится", "жеке көрсеткіш берілмеген", "келтірілмеген")


@lru_cache(maxsize=4096)
def _says_no_figure(answer_kk: str, answer_ru: str) -> bool:
    text = (answer_kk + " " + answer_ru).lower()
    return any(marker in text for marker in NO_FIGURE_MARKERS)


_MONTHS = tuple(
    term(m, lang)[:4]
    for lang, block in (
        ("kk", "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан"),
        ("ru", "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"),
    )
    for m in normalize(block).split()
)


def _figure_positions(columns: dict[str, list[str]]) -> list[int]:
    """Positions (as in doc_positions) of the numbers in an entry's answers that are figures: not years, not
    the day of a date."""
    found: list[int] = []
    for column, (name, terms) in enumerate(columns.items()):
        if not name.startswith("answer_"):
            continue
        for i, t in enumerate(terms):
            if not t[:1].isdigit() or _years_of([t]):
                continue
            if i + 1 < len(terms) and terms[i + 1].startswith(_MONTHS):
                continue
            found.append(column * 100_000 + i)
    return found


def _role_conflict(plan: _Plan, doc: int, cache: _Cache) -> bool:
    """The question names a role at a level ("облыс әкімі") the entry does not have near that role."""
    positions = cache.doc_positions.get(doc, {})
    for role_terms, level_terms in plan.roles:
        role_at = [p for t in role_terms for p in positions.get(t, ())]
        level_at = [p for t in level_terms for p in positions.get(t, ())]
        if not any(abs(a - b) <= ROLE_WINDOW for a in role_at for b in level_at):
            return True
    return False


@dataclass(frozen=True, slots=True)
class _Candidate:
    doc: int
    bm25: float
    confidence: float
    matched: float
    strong: int
    year_conflict: bool
    rare_weight: float
    uncovered: float = 0.0
    role_conflict: bool = False
    missing: bool = False
    """The entry's answer lacks what the question asks for: a figure ("қанша", "сколько") when it gives none
    (or not in tenge, or not of two years), a person's name when the question asks who won."""

    def relevant(self) -> bool:
        """Enough of the question is in the entry: most of its weight, or a good part of it and at least
        two of its words in the entry's title, keywords or topic."""
        if self.matched < MIN_MATCHED_SHARE * self.rare_weight:
            return False
        if self.confidence >= MIN_CONFIDENCE:
            return True
        return self.confidence >= MIN_CONFIDENCE_STRONG and self.strong >= 2

    def accepted(self) -> bool:
        """Relevant, and it answers this question: it has every distinctive word of the question, the
        official the question names, and the year it asks about."""
        return (
            self.relevant() and self.uncovered < MAX_UNCOVERED and not self.role_conflict
            and not self.year_conflict and not self.missing
        )  # fmt: skip


def _years_of(terms: Iterable[str]) -> set[str]:
    return {t for t in terms if len(t) == 4 and t.isdigit() and "1990" <= t <= "2100"}


def _candidate(doc: int, bm25: float, plan: _Plan, cache: _Cache) -> _Candidate | None:
    if doc not in cache.doc_entry:
        return None
    confidence, matched, strong = _confidence(plan, doc, cache)
    # "Last year" asked, the entry is about this year only (or the other way round).
    doc_years = cache.doc_years.get(doc, frozenset())
    conflict = bool(plan.years and doc_years and not plan.years & doc_years)
    if conflict:
        confidence *= YEAR_CONFLICT_FACTOR
    return _Candidate(
        doc, bm25, confidence, matched, strong, conflict, cache.vocabulary.idf_of(1),
        _uncovered(plan, doc, cache), _role_conflict(plan, doc, cache),
        (plan.figure and not _has_figure(doc, cache))
        or (plan.money and not cache.doc_terms[doc] & CURRENCY_STEMS)
        or bool(plan.compare and not cache.doc_terms[doc] & set(plan.compare))
        or (plan.person and not _names_person_doc(doc, cache))
        or bool(plan.counted and _not_given_doc(doc, cache) & set(plan.counted)),
    )  # fmt: skip


def _named_without_figure(candidates: list[_Candidate], plan: _Plan, cache: _Cache) -> _Candidate | None:
    """The card a figure question names by its title when that card says its own figures are not given
    («Ұлттық мұра жобасы бойынша неше іс-шара өтті?»: the project's card says only the five projects' total is
    known). A card holding that total must not answer it."""
    asked = {t for g in plan.groups if not g.generic for t in g.terms}
    for c in candidates:
        if c.missing and _says_no_figure_doc(c.doc, cache) and _names_title(asked, c.doc, cache):
            return c
    return None


def _names_title(asked: set[str], doc: int, cache: _Cache) -> bool:
    """The question has every distinctive word of the card's title in one language."""
    view = cache.views.get(doc)
    return view is not None and any(title and title <= asked for title in view.titles)


# A person's full name in a card's answer: a capitalised surname or patronymic («Жандарбеков», «Насриддинұлы»).
_PERSON_NAME = re.compile(
    r"\b[А-ЯӘІҢҒҮҰҚӨҺЁ][а-яәіңғүұқөһё]+(?:ов|ев|ова|ева|ин|ина|ұлы|улы|қызы|кызы|ович|овна|евич|евна)\b"
)


@lru_cache(maxsize=4096)
def _names_person(answer_kk: str, answer_ru: str) -> bool:
    return bool(_PERSON_NAME.search(answer_kk) or _PERSON_NAME.search(answer_ru))


def _names_person_doc(doc: int, cache: _Cache) -> bool:
    return _names_person(*_answers(doc, cache))


# How the content says that one thing's count is not given, while the card's other figures are («Сколько всего
# советов, в этих итогах не указано»): a figure question counting that thing gets "not given" and the card.
NOT_GIVEN_MARKERS = ("не указан", "көрсетілмеген")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+")


@lru_cache(maxsize=4096)
def _not_given(answer_kk: str, answer_ru: str) -> frozenset[str]:
    """The index terms of the answer's sentences that say a count is not given."""
    found: set[str] = set()
    for lang, text in (("kk", answer_kk), ("ru", answer_ru)):
        for sentence in _SENTENCE.split(text):
            if any(marker in sentence.lower() for marker in NOT_GIVEN_MARKERS):
                found.update(index_terms(sentence, lang))
    return frozenset(found)


def _not_given_doc(doc: int, cache: _Cache) -> frozenset[str]:
    return _not_given(*_answers(doc, cache))


def _says_no_figure_doc(doc: int, cache: _Cache) -> bool:
    return _says_no_figure(*_answers(doc, cache))


def _first_offered(first: Entry, others: list[Entry]) -> list[Entry]:
    """The cards offered under a "not given" answer: ``first``, then the others without it, at most
    MAX_ALTERNATIVES."""
    return [first, *(e for e in others if e.id != first.id)][:MAX_ALTERNATIVES]


def _rank_score(candidate: _Candidate, top_bm25: float) -> float:
    """bm25 relative to the best candidate's, blended with how much of the question the entry covers: bm25
    alone favours an entry repeating one word over one holding every word of the question."""
    return (1 - RANK_COVERAGE_WEIGHT) * candidate.bm25 / top_bm25 + RANK_COVERAGE_WEIGHT * candidate.confidence


def _decide(language: str, candidates: list[_Candidate], cache: _Cache, scope: bool = False,
            missing: str = "") -> SearchResult:
    """Rank (bm25 and coverage; entries about another year than the question's last), then accept or not."""
    if not candidates:
        return SearchResult(language, None, 0.0, [], "scope" if scope else "")
    top = max(c.bm25 for c in candidates) or 1.0
    ranked = sorted(candidates, key=lambda c: (c.year_conflict, -_rank_score(c, top)))
    best = ranked[0]
    others = [cache.entry_of(c.doc) for c in ranked[1:] if c.confidence >= ALTERNATIVE_CONFIDENCE]
    others = others[:MAX_ALTERNATIVES]
    score = round(min(best.confidence, 1.0), 4)
    if scope:
        # another region, party or year: no card answers it; the nearest ones are offered after saying so
        suggestions = [cache.entry_of(c.doc) for c in ranked if c.relevant()][:MAX_ALTERNATIVES]
        return SearchResult(language, None, score, suggestions, "scope")
    if best.accepted():
        return SearchResult(language, cache.entry_of(best.doc), score, others)
    if missing:
        # a figure (or a person's name) the nearest card does not hold: say so, then offer that card
        near = [c for c in ranked if c.confidence >= ALTERNATIVE_CONFIDENCE and not c.role_conflict and c.strong >= 1]
        if near:
            return SearchResult(language, None, score, _first_offered(cache.entry_of(near[0].doc), others), missing)
    suggestions = [cache.entry_of(best.doc), *others] if best.confidence >= ALTERNATIVE_CONFIDENCE else []
    return SearchResult(language, None, score, suggestions[:MAX_ALTERNATIVES])
