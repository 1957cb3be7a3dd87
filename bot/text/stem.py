"""Stemming of folded words: Snowball for Russian, suffix stripping for Kazakh.

Kazakh is agglutinative (газ-дан-дыр-ыл-ды, ауыл-дар-ды, мектеп-тер-дің), and no Snowball stemmer exists
for it. :func:`stem_kk` strips suffixes from the end of a word, longest first, again and again, as long as a
stem of a safe length is left. It works on the *folded* spelling (see :func:`bot.text.normalize.fold`), so
the vowel-harmony pairs have already merged (-дың/-дің -> -дын/-дин) and a word typed on a Russian keyboard
is stemmed like one typed with Kazakh letters. The stemmer is deliberately aggressive: the same function
runs on the knowledge base and on the question, so an over-short stem only merges near relatives.
"""

from __future__ import annotations

from functools import lru_cache

import snowballstemmer

from bot.text.normalize import fold, is_vowel

__all__ = ["stem_kk", "stem_ru"]

_RU = snowballstemmer.stemmer("russian")

# Suffixes written with Kazakh letters for readability; folded below. Grouped by minimum stem length that
# must remain after stripping (counted in letters).
_KK_SUFFIXES_3 = """
    лар лер дар дер тар тер
    ның нің дың дің тың тің
    ға ге қа ке на не
    да де та те нда нде
    дан ден тан тен нан нен ннан ннен
    ды ді ты ті ны ні
    мен бен пен менен бенен пенен
    дағы дегі тағы тегі ндағы ндегі
    ымыз іміз мыз міз ыңыз іңіз ңыз ңіз ңыздар ңіздер
    сыз сіз сыздар сіздер
    сы сі
    лық лік дық дік тық тік шылық шілік
    шы ші
    лы лі
    дай дей тай тей
    ғы гі қы кі
    ша ше
    ған ген қан кен атын етін йтын йтін ытын ітін
    мақ мек бақ бек пақ пек
    ушы уші
    уда уде уға уге удың удің
    ып іп
    ыл іл
    ын ін
    ыс іс
    дыр дір тыр тір ғыз гіз қыз кіз
    лан лен дан ден тан тен
    ла ле
    лас лес дас дес тас тес
    ғалы гелі қалы келі
    са се
    айық ейік йық йік
    ым ім ың ің
    дым дім тым тім дық дік тық тік
    ғанда генде қанда кенде
    ғандықтан гендіктен
    мыш міш
    кер гер
    ыңдар іңдер
"""
# Single letters: only after a longer stem (аманат-ы, жобасы-н, сайлау-ы-на, сайла-л).
_KK_SUFFIXES_SINGLE = """
    ы і н у л
"""

_VOICELESS = frozenset("кпстфхцчшщ")
_SONORANT_GLIDE = frozenset("рйу")


def _allowed_after(suffix: str, stem: str) -> bool:
    """Kazakh suffixes change their first sound to agree with the stem's last one (ауыл-дар, жоба-лар,
    мектеп-тер); a suffix is stripped only after a letter its own variant can follow, so that аманат-ы is
    not read as амана-ты."""
    first = suffix[0]
    prev = stem[-1]
    # у after a vowel is a consonant (сайлау-ы, жағалау-ы).
    vowel = is_vowel(prev) and not (prev == "у" and len(stem) > 1 and is_vowel(stem[-2]))
    if first in "ткп":
        return prev in _VOICELESS
    if first in "дг":
        return prev not in _VOICELESS
    if first == "б":
        return prev in "мнзж"
    if first == "л":
        return vowel or prev in _SONORANT_GLIDE
    if first == "м":
        return vowel or prev in _SONORANT_GLIDE or prev in "лз"
    if first == "н":
        if suffix == "н":
            return prev in "ыи"  # accusative after a possessive: жобасы-н
        return vowel or (suffix in {"нан", "нен"} and prev in "мн")
    if first == "с" and suffix in {"сы", "си", "сын", "син"}:
        return vowel and prev in "аеоуяю"  # possessive after a vowel: жоба-сы, партия-сы (but облыс-ы)
    if first == "й":
        return vowel
    if first == "у" or first == "ш":
        return True
    if is_vowel(first):
        return not vowel
    return True


def _suffix_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for block, min_stem in ((_KK_SUFFIXES_3, 3), (_KK_SUFFIXES_SINGLE, 3)):
        for suffix in block.split():
            folded = fold(suffix)
            table[folded] = min(table.get(folded, min_stem), min_stem)
    for single in "нл":
        table[single] = 4
    return table


_KK_TABLE = _suffix_table()
_KK_BY_LENGTH = sorted({len(s) for s in _KK_TABLE}, reverse=True)
_MAX_ROUNDS = 8
# Consonants voiced before a vowel suffix: мектеп -> мектебі, көмек -> көмегі, қазақ -> қазағы.
_DEVOICE = {"б": "п", "г": "к"}


# Two-letter roots that take suffixes: үй-лер, ел-ді, су-ы, ай-да.
_SHORT_ROOTS = frozenset({"уй", "ел", "су", "ай"})


def _strip_once(word: str) -> str | None:
    for size in _KK_BY_LENGTH:
        if size >= len(word):
            continue
        suffix = word[-size:]
        min_stem = _KK_TABLE.get(suffix)
        if min_stem is None:
            continue
        stem = word[:-size]
        if stem in _SHORT_ROOTS:
            return stem
        if len(stem) < min_stem or not any(is_vowel(ch) for ch in stem):
            continue
        if not _allowed_after(suffix, stem):
            continue
        return stem
    return None


@lru_cache(maxsize=65536)
def stem_kk(word: str) -> str:
    """Stem one folded Kazakh word: мектептердин -> мектеп, ауылдарды -> ауыл, газдандырылды -> газ."""
    if not word.isalpha():
        return word
    for _ in range(_MAX_ROUNDS):
        stem = _strip_once(word)
        if stem is None:
            break
        word = stem
    if len(word) > 3 and word[-1] in _DEVOICE:
        word = word[:-1] + _DEVOICE[word[-1]]
    return word


@lru_cache(maxsize=65536)
def stem_ru(word: str) -> str:
    """Stem one folded Russian word with Snowball: газификации -> газификац."""
    if not word.isalpha():
        return word
    return str(_RU.stemWord(word))
