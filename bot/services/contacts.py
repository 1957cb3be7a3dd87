"""A branch's contacts (street address, phone, working hours, map link) from data/venues.toml.

Every field is optional: the source article gives none of them, so they ship empty and the bot shows only what
is filled. Staff fill them from a verified source; ``parse_contacts`` checks what they typed (the one validator:
the venues loader and ``python -m bot check`` both use it).

In venues.toml, inside a [[venue]]::

    contacts.street.kk = "Әйтеке би көшесі, 1"     # both languages or neither
    contacts.street.ru = "ул. Айтеке би, 1"
    contacts.phone = "+7 7242 00 00 00"           # a Kazakhstan number, +7 or 8 and 10 digits
    contacts.hours.kk = "Дс–Жм, 09:00–18:00"      # both languages or neither
    contacts.hours.ru = "Пн–Пт, 09:00–18:00"
    contacts.map = "https://2gis.kz/…"            # an https link
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

LANGUAGES = ("kk", "ru")
FIELDS = ("street", "phone", "hours", "map")
TEXT_MAX = 200
URL_MAX = 500
_PHONE_CHARS = re.compile(r"^[+\d][\d ()\-]*$")


@dataclass(frozen=True)
class Contacts:
    street: dict[str, str] = field(default_factory=dict)  # language -> street and house; {} when unknown
    phone: str = ""
    hours: dict[str, str] = field(default_factory=dict)  # language -> working hours; {} when unknown
    map_url: str = ""

    @property
    def filled(self) -> bool:
        return bool(self.street or self.phone or self.hours or self.map_url)

    def missing(self) -> list[str]:
        """The fields not filled in (for ``python -m bot check``'s warnings)."""
        have = {"street": bool(self.street), "phone": bool(self.phone), "hours": bool(self.hours),
                "map": bool(self.map_url)}
        return [name for name in FIELDS if not have[name]]


NO_CONTACTS = Contacts()


def _pair(raw: dict[str, Any], name: str, where: str) -> dict[str, str]:
    value = raw.get(name, {})
    if not isinstance(value, dict) or set(value) - set(LANGUAGES):
        raise ValueError(f"{where}: contacts.{name} must have only .kk and .ru texts")
    texts = {lang: value.get(lang, "") for lang in LANGUAGES}
    for lang, text in texts.items():
        if not isinstance(text, str):
            raise ValueError(f"{where}: contacts.{name}.{lang} must be a text")
        if "\n" in text or len(text.strip()) > TEXT_MAX:
            raise ValueError(f"{where}: contacts.{name}.{lang} must be one line of at most {TEXT_MAX} characters")
    filled = {lang: text.strip() for lang, text in texts.items() if text.strip()}
    if len(filled) == 1:
        lacking = next(lang for lang in LANGUAGES if lang not in filled)
        raise ValueError(f"{where}: contacts.{name}.{lacking} is empty while the other language is filled")
    return filled


def valid_phone(text: str) -> bool:
    """A Kazakhstan number as people write it: +7 or 8, then 10 digits, spaces, brackets and dashes allowed."""
    if not _PHONE_CHARS.match(text):
        return False
    digits = re.sub(r"\D", "", text)
    return (text.startswith("+7") and len(digits) == 11) or (text.startswith("8") and len(digits) == 11)


def valid_url(text: str) -> bool:
    parsed = urlparse(text)
    return parsed.scheme == "https" and bool(parsed.netloc) and " " not in text and len(text) <= URL_MAX


def parse_contacts(raw: Any, where: str) -> Contacts:
    """``raw`` is a [[venue]]'s ``contacts`` table (or None). A ValueError starts with ``where``."""
    if raw is None:
        return NO_CONTACTS
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: contacts must be a table (contacts.phone = \"…\" and so on)")
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise ValueError(f"{where}: unknown contacts field {unknown[0]!r} (known: {', '.join(FIELDS)})")
    phone = raw.get("phone", "")
    if not isinstance(phone, str) or (phone.strip() and not valid_phone(phone.strip())):
        raise ValueError(f"{where}: contacts.phone {phone!r} is not a Kazakhstan phone number (+7 … or 8 …, "
                         "10 digits after the code)")
    map_url = raw.get("map", "")
    if not isinstance(map_url, str) or (map_url.strip() and not valid_url(map_url.strip())):
        raise ValueError(f"{where}: contacts.map {map_url!r} must be an https:// link")
    return Contacts(_pair(raw, "street", where), phone.strip(), _pair(raw, "hours", where), map_url.strip())
