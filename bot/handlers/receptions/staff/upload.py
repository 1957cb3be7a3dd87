"""The schedule as a CSV file: the format's help, the upload and its report."""

from __future__ import annotations

import io
import logging

from aiogram import Bot, F
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from bot.clock import Clock
from bot.db.users import User
from bot.handlers.receptions.callbacks import StaffCb
from bot.handlers.receptions.render import (
    error_text,
    problem_text,
)
from bot.handlers.receptions.staff.common import REPORT_LINES, can_manage, refuse, router
from bot.handlers.receptions.states import CsvUpload
from bot.services.reception_input import (
    CSV_COLUMNS,
    MAX_CSV_BYTES,
    TOPICS,
    InputProblem,
)
from bot.services.receptions import ReceptionError, ReceptionService
from bot.services.reminders import ReceptionJobs
from bot.services.roles import RoleService

log = logging.getLogger(__name__)

# -- CSV upload -------------------------------------------------------------------------------------------


def csv_help(venues: list[str]) -> str:
    return _(
        "📥 <b>Upload a schedule</b>\n\n"
        "Send a CSV file (UTF-8 or Windows-1251, separated by commas or semicolons) with a header row and these "
        "columns:\n<code>{columns}</code>\n\n"
        "• date: DD.MM.YYYY or YYYY-MM-DD\n"
        "• start, end: HH:MM, Kyzylorda time\n"
        "• venue: {venues}\n"
        "• places (a number of places) or slot_minutes (timed slots): one of the two\n"
        "• specialist: the lawyer's name, may be empty\n"
        "• topic: {topics}\n\n"
        "Every row is checked first: the whole file is added, or nothing if any row has a problem."
    ).format(columns=",".join(CSV_COLUMNS), venues=", ".join(venues), topics=", ".join(TOPICS))


@router.callback_query(StaffCb.filter(F.action == "csv"))
async def csv_prompt(query: CallbackQuery, user: User, state: FSMContext, receptions: ReceptionService,
                     roles: RoleService) -> None:
    if not await can_manage(user, roles):
        await refuse(query, ReceptionError("forbidden"))
        return
    await state.clear()
    await state.set_state(CsvUpload.waiting)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(csv_help([v.id for v in await receptions.venues()]))


def is_csv(message: Message) -> bool:
    document = message.document
    return document is not None and (
        (document.file_name or "").lower().endswith(".csv")
        or document.mime_type in ("text/csv", "text/comma-separated-values")
    )


@router.message(CsvUpload.waiting, F.document, ~F.func(is_csv))
async def csv_wrong_file(message: Message, receptions: ReceptionService) -> None:
    await message.answer(_("Please send the schedule as a .csv file.") + "\n\n"
                         + csv_help([v.id for v in await receptions.venues()]))


# A .csv document from staff is a schedule upload, unless the staff member is in another dialogue (an appeal
# form, say): other documents and other dialogues' files go on to their own routers.
@router.message(StateFilter(None, CsvUpload.waiting), F.document, F.func(is_csv))
async def csv_upload(message: Message, user: User, bot: Bot, state: FSMContext, receptions: ReceptionService,
                     roles: RoleService, reception_jobs: ReceptionJobs, clock: Clock) -> None:
    document = message.document
    assert document is not None
    if not await can_manage(user, roles):
        await message.answer(error_text(ReceptionError("forbidden")))
        return
    await state.clear()
    if document.file_size is not None and document.file_size > MAX_CSV_BYTES:
        await message.answer(problem_text(InputProblem("csv_too_big", {"limit": MAX_CSV_BYTES // 1024})))
        return
    buffer = io.BytesIO()
    await bot.download(document.file_id, destination=buffer)
    try:
        result = await receptions.import_csv(user.id, buffer.getvalue(), clock.now())
    except ReceptionError as error:
        await message.answer(error_text(error))
        return
    if result.file_problem is not None:
        await message.answer(_("❌ Nothing was added: {problem}").format(problem=problem_text(result.file_problem)))
        return
    if result.problems:
        lines = [_("Line {row}: {problem}").format(row=row, problem=problem_text(problem))
                 for row, problem in result.problems[:REPORT_LINES]]
        if len(result.problems) > REPORT_LINES:
            more = len(result.problems) - REPORT_LINES
            lines.append(ngettext("…and {count} more line.", "…and {count} more lines.", more).format(count=more))
        head = ngettext(
            "❌ Nothing was added: {count} row has a problem. Fix it and send the whole file again.",
            "❌ Nothing was added: {count} rows have problems. Fix them and send the whole file again.",
            len(result.problems),
        ).format(count=len(result.problems))
        await send_long(message, head, lines)
        return
    await message.answer(ngettext("✅ {count} session added from the file.", "✅ {count} sessions added from the file.",
                                  len(result.added)).format(count=len(result.added)))
    reception_jobs.kick()


async def send_long(message: Message, head: str, lines: list[str], limit: int = 3800) -> None:
    chunk = head
    for line in lines:
        if len(chunk) + len(line) + 1 > limit:
            await message.answer(chunk)
            chunk = ""
        chunk = f"{chunk}\n{line}" if chunk else line
    if chunk:
        await message.answer(chunk)


