"""A session's citizens as a CSV file for staff."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from bot.clock import LOCAL_TZ
from bot.services.receptions.models import (
    Booking,
)


def bookings_csv(bookings: Sequence[Booking], header: Sequence[str], statuses: dict[str, str]) -> bytes:
    """A session's citizens as CSV for Excel (UTF-8 with BOM). Text a citizen typed cannot start a formula."""

    def cell(text: str | None) -> str:
        text = text or ""
        return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for b in bookings:
        writer.writerow([
            b.code,
            b.appointment.astimezone(LOCAL_TZ).strftime("%d.%m.%Y %H:%M"),
            cell(b.name),
            b.phone or "",
            cell(b.question),
            statuses.get(b.status, b.status),
            b.created_at.astimezone(LOCAL_TZ).strftime("%d.%m.%Y %H:%M"),
        ])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
