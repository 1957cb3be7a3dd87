"""Numbers meeting nouns and dates before «дейін», in both catalogs (issue 10, "Texts a native speaker would write").

- Russian: a number followed by a noun needs the noun's plural form (1 символ, 2 символа, 5 символов), so such a
  message must be an ngettext entry; the exceptions are reviewed one by one below.
- Kazakh: a noun after a number stays singular (5 өтініш, never 5 өтініштер); a number's own case suffix follows
  vowel harmony and the last sound of the number read aloud, put by bot.grammar (``{limit:dat}``: 240-қа).
- Kazakh «дейін» takes the dative: «2026 жылғы 28 желтоқсанға дейін», «07:58-ге дейін».
"""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from bot.grammar import CASES, Num, clock_time, last_number_word, long_date, moment_text, number_case
from tests.unit.test_translations import MESSAGES, catalog

# Placeholders that hold a count (the names the code uses for numbers).
NUMERIC = {"n", "limit", "count", "max", "min", "total", "days", "capacity", "booked", "sent", "length", "failed",
           "position", "waiting", "blocked", "score", "free", "minutes", "low", "high", "left", "done", "open",
           "cancelled", "delivered", "active", "inactive", "kk", "ru", "stars"}
SAME_FOR_ONE_AND_FIVE = {"раз", "человек"}
NUMBER_THEN_WORD = re.compile(r"\{(" + "|".join(sorted(NUMERIC)) + r")(?::\w+)?\}[ \u00a0]+([^\W\d_][\w-]*)")
# Russian words after a number that do not agree with it: "{sent} из {total}".
RU_NOT_A_NOUN = {"из"}
# Reviewed: a Russian number followed by a word that needs no plural entry, and why.
RU_REVIEWED = {
    "The file is too big: at most {limit} KB.": "КБ is an abbreviation: it does not change with the number",
}
KK_PLURAL_SUFFIX = re.compile(r"(лар|лер|дар|дер|тар|тер)(ы|і|ын|ін|ға|ге|да|де|дан|ден|мен|ды|ді|дың|дің)?$")


def _strings(message) -> list[str]:  # type: ignore[no-untyped-def]
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


def test_russian_numbers_meeting_nouns_are_plural_entries() -> None:
    cat = catalog("ru")
    wrong = []
    for msgid in MESSAGES:
        message = cat.get(msgid)
        if message is None or message.pluralizable or msgid in RU_REVIEWED:
            continue
        for name, word in NUMBER_THEN_WORD.findall(message.string):
            if word.lower() not in RU_NOT_A_NOUN:
                wrong.append(f"{{{name}}} {word}: {msgid!r}")
    assert not wrong, "make these ngettext entries (or review them into RU_REVIEWED):\n" + "\n".join(wrong)
    assert all(cat.get(m) is not None for m in RU_REVIEWED), "RU_REVIEWED lists a message the code no longer has"


def test_russian_plural_entries_have_three_forms_that_agree() -> None:
    cat = catalog("ru")
    for msgid in MESSAGES:
        message = cat.get(msgid)
        if message is None or not message.pluralizable:
            continue
        forms = _strings(message)
        assert len(forms) == 3, msgid
        found = NUMBER_THEN_WORD.search(forms[0])
        # a number meets a word: 1 and 5 differ, except for the few nouns whose genitive plural is their
        # nominative («1 раз — 5 раз», «1 человек — 5 человек»)
        if found and found.group(2) not in SAME_FOR_ONE_AND_FIVE and forms[0] == forms[2]:
            pytest.fail(f"the forms for 1 and 5 are the same: {msgid!r}")


def test_kazakh_nouns_after_numbers_stay_singular() -> None:
    cat = catalog("kk")
    wrong = []
    for msgid in MESSAGES:
        message = cat.get(msgid)
        if message is None:
            continue
        for text in _strings(message):
            for name, word in NUMBER_THEN_WORD.findall(text):
                if KK_PLURAL_SUFFIX.search(word.lower()) and word.lower() not in {"жолдар"}:
                    wrong.append(f"{{{name}}} {word}: {msgid!r}")
        if message.pluralizable:
            assert len(_strings(message)) == 2, msgid
    assert not wrong, "\n".join(wrong)


def _before_deiin(text: str) -> list[str]:
    return re.findall(r"(\{[\w:]+\}|[\w-]+)[ \u00a0]+дейін", text)


def test_kazakh_deiin_follows_the_dative() -> None:
    """Every «… дейін» in the Kazakh catalog: the word before it is in the dative, or a placeholder rendered in
    the dative by bot.grammar ({due:dat})."""
    cat = catalog("kk")
    wrong = []
    checked = 0
    for msgid in MESSAGES:
        message = cat.get(msgid)
        if message is None:
            continue
        for text in _strings(message):
            for word in _before_deiin(text):
                checked += 1
                if word.startswith("{"):
                    ok = word.endswith(":dat}")
                else:
                    ok = word.lower().endswith(("ға", "ге", "қа", "ке")) or word.lower() in {"осыған", "бұған"}
                if not ok:
                    wrong.append(f"{word} дейін: {msgid!r}")
    assert checked >= 8
    assert not wrong, "\n".join(wrong)


MONTHS_DATIVE = ["қаңтарға", "ақпанға", "наурызға", "сәуірге", "мамырға", "маусымға", "шілдеге", "тамызға",
                 "қыркүйекке", "қазанға", "қарашаға", "желтоқсанға"]


@pytest.mark.parametrize("month", range(1, 13))
def test_kazakh_dates_before_deiin_are_dative_in_every_month(month: int) -> None:
    day = date(2026, month, 28)
    assert f"{long_date(day, 'kk'):dat} дейін" == f"2026 жылғы 28 {MONTHS_DATIVE[month - 1]} дейін"
    assert str(long_date(day, "kk")).startswith("2026 жылғы 28 ")
    russian = str(long_date(day, "ru"))
    assert russian.endswith(" 2026 года") and not russian.endswith(".")  # never «г..» at a sentence's end


def test_the_catalog_renders_the_dative_date_and_time() -> None:
    cat = catalog("kk")
    reception = next(m for m in cat if m.id and "an appeal sent today is answered by {due}" in str(m.id))
    text = reception.string.format(days="15 жұмыс күні", due=long_date(date(2026, 12, 28), "kk"))
    assert "2026 жылғы 28 желтоқсанға дейін жауап беріледі" in text
    offer = cat.get("🎉 A place is offered to you until {deadline}:")
    moment = moment_text("5 наурыз, сәрсенбі", datetime(2025, 3, 5, 7, 58), "kk")
    assert offer.string.format(deadline=moment) == "🎉 Сізге 5 наурыз, сәрсенбі, 07:58-ге дейін орын ұсынылды:"
    ru = catalog("ru").get("🎉 A place is offered to you until {deadline}:")
    assert ru.string.format(deadline=moment_text("5 марта, среда", datetime(2025, 3, 5, 7, 58), "ru")) == (
        "🎉 Вам предложено место до 5 марта, среда, 07:58:")


@pytest.mark.parametrize(("n", "case", "expected"), [
    (5, "abl", "5-тен"), (240, "dat", "240-қа"), (1, "dat", "1-ге"), (6, "abl", "6-дан"), (10, "abl", "10-нан"),
    (200, "dat", "200-ге"), (1, "abl", "1-ден"), (3, "dat", "3-ке"), (9, "dat", "9-ға"), (40, "loc", "40-та"),
    (20, "loc", "20-да"), (124, "poss", "124-і"), (106, "poss", "106-сы"), (60, "poss", "60-ы"),
    (398, "poss", "398-і"), (1000, "abl", "1000-нан"), (4000, "dat", "4000-ға"), (50, "gen", "50-дің"),
    (2, "gen", "2-нің"), (30, "acc", "30-ды"), (7, "acc", "7-ні"), (0, "dat", "0-ге"), (1_000_000, "dat", "1000000-ға"),
])
def test_kazakh_number_suffixes_follow_how_the_number_is_read(n: int, case: str, expected: str) -> None:
    assert number_case(n, case) == expected
    assert format(Num(n), case) == expected
    assert f"{Num(n)}" == str(n)


def test_last_number_word_and_clock_times() -> None:
    assert [last_number_word(n) for n in (240, 300, 5000, 11, 90)] == ["қырық", "жүз", "мың", "бір", "тоқсан"]
    assert format(clock_time(datetime(2025, 3, 5, 7, 58)), "dat") == "07:58-ге"
    assert format(clock_time(datetime(2025, 3, 5, 10, 0)), "dat") == "10:00-ға"  # read «онға»
    assert format(clock_time(datetime(2025, 3, 5, 9, 30)), "loc") == "09:30-да"
    assert str(clock_time(datetime(2025, 3, 5, 9, 30))) == "09:30"
    with pytest.raises(ValueError):
        number_case(5, "nominative")
    assert set(CASES) == {"dat", "loc", "abl", "gen", "acc", "poss"}


def test_kazakh_case_suffixes_are_never_typed_after_a_placeholder() -> None:
    """«{limit}-ге» is right for some numbers only: the case comes from bot.grammar ({limit:dat}). An ordinal
    («{row}-жол») is not a case suffix."""
    typed = re.compile(r"\{\w+\}-(ға|ге|қа|ке|да|де|та|те|дан|ден|тан|тен|нан|нен|ның|нің|дың|дің|тың|тің|ны|ні|ды|"
                       r"ді|ты|ті|ы|і|сы|сі|дағы|дегі|тағы|тегі)\b")
    cat = catalog("kk")
    wrong = [msgid for msgid in MESSAGES if (m := cat.get(msgid)) is not None
             and any(typed.search(text) for text in _strings(m))]
    assert not wrong, wrong
