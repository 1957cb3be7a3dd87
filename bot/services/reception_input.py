"""What citizens and staff type for legal-help receptions, checked: phone numbers, names, questions, session
details and schedule CSV files.

Pure functions, no I/O and no aiogram. A problem is reported as :class:`InputProblem` (a code and the
values a message needs), never as text: the handlers turn codes into messages in the reader's language.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from bot.clock import LOCAL_TZ
from bot.text.phone import normalize_phone

__all__ = [
    "CSV_COLUMNS",
    "MAX_CSV_BYTES",
    "MAX_CSV_ROWS",
    "MAX_NAME",
    "MAX_QUESTION",
    "MAX_SPECIALIST",
    "TOPICS",
    "CsvRow",
    "InputProblem",
    "SessionDraft",
    "check_name",
    "check_phone",
    "check_question",
    "parse_date",
    "parse_time_range",
    "read_csv",
    "validate_rows",
]

TOPICS = ("housing", "land", "family", "labour", "pensions", "debts", "other")
MAX_NAME = 80
MAX_QUESTION = 500
MAX_SPECIALIST = 100
MAX_PLACES = 200
MIN_SLOT, MAX_SLOT = 5, 240
MAX_CSV_ROWS = 500
MAX_CSV_BYTES = 256 * 1024
CSV_COLUMNS = ("date", "start", "end", "venue", "places", "slot_minutes", "specialist", "topic")
REQUIRED_COLUMNS = ("date", "start", "end", "venue", "topic")


@dataclass(frozen=True)
class InputProblem(Exception):
    """``code`` names the problem; ``params`` fill the message (row, value, limit, allowed ...)."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.code} {dict(self.params)!r}"


# ---------------------------------------------------------------------------------------------------------
# Citizens: phone, name, question
# ---------------------------------------------------------------------------------------------------------

def check_phone(raw: str) -> str:
    """A Kazakh number in any usual spelling -> ``+7XXXXXXXXXX``; InputProblem("phone") otherwise. The rules are
    bot.text.phone's, the same for every form."""
    phone = normalize_phone(raw)
    if phone is None:
        raise InputProblem("phone")
    return phone


_NAME_OK = re.compile(r"^[^\W\d_]+(?:[ .'’\-]+[^\W\d_]+)*\.?$")


def check_name(raw: str) -> str:
    """A person's name: letters with spaces, hyphens, apostrophes or dots between words; 2..80 characters."""
    name = " ".join(raw.split())
    if len(name) < 2:
        raise InputProblem("name_short")
    if len(name) > MAX_NAME:
        raise InputProblem("name_long", {"limit": MAX_NAME})
    if not _NAME_OK.match(name):
        raise InputProblem("name_chars")
    return name


def check_question(raw: str) -> str:
    question = raw.strip()
    if len(question) > MAX_QUESTION:
        raise InputProblem("question_long", {"limit": MAX_QUESTION, "length": len(question)})
    return question


# ---------------------------------------------------------------------------------------------------------
# Staff: sessions
# ---------------------------------------------------------------------------------------------------------

_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d.%m.%y")
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
_RANGE = re.compile(r"^\s*(\d{1,2}[:.]\d{2})\s*(?:-|–|—|\s)\s*(\d{1,2}[:.]\d{2})\s*$")


def parse_date(raw: str) -> date:
    text = raw.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise InputProblem("date_invalid", {"value": raw.strip()})


def parse_time(raw: str) -> time:
    match = _TIME.match(raw.strip())
    if not match:
        raise InputProblem("time_invalid", {"value": raw.strip()})
    return time(int(match.group(1)), int(match.group(2)))


def parse_time_range(raw: str) -> tuple[time, time]:
    """"10:00-13:00", "10.00 – 13.00", "10:00 13:00"."""
    match = _RANGE.match(raw)
    if not match:
        raise InputProblem("time_invalid", {"value": raw.strip()})
    start, end = parse_time(match.group(1)), parse_time(match.group(2))
    if end <= start:
        raise InputProblem("time_order", {"value": raw.strip()})
    return start, end


@dataclass(frozen=True)
class SessionDraft:
    """A session as staff describe it, checked; times are aware (UTC)."""

    venue_id: str
    starts_at: datetime
    ends_at: datetime
    topic: str
    places: int | None = None
    slot_minutes: int | None = None
    specialist: str | None = None

    @property
    def capacity(self) -> int:
        if self.slot_minutes:
            return int((self.ends_at - self.starts_at).total_seconds() // 60) // self.slot_minutes
        return int(self.places or 0)


def local_moment(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=LOCAL_TZ)


def check_places(raw: str | int) -> int:
    text = str(raw).strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_PLACES:
        raise InputProblem("places_invalid", {"value": text, "limit": MAX_PLACES})
    return int(text)


def check_slot_minutes(raw: str | int, duration_minutes: int) -> int:
    text = str(raw).strip().lower().removesuffix("min").removesuffix("мин").strip()
    if not text.isdigit() or not MIN_SLOT <= int(text) <= MAX_SLOT:
        raise InputProblem("slot_invalid", {"value": str(raw).strip(), "low": MIN_SLOT, "high": MAX_SLOT})
    minutes = int(text)
    if minutes > duration_minutes:
        raise InputProblem("slot_too_long", {"value": minutes})
    return minutes


def check_specialist(raw: str | None) -> str | None:
    text = " ".join((raw or "").split())
    if len(text) > MAX_SPECIALIST:
        raise InputProblem("specialist_long", {"limit": MAX_SPECIALIST})
    return text or None


def check_topic(raw: str) -> str:
    topic = raw.strip().lower()
    if topic not in TOPICS:
        raise InputProblem("topic_unknown", {"value": raw.strip(), "allowed": ", ".join(TOPICS)})
    return topic


def check_future(starts_at: datetime, now: datetime) -> None:
    if starts_at <= now:
        raise InputProblem("date_past", {"value": starts_at.astimezone(LOCAL_TZ).strftime("%d.%m.%Y %H:%M")})


# ---------------------------------------------------------------------------------------------------------
# Staff: schedule CSV files
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CsvRow:
    number: int  # line number in the file (the header is line 1)
    values: dict[str, str]


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise InputProblem("csv_not_text")


def read_csv(data: bytes) -> list[CsvRow]:
    """The rows of a schedule CSV (comma, semicolon or tab separated; UTF-8 or Windows-1251; header row with
    the column names of :data:`CSV_COLUMNS`, in any order). Raises InputProblem for a file that is not such
    a table at all; the rows' values are checked by :func:`validate_rows`."""
    if len(data) > MAX_CSV_BYTES:
        raise InputProblem("csv_too_big", {"limit": MAX_CSV_BYTES // 1024})
    text = _decode(data)
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise InputProblem("csv_empty")
    header_line = lines[0]
    delimiter = max((",", ";", "\t"), key=header_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        table = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise InputProblem("csv_malformed", {"value": str(exc)}) from None
    table = [(n, row) for n, row in table if any(cell.strip() for cell in row)]
    header = [cell.strip().lower().lstrip("\ufeff") for cell in table[0][1]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise InputProblem("csv_header", {"missing": ", ".join(missing), "expected": ", ".join(CSV_COLUMNS)})
    unknown = [c for c in header if c and c not in CSV_COLUMNS]
    if unknown:
        raise InputProblem("csv_header_unknown", {"value": ", ".join(unknown), "expected": ", ".join(CSV_COLUMNS)})
    rows: list[CsvRow] = []
    for number, cells in table[1:]:
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            rows.append(CsvRow(number, {"__extra__": "1"}))
            continue
        values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header) if name}
        rows.append(CsvRow(number, values))
    if not rows:
        raise InputProblem("csv_no_rows")
    if len(rows) > MAX_CSV_ROWS:
        raise InputProblem("csv_too_many_rows", {"limit": MAX_CSV_ROWS})
    return rows


def draft_from_values(values: Mapping[str, str], venues: Iterable[str], now: datetime) -> SessionDraft:
    """One session from named text values (a CSV row or the staff dialogue); the first problem is raised."""
    if values.get("__extra__"):
        raise InputProblem("csv_columns")
    day = parse_date(values.get("date", ""))
    start = parse_time(values.get("start", ""))
    end = parse_time(values.get("end", ""))
    if end <= start:
        raise InputProblem("time_order", {"value": f"{values.get('start', '')}-{values.get('end', '')}"})
    starts_at, ends_at = local_moment(day, start), local_moment(day, end)
    check_future(starts_at, now)
    venue = values.get("venue", "").strip().lower()
    known = list(venues)
    if venue not in known:
        raise InputProblem("venue_unknown", {"value": values.get("venue", "").strip(), "allowed": ", ".join(known)})
    places_raw, slot_raw = values.get("places", "").strip(), values.get("slot_minutes", "").strip()
    if places_raw and slot_raw:
        raise InputProblem("capacity_both")
    if not places_raw and not slot_raw:
        raise InputProblem("capacity_missing")
    duration = int((ends_at - starts_at).total_seconds() // 60)
    places = check_places(places_raw) if places_raw else None
    slot = check_slot_minutes(slot_raw, duration) if slot_raw else None
    if slot is not None and duration // slot > MAX_PLACES:
        raise InputProblem("slot_invalid", {"value": slot_raw, "low": MIN_SLOT, "high": MAX_SLOT})
    return SessionDraft(
        venue_id=venue,
        starts_at=starts_at,
        ends_at=ends_at,
        topic=check_topic(values.get("topic", "")),
        places=places,
        slot_minutes=slot,
        specialist=check_specialist(values.get("specialist")),
    )


def validate_rows(
    rows: Iterable[CsvRow],
    venues: Iterable[str],
    now: datetime,
    existing: Iterable[tuple[str, datetime]] = (),
) -> tuple[list[SessionDraft], list[tuple[int, InputProblem]]]:
    """Every row checked; (drafts, [(line number, problem)]). ``existing`` holds (venue, start) of scheduled
    sessions: the same venue and start time twice is a duplicate, within the file or against the schedule."""
    venue_ids = list(venues)
    taken = {(v, s.astimezone(LOCAL_TZ).replace(tzinfo=None)) for v, s in existing}
    seen: dict[tuple[str, datetime], int] = {}
    drafts: list[SessionDraft] = []
    problems: list[tuple[int, InputProblem]] = []
    for row in rows:
        try:
            draft = draft_from_values(row.values, venue_ids, now)
        except InputProblem as problem:
            problems.append((row.number, problem))
            continue
        key = (draft.venue_id, draft.starts_at.replace(tzinfo=None))
        if key in seen:
            problems.append((row.number, InputProblem("duplicate_in_file", {"other": seen[key]})))
            continue
        if key in taken:
            problems.append((row.number, InputProblem("duplicate_existing")))
            continue
        seen[key] = row.number
        drafts.append(draft)
    return drafts, problems


def working_day(today: date, n: int) -> date:
    """The ``n``-th working day (Monday to Friday) after ``today``: the demo schedule's dates."""
    day = today
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day
