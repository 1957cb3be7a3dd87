"""Kazakh and Russian text for search: folding, Latin -> Cyrillic, stemming, stopwords, language guess; and phone
numbers as people type them (bot.text.phone).

Pure functions, no I/O; the same pipeline runs on the knowledge base and on questions.
"""

from bot.text.analyze import ANALYZER_VERSION, QueryWord, index_terms, query_words, term
from bot.text.lang import guess_language
from bot.text.normalize import fold, latin_to_cyrillic, normalize, search_key, tokenize
from bot.text.phone import normalize_phone
from bot.text.stem import stem_kk, stem_ru
from bot.text.stopwords import STOPWORDS, is_soft, is_stopword
from bot.text.vocabulary import Vocabulary, edit_distance

__all__ = [
    "ANALYZER_VERSION",
    "STOPWORDS",
    "QueryWord",
    "Vocabulary",
    "edit_distance",
    "fold",
    "guess_language",
    "index_terms",
    "is_soft",
    "is_stopword",
    "latin_to_cyrillic",
    "normalize",
    "normalize_phone",
    "query_words",
    "search_key",
    "stem_kk",
    "stem_ru",
    "term",
    "tokenize",
]
