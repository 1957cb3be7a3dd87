"""PrivacyService on a real SQLite file: export, forget (one transaction, every table), retention, consent."""

from __future__ import annotations

import json
import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from aiogram.fsm.storage.base import StorageKey

from bot.clock import FakeClock, to_utc_iso
from bot.db.connection import migrate, migration_files
from bot.db.database import Database
from bot.db.fsm import SQLiteStorage
from bot.services.appeals import AppealService, Attachment, Draft
from bot.services.consent import PRIVACY_NOTICE_VERSION, ConsentService
from bot.services.privacy import PrivacyService, RetentionJob
from bot.services.roles import RoleService
from bot.services.workdays import WorkCalendar

ROOT = Path(__file__).resolve().parents[2]
ALICE, BOB = 501, 502
GROUP = -100_777
NOW = datetime(2025, 3, 3, 4, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "privacy.sqlite3")
    yield database
    await database.close()


async def add_citizen(db: Database, user_id: int, name: str) -> None:
    await db.execute(
        "INSERT INTO users (id, language, first_name, username) VALUES (?, 'kk', ?, ?)",
        (user_id, name, f"{name.lower()}_tg"),
    )
    await ConsentService(db).record(user_id)
    storage = SQLiteStorage(db)
    private = StorageKey(bot_id=1, chat_id=user_id, user_id=user_id)
    await storage.set_state(private, "Appeal:text")
    await storage.set_data(private, {"name": name, "phone": f"+7701234{user_id:04d}"})
    in_group = StorageKey(bot_id=1, chat_id=GROUP, user_id=user_id)
    await storage.set_data(in_group, {"draft": f"{name} in the group"})


class FakeAppeals:
    """A feature's provider as the appeals service will be: its own table, rows referring to users."""

    name = "appeals"

    def __init__(self, db: Database, fail: bool = False) -> None:
        self.db = db
        self.fail = fail

    async def setup(self) -> None:
        await self.db.execute(
            "CREATE TABLE IF NOT EXISTS t_appeals (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id), "
            "name TEXT, text TEXT, status TEXT, closed_at TEXT)"
        )

    async def export_user(self, user_id: int) -> dict[str, Any]:
        rows = await self.db.fetchall("SELECT id, text, status FROM t_appeals WHERE user_id = ?", (user_id,))
        return {"appeals": [{"id": r[0], "text": r[1], "status": r[2]} for r in rows]}

    async def forget_user(self, user_id: int) -> dict[str, Any]:
        async with self.db.transaction() as tx:
            open_ids = [int(r[0]) for r in await tx.fetchall(
                "SELECT id FROM t_appeals WHERE user_id = ? AND status = 'open'", (user_id,))]
            await tx.execute(
                "UPDATE t_appeals SET user_id = NULL, name = NULL, text = NULL WHERE user_id = ?", (user_id,)
            )
            if self.fail:
                raise RuntimeError("disk full")
        return {"open_appeals": len(open_ids), "open_tickets": [f"A-2025-{i:05d}" for i in open_ids]}

    async def anonymise_before(self, moment: datetime) -> int:
        return await self.db.execute(
            "UPDATE t_appeals SET name = NULL, text = NULL WHERE status = 'closed' AND closed_at < ? "
            "AND text IS NOT NULL", (to_utc_iso(moment),)
        )


async def everything(db: Database) -> str:
    """Every value in every table, as one string."""
    tables = [r[0] for r in await db.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kb_%'"
    )]
    dump = []
    for table in tables:
        for row in await db.fetchall(f"SELECT * FROM {table}"):
            dump.append(f"{table}: " + " | ".join(str(v) for v in row))
    return "\n".join(dump)


async def test_export_holds_only_the_citizens_own_data(db: Database) -> None:
    await add_citizen(db, ALICE, "Айгүл")
    await add_citizen(db, BOB, "Бауыржан")
    await RoleService(db, []).grant(ALICE, "operator", granted_by=BOB)
    privacy = PrivacyService(db, FakeClock(NOW))
    document = await privacy.export(ALICE)
    text = json.dumps(document, ensure_ascii=False)
    assert document["telegram_user_id"] == ALICE
    assert document["exported_at"] == "2025-03-03T04:00:00Z"
    core = document["data"]["core"]
    assert core["profile"]["first_name"] == "Айгүл" and core["profile"]["username"] == "айгүл_tg"
    assert core["consents"][0]["notice_version"] == PRIVACY_NOTICE_VERSION
    forms = {json.dumps(f["answers"], ensure_ascii=False) for f in core["unfinished_forms"]}
    assert any(f"+7701234{ALICE:04d}" in f for f in forms) and any("Айгүл in the group" in f for f in forms)
    assert core["staff_roles"] == [{"role": "operator", "granted_at": core["staff_roles"][0]["granted_at"]}]
    assert "Бауыржан" not in text and str(BOB) not in text  # not even the id of the admin who granted the role
    json.loads(PrivacyService.to_json(document))  # serialisable, UTF-8


async def test_forget_erases_the_citizen_from_every_table_and_only_them(db: Database) -> None:
    await add_citizen(db, ALICE, "Айгүл")
    await add_citizen(db, BOB, "Бауыржан")
    await RoleService(db, []).grant(BOB, "operator", granted_by=ALICE)
    appeals = FakeAppeals(db)
    await appeals.setup()
    await db.execute("INSERT INTO t_appeals (user_id, name, text, status) VALUES (?, 'Айгүл', 'жол жөндеу', 'open')",
                     (ALICE,))
    await db.execute("INSERT INTO t_appeals (user_id, name, text, status) VALUES (?, 'Айгүл', 'су', 'closed')",
                     (ALICE,))
    await db.execute("INSERT INTO t_appeals (user_id, name, text, status) VALUES (?, 'Бауыржан', 'газ', 'open')",
                     (BOB,))
    privacy = PrivacyService(db, FakeClock(NOW))
    privacy.register(appeals)
    report = await privacy.forget(ALICE)

    assert report.open_appeals == 1 and report.open_tickets == ["A-2025-00001"]
    assert report.reports["core"] == {"users": 1, "consents": 1, "forms": 2, "staff_roles": 0}
    dump = await everything(db)
    for trace in (str(ALICE), "Айгүл", "айгүл_tg", f"+7701234{ALICE:04d}", "жол жөндеу"):
        assert trace not in dump, trace
    for kept in (str(BOB), "Бауыржан", "газ"):
        assert kept in dump, kept
    assert await db.fetchval("SELECT count(*) FROM t_appeals") == 3  # the appeals stay, anonymous
    assert await db.fetchval("SELECT granted_by FROM staff_roles WHERE user_id = ?", (BOB,)) is None
    assert await privacy.statistics() == {"forget": 1}


async def test_forget_is_all_or_nothing(db: Database) -> None:
    await add_citizen(db, ALICE, "Айгүл")
    appeals = FakeAppeals(db, fail=True)
    await appeals.setup()
    await db.execute("INSERT INTO t_appeals (user_id, name, text, status) VALUES (?, 'Айгүл', 'жол', 'open')",
                     (ALICE,))
    privacy = PrivacyService(db)
    privacy.register(appeals)
    before = await everything(db)
    with pytest.raises(RuntimeError, match="disk full"):
        await privacy.forget(ALICE)
    assert await everything(db) == before


async def test_feature_rows_are_erased_before_the_user_row(db: Database) -> None:
    """A feature table referring to users(id) without ON DELETE: the core provider must go last."""
    await add_citizen(db, ALICE, "Айгүл")

    class Bookings:
        name = "bookings"

        async def export_user(self, user_id: int) -> dict[str, Any]:
            return {}

        async def forget_user(self, user_id: int) -> None:
            await db.execute("DELETE FROM t_bookings WHERE user_id = ?", (user_id,))

    await db.execute("CREATE TABLE t_bookings (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id))")
    await db.execute("INSERT INTO t_bookings (user_id) VALUES (?)", (ALICE,))
    privacy = PrivacyService(db)
    privacy.register(Bookings())
    report = await privacy.forget(ALICE)
    assert report.reports["bookings"] == {} and report.open_appeals == 0
    assert await db.fetchval("SELECT count(*) FROM users") == 0


async def test_register_checks_providers(db: Database) -> None:
    privacy = PrivacyService(db)

    class NotAProvider:
        async def export_user(self, user_id: int) -> dict[str, Any]:
            return {}

    with pytest.raises(TypeError):
        privacy.register(NotAProvider())  # type: ignore[arg-type]
    privacy.register(FakeAppeals(db))
    with pytest.raises(ValueError, match="already"):
        privacy.register(FakeAppeals(db))

    class ReceptionService:
        async def export_user(self, user_id: int) -> dict[str, Any]:
            return {}

        async def forget_user(self, user_id: int) -> None:
            return None

    privacy.register(ReceptionService())
    assert privacy.names == ["core", "appeals", "reception"]


async def test_retention_anonymises_what_is_older_than_the_setting(db: Database) -> None:
    await add_citizen(db, ALICE, "Айгүл")
    await add_citizen(db, BOB, "Бауыржан")
    appeals = FakeAppeals(db)
    await appeals.setup()
    clock = FakeClock(NOW)
    old, recent = to_utc_iso(NOW - timedelta(days=400)), to_utc_iso(NOW - timedelta(days=10))
    await db.execute("UPDATE users SET last_seen_at = ? WHERE id = ?", (old, ALICE))
    await db.execute("UPDATE users SET last_seen_at = ? WHERE id = ?", (recent, BOB))
    await db.execute("UPDATE fsm_state SET updated_at = ? WHERE key LIKE ?", (old, f"%:{ALICE}:%"))
    await db.execute("UPDATE fsm_state SET updated_at = ? WHERE key LIKE ?", (recent, f"%:{BOB}:%"))
    closed = "INSERT INTO t_appeals (user_id, name, text, status, closed_at) VALUES (?, ?, ?, 'closed', ?)"
    await db.execute(closed, (BOB, "А", "ескі", old))
    await db.execute(closed, (BOB, "Б", "жаңа", recent))
    await db.execute("INSERT INTO t_appeals (user_id, name, text, status) VALUES (?, 'В', 'ашық', 'open')", (BOB,))
    privacy = PrivacyService(db, clock)
    privacy.register(appeals)

    class NoRetention:  # a provider without anonymise_before is skipped
        name = "subscriptions"

        async def export_user(self, user_id: int) -> dict[str, Any]:
            return {}

        async def forget_user(self, user_id: int) -> None:
            return None

    privacy.register(NoRetention())
    job = RetentionJob(privacy, days=365)
    counts = await job.run_once(clock.now())
    assert counts == {"core": 1 + 2, "appeals": 1}  # Alice's name; her two old forms; one old closed appeal
    dump = await everything(db)
    assert "Айгүл" not in dump and "ескі" not in dump
    assert "Бауыржан" in dump and "жаңа" in dump and "ашық" in dump
    assert await db.fetchval("SELECT count(*) FROM users") == 2  # anonymised, not deleted
    assert await job.run_once(clock.now()) == {"core": 0, "appeals": 0}  # idempotent
    assert await privacy.statistics() == {"retention": 4}


async def test_consent_is_per_version(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    v1 = ConsentService(db)
    assert v1.version == PRIVACY_NOTICE_VERSION
    assert not await v1.has_current(ALICE) and await v1.given_at(ALICE) is None
    await v1.record(ALICE)
    await v1.record(ALICE)  # idempotent
    assert await v1.has_current(ALICE) and await v1.given_at(ALICE) is not None
    from bot.services import consent as consent_module

    monkeypatch.setattr(consent_module, "PRIVACY_NOTICE_VERSION", PRIVACY_NOTICE_VERSION + 1)
    v2 = ConsentService(db)
    assert v2.version == PRIVACY_NOTICE_VERSION + 1 and not await v2.has_current(ALICE)  # a new notice asks again
    await v2.record(ALICE)
    assert await db.fetchval("SELECT count(*) FROM consents WHERE user_id = ?", (ALICE,)) == 2
    await v2.withdraw(ALICE)
    assert not await v1.has_current(ALICE) and not await v2.has_current(ALICE)


async def test_after_forget_work_is_best_effort(db: Database, caplog: pytest.LogCaptureFixture) -> None:
    await add_citizen(db, ALICE, "Айгүл")
    privacy = PrivacyService(db)
    ran: list[str] = []

    async def failing(report: Any) -> None:
        raise RuntimeError(f"Telegram said no to {report}")

    async def next_one(report: Any) -> None:
        ran.append("next")

    privacy.after_forget(failing)
    privacy.after_forget(next_one)
    report = await privacy.forget(ALICE)
    await privacy.forgotten(report)  # does not raise
    assert ran == ["next"]
    assert await db.fetchval("SELECT COUNT(*) FROM users") == 0  # the erasure stands
    assert "RuntimeError" in caplog.text and "Telegram said no" not in caplog.text


async def test_forms_saved_before_the_user_id_column_are_found_and_erased(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    older = tmp_path / "migrations"
    older.mkdir()
    for number, file in migration_files():
        if number < 8:  # the schema before fsm_state had its user_id column
            shutil.copy(file, older / file.name)
    conn = await aiosqlite.connect(str(path), isolation_level=None)
    await migrate(conn, older)
    await conn.executemany("INSERT INTO fsm_state (key, state, data) VALUES (?, ?, ?)", [
        (f"fsm:{ALICE}:{ALICE}:default", "Appeal:phone", '{"name": "Айгүл"}'),
        (f"fsm:{GROUP}:{ALICE}:default", None, '{"draft": "in the group"}'),
        (f"fsm:{GROUP}:77:{ALICE}:default", None, '{"draft": "in a topic"}'),  # a forum topic's thread id
        (f"fsm:{BOB}:{BOB}:default", "Appeal:text", '{"name": "Бауыржан"}'),
    ])
    await migrate(conn)
    await conn.close()

    db = await Database.open(path)
    try:
        rows = await db.fetchall("SELECT key, user_id FROM fsm_state ORDER BY key")
        assert {str(r[0]): r[1] for r in rows} == {
            f"fsm:{ALICE}:{ALICE}:default": ALICE, f"fsm:{GROUP}:{ALICE}:default": ALICE,
            f"fsm:{GROUP}:77:{ALICE}:default": ALICE, f"fsm:{BOB}:{BOB}:default": BOB}
        # a row the storage writes now carries the user id too
        await SQLiteStorage(db).set_data(StorageKey(bot_id=1, chat_id=ALICE, user_id=ALICE, destiny="x"), {"a": 1})
        assert await db.fetchval("SELECT user_id FROM fsm_state WHERE key LIKE '%:x'") == ALICE
        privacy = PrivacyService(db, FakeClock(NOW))
        forms = (await privacy.export(ALICE))["data"]["core"]["unfinished_forms"]
        assert len(forms) == 4 and "Бауыржан" not in json.dumps(forms, ensure_ascii=False)
        assert (await privacy.forget(ALICE)).reports["core"]["forms"] == 4
        assert [r[0] for r in await db.fetchall("SELECT key FROM fsm_state")] == [f"fsm:{BOB}:{BOB}:default"]
    finally:
        await db.close()


async def test_export_is_one_transaction_of_a_few_statements_however_much_data(
    db: Database, tmp_path: Path
) -> None:
    """/mydata under load: each statement outside a transaction queues for the shared connection again, so the
    export must neither run one query per appeal nor leave its transaction."""
    clock = FakeClock(NOW)
    roles = RoleService(db, [])
    appeals = AppealService(db, roles, WorkCalendar.load(ROOT / "data" / "holidays.toml"), clock, daily_limit=100)
    privacy = PrivacyService(db, clock)
    privacy.register(appeals, name="appeals")
    await add_citizen(db, ALICE, "Айгүл")

    async def file(n: int) -> None:
        for i in range(n):
            draft = Draft(user_id=ALICE, language="kk", category="roads", district="aral",
                          text=f"Көшеде жарық жоқ, өтініш {i}", name="Айгүл", phone="+77011234567",
                          attachments=[Attachment("photo", f"p{i}")])
            appeal = (await appeals.submit(draft, f"k{n}-{i}")).appeal
            assert appeal is not None
            await appeals.add_citizen_message(appeal.id, ALICE, "Қосымша")

    async def statements() -> list[str]:
        seen: list[str] = []
        await db.set_trace_callback(seen.append)
        await privacy.export(ALICE)
        await db.set_trace_callback(None)
        return [s.split()[0].upper() for s in seen]

    await file(1)
    few = await statements()
    await file(20)
    many = await statements()
    assert len(many) == len(few) < 20
    assert many[0] == "BEGIN" and many[-1] == "COMMIT" and many.count("BEGIN") == 1
    document = await privacy.export(ALICE)
    assert len(document["data"]["appeals"]["appeals"]) == 21
    assert all(a["attachments"] == 1 and len(a["messages"]) == 1 for a in document["data"]["appeals"]["appeals"])
