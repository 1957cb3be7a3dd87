"""The working-day calendar: weekends, Kazakhstan's holidays from data/holidays.toml, days off moved from a
weekend, the Government's transfers, religious holidays that never move."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.services.workdays import CalendarError, WorkCalendar

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.load(ROOT / "data" / "holidays.toml")


def test_shipped_file_covers_2024_to_2027(cal: WorkCalendar) -> None:
    for year in (2024, 2025, 2026, 2027):
        assert cal.covers(year)
        assert cal.years[year].kurban_ait is not None


@pytest.mark.parametrize(
    "day",
    [
        "2025-01-01", "2025-01-02", "2025-01-03",  # New Year + the Government's transfer (from Sunday 5 Jan)
        "2025-01-07",  # Orthodox Christmas
        "2025-03-10",  # 8 March 2025 was a Saturday -> Monday 10 March off
        "2025-03-21", "2025-03-24", "2025-03-25",  # Nauryz: 22 and 23 March on the weekend -> 24 and 25 off
        "2025-05-01", "2025-05-07", "2025-05-09",
        "2025-06-06",  # Kurban ait
        "2025-07-07",  # Astana Day (Sunday 6 July) -> Monday
        "2025-09-01",  # Constitution Day (Saturday 30 August) -> Monday
        "2025-10-27",  # Republic Day (Saturday 25 October) -> Monday
        "2025-12-16",
        "2024-03-25", "2024-05-08", "2024-07-08",
        "2026-03-09", "2026-03-24", "2026-03-25", "2026-05-11", "2026-05-27", "2026-10-26",
        "2027-01-04", "2027-03-15", "2027-03-24", "2027-05-03", "2027-05-10",
    ],
)
def test_days_off(cal: WorkCalendar, day: str) -> None:
    assert not cal.is_working_day(date.fromisoformat(day))


@pytest.mark.parametrize(
    "day",
    [
        "2025-01-05",  # a Sunday made a working day by the 2025 transfer
        "2024-05-04",  # a Saturday made a working day by the 2024 transfer
        "2025-03-03", "2025-06-09", "2025-12-17",
        "2024-06-17",  # Kurban ait 2024 was on Sunday 16 June and is never moved
        "2026-08-31",  # no Constitution Day in 2026 (moved to 15 March from 2027)
        "2025-01-08",  # Orthodox Christmas is never moved either (it was a Tuesday anyway)
    ],
)
def test_working_days(cal: WorkCalendar, day: str) -> None:
    assert cal.is_working_day(date.fromisoformat(day))


def test_religious_holiday_on_weekend_does_not_move() -> None:
    cal = WorkCalendar.from_dict({
        "holiday": [{"date": "01-07", "name": {"kk": "Р", "ru": "Р"}, "moves": False}],
        "year": [{"year": 2024, "kurban_ait": "2024-06-16"}],
    })
    assert cal.is_working_day(date(2024, 6, 17))  # Monday after a Sunday Kurban ait
    assert not cal.is_working_day(date(2024, 6, 16))
    assert cal.is_working_day(date(2023, 1, 9))  # Orthodox Christmas 2023 was a Saturday


def test_fifteen_working_days(cal: WorkCalendar) -> None:
    # Filed on Monday 3 March 2025: March 8 (Sat) -> 10 March off, Nauryz 21, 24, 25 March off.
    assert cal.add_working_days(date(2025, 3, 3), 15) == date(2025, 3, 28)
    # Filed on a Saturday: counting starts with the next working day.
    assert cal.add_working_days(date(2025, 3, 1), 1) == date(2025, 3, 3)
    assert cal.add_working_days(date(2025, 3, 3), 0) == date(2025, 3, 3)
    assert cal.working_days_between(date(2025, 3, 3), date(2025, 3, 28)) == 15
    assert cal.working_days_between(date(2025, 3, 28), date(2025, 3, 3)) == -15


def test_add_is_consistent_with_between(cal: WorkCalendar) -> None:
    start = date(2024, 1, 1)
    for offset in range(0, 4 * 365, 7):
        day = start + timedelta(days=offset)
        for n in (1, 5, 15):
            due = cal.add_working_days(day, n)
            assert cal.is_working_day(due)
            assert cal.working_days_between(day, due) == n


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"holiday": [{"date": "13-01", "name": {"kk": "x", "ru": "x"}}]}, "holiday #1"),
        ({"holiday": [{"date": "01-01", "name": {"kk": "x"}}]}, "name.ru"),
        ({"year": [{"year": 2025, "kurban_ait": "2024-06-16"}]}, "not in 2025"),
        ({"year": [{"year": 2025}, {"year": 2025}]}, "twice"),
        ({"year": [{"year": 2025, "days_off": ["soon"]}]}, "YYYY-MM-DD"),
        ({"weekend": [0]}, "weekend"),
    ],
)
def test_malformed_file_names_the_entry(raw: dict, message: str) -> None:
    with pytest.raises(CalendarError, match=message):
        WorkCalendar.from_dict(raw)
