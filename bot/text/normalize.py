"""Letter folding, Latin-script Kazakh to Cyrillic, tokenising and search keys.

Everything here is a pure function of its input; the same functions run on the knowledge base when it is
indexed and on a citizen's question when it is searched, so that both meet in one spelling:

* :func:`fold` lowercases, maps the Kazakh letters to the Russian look-alikes that people type on a Russian
  keyboard (құқықтық -> кукыктык), ё -> е, and replaces punctuation, symbols and emoji with spaces;
* :func:`latin_to_cyrillic` reads Kazakh typed in Latin letters: the official alphabets of 2017 (apostrophes),
  2018 (acute accents: á, ǵ, ı, ń, ó, ú, ý, sh, ch) and 2021 (ä, ğ, ı, ñ, ö, ş, ç, ü, ū) and everyday
  spellings (q, sh, ch, zh/j, ng, kh, ts, ya/ia, yu/iu, w);
* :func:`normalize` does both; :func:`tokenize` splits the result into words;
* :func:`search_key` is the last, lossy step applied to a (stemmed) word: it removes differences that
  careless typing and transliteration make anyway (й/и, я/иа, ь, doubled letters, нг/ң).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "fold",
    "has_cyrillic",
    "has_latin",
    "latin_to_cyrillic",
    "normalize",
    "search_key",
    "tokenize",
]

# Kazakh-specific letters -> what people type on a Russian keyboard; ё -> е; э -> а (пэтер = пәтер = патер).
_FOLD = str.maketrans(
    {
        "ә": "а",
        "ғ": "г",
        "қ": "к",
        "ң": "н",
        "ө": "о",
        "ұ": "у",
        "ү": "у",
        "і": "и",
        "һ": "х",
        "ё": "е",
        "э": "а",
        # Letters of other Cyrillic alphabets that sometimes stand in for the Kazakh ones.
        "ӣ": "и",
        "ї": "и",
        "ў": "у",
        "ҳ": "х",
        "ҡ": "к",
        "ҝ": "к",
        "ӯ": "у",
        "ӊ": "н",
        "ӈ": "н",
        "ҙ": "з",
    }
)

# Latin letters that look like Cyrillic ones, used only inside a word that mixes both scripts
# ("мектепi" typed with a Latin i).
_LOOKALIKE = str.maketrans(
    {
        "a": "а",
        "e": "е",
        "o": "о",
        "p": "р",
        "c": "с",
        "x": "х",
        "y": "у",
        "k": "к",
        "m": "м",
        "t": "т",
        "h": "һ",
        "i": "і",
        "b": "в",
    }
)

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-z\u00c0-\u024f]", re.IGNORECASE)
_WORD_SPLIT = re.compile(r"(\d+)")
_WORD = re.compile(r"\w+")
# Combining marks (stress accents and the like) of the Basic Multilingual Plane.
_COMBINING = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in range(0x300, 0x10000) if unicodedata.combining(chr(c))) + "]"
)
_NOT_WORD = re.compile(r"[\W_]+")
_VOWELS_LAT = set("aeiouyáäóöúüūıýéí")
_VOWELS_CYR = set("аәеёиіоөуұүыэюя")

# Multi-letter Latin sequences first (longest match wins), then single letters.
_LATIN_MULTI: dict[str, str] = {
    "shch": "щ",
    "sch": "щ",
    "sh": "ш",
    "ch": "ч",
    "zh": "ж",
    "kh": "х",
    "gh": "ғ",
    "ya": "я",
    "yu": "ю",
    "yo": "ё",
    "ye": "е",
    "iu": "ию",
    "ia": "ия",
    "ng": "нг",
}
_LATIN_SINGLE: dict[str, str] = {
    "a": "а",
    "b": "б",
    "c": "с",
    "d": "д",
    "e": "е",
    "f": "ф",
    "g": "г",
    "h": "х",
    "i": "і",
    "j": "ж",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "q": "қ",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "v": "в",
    "w": "у",
    "x": "х",
    "y": "ы",
    "z": "з",
    # 2018 (acute accents)
    "á": "ә",
    "ǵ": "ғ",
    "ı": "и",
    "ń": "ң",
    "ó": "ө",
    "ú": "ү",
    "ý": "у",
    # 2021 and other diacritics people use
    "ä": "ә",
    "ğ": "ғ",
    "ñ": "ң",
    "ö": "ө",
    "ş": "ш",
    "ç": "ч",
    "ü": "ү",
    "ū": "ұ",
    "í": "и",
    "é": "е",
    "è": "е",
    "à": "а",
    "â": "ә",
    "ô": "ө",
    "û": "ү",
    "ǹ": "ң",
}
# 2017 alphabet: a letter followed by an apostrophe.
_APOSTROPHES = "'’ʼ`´ʻ"
_LATIN_APOSTROPHE: dict[str, str] = {
    "a": "ә",
    "g": "ғ",
    "i": "и",
    "n": "ң",
    "o": "ө",
    "u": "ү",
    "y": "у",
    "s": "ш",
    "c": "ч",
}
_LATIN_WORD = re.compile(r"[a-z\u00c0-\u024f" + _APOSTROPHES + r"]+")


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


def has_latin(text: str) -> bool:
    return _LATIN.search(text) is not None


def _translit_word(word: str) -> str:
    """One lowercase Latin word (may hold 2017-style apostrophes) -> Kazakh Cyrillic."""
    out: list[str] = []
    i = 0
    n = len(word)
    while i < n:
        ch = word[i]
        if ch in _APOSTROPHES:
            i += 1
            continue
        if i + 1 < n and word[i + 1] in _APOSTROPHES and ch in _LATIN_APOSTROPHE:
            out.append(_LATIN_APOSTROPHE[ch])
            i += 2
            continue
        chunk = _multi_at(word, i)
        if chunk:
            out.append(_LATIN_MULTI[chunk])
            i += len(chunk)
        elif ch == "t" and i == 0 and word[1:2] == "s":
            out.append("ц")  # tsentr -> центр
            i += 2
        elif ch == "i" and i and word[i - 1] in _VOWELS_LAT and (i + 1 == n or word[i + 1] not in _VOWELS_LAT):
            out.append("й")  # zhaily -> жайлы, kerei -> керей
            i += 1
        else:
            out.append(_LATIN_SINGLE.get(ch, ch))
            i += 1
    return "".join(out)


def _multi_at(word: str, i: int) -> str:
    for size in (4, 3, 2):
        chunk = word[i : i + size]
        if len(chunk) == size and chunk in _LATIN_MULTI:
            return chunk
    return ""


def latin_to_cyrillic(text: str) -> str:
    """Transliterate Latin-script words to Kazakh Cyrillic; Cyrillic and mixed words are left to :func:`fold`.

    >>> latin_to_cyrillic("auyl amanaty")
    'ауыл аманаты'
    """
    text = unicodedata.normalize("NFC", text).lower()

    def replace(match: re.Match[str]) -> str:
        return _translit_word(match.group(0))

    # Only words made entirely of Latin letters: "мектепi" (one Latin letter inside a Cyrillic word) is a
    # look-alike typo, handled in fold().
    parts = re.split(r"([\w" + _APOSTROPHES + r"]+)", text)
    for idx in range(1, len(parts), 2):
        word = parts[idx]
        if not _CYRILLIC.search(word) and _LATIN.search(word):
            parts[idx] = _LATIN_WORD.sub(replace, word)
    return "".join(parts)


def _fix_mixed(word: str) -> str:
    """A word mixing Cyrillic with Latin letters: the look-alikes read as Cyrillic, any other Latin letter
    transliterated ("дарiger": a Kazakh keyboard switched mid-word)."""
    if _CYRILLIC.search(word) and _LATIN.search(word):
        word = word.translate(_LOOKALIKE)
        if _LATIN.search(word):
            word = _LATIN_WORD.sub(lambda m: _translit_word(m.group(0)), word)
    return word


def fold(text: str) -> str:
    """Lowercase, fold Kazakh letters to Russian look-alikes, ё -> е, punctuation/symbols/emoji -> spaces.

    >>> fold("Құқықтық көмек!")
    'кукыктык комек'
    """
    text = unicodedata.normalize("NFC", text).lower()
    if _CYRILLIC.search(text) and _LATIN.search(text):
        text = _WORD.sub(lambda m: _fix_mixed(m.group(0)), text)
    # Combining marks left after NFC (stress accents) go; anything that is not a letter or a digit becomes
    # a word break.
    if not text.isascii():
        text = _COMBINING.sub("", text)
    return " ".join(_NOT_WORD.sub(" ", text).translate(_FOLD).split())


@lru_cache(maxsize=256)  # one message is normalised by several checks in a row (small talk, schedule, search)
def normalize(text: str) -> str:
    """Latin-script Kazakh to Cyrillic, then :func:`fold`; what the index and the query both go through."""
    return fold(latin_to_cyrillic(text))


def tokenize(text: str) -> list[str]:
    """Words of already normalised text; digits and letters glued together ("2024жылы") are split."""
    tokens: list[str] = []
    for word in text.split():
        if word.isalpha() or word.isdigit():
            tokens.append(word)
            continue
        tokens.extend(part for part in _WORD_SPLIT.split(word) if part and not part.isspace())
    return tokens


_KEY_MAP = str.maketrans({"й": "и", "ь": "", "ъ": "", "я": "иа", "ю": "иу", "ц": "тс", "щ": "ш"})
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def search_key(word: str) -> str:
    """The lossy canonical spelling of one folded (and stemmed) word, used as the indexed term.

    й -> и, я -> иа, ю -> иу, ь/ъ dropped, ц -> тс, щ -> ш, нг -> н (деңгей = dengei), doubled letters
    collapsed (партиия = партия).
    """
    if word.isdigit():
        return word
    key = word.translate(_KEY_MAP).replace("нг", "н")
    return _DOUBLE.sub(r"\1", key)


def is_vowel(ch: str) -> bool:
    return ch in _VOWELS_CYR
