"""Staff roles: /staff lists them, /grant and /revoke change them (administrators only; the role is checked in
the database on every command, so a revoked administrator is refused at once). /myid tells anyone their id."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router, html
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.commands import CommandMenus
from bot.db.database import Database
from bot.db.users import UserRepo
from bot.filters import HasRole
from bot.i18n import N_
from bot.services.roles import ADMIN, LAWYER, OPERATOR, RoleService

log = logging.getLogger(__name__)

router = Router(name=__name__)
router.message.filter(F.text.startswith("/"), HasRole(ADMIN))  # commands only; the cheap check first

public_router = Router(name=__name__ + ".public")

ROLE_NAMES = {ADMIN: N_("administrator"), OPERATOR: N_("operator"), LAWYER: N_("lawyer")}
# What staff may type for a role, in either language.
ROLE_WORDS = {
    "admin": ADMIN, "administrator": ADMIN, "әкімші": ADMIN, "администратор": ADMIN, "админ": ADMIN,
    "operator": OPERATOR, "оператор": OPERATOR,
    "lawyer": LAWYER, "заңгер": LAWYER, "юрист": LAWYER,
}


def role_name(role: str) -> str:
    return _(ROLE_NAMES[role])


def usage(command: str) -> str:
    return _(
        "Write it like this: /{command} 123456789 operator\n"
        "Roles: admin (administrator), operator, lawyer. A person can find out their id by sending /myid to the "
        "bot."
    ).format(command=command)


def parse(command: CommandObject) -> tuple[int, str] | None:
    parts = (command.args or "").split()
    if len(parts) != 2 or not parts[0].lstrip("-").isdigit():
        return None
    role = ROLE_WORDS.get(parts[1].lower())
    return (int(parts[0]), role) if role else None


@public_router.message(Command("myid"))
async def my_id(message: Message) -> None:
    assert message.from_user is not None
    text = _("Your Telegram id: <code>{id}</code>").format(id=message.from_user.id)
    if message.chat.type != "private":  # what STAFF_CHAT_ID is set to
        text += "\n" + _("This chat's id (for STAFF_CHAT_ID): <code>{id}</code>").format(id=message.chat.id)
    await message.answer(text)


@router.message(Command("staff"))
async def staff_list(message: Message, roles: RoleService, db: Database) -> None:
    users = UserRepo(db)
    by_user: dict[int, list[str]] = {}
    for user_id, role in await roles.staff():
        by_user.setdefault(user_id, []).append(role)
    lines = [_("👥 <b>Staff</b>"), ""]
    for user_id, granted in sorted(by_user.items()):
        user = await users.get(user_id)
        name = html.quote(user.first_name) if user and user.first_name else "—"
        names = ", ".join(role_name(r) for r in sorted(set(granted), key=list(ROLE_NAMES).index))
        marker = " " + _("(set in ADMIN_IDS)") if user_id in roles.admin_ids else ""
        lines.append(f"• <code>{user_id}</code> {name}: {names}{marker}")
    lines += ["", _("Grant a role: /grant ID ROLE\nRevoke a role: /revoke ID ROLE\nRoles: admin, operator, lawyer")]
    await message.answer("\n".join(lines))


@router.message(Command("grant"))
async def grant(
    message: Message, command: CommandObject, roles: RoleService, db: Database, bot: Bot, i18n: I18n,
    command_menus: CommandMenus,
) -> None:
    users = UserRepo(db)
    assert message.from_user is not None
    actor = message.from_user.id
    if not await roles.has(actor, ADMIN):  # the router's filter checked it too; a grant is worth asking twice
        return
    parsed = parse(command)
    if parsed is None:
        await message.answer(usage("grant"))
        return
    user_id, role = parsed
    if not await roles.grant(user_id, role, granted_by=actor):
        await message.answer(_("{id} already has the role «{role}».").format(id=user_id, role=role_name(role)))
        return
    log.info("staff %r granted role %r to %r", actor, role, user_id)
    target = await users.get(user_id)
    note = "" if target is not None else "\n" + _("This person has not written to the bot yet; the role works as "
                                                  "soon as they do.")
    await message.answer(_("✅ {id} now has the role «{role}».").format(id=user_id, role=role_name(role)) + note)
    await command_menus.refresh(bot, user_id)  # their command menu shows the new commands
    if target is not None:
        with i18n.use_locale(target.language):
            text = _("You have been given the role «{role}» in the bot of the AMANAT Kyzylorda branch.").format(
                role=role_name(role)
            )
        try:
            await bot.send_message(user_id, text)
        except Exception:
            log.info("could not tell %r about the new role", user_id)


@router.message(Command("revoke"))
async def revoke(message: Message, command: CommandObject, roles: RoleService, bot: Bot,
                 command_menus: CommandMenus) -> None:
    assert message.from_user is not None
    actor = message.from_user.id
    if not await roles.has(actor, ADMIN):
        return
    parsed = parse(command)
    if parsed is None:
        await message.answer(usage("revoke"))
        return
    user_id, role = parsed
    if role == ADMIN and user_id in roles.admin_ids:
        await message.answer(_("{id} is an administrator through the ADMIN_IDS setting; remove them there and "
                               "restart the bot.").format(id=user_id))
        return
    if not await roles.revoke(user_id, role):
        await message.answer(_("{id} does not have the role «{role}».").format(id=user_id, role=role_name(role)))
        return
    log.info("staff %r revoked role %r from %r", actor, role, user_id)
    await message.answer(_("✅ The role «{role}» of {id} is revoked.").format(id=user_id, role=role_name(role)))
    await command_menus.refresh(bot, user_id)  # their command menu loses what the role allowed
