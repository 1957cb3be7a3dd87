"""Case endings the catalogs cannot write by hand: Kazakh suffixes after a number (by vowel harmony and the last
sound of how the number is read aloud: 5-тен, 240-қа, 1-ге, 6-дан, 10-нан) and dates and times before «дейін»
(the dative: «2026 жылғы 28 желтоқсанға дейін», «07:58-ге дейін»).

The values are ``int`` / ``str`` subclasses that a catalog formats with a case after a colon, so one call site
serves both languages: the code passes ``limit=Num(200)`` and ``due=long_date(day, lang)``; the Kazakh text says
``«1-ден {limit:dat} дейінгі»`` and ``«{due:dat} дейін»``, the Russian one ``«от 1 до {limit}»``, ``«до {due}»``.

Cases (the format spec): ``dat`` (барыс: -ға/-ге/-қа/-ке), ``loc`` (жатыс: -да/-де/-та/-те), ``abl`` (шығыс:
-дан/-ден/-тан/-тен/-нан/-нен), ``gen`` (ілік), ``acc`` (табыс), ``poss`` (тәуелдік, 3rd person: 60-ы, 106-сы).
"""

from __future__ import annotations

from datetime import date, datetime, time

from babel.dates import format_date

CASES = ("dat", "loc", "abl", "gen", "acc", "poss")

FRONT = set("әеіөүэи")  # и is counted front; у and ю take the harmony of the word's other vowels
BACK = set("аоұыяё")
VOWELS = FRONT | BACK  # у, ю and й end a word like a voiced consonant (елуге, елудің, елуі)
VOICELESS = set("кқпстфхцчшщбвгд")  # a final б, в, г, д is pronounced voiceless (миллиардқа)
NASAL = set("мнң")

ONES = ["нөл", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз"]
TENS = ["", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан"]

MONTHS_KK = ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан", "қараша",
             "желтоқсан"]


def last_number_word(n: int) -> str:
    """The last word of the number read aloud in Kazakh: 240 -> «қырық», 300 -> «жүз», 5000 -> «мың»."""
    n = abs(int(n))
    if n == 0:
        return "нөл"
    if n % 10:
        return ONES[n % 10]
    if n % 100:
        return TENS[(n % 100) // 10]
    if n % 1000:
        return "жүз"
    if n % 10**6:
        return "мың"
    if n % 10**9:
        return "миллион"
    return "миллиард"


def _front(word: str) -> bool:
    for letter in reversed(word.lower()):
        if letter in FRONT:
            return True
        if letter in BACK:
            return False
    return False


def ending(word: str, case: str) -> str:
    """The case ending for ``word`` by vowel harmony and its last sound (without the word itself)."""
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}; known: {', '.join(CASES)}")
    word = word.lower()
    front = _front(word)
    last = word[-1]
    vowel, voiceless, nasal = last in VOWELS, last in VOICELESS, last in NASAL
    if case == "dat":
        if voiceless:
            return "ке" if front else "қа"
        return "ге" if front else "ға"
    if case == "loc":
        base = "т" if voiceless else "д"
        return base + ("е" if front else "а")
    if case == "abl":
        base = "т" if voiceless else "н" if nasal else "д"
        return base + ("ен" if front else "ан")
    if case == "gen":
        base = "н" if vowel or nasal else "т" if voiceless else "д"
        return base + ("ің" if front else "ың")
    if case == "acc":
        base = "н" if vowel else "т" if voiceless else "д"
        return base + ("і" if front else "ы")
    # poss: the 3rd person possessive (124-і, 106-сы, 60-ы)
    return ("сі" if front else "сы") if vowel else ("і" if front else "ы")


def number_case(n: int, case: str) -> str:
    """«240-қа», «5-тен», «1-ге», «6-дан», «10-нан», «106-сы»: the number with its Kazakh case suffix."""
    return f"{n}-{ending(last_number_word(n), case)}"


def time_case(moment: time | datetime, case: str) -> str:
    """«07:58-ге», «10:00-ға» (read «онға»), «09:30-ға»: a clock time with its Kazakh case suffix."""
    spoken = moment.minute or moment.hour  # the minutes are read last, unless they are zero
    return f"{moment:%H:%M}-{ending(last_number_word(spoken), case)}"


class Num(int):
    """An integer a catalog can put in a Kazakh case: ``{limit:dat}`` -> «200-ге». Plain ``{limit}`` and
    numeric format specs work as for ``int``."""

    def __format__(self, spec: str) -> str:
        if spec in CASES:
            return number_case(int(self), spec)
        return int.__format__(self, spec)


class Phrase(str):
    """Text whose last word gets the Kazakh case of the format spec: ``{due:dat}`` -> «… 28 желтоқсанға». The
    ``forms`` give the ready forms of cases (a clock time at the end); other cases are built from the last word."""

    forms: dict[str, str]

    def __new__(cls, text: str, forms: dict[str, str] | None = None) -> Phrase:
        made = super().__new__(cls, text)
        made.forms = forms or {}
        return made

    def __format__(self, spec: str) -> str:
        if spec in CASES:
            if spec in self.forms:
                return self.forms[spec]
            return str(self) + ending(str(self).split()[-1], spec)
        return str.__format__(str(self), spec)


def long_date(day: date, lang: str) -> Phrase:
    """kk «2026 жылғы 28 желтоқсан» ({due:dat}: «2026 жылғы 28 желтоқсанға»); ru «28 декабря 2026 года» (no «г.»
    that would meet a sentence's full stop)."""
    if lang == "kk":
        return Phrase(f"{day.year} жылғы {day.day} {MONTHS_KK[day.month - 1]}")
    return Phrase(format_date(day, format="d MMMM y", locale=lang) + " года")


def moment_text(day_text: str, moment: datetime, lang: str) -> Phrase:
    """A date text and a clock time: «5 наурыз, сәрсенбі, 07:58» ({deadline:dat}: «…, 07:58-ге»)."""
    text = f"{day_text}, {moment:%H:%M}"
    if lang != "kk":
        return Phrase(text)
    return Phrase(text, {case: f"{day_text}, {time_case(moment, case)}" for case in CASES})


def long_moment(moment: datetime, lang: str) -> Phrase:
    """kk «2025 жылғы 3 наурыз, 09:00», ru «3 марта 2025 года, 09:00»."""
    return moment_text(str(long_date(moment.date(), lang)), moment, lang)


def clock_time(moment: datetime | time) -> Phrase:
    """«07:58» ({time:dat}: «07:58-ге», {time:loc}: «07:58-де»)."""
    return Phrase(f"{moment:%H:%M}", {case: time_case(moment, case) for case in CASES})
