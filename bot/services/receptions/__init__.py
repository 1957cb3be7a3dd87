"""Legal-help receptions ("Құқықтық көмек"): venues, the schedule, bookings, the waitlist and staff work.

Plain Python, no aiogram: plain values in, dataclasses out; problems are :class:`ReceptionError` with a code
the handlers translate. Times are aware datetimes in UTC (stored as 'YYYY-MM-DDTHH:MM:SSZ' text).

Capacity: every booking that is not cancelled holds one place number in [0, capacity) of its session (a time
slot, or an interchangeable place); a booking is one transaction (BEGIN IMMEDIATE) that reads the taken
numbers and inserts, and the database itself refuses a second booking of one number (unique index) or a
number outside the capacity (trigger), so no place is ever given twice, whatever runs at the same time.

A waitlist offer holds a place number too, until its deadline; :meth:`ReceptionService.rebalance` (run by a
background job) expires old offers and offers free places to the next citizens in line.

The package, one idea per file: models (values, errors, constants), places (venues.toml), core (venues,
districts, reading the schedule, the pause switch), bookings, waitlist, staff (schedule work, attendance, the
demo schedule), reminders (the outbox), personal_data (/mydata, /forget, retention), export (CSV). Each layer
builds on the one before it; ReceptionService is all of them.
"""

from __future__ import annotations

from bot.services.reception_input import TOPICS
from bot.services.receptions.export import bookings_csv
from bot.services.receptions.models import (
    MANAGE,
    VIEW,
    Booking,
    District,
    ImportResult,
    Notice,
    ReceptionError,
    Session,
    Venue,
    WaitEntry,
    reminder_times,
)
from bot.services.receptions.personal_data import ReceptionPersonalData
from bot.services.receptions.places import demo_rows, read_places

__all__ = [
    "MANAGE",
    "TOPICS",
    "VIEW",
    "Booking",
    "District",
    "ImportResult",
    "Notice",
    "ReceptionError",
    "ReceptionService",
    "Session",
    "Venue",
    "WaitEntry",
    "bookings_csv",
    "demo_rows",
    "read_places",
    "reminder_times",
]


class ReceptionService(ReceptionPersonalData):
    """Legal-help receptions for the bot's handlers and jobs (see the package docstring)."""
