"""Callback data of the legal-help buttons. Parsed by aiogram; handlers still check on the server that what a
button points to exists, is open, and belongs to the person pressing it."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class LegalCb(CallbackData, prefix="lg"):
    action: str  # "menu" | "schedule" | "book" | "mine"


class DistrictCb(CallbackData, prefix="lgd"):
    id: str
    book: bool  # True: pick a date to book; False: list the district's sessions


class DayCb(CallbackData, prefix="lgday"):
    district: str
    day: str  # YYYYMMDD, local


class SessionCb(CallbackData, prefix="lgs"):
    id: int  # start booking this session (a timed one asks for the time first)


class SlotCb(CallbackData, prefix="lgt"):
    session: int
    slot: int


class FormCb(CallbackData, prefix="lgf"):
    action: str  # "confirm" | "waitlist" | "drop"
    session: int


class MineCb(CallbackData, prefix="lgm"):
    action: str  # "ask" | "cancel" | "keep" | "leave"
    id: int  # booking id, or waitlist entry id for "leave"


class OfferCb(CallbackData, prefix="lgo"):
    action: str  # "take" | "decline"
    id: int  # waitlist entry id


class StaffCb(CallbackData, prefix="rs"):
    # "panel" | "list" | "show" | "people" | "export" | "edit" | "cancel_ask" | "cancel" | "new" | "csv"
    # | "pause" | "resume"
    action: str
    id: int = 0
    page: int = 0


class StaffMarkCb(CallbackData, prefix="rsm"):
    booking: int
    status: str  # "attended" | "no_show" | "booked"
    page: int = 0


class StaffPickCb(CallbackData, prefix="rsp"):
    field: str  # "venue" | "mode" | "topic" | "edit" | "save" | "skip"
    value: str
