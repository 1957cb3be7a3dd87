"""Property-based: arbitrary Unicode through text normalisation and knowledge-base search never raises, and
every answer the search leads to fits Telegram's limits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram.utils.i18n import I18n
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.db.database import Database
from bot.handlers.menus import render_entry
from bot.i18n import LANGUAGES, make_i18n
from bot.services.knowledge import KnowledgeBase
from bot.text import (
    fold,
    guess_language,
    index_terms,
    latin_to_cyrillic,
    normalize,
    query_words,
    search_key,
    stem_kk,
    stem_ru,
    tokenize,
)
from tests.strategies import ANY_TEXT
from tests.telegram_limits import html_problems, message_problems

ROOT = Path(__file__).resolve().parents[2]

@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT)
def test_normalisation_never_raises(text: str) -> None:
    assert isinstance(fold(text), str)
    assert isinstance(normalize(text), str)
    assert isinstance(latin_to_cyrillic(text), str)
    tokens = tokenize(text)
    assert all(isinstance(t, str) and t for t in tokens)
    for token in tokens[:50]:
        assert isinstance(search_key(token), str)
        assert isinstance(stem_kk(token), str)
        assert isinstance(stem_ru(token), str)
    assert guess_language(text) in {None, *LANGUAGES}
    for lang in LANGUAGES:
        assert len({w.surface for w in query_words(text, lang)}) <= 32  # at most 32 distinct words
        assert all(isinstance(t, str) for t in index_terms(text, lang))


@pytest.fixture(scope="module")
def i18n() -> I18n:
    return make_i18n(ROOT / "locales", "kk")


@pytest.fixture
async def knowledge(tmp_path: Path) -> AsyncIterator[KnowledgeBase]:
    db = await Database.open(tmp_path / "kb.sqlite3")
    kb = KnowledgeBase(db)
    await kb.load(ROOT / "data")
    yield kb
    await db.close()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=ANY_TEXT, fallback=st.sampled_from(LANGUAGES))
async def test_search_never_raises_and_answers_fit_telegram(knowledge: KnowledgeBase, text: str, fallback: str) -> None:
    result = await knowledge.search(text, fallback_language=fallback)
    assert result.language in LANGUAGES
    assert 0.0 <= result.score <= 1.0
    for entry in [result.entry, *result.alternatives]:
        if entry is not None:
            assert message_problems(render_entry(entry, result.language)) == []


def test_every_entry_card_fits_telegram() -> None:
    """The same for every card of the shipped content, in both languages (not only those search found)."""
    import asyncio
    import tempfile

    async def check() -> list[str]:
        with tempfile.TemporaryDirectory() as tmp:
            db = await Database.open(Path(tmp) / "kb.sqlite3")
            try:
                kb = KnowledgeBase(db)
                await kb.load(ROOT / "data")
                problems = []
                for section in ("results", "projects"):
                    for topic in await kb.topics(section):
                        for entry in await kb.entries_for_topic(topic.id):
                            for lang in LANGUAGES:
                                problems += [f"{entry.id}/{lang}: {p}" for p in
                                             message_problems(render_entry(entry, lang))]
                return problems
            finally:
                await db.close()

    assert asyncio.run(check()) == []


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("<b>a</b> &amp; <i>b</i>", True), ("a < b", False), ("<b>a", False), ("<b><i>a</b></i>", False),
        ("<script>x</script>", False), ("&nbsp;", False), ("&#128512; &quot;", True), ("Tom & Jerry", False),
        ('<a href="https://x.kz">x</a>', True),
    ],
)
def test_the_html_checker_itself(text: str, ok: bool) -> None:
    assert (html_problems(text) == []) is ok
