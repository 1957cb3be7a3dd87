"""Texts about broadcasts and subscribers, in the current gettext locale (set by the middleware for handlers, or
with ``i18n.use_locale`` by the sender's reporter)."""

from __future__ import annotations

import html as std_html
import re
from datetime import datetime, timedelta

from aiogram import html
from aiogram.utils.i18n import gettext as _
from babel.dates import format_timedelta
from babel.numbers import format_decimal

from bot.clock import LOCAL_TZ
from bot.grammar import long_moment
from bot.i18n import N_
from bot.services.broadcast import CANCELLED, DONE, QUEUED, SCHEDULED, SENDING, Broadcast, Figures
from bot.services.subscriptions import Audience, SubscriptionService

TAG = re.compile(r"<[^>]*>")
LANGUAGE_AUDIENCES = {
    "kk": N_("subscribers who read the bot in Kazakh"),
    "ru": N_("subscribers who read the bot in Russian"),
}


def num(value: int, lang: str) -> str:
    return format_decimal(value, locale=lang)


def when(moment: datetime, lang: str) -> str:
    """A UTC moment as Kyzylorda local time."""
    return long_moment(moment.astimezone(LOCAL_TZ), lang)


def duration(seconds: float, lang: str) -> str:
    return format_timedelta(timedelta(seconds=max(1.0, seconds)), locale=lang, threshold=1.5)


def plain(text: str) -> str:
    """Telegram HTML without its tags, as a reader sees it."""
    return std_html.unescape(TAG.sub("", text))


def snippet(text: str, limit: int = 60) -> str:
    flat = " ".join(plain(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def audience_label(audience: Audience, lang: str, subscriptions: SubscriptionService) -> str:
    if audience.kind == "language" and audience.value in LANGUAGE_AUDIENCES:
        return _(LANGUAGE_AUDIENCES[audience.value])
    if audience.kind == "district":
        district = subscriptions.district(audience.value)
        name = district.name[lang] if district else str(audience.value)
        return _("subscribers of {district} and of the whole region").format(district=html.quote(name))
    return _("all subscribers")


def figures_lines(figures: Figures, lang: str) -> str:
    return _(
        "Delivered: {sent} of {total}\n"
        "Not delivered: {failed} (blocked the bot or left Telegram: {blocked})\n"
        "Left to send: {left}"
    ).format(
        sent=num(figures.sent, lang), total=num(figures.total, lang), failed=num(figures.failed, lang),
        blocked=num(figures.blocked, lang), left=num(figures.left, lang),
    )


def progress_text(broadcast: Broadcast, figures: Figures, eta_seconds: float | None, lang: str) -> str:
    text = _("📤 <b>Broadcast #{id}</b> is being sent").format(id=broadcast.id) + "\n\n" + figures_lines(figures, lang)
    if eta_seconds is not None and figures.left:
        text += "\n" + _("Time left: about {eta}").format(eta=duration(eta_seconds, lang))
    return text


def final_text(broadcast: Broadcast, figures: Figures, elapsed_seconds: float, lang: str) -> str:
    if broadcast.status == CANCELLED:
        head = _("⛔ <b>Broadcast #{id}</b> was stopped.").format(id=broadcast.id)
    else:
        head = _("✅ <b>Broadcast #{id}</b> has been sent.").format(id=broadcast.id)
    return (
        head + "\n\n" + figures_lines(figures, lang) + "\n"
        + _("Time taken: {elapsed}").format(elapsed=duration(elapsed_seconds, lang))
    )


def status_line(broadcast: Broadcast, lang: str) -> str:
    f = broadcast.figures
    if broadcast.status == SCHEDULED:
        return _("🕒 Scheduled for {when}").format(when=when(broadcast.scheduled_at, lang))
    if broadcast.status == QUEUED:
        return _("⏳ Waiting to be sent")
    if broadcast.status == SENDING:
        return _("📤 Sending: {sent} of {total} delivered, {failed} not delivered").format(
            sent=num(f.sent, lang), total=num(f.total, lang), failed=num(f.failed, lang)
        )
    if broadcast.status == DONE:
        return _("✅ Sent: {sent} of {total} delivered, {failed} not delivered ({blocked} blocked the bot)").format(
            sent=num(f.sent, lang), total=num(f.total, lang), failed=num(f.failed, lang),
            blocked=num(f.blocked, lang),
        )
    if broadcast.started_at is None:
        return _("⛔ Cancelled before sending")
    return _("⛔ Stopped: {sent} of {total} delivered").format(sent=num(f.sent, lang), total=num(f.total, lang))


def broadcast_summary(broadcast: Broadcast, lang: str, subscriptions: SubscriptionService) -> str:
    head = _("<b>#{id}</b> · {created} · {audience}").format(
        id=broadcast.id, created=when(broadcast.created_at, lang),
        audience=audience_label(broadcast.audience, lang, subscriptions),
    )
    return f"{head}\n«{html.quote(snippet(broadcast.texts[lang]))}»\n{status_line(broadcast, lang)}"
