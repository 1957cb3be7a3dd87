"""Callback data of the appeals' inline buttons (parsed by aiogram; handlers still check ownership and roles)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class FormCb(CallbackData, prefix="apf"):
    """A button of the appeal form: start, category, district, use_text, done, clear_files, skip,
    edit, field, review, cancel."""

    action: str
    value: str = ""


class SubmitCb(CallbackData, prefix="aps"):
    key: str  # the form's submission key: a second tap or a re-delivered update finds the same appeal


class MineCb(CallbackData, prefix="myap"):
    """The citizen's own appeals: list, open, write, rate, score, skip."""

    action: str
    id: int = 0
    score: int = 0


class StaffCb(CallbackData, prefix="sap"):
    """A staff button on an appeal: take, status (with ``status``), reply, open."""

    action: str
    id: int
    status: str = ""


class StaffListCb(CallbackData, prefix="sal"):
    """/appeals with its filters; ``pick`` opens the choices of one filter."""

    status: str = ""
    category: str = ""
    district: str = ""
    overdue: bool = False
    page: int = 0
    pick: str = ""


class RouteCb(CallbackData, prefix="rte"):
    """Reassigning an appeal: ``menu`` (the choices), ``d`` (to the district ``value``), ``c`` (to the category
    ``value``)."""

    action: str
    id: int
    value: str = ""
