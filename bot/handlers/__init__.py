"""Routers, in the order updates try them: commands and menus first, free-text questions last."""

from __future__ import annotations

from aiogram import Router

from bot.handlers import appeals, common, menus, privacy, questions, receptions


def _detached(router: Router) -> Router:
    # Routers live at module level (aiogram's style), but tests and benchmarks build more than one Dispatcher in
    # one process; a router may only have one parent, so it is released from the previous Dispatcher first.
    router._parent_router = None
    return router


def get_routers() -> list[Router]:
    return [
        _detached(r)
        for r in (
            appeals.staff_router, common.router, privacy.router, menus.router, *receptions.routers(),
            appeals.citizen_router, questions.router,
        )
    ]
