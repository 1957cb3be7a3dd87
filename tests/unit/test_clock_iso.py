"""bot.clock.from_utc_iso: the fast path reads what to_utc_iso writes and refuses what strptime refused."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from bot.clock import from_utc_iso, to_utc_iso


def test_round_trip() -> None:
    rng = random.Random(3)
    for _ in range(2000):
        moment = datetime.fromtimestamp(rng.randrange(0, 2**33), UTC)
        parsed = from_utc_iso(to_utc_iso(moment))
        assert parsed == moment and parsed.tzinfo is UTC


@pytest.mark.parametrize("text", ["2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-12-05 08:00:00",
                                  "2026-12-05T08:00:00", "2026-12-05T08:00:00+00:00", "", "2026-12-05T08:00:60Z"])
def test_other_shapes_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        from_utc_iso(text)
