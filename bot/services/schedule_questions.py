"""Is a free-text message a question about the legal-help reception schedule, and for which district?

"Аралда заңгер қабылдауы қашан?", "когда приём юриста в Шиели?", "zangerge kalay zhazylamyn" are; "Құқықтық
көмек бойынша қанша адамға көмек көрсетілді?" is not (that is a question about the 2024 figures, for the
knowledge base). The rule, on text normalised by :mod:`bot.text` (Kazakh letters folded, Latin read as
Kazakh):

* it must name legal help: заң/заңгер, құқық-, юрист, юридическ-, адвокат, правов-;
* and ask about time or booking (қашан, кесте, жазылу, когда, расписание, записаться, во сколько ...);
* or, when it does not ask "how many" (қанша, неше, сколько), mention a reception (қабылдау, приём) or a
  district of the region.

Districts are recognised by the keywords of data/venues.toml [[district]], matched as whole words after
the same normalisation (a keyword of five letters or more also as the beginning of a longer word:
Қызылордадағы).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.text import normalize, tokenize

__all__ = ["DistrictMatcher", "ScheduleQuestion", "detect", "named_alone"]

_LEGAL_EXACT = frozenset({"зан", "занды", "юр", "юрист", "юристы", "юриста", "юристу", "юристов"})
_LEGAL_PREFIX = ("зангер", "заннам", "кукык", "юрист", "юридич", "юрпомощ", "юрконсульт", "адвокат", "правов")
_SCHEDULE_EXACT = frozenset({
    "кашан", "когда", "время", "времени", "график", "графику", "дни", "день", "числа", "число", "уакыт", "уакытта",
    "уакыты", "сагат", "сагатта", "кун", "куни", "кундери", "ертен", "бугин", "завтра", "сегодня",
    "неделе", "апта", "аптада", "келеси",
})
_SCHEDULE_PREFIX = ("кесте", "жазыл", "расписан", "запис", "график", "кашанг", "кезек", "очеред", "приходит",
                    "принимает", "принима", "кабылдайд")
# "How many", "results": a question about the 2024 figures, not about the schedule.
_COUNTING = frozenset({"канша", "неше", "сколько", "скольким", "скольких", "саны", "сани"})
_FIGURES_PREFIX = ("итог", "корытынд", "натиже", "результат", "статистик")
_RECEPTION_PREFIX = ("кабылда", "прием", "приём", "консультац", "кенес")
_REGION = ("облыс", "област", "обл")
PREFIX_MIN = 5  # a keyword this long also matches as the beginning of a longer word
_SCHEDULE_PHRASES = (("во", "сколько"), ("в", "какие", "дни"), ("кай", "кун"))


@dataclass(frozen=True)
class ScheduleQuestion:
    district: str | None  # the district named in the question, if any


class DistrictMatcher:
    """Finds the first district named in a text, by the districts' keywords (indexed by their first word, so
    a message costs a few dictionary lookups per word)."""

    def __init__(self, districts: Iterable[tuple[str, Sequence[str]]]) -> None:
        self._exact: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self._prefix: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for district_id, keywords in districts:
            for keyword in keywords:
                tokens = tuple(tokenize(normalize(keyword)))
                if not tokens:
                    continue
                self._exact.setdefault(tokens[0], []).append((tokens, district_id))
                if len(tokens[0]) >= PREFIX_MIN:
                    self._prefix.setdefault(tokens[0], []).append((tokens, district_id))
        # Longer keywords first: "сырдария ауданы" before "сырдария".
        for table in (self._exact, self._prefix):
            for entries in table.values():
                entries.sort(key=lambda k: -sum(len(t) for t in k[0]))

    def find(self, tokens: Sequence[str]) -> str | None:
        found = self.find_span(tokens)
        return found[0] if found else None

    def named(self, tokens: Sequence[str]) -> set[str]:
        """Every district the tokens name ("Қызылорда облысы", "Кызылординская область" name the region, not
        the city)."""
        found: set[str] = set()
        start = 0
        while (span := self.find_span(tokens, start)) is not None:
            district_id, _, start = span
            if start >= len(tokens) or not tokens[start].startswith(_REGION):
                found.add(district_id)
        return found

    def find_span(self, tokens: Sequence[str], begin: int = 0) -> tuple[str, int, int] | None:
        """(district id, first token, token after the last) of the first district named, or None."""
        for start in range(begin, len(tokens)):
            token = tokens[start]
            candidates = list(self._exact.get(token, ()))
            for size in range(PREFIX_MIN, len(token)):
                candidates.extend(self._prefix.get(token[:size], ()))
            candidates.sort(key=lambda k: -sum(len(t) for t in k[0]))
            for keyword, district_id in candidates:
                window = tokens[start : start + len(keyword)]
                if len(window) == len(keyword) and all(
                    _word_matches(w, k) for w, k in zip(window, keyword, strict=True)
                ):
                    return district_id, start, start + len(keyword)
        return None


def _word_matches(word: str, keyword: str) -> bool:
    return word == keyword or (len(keyword) >= PREFIX_MIN and word.startswith(keyword))


def _has(tokens: Sequence[str], exact: frozenset[str], prefixes: tuple[str, ...]) -> bool:
    return any(t in exact or t.startswith(prefixes) for t in tokens)


QUESTION_MAX = 300  # characters: a longer text is not a question about the schedule (an appeal, a story)


def detect(text: str, districts: DistrictMatcher, tokens: Sequence[str] | None = None) -> ScheduleQuestion | None:
    """A ScheduleQuestion when the text asks about the legal-help schedule, else None. ``tokens``: the text's
    words when the caller has them already."""
    if len(text) > QUESTION_MAX:
        return None
    tokens = tokenize(normalize(text)) if tokens is None else tokens
    if not tokens or not _has(tokens, _LEGAL_EXACT, _LEGAL_PREFIX):
        return None
    district = districts.find(tokens)
    phrase = any(
        tuple(tokens[i : i + len(p)]) == p for p in _SCHEDULE_PHRASES for i in range(len(tokens) - len(p) + 1)
    )
    if phrase or _has(tokens, _SCHEDULE_EXACT, _SCHEDULE_PREFIX):
        return ScheduleQuestion(district)
    if _has(tokens, _COUNTING, _FIGURES_PREFIX) or any(t.isdigit() and len(t) == 4 for t in tokens):
        return None
    if district is not None or _has(tokens, frozenset(), _RECEPTION_PREFIX):
        return ScheduleQuestion(district)
    return None


# Words that may stand around a place's name without making the message a question ("Арал ауданы", "в
# Аральске", "Шиелі туралы", "про Жалагаш"), after normalisation.
_AROUND_PLACE = frozenset({
    "аудан", "ауданы", "ауданында", "ауданына", "ауданынан", "ауданындагы", "кала", "каласы", "каласында",
    "туралы", "жайлы", "жайында", "жонинде", "бойынша", "район", "района", "районе", "районы", "город", "города",
    "городе", "г", "в", "во", "по", "о", "об", "про", "и", "ал", "ше", "шы", "ша", "a", "а",
})


def named_alone(text: str, districts: DistrictMatcher, tokens: Sequence[str] | None = None) -> str | None:
    """The district a message consists of ("Арал", "Шиелі ауданы", "в Аральске", "про Жалагаш"), else None: a
    place alone asks nothing yet, so no card should answer it as if it did."""
    if len(text) > 80:
        return None
    tokens = tokenize(normalize(text)) if tokens is None else tokens
    found = districts.find_span(tokens)
    if found is None:
        return None
    district_id, start, end = found
    rest = [*tokens[:start], *tokens[end:]]
    return district_id if all(t in _AROUND_PLACE for t in rest) else None
