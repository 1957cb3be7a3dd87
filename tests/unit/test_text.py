"""bot.text: folding, Latin -> Cyrillic, stemming, language guess, stopwords, on real Kazakh and Russian."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    term,
    tokenize,
)
from bot.text.analyze import words
from bot.text.stopwords import is_soft, is_stopword
from bot.text.vocabulary import Vocabulary, edit_distance


def kk(word: str) -> str:
    """The index term of one Kazakh word, from any spelling."""
    return term(normalize(word), "kk")


def ru(word: str) -> str:
    return term(normalize(word), "ru")


# -- folding -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Құқықтық көмек!", "кукыктык комек"),
        ("ӘҒҚҢӨҰҮҺІ", "агкноуухи"),
        ("Қызылорда облысы, 2024 жыл.", "кызылорда облысы 2024 жыл"),
        ("Ёлка", "елка"),
        ("«Жайлы мектеп» 🏫🙂", "жайлы мектеп"),
        ("  сколько\n\tквартир??? ", "сколько квартир"),
        ("пәтер пэтер патер", "патер патер патер"),
        ("мектепi", "мектепи"),  # a Latin i inside a Cyrillic word
        ("дарiger", "даригер"),  # the keyboard switched mid-word: the other Latin letters transliterated
        ("ма́слихат", "маслихат"),  # stress mark
        ("<b>газ</b> & 'газ'", "b газ b газ"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_is_idempotent_on_examples() -> None:
    for text in ("Құқықтық көмек", "Ауыл аманаты", "Сколько сёл?", "auyl"):
        assert fold(fold(text)) == fold(text)


# -- Latin script -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("auyl amanaty", "ауыл аманаты"),
        ("qansha", "канша"),
        ("zhaily mektep", "жайлы мектеп"),
        ("jaily mektep", "жайлы мектеп"),
        ("Qazaqstan Respýblıkasy", "казакстан республикасы"),  # 2018 alphabet
        ("Qazaqstan Respy'bli'kasy", "казакстан республикасы"),  # 2017 alphabet (apostrophes)
        ("Şymkent, Ağaş, Täuelsızdık", "шымкент агаш тауелсиздик"),  # 2021 alphabet
        ("ǵalym, ńaq, óner, úı", "галым нак онер уи"),
        ("Kyzylorda", "кызылорда"),
        ("gazdandyru", "газдандыру"),
        ("kukyktyk komek", "кукыктык комек"),
        ("khalykka komek", "халыкка комек"),
        ("partiya", "партия"),
        ("awyl", "ауыл"),
        ("Toraga kim?", "торага ким"),
    ],
)
def test_latin_to_cyrillic(latin: str, cyrillic: str) -> None:
    assert normalize(latin) == cyrillic


def test_latin_leaves_cyrillic_alone() -> None:
    assert latin_to_cyrillic("Ауыл аманаты AMANAT") == "ауыл аманаты аманат"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("деңгей", "dengei"),
        ("деңгейі", "deńgeıi"),
        ("партия", "partiia"),
        ("жаңа", "zhana"),
        ("Жаңақорған", "Zhanaqorgan"),
    ],
)
def test_spelling_variants_meet_in_one_term(a: str, b: str) -> None:
    assert kk(a) == kk(b)


def test_tokenize_splits_digits_from_letters() -> None:
    assert tokenize("2024жылы 91 4") == ["2024", "жылы", "91", "4"]


# -- stemming -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "forms",
    [
        ["газдандырылды", "газдандыру", "газбен", "газға", "газ"],
        ["мектептердің", "мектептер", "мектепке", "мектебі", "мектеп"],
        ["ауылдарды", "ауылда", "ауылдық", "ауыл"],
        ["аманаты", "аманатына", "аманат"],
        ["жобасы", "жобалар", "жобаларының", "жобасымен", "жобаны", "жоба"],
        ["партиясы", "партияның", "партиясынан", "партия"],
        ["сайлауы", "сайланды", "сайлау"],
        ["мәслихаттарына", "мәслихатқа", "мәслихат"],
        ["комиссиясы", "комиссияларымен", "комиссия"],
        ["азаматтарды", "азаматтық", "азамат"],
        ["тұрғындарға", "тұрғындары", "тұрғын"],
        ["үйлер", "үйдің", "үй"],
        ["жағалауында", "жағалауы", "жағалау"],
        ["кукыктык", "құқықтық"],
    ],
)
def test_kazakh_forms_share_a_stem(forms: list[str]) -> None:
    assert len({kk(form) for form in forms}) == 1, {form: kk(form) for form in forms}


@pytest.mark.parametrize("word", ["газ", "жер", "жоба", "ауыл", "аманат", "мүше", "аудан", "нысан"])
def test_kazakh_roots_are_not_cut(word: str) -> None:
    assert stem_kk(fold(word)) == fold(word)


def test_kazakh_stemmer_keeps_a_minimum_stem() -> None:
    assert len(stem_kk("жобаларыныздардагыларда")) >= 3
    assert stem_kk("2024") == "2024"


@pytest.mark.parametrize(
    "forms",
    [
        ["газификации", "газификация"],
        ["квартиры", "квартир", "квартира"],
        ["школ", "школы", "школа"],
        ["маслихатах", "маслихаты", "маслихат"],
        ["выборах", "выборы"],
    ],
)
def test_russian_forms_share_a_stem(forms: list[str]) -> None:
    assert len({ru(form) for form in forms}) == 1, {form: ru(form) for form in forms}


def test_stem_ru_is_snowball() -> None:
    assert stem_ru("газификации") == "газификац"


# -- language -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Қанша мектеп салынды?", "kk"),
        ("Ауылдарға газ қашан келеді?", "kk"),
        ("канша мектеп салынды", "kk"),  # Kazakh on a Russian keyboard
        ("ауыл аманаты бойынша неше жоба бар", "kk"),
        ("партия мушелери канша", "kk"),
        ("кукыктык комек жобасы кандай", "kk"),
        ("патер беруде кезек бар ма", "kk"),
        ("qansha mektep salyndy", "kk"),
        ("auyl amanaty", "kk"),
        ("мектепi қайда", "kk"),
        ("Сколько школ построили?", "ru"),
        ("Что такое Ауыл аманаты?", "ru"),
        ("Сколько проектов по Ауыл аманаты?", "ru"),
        ("скока квартир дали аварийщикам", "ru"),
        ("кто председатель филиала", "ru"),
        ("skolko kvartir postroili", "ru"),
        ("Маслихат", "ru"),
        ("Что такое «Құқықтық көмек»?", "ru"),  # a Kazakh name in a Russian sentence
        ("Что делает проект Бақытты отбасы?", "ru"),
        ("Сколько денег выделено по «Ауыл аманаты»?", "ru"),
        ("«Құқықтық көмек»", "kk"),
        ("«Ауыл аманаты» жобасы туралы", "kk"),
    ],
)
def test_guess_language(text: str, lang: str) -> None:
    assert guess_language(text) == lang


@pytest.mark.parametrize("text", ["", "   ", "2024", "🙂🙂", "?!", "12:30", "漢字"])
def test_guess_language_without_letters_is_none(text: str) -> None:
    assert guess_language(text) is None


# -- stopwords and query words ------------------------------------------------------------------------------


def surfaces(text: str, lang: str) -> list[str]:
    return [w.surface for w in query_words(text, lang)]


@pytest.mark.parametrize(
    ("text", "lang", "kept"),
    [
        ("Қанша мектеп салынды?", "kk", ["мектеп", "салынды"]),
        ("канша мектеп салынды ма", "kk", ["мектеп", "салынды"]),
        ("Сколько школ, пожалуйста, скажите?", "ru", ["школ"]),
        ("расскажите про газ", "ru", ["газ"]),
        ("Ауыл аманаты туралы айтып беріңізші", "kk", ["ауыл", "аманаты"]),
        ("қандай? кім? қашан? неше? сколько? кто? когда?", "kk", []),
    ],
)
def test_question_words_drop_filler(text: str, lang: str, kept: list[str]) -> None:
    assert surfaces(text, lang) == [search_key(normalize(w)) for w in kept]


def test_soft_stopword_is_kept_for_phrases() -> None:
    found = query_words("Жайлы мектеп жайлы айтыңыз", "kk")
    assert [(w.surface, w.soft) for w in found] == [("жаилы", True), ("мектеп", False), ("жаилы", True)]
    assert is_soft(search_key("жайлы"))
    assert not is_stopword(search_key("жайлы"))


def test_stopwords_in_every_spelling() -> None:
    for word in ("қанша", "канша", "сколько", "скока", "пожалуйста"):
        assert is_stopword(search_key(normalize(word)))
    assert is_stopword(search_key(normalize("qansha")))


def test_other_places_are_marked() -> None:
    named = {w.surface: w.named for w in query_words("Алматы облысында неше мектеп салынды", "kk")}
    assert named[search_key("алматы")]
    assert not named["мектеп"]


def test_capitalised_words_inside_a_sentence_are_marked() -> None:
    named = {w.surface: w.named for w in query_words("Сколько квартир построили в Шымкенте?", "ru")}
    assert named[search_key("шымкенте")]
    assert not named["квартир"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("в прошлом году", ["в", "2024"]),
        ("былтыр", ["2024"]),
        ("былтырғы жоспар", ["2024", "жоспар"]),
        ("өткен жылы", ["2024"]),
        ("в 24-м", ["в", "2024"]),
        ("биыл", ["2025"]),
        ("в этом году", ["в", "2025"]),
        ("2024 жылы", ["2024", "жылы"]),
    ],
)
def test_relative_years_become_numbers(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_index_terms_drop_filler_and_stem() -> None:
    assert index_terms("Ауылдарды газбен қамту деңгейі 78 пайызға жетті.", "kk") == [
        kk("ауыл"),
        kk("газ"),
        kk("қамту"),
        kk("деңгейі"),
        "78",
        kk("пайыз"),
        kk("жетті"),
    ]


# -- vocabulary ---------------------------------------------------------------------------------------------


def make_vocabulary() -> Vocabulary:
    kk_terms = ["газ", "мектеп", "мектептер", "аурухана", "кабылда", "кукыктык", "комек"]
    ru_terms = ["газификац", "школ", "больниц", "квартир", "аварийн", "котор"]
    freq = {t: 1 for t in kk_terms + ru_terms}
    freq["мектеп"] = 3
    return Vocabulary(freq, 10, {"kk": kk_terms, "ru": ru_terms})


def test_edit_distance() -> None:
    assert edit_distance("мектеп", "мектеп", 2) == 0
    assert edit_distance("мектеп", "мектп", 2) == 1
    assert edit_distance("мектеп", "мкетеп", 2) == 1  # adjacent swap
    assert edit_distance("мектеп", "мектепке", 2) == 2
    assert edit_distance("газ", "аурухана", 2) == 3


def test_vocabulary_corrects_typos_within_a_language() -> None:
    vocabulary = make_vocabulary()
    assert vocabulary.correction("ауруана", "kk") == "аурухана"
    assert vocabulary.correction("кукыктк", "kk") == "кукыктык"
    assert vocabulary.correction("квартр", "ru") == "квартир"
    assert vocabulary.correction("квартиир", "ru") == "квартир"
    assert vocabulary.correction("шкла", "ru") is None  # five letters is the minimum by default
    assert vocabulary.correction("котер", "kk") is None  # "котор" is Russian: never a Kazakh correction
    assert vocabulary.correction("газ", "kk") is None  # too short to correct


def test_vocabulary_relatives_and_shared_prefix() -> None:
    vocabulary = make_vocabulary()
    assert vocabulary.relatives("мектеп", "kk") == ["мектептер"]
    assert vocabulary.relatives("мектептерд", "kk") == ["мектептер"]
    assert vocabulary.shared_prefix("аварийщик", "ru") == ["аварийн"]
    assert vocabulary.shared_prefix("аварийщик", "kk") == []
    assert vocabulary.idf("мектеп") < vocabulary.idf("газ") < vocabulary.idf_of(0)


# -- properties ---------------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_pipeline_never_raises(text: str) -> None:
    folded = normalize(text)
    assert fold(folded) == folded
    for token in tokenize(folded):
        assert token and not token.isspace()
        stem_kk(token)
        stem_ru(token)
    assert guess_language(text) in {"kk", "ru", None}
    for word in query_words(text, "kk"):
        assert all(v and " " not in v and '"' not in v for v in word.variants)
