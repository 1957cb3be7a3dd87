"""Which language a question is in: Kazakh ("kk"), Russian ("ru"), or unknown (None).

* Any Kazakh-specific letter (ә ғ қ ң ө ұ ү һ і) -> kk, unless the letters are only in a Kazakh name quoted
  by a clearly Russian sentence ("Что такое «Құқықтық көмек»?" -> ru).
* Latin script -> kk (Kazakh in Latin letters), unless the words are Russian written in Latin letters
  ("skolko kvartir").
* Cyrillic without Kazakh letters: Kazakh typed on a Russian keyboard is recognised by its question words,
  function words and common words (канша, кандай, неше, кашан, жане, ушин, бар ма, ауыл, жыл, патер, мектеп)
  and by its suffixes (-лары, -дагы, -нын, -ган); otherwise ru.
* No letters at all -> None: the caller falls back to the user's language.
"""

from __future__ import annotations

import re

from bot.text.normalize import fold, has_cyrillic, search_key

__all__ = ["guess_language", "reply_language"]

_KK_LETTERS = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_LETTER = re.compile(r"[^\W\d_]")
_CYR = re.compile(r"[\u0400-\u04ff]")
_LAT = re.compile(r"[a-zA-Z\u00c0-\u024f]")

# Strong Kazakh words (question and function words, verbs of asking): weight 2.
_KK_STRONG = """
    қанша қаншама неше нешеу қандай қай қайда қашан қалай кім кімдер неге неліктен
    ма ме ба бе па пе ғой ғана және үшін туралы жайында жөнінде бойынша арқылы
    бар жоқ болды болған болады берілді салынды ашылды қанша пайыз айтыңыз айтыңызшы айтып беріңіз
    беріңізші білгім келеді керек екен еді деген мен сен сіз біз маған бізге қандай жұмыс
    жасалды атқарылды өтті өткізілді алынды сатып қаржы жоба жобасы жобалар жобасының
    ауыл ауылда ауылдар ауылдарға жыл жылы жылғы биыл былтыр пәтер пәтерлер пәтерді мектеп мектептер
    аурухана ауруханасы облыс облыста облыстағы аудан ауданы ауданында тұрғын үй үйлер адам адамға азаматтар
    әкім әкімі әкімдер сайлау сайлауы мүше мүшелер мүшесі партиясы партияның көмек кеңес кеңестер
    қабылдау қабылдаулар ұсыныс ұсыныстар жер жастар әйелдер қанаты нысан нысандар газбен
    неше нешінші қаншасы орындалды қамтылды жүргізілді сайланды жеңді
"""
# Russian words that Kazakh text never has: weight 2.
_RU_STRONG = """
    сколько скока скоко какой какая какое какие каких когда где кто что чё шо почему зачем как такое такой
    ли в во на о об про по и а но или у к с со из за от до для при без это этот эта эти был была было были
    есть расскажи расскажите скажи скажите подскажи подскажите пожалуйста мне нам хочу узнать можно
    сколько всего сёл сел сёла села квартир квартиры школ школы больница больницы выборы проект проекта
    проекты году год лет область области районе района город городе людей человек жителей граждан
    получили построили провели выделено выделили сделано сделали прошли прошло
    чем чего кого кому кем чей чья чьё теперь уже ещё сейчас тоже также
    вернули дали сдали выполнили выполнено построено купили приняли помогли избрали выбрали победили
"""
_KK_ENDINGS = tuple(
    """
    лары лери дары дери тары тери ларды лерди дарды дерди дагы деги тагы теги ндагы ндеги нын нин
    дын дин тын тин ган ген кан кен ынша инше лык лик дык дик тык ныз низ мыз миз уда уде ылды илди
    ынды инди ланды ленди дандыру ларга лерге дарга дерге ында инде ынан инен мен бен пен сыз сиз
    ушы уши лау леу дау деу тау теу
    """.split()
)
_RU_ENDINGS = tuple(
    """
    ость ости ение ения ании ание ания ого его ому ему ыми ими ться тся ются ует уют ают яют ешь ишь
    ой ей ий ый ая яя ую юю ые ов ев ах ях ами ями ом ем ции ция ций ться
    """.split()
)
# Russian written in Latin letters.
_RU_LATIN = """
    skolko skoka kakoi kakoy kakaya kakie kogda gde kto chto chego pochemu zachem kak li
    rasskazhi rasskazhite skazhite podskazhite pozhaluysta pozhaluista v na po pro dlya ili est bylo byli
    kvartir kvartiry shkol shkoly bolnica bolnitsa vybory proekt proekty godu goda sel sela zhilya zhile
"""
_KK_LATIN = """
    qansha kansha neshe qandai kandai qandaı qai kai qaida qashan kashan qalai kalai kim
    ma me ba be pa pe jane zhane ushin úshin turaly zhaily jaily boiynsha boyinsha bar zhoq zhok
    auyl auyldar auylda zhyl jyl zhyly jyly mektep mektepter pater páter aurukhana aýrýhana
    oblys oblysta audan jer zher zhastar jastar amanaty amanat komek kómek bagdarlama
"""


def _keyset(block: str) -> frozenset[str]:
    return frozenset(search_key(w) for w in fold(block).split())


_KK_WORDS = _keyset(_KK_STRONG)
_RU_WORDS = _keyset(_RU_STRONG) - _KK_WORDS
_RU_LATIN_WORDS = frozenset(_RU_LATIN.split())
_KK_LATIN_WORDS = frozenset(_KK_LATIN.split())


def _cyrillic_scores(words: list[str]) -> tuple[float, float]:
    kk = ru = 0.0
    for word in words:
        key = search_key(word)
        if key in _KK_WORDS:
            kk += 2
        elif key in _RU_WORDS:
            ru += 2
        elif "ь" in word or "ъ" in word or "щ" in word:
            ru += 1
        elif len(word) > 4 and word.endswith(_KK_ENDINGS):
            kk += 1
        elif len(word) > 3 and word.endswith(_RU_ENDINGS):
            ru += 1
    return kk, ru


def _latin_is_russian(text: str) -> bool:
    words = re.findall(r"[a-z]+", text.lower())
    ru = sum(1 for w in words if w in _RU_LATIN_WORDS)
    kk = sum(1 for w in words if w in _KK_LATIN_WORDS)
    return ru > kk and ru >= 1 and ru * 3 >= len(words) * 1


_QUOTED = re.compile(r"«[^»]*»|\"[^\"]*\"|“[^”]*”|„[^“”]*[“”]")


def _unquoted(text: str) -> str:
    """The text without quoted names («Ауыл аманаты»), unless that leaves no letters."""
    rest = _QUOTED.sub(" ", text)
    return rest if _LETTER.search(rest) else text


def _russian_around_kazakh_name(text: str) -> bool:
    """A Russian sentence naming something in Kazakh ("Что такое «Құқықтық көмек»?"): the words without
    Kazakh letters are clearly Russian (two Russian function words at least) and show nothing Kazakh."""
    plain = [w for w in re.findall(r"\w+", _unquoted(text)) if not _KK_LETTERS.search(w)]
    kk, ru = _cyrillic_scores([w for w in fold(" ".join(plain)).split() if _CYR.search(w)])
    return kk == 0 and ru >= 4


def guess_language(text: str) -> str | None:
    """Guess "kk" or "ru" from the text alone; None when it has no letters."""
    if not _LETTER.search(text):
        return None
    if _KK_LETTERS.search(text):
        return "ru" if _russian_around_kazakh_name(text) else "kk"
    cyr = len(_CYR.findall(text))
    lat = len(_LAT.findall(text))
    if cyr == 0 and lat == 0:
        return None  # letters of some other script only
    if lat > cyr:
        return "ru" if _latin_is_russian(text) else "kk"
    if not has_cyrillic(text):
        return None
    # Latin "i" inside a Cyrillic word is a Kazakh і typed from a Latin layout.
    if re.search(r"[\u0400-\u04ff][iI]|[iI][\u0400-\u04ff]", text):
        return "kk"
    words = [w for w in fold(_unquoted(text)).split() if _CYR.search(w)]
    kk, ru = _cyrillic_scores(words)
    return "kk" if kk > ru else "ru"


_WORD = re.compile(r"[^\W\d_]{2,}")


def reply_language(text: str, chosen: str) -> str:
    """The language to answer in: the citizen's ``chosen`` one (Telegram's or /language), unless the message
    is clearly written in the other language: at least two words, and Kazakh letters (or a clearly Russian
    sentence around a Kazakh name), or a clear lead of one language's words and endings. One-word, ambiguous
    and nonsense messages ("Арал", "газ", "рахмет", "ывапролд", "asdfgh") always get ``chosen``."""
    words = _WORD.findall(text)
    if len(words) < 2:
        return chosen
    guess = guess_language(text)
    if guess is None or guess == chosen:
        return chosen
    if _KK_LETTERS.search(text):
        return guess  # Kazakh letters, or a Russian sentence around a Kazakh name: both unambiguous
    cyr = len(_CYR.findall(text))
    lat = len(_LAT.findall(text))
    if lat > cyr:
        latin = re.findall(r"[a-z]+", text.lower())
        lead = sum(w in (_RU_LATIN_WORDS if guess == "ru" else _KK_LATIN_WORDS) for w in latin)
        return guess if lead >= (1 if guess == "kk" else 2) else chosen  # Latin letters lean Kazakh
    if re.search(r"[\u0400-\u04ff][iI]|[iI][\u0400-\u04ff]", text):
        return guess
    kk, ru = _cyrillic_scores([w for w in fold(_unquoted(text)).split() if _CYR.search(w)])
    win, lose = (kk, ru) if guess == "kk" else (ru, kk)
    return guess if win >= 2 and win >= 2 * lose else chosen
