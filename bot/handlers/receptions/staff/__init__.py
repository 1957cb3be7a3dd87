"""Staff: the schedule (add, edit, cancel, CSV upload), who is coming (list, attendance, CSV export) and the pause
switch. The router only lets staff in (HasRole), and every action asks the service, which checks the role
again on every call: administrators and operators manage the schedule, lawyers see their citizens.
One module per screen family: common (the router, shared checks), sessions, people, cancel, upload,
new, edit. They are imported in this order, which is the order their handlers are tried in.
"""

from __future__ import annotations

# isort: off
# The order handlers are registered in, and so tried in: edit's catch-all for stale staff buttons goes last.
from bot.handlers.receptions.staff import sessions, people, cancel, upload, new, edit  # noqa: F401
from bot.handlers.receptions.staff.common import router
# isort: on

__all__ = ["router"]
