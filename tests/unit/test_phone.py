"""Phone numbers as citizens type them: the one rule both forms (appeals, legal-help bookings) use."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text.phone import normalize_phone
from tests.strategies import ANY_TEXT

STORED = re.compile(r"\+77[0-9]{9}", re.ASCII)


@pytest.mark.parametrize(
    "raw",
    [
        # the usual spellings, with and without a prefix
        "+7 701 234 56 78", "+77012345678", "8 701 234 56 78", "87012345678", "7 701 234 56 78", "77012345678",
        "701 234 56 78", "7012345678", "701 234 5678", " +7 701 234 56 78 ",
        # brackets, ASCII dashes, dots
        "+7 (701) 234-56-78", "8 (701) 234-56-78", "8-701-234-56-78", "(701) 234 56 78", "8.701.234.56.78",
        "+7(701)2345678", "+ 7 701 234 56 78",
        # typographic dashes (‐ ‑ ‒ – — ―) and the minus sign, as phones and word processors write them
        "8\u2010701\u2010234\u201056\u201078", "8\u2011701\u2011234\u201156\u201178", "+7 701\u2012234\u201256\u201278",
        "+7 701 – 234 – 56 – 78", "+7 (701) 234—56—78", "8 701―234―56―78", "8\u2212701\u2212234\u221256\u221278",
        # no-break and narrow spaces, tabs; direction marks and zero-width characters of a copied contact
        "+7\u00a0701\u00a0234\u00a056\u00a078", "+7\u202f701\u202f234\u202f56\u202f78", "8\t701\t2345678",
        "\u202a+7 701 234 56 78\u202c", "\u2068+7 701 234 56 78\u2069", "\ufeff87012345678", "\u200e+77012345678",
        "+7\u200b701\u200b234\u200b56\u200b78",
    ],
)
def test_kazakh_mobile_spellings(raw: str) -> None:
    assert normalize_phone(raw) == "+77012345678"


@pytest.mark.parametrize("raw", ["8 (7242) 23-45-67", "+7 7242 23 45 67", "7242 234567", "8 7242 23 45 67"])
def test_landline_of_kyzylorda(raw: str) -> None:
    assert normalize_phone(raw) == "+77242234567"


@pytest.mark.parametrize(
    "raw",
    [
        None, "", " ", "+", "-", "()", "phone", "телефон", "+7 701 234 56 7a", "тел. 87012345678",
        # too few or too many digits, or a prefix where there is none
        "12345", "701234567", "8701234567", "+7012345678", "+7 701 234 56 789", "+7701234567890",
        "87 701 234 56 78", "007 701 234 56 78",
        # "+" anywhere but the start, twice, or with another country code
        "++77012345678", "8701+2345678", "+87012345678", "+8 701 234 56 78", "+1 701 234 5678",
        "+380 67 123 45 67", "+998 90 123 45 67",
        # Russia shares +7, but its numbers do not start with 7
        "+7 912 345 67 89", "89123456789", "9123456789", "+7 495 123 45 67", "8 (812) 123-45-67",
        "+7 301 234 56 78",
        # digits of other scripts, which str.isdigit() takes for digits
        "٨٧٠١٢٣٤٥٦٧٨",  # Arabic-Indic
        "۸۷۰۱۲۳۴۵۶۷۸",  # Extended Arabic-Indic (Persian)
        "８７０１２３４５６７８",  # fullwidth
        "+7 ７０１ 234 56 78",  # fullwidth in the middle
        "८७०१२३४५६७८",  # Devanagari
        "+7 701 234 56 7\u00b2",  # a superscript two
        "+7 701 234 56 7\U0001d7d6",  # mathematical bold eight
        # separators we do not take: slashes, underscores, letters that look like digits
        "8/701/234/56/78", "8_701_234_56_78", "8 7O1 234 56 78",
    ],
)
def test_other_input_is_refused(raw: str | None) -> None:
    assert normalize_phone(raw) is None


@settings(max_examples=400, deadline=None)
@given(text=ANY_TEXT)
def test_any_text_gives_a_stored_form_or_none(text: str) -> None:
    result = normalize_phone(text)
    assert result is None or STORED.fullmatch(result), result
    if result is not None:
        assert normalize_phone(result) == result  # the stored form is accepted as it is


SEPARATORS = [" ", "-", ".", "(", ")", "\u00a0", "\u202f", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014",
              "\u2212", "\u200e", "\u2068", "\u2069"]


@st.composite
def typed_kazakh_number(draw: st.DrawFn) -> tuple[str, str]:
    """A Kazakh number (ten digits starting with 7) as someone might type it, and its stored form."""
    ten = "7" + draw(st.text(alphabet="0123456789", min_size=9, max_size=9))
    prefix = draw(st.sampled_from(["+7", "8", "7", ""]))
    chars = list(prefix + ten)
    # separators between (and around) the characters, never inside "+7"
    spelled = []
    for index, char in enumerate(chars):
        if not (prefix == "+7" and index == 1):
            spelled.append(draw(st.text(alphabet=SEPARATORS, max_size=2)))
        spelled.append(char)
    spelled.append(draw(st.text(alphabet=SEPARATORS, max_size=2)))
    return "".join(spelled), "+7" + ten


@settings(max_examples=400, deadline=None)
@given(case=typed_kazakh_number())
def test_every_usual_spelling_of_a_kazakh_number_is_stored_the_same(case: tuple[str, str]) -> None:
    typed, stored = case
    assert normalize_phone(typed) == stored


NON_ASCII_DIGITS = st.characters(categories=["Nd"]).filter(lambda c: c not in "0123456789")


@settings(max_examples=300, deadline=None)
@given(case=typed_kazakh_number(), digit=NON_ASCII_DIGITS, where=st.integers(min_value=0))
def test_a_digit_of_another_script_is_never_taken(case: tuple[str, str], digit: str, where: int) -> None:
    typed = case[0]
    positions = [i for i, c in enumerate(typed) if c in "0123456789"]
    at = positions[where % len(positions)]
    assert digit.isdigit()  # what str.isdigit() would have let through
    assert normalize_phone(typed[:at] + digit + typed[at + 1:]) is None


@settings(max_examples=300, deadline=None)
@given(ten=st.text(alphabet="0123456789", min_size=10, max_size=10).filter(lambda d: d[0] != "7"),
       prefix=st.sampled_from(["+7", "8", "7", ""]))
def test_plus_seven_numbers_outside_kazakhstan_are_refused(ten: str, prefix: str) -> None:
    assert normalize_phone(prefix + ten) is None
