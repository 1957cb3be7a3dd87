"""Phone numbers as citizens type them: one rule for every form that asks for one (appeals, legal-help bookings).

Pure function, no I/O and no aiogram: ``normalize_phone(text)`` gives ``+7XXXXXXXXXX`` or None.

What is accepted. A Kazakhstan number with or without its prefix, written the ways people write it:
``+7 701 234 56 78``, ``+77012345678``, ``8 (701) 234-56-78``, ``87012345678``, ``7 701 234 56 78``,
``701.234.56.78``, ``7012345678``, ``8 (7242) 23-45-67`` (a Kyzylorda landline). Between and around the digits
may stand spaces (any kind, the no-break ones too), brackets, dots, the hyphen and its typographic relatives that
phones and word processors put in (‐ ‑ ‒ – — ― and the minus sign −), and the invisible direction marks and
zero-width characters a number copied from a contact card often carries.

What is refused (None, and the form asks again politely):

- digits other than ASCII 0-9. ``str.isdigit()`` also accepts Arabic-Indic, fullwidth, superscript and other
  digits; they are refused, so a stored number is always plain ASCII that staff can dial and search;
- anything else in the text (letters, a second "+", a "+" that is not at the start);
- a wrong number of digits: ``+7`` and ten digits, ``8`` or ``7`` and ten digits, or the ten digits alone;
- numbers that are not Kazakh. Russia shares the country code +7, but its ten digits start with 3, 4, 8 or 9;
  Kazakhstan's start with 7 (mobile 70x, 747, 75x, 76x, 77x; landline area codes 7xx, 7242 for Kyzylorda).
  Only those are accepted, as both forms did before they shared this function; other country codes are
  refused as well. A citizen without a Kazakh number can still share their own Telegram contact in the appeal
  form, which keeps it as Telegram gives it (bot.services.appeals.normalise_contact_phone); the booking form
  checks a shared contact with this function too.
"""

from __future__ import annotations

import re

__all__ = ["normalize_phone"]

_SEPARATORS = re.compile(
    r"[\s().\-"  # any Unicode space, brackets, dots, the hyphen-minus
    r"\u2010-\u2015\u2212"  # ‐ ‑ ‒ – — ― and the minus sign −
    r"\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"  # zero-width characters and direction marks
)
_ASCII_DIGITS = frozenset("0123456789")


def normalize_phone(text: str | None) -> str | None:
    """A Kazakhstan number in any usual spelling as ``+7XXXXXXXXXX``; None when it is not one (see the module)."""
    if text is None:
        return None
    compact = _SEPARATORS.sub("", text)
    plus = compact.startswith("+")
    digits = compact[1:] if plus else compact
    if not digits or not _ASCII_DIGITS.issuperset(digits):
        return None
    if plus:
        if len(digits) != 11 or digits[0] != "7":
            return None
        digits = digits[1:]
    elif len(digits) == 11 and digits[0] in "78":
        digits = digits[1:]
    elif len(digits) != 10:
        return None
    return "+7" + digits if digits[0] == "7" else None
