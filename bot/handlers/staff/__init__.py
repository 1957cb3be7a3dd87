"""Staff screens: roles (/staff, /grant, /revoke), broadcasts (/broadcast, /broadcasts) and /stats.

``routers`` go before the citizens' routers (each one filters on the role); ``denied`` goes after them and
politely refuses the same commands and buttons to everyone else.
"""

from __future__ import annotations

from bot.handlers.staff import broadcast, denied, kb, roles, stats

routers = (roles.router, broadcast.router, stats.router, kb.router)
public_routers = (roles.public_router,)
denied_router = denied.router
kb_denied_router = kb.denied_router
