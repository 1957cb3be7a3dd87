"""Time, injectable so that tests control it. Store UTC, show Kyzylorda time."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Qyzylorda")


class Clock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def local_now(self) -> datetime:
        return self.now().astimezone(LOCAL_TZ)


class FakeClock(Clock):
    """A clock that stands still until moved (for tests and the console)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = moment.astimezone(UTC)

    def advance(self, **kwargs: float) -> None:
        self._now += timedelta(**kwargs)


def to_utc_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_UTC_ISO = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z", re.ASCII)


def from_utc_iso(text: str) -> datetime:
    """The inverse of to_utc_iso. The regular expression checks the one shape to_utc_iso writes, which
    datetime.fromisoformat (C, Python 3.11+ reads "Z" as UTC) turns into a datetime ~10x faster than strptime
    (which dominated loading a month of appeals for an export); anything else goes to strptime, which accepts
    or refuses it exactly as before."""
    if _UTC_ISO.fullmatch(text) is not None:
        try:
            return datetime.fromisoformat(text)
        except ValueError:  # e.g. month 13: strptime below raises its own error
            pass
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
