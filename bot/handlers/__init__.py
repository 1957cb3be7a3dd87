"""Routers, in the order updates try them: the questions lane first (it takes only what can be nothing but a
question), then commands, menus and forms, and whatever is left is a question too."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Router

from bot.handlers import (
    appeals,
    common,
    contacts,
    kb_feedback,
    menus,
    paused,
    privacy,
    questions,
    receptions,
    staff,
    subscriptions,
)


def _detached(router: Router) -> Router:
    # Routers live at module level (aiogram's style), but tests and benchmarks build more than one Dispatcher in
    # one process; a router may only have one parent, so it is released from the previous Dispatcher first.
    router._parent_router = None
    return router


def get_routers() -> list[Router]:
    routers = (
        questions.lane,  # first: free text outside forms (bot.filters.FreeText)
        *staff.routers,
        appeals.staff_router,
        common.router,
        paused.router,
        privacy.router,
        menus.router,
        contacts.router,
        kb_feedback.router,
        subscriptions.router,
        *receptions.routers(),
        appeals.citizen_router,
        *staff.public_routers,
        staff.denied_router,
        staff.kb_denied_router,
        questions.router,  # last: anything else
    )
    return [_detached(r) for r in routers]


def run_sync_filters_inline(router: Router) -> int:
    """Make aiogram call plain (non-async) filters directly instead of in a worker thread.

    aiogram runs every filter that is not a coroutine function through ``asyncio.to_thread``, and magic filters
    (``F.text``, ``F.chat.type == "private"``, ...) are such functions. With every router trying its filters on
    every message, that was about 60 thread hand-offs per update and most of the time spent on one
    (bench/throughput.py). Our sync filters are pure and cheap, so they run inline. Returns how many filters
    were changed.
    """
    changed = 0
    for observer in router.observers.values():
        holders = [observer._handler, *observer.handlers]  # router-level filters live in observer._handler
        for holder in holders:
            for event_filter in holder.filters or ():
                if not event_filter.awaitable:
                    event_filter.callback = _as_coroutine(event_filter.callback)
                    event_filter.awaitable = True
                    changed += 1
    for sub_router in router.sub_routers:
        changed += run_sync_filters_inline(sub_router)
    return changed


def _as_coroutine(func: Callable[..., Any]) -> Callable[..., Awaitable[Any]]:
    async def call(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return call
