"""Staff roles. Administrators come from ADMIN_IDS (always) and from grants by another administrator;
operators and lawyers only from grants. Every staff action asks here, on every call, so a revoked role stops
working at once. What is remembered, for speed, can only make the answer stricter, never looser:

- the ids of everyone who holds a granted role, read once; roles are only ever added by ``grant()``, which
  adds to it, so someone not in it holds none (most senders: citizens) and costs no query;
- for a holder, the database is asked, once per update: several staff routers ask about the same sender
  while one message is routed, and they share that answer."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

from bot.db.database import Database
from bot.logging_setup import update_id_var

MEMO_SIZE = 1024  # (update, user) answers kept; updates handled concurrently each have their own

ADMIN, OPERATOR, LAWYER = "admin", "operator", "lawyer"
ROLES = (ADMIN, OPERATOR, LAWYER)
STAFF = frozenset(ROLES)


class RoleService:
    def __init__(self, db: Database, admin_ids: Iterable[int]) -> None:
        self.db = db
        self.admin_ids = frozenset(admin_ids)
        self._memo: OrderedDict[tuple[int, int], frozenset[str]] = OrderedDict()
        self._holders: set[int] | None = None

    async def _role_holders(self) -> set[int]:
        if self._holders is None:
            rows = await self.db.fetchall("SELECT DISTINCT user_id FROM staff_roles")
            self._holders = {int(r[0]) for r in rows}
        return self._holders

    async def roles_of(self, user_id: int) -> frozenset[str]:
        holders = await self._role_holders()
        if user_id not in holders:
            return frozenset({ADMIN}) if user_id in self.admin_ids else frozenset()
        update_id = update_id_var.get()
        key = (update_id, user_id) if isinstance(update_id, int) else None
        if key is not None and key in self._memo:
            return self._memo[key]
        rows = await self.db.fetchall("SELECT role FROM staff_roles WHERE user_id = ?", (user_id,))
        roles = {row[0] for row in rows}
        if not roles:
            holders.discard(user_id)  # revoked or erased (/forget) since the set was read
        if user_id in self.admin_ids:
            roles.add(ADMIN)
        found = frozenset(roles)
        if key is not None:
            self._memo[key] = found
            if len(self._memo) > MEMO_SIZE:
                self._memo.popitem(last=False)
        return found

    def _forget_memo(self, user_id: int) -> None:
        for key in [k for k in self._memo if k[1] == user_id]:
            del self._memo[key]

    async def has(self, user_id: int, *roles: str) -> bool:
        """True when the user has any of ``roles`` (any staff role when none are named)."""
        mine = await self.roles_of(user_id)
        return bool(mine & (frozenset(roles) or STAFF))

    async def grant(self, user_id: int, role: str, granted_by: int) -> bool:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        # not db.execute(): for an INSERT it returns lastrowid, which is not 0 when the row already existed
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                "INSERT OR IGNORE INTO staff_roles (user_id, role, granted_by) VALUES (?, ?, ?)",
                (user_id, role, granted_by),
            )
        (await self._role_holders()).add(user_id)
        self._forget_memo(user_id)
        return cursor.rowcount == 1

    async def revoke(self, user_id: int, role: str) -> bool:
        changed = await self.db.execute(
            "DELETE FROM staff_roles WHERE user_id = ? AND role = ?", (user_id, role)
        )
        self._forget_memo(user_id)
        return changed > 0

    async def staff(self) -> list[tuple[int, str]]:
        rows = await self.db.fetchall("SELECT user_id, role FROM staff_roles ORDER BY user_id, role")
        listed = [(int(r[0]), str(r[1])) for r in rows]
        listed += [(uid, ADMIN) for uid in sorted(self.admin_ids) if (uid, ADMIN) not in listed]
        return listed
