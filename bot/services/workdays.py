"""Kazakhstan's working-day calendar: weekends, public holidays (data/holidays.toml), the rule that a holiday on
a day off moves the day off to the next working day, and the Government's transfers of days off.

Plain Python, no I/O after loading: ``WorkCalendar.load(path)`` once, then ``add_working_days`` and friends.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any


class CalendarError(ValueError):
    """data/holidays.toml is malformed; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Holiday:
    month: int
    day: int
    name: dict[str, str]
    moves: bool
    since: int | None = None
    until: int | None = None

    def in_year(self, year: int) -> date | None:
        if (self.since is not None and year < self.since) or (self.until is not None and year > self.until):
            return None
        return date(year, self.month, self.day)


@dataclass(frozen=True, slots=True)
class YearRules:
    kurban_ait: date | None = None
    days_off: frozenset[date] = frozenset()
    working_days: frozenset[date] = frozenset()


@dataclass
class WorkCalendar:
    holidays: list[Holiday]
    years: dict[int, YearRules]
    weekend: frozenset[int] = frozenset({6, 7})
    _cache: dict[int, frozenset[date]] = field(default_factory=dict, repr=False)

    # ----- loading ------------------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path) -> WorkCalendar:
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise CalendarError(f"{path}: {exc}") from exc
        return cls.from_dict(raw, str(path))

    @classmethod
    def from_dict(cls, raw: dict[str, Any], source: str = "holidays") -> WorkCalendar:
        weekend = raw.get("weekend", [6, 7])
        if not isinstance(weekend, list) or not all(isinstance(d, int) and 1 <= d <= 7 for d in weekend):
            raise CalendarError(f"{source}: weekend must be a list of ISO weekday numbers 1..7")
        holidays: list[Holiday] = []
        for index, item in enumerate(raw.get("holiday", []), 1):
            where = f"{source}: holiday #{index} ({item.get('date')!r})"
            try:
                month, day = (int(p) for p in str(item["date"]).split("-"))
                date(2024, month, day)  # a leap year accepts every valid MM-DD
                name = {"kk": str(item["name"]["kk"]), "ru": str(item["name"]["ru"])}
            except (KeyError, ValueError, TypeError) as exc:
                raise CalendarError(f"{where}: needs date = \"MM-DD\", name.kk and name.ru ({exc})") from exc
            moves = item.get("moves", True)
            if not isinstance(moves, bool):
                raise CalendarError(f"{where}: moves must be true or false")
            holidays.append(Holiday(month, day, name, moves, item.get("since"), item.get("until")))
        years: dict[int, YearRules] = {}
        for index, item in enumerate(raw.get("year", []), 1):
            where = f"{source}: year #{index} ({item.get('year')!r})"
            try:
                year = int(item["year"])
                kurban = date.fromisoformat(item["kurban_ait"]) if item.get("kurban_ait") else None
                days_off = frozenset(date.fromisoformat(d) for d in item.get("days_off", []))
                working = frozenset(date.fromisoformat(d) for d in item.get("working_days", []))
            except (KeyError, ValueError, TypeError) as exc:
                raise CalendarError(f"{where}: dates must be \"YYYY-MM-DD\" ({exc})") from exc
            if year in years:
                raise CalendarError(f"{where}: the year is listed twice")
            stray = [d for d in (kurban, *days_off, *working) if d is not None and d.year != year]
            if stray:
                raise CalendarError(f"{where}: {stray[0].isoformat()} is not in {year}")
            years[year] = YearRules(kurban, days_off, working)
        return cls(holidays, years, frozenset(weekend))

    # ----- queries ------------------------------------------------------------------------------------------
    def days_off(self, year: int) -> frozenset[date]:
        """Every non-working day of ``year`` that is not a plain weekend day: holidays, moved days off, Kurban
        ait, transferred days off."""
        cached = self._cache.get(year)
        if cached is not None:
            return cached
        fixed = sorted(
            (d, h.moves) for h in self.holidays if (d := h.in_year(year)) is not None
        )
        rules = self.years.get(year, YearRules())
        off: set[date] = {d for d, _ in fixed}
        if rules.kurban_ait is not None:
            off.add(rules.kurban_ait)
        off |= rules.days_off
        # A holiday on a weekend day gives the next working day off; holidays in a row (Nauryz) each give one.
        for day, moves in fixed:
            if not moves or day.isoweekday() not in self.weekend:
                continue
            candidate = day + timedelta(days=1)
            while candidate.isoweekday() in self.weekend or candidate in off:
                candidate += timedelta(days=1)
            off.add(candidate)
        result = frozenset(off - rules.working_days)
        self._cache[year] = result
        return result

    def is_working_day(self, day: date) -> bool:
        rules = self.years.get(day.year)
        if rules is not None and day in rules.working_days:
            return True
        return day.isoweekday() not in self.weekend and day not in self.days_off(day.year)

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (``start`` itself is not counted)."""
        if days < 0:
            raise ValueError("days must not be negative")
        current = start
        left = days
        while left > 0:
            current += timedelta(days=1)
            if self.is_working_day(current):
                left -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        current = start
        while current < end:
            current += timedelta(days=1)
            count += self.is_working_day(current)
        return count

    def covers(self, year: int) -> bool:
        """True when the year-by-year rules (Kurban ait) are known for ``year``."""
        return year in self.years
