"""Hypothesis strategies for text as Telegram delivers it, shared by the property-based tests."""

from __future__ import annotations

from hypothesis import strategies as st

# Text as citizens type it, to reach the interesting paths more often than uniform Unicode does: Kazakh and
# Russian letters, Kazakh typed in Latin or on a Russian keyboard, digits, FTS5 syntax, HTML, emoji, odd spaces.
PIECES = (
    list("әғқңөұүһіӘҒҚҢӨҰҮҺІабвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")
    + list("abcdefghijklmnopqrstuvwxyzqwxhASHZ0123456789")
    + list(" \t\n\u00a0\u200b\u202f-_'\"*^:()[]{}.,;!?«»–—/\\<>&%$#@+=|~`")
    + ["NEAR", "AND", "OR", "NOT", "😀", "🇰🇿", "\u0301", "\ufeff", "ﬁ", "Ⅻ", "𝔸", "İ", "ß", " ", " ", " "]
    + ["газ", "мектеп", "пәтер", "квартир", "қанша", "сколько", "qansha", "auyl", "amanaty", "kukyktyk", "2024"]
)
MIXED = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)
# Telegram delivers at most 4096 characters; a few long ones, mostly short ones as people write.
LONG = st.builds(lambda piece, n: (piece * n)[:4096], st.text(min_size=1, max_size=40), st.integers(100, 4096))
ANY_TEXT = st.one_of(st.text(max_size=300), MIXED, LONG)
