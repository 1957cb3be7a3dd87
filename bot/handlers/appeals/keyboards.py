"""Keyboards of the appeals (built inside a handler, so that texts are in the reader's language)."""

from __future__ import annotations

from aiogram.types import (
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot import keyboards as kb
from bot.handlers.appeals.callbacks import FormCb, MineCb, StaffCb, StaffListCb, SubmitCb
from bot.handlers.appeals.texts import REASON_BUTTONS, category_label, status_label
from bot.i18n import N_
from bot.services.appeals import (
    ANSWERED,
    CATEGORIES,
    FORWARDED,
    IN_PROGRESS,
    NEW,
    OPEN_STATUSES,
    REJECTED,
    Appeal,
)
from bot.services.districts import District

BTN_SHARE_PHONE = N_("📱 Share my phone number")
BTN_CANCEL_FORM = N_("❌ Cancel the appeal")
EDITABLE_FIELDS = {
    "category": N_("Category"),
    "district": N_("District"),
    "text": N_("Text"),
    "attachments": N_("Files"),
    "name": N_("Name"),
    "phone": N_("Phone"),
    "address": N_("Address"),
}


def _cancel(builder: InlineKeyboardBuilder) -> None:
    builder.button(text=_("❌ Cancel"), callback_data=FormCb(action="cancel"))


def reception_menu(form: bool = True) -> InlineKeyboardMarkup:
    """``form``: the bot takes appeals (a staff chat is set); otherwise only the citizen's earlier ones."""
    builder = InlineKeyboardBuilder()
    if form:
        builder.button(text=_("✍️ Write an appeal"), callback_data=FormCb(action="start"))
    builder.button(text=_("📋 My appeals"), callback_data=MineCb(action="list"))
    builder.adjust(1)
    return builder.as_markup()


def categories() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for category in CATEGORIES:
        builder.button(text=category_label(category), callback_data=FormCb(action="category", value=category))
    _cancel(builder)
    builder.adjust(2)
    return builder.as_markup()


def districts(items: list[District], lang: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for district in items:
        builder.button(text=district.name[lang], callback_data=FormCb(action="district", value=district.id))
    _cancel(builder)
    builder.adjust(2)
    return builder.as_markup()


def use_text() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("✅ Use this text"), callback_data=FormCb(action="use_text"))
    _cancel(builder)
    builder.adjust(1)
    return builder.as_markup()


def cancel_only() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    _cancel(builder)
    return builder.as_markup()


def attachments(count: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if count:
        builder.button(text=_("➡️ Done"), callback_data=FormCb(action="done"))
        builder.button(text=_("🗑 Remove the files"), callback_data=FormCb(action="clear_files"))
    else:
        builder.button(text=_("➡️ Skip: no files"), callback_data=FormCb(action="done"))
    _cancel(builder)
    builder.adjust(1)
    return builder.as_markup()


def phone() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=_(BTN_SHARE_PHONE), request_contact=True)],
            [KeyboardButton(text=_(BTN_CANCEL_FORM))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
        input_field_placeholder="+7 7XX XXX XX XX",
    )


def skip_address() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("⏭ Skip"), callback_data=FormCb(action="skip"))
    _cancel(builder)
    builder.adjust(1)
    return builder.as_markup()


def review(key: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("✅ Submit"), callback_data=SubmitCb(key=key))
    builder.button(text=_("✏️ Edit"), callback_data=FormCb(action="edit"))
    _cancel(builder)
    builder.adjust(1)
    return builder.as_markup()


def edit_fields() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for field, label in EDITABLE_FIELDS.items():
        builder.button(text="✏️ " + _(label), callback_data=FormCb(action="field", value=field))
    builder.button(text=_("⬅️ Back to the review"), callback_data=FormCb(action="review"))
    builder.adjust(2)
    return builder.as_markup()


def my_appeals(items: list[Appeal], form: bool = True) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for appeal in items:
        builder.button(
            text=f"{appeal.ticket} · {status_label(appeal.status)}", callback_data=MineCb(action="open", id=appeal.id)
        )
    if form:
        builder.button(text=_("✍️ Write an appeal"), callback_data=FormCb(action="start"))
    builder.adjust(1)
    return builder.as_markup()


def citizen_appeal(appeal: Appeal) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if appeal.status in OPEN_STATUSES:
        builder.button(text=_("✍️ Add a message"), callback_data=MineCb(action="write", id=appeal.id))
    elif appeal.rating is None:
        builder.button(text=_("⭐ Rate the answer"), callback_data=MineCb(action="rate", id=appeal.id))
    builder.button(text=_("⬅️ My appeals"), callback_data=MineCb(action="list"))
    builder.adjust(1)
    return builder.as_markup()


def rate_button(appeal: Appeal) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("⭐ Rate the answer"), callback_data=MineCb(action="rate", id=appeal.id))
    return builder.as_markup()


def write_button(appeal: Appeal) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("✍️ Reply"), callback_data=MineCb(action="write", id=appeal.id))
    return builder.as_markup()


def answer_buttons(appeal: Appeal) -> InlineKeyboardMarkup | None:
    """Under a staff answer: «Reply» while the appeal is open, «Rate» once it is closed and not rated yet."""
    builder = InlineKeyboardBuilder()
    if appeal.is_open:
        builder.button(text=_("✍️ Reply"), callback_data=MineCb(action="write", id=appeal.id))
    elif appeal.rating is None:
        builder.button(text=_("⭐ Rate the answer"), callback_data=MineCb(action="rate", id=appeal.id))
    return builder.as_markup() if list(builder.buttons) else None


def scores(appeal_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for score in range(1, 6):
        builder.button(text="⭐" * score, callback_data=MineCb(action="score", id=appeal_id, score=score))
    builder.adjust(1)
    return builder.as_markup()


def skip_comment(appeal_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("➡️ No comment"), callback_data=MineCb(action="skip", id=appeal_id))
    return builder.as_markup()


def staff_card(appeal: Appeal) -> InlineKeyboardMarkup:
    """Only the buttons that still apply: an open appeal can be taken, answered and closed; an answered one can
    get another answer or be reopened; a rejected or forwarded one can only be reopened."""
    builder = InlineKeyboardBuilder()
    if appeal.status in OPEN_STATUSES:
        builder.button(text=_("🙋 Take"), callback_data=StaffCb(action="take", id=appeal.id))
    if appeal.status in (NEW, IN_PROGRESS, ANSWERED):
        builder.button(text=_("💬 Reply"), callback_data=StaffCb(action="reply", id=appeal.id))
    if appeal.status in OPEN_STATUSES:
        for status in (IN_PROGRESS, ANSWERED, FORWARDED, REJECTED):
            if status != appeal.status:
                builder.button(text=status_label(status), callback_data=StaffCb(action="status", id=appeal.id,
                                                                               status=status))
    else:
        builder.button(text=_("↩️ Reopen: in progress"),
                       callback_data=StaffCb(action="status", id=appeal.id, status=IN_PROGRESS))
    builder.adjust(2)
    return builder.as_markup()


def reject_reasons(appeal: Appeal) -> InlineKeyboardMarkup:
    """Under the prompt for a rejection reason: the usual reasons (the citizen reads them in their language)."""
    builder = InlineKeyboardBuilder()
    for code, label in REASON_BUTTONS.items():
        builder.button(text=_(label), callback_data=StaffCb(action="reason", id=appeal.id, status=code))
    builder.adjust(1)
    return builder.as_markup()


def after_answer(appeal: Appeal) -> InlineKeyboardMarkup | None:
    """Under the confirmation of a staff answer: the other choice of status (an interim or a final answer)."""
    builder = InlineKeyboardBuilder()
    if appeal.status == ANSWERED:
        builder.button(text=_("⏳ Not final: keep it in progress"),
                       callback_data=StaffCb(action="status", id=appeal.id, status=IN_PROGRESS))
    elif appeal.status == IN_PROGRESS:
        builder.button(text=_("✅ Final: mark it answered"),
                       callback_data=StaffCb(action="status", id=appeal.id, status=ANSWERED))
    return builder.as_markup() if list(builder.buttons) else None


def staff_list(
    items: list[Appeal], filters: StaffListCb, total: int, page_size: int
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for appeal in items:
        builder.button(text=f"{appeal.ticket} · {category_label(appeal.category)}",
                       callback_data=StaffCb(action="open", id=appeal.id))
    builder.button(text=_("Status ▾"), callback_data=filters.model_copy(update={"pick": "status", "page": 0}))
    builder.button(text=_("Category ▾"), callback_data=filters.model_copy(update={"pick": "category", "page": 0}))
    builder.button(text=_("District ▾"), callback_data=filters.model_copy(update={"pick": "district", "page": 0}))
    overdue = _("⏰ Overdue only: on") if filters.overdue else _("⏰ Overdue only: off")
    builder.button(text=overdue, callback_data=filters.model_copy(update={"overdue": not filters.overdue,
                                                                          "page": 0}))
    nav = kb.page_buttons(builder, filters.page, page_size, total,
                          lambda n: filters.model_copy(update={"page": n}))
    builder.adjust(*([1] * len(items)), 3, 1, *nav)
    return builder.as_markup()


def staff_pick(filters: StaffListCb, districts_list: list[District], lang: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    base = filters.model_copy(update={"pick": "", "page": 0})
    if filters.pick == "status":
        builder.button(text=_("All open"), callback_data=base.model_copy(update={"status": ""}))
        for status in sorted(OPEN_STATUSES, reverse=True):
            builder.button(text=status_label(status), callback_data=base.model_copy(update={"status": status}))
    elif filters.pick == "category":
        builder.button(text=_("All categories"), callback_data=base.model_copy(update={"category": ""}))
        for category in CATEGORIES:
            builder.button(text=category_label(category),
                           callback_data=base.model_copy(update={"category": category}))
    else:
        builder.button(text=_("All districts"), callback_data=base.model_copy(update={"district": ""}))
        for district in districts_list:
            builder.button(text=district.name[lang], callback_data=base.model_copy(update={"district": district.id}))
    builder.adjust(2)
    return builder.as_markup()
