"""Gettext catalogs: compiled from the .po files on start, so that staff edit a .po and restart."""

from __future__ import annotations

import logging
from pathlib import Path

from aiogram.utils.i18n import I18n
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

log = logging.getLogger(__name__)

LANGUAGES = ("kk", "ru")
DOMAIN = "messages"


def N_(message: str) -> str:
    """Marks a message for extraction without translating it (translated later, in the user's locale)."""
    return message


def compile_catalogs(locales_dir: Path) -> None:
    """Write ``messages.mo`` next to every ``messages.po`` that is newer than it (or has none)."""
    for lang in LANGUAGES:
        po_path = locales_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        mo_path = po_path.with_suffix(".mo")
        if not po_path.exists():
            raise FileNotFoundError(f"missing translation catalog {po_path}")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=lang, domain=DOMAIN)
        with mo_path.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        log.info("compiled %s", mo_path)


def make_i18n(locales_dir: Path, default_language: str) -> I18n:
    compile_catalogs(locales_dir)
    return I18n(path=locales_dir, default_locale=default_language, domain=DOMAIN)


def translations_of(i18n: I18n, message: str) -> frozenset[str]:
    """The message in every language: reply-keyboard buttons are matched in any language, so that a keyboard
    left over from before a language switch still works."""
    return frozenset(i18n.gettext(message, locale=lang) for lang in LANGUAGES)
