"""The knowledge file checker (shared with `python -m bot check`), masking and grouping of unanswered questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.services.kb_file import check_file, write_file
from bot.services.kb_gaps import mask, normalised
from bot.services.knowledge import read_entries, read_topics

ROOT = Path(__file__).resolve().parents[2]
TOPICS = {t.id for t in read_topics(ROOT / "data" / "topics.toml")}


def shipped() -> str:
    return (ROOT / "data" / "knowledge.toml").read_text(encoding="utf-8")


def test_the_shipped_file_reads_back_the_same_after_writing() -> None:
    entries = read_entries(ROOT / "data" / "knowledge.toml", TOPICS)
    again, problems = check_file(write_file(entries), TOPICS, {e.id: e for e in entries})
    assert problems == [] and again == entries


ENTRY = """
[[entry]]
id = "x-card"
topic = "gas"
title.kk = "Газ"
title.ru = "Газ"
answer.kk = "2024 жылы 5 ауылға газ келді."
answer.ru = "В 2024 году газ пришёл в 5 сёл."
keywords.kk = []
keywords.ru = []
related = []
"""


@pytest.mark.parametrize(
    ("change", "line", "code"),
    [
        (("answer.ru = \"В 2024 году газ пришёл в 5 сёл.\"\n", ""), 2, "missing_language"),
        (('topic = "gas"', 'topic = "weather"'), 4, "unknown_topic"),
        (("related = []", 'related = ["nope"]'), 11, "unknown_related"),
        (("В 2024 году газ", "В этом году газ"), 8, "relative_year"),
        (("2024 жылы 5 ауылға", "2024 жылы " + "ауыл " * 700), 7, "too_long"),
        (("[[entry]]\nid", "[[entry]\nid"), 2, "syntax"),
    ],
)
def test_every_problem_names_its_line(change: tuple[str, str], line: int, code: str) -> None:
    text = ENTRY.replace(*change)
    _entries, problems = check_file(text, TOPICS)
    assert [(p.line, p.code) for p in problems] == [(line, code)], problems
    if code != "syntax":
        assert problems[0].entry == "x-card"


def test_relative_years_already_in_a_card_are_not_a_new_problem() -> None:
    text = ENTRY.replace("В 2024 году газ", "В этом году газ")
    entries, problems = check_file(text, TOPICS)
    assert [p.code for p in problems] == ["relative_year"]
    _, unchanged = check_file(text, TOPICS, {"x-card": entries[0]})
    assert unchanged == []


@pytest.mark.parametrize(
    "text",
    [
        "мой номер +7 701 234 56 78 позвоните",
        "звоните 8(701)2345678",
        "ИИН 880101300123, где моя субсидия",
        "ЖСН: 880101 300123",
        "почта aigul.s@mail.kz ответьте",
        "карта 4400 4301 2345 6789",
    ],
)
def test_personal_numbers_and_emails_are_masked(text: str) -> None:
    masked = mask(text)
    digits = "".join(ch for ch in masked if ch.isdigit())
    assert len(digits) < 6 and "@" not in masked, masked
    assert "<" in masked


def test_figures_and_years_stay() -> None:
    assert mask("сколько школ построили в 2024 году, 6 900 мест?") == "сколько школ построили в 2024 году, 6 900 мест?"


def test_the_same_question_in_other_words_order_groups_together() -> None:
    assert normalised("Сколько школ построили?") == normalised("построили сколько школ")
    assert normalised("Мектеп қанша салынды?", "kk") == normalised("мектептер қанша салынды", "kk")
    assert normalised("мой номер +7 701 234 56 78") == normalised("мой номер +7 702 999 11 22")
