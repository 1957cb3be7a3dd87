"""Fill msgstr in locales/{kk,ru} from a Python file that defines T = {msgid: (kk, ru)}.

Plural messages: the key is (singular, plural) and the value ((kk forms...), (ru forms...)).

Used by developers after `pybabel update` to add many translations at once; existing non-empty
translations are overwritten only with --force. Usage: python scripts/fill_translations.py FILE [--force]
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    source = runpy.run_path(sys.argv[1])["T"]
    force = "--force" in sys.argv
    for index, lang in enumerate(("kk", "ru")):
        path = ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        for msgid, texts in source.items():
            text = tuple(texts[index]) if isinstance(msgid, tuple) else texts[index]
            message = catalog.get(msgid[0] if isinstance(msgid, tuple) else msgid)
            if message is None:
                catalog.add(msgid, text)
            elif force or not all(message.string if isinstance(message.string, tuple) else [message.string]) \
                    or message.fuzzy:
                message.string = text
                message.flags.discard("fuzzy")
        with path.open("wb") as fh:
            write_po(fh, catalog, width=0, omit_header=False)
        print(f"{lang}: {len(catalog)} messages")


if __name__ == "__main__":
    main()
