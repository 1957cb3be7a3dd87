"""What a question is about beyond its topic: the place, the year and the party it names, and whether it asks for
a figure.

The knowledge base is about one region (Kyzylorda), one party (AMANAT) and the years its content names. A
question naming another region or city, another party or another year is about something the bot does not
know, however well its other words match a card: the answer says first what the bot knows (issue 10). Pure
functions over the normalised tokens of :func:`bot.text.analyze.words`; no I/O.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from bot.text.normalize import fold, normalize, search_key, tokenize
from bot.text.places import NAMES as PLACE_NAMES
from bot.text.places import is_other_place
from bot.text.stem import stem_kk, stem_ru

__all__ = [
    "GENERIC_STEMS", "asks_figure", "asks_who_won", "counted_must_be_stated", "counted_word", "is_district",
    "is_generic", "other_party", "other_place", "years_named",
]


def _keys(block: str) -> frozenset[str]:
    return frozenset(search_key(t) for t in tokenize(normalize(fold(block))))


def _stems(block: str) -> frozenset[str]:
    stems: set[str] = set()
    for token in tokenize(normalize(fold(block))):
        stems.update(search_key(form) for form in (token, stem_kk(token), stem_ru(token)))
    return frozenset(stems)


# Words every question about the branch may carry, which are therefore no evidence for one card: the party's
# name, the region and its levels, "year". They still count inside two-word phrases ("Ауыл аманаты").
GENERIC_STEMS = _stems(
    """
    партия партиясы партиясының партиясына партиясында партияның партияға партияда партиялар партии партию
    партией партийный AMANAT Аманат аманатовцы
    облыс облыстағы облыстың облыста облысы облыстық облысында область области областной областного регион
    регионе аудан ауданы ауданында аудандағы аудандық аудандар район района районе районах районный
    жыл жылы жылғы жылда год году года годы лет
    Қызылорда Қызылордада Қызылорданың Кызылорда Кызылорде Кызылорды кызылординский кызылординской
    """
)


def is_generic(variants: Sequence[str]) -> bool:
    """Whether a question word (its index terms in both languages) is one of the generic words."""
    return any(v in GENERIC_STEMS for v in variants)


_COUNTING = _keys("қанша неше сколько скока скоко qansha kansha neshe")
_QUANTITY = _keys(
    """
    қанша қаншама қаншалық қаншасы қаншаға неше нешеу нешеуі нешесі нешінші сколько скока скоко скольких
    насколько qansha kansha neshe
    """
)


# Nouns that are figures themselves: "какая явка", "орындалу пайызы қандай" ask for a number without "сколько".
_FIGURE_NOUNS = _keys(
    """
    явка явки явку явкой процент процента процентов проценты пайыз пайызы пайызға пайызды пайызын
    """
)
_ASKS_NUMBER = _QUANTITY | _FIGURE_NOUNS


def asks_figure(tokens: Sequence[str]) -> bool:
    """The question asks for a number ("қанша", "неше", "сколько", "насколько", "какая явка", "пайызы")."""
    return any(search_key(t) in _ASKS_NUMBER for t in tokens)


def counted_word(tokens: Sequence[str]) -> str:
    """The word a figure question counts: the one right after "қанша" / "неше" / "сколько" ("қанша пәтер",
    "сколько квартир"), as a search key; "" when the question asks no figure or ends there."""
    for i, token in enumerate(tokens[:-1]):
        if search_key(token) in _COUNTING:
            return search_key(tokens[i + 1])
    return ""


_WHO = _keys("кто кого кім кімді kim kto")
_WON = _keys(
    """
    победил победила победили выиграл выиграла выиграли избран избрана избраны избрали выбрали выбран
    жеңді жеңіп жеңген жеңіске сайланды сайлады сайланған
    """
)


_HEADS = _keys(
    """
    председатель председателем председателя төраға төрағасы руководитель руководителем руководит
    возглавляет глава главный лидер жетекші жетекшісі басшы басшысы басқарады аким акимом әкім әкімі
    директор секретарь хатшы хатшысы депутат депутатом депутаты
    """
)


def asks_who_won(tokens: Sequence[str]) -> bool:
    """Who won, was elected or heads something ("кто победил на довыборах", "кім сайланды", "кто председатель
    молодёжного крыла"): a name, which only a card naming a person gives (a card saying the party's candidates
    won, or describing the wing, does not tell who they are)."""
    keys = {search_key(t) for t in tokens}
    return bool(keys & _WHO and (keys & _WON or keys & _HEADS))


def years_named(tokens: Sequence[str]) -> set[str]:
    return {t for t in tokens if len(t) == 4 and t.isdigit() and "1990" <= t <= "2100"}


def _place_roots() -> tuple[frozenset[str], tuple[str, ...]]:
    names = [search_key(t) for t in tokenize(normalize(fold(PLACE_NAMES)))]
    exact = frozenset(names)
    roots = {n[:-1] if n[-1] in "аеиоуыэюя" else n for n in names}
    return exact, tuple(sorted(r for r in roots if len(r) >= 5))


_PLACE_EXACT, _PLACE_ROOTS = _place_roots()


def other_place(tokens: Sequence[str]) -> bool:
    """A region, city or country outside the Kyzylorda region is named (in any case form: "Астанада",
    "в Туркестане")."""
    for token in tokens:
        key = search_key(token)
        if key in _PLACE_EXACT or key.startswith(_PLACE_ROOTS):
            return True
        if is_other_place((key, search_key(stem_kk(token)), search_key(stem_ru(token)))):
            return True
    return False


_OUR_PARTY = _keys("AMANAT Аманат Нұр Отан")
_OUR_PREFIXES = tuple(_OUR_PARTY)
_PARTY_NAMES = _keys(
    """
    Respublica Республика Байтақ Байтак ЖСДП ОСДП НПК ҚХП КНПК Ақ жол Ауыл Народная народной Халық
    коммунистическая коммунистік демократиялық демократическая социал
    """
)
_ALWAYS_OTHER = _keys("Respublica ЖСДП ОСДП НПК ҚХП КНПК Байтақ Байтак")


def _is_party_word(key: str) -> bool:
    return key.startswith("парти") and not key.startswith("партиял") and not key.startswith("партийн")


_AK = _keys("ақ ак")
_ZHOL = search_key("жол")


def other_party(tokens: Sequence[str]) -> bool:
    """Another party than AMANAT is named: a known name next to "party", or "X партиясы" with X not AMANAT."""
    keys = [search_key(t) for t in tokens]
    if any(k in _ALWAYS_OTHER for k in keys):
        return True
    for i, key in enumerate(keys):
        if not _is_party_word(key):
            continue
        neighbours = keys[max(0, i - 2) : i] + keys[i + 1 : i + 3]
        if any(n in _OUR_PARTY or n.startswith(_OUR_PREFIXES) for n in neighbours):
            continue
        if any(n in _PARTY_NAMES for n in neighbours):
            return True
    # "ақ жол" with no party word: the name alone
    return any(a in _AK and b == _ZHOL for a, b in itertools.pairwise(keys))


# Officials: a question naming a role with its level ("облыс әкімі", "аким области", "партия төрағасы") asks
# about that level's official; a card about another one's ("Шиелі ауданының әкімі") does not answer it.
ROLE_STEMS = _stems(
    """
    әкім әкімі әкімін әкімдері аким акима акиму акимом акимы төраға төрағасы төрағасын председатель председателя
    председателем хатшы хатшысы секретарь секретаря жетекші жетекшісі руководитель руководителя басшы басшысы
    глава главой министр министрі директор директоры маслихат маслихате маслихата маслихатах маслихаты мәслихат
    мәслихаты мәслихатта мәслихатында мәслихатқа
    """
)
LEVEL_STEMS = _stems(
    """
    облыс облыстың облыстық облысы облыстағы область области областной областного регион региона
    аудан ауданы ауданның аудандық район района районный қала қаланың қалалық қаласы қаласының город города
    городской Қызылорда Қызылорданың Кызылорда Кызылорды партия партиясы партиясының партии
    республика республиканың ел елдің страна страны
    """
)


def is_role(variants: Sequence[str]) -> bool:
    return any(v in ROLE_STEMS for v in variants)


def is_level(variants: Sequence[str]) -> bool:
    return any(v in LEVEL_STEMS for v in variants)


DISTRICT_STEMS = _stems(
    """
    Арал Аральск Аральский Аральском Қазалы Казалы Казалинск Казалинский Қармақшы Кармакчи Кармакшинский
    Жалағаш Жалагаш Жалагашский Сырдария Сырдарья Сырдарьинский Шиелі Шиели Шиелийский Жаңақорған Жанакорган
    Жанакорганский Байқоңыр Байконур Байконыр
    """
)


def is_district(variants: Sequence[str]) -> bool:
    return any(v in DISTRICT_STEMS for v in variants)


# Words a card must have to answer a question carrying them: people the knowledge base does not count
# (doctors, teachers, lawyers, deputies' aides), money it does not give (prices, salaries, rates, benefits),
# contact details, and the districts of the region (a card without the district gives no per-district figure).
STRICT_STEMS = _stems(
    """
    врач врачей врачи дәрігер дәрігерлер дәрігері учитель учителей мұғалім мұғалімдер юрист юристов юристы
    заңгер заңгерлер министр министрі заместитель орынбасар орынбасары руководит руководитель возглавляет
    возглавляет жетекші жетекшісі басшы басшысы төрайым төрайымы хатшы хатшысы секретарь
    стоимость цена цены баға бағасы тұрады зарплата зарплаты жалақы жалақысы тариф
    тарифі доллар пособие жәрдемақы несие кредит взнос взносы жарна жарнасы билет билеті
    адрес адреса мекенжай мекенжайы телефон телефоны нөмір нөмірі номер сайт сайты почта email инстаграм
    находится доехать часы график жұмыс уақыты явка
    снесли снесено снос сносят сносить
    вступить вступления вступать кіру кіруге шығу шығуға выйти следующие следующих следующий предстоящие
    предстоящих будущие будущих келесі алдағы
    """
) | DISTRICT_STEMS


# The same for words whose stem is another word's too: «бұзылды» (demolished) but not «бұзушылық» (a violation).
STRICT_WORDS = _keys("бұзылды бұзылған бұзылады бұзды бұзылып сүрілді сүрілген қиратылды")


def is_strict(variants: Sequence[str]) -> bool:
    return any(v in STRICT_STEMS or v in STRICT_WORDS for v in variants)


_MEMBER = _keys("мүше мүшесі мүшелікке мүшелік член членом членства")
_BECOME = _keys("болу болуға болам боламын бола стать стал вступить вступления өту өтуге алу")


def asks_to_join(tokens: Sequence[str]) -> bool:
    """How to join the party or a wing ("мүше болу", "стать членом"): no card describes joining."""
    keys = [search_key(t) for t in tokens]
    for a, b in itertools.pairwise(keys):
        if (a.startswith(tuple(_MEMBER)) and b in _BECOME) or (a in _BECOME and b.startswith(tuple(_MEMBER))):
            return True
    for i, key in enumerate(keys):
        if key in _HOW and any(k.startswith(_JOIN) for k in keys[i + 1 : i + 3]):
            return True
    return False


_HOW = _keys("қалай как qalai kalai")
_JOIN = ("косыл", "кир", "вступ", "присоедин", "стать")


_MINE = _keys("мой моем моём моей моего мою моя менің біздің наш нашем нашей нашего наша")
_LOCAL = ("ауыл", "аул", "сел", "кош", "улиц", "уи", "дом", "мектеб", "школ", "мекен", "поселк", "кент")


def asks_about_own_place(tokens: Sequence[str]) -> bool:
    """A question about the asker's own village, street, house or school ("в моём ауле", "біздің ауылда"): the
    knowledge base has the region's totals, not what will happen in one person's village."""
    keys = [search_key(t) for t in tokens]
    return any(a in _MINE and b.startswith(_LOCAL) for a, b in itertools.pairwise(keys))


_WHERE = _keys("қайда где куда qaida kaida")
_LOCATED = ("орналас", "наход", "мекенжа", "адрес")
_WHEN = _keys("қашан когда во qashan kashan")
_WORKS = ("жумыс", "работа")
_HOURS = (("жумыс", "уакыт"), ("жумыс", "кесте"), ("часы", "работ"), ("график", "работ"), ("режим", "работ"))


def asks_contacts(tokens: Sequence[str]) -> bool:
    """Where something is, how to get there, or its working hours: contact details, which no card holds
    ("қабылдау бөлмесі қайда орналасқан?", "часы работы приёмной", "когда работает приёмная?")."""
    keys = [search_key(t) for t in tokens]
    if any(k in _WHERE for k in keys) and any(k.startswith(_LOCATED) for k in keys):
        return True
    if any(k in _WHEN for k in keys) and any(k.startswith(_WORKS) for k in keys):
        return True
    for a, b in itertools.pairwise(keys):
        if any(a.startswith(x) and b.startswith(y) for x, y in _HOURS):
            return True
        if a in _HOW and b.startswith(("доехат", "добрат", "баруг", "жету")):
            return True
    return False


_MONEY = _keys(
    """
    ақша ақшасы қаржы қаржысы қаржыға теңге тенге деньги денег денежных средств средства тенге стоит стоила
    стоило стоимость цена баға бағасы тұрады тұрды
    """
)
CURRENCY_STEMS = _stems("теңге теңгеге тенге тенгe млрд млн миллиард миллиарда миллион миллиона")


def asks_money(tokens: Sequence[str]) -> bool:
    """A figure question about money ("қанша ақша", "сколько стоит"): only a card with a sum in tenge answers."""
    return asks_figure(tokens) and any(search_key(t) in _MONEY for t in tokens)


# Words a card must state in its answer, not only carry among its search keywords: a card findable by "кредит"
# or "явка" does not therefore give a loan's rate or the turnout.
STATED_STEMS = _stems(
    """
    явка явки явку несие несиесі несиенің кредит кредита кредиту ставка ставки врач врачей дәрігер дәрігерлер
    учитель учителей мұғалім мұғалімдер
    """
)


def must_be_stated(variants: Sequence[str]) -> bool:
    return any(v in STATED_STEMS for v in variants)


# People a figure question may count ("сколько юристов работает…", "қанша заңгер…"): as the counted word they
# must be stated in the card's answer. A card findable by "юрист" (the legal-help project) counts receptions,
# not lawyers; outside figure questions the same word still finds that card.
COUNTED_STEMS = _stems(
    """
    юрист юристов юристы юриста заңгер заңгерлер заңгері адвокат адвокатов адвокаттар сотрудник сотрудников
    сотрудники қызметкер қызметкерлер қызметкері работник работников работники специалист специалистов
    маман мамандар маманы волонтер волонтеров волонтеры волонтерлер ерікті еріктілер штат штаты
    """
)


def counted_must_be_stated(variants: Sequence[str]) -> bool:
    return any(v in COUNTED_STEMS for v in variants)


# A comparison with another year ("по сравнению с прошлым годом", "өткен жылмен салыстырғанда", "на сколько
# выросло"): a figure only a card giving both years holds.
COMPARE_STEMS = _stems(
    """
    сравнению сравнении сравнение сравнить салыстырғанда салыстыру салыстырмалы выросло вырос выросла выросли
    увеличилось увеличилась увеличился рост прирост динамика көбейді көбейген өсті өскен артты артқан
    уменьшилось сократилось азайды кеміді больше меньше көбірек азырақ қарағанда қарағанда артық кемірек
    чем былтырғыдан өткенге
    """
)


_COMPARE = frozenset(v for v in COMPARE_STEMS if len(v) >= 5)  # short stems ("сал", "арт") are other words too


def is_comparison(variants: Sequence[str]) -> bool:
    return any(v in _COMPARE for v in variants)
