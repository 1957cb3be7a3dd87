"""The heap of a long-running process, once it has loaded what it keeps (the bot; its search process)."""

from __future__ import annotations

import gc

GC_THRESHOLDS = (10_000, 20, 100)  # Python's defaults are (700, 10, 10)


def settle_heap() -> None:
    """Once started: what was loaded so far (aiogram, pydantic's schemas, the knowledge base, caches) is moved
    out of the garbage collector's sight, and the youngest generation is collected less often.

    Every update makes thousands of short-lived objects; with Python's defaults the collector ran every 700
    of them and, every hundred runs, walked the whole heap of long-lived objects again. In
    bench/throughput.py that was about a quarter of the bot's CPU per answer. Memory is not affected: what is
    frozen lives as long as the process anyway, and short-lived objects are still collected."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
