"""/start, /help, /menu, /language, /cancel."""

from __future__ import annotations

from aiogram import F, Router, html
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot import keyboards as kb
from bot.callbacks import LangCb, MenuCb
from bot.commands import staff_help
from bot.db.users import User
from bot.handlers.subscriptions import subscribe_button
from bot.i18n import LANGUAGES
from bot.middlewares.forms import FormPause
from bot.middlewares.user import UserMiddleware
from bot.services.roles import RoleService

router = Router(name=__name__)
# Only commands reach this router's message handlers: one cheap check instead of one per command for every
# free-text question.
router.message.filter(F.text.startswith("/"))


def greeting(first_name: str | None) -> str:
    name = html.quote(first_name) if first_name else _("citizen")
    return _(
        "Hello, {name}! 👋\n\n"
        "I am the bot of the Kyzylorda regional branch of the AMANAT party. I can tell you about the branch's "
        "2024 results and the party's projects, help you book a free legal consultation, and pass your appeal "
        "to the public reception.\n\n"
        "Choose a section below or simply type your question."
    ).format(name=f"<b>{name}</b>")


@router.message(CommandStart())
async def start(message: Message, state: FSMContext, user: User) -> None:
    await state.clear()
    await message.answer(greeting(user.first_name), reply_markup=kb.main_menu())


@router.message(Command("menu"))
async def menu(message: Message, state: FSMContext) -> None:
    await state.clear()
    await message.answer(_("Main menu. Choose a section or type your question."), reply_markup=kb.main_menu())


@router.callback_query(MenuCb.filter(F.action == "main"))
async def menu_button(query: CallbackQuery, state: FSMContext, form_pause: FormPause) -> None:
    step = await state.get_state()
    await FormPause.pause(state)  # the menu in the middle of a form pauses it (bot.middlewares.forms)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(
            _("Main menu. Choose a section or type your question."), reply_markup=kb.main_menu()
        )
        if step is not None:
            await form_pause.tell(query.message, step)


@router.message(Command("help"))
async def help_(message: Message, user: User, roles: RoleService, i18n: I18n) -> None:
    """Everyone gets the citizens' help; staff (the role read on every call) also their commands. Staff in a
    group (the staff chat) get the staff commands that work there."""
    staff_roles = await roles.roles_of(user.id)
    if message.chat.type != "private" and staff_roles:
        await message.answer(staff_help(i18n, user.language, staff_roles, group=True))
        return
    await message.answer(
        _(
            "<b>What I can do</b>\n\n"
            "📊 <b>2024 results</b>: elections, housing, gas, schools, party control and more, with figures.\n"
            "🗂 <b>Party projects</b>: «Құқықтық көмек», «Ауыл аманаты», «Жер аманаты» and others.\n"
            "⚖️ <b>Free legal help</b>: reception schedule by district and booking.\n"
            "📝 <b>Public reception</b>: send an appeal and follow its status.\n\n"
            "You can also just type a question in Kazakh or Russian, for example: "
            "<i>How many flats were bought in 2024?</i>\n\n"
            "Commands: /menu, /mybookings (legal help), /myappeals (appeals), /subscribe (news), /language, "
            "/privacy, /mydata and /forget (your personal data), /cancel"
        ),
        reply_markup=subscribe_button(),
    )
    if staff_roles:
        await message.answer(staff_help(i18n, user.language, staff_roles))


@router.message(Command("language"))
async def language(message: Message) -> None:
    await message.answer(_("Choose the language / Тілді таңдаңыз / Выберите язык:"), reply_markup=kb.languages())


@router.callback_query(LangCb.filter())
async def set_language(
    query: CallbackQuery, callback_data: LangCb, i18n: I18n, user_middleware: UserMiddleware
) -> None:
    if callback_data.code not in LANGUAGES:
        await query.answer(_("This button is out of date. Please open the menu again: /menu"), show_alert=True)
        return
    await user_middleware.set_language(query.from_user.id, callback_data.code)
    with i18n.use_locale(callback_data.code):
        await query.answer(_("Language changed"))
        if query.message is not None:
            await query.message.answer(_("Done! From now on I answer in this language."), reply_markup=kb.main_menu())


@router.message(Command("cancel"))
async def cancel(message: Message, state: FSMContext) -> None:
    had_state = await state.get_state() is not None
    await state.clear()
    had_state = await FormPause.drop(state) or had_state  # a paused form (bot.middlewares.forms) too
    text = _("Cancelled. Nothing was saved.") if had_state else _("There is nothing to cancel.")
    await message.answer(text, reply_markup=kb.main_menu())
