"""bot/text/limits.py: texts the bot composes are cut and split to fit Telegram's limits, checked with
Telegram's own HTML parser as the fake Bot API server runs it (tests/telegram_rules.py)."""

from __future__ import annotations

from aiogram import html
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text import limits
from tests.telegram_rules import check_text, parse_html, telegram_length


def telegram_accepts(text: str, limit: int = limits.MESSAGE_LIMIT) -> bool:
    parsed = parse_html(text)  # raises on malformed HTML
    return 0 < telegram_length(parsed.text) <= limit


def test_length_counts_what_telegram_counts() -> None:
    text = "<b>Сәлем</b>, &lt;Айгүл&gt; &amp; 😀 &#1179;"
    assert limits.length(text) == telegram_length(parse_html(text).text) == len("Сәлем, <Айгүл> & 😀 қ")
    # "&nbsp;" is not a reference Telegram knows: it stays six characters
    assert limits.length("a&nbsp;b") == telegram_length(parse_html("a&nbsp;b").text) == 8


def test_truncate_and_quote_mark_the_cut() -> None:
    assert limits.truncate("қысқа", 10) == "қысқа"
    cut = limits.truncate("сөз " * 100, 50)
    assert len(cut) <= 50 and cut.endswith("…") and not cut.endswith(" …")
    quoted = limits.quote("<script> & " * 100, 40)
    assert telegram_length(parse_html(quoted).text) <= 40 and quoted.endswith("…")


def test_a_long_answer_is_split_at_line_breaks_with_its_formatting_carried_over() -> None:
    paragraph = "Жауап: " + "<b>" + html.quote("жол < 5 & " * 40) + "</b>" + "\n"
    text = "💬 <b>A-2026-00001</b>\n\n" + paragraph * 30
    assert limits.length(text) > 4096
    parts = limits.split(text)
    assert len(parts) >= 3
    for part in parts:
        assert telegram_accepts(part), part[:80]
        assert part.count("<b>") == part.count("</b>")
    # nothing lost but the whitespace at the cuts
    joined = "".join(parse_html(p).text for p in parts)
    assert joined.split() == parse_html(text).text.split()


def test_a_text_without_spaces_is_still_split() -> None:
    text = "<i>" + "ы" * 10_000 + "</i>"
    parts = limits.split(text, 4096)
    assert [telegram_length(parse_html(p).text) for p in parts] == [4096, 4096, 1808]


def test_fit_cuts_and_closes_the_tags() -> None:
    text = "<b>" + "сөз " * 2000 + "</b>"
    fitted = limits.fit(text)
    assert telegram_accepts(fitted) and fitted.endswith("…</b>")
    assert limits.fit("қысқа <b>мәтін</b>") == "қысқа <b>мәтін</b>"


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(st.text(min_size=1, max_size=300), st.sampled_from(["\n", " ", "😀", "&", "<", ">"])),
             min_size=1, max_size=60),
    st.lists(st.sampled_from(["b", "i", "u", "code"]), max_size=60),
    st.integers(min_value=20, max_value=600),
)
def test_any_escaped_text_with_formatting_splits_into_parts_telegram_accepts(
    pieces: list[str], tags: list[str], limit: int
) -> None:
    text = ""
    for index, piece in enumerate(pieces):
        escaped = html.quote(piece)
        text += f"<{tags[index]}>{escaped}</{tags[index]}>" if index < len(tags) else escaped
    if not parse_html(text).text.strip():
        return
    for part in limits.split(text, limit):
        check_text(part, "HTML")  # Telegram's refusal raises
        assert telegram_length(parse_html(part).text) <= limit
    fitted = limits.fit(text, limit)
    assert telegram_length(parse_html(fitted).text) <= limit

