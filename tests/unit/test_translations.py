"""Every message a person can see exists in Kazakh and in Russian, with the same placeholders and markup."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "gettext": None, "N_": None, "__": None, "lazy_gettext": None,
            "ngettext": (1, 2), "ngettext_lazy": (1, 2)}
# {name} or {name:case}: a Kazakh case ending put by bot.grammar (``{due:dat}``); the name must be the msgid's
PLACEHOLDER = re.compile(r"\{([a-z_0-9]*)(?::(?:dat|loc|abl|gen|acc|poss))?\}")
TAG = re.compile(r"</?([a-z]+)[^>]*>")


def source_messages() -> set[str]:
    found: set[str] = set()
    method_map = [("bot/**.py", "python")]
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=KEYWORDS
    ):
        if isinstance(message, tuple):  # a plural message: the catalog knows it by its singular msgid
            if message[0]:
                found.add(message[0])
        elif message:
            found.add(message)
    return found


def catalog(lang: str):  # type: ignore[no-untyped-def]
    with (ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=lang)


MESSAGES = sorted(source_messages())


def test_source_has_messages() -> None:
    assert len(MESSAGES) > 20


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_message_is_translated(lang: str) -> None:
    cat = catalog(lang)
    problems = []
    for msgid in MESSAGES:
        msg = cat.get(msgid)
        if msg is None:
            problems.append(f"missing: {msgid!r}")
            continue
        strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
        if not all(s and s.strip() for s in strings):
            problems.append(f"empty: {msgid!r}")
        elif msg.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
    assert not problems, f"{lang}: {len(problems)} problems:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_translations_keep_placeholders_and_tags(lang: str) -> None:
    cat = catalog(lang)
    problems = []
    for msgid in MESSAGES:
        msg = cat.get(msgid)
        if msg is None or not msg.string:
            continue
        ids = msg.id if isinstance(msg.id, tuple) else (msg.id,)
        strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
        want_ph = set(PLACEHOLDER.findall(ids[0]))
        want_tags = sorted(TAG.findall(ids[0]))
        for s in strings:
            if set(PLACEHOLDER.findall(s)) - (want_ph | set(PLACEHOLDER.findall(ids[-1]))):
                problems.append(f"placeholders differ: {msgid!r} -> {s!r}")
            if sorted(TAG.findall(s)) != want_tags:
                problems.append(f"HTML tags differ: {msgid!r} -> {s!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_kazakh_and_russian_differ_from_english_source(lang: str) -> None:
    """A msgstr copied from the English msgid is an untranslated string in disguise."""
    cat = catalog(lang)
    copied = [
        m.id for m in cat
        if m.id and isinstance(m.id, str) and m.string == m.id and re.search(r"[A-Za-z]{4,}", m.id)
        and m.id in MESSAGES
    ]
    assert not copied, copied


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_catalog_holds_no_stale_messages(lang: str) -> None:
    """The catalogs are the one source of the texts: an entry the code no longer uses is a copy nobody reads."""
    wanted = set(MESSAGES)
    stale = [m.id for m in catalog(lang) if m.id and (m.id[0] if isinstance(m.id, tuple) else m.id) not in wanted]
    assert not stale, f"{lang}: remove these from the catalog (or run pybabel update): {stale}"
