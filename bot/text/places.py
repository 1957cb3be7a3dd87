"""Places outside the Kyzylorda region.

The knowledge base is about one region; a question naming another region, city or country ("Алматы
облысында неше мектеп салынды?", "Сколько квартир построили в Шымкенте?") is about something the bot does not
know, however well its other words match. Compared by stem, in both languages' forms.
"""

from __future__ import annotations

from bot.text.normalize import normalize, search_key, tokenize
from bot.text.stem import stem_kk, stem_ru

__all__ = ["NAMES", "OTHER_PLACES", "is_other_place"]

NAMES = """
    Алматы алматинский алматинская алматинской Астана астанинский Ақмола Акмола
    акмолинский акмолинской Шымкент шымкентский Ақтөбе Актобе актюбинский актюбинской Атырау атырауский
    атырауской Ақтау Актау Маңғыстау Мангистау мангистауский мангистауской Қарағанды Караганда карагандинский
    карагандинской Павлодар павлодарский павлодарской Қостанай Костанай костанайский костанайской
    Петропавл Петропавловск североказахстанский североказахстанской Орал Уральск
    западноказахстанский западноказахстанской Тараз Жамбыл жамбылский жамбылской Түркістан Туркестан
    туркестанский туркестанской Семей Семипалатинск абайский абайской Өскемен Оскемен Усть-Каменогорск
    восточноказахстанский восточноказахстанской Көкшетау Кокшетау Талдықорған Талдыкорган Жетісу Жетысу
    жетысуский жетысуской Жезқазған Жезказган Ұлытау Улытау улытауский улытауской Қонаев Конаев Екібастұз
    Экибастуз Теміртау Темиртау Балқаш Балхаш Кентау Сарыағаш Сарыагаш
    Мәскеу Москва Ресей Россия Қытай Китай Өзбекстан Узбекистан Ташкент Қырғызстан Кыргызстан Бишкек
    Түркия Турция Америка Америке Еуропа Европа Украина Германия Лондон Дубай Стамбул
"""


def _terms(block: str) -> frozenset[str]:
    terms: set[str] = set()
    for token in tokenize(normalize(block)):
        terms.update(search_key(form) for form in (token, stem_kk(token), stem_ru(token)))
    return frozenset(t for t in terms if len(t) >= 5)


OTHER_PLACES = _terms(NAMES)


def is_other_place(variants: tuple[str, ...]) -> bool:
    """Whether any of a question word's index terms names a place outside the region."""
    return any(v in OTHER_PLACES for v in variants)
