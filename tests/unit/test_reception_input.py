"""What people type for receptions: phones, names, questions, and free-text questions about the schedule."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.services.reception_input import InputProblem, check_name, check_phone, check_question, parse_time_range
from bot.services.receptions import read_places
from bot.services.schedule_questions import DistrictMatcher, detect, named_alone

ROOT = Path(__file__).resolve().parents[2]


def test_phone_check_speaks_in_input_problems() -> None:
    # the rules themselves are bot.text.phone's (tests/unit/test_phone.py)
    assert check_phone("8 (701) 234-56-78") == "+77012345678"
    with pytest.raises(InputProblem) as err:
        check_phone("+7 912 345 67 89")
    assert err.value.code == "phone"


@pytest.mark.parametrize("raw", ["Айгүл Серікова", "Иван", "Әлия Нұрланқызы", "Anna-Maria O'Neil", "Ә. Бекұлы"])
def test_names(raw: str) -> None:
    assert check_name(raw) == raw


@pytest.mark.parametrize(
    ("raw", "code"),
    [("А", "name_short"), ("x" * 81, "name_long"), ("Иван123", "name_chars"), ("/start", "name_chars"),
     ("сколько школ построили?", "name_chars"), ("😀😀", "name_chars")],
)
def test_bad_names(raw: str, code: str) -> None:
    with pytest.raises(InputProblem) as err:
        check_name(raw)
    assert err.value.code == code


def test_question_limit() -> None:
    assert check_question("  a" * 1 + " " * 3) == "a"
    assert len(check_question("ж" * 500)) == 500
    with pytest.raises(InputProblem) as err:
        check_question("ж" * 501)
    assert err.value.params == {"limit": 500, "length": 501}


def test_time_ranges() -> None:
    assert [t.strftime("%H:%M") for t in parse_time_range("10:00-13:00")] == ["10:00", "13:00"]
    assert [t.strftime("%H:%M") for t in parse_time_range("9.30 – 12.00")] == ["09:30", "12:00"]
    for bad, code in (("13:00-10:00", "time_order"), ("25:00-26:00", "time_invalid"), ("утром", "time_invalid")):
        with pytest.raises(InputProblem) as err:
            parse_time_range(bad)
        assert err.value.code == code


@pytest.fixture(scope="module")
def matcher() -> DistrictMatcher:
    districts, _ = read_places(ROOT / "data" / "venues.toml")
    return DistrictMatcher((d.id, d.keywords) for d in districts)


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("Аралда заңгер қабылдауы қашан?", "aral"),
        ("когда приём юриста в Шиели?", "shieli"),
        ("Аралда зангер кабылдауы кашан", "aral"),  # a Russian keyboard
        ("Aralda zanger qabyldauy qashan?", "aral"),  # Latin letters
        ("kogda priem yurista v Shieli", "shieli"),
        ("Юрист в Байконуре есть?", "baikonur"),
        ("Жаңақорғанда заңгер бар ма", "zhanakorgan"),
        ("Қазалыда заң кеңесі қай күні?", "kazaly"),
        ("расписание юристов в Кызылорде", "kyzylorda"),
        ("юрист теренозек", "syrdariya"),
        ("Заңгерге қалай жазылуға болады?", None),
        ("Как записаться к юристу?", None),
        ("бесплатный юрист во сколько принимает", None),
    ],
)
def test_schedule_questions(matcher: DistrictMatcher, text: str, district: str | None) -> None:
    found = detect(text, matcher)
    assert found is not None and found.district == district


@pytest.mark.parametrize(
    "text",
    [
        "Құқықтық көмек жобасы туралы айтыңыз",
        "Сколько приёмов провели юристы партии?",
        "итоги правовой помощи",
        "Құқықтық көмек 2024 жылы қанша адамды қамтыды?",
        "Аралда газ қашан келеді?",  # a schedule word and a district, but not legal help
        "Когда в Шиели построят школу?",
        "Сколько квартир купили для социально уязвимых?",
        "Шиелі ауданының әкімі кім?",
    ],
)
def test_other_questions_are_not_schedule_questions(matcher: DistrictMatcher, text: str) -> None:
    assert detect(text, matcher) is None


def test_knowledge_base_questions_still_reach_the_knowledge_base(matcher: DistrictMatcher) -> None:
    """None of the curated knowledge-base questions (tests/qa) is taken for a schedule question."""
    with (ROOT / "tests" / "qa" / "questions.toml").open("rb") as fh:
        questions = [q["text"] for q in tomllib.load(fh)["q"]]
    assert len(questions) > 100
    caught = [q for q in questions if detect(q, matcher) is not None]
    assert caught == []


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("Арал", "aral"),
        ("арал ауданы", "aral"),
        ("в Аральске", "aral"),
        ("Шиелі туралы", "shieli"),
        ("про Жалагаш", "zhalagash"),
        ("Arал?", "aral"),  # the keyboard switched mid-word: still Арал
        ("Арал ауданында не салынды?", None),  # a question about the place: for the search
        ("что построили в Аральске", None),
        ("газ", None),
        ("", None),
    ],
)
def test_a_place_named_alone(matcher: DistrictMatcher, text: str, district: str | None) -> None:
    assert named_alone(text, matcher) == district


def test_every_district_a_card_names(matcher: DistrictMatcher) -> None:
    from bot.text import normalize, tokenize

    assert matcher.named(tokenize(normalize("Арал, Қазалы және Шиелі аудандарында"))) == {"aral", "kazaly", "shieli"}
    assert matcher.named(tokenize(normalize("облыс бойынша"))) == set()
    assert matcher.named(tokenize(normalize("Қызылорда облысы бойынша"))) == set()
    assert matcher.named(tokenize(normalize("Қызылорда қаласында"))) == {"kyzylorda"}
