"""For tests that look for personal data: every table of the database scanned for given strings (the logs:
tests/logs.py)."""

from __future__ import annotations

from pathlib import Path

from tests.harness import RunningBot


async def tables_mentioning(bot: RunningBot, *needles: str) -> list[str]:
    """"table: needle" for every needle found in any row of any table (the knowledge base's aside)."""
    assert bot.runtime is not None
    db = bot.runtime.db
    found = []
    for (table,) in await db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table' "
                                      "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kb_%'"):
        for row in await db.fetchall(f"SELECT * FROM {table}"):  # table names from sqlite_master
            line = " | ".join(str(v) for v in row)
            found += [f"{table}: {needle}" for needle in needles if needle in line]
    return found


def raw_files_mentioning(bot: RunningBot, *needles: str) -> list[str]:
    """"file: needle" for every needle whose UTF-8 bytes are anywhere in the database's files (the main file, its
    -wal and -shm), free pages and old WAL frames included: what someone with a copy of the files could read."""
    assert bot.runtime is not None
    found = []
    main = Path(bot.runtime.db.path)
    for path in (main, main.with_name(main.name + "-wal"), main.with_name(main.name + "-shm")):
        if not path.exists():
            continue
        raw = path.read_bytes()
        found += [f"{path.name}: {needle}" for needle in needles if needle.encode("utf-8") in raw]
    return found
