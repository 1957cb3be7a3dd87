"""Backups while the bot writes: a consistent, self-contained, atomically written copy."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.backup import backup_database, main
from bot.db.connection import migration_files
from bot.db.database import Database


async def fill(db: Database, n: int) -> None:
    async with db.transaction() as tx:
        await tx.executemany(
            "INSERT INTO users (id, first_name) VALUES (?, ?)", [(i, "x" * 200) for i in range(1, n + 1)]
        )
        await tx.executemany("INSERT INTO consents (user_id, version) VALUES (?, 1)", [(i,) for i in range(1, n + 1)])


async def test_backup_while_another_task_writes_continuously(tmp_path: Path) -> None:
    source = tmp_path / "bot.sqlite3"
    db = await Database.open(source)
    await fill(db, 20_000)
    written = 0
    stop, running = asyncio.Event(), asyncio.Event()

    async def writer() -> None:
        nonlocal written
        next_id = 1_000_000
        while not stop.is_set():
            # a user and their consent always together: a consistent copy has both or neither
            async with db.transaction() as tx:
                await tx.execute("INSERT INTO users (id, first_name) VALUES (?, 'w')", (next_id,))
                await tx.execute("INSERT INTO consents (user_id, version) VALUES (?, 1)", (next_id,))
            next_id += 1
            written += 1
            if written == 20:
                running.set()
            await asyncio.sleep(0)

    task = asyncio.create_task(writer())
    try:
        await running.wait()
        before = written
        reports = [await asyncio.to_thread(backup_database, source, tmp_path / f"copy{i}.sqlite3") for i in range(3)]
        during = written - before
    finally:
        stop.set()
        await task
        await db.close()
    assert during > 0, "the writer was not running during the backups"

    for report in reports:
        assert report.path.exists() and not report.path.with_name(report.path.name + ".tmp").exists()
        assert not report.path.with_name(report.path.name + "-wal").exists()
        conn = sqlite3.connect(report.path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
            users = conn.execute("SELECT count(*) FROM users").fetchone()[0]
            consents = conn.execute("SELECT count(*) FROM consents").fetchone()[0]
        finally:
            conn.close()
        assert users == consents, "a transaction was copied half-way"
        assert 20_000 < users <= 20_000 + written
        assert report.tables["users"] == users and report.schema_version == migration_files()[-1][0]
        assert "kb_fts_data" not in report.tables
        # the copy opens with our migrations, as a restored database would
        restored = await Database.open(report.path)
        try:
            assert await restored.fetchval("SELECT count(*) FROM users") == users
        finally:
            await restored.close()


async def test_backup_to_a_directory_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "bot.sqlite3"
    db = await Database.open(source)
    await fill(db, 3)
    try:
        folder = tmp_path / "backups"
        folder.mkdir()
        assert main(source, folder) == 0
        out = capsys.readouterr().out
        copies = list(folder.glob("bot-*.sqlite3"))
        assert len(copies) == 1 and str(copies[0]) in out
        assert "integrity ok" in out and "users" in out and "3 rows" in out

        assert main(tmp_path / "missing.sqlite3", tmp_path / "x.sqlite3") == 2
        assert "no database at" in capsys.readouterr().err
        assert not (tmp_path / "missing.sqlite3").exists() and not (tmp_path / "x.sqlite3").exists()
        assert main(source, source) == 2
        assert "must not overwrite" in capsys.readouterr().err
    finally:
        await db.close()
