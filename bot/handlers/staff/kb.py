"""Staff keep the knowledge base alive in the bot: /gaps (unanswered questions, grouped), turning a gap into an
answer (attach its wording to a card, or write a new card), editing, retiring and rolling back cards, /kb
(overview, conflicts with the shipped file, history), and the whole knowledge base as a file (download, upload).

Administrators and operators only: the router's HasRole filter asks the database on every update, and
bot.services.kb_edit.KbEditor checks the role again before anything is written. Lawyers and citizens get a
clear refusal (``denied_router``), forged buttons included.

A gap becomes a published bilingual card in at most 6 taps plus the texts: the gap (1) → «New card» (2) → its
topic (3) → «No related cards» (4) → «Publish» (5); or the gap (1) → «Attach to a card» (2) → topic (3) →
card (4).
"""

from __future__ import annotations

import io
import logging
import secrets
from collections.abc import Callable
from datetime import timedelta

from aiogram import Bot, F, Router, html
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from bot import keyboards as citizen_kb
from bot.callbacks import KbCb
from bot.clock import Clock
from bot.db.users import User
from bot.filters import HasRole
from bot.handlers.menus import related_entries, render_entry
from bot.services.kb_edit import EditError, KbEditor, NotAllowed
from bot.services.kb_file import check_file, write_file
from bot.services.kb_gaps import GapLog
from bot.services.knowledge import LANGUAGES, Entry, KnowledgeBase
from bot.services.roles import ADMIN, OPERATOR

log = logging.getLogger(__name__)

router = Router(name=__name__)
router.message.filter(HasRole(ADMIN, OPERATOR))
router.callback_query.filter(HasRole(ADMIN, OPERATOR))
denied_router = Router(name=__name__ + ".denied")

GAP_DAYS = 7
MAX_DAYS = 365
TOP_GAPS = 10
MAX_FILE_BYTES = 20_000_000  # what a bot may download from Telegram
FIELDS = ("title_kk", "title_ru", "answer_kk", "answer_ru", "keywords_kk", "keywords_ru")


class KbForm(StatesGroup):
    title_kk = State()
    title_ru = State()
    answer_kk = State()
    answer_ru = State()
    keywords_kk = State()
    keywords_ru = State()
    related = State()
    field = State()  # one field of an existing card
    preview = State()
    upload = State()  # a checked file waits for «Apply»


STEPS = ("title_kk", "title_ru", "answer_kk", "answer_ru", "keywords_kk", "keywords_ru")


def _ask(step: str) -> str:
    return {
        "title_kk": _("Step 2. Send the card's <b>title in Kazakh</b> (at most 100 characters)."),
        "title_ru": _("Send the card's <b>title in Russian</b>."),
        "answer_kk": _("Send the <b>answer in Kazakh</b>: a few sentences, with the year named (not «this year»)."),
        "answer_ru": _("Send the <b>answer in Russian</b>."),
        "keywords_kk": _("Send <b>Kazakh keywords</b>: the words people use, separated by commas; «-» for none. "
                         "The citizen's wording is added by itself."),
        "keywords_ru": _("Send <b>Russian keywords</b>, separated by commas; «-» for none."),
    }[step]


def _kb(rows: list[list[tuple[str, KbCb]]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text=text, callback_data=cb.pack()) for text, cb in row] for row in rows])


def not_command(message: Message) -> bool:
    return not (message.text or "").startswith("/")


def _entry_from(data: dict[str, object]) -> Entry:
    card = data["card"]
    assert isinstance(card, dict)
    return Entry(
        id=str(card["id"]), topic=str(card["topic"]), title=dict(card["title"]), answer=dict(card["answer"]),
        keywords={lang: list(card["keywords"].get(lang, [])) for lang in LANGUAGES},
        related=tuple(card["related"]),
    )


def _card_data(entry: Entry) -> dict[str, object]:
    return {"id": entry.id, "topic": entry.topic, "title": dict(entry.title), "answer": dict(entry.answer),
            "keywords": {lang: list(entry.keywords[lang]) for lang in LANGUAGES}, "related": list(entry.related)}


def _error_text(error: Exception) -> str:
    if isinstance(error, NotAllowed):
        return _("Only administrators and operators can edit the knowledge base.")
    if isinstance(error, EditError) and error.code == "invalid":
        return _("The card cannot be published: {problem}").format(problem=html.quote(error.detail))
    if isinstance(error, EditError) and error.code == "no_version":
        return _("This card has no earlier version to go back to.")
    if isinstance(error, EditError) and error.code == "exists":
        return _("A card with this id already exists.")
    return _("No such card. /kb lists what can be done.")


# ----- /gaps --------------------------------------------------------------------------------------------------
def _parse_gap_args(args: str | None) -> tuple[int, str | None]:
    days, language = GAP_DAYS, None
    for word in (args or "").lower().split():
        if word.isdigit():
            days = max(1, min(MAX_DAYS, int(word)))
        elif word in LANGUAGES:
            language = word
    return days, language


@router.message(Command("gaps"))
async def show_gaps(message: Message, command: CommandObject, gaps: GapLog, clock: Clock) -> None:
    days, language = _parse_gap_args(command.args)
    found = await gaps.top(clock.now() - timedelta(days=days), language, TOP_GAPS)
    scope = {None: _("both languages"), "kk": _("in Kazakh"), "ru": _("in Russian")}[language]
    head = ngettext("🔎 <b>Unanswered questions</b>, last {days} day, {scope}:",
                    "🔎 <b>Unanswered questions</b>, last {days} days, {scope}:", days).format(days=days, scope=scope)
    if not found:
        await message.answer(head + "\n\n" + _("None: every question found its answer. 🎉\n\n"
                                               "Other periods and languages: /gaps 30, /gaps 7 ru"))
        return
    lines = [head, ""]
    buttons: list[list[tuple[str, KbCb]]] = []
    for number, gap in enumerate(found, 1):
        asked = ngettext("asked {n} time", "asked {n} times", gap.count).format(n=gap.count)
        kind = " 👎" if "unhelpful" in gap.kinds else ""
        lines.append(f"{number}. «{html.quote(gap.example)}» — {asked} ({', '.join(gap.languages)}){kind}")
        buttons.append([(f"{number}. " + gap.example[:40], KbCb(action="gap", id=str(gap.latest)))])
    lines += ["", _("Tap a question to answer it. Other periods and languages: /gaps 30, /gaps 7 ru")]
    await message.answer("\n".join(lines), reply_markup=_kb(buttons))


async def _gap(gaps: GapLog, gap_id: str) -> tuple[str, str, str] | None:
    """(norm, masked wording, language) of a gap row."""
    if not gap_id.isdigit():
        return None
    row = await gaps.db.fetchone("SELECT norm, text, language FROM kb_gaps WHERE id = ?", (int(gap_id),))
    return None if row is None else (row[0], row[1], row[2])


@router.callback_query(KbCb.filter(F.action == "gap"))
async def open_gap(query: CallbackQuery, callback_data: KbCb, gaps: GapLog) -> None:
    await query.answer()
    gap = await _gap(gaps, callback_data.id)
    if gap is None or not isinstance(query.message, Message):
        return
    await query.message.answer(
        _("«{text}»\n\nHow should the bot answer it?").format(text=html.quote(gap[1])),
        reply_markup=_kb([
            [(_("📎 Attach to an existing card"), KbCb(action="attach", id=callback_data.id))],
            [(_("➕ New card"), KbCb(action="new", id=callback_data.id))],
            [(_("✖️ Dismiss: no answer needed"), KbCb(action="dismiss", id=callback_data.id))],
        ]))


async def _topic_buttons(knowledge: KnowledgeBase, action: str, gap_id: str, lang: str) -> InlineKeyboardMarkup:
    rows = []
    for section in ("results", "projects"):
        for topic in await knowledge.topics(section):
            rows.append([(topic.title[lang], KbCb(action=action, id=gap_id, arg=topic.id))])
    return _kb(rows)


@router.callback_query(KbCb.filter(F.action == "attach"))
async def attach_pick_topic(query: CallbackQuery, callback_data: KbCb, knowledge: KnowledgeBase, user: User) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(_("Which topic is the card in?"),
                                   reply_markup=await _topic_buttons(knowledge, "at", callback_data.id, user.language))


async def _pick_card(query: CallbackQuery, knowledge: KnowledgeBase, topic: str, lang: str, prompt: str,
                     pick: Callable[[str], KbCb]) -> None:
    """A topic's cards as buttons (``pick``: a card id -> the button's data), or that the topic has none."""
    await query.answer()
    if not isinstance(query.message, Message):
        return
    entries = await knowledge.entries_for_topic(topic)
    if not entries:
        await query.message.answer(_("This topic has no cards."))
        return
    await query.message.answer(prompt, reply_markup=_kb([[(e.title[lang], pick(e.id))] for e in entries]))


@router.callback_query(KbCb.filter(F.action == "at"))
async def attach_pick_card(query: CallbackQuery, callback_data: KbCb, knowledge: KnowledgeBase, user: User) -> None:
    await _pick_card(query, knowledge, callback_data.arg, user.language,
                     _("Which card answers the question? Its wording becomes a keyword of that card."),
                     lambda entry_id: KbCb(action="ak", id=callback_data.id, arg=entry_id))


@router.callback_query(KbCb.filter(F.action == "ak"))
async def attach(query: CallbackQuery, callback_data: KbCb, gaps: GapLog, kb_editor: KbEditor, user: User,
                 knowledge: KnowledgeBase) -> None:
    gap = await _gap(gaps, callback_data.id)
    if gap is None:
        await query.answer()
        return
    try:
        await kb_editor.add_keyword(user.id, callback_data.arg, gap[2], gap[1])
    except (NotAllowed, EditError) as error:
        await query.answer(_error_text(error), show_alert=True)
        return
    await gaps.resolve(gap[0], callback_data.arg)
    await query.answer(_("Published"))
    entry = await knowledge.entry(callback_data.arg)
    if isinstance(query.message, Message) and entry is not None:
        await query.message.answer(_("✅ Done. From now on this question gets the card below."))
        await _preview(query.message, knowledge, entry, [gap[2]])


@router.callback_query(KbCb.filter(F.action == "dismiss"))
async def dismiss(query: CallbackQuery, callback_data: KbCb, gaps: GapLog) -> None:
    gap = await _gap(gaps, callback_data.id)
    if gap is not None:
        await gaps.resolve(gap[0], "-")
    await query.answer(_("Removed from the list"))


# ----- a new card --------------------------------------------------------------------------------------------
@router.callback_query(KbCb.filter(F.action == "new"))
async def new_card(query: CallbackQuery, callback_data: KbCb, gaps: GapLog, knowledge: KnowledgeBase, user: User,
                   state: FSMContext) -> None:
    await query.answer()
    if not isinstance(query.message, Message):
        return
    gap = await _gap(gaps, callback_data.id)
    await state.clear()
    await state.set_data({"gap": callback_data.id if gap else "", "wording": gap[1] if gap else "",
                          "wording_lang": gap[2] if gap else ""})
    await query.message.answer(_("➕ <b>New card</b>. Step 1. Which topic is it in? (/cancel to stop)"),
                               reply_markup=await _topic_buttons(knowledge, "nt", callback_data.id, user.language))


@router.callback_query(KbCb.filter(F.action == "nt"))
async def new_card_topic(query: CallbackQuery, callback_data: KbCb, state: FSMContext) -> None:
    await query.answer()
    data = await state.get_data()
    if "wording" not in data or not isinstance(query.message, Message):
        return
    card = Entry(id="c" + secrets.token_hex(4), topic=callback_data.arg, title={}, answer={},
                 keywords={"kk": [], "ru": []}, related=())
    await state.update_data(card=_card_data(card))
    await state.set_state(KbForm.title_kk)
    await query.message.answer(_ask("title_kk"))


@router.message(StateFilter(*(getattr(KbForm, s) for s in STEPS)), F.text, not_command)
async def new_card_text(message: Message, state: FSMContext, raw_state: str | None, knowledge: KnowledgeBase,
                        user: User) -> None:
    step = (raw_state or "").split(":")[-1]
    text = (message.text or "").strip()
    data = await state.get_data()
    card = dict(data["card"])
    field, lang = step.rsplit("_", 1)
    if field == "keywords":
        words = [] if text == "-" else [w.strip() for w in text.split(",") if w.strip()]
        if data.get("wording") and data.get("wording_lang") == lang:
            words.append(str(data["wording"]))
        card["keywords"] = {**card["keywords"], lang: words}
    else:
        card[field] = {**card[field], lang: text}
    await state.update_data(card=card)
    following = STEPS[STEPS.index(step) + 1] if step != STEPS[-1] else None
    if following is not None:
        await state.set_state(getattr(KbForm, following))
        await message.answer(_ask(following))
        return
    await state.set_state(KbForm.related)
    await message.answer(
        _("Related cards shown as buttons under the answer: send their ids separated by commas, or press the button."),
        reply_markup=_kb([[(_("➡️ No related cards"), KbCb(action="nr"))]]))


@router.message(KbForm.related, F.text, not_command)
async def new_card_related(message: Message, state: FSMContext, knowledge: KnowledgeBase) -> None:
    ids = tuple(i.strip() for i in (message.text or "").split(",") if i.strip())
    unknown = [i for i in ids if await knowledge.entry(i) is None]
    if unknown:
        await message.answer(_("No such cards: {ids}. Send the ids again, or press the button.").format(
            ids=html.quote(", ".join(unknown))), reply_markup=_kb([[(_("➡️ No related cards"), KbCb(action="nr"))]]))
        return
    data = await state.get_data()
    await state.update_data(card={**data["card"], "related": list(ids)})
    await _to_preview(message, state, knowledge)


@router.callback_query(KbCb.filter(F.action == "nr"), KbForm.related)
async def no_related(query: CallbackQuery, state: FSMContext, knowledge: KnowledgeBase) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await _to_preview(query.message, state, knowledge)


async def _preview(message: Message, knowledge: KnowledgeBase, entry: Entry, langs: list[str] | None = None) -> None:
    """Exactly what citizens get, in each language."""
    related = await related_entries(knowledge, entry)
    for lang in langs or LANGUAGES:
        await message.answer(render_entry(entry, lang), reply_markup=citizen_kb.answer_buttons(related, lang))


async def _to_preview(message: Message, state: FSMContext, knowledge: KnowledgeBase) -> None:
    data = await state.get_data()
    entry = _entry_from(data)
    await state.set_state(KbForm.preview)
    await message.answer(_("👇 Citizens will see exactly this:"))
    await _preview(message, knowledge, entry)
    await message.answer(_("Publish it?"), reply_markup=_kb([[(_("✅ Publish"), KbCb(action="pub")),
                                                              (_("✖️ Cancel"), KbCb(action="cx"))]]))


@router.callback_query(KbCb.filter(F.action == "pub"), KbForm.preview)
async def publish(query: CallbackQuery, state: FSMContext, kb_editor: KbEditor, gaps: GapLog, user: User) -> None:
    data = await state.get_data()
    entry = _entry_from(data)
    try:
        if data.get("editing"):
            await kb_editor.edit(user.id, entry)
        else:
            await kb_editor.create(user.id, entry)
    except (NotAllowed, EditError) as error:
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.answer(_error_text(error))
        return
    gap = await _gap(gaps, str(data.get("gap") or ""))
    if gap is not None:
        await gaps.resolve(gap[0], entry.id)
    await state.clear()
    await query.answer(_("Published"))
    if isinstance(query.message, Message):
        await query.message.answer(_("✅ Published: citizens get the card from their next question. Card id: {id}. "
                                     "Its history: /kb history {id}").format(id=entry.id))


@router.callback_query(KbCb.filter(F.action == "cx"))
async def cancel(query: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await query.answer(_("Cancelled"))


# ----- /kb: overview, a card, history, rollback, retire -----------------------------------------------------
@router.message(Command("kb"))
async def kb_command(message: Message, command: CommandObject, kb_editor: KbEditor, knowledge: KnowledgeBase,
                     user: User, bot: Bot, state: FSMContext) -> None:
    words = (command.args or "").split()
    action = words[0].lower() if words else ""
    target = words[1] if len(words) > 1 else ""
    try:
        if action == "file":
            await _send_file(message, kb_editor, bot)
        elif action in ("history", "rollback", "retire", "restore", "edit") and target:
            card = await kb_editor.card(target)
            if card is None:
                await message.answer(_error_text(EditError("unknown")))
            elif action == "history":
                await _history(message, kb_editor, target)
            elif action == "rollback":
                version = int(words[2]) if len(words) > 2 and words[2].isdigit() else None
                await kb_editor.rollback(user.id, target, version)
                await message.answer(_("↩️ Rolled back. Citizens get this from their next question:"))
                await _after_change(message, knowledge, target)
            elif action in ("retire", "restore"):
                await kb_editor.set_retired(user.id, target, action == "retire")
                await message.answer(_("🗄 Retired: the card is no longer shown. /kb restore {id} brings it back.")
                                     .format(id=target) if action == "retire" else _("✅ The card is shown again."))
            else:
                await _edit_menu(message, state, card.entry, user.language)
        else:
            await _overview(message, kb_editor)
    except (NotAllowed, EditError) as error:
        await message.answer(_error_text(error))


async def _after_change(message: Message, knowledge: KnowledgeBase, entry_id: str) -> None:
    entry = await knowledge.entry(entry_id)
    if entry is not None:
        await _preview(message, knowledge, entry)
    else:
        await message.answer(_("The card is retired now: it is not shown to citizens."))


async def _overview(message: Message, kb_editor: KbEditor) -> None:
    cards = await kb_editor.cards()
    live = sum(1 for c in cards if not c.retired)
    lines = [
        _("📚 <b>Knowledge base</b>: {live} cards shown, {retired} retired, {edited} changed in the bot.").format(
            live=live, retired=len(cards) - live, edited=sum(1 for c in cards if c.edited)),
        "",
        _("/gaps — unanswered questions and answers marked unhelpful; turn them into answers\n"
          "/kb edit ID — change a card\n/kb history ID — its versions\n/kb rollback ID [version] — back to the "
          "previous version\n/kb retire ID, /kb restore ID\n/kb file — the whole knowledge base as a file; send "
          "the edited file back to the bot to publish it"),
    ]
    conflicts = await kb_editor.conflicts()
    buttons: list[list[tuple[str, KbCb]]] = [[(_("➕ New card"), KbCb(action="new")),
                                              (_("✏️ Edit a card"), KbCb(action="edit"))]]
    if conflicts:
        lines += ["", _("⚠️ <b>Conflicts with the shipped file</b> (data/knowledge.toml changed cards that were "
                        "edited here; the bot's version is shown until you choose):")]
        for card in conflicts:
            lines.append(f"• {card.entry.id}: {html.quote(card.entry.title['kk'])}")
            buttons.append([(_("Take the file's: {id}").format(id=card.entry.id), KbCb(action="ct", id=card.entry.id)),
                            (_("Keep the bot's"), KbCb(action="ck", id=card.entry.id))])
    await message.answer("\n".join(lines), reply_markup=_kb(buttons))


@router.callback_query(KbCb.filter(F.action == "edit"))
async def edit_pick_topic(query: CallbackQuery, knowledge: KnowledgeBase, user: User) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(_("Which topic is the card in?"),
                                   reply_markup=await _topic_buttons(knowledge, "et", "", user.language))


@router.callback_query(KbCb.filter(F.action == "et"))
async def edit_pick_card(query: CallbackQuery, callback_data: KbCb, knowledge: KnowledgeBase, user: User) -> None:
    await _pick_card(query, knowledge, callback_data.arg, user.language, _("Which card?"),
                     lambda entry_id: KbCb(action="ec", id=entry_id))


@router.callback_query(KbCb.filter(F.action == "ec"))
async def edit_card(query: CallbackQuery, callback_data: KbCb, kb_editor: KbEditor, state: FSMContext,
                    user: User) -> None:
    await query.answer()
    card = await kb_editor.card(callback_data.id)
    if card is not None and isinstance(query.message, Message):
        await _edit_menu(query.message, state, card.entry, user.language)


@router.callback_query(KbCb.filter(F.action.in_({"ct", "ck"})))
async def settle(query: CallbackQuery, callback_data: KbCb, kb_editor: KbEditor, user: User) -> None:
    try:
        await kb_editor.settle_conflict(user.id, callback_data.id, take_shipped=callback_data.action == "ct")
    except (NotAllowed, EditError) as error:
        await query.answer(_error_text(error), show_alert=True)
        return
    await query.answer(_("Done"))


ACTIONS = {"seed": "📦", "create": "➕", "edit": "✏️", "keyword": "📎", "retire": "🗄", "restore": "✅",
           "rollback": "↩️", "import": "📄", "removed": "🗑", "keep": "✋"}


async def _history(message: Message, kb_editor: KbEditor, entry_id: str) -> None:
    lines = [_("🕘 <b>Versions of {id}</b> (newest first):").format(id=entry_id)]
    for version in await kb_editor.history(entry_id):
        who = str(version.actor_id) if version.actor_id else _("the shipped file")
        title = html.quote(version.snapshot["title"].get("kk", ""))
        lines.append(f"{version.id}. {ACTIONS.get(version.action, '•')} {version.at[:16].replace('T', ' ')} — "
                     f"{who} — {title}")
    lines.append(_("Back to one of them: /kb rollback {id} VERSION").format(id=entry_id))
    await message.answer("\n".join(lines))


async def _edit_menu(message: Message, state: FSMContext, entry: Entry, lang: str) -> None:
    await state.clear()
    await state.set_data({"card": _card_data(entry), "editing": True})
    names = {"title_kk": _("Title (kk)"), "title_ru": _("Title (ru)"), "answer_kk": _("Answer (kk)"),
             "answer_ru": _("Answer (ru)"), "keywords_kk": _("Keywords (kk)"), "keywords_ru": _("Keywords (ru)")}
    rows = [[(names[f], KbCb(action="ef", id=entry.id, arg=f))] for f in FIELDS]
    rows.append([(_("🗄 Retire"), KbCb(action="ret", id=entry.id)), (_("↩️ Roll back"), KbCb(action="rb", id=entry.id))])
    await message.answer(_("✏️ <b>{title}</b> ({id}). What do you want to change?").format(
        title=html.quote(entry.title[lang]), id=entry.id), reply_markup=_kb(rows))


@router.callback_query(KbCb.filter(F.action == "ef"))
async def edit_field(query: CallbackQuery, callback_data: KbCb, state: FSMContext, kb_editor: KbEditor) -> None:
    await query.answer()
    card = await kb_editor.card(callback_data.id)
    if card is None or callback_data.arg not in FIELDS or not isinstance(query.message, Message):
        return
    await state.set_data({"card": _card_data(card.entry), "editing": True, "field": callback_data.arg})
    await state.set_state(KbForm.field)
    field, lang = callback_data.arg.rsplit("_", 1)
    current = getattr(card.entry, field)[lang]
    shown = ", ".join(current) if isinstance(current, list) else current
    await query.message.answer(_("Now:\n{current}\n\nSend the new text (keywords: separated by commas).").format(
        current=html.quote(shown)))


@router.message(KbForm.field, F.text, not_command)
async def edit_field_text(message: Message, state: FSMContext, knowledge: KnowledgeBase) -> None:
    data = await state.get_data()
    field, lang = str(data["field"]).rsplit("_", 1)
    card = dict(data["card"])
    text = (message.text or "").strip()
    if field == "keywords":
        card["keywords"] = {**card["keywords"], lang: [w.strip() for w in text.split(",") if w.strip()]}
    else:
        card[field] = {**card[field], lang: text}
    await state.update_data(card=card)
    await _to_preview(message, state, knowledge)


@router.callback_query(KbCb.filter(F.action.in_({"ret", "rb"})))
async def retire_or_rollback(query: CallbackQuery, callback_data: KbCb, kb_editor: KbEditor, user: User,
                             knowledge: KnowledgeBase) -> None:
    try:
        if callback_data.action == "ret":
            await kb_editor.set_retired(user.id, callback_data.id, True)
        else:
            await kb_editor.rollback(user.id, callback_data.id)
    except (NotAllowed, EditError) as error:
        await query.answer(_error_text(error), show_alert=True)
        return
    await query.answer(_("Done"))
    if isinstance(query.message, Message):
        await _after_change(query.message, knowledge, callback_data.id)


# ----- the whole knowledge base as a file ---------------------------------------------------------------------
async def _send_file(message: Message, kb_editor: KbEditor, bot: Bot) -> None:
    cards = [c.entry for c in await kb_editor.cards(include_retired=False)]
    data = write_file(cards).encode("utf-8")
    await bot.send_document(message.chat.id, BufferedInputFile(data, filename="knowledge.toml"), caption=_(
        "📄 The knowledge base: {n} cards. Edit it and send it back here: it is checked first, and nothing changes "
        "until you confirm. A card left out of the file is retired.").format(n=len(cards)))


def is_toml(message: Message) -> bool:
    return message.document is not None and (message.document.file_name or "").lower().endswith(".toml")


@router.message(F.document, F.func(is_toml), F.chat.type == "private")
async def upload(message: Message, bot: Bot, state: FSMContext, kb_editor: KbEditor, knowledge: KnowledgeBase) -> None:
    document = message.document
    assert document is not None
    if document.file_size is not None and document.file_size > MAX_FILE_BYTES:
        await message.answer(_("The file is too big: at most 20 MB."))
        return
    buffer = io.BytesIO()
    await bot.download(document.file_id, destination=buffer)
    try:
        text = buffer.getvalue().decode("utf-8-sig")
    except UnicodeDecodeError:
        await message.answer(_("❌ Nothing was changed: the file is not UTF-8 text."))
        return
    current = {c.entry.id: c for c in await kb_editor.cards()}
    topics = {t.id for section in ("results", "projects") for t in await knowledge.topics(section)}
    entries, problems = check_file(text, topics, {i: c.entry for i, c in current.items()})
    if problems:
        head = ngettext("❌ Nothing was changed: {n} problem. Fix it and send the whole file again.",
                        "❌ Nothing was changed: {n} problems. Fix them and send the whole file again.",
                        len(problems)).format(n=len(problems))
        lines = [html.quote(str(p)) for p in problems[:30]]
        await message.answer(head + "\n\n" + "\n".join(lines))
        return
    from bot.services.kb_store import entry_hash

    wanted = {e.id for e in entries}
    new = sum(1 for e in entries if e.id not in current)
    changed = sum(1 for e in entries if e.id in current and (
        current[e.id].retired or entry_hash(current[e.id].entry) != entry_hash(e)))
    retired = sum(1 for i, c in current.items() if i not in wanted and not c.retired)
    await state.clear()
    await state.set_state(KbForm.upload)
    await state.set_data({"file": text})
    summary = _("{changed} changed, {new} new, {retired} retired").format(changed=changed, new=new, retired=retired)
    buttons = _kb([[(_("✅ Publish"), KbCb(action="imp")), (_("✖️ Cancel"), KbCb(action="cx"))]])
    await message.answer(_("✅ The file is correct: {summary}. Publish it?").format(summary=summary),
                         reply_markup=buttons)


@router.callback_query(KbCb.filter(F.action == "imp"), KbForm.upload)
async def apply_upload(query: CallbackQuery, state: FSMContext, kb_editor: KbEditor, knowledge: KnowledgeBase,
                       user: User) -> None:
    data = await state.get_data()
    current = {c.entry.id: c.entry for c in await kb_editor.cards()}
    topics = {t.id for section in ("results", "projects") for t in await knowledge.topics(section)}
    entries, problems = check_file(str(data.get("file", "")), topics, current)
    await state.clear()
    if problems or not entries:
        await query.answer(_("The file has problems now; send it again."), show_alert=True)
        return
    try:
        counts = await kb_editor.import_entries(user.id, entries)
    except (NotAllowed, EditError) as error:
        await query.answer(_error_text(error), show_alert=True)
        return
    await query.answer(_("Published"))
    if isinstance(query.message, Message):
        await query.message.answer(_("✅ Published: {changed} changed, {new} new, {retired} retired.").format(**counts))


# ----- everyone else ----------------------------------------------------------------------------------------
@denied_router.message(Command("gaps", "kb"))
async def denied_command(message: Message) -> None:
    await message.answer(_("Only administrators and operators can edit the knowledge base."))


@denied_router.callback_query(KbCb.filter())
async def denied_button(query: CallbackQuery) -> None:
    log.warning("knowledge-base button pressed by a user without the role: %r", query.from_user.id)
    await query.answer(_("Only administrators and operators can edit the knowledge base."), show_alert=True)
