"""For tests that look for personal data: every table of the database scanned for given strings (the logs:
tests/logs.py)."""

from __future__ import annotations

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
