"""Routers, in the order updates try them: commands and menus first, free-text questions last."""

from __future__ import annotations

from aiogram import Router

from bot.handlers import appeals, common, menus, privacy, questions, receptions, staff, subscriptions


def _detached(router: Router) -> Router:
    # Routers live at module level (aiogram's style), but tests and benchmarks build more than one Dispatcher in
    # one process; a router may only have one parent, so it is released from the previous Dispatcher first.
    router._parent_router = None
    return router


def get_routers() -> list[Router]:
    routers = (
        *staff.routers,
        appeals.staff_router,
        common.router,
        privacy.router,
        menus.router,
        subscriptions.router,
        *receptions.routers(),
        appeals.citizen_router,
        *staff.public_routers,
        staff.denied_router,
        questions.router,  # last: free text
    )
    return [_detached(r) for r in routers]
