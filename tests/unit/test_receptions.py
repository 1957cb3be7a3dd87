"""ReceptionService on a real SQLite file: places, capacity, limits, waitlist, staff work, personal data."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import LOCAL_TZ, FakeClock
from bot.db.database import Database
from bot.services.reception_input import SessionDraft
from bot.services.receptions import ReceptionError, ReceptionService, Session
from bot.services.roles import RoleService

ROOT = Path(__file__).resolve().parents[2]
ADMIN = 900_001
LAWYER_ID = 900_002
NOW = datetime(2025, 3, 3, 4, 0, tzinfo=UTC)  # Monday 09:00 in Kyzylorda


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in March 2025, Kyzylorda time."""
    return datetime(2025, 3, day, hour, minute, tzinfo=LOCAL_TZ)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "rc.sqlite3")
    yield database
    await database.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
async def svc(db: Database, clock: FakeClock) -> ReceptionService:
    roles = RoleService(db, [ADMIN])
    await roles.grant(LAWYER_ID, "lawyer", ADMIN)
    service = ReceptionService(db, roles, clock, hold=timedelta(minutes=120), cutoff=timedelta(minutes=60))
    await service.load_places(ROOT / "data")
    return service


async def add(svc: ReceptionService, venue: str = "aral", day: int = 5, start: int = 10, end: int = 13,
              places: int | None = 3, slot: int | None = None) -> Session:
    draft = SessionDraft(venue, local(day, start), local(day, end), "housing", places=None if slot else places,
                         slot_minutes=slot)
    return await svc.create_session(ADMIN, draft, NOW)


async def book(svc: ReceptionService, user: int, session: Session, now: datetime = NOW, slot: int | None = None,
               name: str = "Айгүл Серікова"):  # type: ignore[no-untyped-def]
    return await svc.book(user_id=user, session_id=session.id, name=name, phone="8 701 234 56 78",
                          question=None, language="kk", now=now, slot=slot)


async def code_of(call) -> str:  # type: ignore[no-untyped-def]
    try:
        await call
    except ReceptionError as error:
        return error.code
    return "ok"


# -- venues -----------------------------------------------------------------------------------------------


async def test_venues_load_idempotently(svc: ReceptionService, db: Database) -> None:
    before = await db.fetchall("SELECT * FROM rc_venues ORDER BY id")
    counts = await svc.load_places(ROOT / "data")
    after = await db.fetchall("SELECT * FROM rc_venues ORDER BY id")
    assert counts["venues"] == 10 and counts["districts"] == 9
    assert [tuple(r) for r in before] == [tuple(r) for r in after]
    aral = await svc.venue("aral")
    assert aral is not None and aral.address == {"kk": "Арал қаласы", "ru": "г. Аральск"}


async def test_a_venue_removed_from_the_file_is_kept_while_sessions_use_it(
    svc: ReceptionService, db: Database, tmp_path: Path
) -> None:
    await add(svc, "baikonur")
    text = (ROOT / "data" / "venues.toml").read_text(encoding="utf-8")
    start = text.index('[[venue]]\nid = "baikonur"')
    trimmed = text[:start] + text[text.index("# ----", start):]
    (tmp_path / "venues.toml").write_text(trimmed, encoding="utf-8")
    counts = await svc.load_places(tmp_path)
    assert counts["venues"] == 9 and counts["retired"] == 1
    assert await db.fetchval("SELECT active FROM rc_venues WHERE id = 'baikonur'") == 0
    assert [v.id for v in await svc.venues()].count("baikonur") == 0


async def test_schedule_questions_follow_the_districts_in_the_file(svc: ReceptionService, tmp_path: Path) -> None:
    question = "Сексеуілде заңгер қабылдауы қашан?"
    found = await svc.schedule_question(question)
    assert found is not None and found.district == "aral"
    assert await svc.schedule_question(question) == found  # asked again: the same answer
    text = (ROOT / "data" / "venues.toml").read_text(encoding="utf-8")
    (tmp_path / "venues.toml").write_text(text.replace('"сексеуіл", "сексеуил", ', ""), encoding="utf-8")
    await svc.load_places(tmp_path)  # staff dropped a keyword: the remembered answer must not outlive it
    again = await svc.schedule_question(question)
    assert again is not None and again.district is None


# -- capacity and limits ----------------------------------------------------------------------------------


async def test_fifty_concurrent_bookings_of_three_places(svc: ReceptionService, db: Database) -> None:
    session = await add(svc, places=3)
    results = await asyncio.gather(*(code_of(book(svc, 1000 + i, session)) for i in range(50)))
    assert results.count("ok") == 3 and results.count("full") == 47
    assert await db.fetchval("SELECT count(*) FROM rc_bookings WHERE session_id = ?", (session.id,)) == 3


async def test_the_database_refuses_overbooking_by_itself(svc: ReceptionService, db: Database) -> None:
    session = await add(svc, places=2)
    await book(svc, 1, session)
    insert = ("INSERT INTO rc_bookings (code, session_id, slot, user_id, status, created_at, updated_at) "
              "VALUES (?, ?, ?, ?, 'booked', 'x', 'x')")
    with pytest.raises(sqlite3.IntegrityError):  # slot 0 is taken
        await db.execute(insert, ("AAAAAA", session.id, 0, 2))
    with pytest.raises(sqlite3.IntegrityError, match="capacity"):  # no place number 2 in a 2-place session
        await db.execute(insert, ("BBBBBB", session.id, 2, 3))
    with pytest.raises(sqlite3.IntegrityError):  # one booking per citizen per session
        await db.execute(insert, ("CCCCCC", session.id, 1, 1))


async def test_limits_duplicate_two_active_and_cutoff(svc: ReceptionService, clock: FakeClock) -> None:
    s1, s2, s3 = await add(svc, day=5), await add(svc, "shieli", day=6), await add(svc, "kazaly", day=7)
    await book(svc, 7, s1)
    assert await code_of(book(svc, 7, s1)) == "duplicate"
    await book(svc, 7, s2)
    assert await code_of(book(svc, 7, s3)) == "limit"
    # Starts in less than an hour, or started: closed.
    assert await code_of(book(svc, 8, s1, now=local(5, 9, 1))) == "too_late"
    assert await code_of(book(svc, 8, s1, now=local(5, 10, 30))) == "too_late"
    assert await code_of(book(svc, 8, s1, now=local(5, 8, 59))) == "ok"
    assert await code_of(svc.book(user_id=9, session_id=99999, name="Иван", phone="+77011112233", question=None,
                                  language="ru", now=NOW)) == "not_found"


async def test_bad_details_are_refused_and_nothing_is_written(svc: ReceptionService, db: Database) -> None:
    session = await add(svc)
    with pytest.raises(ReceptionError) as err:
        await svc.book(user_id=1, session_id=session.id, name="Иван", phone="+7 912 345 67 89", question=None,
                       language="ru", now=NOW)
    assert err.value.code == "input" and err.value.problem is not None and err.value.problem.code == "phone"
    with pytest.raises(ReceptionError) as err:
        await svc.book(user_id=1, session_id=session.id, name="Иван", phone="87012345678", question="x" * 501,
                       language="ru", now=NOW)
    assert err.value.problem is not None and err.value.problem.code == "question_long"
    assert await db.fetchval("SELECT count(*) FROM rc_bookings") == 0


async def test_timed_slots(svc: ReceptionService) -> None:
    session = await add(svc, start=10, end=11, slot=20)
    assert session.capacity == 3 and session.timed
    first = await book(svc, 1, session, slot=1)
    assert first.appointment == local(5, 10, 20)
    assert await code_of(book(svc, 2, session, slot=1)) == "slot_taken"
    assert await code_of(book(svc, 2, session, slot=7)) == "not_found"
    other = await book(svc, 2, session)  # no slot chosen: the first free one
    assert other.slot == 0


async def test_cancel_frees_the_place_and_only_the_owner_can(svc: ReceptionService) -> None:
    session = await add(svc, places=1)
    mine = await book(svc, 1, session)
    assert await code_of(book(svc, 2, session)) == "full"
    assert await code_of(svc.cancel_booking(2, mine.id, NOW)) == "not_found"  # someone else's booking
    assert await svc.booking_of(2, mine.id, NOW) is None
    await svc.cancel_booking(1, mine.id, NOW)
    assert await code_of(svc.cancel_booking(1, mine.id, NOW)) == "not_active"
    assert await code_of(book(svc, 2, session)) == "ok"
    assert await svc.my_bookings(1, NOW) == []


# -- the waitlist -----------------------------------------------------------------------------------------


async def wait(svc: ReceptionService, user: int, session: Session):  # type: ignore[no-untyped-def]
    return await svc.join_waitlist(user_id=user, session_id=session.id, name="Ерлан Қасымов", phone="7011112233",
                                   question="Жер учаскесі", language="kk", now=NOW)


async def test_waitlist_offer_take_and_expiry(svc: ReceptionService, db: Database) -> None:
    session = await add(svc, places=1)
    first = await book(svc, 1, session)
    assert await code_of(wait(svc, 2, session)) == "ok"
    entry3 = await wait(svc, 3, session)
    assert entry3.position == 2
    assert (await wait(svc, 3, session)).id == entry3.id  # joining twice changes nothing
    await svc.cancel_booking(1, first.id, NOW)
    # The freed place is held for citizen 2: nobody else can book it.
    assert await code_of(book(svc, 4, session)) == "full"
    offer2 = (await svc.my_waitlist(2, NOW))[0]
    assert offer2.status == "offered" and offer2.offer_expires_at == NOW + timedelta(minutes=120)
    assert await code_of(svc.take_offer(3, offer2.id, NOW)) == "not_found"  # not citizen 3's offer
    # Citizen 2 lets it expire: the job passes the place to citizen 3.
    later = NOW + timedelta(minutes=121)
    counts = await svc.rebalance(later)
    assert counts == {"expired": 1, "closed": 0, "offered": 1}
    assert await code_of(svc.take_offer(2, offer2.id, later)) == "offer_gone"
    offer3 = (await svc.my_waitlist(3, later))[0]
    booking = await svc.take_offer(3, offer3.id, later)
    assert booking.name == "Ерлан Қасымов" and booking.phone == "+77011112233" and booking.question == "Жер учаскесі"
    kinds = [r[0] for r in await db.fetchall("SELECT kind FROM rc_outbox WHERE waitlist_id IS NOT NULL ORDER BY id")]
    assert kinds == ["waitlist_offer", "waitlist_expired", "waitlist_offer"]


async def test_declining_an_offer_passes_it_on_and_a_full_session_only(svc: ReceptionService) -> None:
    session = await add(svc, places=1)
    assert await code_of(wait(svc, 2, session)) == "has_places"
    first = await book(svc, 1, session)
    e2, e3 = await wait(svc, 2, session), await wait(svc, 3, session)
    await svc.cancel_booking(1, first.id, NOW)
    await svc.leave_waitlist(2, e2.id, NOW)  # declines the offer
    assert (await svc.my_waitlist(3, NOW))[0].status == "offered"
    assert (await svc.waitlist_entry_of(3, e3.id, NOW)) is not None


async def test_offers_stop_an_hour_before_the_start(svc: ReceptionService) -> None:
    session = await add(svc, places=1)
    first = await book(svc, 1, session)
    await wait(svc, 2, session)
    late = local(5, 9, 5)  # 55 minutes before the start: too late to offer
    await svc.cancel_booking(1, first.id, late)
    assert (await svc.my_waitlist(2, late))[0].status == "waiting"
    counts = await svc.rebalance(late)
    assert counts["closed"] == 1 and counts["offered"] == 0


# -- staff ------------------------------------------------------------------------------------------------


async def test_staff_actions_check_the_role(svc: ReceptionService) -> None:
    session = await add(svc)
    citizen = 123
    draft = SessionDraft("aral", local(6, 10), local(6, 12), "land", places=2)
    for call in (
        svc.create_session(citizen, draft, NOW),
        svc.cancel_session(citizen, session.id, NOW),
        svc.session_bookings(citizen, session.id, NOW),
        svc.import_csv(citizen, b"", NOW),
        svc.set_paused(citizen, True, NOW),
        svc.update_session(citizen, session.id, "topic", "land", NOW),
        svc.create_session(LAWYER_ID, draft, NOW),  # lawyers see, they do not manage
    ):
        assert await code_of(call) == "forbidden"
    assert await svc.session_bookings(LAWYER_ID, session.id, NOW) == []


GOOD_CSV = (
    "date,start,end,venue,places,slot_minutes,specialist,topic\n"
    "06.03.2025,10:00,12:00,aral,5,,Серік Ахметов,land\n"
    "2025-03-07,10:00,11:00,shieli,,20,,pensions\n"
).encode()


async def test_csv_import_is_all_or_nothing(svc: ReceptionService, db: Database) -> None:
    bad = GOOD_CSV + (
        b"01.03.2025,10:00,12:00,aral,5,,,land\n"  # in the past
        b"08.03.2025,12:00,10:00,aral,5,,,land\n"  # ends before it starts
        b"08.03.2025,10:00,12:00,moon,5,,,land\n"  # no such venue
        b"08.03.2025,10:00,12:00,aral,5,20,,land\n"  # both places and slots
        b"08.03.2025,10:00,12:00,kazaly,,,,land\n"  # neither
        b"08.03.2025,10:00,12:00,karmakshy,5,,,astrology\n"  # no such topic
        b"06.03.2025,10:00,12:00,aral,3,,,family\n"  # same venue and start as line 2
        b"32.03.2025,10:00,12:00,aral,3,,,family\n"  # not a date
    )
    result = await svc.import_csv(ADMIN, bad, NOW)
    assert not result.ok and not result.added
    assert [(row, p.code) for row, p in result.problems] == [
        (4, "date_past"), (5, "time_order"), (6, "venue_unknown"), (7, "capacity_both"), (8, "capacity_missing"),
        (9, "topic_unknown"), (10, "duplicate_in_file"), (11, "date_invalid"),
    ]
    assert await db.fetchval("SELECT count(*) FROM rc_sessions") == 0
    result = await svc.import_csv(ADMIN, GOOD_CSV, NOW)
    assert result.ok and len(result.added) == 2
    timed = result.added[1]
    assert timed.capacity == 3 and timed.slot_minutes == 20 and result.added[0].specialist == "Серік Ахметов"
    # The same file again: every row is a duplicate of the schedule, nothing added.
    again = await svc.import_csv(ADMIN, GOOD_CSV, NOW)
    assert [p.code for _, p in again.problems] == ["duplicate_existing", "duplicate_existing"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "csv_empty"),
        (b"\x00\x01\x02\xff\xfe binary", "csv_not_text"),
        (b"hello,world\n1,2\n", "csv_header"),
        (b"date,start,end,venue,topic,colour\n", "csv_header_unknown"),
        (b"date,start,end,venue,places,topic\n", "csv_no_rows"),
        ("date;start;end;venue;places;topic\n" + "06.03.2025;10:00;12:00;aral;5;land\n" * 501, "csv_too_many_rows"),
    ],
)
async def test_malformed_csv_files(svc: ReceptionService, data: bytes | str, code: str) -> None:
    raw = data.encode() if isinstance(data, str) else data
    result = await svc.import_csv(ADMIN, raw, NOW)
    assert result.file_problem is not None and result.file_problem.code == code


async def test_semicolons_and_windows_1251(svc: ReceptionService) -> None:
    text = "date;start;end;venue;places;slot_minutes;specialist;topic\n06.03.2025;10:00;12:00;aral;5;;Әлия;family\n"
    result = await svc.import_csv(ADMIN, text.replace("Әлия", "Алия").encode("cp1251"), NOW)
    assert result.ok and result.added[0].specialist == "Алия"


async def test_moving_a_session_reschedules_reminders_and_tells_citizens(svc: ReceptionService, db: Database) -> None:
    session = await add(svc, day=6)
    booking = await book(svc, 1, session)
    dues = [r[0] for r in await db.fetchall(
        "SELECT due_at FROM rc_outbox WHERE booking_id = ? AND outcome IS NULL ORDER BY due_at", (booking.id,))]
    assert dues == ["2025-03-05T13:00:00Z", "2025-03-06T03:00:00Z"]  # 18:00 the day before, 08:00 on the day
    moved = await svc.update_session(ADMIN, session.id, "date", local(7, 0).date(), NOW)
    assert moved.starts_at == local(7, 10)
    rows = await db.fetchall(
        "SELECT kind, due_at FROM rc_outbox WHERE booking_id = ? AND outcome IS NULL ORDER BY due_at", (booking.id,))
    assert [tuple(r) for r in rows] == [
        ("session_moved", "2025-03-03T04:00:00Z"), ("remind_evening", "2025-03-06T13:00:00Z"),
        ("remind_2h", "2025-03-07T03:00:00Z"),
    ]
    assert await code_of(svc.update_session(ADMIN, session.id, "date", local(1, 0).date(), NOW)) == "input"


async def test_changing_places(svc: ReceptionService) -> None:
    session = await add(svc, places=4)
    bookings = [await book(svc, u, session) for u in (1, 2, 3)]
    await svc.cancel_booking(1, bookings[0].id, NOW)  # place 0 free, places 1 and 2 held
    assert await code_of(svc.update_session(ADMIN, session.id, "capacity", "1", NOW)) == "capacity_below"
    smaller = await svc.update_session(ADMIN, session.id, "capacity", "2", NOW)  # renumbered into 0..1
    assert smaller.capacity == 2 and smaller.free == 0
    await wait(svc, 9, smaller)
    await svc.update_session(ADMIN, session.id, "capacity", "3", NOW)
    assert (await svc.my_waitlist(9, NOW))[0].status == "offered"


async def test_cancelling_a_session_queues_notices(svc: ReceptionService, db: Database) -> None:
    session = await add(svc, places=1)
    await book(svc, 1, session)
    await wait(svc, 2, session)
    assert await svc.cancel_session(ADMIN, session.id, NOW) == 2
    assert await code_of(svc.cancel_session(ADMIN, session.id, NOW)) == "cancelled"
    kinds = [tuple(r) for r in await db.fetchall(
        "SELECT kind, user_id, outcome FROM rc_outbox ORDER BY id")]
    assert ("session_cancelled", 1, None) in kinds and ("session_cancelled", 2, None) in kinds
    assert ("remind_evening", 1, "cancelled") in kinds
    assert await svc.my_bookings(1, NOW) == [] and await svc.my_waitlist(2, NOW) == []
    assert await code_of(book(svc, 3, session)) == "cancelled"


async def test_pause_stops_new_bookings_only(svc: ReceptionService) -> None:
    session = await add(svc, places=2)
    booking = await book(svc, 1, session)
    await svc.set_paused(ADMIN, True, NOW)
    assert await code_of(book(svc, 2, session)) == "paused"
    assert len(await svc.my_bookings(1, NOW)) == 1
    await svc.cancel_booking(1, booking.id, NOW)  # cancelling still works
    await svc.set_paused(ADMIN, False, NOW)
    assert await code_of(book(svc, 2, session)) == "ok"


async def test_attendance(svc: ReceptionService, db: Database) -> None:
    session = await add(svc)
    booking = await book(svc, 1, session)
    with pytest.raises(ReceptionError) as refused:  # before the session starts: nobody can have come yet
        await svc.mark_attendance(LAWYER_ID, booking.id, "no_show", NOW)
    assert refused.value.code == "not_started"
    started = session.starts_at + timedelta(minutes=5)
    marked = await svc.mark_attendance(LAWYER_ID, booking.id, "no_show", started)
    assert marked.status == "no_show"
    assert await db.fetchval("SELECT count(*) FROM rc_outbox WHERE booking_id = ? AND outcome IS NULL",
                             (booking.id,)) == 0
    assert [b.status for b in await svc.session_bookings(ADMIN, session.id, NOW)] == ["no_show"]
    undone = await svc.mark_attendance(LAWYER_ID, booking.id, "booked", started)  # undo
    assert undone.status == "booked"
    assert [b.status for b in await svc.session_bookings(ADMIN, session.id, NOW)] == ["booked"]


# -- personal data ----------------------------------------------------------------------------------------


async def test_export_forget_and_anonymise(svc: ReceptionService, db: Database, clock: FakeClock) -> None:
    s1, s2 = await add(svc, day=5, places=1), await add(svc, "shieli", day=6)
    await book(svc, 1, s1)
    await wait(svc, 2, s1)
    await book(svc, 2, s2)
    exported = await svc.export_user(2)
    data = exported["receptions"]
    assert [b["phone"] for b in data["bookings"]] == ["+77012345678"]
    assert [w["question"] for w in data["waitlist"]] == ["Жер учаскесі"]
    assert data["bookings"][0]["starts_at"] == "2025-03-06T10:00:00+05:00"

    # Half-filled booking forms hold a name and a phone in the FSM storage.
    for user, updated in ((2, "2025-03-03T04:00:00Z"), (3, "2025-03-01T04:00:00Z"), (4, "2025-03-07T04:00:00Z")):
        await db.execute("INSERT INTO fsm_state (key, state, data, updated_at) VALUES (?, 'BookingForm:phone', ?, ?)",
                         (f"fsm:{user}:{user}:default", '{"rc_name": "Аты Жөні"}', updated))
    await db.execute("INSERT INTO fsm_state (key, state, data) VALUES ('fsm:5:5:default', 'OtherForm:x', '{}')")
    assert await svc.forget_user(2) == 2
    assert await db.fetchval("SELECT count(*) FROM fsm_state WHERE key = 'fsm:2:2:default'") == 0
    assert await svc.export_user(2) == {"receptions": {"bookings": [], "waitlist": []}}
    row = await db.fetchone("SELECT user_id, name, phone, question, status FROM rc_bookings WHERE session_id = ?",
                            (s2.id,))
    assert tuple(row) == (None, None, None, None, "cancelled")  # type: ignore[arg-type]
    assert await db.fetchval("SELECT count(*) FROM rc_bookings") == 2  # counts stay

    clock.set(local(8, 12))
    # Citizen 1's booking of the 5th, and citizen 3's form abandoned on the 1st.
    assert await svc.anonymise_before(local(6, 0)) == 2
    assert await db.fetchval("SELECT count(*) FROM rc_bookings WHERE name IS NOT NULL") == 0
    assert [r[0] for r in await db.fetchall("SELECT key FROM fsm_state ORDER BY key")] == [
        "fsm:4:4:default", "fsm:5:5:default"]
    assert await svc.anonymise_before(local(6, 0)) == 0


# -- the demo schedule ------------------------------------------------------------------------------------


async def test_demo_schedule_loads_once_and_goes_away(svc: ReceptionService, db: Database) -> None:
    added = await svc.load_demo(ROOT / "data" / "schedule_demo.csv", NOW)
    assert added >= 10
    assert await svc.load_demo(ROOT / "data" / "schedule_demo.csv", NOW) == 0
    days = {s.local_day.weekday() for s in await svc.upcoming(NOW)}
    assert days <= {0, 1, 2, 3, 4}  # working days only
    demo = (await svc.upcoming(NOW))[0]
    await book(svc, 1, demo)
    removed = await svc.remove_demo()
    assert removed == added - 1  # the booked one stays
    assert await db.fetchval("SELECT count(*) FROM rc_sessions") == 1
