"""AppealService on a real SQLite file: filing (idempotent, limited, blocked), ownership, staff roles, statuses,
deadlines, digest bookkeeping, export, rating and personal-data erasure."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.db.database import Database
from bot.services.appeals import (
    AppealService,
    Attachment,
    Draft,
    Filters,
    Invalid,
    NotFound,
    NotOpen,
    NotStaff,
    name_problem,
    normalise_contact_phone,
    parse_ticket,
    text_problem,
)
from bot.services.districts import load_districts
from bot.services.roles import RoleService
from bot.services.workdays import WorkCalendar

ROOT = Path(__file__).resolve().parents[2]
ADMIN, OPERATOR, CITIZEN, OTHER = 1, 2, 100, 200


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2025, 3, 3, 4, 0, tzinfo=UTC))  # Monday 09:00 in Kyzylorda


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "t.sqlite3")
    for uid, lang in ((CITIZEN, "ru"), (OTHER, "kk"), (OPERATOR, "kk")):
        await database.execute("INSERT INTO users (id, language) VALUES (?, ?)", (uid, lang))
    yield database
    await database.close()


@pytest.fixture
async def svc(db: Database, clock: FakeClock) -> AppealService:
    roles = RoleService(db, [ADMIN])
    await roles.grant(OPERATOR, "operator", ADMIN)
    calendar = WorkCalendar.load(ROOT / "data" / "holidays.toml")
    return AppealService(db, roles, calendar, clock, deadline_days=15, daily_limit=3)


def draft(user_id: int = CITIZEN, **kw: object) -> Draft:
    values: dict[str, object] = dict(
        user_id=user_id, language="ru", category="housing", district="aral",
        text="Течёт крыша в доме уже второй месяц", name="Иван Петров", phone="+77011234567",
        address="Арал, ул. Абая 1", attachments=[Attachment("photo", "p1"), Attachment("document", "d1")],
    )
    values.update(kw)
    return Draft(**values)  # type: ignore[arg-type]


async def test_submit_creates_a_ticket_with_a_working_day_deadline(svc: AppealService) -> None:
    result = await svc.submit(draft(), "k1")
    assert result.created and result.appeal is not None
    appeal = result.appeal
    assert appeal.ticket == "A-2025-00001"
    assert appeal.status == "new" and appeal.user_id == CITIZEN
    assert appeal.due_date == date(2025, 3, 28)  # 15 working days without 10, 21, 24, 25 March
    assert [a.file_id for a in appeal.attachments] == ["p1", "d1"]
    second = await svc.submit(draft(text="Нет горячей воды в доме с понедельника"), "k2")
    assert second.appeal is not None and second.appeal.ticket == "A-2025-00002"


async def test_same_key_files_once_even_concurrently(svc: AppealService, db: Database) -> None:
    results = await asyncio.gather(*(svc.submit(draft(), "same-key") for _ in range(5)))
    assert sum(r.created for r in results) == 1
    assert len({r.appeal.id for r in results if r.appeal}) == 1
    assert await db.fetchval("SELECT COUNT(*) FROM appeals") == 1
    # someone else presenting the key gets nothing
    stolen = await svc.submit(draft(user_id=OTHER), "same-key")
    assert stolen.appeal is None and not stolen.created


async def test_daily_limit_counts_the_local_day(svc: AppealService, clock: FakeClock) -> None:
    for i in range(3):
        assert (await svc.submit(draft(), f"k{i}")).created
    refused = await svc.submit(draft(), "k3")
    assert refused.refused == "limit" and refused.appeal is None
    assert await svc.can_file(CITIZEN) == "limit"
    assert await svc.can_file(OTHER) is None
    clock.set(datetime(2025, 3, 3, 19, 1, tzinfo=UTC))  # 00:01 on 4 March in Kyzylorda
    assert await svc.can_file(CITIZEN) is None
    assert (await svc.submit(draft(), "k3")).created


async def test_blocked_citizen_cannot_file_and_only_admins_block(svc: AppealService) -> None:
    with pytest.raises(NotStaff):
        await svc.block(OPERATOR, CITIZEN)
    with pytest.raises(NotStaff):
        await svc.block(OTHER, CITIZEN)
    assert await svc.block(ADMIN, CITIZEN, "spam")
    assert not await svc.block(ADMIN, CITIZEN)
    assert (await svc.submit(draft(), "k")).refused == "blocked"
    assert await svc.unblock(ADMIN, CITIZEN)
    assert (await svc.submit(draft(), "k")).created
    actions = [row["action"] for row in await svc.audit_log()]
    assert actions == ["unblock", "block", "block"]


async def test_citizen_sees_only_their_own(svc: AppealService) -> None:
    mine = (await svc.submit(draft(), "a")).appeal
    theirs = (await svc.submit(draft(user_id=OTHER), "b")).appeal
    assert mine and theirs
    assert await svc.for_citizen(mine.id, CITIZEN) is not None
    assert await svc.for_citizen(theirs.id, CITIZEN) is None
    assert [a.id for a in await svc.list_for_citizen(CITIZEN)] == [mine.id]
    with pytest.raises(NotFound):
        await svc.add_citizen_message(theirs.id, CITIZEN, "чужое обращение")
    with pytest.raises(NotFound):
        await svc.rate(theirs.id, CITIZEN, 5)


async def test_staff_actions_need_a_role_and_are_audited(svc: AppealService, clock: FakeClock) -> None:
    appeal = (await svc.submit(draft(), "a")).appeal
    assert appeal
    for call in (svc.take(appeal.id, CITIZEN), svc.set_status(appeal.id, CITIZEN, "answered"),
                 svc.staff_reply(appeal.id, CITIZEN, "hi"), svc.export(CITIZEN, date(2025, 3, 1), date(2025, 3, 3))):
        with pytest.raises(NotStaff):
            await call
    taken = await svc.take(appeal.id, OPERATOR)
    assert taken.changed and taken.appeal.status == "in_progress" and taken.appeal.assignee_id == OPERATOR
    assert not (await svc.take(appeal.id, OPERATOR)).changed
    clock.advance(hours=1)
    await svc.staff_reply(appeal.id, OPERATOR, "Мы направили запрос в акимат", [Attachment("photo", "s1")])
    with pytest.raises(Invalid):
        await svc.set_status(appeal.id, OPERATOR, "rejected")  # a reason is required
    done = await svc.set_status(appeal.id, OPERATOR, "answered")
    assert done.changed and done.previous_status == "in_progress" and done.appeal.closed_at is not None
    with pytest.raises(NotOpen):
        await svc.add_citizen_message(appeal.id, CITIZEN, "ещё вопрос")
    log = await svc.audit_log()
    assert [(r["actor_id"], r["action"]) for r in log] == [(OPERATOR, "status"), (OPERATOR, "reply"),
                                                           (OPERATOR, "take")]
    kinds = [h.kind for h in await svc.history(appeal.id)]
    assert kinds == ["submitted", "taken", "staff", "status"]


async def test_forwarded_and_rejected_keep_the_note(svc: AppealService) -> None:
    appeal = (await svc.submit(draft(), "a")).appeal
    assert appeal
    change = await svc.set_status(appeal.id, ADMIN, "forwarded", "Акимат Аральского района")
    assert change.appeal.status_note == "Акимат Аральского района"
    again = await svc.set_status(appeal.id, ADMIN, "in_progress")
    assert again.appeal.status_note is None and again.appeal.closed_at is None


async def test_rating_once_after_closing(svc: AppealService) -> None:
    appeal = (await svc.submit(draft(), "a")).appeal
    assert appeal
    with pytest.raises(NotOpen):
        await svc.rate(appeal.id, CITIZEN, 5)
    await svc.set_status(appeal.id, OPERATOR, "answered")
    with pytest.raises(Invalid):
        await svc.rate(appeal.id, CITIZEN, 6)
    rated = await svc.rate(appeal.id, CITIZEN, 4)
    assert rated.rating == 4
    with pytest.raises(Invalid):
        await svc.rate(appeal.id, CITIZEN, 5)
    commented = await svc.comment_rating(appeal.id, CITIZEN, "Быстро ответили")
    assert commented.rating_comment == "Быстро ответили"


async def test_overdue_and_soon_due(svc: AppealService, clock: FakeClock) -> None:
    old = (await svc.submit(draft(), "a")).appeal  # due 28 March 2025
    clock.set(datetime(2025, 3, 26, 4, 0, tzinfo=UTC))
    fresh = (await svc.submit(draft(), "b")).appeal
    assert old and fresh
    overdue, soon = await svc.due_report(date(2025, 3, 26))
    assert overdue == [] and [a.id for a in soon] == [old.id]  # due within 2 working days
    overdue, soon = await svc.due_report(date(2025, 3, 31))
    assert [a.id for a in overdue] == [old.id] and soon == []
    clock.set(datetime(2025, 3, 31, 4, 0, tzinfo=UTC))
    items, total = await svc.list_open(Filters(overdue=True))
    assert total == 1 and items[0].id == old.id
    items, total = await svc.list_open(Filters(district="kazaly"))
    assert total == 0
    await svc.set_status(old.id, OPERATOR, "answered")
    assert (await svc.due_report(date(2025, 3, 31)))[0] == []


async def test_digest_is_claimed_once_per_day(svc: AppealService) -> None:
    day = date(2025, 3, 3)
    assert await svc.claim_digest(day)
    assert not await svc.claim_digest(day)
    await svc.release_digest(day)
    assert await svc.claim_digest(day)


async def test_export_period_and_counts(svc: AppealService, clock: FakeClock) -> None:
    await svc.submit(draft(), "a")
    await svc.submit(draft(category="land", district="shieli"), "b")
    clock.set(datetime(2025, 4, 1, 4, 0, tzinfo=UTC))
    await svc.submit(draft(), "c")
    march = await svc.export(OPERATOR, date(2025, 3, 1), date(2025, 3, 31))
    assert [a.ticket for a in march] == ["A-2025-00001", "A-2025-00002"]
    counts = svc.counts(march)
    assert counts["category"] == {"housing": 1, "land": 1}
    assert counts["district"] == {"aral": 1, "shieli": 1}
    assert counts["status"] == {"new": 2}
    assert (await svc.audit_log())[0]["action"] == "export"


async def test_forget_user_erases_personal_data(svc: AppealService, db: Database) -> None:
    open_one = (await svc.submit(draft(), "a")).appeal
    closed = (await svc.submit(draft(), "b")).appeal
    other = (await svc.submit(draft(user_id=OTHER), "c")).appeal
    assert open_one and closed and other
    await svc.add_citizen_message(open_one.id, CITIZEN, "Дополнение с телефоном 87011234567",
                                  [Attachment("photo", "x")])
    await svc.set_status(closed.id, OPERATOR, "rejected", "Не относится к компетенции, Иван")
    exported = await svc.export_user(CITIZEN)
    assert len(exported["appeals"]) == 2 and exported["appeals"][0]["messages"][0]["text"].startswith("Дополнение")
    result = await svc.forget_user(CITIZEN)
    assert result == {"appeals": 2, "open_appeals": 1, "open_tickets": [open_one.ticket], "staff_messages": 0}
    assert (await svc.get(open_one.id)).erased_by == "citizen"  # type: ignore[union-attr]
    dump = " ".join(str(v) for row in await db.fetchall(
        "SELECT a.text, a.name, a.phone, a.address, a.status_note, a.user_id FROM appeals a WHERE a.id IN (?, ?)",
        (open_one.id, closed.id)) for v in tuple(row))
    assert "Иван" not in dump and "+7701" not in dump and "Течёт" not in dump and str(CITIZEN) not in dump
    assert await db.fetchval("SELECT COUNT(*) FROM appeal_attachments WHERE appeal_id IN (?, ?)",
                             (open_one.id, closed.id)) == 0
    assert await db.fetchval("SELECT group_concat(text) FROM appeal_messages") == ""
    assert (await svc.export_user(CITIZEN))["appeals"] == []
    assert (await svc.get(other.id)).name == "Иван Петров"  # type: ignore[union-attr]
    assert (await svc.get(open_one.id)).category == "housing"  # type: ignore[union-attr]  # statistics stay


async def test_anonymise_before(svc: AppealService, clock: FakeClock) -> None:
    a = (await svc.submit(draft(), "a")).appeal
    b = (await svc.submit(draft(), "b")).appeal
    c = (await svc.submit(draft(), "c")).appeal
    assert a and b and c
    await svc.set_status(a.id, OPERATOR, "answered")
    clock.advance(days=40)
    await svc.set_status(b.id, OPERATOR, "answered")
    assert await svc.anonymise_before(clock.now() - timedelta(days=30)) == 1
    assert (await svc.get(a.id)).anonymised  # type: ignore[union-attr]
    assert (await svc.get(a.id)).erased_by == "retention"  # type: ignore[union-attr]
    assert not (await svc.get(b.id)).anonymised  # type: ignore[union-attr]  # closed recently
    assert not (await svc.get(c.id)).anonymised  # type: ignore[union-attr]  # still open
    assert await svc.anonymise_before(clock.now() - timedelta(days=30)) == 0


async def test_forget_queues_the_staff_chat_messages_that_showed_the_data(
    svc: AppealService, clock: FakeClock
) -> None:
    mine = (await svc.submit(draft(), "a")).appeal
    other = (await svc.submit(draft(user_id=OTHER), "b")).appeal
    assert mine and other
    chat = -100
    for message_id, purpose, kind in ((10, "card", "text"), (11, "post", "media"), (12, "post", "text"),
                                      (13, "reply", "text"), (14, "note", "text")):
        await svc.link_message(mine.id, chat, message_id, purpose, kind=kind)
    await svc.link_message(other.id, chat, 20, "card")
    await svc.link_message(mine.id, 900, 30, "card")  # a card opened with /appeal in a staff member's chat

    assert (await svc.forget_user(CITIZEN))["staff_messages"] == 4  # not the prompt nor the bot's own note
    due = await svc.due_redactions(clock.now())
    assert [(r.chat_id, r.message_id, r.purpose, r.kind) for r in due] == [
        (-100, 10, "card", "text"), (900, 30, "card", "text"), (-100, 11, "post", "media"), (-100, 12, "post", "text")]
    assert await svc.pending_redactions() == 4

    card = due[0]
    await svc.redaction_done(card)
    assert await svc.pending_redactions() == 3
    # a failed attempt waits 2, 4, 8... minutes (at most 6 hours); after the last one the message is given up
    assert await svc.redaction_failed(due[1], clock.now())
    assert [r.message_id for r in await svc.due_redactions(clock.now())] == [11, 12]
    retried = [r for r in await svc.due_redactions(clock.now() + timedelta(minutes=2)) if r.message_id == 30]
    assert retried[0].attempts == 1
    last = dataclasses.replace(retried[0], attempts=9)
    assert not await svc.redaction_failed(last, clock.now())
    await svc.redaction_postpone(due[2], clock.now() + timedelta(seconds=30))  # 429: not an attempt
    assert [r.message_id for r in await svc.due_redactions(clock.now())] == [12]
    assert await svc.pending_redactions() == 2
    # retention anonymises without queueing anything: its cards are a year old
    await svc.set_status(other.id, OPERATOR, "answered")
    clock.advance(days=400)
    assert await svc.anonymise_before(clock.now()) == 1
    assert await svc.pending_redactions() == 2


def test_validation_helpers() -> None:
    assert text_problem("") == "empty" and text_problem("   ") == "empty"
    assert text_problem("коротко") == "short"
    assert text_problem("а" * 4001) == "long"
    assert text_problem("Нужна помощь с документами") is None
    assert normalise_contact_phone("77012345678") == "+77012345678"
    assert name_problem("Айгүл Сейітова") is None
    assert name_problem("А") == "short" and name_problem("12345") == "letters" and name_problem("x" * 101) == "long"
    assert parse_ticket("A-2025-00042") == (2025, 42)
    assert parse_ticket("а-2025-42") == (2025, 42)  # Cyrillic а
    assert parse_ticket("2025-00042") == (2025, 42)
    assert parse_ticket("hello") is None


def test_districts_from_venues() -> None:
    districts = load_districts(ROOT / "data" / "venues.toml")
    assert [d.id for d in districts][:2] == ["kyzylorda", "aral"]
    assert len(districts) == 9
    assert all(d.name["kk"] and d.name["ru"] for d in districts)


async def _counters_match_the_tables(db: Database) -> None:
    kept = {(str(r[0]), str(r[1])): int(r[2]) for r in await db.fetchall(
        "SELECT tbl, status, n FROM status_counts WHERE n != 0")}
    counted = {("appeals", str(r[0])): int(r[1]) for r in await db.fetchall(
        "SELECT status, count(*) FROM appeals GROUP BY status")}
    counted |= {("rc_bookings", str(r[0])): int(r[1]) for r in await db.fetchall(
        "SELECT status, count(*) FROM rc_bookings GROUP BY status")}
    counted[("users", "")] = int(await db.fetchval("SELECT count(*) FROM users"))
    assert kept == counted


async def test_status_counters_follow_every_change(svc: AppealService, db: Database, clock: FakeClock) -> None:
    # the counters /stats reads (migration 0015) equal COUNT(*) after inserts, status changes, erasure, deletion
    await _counters_match_the_tables(db)
    first = (await svc.submit(draft(), "a")).appeal
    second = (await svc.submit(draft(user_id=OTHER), "b")).appeal
    assert first and second
    await _counters_match_the_tables(db)
    await svc.take(first.id, OPERATOR)
    await _counters_match_the_tables(db)
    await svc.set_status(first.id, OPERATOR, "answered")
    await _counters_match_the_tables(db)
    await svc.forget_user(OTHER)
    await _counters_match_the_tables(db)
    clock.advance(days=400)
    await svc.anonymise_before(clock.now())
    await _counters_match_the_tables(db)
    await db.execute("DELETE FROM appeal_attachments")
    await db.execute("DELETE FROM appeal_events")
    await db.execute("DELETE FROM appeals WHERE id = ?", (first.id,))
    await db.execute("INSERT INTO users (id, language) VALUES (?, ?)", (999, "kk"))
    await _counters_match_the_tables(db)
