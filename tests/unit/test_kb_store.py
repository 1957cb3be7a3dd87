"""The knowledge base as a live store: edits in the bot, versions, rollback, the seed at start, live reload in
another process's connection. Real SQLite files, no mocks."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.db.database import Database
from bot.services.kb_edit import EditError, KbEditor, NotAllowed
from bot.services.knowledge import Entry, KnowledgeBase
from bot.services.roles import RoleService
from tests.unit.test_search import GAS, HOUSING, SCHOOLS, write_data

ADMIN, OPERATOR, LAWYER = 1, 2, 3


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "kb.sqlite3")
    try:
        yield database
    finally:
        await database.close()


@pytest.fixture
async def kb(db: Database, tmp_path: Path) -> KnowledgeBase:
    knowledge = KnowledgeBase(db)
    await knowledge.load(write_data(tmp_path / "data", GAS, HOUSING, SCHOOLS))
    return knowledge


@pytest.fixture
async def editor(db: Database, kb: KnowledgeBase) -> KbEditor:
    roles = RoleService(db, [ADMIN])
    await roles.grant(OPERATOR, "operator", ADMIN)
    await roles.grant(LAWYER, "lawyer", ADMIN)
    return KbEditor(db, kb, roles)


def new_card(**changes: object) -> Entry:
    card = Entry(
        id="school-meals",
        topic="zhaily-mektep",
        title={"kk": "Мектептегі тегін тамақ", "ru": "Бесплатное питание в школах"},
        answer={"kk": "2024 жылы 41 мың оқушы мектепте тегін тамақтанды.",
                "ru": "В 2024 году 41 тысяча школьников получали бесплатное питание."},
        keywords={"kk": ["тегін тамақ", "ас"], "ru": ["бесплатное питание", "обеды"]},
        related=("zhaily-mektep-schools",),
    )
    return replace(card, **changes)  # type: ignore[arg-type]


async def test_a_new_card_answers_the_next_question_in_both_languages(kb: KnowledgeBase, editor: KbEditor) -> None:
    assert (await kb.search("мектепте тегін тамақ")).entry is None
    await editor.create(OPERATOR, new_card())
    for question, lang in (("мектепте тегін тамақ бар ма", "kk"), ("бесплатное питание в школах", "ru")):
        result = await kb.search(question, lang)
        assert result.entry is not None and result.entry.id == "school-meals", question
        assert result.language == lang


async def test_only_admins_and_operators_edit(editor: KbEditor, kb: KnowledgeBase) -> None:
    for actor in (LAWYER, 999):
        with pytest.raises(NotAllowed):
            await editor.create(actor, new_card())
        with pytest.raises(NotAllowed):
            await editor.set_retired(actor, "gasification", True)
    assert await kb.entry("school-meals") is None
    await editor.create(ADMIN, new_card())
    assert await kb.entry("school-meals") is not None


async def test_a_bad_card_is_refused(editor: KbEditor) -> None:
    with pytest.raises(EditError, match="unknown topic"):
        await editor.create(ADMIN, new_card(topic="weather"))
    with pytest.raises(EditError, match="unknown related"):
        await editor.create(ADMIN, new_card(related=("nothing",)))
    with pytest.raises(EditError, match=r"answer\.ru"):
        await editor.create(ADMIN, new_card(answer={"kk": "2024 жылы 5 мектеп.", "ru": " "}))
    with pytest.raises(EditError, match="name the year"):
        await editor.create(ADMIN, new_card(answer={"kk": "Биыл 5 мектеп салынады.", "ru": "В 2025 году 5 школ."}))


async def test_every_change_is_a_version_and_rollback_restores_the_previous_answer(
        kb: KnowledgeBase, editor: KbEditor, db: Database) -> None:
    gas = await kb.entry("gasification")
    assert gas is not None
    answer = {lang: text.replace("15", "17") for lang, text in gas.answer.items()}
    edited = replace(gas, answer=answer)
    await editor.edit(OPERATOR, edited)
    result = await kb.search("Сколько сёл газифицировали?", "ru")
    assert result.entry is not None and "17" in result.entry.answer["ru"]
    history = await editor.history("gasification")
    assert [v.action for v in history] == ["edit", "seed"]
    assert history[0].actor_id == OPERATOR and history[0].at
    await editor.rollback(ADMIN, "gasification")
    result = await kb.search("Сколько сёл газифицировали?", "ru")
    assert result.entry is not None and "15" in result.entry.answer["ru"] and "17" not in result.entry.answer["ru"]
    assert [v.action for v in await editor.history("gasification")] == ["rollback", "edit", "seed"]
    audit = await db.fetchall("SELECT actor_id, action, entry_id FROM kb_audit ORDER BY id")
    assert [tuple(r) for r in audit] == [(OPERATOR, "edit", "gasification"), (ADMIN, "rollback", "gasification")]


async def test_a_retired_card_leaves_search_and_menus_and_can_come_back(kb: KnowledgeBase, editor: KbEditor) -> None:
    await editor.set_retired(ADMIN, "emergency-housing", True)
    assert await kb.entry("emergency-housing") is None
    assert await kb.entries_for_topic("housing") == []
    result = await kb.search("апатты үйге пәтер")
    assert result.entry is None or result.entry.id != "emergency-housing"
    gas = await kb.entry("gasification")
    assert gas is not None and gas.related == ()  # no live card points to a retired one
    await editor.rollback(ADMIN, "emergency-housing")
    assert await kb.entry("emergency-housing") is not None


async def test_a_keyword_from_a_citizen_wording(kb: KnowledgeBase, editor: KbEditor) -> None:
    assert (await kb.search("көк отын құбыры")).entry is None
    await editor.add_keyword(OPERATOR, "gasification", "kk", "көк отын құбыры")
    result = await kb.search("көк отын құбыры")
    assert result.entry is not None and result.entry.id == "gasification"


async def test_another_process_sees_the_change_within_a_second(db: Database, kb: KnowledgeBase, editor: KbEditor,
                                                                tmp_path: Path) -> None:
    other_db = await Database.open(tmp_path / "kb.sqlite3")  # a second process: its own connection and memory
    try:
        other = KnowledgeBase(other_db)
        question = "мектепте тегін тамақ"
        assert (await other.search(question)).entry is None  # remembered as "not found" in its answer cache
        await editor.create(OPERATOR, new_card())
        started = time.monotonic()
        while (await other.search(question)).entry is None:
            assert time.monotonic() - started < 1.0, "not live within a second"
            await asyncio.sleep(0.05)
        # a question does not read the database every time: at most one revision check per interval
        checks = other.revision_checks
        for _ in range(50):
            await other.search("газдандыру")
        assert other.revision_checks - checks <= 1
    finally:
        await other_db.close()


async def test_the_seed_keeps_what_staff_edited_and_reports_a_conflict(
        db: Database, kb: KnowledgeBase, editor: KbEditor, tmp_path: Path) -> None:
    gas = await kb.entry("gasification")
    assert gas is not None
    await editor.edit(OPERATOR, replace(gas, title={"kk": "Газ: ауылдар", "ru": "Газ: сёла"}))
    # a restart with the same shipped file: the edit stays, no conflict
    again = KnowledgeBase(db)
    counts = await again.load(write_data(tmp_path / "data", GAS, HOUSING, SCHOOLS))
    assert counts["updated"] == 0 and again.conflicts == []
    assert (await again.entry("gasification")).title["kk"] == "Газ: ауылдар"  # type: ignore[union-attr]
    # the shipped file changes the same card and another one: the other is applied, the edited one reported
    shipped = GAS.replace("78", "80")
    housing = HOUSING.replace("123", "124")
    counts = await again.load(write_data(tmp_path / "data2", shipped, housing, SCHOOLS))
    assert counts["updated"] == 1
    assert [c.entry_id for c in again.conflicts] == ["gasification"]
    assert "124" in (await again.entry("emergency-housing")).answer["kk"]  # type: ignore[union-attr]
    card = await again.entry("gasification")
    assert card is not None and card.title["kk"] == "Газ: ауылдар" and "78" in card.answer["kk"]
    conflicts = await editor.conflicts()
    assert [c.entry.id for c in conflicts] == ["gasification"]
    await editor.settle_conflict(ADMIN, "gasification", take_shipped=True)
    card = await kb.entry("gasification")
    assert card is not None and "80" in card.answer["kk"] and card.title["kk"] == "Ауылдарды газдандыру"
    assert await editor.conflicts() == []
    third = KnowledgeBase(db)
    await third.load(write_data(tmp_path / "data2", shipped, housing, SCHOOLS))
    assert third.conflicts == []


async def test_reloading_only_the_changed_cards_gives_the_same_index_as_reading_all(
        kb: KnowledgeBase, editor: KbEditor, db: Database) -> None:
    await editor.create(OPERATOR, new_card())
    gas = await kb.entry("gasification")
    assert gas is not None
    await editor.edit(OPERATOR, replace(gas, answer={"kk": "2024 жылы 20 ауылға газ келді.",
                                                     "ru": "В 2024 году газ пришёл в 20 сёл."}))
    await editor.add_keyword(OPERATOR, "emergency-housing", "ru", "снос ветхого жилья")
    await editor.set_retired(ADMIN, "zhaily-mektep-schools", True)
    incremental = await kb._ensure_cache()
    full = await KnowledgeBase(db)._ensure_cache()
    assert list(incremental.entries) == list(full.entries)
    assert incremental.entries == full.entries
    assert incremental.doc_terms == full.doc_terms and incremental.doc_positions == full.doc_positions
    assert incremental.vocabulary.doc_freq == full.vocabulary.doc_freq
    for lang in ("kk", "ru"):
        assert incremental.vocabulary._languages[lang].terms == full.vocabulary._languages[lang].terms
    assert incremental.covered_years == full.covered_years


async def test_retention_deletes_old_gaps_and_unlinks_old_votes(db: Database) -> None:
    from datetime import UTC, datetime, timedelta

    from bot.services.kb_feedback import FeedbackService
    from bot.services.kb_gaps import GapLog

    gaps = GapLog(db)
    feedback = FeedbackService(db, gaps)
    old = datetime(2025, 1, 1, tzinfo=UTC)
    new = old + timedelta(days=400)
    await gaps.record("қанша жол салынды 87011234567", "kk", now=old)
    await gaps.record("қанша жол салынды", "kk", now=new)
    token = feedback.remember("сколько дорог", "ru")
    vote = await feedback.vote(42, 7, "gasification", "ru", False, token, now=old)
    assert vote is not None and await feedback.vote(42, 7, "gasification", "ru", True, now=old) is None
    assert await feedback.comment(42, vote, "дороги в селе, звоните 87011234567", "ru", now=old)
    assert (await feedback.export_user(42))["answer_feedback"][0]["what_you_looked_for"].endswith("<phone>")
    removed = await feedback.anonymise_before(old + timedelta(days=365))
    assert removed >= 3
    assert [r[0] for r in await db.fetchall("SELECT text FROM kb_gaps")] == ["қанша жол салынды"]
    assert [tuple(r) for r in await db.fetchall("SELECT user_id, comment, helpful FROM kb_feedback")] == [
        (None, None, 0)]
    assert (await feedback.export_user(42))["answer_feedback"] == []
