"""Labels and screens of the appeals, rendered in the current gettext locale (wrap in ``i18n.use_locale``)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from aiogram import html
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext
from babel.dates import format_date

from bot.clock import LOCAL_TZ
from bot.grammar import long_date, long_moment
from bot.i18n import N_
from bot.services.appeals import (
    ANSWERED,
    FORWARDED,
    IN_PROGRESS,
    NEW,
    REJECTED,
    Appeal,
    HistoryItem,
)
from bot.services.districts import District

CATEGORY_LABELS = {
    "housing": N_("🏠 Housing"),
    "utilities": N_("🔥 Utilities and gas"),
    "land": N_("🌾 Land"),
    "roads": N_("🛣 Roads and transport"),
    "social": N_("🤝 Social support"),
    "health": N_("🏥 Health"),
    "education": N_("🎓 Education"),
    "employment": N_("💼 Employment"),
    "legal": N_("⚖️ Legal question"),
    "other": N_("📌 Other"),
}
STATUS_LABELS = {
    NEW: N_("🆕 New"),
    IN_PROGRESS: N_("⏳ In progress"),
    ANSWERED: N_("✅ Answered"),
    FORWARDED: N_("📤 Forwarded to a state body"),
    REJECTED: N_("⛔ Rejected"),
}

# The language a citizen reads the bot in, as the staff card names it.
LANGUAGE_LABELS = {"kk": N_("Kazakh"), "ru": N_("Russian")}
# Rejection reasons from the list: the short label on the staff's button, and what the reader is told (each in
# their own language: the citizen in theirs, a staff chat in its own).
REASON_BUTTONS = {
    "competence": N_("Outside the branch's competence"),
    "duplicate": N_("Already answered (a repeat)"),
    "details": N_("Not enough details"),
    "court": N_("The matter is in court"),
}
REASON_TEXTS = {
    "competence": N_("The question is outside the competence of the party branch."),
    "duplicate": N_("The same question has already been answered in one of your earlier appeals."),
    "details": N_("The appeal lacks the details needed to consider it (what happened, where and since when); "
                  "please send a new appeal with them."),
    "court": N_("The matter is being decided in court, and the party branch cannot interfere in a court case."),
}


def language_label(lang: str) -> str:
    return _(LANGUAGE_LABELS.get(lang, LANGUAGE_LABELS["kk"]))


def citizen_reads(lang: str) -> str:
    """Under a prompt whose answer the citizen reads as staff wrote it: in which language to write."""
    if lang == "ru":
        return _("The citizen reads the bot in Russian: please write in Russian.")
    return _("The citizen reads the bot in Kazakh: please write in Kazakh.")


def reason_text(reason: str | None, note: str | None) -> str | None:
    """The rejection reason / the state body, HTML-escaped: from the list (in the current language), or as
    staff wrote it."""
    if reason in REASON_TEXTS:
        return _(REASON_TEXTS[reason])
    return html.quote(note) if note else None


def category_label(category: str) -> str:
    return _(CATEGORY_LABELS.get(category, CATEGORY_LABELS["other"]))


def status_label(status: str) -> str:
    return _(STATUS_LABELS.get(status, status))


def district_label(districts: dict[str, District], district_id: str, lang: str) -> str:
    found = districts.get(district_id)
    return found.name.get(lang, district_id) if found else district_id


def fmt_date(day: date, lang: str) -> str:
    """kk «2026 жылғы 28 желтоқсан» (``{due:dat}`` in a catalog: «…желтоқсанға»), ru «28 декабря 2026 года»."""
    return long_date(day, lang)


def fmt_moment(moment: datetime, lang: str) -> str:
    return long_moment(moment.astimezone(LOCAL_TZ), lang)


def working_days(n: int) -> str:
    return ngettext("{n} working day", "{n} working days", n).format(n=n)


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def receipt(appeal: Appeal, lang: str, deadline_days: int) -> str:
    return _(
        "✅ <b>Your appeal has been received.</b>\n\n"
        "Ticket number: <b>{ticket}</b>\n"
        "Date and time: {moment}\n"
        "Category: {category}\n"
        "Expected answer by: <b>{due}</b> ({days})\n\n"
        "I will tell you here about every step. Your appeals and their status: /myappeals"
    ).format(
        ticket=appeal.ticket,
        moment=fmt_moment(appeal.created_at, lang),
        category=category_label(appeal.category),
        due=fmt_date(appeal.due_date, lang),
        days=working_days(deadline_days),
    )


def receipt_delivery(posted: bool, retry: bool) -> str:
    """The receipt's line on what happened to the appeal: it reached the staff chat, or it is waiting to."""
    if posted:
        return _("The reception staff have received your appeal. To add something to it, answer this message "
                 "with Reply.")
    if retry:
        return _("The staff chat could not be reached just now: your appeal is saved under this number, and the "
                 "bot will pass it on to the staff automatically as soon as the chat can be reached.")
    return _("The staff chat could not be reached just now: your appeal is saved under this number, and the "
             "staff will find it in their list of appeals.")


def history_line(item: HistoryItem, lang: str) -> str:
    when = fmt_moment(item.at, lang)
    if item.kind == "submitted":
        return _("{when}: appeal submitted").format(when=when)
    if item.kind == "taken":
        return _("{when}: taken into work by the reception staff").format(when=when)
    if item.kind == "status":
        line = _("{when}: status «{status}»").format(when=when, status=status_label(item.status or ""))
        note = reason_text(item.reason, clip(item.note, 300) if item.note else None)
        if note:
            line += f" — {note}"
        return line
    if item.kind == "rated":
        return _("{when}: you rated the answer {score} of 5").format(when=when, score=item.note or "?")
    files = (" 📎" * min(item.attachments, 5)) if item.attachments else ""
    text = html.quote(clip(item.text or "", 500))
    if item.kind == "staff":
        return _("{when}: 💬 reception staff: {text}").format(when=when, text=text) + files
    return _("{when}: ✍️ you: {text}").format(when=when, text=text) + files


def citizen_view(appeal: Appeal, history: list[HistoryItem], districts: dict[str, District], lang: str) -> str:
    head = _(
        "<b>Appeal {ticket}</b>\n"
        "Status: {status}\n"
        "Category: {category}\n"
        "District: {district}\n"
        "Submitted: {moment}\n"
        "Expected answer by: {due}"
    ).format(
        ticket=appeal.ticket,
        status=status_label(appeal.status),
        category=category_label(appeal.category),
        district=html.quote(district_label(districts, appeal.district, lang)),
        moment=fmt_moment(appeal.created_at, lang),
        due=fmt_date(appeal.due_date, lang),
    )
    body = "\n\n<i>" + html.quote(clip(appeal.text, 1000)) + "</i>"
    lines = [history_line(item, lang) for item in history]
    shown = lines[-12:]
    text = head + body + "\n\n<b>" + _("History") + "</b>\n" + "\n".join(shown)
    while len(text) > 4000 and len(shown) > 1:
        shown = shown[1:]
        text = head + body + "\n\n<b>" + _("History") + "</b>\n" + "\n".join(shown)
    return text


def erased_note(appeal: Appeal) -> str:
    """Why the card shows no name, phone or text any more."""
    if appeal.erased_by == "citizen":
        return _("🔒 The citizen's personal data (name, phone, address, text and files) has been erased at their "
                 "request.")
    if appeal.erased_by == "retention":
        return _("🔒 The citizen's personal data has been erased: its retention period is over.")
    return _("🔒 The citizen's personal data has been erased.")


def erased_post(appeal: Appeal) -> str:
    """What a staff-chat message about the appeal (its text, a file, a follow-up) says once it is redacted."""
    return _("🔒 <b>{ticket}</b>: this message held the citizen's personal data; it has been erased at their "
             "request.").format(ticket=appeal.ticket)


def staff_card(
    appeal: Appeal, districts: dict[str, District], lang: str, assignee: str | None, with_text: bool = True
) -> str:
    """The appeal as staff see it in their chat (in the staff chat's language). An anonymised appeal keeps its
    ticket, status, category, district and dates; the citizen's details give way to a line saying why."""
    if appeal.anonymised:
        return "\n".join([*_staff_card_head(appeal, districts, lang, assignee), "", erased_note(appeal)])
    if appeal.user_id is not None:
        who = f'<a href="tg://user?id={appeal.user_id}">{html.quote(appeal.name) or "—"}</a>'
    else:
        who = html.quote(appeal.name) or "—"
    contact = f"{who} · {html.quote(appeal.phone) or '—'}"
    if appeal.username:
        contact += f" · @{html.quote(appeal.username)}"
    lines = [*_staff_card_head(appeal, districts, lang, assignee), "", "👤 " + contact,
             _("Citizen's language: {language}").format(language=language_label(appeal.citizen_language))]
    if appeal.address:
        lines.append(_("Address: {address}").format(address=html.quote(appeal.address)))
    note = reason_text(appeal.status_reason, appeal.status_note)
    if note:
        lines.append(_("Note: {note}").format(note=note))
    if appeal.source == "question":
        lines.append(_("(from a question the bot could not answer)"))
    if appeal.attachments:
        lines.append(_("📎 Files: {n}").format(n=len(appeal.attachments)))
    if appeal.rating:
        lines.append(_("Citizen's rating: {stars}").format(stars="⭐" * appeal.rating))
    if with_text:
        lines += ["", html.quote(appeal.text)]
    else:
        lines += ["", _("(the text is in the next message)")]
    return "\n".join(lines)


def _staff_card_head(appeal: Appeal, districts: dict[str, District], lang: str, assignee: str | None) -> list[str]:
    return [
        _("📝 <b>Appeal {ticket}</b> · {status}").format(ticket=appeal.ticket, status=status_label(appeal.status)),
        _("Category: {category}").format(category=category_label(appeal.category)),
        _("District: {district}").format(district=html.quote(district_label(districts, appeal.district, lang))),
        _("Submitted: {moment} · answer due {due}").format(
            moment=fmt_moment(appeal.created_at, lang), due=fmt_date(appeal.due_date, lang)
        ),
        _("Taken by: {who}").format(who=html.quote(assignee) if assignee else _("nobody yet")),
    ]


def staff_list_line(appeal: Appeal, districts: dict[str, District], lang: str, today: date) -> str:
    overdue = " ⏰" if appeal.due_date < today else ""
    return _("{ticket} · {status} · {category} · {district} · due {due}").format(
        ticket=appeal.ticket,
        status=status_label(appeal.status),
        category=category_label(appeal.category),
        district=html.quote(district_label(districts, appeal.district, lang)),
        due=format_date(appeal.due_date, format="short", locale=lang),
    ) + overdue


def counts_text(counts: dict[str, Counter[str]], districts: dict[str, District], lang: str) -> str:
    parts = []
    titles = {"category": _("By category"), "district": _("By district"), "status": _("By status")}
    for key, title in titles.items():
        rows = []
        for value, n in counts[key].most_common():
            if key == "category":
                label = category_label(value)
            elif key == "district":
                label = html.quote(district_label(districts, value, lang))
            else:
                label = status_label(value)
            rows.append(f"• {label}: {n}")
        parts.append(f"<b>{title}</b>\n" + ("\n".join(rows) or "—"))
    return "\n\n".join(parts)
