"""Question words, particles and conversational filler in Kazakh and Russian.

The lists are written in ordinary spelling (with Kazakh letters) and compared in the folded, canonical form
(:func:`bot.text.normalize.search_key` of :func:`bot.text.normalize.fold`), so "қанша", "канша" and "qansha"
are one stopword. Both lists apply to every question: a question typed in one language often carries the
other language's filler.

*Soft* stopwords are ordinary filler that is also part of a project's name ("жайлы" = "about", but «Жайлы
мектеп»; "бірге" = "together", but «Халықпен бірге!»; "без" in «Общество без долгов»; "сол" = "that", but
"сол жағалау" = "the left bank"): the search uses
them only as part of a two-word phrase with the neighbouring word, so they never pull an answer on their own.
"""

from __future__ import annotations

from bot.text.normalize import fold, search_key
from bot.text.stem import stem_kk, stem_ru

__all__ = [
    "KK_FUNCTION_WORDS",
    "RU_FUNCTION_WORDS",
    "SOFT_STEMS",
    "SOFT_STOPWORDS",
    "STOPWORDS",
    "STOP_STEMS",
    "is_soft",
    "is_stopword",
]

_KK = """
    қанша қаншама қаншалық қаншасы нешe неше нешеу нешінші қандай қандайы қай қайда қайдан қайсы қайсысы
    қашан қалай қалайша кім кімдер кімге кімнің кімді не неге нені ненің неліктен нелер несі неменеге
    ма ме ба бе па пе ше шы ші ғой ғана тек ақ қой да де та те ау әй әне міне
    бар жоқ бар ма жоқ па туралы жайында жөнінде жөніндегі қатысты байланысты бойынша арқылы үшін
    және мен пен бен менен әрі немесе не болмаса бірақ алайда себебі өйткені сондықтан яғни
    бұл осы сол ол олар оның олардың мына мынау сонау анау мұнда сонда онда осында әр әрбір барлық бәрі
    мен сен сіз біз сіздер олар маған саған сізге бізге менің сенің сіздің біздің өзі өз
    айтып айтыңыз айтыңызшы айтшы айтсаңыз айтасыз ба беріңіз беріңізші берші бересіз
    білгім білгім келеді білсем білейін білуге білу келеді келед келедi керек қажет ед еді екен екені
    болды болған болады болып бола ма болса болатын болғаны болды ма деген дегеніміз дегеніміз не деп
    ақпарат ақпараттар мәлімет мәліметтер мағлұмат туралы ақпарат жөнінде мәлімет
    сәлем сәлеметсіз сәлеметсіздер ме рақмет рахмет рахмет рахмат
    иә жоқ ия ал енді тағы да тағы сонымен тура дәл шамамен жалпы ғой ғана
    қандай жағдай жағдайы сұрақ сұрағым сұрағым бар сұраймын
    айналысады айналысты айналысатын айналысқан істейді істеді істейтін атқарады
    қысқаша толығырақ толық нақты нақтырақ шынымен шынында
    қалың жағдайың жағдайыңыз қалайсыз қалайсың
    қашанғы қаншалықты нешеуі нешесі нешеуін қаншасы қаншалық рет мәрте дейін шейін
"""

_RU = """
    сколько скока скоко скольких сколькими скольким скольку какой какая какое какие каких каким какими
    какую каков какова каково каковы который которая которое которые которых когда где куда откуда кто кого кому кем ком
    что чего чему чем чём чё че шо што почему зачем отчего как насколько неужели разве ли ль
    расскажи расскажите рассказать скажи скажите сказать подскажи подскажите подсказать объясни объясните
    покажи покажите назови назовите пожалуйста пожалуйста пжл пжлст плиз спасибо здравствуйте привет добрый день
    в во на о об обо про по и а но или да нет не ни у к ко с со из изо за от до для при без через над под перед
    это этот эта эти этого этой этих тот та то те того той тех том тем тому такой такая такое такие
    так же бы вот ну уж уже
    был была было были будет будут есть быть являться является являются
    я мы ты вы он она оно они мне меня мой моя моё мои нам нас наш наша ваш ваша вам вас вами их его её ее им ими
    свой своя свое свои себе себя сам сама сами
    там тут здесь туда сюда всё все весь вся всего всех всем всеми вообще вкратце кратко примерно около
    хочу хотел хотела хотелось хотим хотите узнать знать узнаю знаю интересно интересует интересуют можно нужно
    надо нада информация информацию инфа инфу информации данные сведения касательно насчет насчёт относительно
    занимается занимаются заниматься занимался занималась занимались делает делают нужны нужен нужна
    реально реальн вообще короче типа блин кстати
    как дела дела вопросик подробнее подробно конкретно именно также тоже ещё еще очень просто либо
"""

# Verbs of asking and doing that any question may carry, compared by stem (all their forms).
_GENERIC_KK = """
    айту айтып айтыңыз айтшы айтыңызшы
"""
_GENERIC_RU = """
    сделать сделали сделано делать делали провести провели проводили проведено рассказать узнать
"""

# Filler that is also a word of a project's name: matched only as a phrase with its neighbour. The region's
# own name is filler too: everything in the knowledge base is about the Kyzylorda region.
_SOFT_KK = """
    мәселе мәселесі жайлы бірге сол облыс облыстағы облыстың облыста облысы
    Қызылорда Қызылордада Қызылорданың өңір өңірде
"""
_SOFT_RU = """
    вопрос вопросы проблема проблемы без вместе область области областной
    Кызылорда Кызылорде Кызылорды кызылординский кызылординской регион регионе
"""
_SOFT = _SOFT_KK + _SOFT_RU


def _keys(block: str) -> frozenset[str]:
    return frozenset(search_key(word) for word in fold(block).split())


def _stems(kk: str, ru: str) -> frozenset[str]:
    return frozenset(search_key(stem_kk(w)) for w in fold(kk).split()) | frozenset(
        search_key(stem_ru(w)) for w in fold(ru).split()
    )


KK_FUNCTION_WORDS = _keys(_KK)
RU_FUNCTION_WORDS = _keys(_RU)
SOFT_STOPWORDS = _keys(_SOFT)
SOFT_STEMS = _stems(_SOFT_KK, _SOFT_RU)
STOPWORDS = (KK_FUNCTION_WORDS | RU_FUNCTION_WORDS) - SOFT_STOPWORDS
STOP_STEMS = _stems(_GENERIC_KK, _GENERIC_RU) - SOFT_STEMS


def is_stopword(key: str, stem: str = "") -> bool:
    """``key`` is a folded word's :func:`search_key`, ``stem`` its stemmed key; one letter is never a term."""
    return key in STOPWORDS or stem in STOP_STEMS or (len(key) < 2 and not key.isdigit())


def is_soft(key: str, stem: str = "") -> bool:
    return key in SOFT_STOPWORDS or stem in SOFT_STEMS
