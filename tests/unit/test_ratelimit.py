"""The send limiter: never more than ``rate`` requests in any window as the server sees them, whatever the
latency; one request per chat_interval to a chat; pauses after a 429. Simulated on a virtual clock."""

from __future__ import annotations

import asyncio
import heapq
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.services.ratelimit import RateLimiter


class VirtualClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def max_in_window(times: list[float], window: float = 1.0) -> int:
    times = sorted(times)
    best = 0
    j = 0
    for i, t in enumerate(times):
        while times[j] <= t - window:
            j += 1
        best = max(best, i - j + 1)
    return best


def simulate(rate: int, latencies: list[float], chats: list[int]) -> tuple[list[tuple[int, float, float]], float]:
    """Start requests as early as the limiter allows, in order; each takes its latency. Returns (chat, start,
    end) per request and the time the last one ended."""
    clock = VirtualClock()
    limiter = RateLimiter(rate, monotonic=clock)
    ends: list[tuple[float, int]] = []  # (end time, request index)
    done: list[tuple[int, float, float]] = [(0, 0.0, 0.0)] * len(latencies)
    slots = {}
    nxt = 0
    while nxt < len(latencies) or ends:
        while nxt < len(latencies):
            slot = limiter.try_begin(chats[nxt])
            if slot is None:
                break
            slots[nxt] = slot
            heapq.heappush(ends, (clock.now + latencies[nxt], nxt))
            done[nxt] = (chats[nxt], clock.now, clock.now + latencies[nxt])
            nxt += 1
        wait = limiter.wait_time(chats[nxt]) if nxt < len(latencies) else math.inf
        next_end = ends[0][0] if ends else math.inf
        clock.now = min(clock.now + wait, next_end) if wait > 0 else clock.now
        while ends and ends[0][0] <= clock.now:
            _, index = heapq.heappop(ends)
            limiter.end(slots.pop(index))
    return done, clock.now


@settings(max_examples=60, deadline=None)
@given(
    rate=st.integers(min_value=1, max_value=30),
    latencies=st.lists(st.floats(min_value=0.0005, max_value=1.5), min_size=1, max_size=300),
    stamp=st.sampled_from([0.0, 0.5, 1.0, -1.0]),
    seed=st.integers(0, 1000),
)
def test_no_window_of_the_server_clock_sees_more_than_rate(
    rate: int, latencies: list[float], stamp: float, seed: int
) -> None:
    rng = random.Random(seed)
    chats = list(range(len(latencies)))  # a broadcast: every request to another chat
    done, _ = simulate(rate, latencies, chats)
    # the server stamps each request somewhere between its start and its end: at the start, the middle, the end,
    # or anywhere at random (-1) — the limit must hold for every choice
    stamps = [s + (rng.random() if stamp < 0 else stamp) * (e - s) for _, s, e in done]
    assert max_in_window(stamps) <= rate


def test_throughput_is_close_to_the_rate_with_small_latency() -> None:
    done, elapsed = simulate(30, [0.003] * 3000, list(range(3000)))
    achieved = len(done) / elapsed
    assert achieved >= 0.95 * 30, achieved


def test_one_chat_gets_one_request_per_interval() -> None:
    done, _ = simulate(30, [0.01] * 20, [7] * 10 + [8] * 10)
    for chat in (7, 8):
        starts = [s for c, s, _ in done if c == chat]
        ends = [e for c, _, e in done if c == chat]
        # each request to the chat starts at least 1 s after the previous one to it ended
        assert all(b - a >= 1.0 - 1e-9 for a, b in zip(ends, starts[1:], strict=False))


def test_pause_after_429_holds_everyone() -> None:
    clock = VirtualClock()
    limiter = RateLimiter(30, monotonic=clock)
    slot = limiter.try_begin(1)
    assert slot is not None
    limiter.pause(3)
    limiter.end(slot)
    assert limiter.try_begin(2) is None
    assert limiter.wait_time(2) == pytest.approx(3.0)
    clock.now = 3.0
    assert limiter.try_begin(2) is not None


def test_in_flight_requests_hold_their_slots() -> None:
    clock = VirtualClock()
    limiter = RateLimiter(2, monotonic=clock)
    a, b = limiter.try_begin(1), limiter.try_begin(2)
    assert a and b and limiter.try_begin(3) is None
    assert math.isinf(limiter.wait_time(3))  # only an answer can free a slot
    clock.now = 5.0  # however long the requests take
    assert limiter.try_begin(3) is None
    limiter.end(a)
    assert limiter.wait_time(3) == pytest.approx(1.0)  # one window after the answer


async def test_async_begin_waits_for_a_slot_in_real_time() -> None:
    limiter = RateLimiter(3, window=0.2)
    loop = asyncio.get_running_loop()
    starts = []
    for chat in range(7):
        async with limiter.slot(chat):
            starts.append(loop.time())
    assert max_in_window(starts, 0.2) <= 3
    assert starts[3] - starts[0] >= 0.2 - 0.01
