"""/stats: citizens, subscribers, broadcasts, appeals and bookings by status (staff of any role)."""

from __future__ import annotations

from aiogram import F, Router, html
from aiogram.filters import Command
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from bot.db.users import User
from bot.filters import HasRole
from bot.handlers.staff.render import num
from bot.i18n import N_
from bot.services.kb_feedback import FeedbackService
from bot.services.knowledge import KnowledgeBase
from bot.services.stats import ACTIVE_DAYS, Stats, StatsService
from bot.services.subscriptions import SubscriptionService

router = Router(name=__name__)
router.message.filter(F.text.startswith("/"), HasRole())  # /stats only; the cheap check first

SECTIONS = {"appeals": N_("📝 <b>Appeals</b> by status:"), "bookings": N_("⚖️ <b>Legal-help bookings</b> by status:")}
# Status names used by the appeals and bookings features; an unknown one is shown as stored.
STATUS_NAMES = {
    "new": N_("new"),
    "open": N_("open"),
    "taken": N_("taken"),
    "in_progress": N_("in progress"),
    "answered": N_("answered"),
    "forwarded": N_("forwarded to a state body"),
    "rejected": N_("rejected"),
    "closed": N_("closed"),
    "booked": N_("booked"),
    "confirmed": N_("confirmed"),
    "cancelled": N_("cancelled"),
    "attended": N_("attended"),
    "no_show": N_("did not come"),
    "no-show": N_("did not come"),
    "waitlist": N_("on the waiting list"),
}


def status_name(status: str) -> str:
    return _(STATUS_NAMES[status]) if status in STATUS_NAMES else html.quote(status)


def render_stats(stats: Stats, lang: str, subscriptions: SubscriptionService) -> str:
    subs = stats.subscribers
    lines = [
        _("📊 <b>Statistics</b>"),
        "",
        _("👥 Citizens who have used the bot: {n}").format(n=num(stats.citizens, lang)),
        ngettext("   of them active in the last {days} day: {n}", "   of them active in the last {days} days: {n}",
                 ACTIVE_DAYS).format(
            days=ACTIVE_DAYS, n=num(stats.citizens_active, lang)
        ),
        "",
        _("🔔 <b>Subscribers</b>: {active} active, {inactive} inactive (blocked the bot or left Telegram)").format(
            active=num(subs.active, lang), inactive=num(subs.inactive, lang)
        ),
        _("   reading in Kazakh: {kk}, in Russian: {ru}").format(
            kk=num(subs.by_language.get("kk", 0), lang), ru=num(subs.by_language.get("ru", 0), lang)
        ),
    ]
    if subs.by_district:
        lines.append(_("   by district:"))
        named = [(d.name[lang], subs.by_district[d.id]) for d in subscriptions.districts if d.id in subs.by_district]
        unknown = [(str(k), v) for k, v in subs.by_district.items() if k is not None and not subscriptions.district(k)]
        for name, count in named + unknown:
            lines.append(f"   • {html.quote(name)}: {num(count, lang)}")
        if None in subs.by_district:
            whole = num(subs.by_district[None], lang)
            lines.append("   • " + _("the whole region (no district chosen): {n}").format(n=whole))
    b = stats.broadcasts
    lines += [
        "",
        _("📣 <b>Broadcasts</b>: {done} sent, {open} planned or in progress, {cancelled} stopped; messages "
          "delivered: {delivered}").format(
            done=num(b.get("done", 0), lang),
            open=num(b.get("scheduled", 0) + b.get("queued", 0) + b.get("sending", 0), lang),
            cancelled=num(b.get("cancelled", 0), lang),
            delivered=num(b.get("delivered", 0), lang),
        ),
    ]
    for section, counts in stats.by_status.items():
        lines += ["", _(SECTIONS[section])]
        if not counts:
            lines.append("   " + _("none yet"))
        for status, count in counts.items():
            lines.append(f"   • {status_name(status)}: {num(count, lang)}")
    return "\n".join(lines)


@router.message(Command("stats"))
async def show_stats(message: Message, user: User, stats: StatsService, subscriptions: SubscriptionService,
                     feedback: FeedbackService | None = None, knowledge: KnowledgeBase | None = None) -> None:
    text = render_stats(await stats.collect(), user.language, subscriptions)
    if feedback is not None and knowledge is not None:
        text += "\n\n" + await render_helpfulness(feedback, knowledge, user.language)
    await message.answer(text)


async def render_helpfulness(feedback: FeedbackService, knowledge: KnowledgeBase, lang: str) -> str:
    """👍/👎 under answers: per language, per card (the most rated first), and the cards rated worst."""
    rows = await feedback.helpfulness()
    lines = [_("👍 <b>Were the answers helpful?</b>")]
    if not rows:
        return "\n".join([*lines, "   " + _("none yet")])
    for language in ("kk", "ru"):
        up = sum(r.up for r in rows if r.language == language)
        down = sum(r.down for r in rows if r.language == language)
        if up + down:
            name = _("in Kazakh") if language == "kk" else _("in Russian")
            lines.append(f"   {name}: 👍 {num(up, lang)} · 👎 {num(down, lang)} ({round(100 * up / (up + down))}%)")
    by_card: dict[str, list[int]] = {}
    for r in rows:
        pair = by_card.setdefault(r.entry_id, [0, 0])
        pair[0] += r.up
        pair[1] += r.down
    lines.append(_("   by card (most rated first):"))
    for entry_id, (up, down) in sorted(by_card.items(), key=lambda kv: -sum(kv[1]))[:10]:
        per_lang = ", ".join(f"{r.language} {r.up}/{r.total}" for r in rows if r.entry_id == entry_id)
        lines.append(f"   • {html.quote(await _title(knowledge, entry_id, lang))}: 👍 {up} · 👎 {down} ({per_lang})")
    worst = await feedback.worst()
    if worst:
        lines.append(_("   ⚠️ rated worst (at least 3 ratings):"))
        for w in worst:
            lines.append(f"   • {html.quote(await _title(knowledge, w.entry_id, lang))} ({w.entry_id}): "
                         f"{round(100 * w.ratio)}% 👍 / {w.total}")
    return "\n".join(lines)


async def _title(knowledge: KnowledgeBase, entry_id: str, lang: str) -> str:
    entry = await knowledge.entry(entry_id)
    return entry.title[lang] if entry is not None else entry_id
