"""Subscriptions, broadcasts and the sender on a real SQLite file, with Telegram replaced by a fake transport."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import LOCAL_TZ, FakeClock
from bot.db.database import Database
from bot.services.broadcast import (
    Broadcast,
    BroadcastSender,
    BroadcastService,
    Draft,
    Figures,
    NotAllowed,
    Outgoing,
    RetryAfter,
    SendFailed,
    Unreachable,
    parse_local_datetime,
)
from bot.services.districts import load_districts
from bot.services.ratelimit import RateLimiter
from bot.services.roles import OPERATOR, RoleService
from bot.services.stats import StatsService
from bot.services.subscriptions import Audience, SubscriptionService

ROOT = Path(__file__).resolve().parents[2]
ADMIN = 1
CITIZEN = 2
TEXTS = {"kk": "<b>Жаңалық</b>", "ru": "<b>Новость</b>"}


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "t.sqlite3")
    yield database
    await database.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2025, 3, 3, 4, 0, tzinfo=UTC))


@pytest.fixture
def subs(db: Database, clock: FakeClock) -> SubscriptionService:
    return SubscriptionService(db, load_districts(ROOT / "data" / "venues.toml", required=False), clock)


@pytest.fixture
def roles(db: Database) -> RoleService:
    return RoleService(db, [ADMIN])


@pytest.fixture
def service(db: Database, roles: RoleService, clock: FakeClock) -> BroadcastService:
    return BroadcastService(db, roles, clock)


async def add_user(db: Database, user_id: int, language: str = "kk") -> None:
    await db.execute("INSERT INTO users (id, language) VALUES (?, ?)", (user_id, language))


async def add_subscribers(
    db: Database, subs: SubscriptionService, ids: range | list[int], district: str | None = None
) -> None:
    for user_id in ids:
        await add_user(db, user_id, "kk" if user_id % 2 else "ru")
        await subs.subscribe(user_id)
        if district:
            await subs.set_district(user_id, district)


class FakeTransport:
    """Records deliveries; ``script[chat]`` lists what each successive attempt to that chat does."""

    def __init__(self) -> None:
        self.delivered: list[tuple[int, str]] = []
        self.attempts: Counter[int] = Counter()
        self.script: dict[int, list[BaseException | None]] = {}

    async def deliver(self, chat_id: int, message: Outgoing) -> None:
        await asyncio.sleep(0)
        self.attempts[chat_id] += 1
        steps = self.script.get(chat_id)
        if steps:
            step = steps.pop(0)
            if step is not None:
                raise step
        self.delivered.append((chat_id, message.text))


class FakeReporter:
    def __init__(self) -> None:
        self.progress_calls: list[Figures] = []
        self.final: list[tuple[Broadcast, Figures]] = []

    async def progress(self, broadcast: Broadcast, figures: Figures, eta: float | None, message_id: int | None) -> int:
        self.progress_calls.append(figures)
        return 42

    async def finished(self, broadcast: Broadcast, figures: Figures, elapsed: float, message_id: int | None) -> None:
        self.final.append((broadcast, figures))


def make_sender(
    service: BroadcastService, transport: object, clock: FakeClock, reporter: FakeReporter | None = None
) -> BroadcastSender:
    # a fast limiter (its timing is tested on its own): a 10 ms window and chat interval
    return BroadcastSender(
        service, transport, reporter or FakeReporter(), RateLimiter(30, window=0.01, chat_interval=0.01),  # type: ignore[arg-type]
        clock, max_attempts=3, progress_every=0.02, retry_base=0.01,
    )


def draft(audience: Audience | None = None) -> Draft:
    return Draft(dict(TEXTS), audience or Audience("all"))


# ----- subscriptions ----------------------------------------------------------------------------------------
async def test_subscription_is_explicit_reversible_and_remembers_the_district(
    db: Database, subs: SubscriptionService
) -> None:
    await add_user(db, 10)
    assert await subs.get(10) is None
    assert await subs.set_district(10, "aral") is None  # not subscribed: nothing to change
    subscription, changed = await subs.subscribe(10)
    assert changed and subscription.active and subscription.district is None
    assert (await subs.subscribe(10))[1] is False
    assert (await subs.set_district(10, "aral")).district == "aral"  # type: ignore[union-attr]
    with pytest.raises(ValueError):
        await subs.set_district(10, "atlantis")
    await subs.mark_inactive(10, "blocked")
    assert not (await subs.get(10)).active  # type: ignore[union-attr]
    subscription, changed = await subs.subscribe(10)  # subscribing again makes it active, district kept
    assert changed and subscription.active and subscription.district == "aral"
    assert await subs.unsubscribe(10)
    assert await subs.get(10) is None
    assert not await subs.unsubscribe(10)


async def test_audience_counts_by_language_and_district(db: Database, subs: SubscriptionService) -> None:
    await add_subscribers(db, subs, range(1, 11))  # 5 kk (odd), 5 ru; whole region
    await add_subscribers(db, subs, [11, 12, 13], district="aral")  # kk, ru, kk
    await add_subscribers(db, subs, [14, 15], district="shieli")  # ru, kk
    await subs.mark_inactive(1, "blocked")  # a kk subscriber who blocked the bot
    await add_user(db, 99)  # never subscribed
    assert await subs.audience_counts(Audience("all")) == {"kk": 7, "ru": 7}
    assert await subs.audience_counts(Audience("language", "ru")) == {"kk": 0, "ru": 7}
    # a district's audience: its own subscribers and those of the whole region
    assert await subs.audience_counts(Audience("district", "aral")) == {"kk": 4 + 2, "ru": 5 + 1}
    counts = await subs.counts()
    assert (counts.active, counts.inactive) == (14, 1)
    assert counts.by_district == {None: 9, "aral": 3, "shieli": 2}
    with pytest.raises(ValueError):
        Audience("language", "en").where()


async def test_export_and_forget_user(
    db: Database, subs: SubscriptionService, service: BroadcastService, clock: FakeClock
) -> None:
    await add_subscribers(db, subs, [21, 22], district="kazaly")
    await service.create(ADMIN, "d1", draft())
    await service.begin(1, clock.now())
    exported = await subs.export_user(21)
    assert exported["subscription"]["district"] == "kazaly"
    assert exported["broadcast_deliveries"] == [
        {"broadcast_id": 1, "language": "kk", "state": "pending", "updated_at": None}
    ]
    assert await subs.forget_user(21) == 2  # the subscription and one delivery row
    assert (await subs.export_user(21)) == {"subscription": None, "broadcast_deliveries": []}
    assert (await service.get(1)).figures.total == 1  # type: ignore[union-attr]
    assert (await subs.get(22)) is not None  # nobody else's data touched
    assert await subs.forget_user(21) == 0


# ----- broadcasts: staff side -------------------------------------------------------------------------------
async def test_only_admins_and_operators_create_or_cancel(
    db: Database, service: BroadcastService, roles: RoleService
) -> None:
    with pytest.raises(NotAllowed):
        await service.create(CITIZEN, "x", draft())
    assert await service.recent() == []
    await roles.grant(CITIZEN, OPERATOR, granted_by=ADMIN)
    broadcast, created = await service.create(CITIZEN, "x", draft())
    assert created and broadcast.status == "queued"
    again, created = await service.create(CITIZEN, "x", draft())  # a double tap
    assert not created and again.id == broadcast.id and len(await service.recent()) == 1
    await roles.revoke(CITIZEN, OPERATOR)
    with pytest.raises(NotAllowed):
        await service.cancel(CITIZEN, broadcast.id)
    assert (await service.get(broadcast.id)).status == "queued"  # type: ignore[union-attr]


async def test_schedule_must_be_in_the_future(service: BroadcastService, clock: FakeClock) -> None:
    with pytest.raises(ValueError):
        await service.create(ADMIN, "p", draft(), clock.now() - timedelta(minutes=1))
    with pytest.raises(ValueError):
        await service.create(ADMIN, "f", draft(), clock.now() + timedelta(days=61))
    with pytest.raises(ValueError):
        await service.create(ADMIN, "e", Draft({"kk": "x", "ru": " "}, Audience("all")))
    broadcast, _ = await service.create(ADMIN, "ok", draft(), clock.now() + timedelta(hours=2))
    assert broadcast.status == "scheduled"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15.03.2025 18:00", datetime(2025, 3, 15, 18, 0)),
        ("15.03.25 18.30", datetime(2025, 3, 15, 18, 30)),
        ("15/03 9:05", datetime(2025, 3, 15, 9, 5)),
        ("2025-03-15 18:00", datetime(2025, 3, 15, 18, 0)),
        ("  15.03.2025,   18:00 ", datetime(2025, 3, 15, 18, 0)),
        ("18:00", datetime(2025, 3, 3, 18, 0)),
        ("31.02.2025 10:00", None),
        ("25:00", None),
        ("tomorrow", None),
        ("", None),
    ],
)
def test_parse_local_datetime(text: str, expected: datetime | None) -> None:
    now = datetime(2025, 3, 3, 9, 0, tzinfo=LOCAL_TZ)
    parsed = parse_local_datetime(text, now)
    assert parsed == (expected.replace(tzinfo=LOCAL_TZ) if expected else None)


# ----- the sender -------------------------------------------------------------------------------------------
async def test_sender_delivers_once_each_in_their_language_and_handles_errors(
    db: Database, subs: SubscriptionService, service: BroadcastService, clock: FakeClock
) -> None:
    await add_subscribers(db, subs, range(100, 140))
    transport = FakeTransport()
    transport.script = {
        101: [Unreachable("blocked")],
        102: [Unreachable("not_found")],
        103: [RetryAfter(0.05)],  # 429: waited out, the same recipient retried
        104: [SendFailed("502"), SendFailed("timeout")],  # succeeds at the third attempt
        105: [SendFailed("500")] * 5,  # never: failed after 3 attempts
    }
    reporter = FakeReporter()
    broadcast, _ = await service.create(ADMIN, "d", draft())
    assert await make_sender(service, transport, clock, reporter).run_once(clock.now()) == 1

    delivered = Counter(chat for chat, _ in transport.delivered)
    assert set(delivered) == set(range(100, 140)) - {101, 102, 105}
    assert set(delivered.values()) == {1}
    assert all(text == TEXTS["kk" if chat % 2 else "ru"] for chat, text in transport.delivered)
    assert transport.attempts[103] == 2 and transport.attempts[104] == 3 and transport.attempts[105] == 3
    done = await service.get(broadcast.id)
    assert done is not None and done.status == "done" and done.finished_at is not None
    assert done.figures == Figures(total=40, sent=37, failed=3, blocked=2)
    assert not (await subs.get(101)).active and (await subs.get(102)).inactive_reason == "not_found"  # type: ignore[union-attr]
    assert (await subs.get(105)).active  # type: ignore[union-attr]  # a server error is not the citizen's doing
    states = Counter(r[0] for r in await db.fetchall("SELECT state FROM deliveries"))
    assert states == {"sent": 37, "failed": 3}
    assert reporter.progress_calls and reporter.final[0][1] == done.figures
    assert done.progress_message_id == 42
    # a second pass finds nothing to do
    assert await make_sender(service, transport, clock).run_once(clock.now()) == 0
    assert len(transport.delivered) == 37


async def test_audience_is_respected(
    db: Database, subs: SubscriptionService, service: BroadcastService, clock: FakeClock
) -> None:
    await add_subscribers(db, subs, [1001, 1002, 1003])
    await add_subscribers(db, subs, [1011, 1012], district="aral")
    await add_subscribers(db, subs, [1021, 1022], district="shieli")
    transport = FakeTransport()
    await service.create(ADMIN, "a", draft(Audience("district", "shieli")))
    await service.create(ADMIN, "b", draft(Audience("language", "ru")))
    await make_sender(service, transport, clock).run_once(clock.now())
    got = Counter(chat for chat, _ in transport.delivered)
    district_news, russian_news = [1001, 1002, 1003, 1021, 1022], [1002, 1012, 1022]
    assert got == Counter(district_news) + Counter(russian_news)


async def test_scheduled_broadcast_waits_for_its_time(
    db: Database, subs: SubscriptionService, service: BroadcastService, clock: FakeClock
) -> None:
    await add_subscribers(db, subs, range(200, 205))
    transport = FakeTransport()
    sender = make_sender(service, transport, clock)
    await service.create(ADMIN, "s", draft(), clock.now() + timedelta(hours=1))
    assert await sender.run_once(clock.now() + timedelta(minutes=59)) == 0
    assert transport.delivered == []
    await add_subscribers(db, subs, [205])  # subscribed before it starts: included
    clock.advance(hours=1)
    assert await sender.run_once(clock.now()) == 1
    assert sorted(chat for chat, _ in transport.delivered) == list(range(200, 206))


async def test_cancel_stops_the_sending(
    db: Database, subs: SubscriptionService, service: BroadcastService, clock: FakeClock
) -> None:
    await add_subscribers(db, subs, range(300, 360))
    gate, ten_delivered = asyncio.Event(), asyncio.Event()

    class GatedTransport(FakeTransport):
        async def deliver(self, chat_id: int, message: Outgoing) -> None:
            if len(self.delivered) >= 10:
                ten_delivered.set()
                await gate.wait()
            await super().deliver(chat_id, message)

    transport = GatedTransport()
    reporter = FakeReporter()
    broadcast, _ = await service.create(ADMIN, "c", draft())
    task = asyncio.create_task(make_sender(service, transport, clock, reporter).run_once(clock.now()))
    await asyncio.wait_for(ten_delivered.wait(), 10)
    stopped = await service.cancel(ADMIN, broadcast.id)
    assert stopped is not None and stopped.status == "cancelled"
    gate.set()
    await asyncio.wait_for(task, 10)
    final = await service.get(broadcast.id)
    assert final is not None and final.status == "cancelled"
    # those already in flight finish; nothing new starts
    assert len(transport.delivered) < 60 and final.figures.sent == len(transport.delivered)
    assert reporter.final and reporter.final[0][0].status == "cancelled"
    assert await make_sender(service, FakeTransport(), clock).run_once(clock.now()) == 0  # never resumed


async def test_killed_sender_resumes_nobody_skipped_duplicates_only_in_flight(
    db: Database, subs: SubscriptionService, service: BroadcastService, clock: FakeClock
) -> None:
    recipients = set(range(400, 500))
    await add_subscribers(db, subs, sorted(recipients))
    received: list[int] = []  # what "Telegram" got, across both runs
    hang, stuck = asyncio.Event(), asyncio.Event()

    class DyingTransport(FakeTransport):
        async def deliver(self, chat_id: int, message: Outgoing) -> None:
            received.append(chat_id)  # the request reached the server...
            if len(received) > 40:
                if len(received) >= 45:
                    stuck.set()
                await hang.wait()  # ...but its answer never comes back: the process dies first

    class Transport(FakeTransport):
        async def deliver(self, chat_id: int, message: Outgoing) -> None:
            received.append(chat_id)

    await service.create(ADMIN, "k", draft())
    task = asyncio.create_task(make_sender(service, DyingTransport(), clock).run_once(clock.now()))
    await asyncio.wait_for(stuck.wait(), 10)
    task.cancel()  # abrupt: no cleanup code of ours runs
    await asyncio.gather(task, return_exceptions=True)
    in_flight = {int(r[0]) for r in await db.fetchall("SELECT user_id FROM deliveries WHERE state = 'sending'")}
    assert in_flight and len(in_flight) <= 30

    assert await make_sender(service, Transport(), clock).run_once(clock.now()) == 1
    counts = Counter(received)
    assert set(counts) == recipients  # nobody skipped
    duplicates = {chat for chat, n in counts.items() if n > 1}
    assert duplicates <= in_flight  # duplicates only among the sends in flight at the kill
    assert max(counts.values()) == 2
    final = await service.get(1)
    assert final is not None and final.status == "done" and final.figures.sent == 100


async def test_old_delivery_rows_are_pruned_figures_stay(
    db: Database, subs: SubscriptionService, service: BroadcastService, clock: FakeClock
) -> None:
    await add_subscribers(db, subs, range(600, 605))
    await service.create(ADMIN, "o", draft())
    sender = make_sender(service, FakeTransport(), clock)
    await sender.run_once(clock.now())
    assert await db.fetchval("SELECT count(*) FROM deliveries") == 5
    clock.advance(days=31)
    await sender.run_once(clock.now())
    assert await db.fetchval("SELECT count(*) FROM deliveries") == 0
    assert (await service.get(1)).figures.sent == 5  # type: ignore[union-attr]


# ----- statistics -------------------------------------------------------------------------------------------
async def test_stats_count_appeals_and_bookings_by_status(
    db: Database, subs: SubscriptionService, clock: FakeClock
) -> None:
    await add_subscribers(db, subs, range(700, 704))
    stats = StatsService(db, subs, clock)
    before = await stats.collect()
    assert before.citizens == 4 and before.subscribers.active == 4
    assert before.by_status == {"appeals": {}, "bookings": {}}
    at = "2025-03-03T04:00:00Z"
    for i, status in enumerate(("new", "new", "answered")):
        await db.execute(
            "INSERT INTO appeals (ticket, submission_key, category, district, text, name, phone, status, "
            "created_at, updated_at, due_date) VALUES (?, ?, 'land', 'aral', 'text', 'n', '+77010000000', ?, ?, ?, "
            "'2025-03-24')",
            (f"A-2025-{i:05d}", f"k{i}", status, at, at),
        )
    after = await stats.collect()
    assert after.by_status["appeals"] == {"new": 2, "answered": 1}
    assert after.by_status["bookings"] == {}


async def test_granting_a_role_twice_reports_no_change(db: Database, roles: RoleService) -> None:
    assert await roles.grant(5, OPERATOR, granted_by=ADMIN)
    assert not await roles.grant(5, OPERATOR, granted_by=ADMIN)
    assert await roles.has(5, OPERATOR)
    assert await roles.revoke(5, OPERATOR) and not await roles.revoke(5, OPERATOR)


@pytest.mark.parametrize(("rate", "ok"), [(1, True), (25, True), (30, True), (31, False), (0, False)])
def test_broadcast_rate_is_validated(rate: int, ok: bool) -> None:
    from pydantic import ValidationError

    from bot.config import Settings

    values = {"bot_token": "123456:" + "x" * 35, "broadcast_rate": rate, "_env_file": None}
    if ok:
        assert Settings(**values).broadcast_rate == rate  # type: ignore[arg-type]
    else:
        with pytest.raises(ValidationError):
            Settings(**values)  # type: ignore[arg-type]
    assert Settings(bot_token="123456:" + "x" * 35, _env_file=None).broadcast_rate == 25  # type: ignore[call-arg]


def test_districts_come_from_venues_toml(tmp_path: Path) -> None:
    districts = load_districts(ROOT / "data" / "venues.toml", required=False)
    assert [d.id for d in districts][:2] == ["kyzylorda", "aral"] and len(districts) == 9
    assert districts[1].name == {"kk": "Арал ауданы", "ru": "Аральский район"}
    # no file: no district choice, subscriptions still work
    assert load_districts(tmp_path / "venues.toml", required=False) == []
    (tmp_path / "venues.toml").write_text('[[district]]\nid = "x"\nname.kk = "X"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"venues\.toml"):
        load_districts(tmp_path / "venues.toml", required=False)
    (tmp_path / "venues.toml").write_text("[[district]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"venues\.toml"):
        load_districts(tmp_path / "venues.toml", required=False)
