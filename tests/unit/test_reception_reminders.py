"""Reminders and the outbox: due times, exactly once across restarts, the crash window, retries."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import LOCAL_TZ, FakeClock
from bot.db.database import Database
from bot.services.reception_input import SessionDraft
from bot.services.receptions import Notice, ReceptionService, reminder_times
from bot.services.reminders import Delivery, OutboxSender, WaitlistJob
from bot.services.roles import RoleService

ROOT = Path(__file__).resolve().parents[2]
ADMIN = 900_001
NOW = datetime(2025, 3, 3, 4, 0, tzinfo=UTC)  # Monday 09:00 in Kyzylorda


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=LOCAL_TZ)


class Recorder:
    """A notifier that records what it was asked to send; answers can be scripted."""

    def __init__(self) -> None:
        self.sent: list[Notice] = []
        self.script: list[Delivery | Exception] = []

    async def deliver(self, notice: Notice) -> Delivery:
        if self.script:
            outcome = self.script.pop(0)
            if isinstance(outcome, Exception):
                raise outcome
            if outcome is not Delivery.SENT:
                return outcome
        self.sent.append(notice)
        return Delivery.SENT

    def kinds(self) -> list[str]:
        return [n.kind for n in self.sent]


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "rc.sqlite3")
    await database.execute("INSERT INTO users (id, language) VALUES (1, 'ru'), (2, 'kk')")
    yield database
    await database.close()


async def service(db: Database, clock: FakeClock) -> ReceptionService:
    svc = ReceptionService(db, RoleService(db, [ADMIN]), clock)
    await svc.load_places(ROOT / "data")
    return svc


async def booked(svc: ReceptionService, user: int = 1, day: int = 5, hour: int = 10, now: datetime = NOW):  # type: ignore[no-untyped-def]
    draft = SessionDraft("aral", local(day, hour), local(day, hour + 2), "family", places=3)
    session = await svc.create_session(ADMIN, draft, NOW)
    return await svc.book(user_id=user, session_id=session.id, name="Иван Петров", phone="+77011234567",
                          question=None, language="ru", now=now)


def test_reminder_times() -> None:
    times = reminder_times(local(5, 10))
    assert [(k, d.astimezone(LOCAL_TZ), s.astimezone(LOCAL_TZ)) for k, d, s in times] == [
        ("remind_evening", local(4, 18), local(4, 22)),
        ("remind_2h", local(5, 8), local(5, 10)),
    ]
    # An early-morning appointment: the evening reminder must not be sent after the appointment itself.
    assert reminder_times(local(5, 1))[0][2] == local(4, 22)


async def test_each_reminder_is_sent_once_even_across_restarts(db: Database) -> None:
    clock = FakeClock(NOW)
    svc = await service(db, clock)
    await booked(svc)
    notifier = Recorder()
    sender = OutboxSender(svc, notifier, pace=0)
    assert (await sender.run_once(NOW))["sent"] == 0  # nothing due yet

    evening = local(4, 18, 0, ).astimezone(UTC)
    assert (await sender.run_once(evening - timedelta(seconds=1)))["sent"] == 0
    assert (await sender.run_once(evening))["sent"] == 1
    assert (await sender.run_once(evening + timedelta(minutes=1)))["sent"] == 0
    # A restart: a new service (new claim token) and sender on the same database.
    svc2 = await service(db, clock)
    sender2 = OutboxSender(svc2, notifier, pace=0)
    assert (await sender2.run_once(evening + timedelta(minutes=2)))["sent"] == 0
    assert (await sender2.run_once(local(5, 8).astimezone(UTC)))["sent"] == 1
    assert (await sender2.run_once(local(5, 9).astimezone(UTC)))["sent"] == 0
    assert notifier.kinds() == ["remind_evening", "remind_2h"]
    assert notifier.sent[0].language == "ru" and notifier.sent[0].booking_code
    rows = await db.fetchall("SELECT outcome, sent_at FROM rc_outbox ORDER BY due_at")
    assert [tuple(r) for r in rows] == [("sent", "2025-03-04T13:00:00Z"), ("sent", "2025-03-05T03:00:00Z")]


async def test_crash_between_claim_and_send_is_not_resent(db: Database) -> None:
    clock = FakeClock(NOW)
    svc = await service(db, clock)
    await booked(svc)
    evening = local(4, 18).astimezone(UTC)
    claimed = await svc.claim_due(evening)  # the process claims the reminder ... and dies (SIGKILL)
    assert [n.kind for n in claimed] == ["remind_evening"]
    notifier = Recorder()
    restarted = OutboxSender(await service(db, clock), notifier, pace=0)
    await restarted.run_once(evening + timedelta(minutes=1))
    assert notifier.sent == []
    assert await db.fetchval("SELECT outcome FROM rc_outbox WHERE kind = 'remind_evening'") == "unknown"
    await restarted.run_once(local(5, 8).astimezone(UTC))
    assert notifier.kinds() == ["remind_2h"]


async def test_two_passes_at_once_send_once(db: Database) -> None:
    import asyncio

    clock = FakeClock(NOW)
    svc = await service(db, clock)
    for user in (1, 2):
        await booked(svc, user=user, hour=10 + user * 3)
    notifier = Recorder()
    senders = [OutboxSender(svc, notifier, pace=0) for _ in range(3)]
    evening = local(4, 18).astimezone(UTC)
    await asyncio.gather(*(s.run_once(evening) for s in senders))
    assert sorted(n.user_id for n in notifier.sent) == [1, 2]


async def test_failures_retry_or_give_up(db: Database) -> None:
    clock = FakeClock(NOW)
    svc = await service(db, clock)
    await booked(svc, user=1)
    await booked(svc, user=2, hour=14)
    notifier = Recorder()
    notifier.script = [Delivery.RETRY, Delivery.GONE]  # user 1: network trouble; user 2: blocked the bot
    sender = OutboxSender(svc, notifier, pace=0)
    evening = local(4, 18).astimezone(UTC)
    counts = await sender.run_once(evening)
    assert counts == {"sent": 0, "gone": 1, "retry": 1}
    await sender.run_once(evening + timedelta(minutes=1))
    assert [n.user_id for n in notifier.sent] == [1]
    notifier.script = [RuntimeError("boom")] * 5
    await sender.run_once(local(5, 8).astimezone(UTC))  # user 1's 2h reminder: an exception counts as a retry
    assert await db.fetchval("SELECT attempts FROM rc_outbox WHERE kind = 'remind_2h' AND user_id = 1") == 1


async def test_late_reminders_are_skipped(db: Database) -> None:
    clock = FakeClock(NOW)
    svc = await service(db, clock)
    await booked(svc)
    notifier = Recorder()
    sender = OutboxSender(svc, notifier, pace=0)
    # The bot was down from before 18:00 until 23:00: the evening reminder is not sent at night.
    await sender.run_once(local(4, 23).astimezone(UTC))
    assert notifier.sent == []
    # Down until after the start: the two-hour reminder is not sent either.
    await sender.run_once(local(5, 10, 5).astimezone(UTC))
    assert notifier.sent == []
    assert [r[0] for r in await db.fetchall("SELECT outcome FROM rc_outbox")] == ["skipped", "skipped"]


async def test_booking_made_late_gets_only_the_reminders_still_ahead(db: Database) -> None:
    clock = FakeClock(NOW)
    svc = await service(db, clock)
    booking = await booked(svc, day=5, hour=10, now=local(5, 8, 30).astimezone(UTC))
    assert await db.fetchval("SELECT count(*) FROM rc_outbox WHERE booking_id = ?", (booking.id,)) == 0
    booking = await booked(svc, user=2, day=6, hour=10, now=local(5, 19).astimezone(UTC))
    kinds = [r[0] for r in await db.fetchall("SELECT kind FROM rc_outbox WHERE booking_id = ?", (booking.id,))]
    assert kinds == ["remind_2h"]


async def test_a_cancelled_booking_gets_no_reminder_and_the_offer_is_sent(db: Database) -> None:
    clock = FakeClock(NOW)
    svc = await service(db, clock)
    draft = SessionDraft("aral", local(5, 10), local(5, 12), "family", places=1)
    session = await svc.create_session(ADMIN, draft, NOW)
    first = await svc.book(user_id=1, session_id=session.id, name="Иван Петров", phone="+77011234567",
                           question=None, language="ru", now=NOW)
    await svc.join_waitlist(user_id=2, session_id=session.id, name="Айгүл", phone="87012223344", question=None,
                            language="kk", now=NOW)
    await svc.cancel_booking(1, first.id, NOW)
    notifier = Recorder()
    sender = OutboxSender(svc, notifier, pace=0)
    await sender.run_once(NOW)
    assert notifier.kinds() == ["waitlist_offer"] and notifier.sent[0].user_id == 2
    assert notifier.sent[0].language == "kk" and notifier.sent[0].offer_expires_at == NOW + timedelta(hours=2)
    # The offer expires unanswered: the waitlist job tells the citizen.
    later = NOW + timedelta(hours=2, minutes=1)
    await WaitlistJob(svc).run_once(later)
    await sender.run_once(later)
    assert notifier.kinds() == ["waitlist_offer", "waitlist_expired"]
    await sender.run_once(local(4, 18).astimezone(UTC))
    assert notifier.kinds() == ["waitlist_offer", "waitlist_expired"]  # no reminder for the cancelled booking


async def test_a_backlog_of_stale_rows_does_not_hide_due_ones(db: Database) -> None:
    clock = FakeClock(NOW)
    svc = await service(db, clock)
    await booked(svc, user=1, day=4)  # both reminders of this one are stale by the 4th, 18:00
    await booked(svc, user=2, day=5)  # its evening reminder is due then
    notifier = Recorder()
    sender = OutboxSender(svc, notifier, batch=1, pace=0)
    await sender.run_once(local(4, 18).astimezone(UTC))
    assert [(n.kind, n.user_id) for n in notifier.sent] == [("remind_evening", 2)]
