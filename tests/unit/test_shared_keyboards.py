"""The shared keyboard helpers every feature uses: a question's two answers, and a paged list's arrows."""

from __future__ import annotations

import pytest
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot import keyboards as kb
from bot.handlers.receptions.callbacks import StaffCb


def test_confirm_side_by_side_or_stacked() -> None:
    yes, no = ("Иә", StaffCb(action="cancel", id=7)), ("Жоқ", StaffCb(action="show", id=7))
    rows = kb.confirm(yes, no).inline_keyboard
    assert [[b.text for b in row] for row in rows] == [["Иә", "Жоқ"]]
    assert rows[0][0].callback_data == "rs:cancel:7:0"
    assert [[b.text for b in row] for row in kb.confirm(yes, no, stacked=True).inline_keyboard] == [["Иә"], ["Жоқ"]]


@pytest.mark.parametrize(
    ("page", "total", "arrows"),
    [(0, 5, []), (0, 25, ["➡️"]), (1, 25, ["⬅️", "➡️"]), (2, 25, ["⬅️"]), (0, 0, [])],
)
def test_page_buttons_lead_only_somewhere(page: int, total: int, arrows: list[str]) -> None:
    builder = InlineKeyboardBuilder()
    nav = kb.page_buttons(builder, page, 10, total, lambda n: StaffCb(action="list", page=n))
    buttons = [b for row in builder.as_markup().inline_keyboard for b in row]
    assert [b.text for b in buttons] == arrows
    assert nav == ([len(arrows)] if arrows else [])
    pages = [StaffCb.unpack(str(b.callback_data)).page for b in buttons]
    assert pages == [page + (1 if a == "➡️" else -1) for a in arrows]
