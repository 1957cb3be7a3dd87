"""Soak test: thousands of mixed updates from hundreds of simulated citizens against `python -m bot`.

The bot runs as it does in production (a child process, long polling, updates handled as concurrent tasks)
against the fake Bot API server (tests/fakeapi.py) in this process. Every simulated citizen is a closed loop:
one step (a question, a menu tap and a topic button, a language switch, /start, /help, /mydata, /mybookings, a
sticker, or a whole form: a legal-help booking or a public-reception appeal), wait for the bot's answer, next
step. The forms go through the real buttons, as tests/e2e/test_receptions.py and test_appeals.py do (labels
from tests/e2e/receptions_helpers.py and appeal_steps.py):

- booking: ⚖️ legal-help menu -> 📝 book -> a district -> a date -> a reception (two venues on one day) or a
  time (timed slots) -> consent (once per citizen) -> name -> phone (shared contact or typed) -> question or
  skip -> confirm; a time taken meanwhile is chosen again, as a citizen would;
- appeal: 📝 public reception -> write -> a category -> a district -> the text -> no files -> consent (once)
  -> name -> phone -> address or skip -> review -> submit, which gives a ticket and posts a card to staff.

Each form step waits for the screen the next step needs (not just any answer); a missing one is a failed flow.
Before the start the schedule gets sessions with room for every booking (ReceptionService.create_session on
the bot's database, from the day after tomorrow so that no reminder falls due during the run), and the appeals'
daily limit is raised (APPEAL_DAILY_LIMIT) so that a citizen can file more than 3. Prints:

- updates handled per second; per kind: questions, menus, bookings completed, appeals filed, errors,
- latency from the update being pushed to the bot's (last expected) answer: p50, p95, p99, max; the time a
  whole booking / appeal takes,
- errors (target 0): steps not answered within the timeout, forms whose expected reply did not come, apologies
  from the error handler, alerts (anything but appeal cards) in the staff chat, Bot API calls the fake server
  refused, and bookings / appeals in the database (or appeal cards in the staff chat) that do not match the
  forms completed,
- the bot's peak memory (peak RSS of the child process, VmHWM) and CPU time, and the database size.

Flood control is raised (FLOOD_MESSAGES=10000): simulated citizens answer instantly, which real ones don't.

``--db FILE`` starts the bot on a copy of that database (e.g. the one bench/grown_db.py builds: years of use);
the checks then count only what this run added. ``--minutes M`` runs for M minutes at the offered ``--rate``
instead of a number of updates. The bot's RSS is sampled every 5 s: its peak, and its growth over the last 5
minutes (target: none beyond noise).

The issue's soak: python bench/soak.py --db /tmp/grown-1-*.sqlite3 --rate 50 --minutes 10

Usage: python bench/soak.py [--users 300] [--updates 5000] [--seed 1] [--rate UPDATES_PER_SECOND]

Without --rate every citizen sends its next update as soon as it is answered: the bot is saturated and the
latency is mostly queueing (300 citizens / throughput). With --rate the citizens pause before every update
(a form's fields too) so that together they offer that load, and the latency shows the time to answer at that
load.

More scenarios: add an ``async def step_xxx(user, questions) -> None`` below that performs one step (or one
whole flow) and give it a weight and its number of updates in SCENARIOS.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import resource
import shutil
import signal
import sqlite3
import sys
import tempfile
import time
import tomllib
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from datetime import time as clock_time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from babel.messages.pofile import read_po  # noqa: E402
from procfs import children, status_kib  # noqa: E402

from bot.clock import LOCAL_TZ  # noqa: E402
from bot.db.database import Database  # noqa: E402
from bot.services.reception_input import SessionDraft, local_moment, working_day  # noqa: E402
from bot.services.receptions import ReceptionError, ReceptionService  # noqa: E402
from bot.services.roles import RoleService  # noqa: E402
from tests.client import Person  # noqa: E402
from tests.e2e.appeal_steps import TEXT as APPEAL_TEXT  # noqa: E402
from tests.e2e.appeal_steps import L as APPEAL  # noqa: E402
from tests.e2e.receptions_helpers import AGREE, BOOK, BOOKED, CONFIRM, FULL, JOIN_WAITLIST, LEGAL, SKIP  # noqa: E402
from tests.fakeapi import MESSAGE_METHODS, FakeTelegram, Sent  # noqa: E402

STAFF_CHAT_ID = -100_555
STEP_TIMEOUT = 30.0
APOLOGIES = ("Кешіріңіз, бізде қате шықты", "Извините, у нас что-то пошло не так")
MENU = {"kk": "📊 2024 жылдың қорытындысы", "ru": "📊 Итоги 2024 года"}
STICKER = {"file_id": "s1", "file_unique_id": "s1", "type": "regular", "width": 512, "height": 512,
           "is_animated": False, "is_video": False}

# ----- the forms: what citizens type, and how the bot's screens are recognised ------------------------------------
ADMIN_ID = 900_001  # creates the schedule before the start (ReceptionService checks the role)
MAX_ACTIVE_BOOKINGS = 2  # RECEPTION_MAX_ACTIVE_BOOKINGS (the default): a citizen holding 2 looks at /mybookings
PLACES, SLOT_MINUTES = 10, 20  # a session: 10:00-13:00, either 10 places or 9 timed slots
STEP = {"kk": "{}-қадам", "ru": "Шаг {}"}  # the appeal form's steps ("3-қадам. ...", as test_appeals_process)
NAMES = {"kk": ["Айгүл Сейітова", "Ерлан Жұмабаев", "Гүлнар Әбдіқалықова", "Нұрлан Ахметов", "Сәуле Қасымова"],
         "ru": ["Иван Петров", "Ольга Ким", "Сергей Ли", "Анна Смирнова", "Дмитрий Цой"]}
BOOKING_QUESTION = {"kk": "Пәтерге қатысты дау, құжаттарды қалай рәсімдеймін?",
                    "ru": "Спор с соседями о границе участка, какие документы нужны?"}
APPEAL_TEXTS = {lang: [APPEAL_TEXT[lang], other] for lang, other in (
    ("kk", "Көшемізде жарық жоқ, кешке балалар мектептен қараңғыда қайтады. Көмектесуіңізді сұраймыз."),
    ("ru", "На нашей улице не работает освещение, дети возвращаются из школы в темноте. Просим помочь."),
)}
ADDRESS = {"kk": "Ақмая ауылы, Абай көшесі, 12", "ru": "с. Акмая, ул. Абая, 12"}
# The bot refuses a second booking the same day in another town it could not be reached from in time, naming the
# first one's code: a rightful refusal, like a place taken meanwhile.
CLASH = re.compile(r"\((?:запись [A-Z0-9]{6}|[A-Z0-9]{6} жазылуы)\)")
TICKET = re.compile(r"A-\d{4}-\d{5,}")  # five digits, more after 99,999 appeals in a year


def catalog(lang: str) -> dict[str, str]:
    with (ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return {str(m.id): str(m.string) for m in read_po(fh, locale=lang) if isinstance(m.id, str) and m.string}


CATALOGS = {lang: catalog(lang) for lang in ("kk", "ru")}


def tr(msgid: str) -> dict[str, str]:
    return {lang: CATALOGS[lang].get(msgid, msgid) for lang in CATALOGS}


# Answers a citizen may get when others took the last place or time meanwhile (not errors: the bot is right).
SLOT_TAKEN = tr("This time has just been taken. Please choose another time.")
RACE_ALERTS = [tr("There are no free places left on this date. Please choose another one."),
               tr("Sorry, there are no free places left for this reception."), SLOT_TAKEN]


class SoakTelegram(FakeTelegram):
    """The fake server, plus per-chat response counters that wake only that chat's waiter (the base class
    wakes every waiter on every call, which with hundreds of users would measure the load generator), and per
    chat the screens (messages sent or edited, in order) that the forms wait for."""

    def __init__(self) -> None:
        super().__init__()
        self.responses: dict[int, int] = defaultdict(int)
        self.events: dict[int, asyncio.Event] = defaultdict(asyncio.Event)
        self.query_chat: dict[str, int] = {}
        self.screens: dict[int, list[Sent]] = defaultdict(list)
        self.refused = 0

    async def _dispatch(self, method: str, params: dict[str, Any], files: dict[str, bytes]) -> tuple[int, Any]:
        status, body = await super()._dispatch(method, params, files)
        if status >= 400:
            self.refused += 1
        chat = None
        if method == "answerCallbackQuery":
            chat = self.query_chat.get(str(params.get("callback_query_id")))
        elif "chat_id" in params and method != "getUpdates":
            chat = int(params["chat_id"])
        if chat is not None:
            if status < 400 and (method in MESSAGE_METHODS or method.startswith("editMessage")):
                message_id = body["result"]["message_id"] if method in MESSAGE_METHODS else params.get("message_id")
                screen = self.messages.get((chat, int(message_id or 0)))
                if screen is not None:
                    self.screens[chat].append(screen)
            self.responses[chat] += 1
            self.events[chat].set()
        return status, body

    async def _notify(self) -> None:  # only getUpdates needs waking up (new updates)
        return None

    async def wait_responses(self, chat: int, count: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        event = self.events[chat]
        while self.responses[chat] < count:
            event.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                await asyncio.wait_for(event.wait(), left)
            except TimeoutError:
                return False
        return True

    async def wait_screen(self, chat: int, start: int, match: Callable[[Sent], Any], query_id: str | None,
                          alerts: bool, timeout: float) -> tuple[str, Any]:
        """Until a screen of this chat shown since ``start`` satisfies ``match`` ("match", its result), an
        apology comes ("apology", text), the button press is answered with an alert ("alert", text; when
        ``alerts``), or the timeout ("timeout", None)."""
        deadline = time.monotonic() + timeout
        event, screens, seen = self.events[chat], self.screens[chat], start
        while True:
            event.clear()
            for screen in screens[seen:]:
                if any(a in (screen.text or "") for a in APOLOGIES):
                    return "apology", screen.text
                found = match(screen)
                if found:
                    return "match", found
            seen = len(screens)
            answer = self.callback_answers.get(query_id or "")
            if alerts and answer is not None and str(answer.get("show_alert")).lower() == "true":
                return "alert", str(answer.get("text", ""))
            left = deadline - time.monotonic()
            if left <= 0:
                return "timeout", None
            try:
                await asyncio.wait_for(event.wait(), left)
            except TimeoutError:
                pass

    def last_sent(self, chat: int) -> Sent | None:
        for sent in reversed(self.sent):
            if sent.chat_id == chat:
                return sent
        return None


class FlowFailed(Exception):
    """An expected reply of a form did not come (an error), or the bot rightly refused (``refused``)."""

    def __init__(self, what: str, refused: bool = False) -> None:
        super().__init__(what)
        self.refused = refused


class User:
    def __init__(self, tg: SoakTelegram, person: Person, rng: random.Random, stats: Stats, index: int = 0,
                 think: float | None = None) -> None:
        self.tg = tg
        self.person = person
        self.rng = rng
        self.stats = stats
        self.index = index
        self.think_mean = think  # mean pause before each update (--rate), None: none
        self.lang = person.language_code if person.language_code in ("kk", "ru") else "kk"
        self.active_bookings = 0
        self.booked_days: set[tuple[str, str]] = set()  # (district, yyyymmdd): one booking per reception

    async def think(self, update: dict[str, Any]) -> None:
        if self.think_mean:  # open loop: citizens think between steps, together about `rate` updates/s
            await asyncio.sleep(self.rng.expovariate(1 / self.think_mean))
            # A fresh update_id: one taken before the pause would be below the offset the bot has confirmed
            # meanwhile, and the fake server would drop it (as Telegram would never deliver it).
            update["update_id"] = self.tg.next_update_id()

    async def step(self, update: dict[str, Any], expected: int = 1) -> bool:
        """Push one update, wait for ``expected`` responses to this chat; record the latency."""
        await self.think(update)
        chat = self.person.chat_id
        target = self.tg.responses[chat] + expected
        if "callback_query" in update:
            self.tg.query_chat[update["callback_query"]["id"]] = chat
        started = time.perf_counter()
        await self.tg.push(update)
        ok = await self.tg.wait_responses(chat, target, STEP_TIMEOUT)
        self.stats.updates += 1
        if ok:
            self.stats.latencies.append(time.perf_counter() - started)
        else:
            self.stats.timeouts += 1
        return ok

    async def send(self, text: str, expected: int = 1) -> bool:
        fields: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return await self.step(self.person.message_update(**fields), expected)

    # ----- forms: every update waits for the screen the next one needs ------------------------------------------
    async def expect(self, what: str, update: dict[str, Any], match: Callable[[Sent], Any],
                     retry_alerts: tuple[dict[str, str], ...] = (), refuse_alerts: tuple[dict[str, str], ...] = ()
                     ) -> Any:
        """Push ``update``; return what ``match`` found in the bot's answer. Raises FlowFailed: refused=True for
        an alert in ``refuse_alerts`` (someone was faster); an alert in ``retry_alerts`` waits on for a screen."""
        await self.think(update)
        chat = self.person.chat_id
        start = len(self.tg.screens[chat])
        query_id = update["callback_query"]["id"] if "callback_query" in update else None
        if query_id:
            self.tg.query_chat[query_id] = chat
        started = time.perf_counter()
        await self.tg.push(update)
        kind, found = await self.tg.wait_screen(chat, start, match, query_id, True, STEP_TIMEOUT)
        if kind == "alert" and any(found == a[self.lang] for a in retry_alerts):
            left = STEP_TIMEOUT - (time.perf_counter() - started)
            kind, found = await self.tg.wait_screen(chat, start, match, None, False, max(left, 0.1))
        self.stats.updates += 1
        if kind == "match":
            self.stats.latencies.append(time.perf_counter() - started)
            return found
        if kind == "alert" and (any(found == a[self.lang] for a in refuse_alerts) or CLASH.search(str(found))):
            self.stats.latencies.append(time.perf_counter() - started)
            raise FlowFailed(f"{what}: {found}", refused=True)
        raise FlowFailed(f"{what}: {kind}" + (f" {str(found)[:120]!r}" if found else ""))

    async def type(self, what: str, text: str, match: Callable[[Sent], Any]) -> Any:
        return await self.expect(what, self.person.message_update(text=text), match)

    async def press(self, what: str, screen: Sent, button: dict[str, Any] | None, match: Callable[[Sent], Any],
                    **alerts: Any) -> Any:
        """A button of ``screen``: inline buttons send their callback data, reply buttons their text."""
        if button is None:
            raise FlowFailed(f"{what}: no such button in {[b.get('text') for b in buttons(screen)]}")
        if "callback_data" in button:
            return await self.expect(what, self.person.callback_update(screen, button["callback_data"]), match,
                                     **alerts)
        return await self.type(what, button["text"], match)

    async def share_contact(self, what: str, phone: str, match: Callable[[Sent], Any]) -> Any:
        contact = {"phone_number": phone, "first_name": self.person.first_name, "user_id": self.person.id}
        return await self.expect(what, self.person.message_update(contact=contact), match)

    def phone(self) -> tuple[str, str]:
        """This citizen's number: as a shared contact sends it, and as people type it."""
        digits = f"7701{self.index:07d}"
        return digits, f"8 ({digits[1:4]}) {digits[4:7]}-{digits[7:9]}-{digits[9:]}"


class Stats:
    def __init__(self) -> None:
        self.updates = 0
        self.planned = 0  # updates of the steps started
        self.last_start: tuple[float, int] | None = None  # (when, updates handled) as the last step started
        self.timeouts = 0
        self.latencies: list[float] = []
        self.steps: dict[str, int] = defaultdict(int)
        self.flows: dict[str, list[float]] = defaultdict(list)  # kind -> durations of completed flows
        self.started: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()  # the bot rightly said no (a place taken meanwhile)
        self.failures: Counter[str] = Counter()  # an expected reply missing: errors
        self.tickets: set[str] = set()
        self.paths: Counter[str] = Counter()  # the branches the forms took


# ----- what a screen shows ----------------------------------------------------------------------------------------


def buttons(screen: Sent) -> list[dict[str, Any]]:
    markup = screen.reply_markup or {}
    rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
    return [b if isinstance(b, dict) else {"text": str(b)} for row in rows for b in row]


def labelled(screen: Sent, label: str) -> dict[str, Any] | None:
    found = [b for b in buttons(screen) if label in b.get("text", "")]
    return found[0] if len(found) == 1 else None


def data_buttons(screen: Sent, prefix: str) -> list[dict[str, Any]]:
    return [b for b in buttons(screen) if str(b.get("callback_data", "")).startswith(prefix)]


def with_label(label: str) -> Callable[[Sent], Sent | None]:
    return lambda s: s if labelled(s, label) else None


def with_data(prefix: str) -> Callable[[Sent], Sent | None]:
    return lambda s: s if data_buttons(s, prefix) else None


def with_text(fragment: str) -> Callable[[Sent], Sent | None]:
    return lambda s: s if fragment in (s.text or "") else None


def reply_keyboard(screen: Sent) -> bool:
    return bool(screen.reply_markup and "keyboard" in screen.reply_markup)


# ----- scenarios: one step each, returning when the bot has answered -------------------------------------------


async def step_question(user: User, questions: list[str]) -> None:
    await user.send(user.rng.choice(questions))


async def step_menu(user: User, questions: list[str]) -> None:
    """Tap the results menu button, then a topic button (an inline callback: answer + edit)."""
    if not await user.send(MENU[user.lang]):
        return
    menu = user.tg.last_sent(user.person.chat_id)
    if menu is None or not menu.is_inline:
        return
    button = user.rng.choice([b for row in menu.reply_markup["inline_keyboard"] for b in row])  # type: ignore[index]
    await user.step(user.person.callback_update(menu, button["callback_data"]), expected=2)


async def step_language(user: User, questions: list[str]) -> None:
    if not await user.send("/language"):
        return
    chooser = user.tg.last_sent(user.person.chat_id)
    if chooser is None or not chooser.is_inline:
        return
    user.lang = "ru" if user.lang == "kk" else "kk"
    data = f"lang:{user.lang}"
    await user.step(user.person.callback_update(chooser, data), expected=2)


async def step_start(user: User, questions: list[str]) -> None:
    await user.send(user.rng.choice(["/start", "/help", "/menu"]))


async def step_mydata(user: User, questions: list[str]) -> None:
    await user.send("/mydata")


async def step_mybookings(user: User, questions: list[str]) -> None:
    await user.send("/mybookings")


async def step_sticker(user: User, questions: list[str]) -> None:
    await user.step(user.person.message_update(sticker=STICKER))


async def flow(kind: str, user: User, body: Callable[[], Awaitable[None]]) -> None:
    """Run a whole form; a failure leaves the citizen at the main menu again (/cancel) for the next step."""
    user.stats.started[kind] += 1
    started = time.perf_counter()
    try:
        await body()
    except FlowFailed as failed:
        (user.stats.refused if failed.refused else user.stats.failures)[f"{kind}: {failed}"] += 1
        await user.send("/cancel")
        return
    user.stats.flows[kind].append(time.perf_counter() - started)


async def step_booking(user: User, questions: list[str]) -> None:
    """⚖️ -> 📝 book -> district -> date -> reception / time -> (consent) -> name -> phone -> question -> confirm."""
    lang, rng = user.lang, user.rng

    def name_prompt(s: Sent) -> Sent | None:
        return s if reply_keyboard(s) and "👤" in (s.text or "") else None

    def form_start(s: Sent) -> tuple[str, Sent] | None:  # after choosing the reception / time
        if data_buttons(s, "consent:yes:booking:"):
            return "consent", s
        return ("name", s) if name_prompt(s) else None

    async def choose_time(screen: Sent, what: str, after: Callable[[Sent], Any]) -> Any:
        """A time on a screen of free times; one someone else just took: the bot shows the free times again."""
        for attempt in range(3):
            def after_slot(s: Sent, shown: Sent = screen) -> Any:
                return after(s) or (("times", s) if s is not shown and data_buttons(s, "lgt:") else None)

            found = await user.press(f"{what} (attempt {attempt + 1})", screen,
                                     rng.choice(data_buttons(screen, "lgt:")), after_slot,
                                     retry_alerts=(SLOT_TAKEN,), refuse_alerts=tuple(RACE_ALERTS[:2]))
            if not (isinstance(found, tuple) and found[0] == "times"):
                return found
            user.stats.paths["booking: time taken, chosen again"] += 1
            screen = found[1]
        raise FlowFailed(f"{what}: every time chosen was taken", refused=True)

    def summary(s: Sent) -> Sent | None:  # "confirm", or "join the waitlist" when it filled up meanwhile
        return s if labelled(s, CONFIRM[lang]) or labelled(s, JOIN_WAITLIST[lang]) else None

    async def confirm(screen: Sent) -> None:
        for attempt in range(3):
            if not labelled(screen, CONFIRM[lang]):
                raise FlowFailed("summary: the reception filled up, waitlist offered", refused=True)

            def confirmed(s: Sent, shown: Sent = screen) -> tuple[str, Sent] | None:
                if BOOKED[lang] in (s.text or ""):
                    return "booked", s
                if FULL[lang] in (s.text or ""):
                    return "full", s
                return ("times", s) if s is shown and data_buttons(s, "lgt:") else None

            outcome, shown = await user.press(f"confirm (attempt {attempt + 1})", screen,
                                              labelled(screen, CONFIRM[lang]), confirmed)
            if outcome == "booked":
                return
            if outcome == "full":
                raise FlowFailed("confirm: the reception filled up meanwhile", refused=True)
            user.stats.paths["booking: time taken before confirming, chosen again"] += 1
            screen = await choose_time(shown, "another time", summary)  # the time was taken: the summary again
        raise FlowFailed("confirm: every time chosen was taken", refused=True)

    async def body() -> None:
        menu = await user.type("legal-help menu", LEGAL[lang], with_label(BOOK[lang]))
        screen = await user.press("book", menu, labelled(menu, BOOK[lang]),
                                  lambda s: s if data_buttons(s, "lgd:") or data_buttons(s, "lg:schedule") else None)
        if not data_buttons(screen, "lgd:"):
            raise FlowFailed("book: no free places anywhere", refused=True)
        screen = await user.press("district", screen, rng.choice(data_buttons(screen, "lgd:")),
                                  lambda s: s if data_buttons(s, "lgday:") or data_buttons(s, "lg:schedule") else None)
        days = [b for b in data_buttons(screen, "lgday:")
                if tuple(b["callback_data"].split(":")[1:]) not in user.booked_days]
        if not days:
            raise FlowFailed("date: no free date left in the district", refused=True)
        day = rng.choice(days)
        _, district, date = day["callback_data"].split(":")
        district_day = (district, date)

        def chosen(s: Sent) -> tuple[str, Sent] | None:
            if data_buttons(s, "lgs:"):
                return "receptions", s
            if data_buttons(s, "lgt:"):
                return "times", s
            return form_start(s)

        step, screen = await user.press("date", screen, day, chosen, refuse_alerts=tuple(RACE_ALERTS[:1]))
        user.stats.paths[f"booking: {step}"] += 1
        if step == "receptions":  # two venues that day: choose the place
            step, screen = await user.press("reception", screen, rng.choice(data_buttons(screen, "lgs:")), chosen,
                                            refuse_alerts=tuple(RACE_ALERTS[:2]))
        if step == "times":
            step, screen = await choose_time(screen, "time", form_start)
        if step == "consent":
            user.stats.paths["booking: consent asked"] += 1
            await user.press("consent", screen, labelled(screen, AGREE[lang]), name_prompt)
        await user.type("name", rng.choice(NAMES[lang]),
                        lambda s: s if any(b.get("request_contact") for b in buttons(s)) else None)
        contact, typed = user.phone()
        asked = with_label(SKIP[lang])
        if rng.random() < 0.6:
            await user.share_contact("phone (contact)", contact, asked)
        else:
            await user.type("phone (typed)", typed, asked)

        question = BOOKING_QUESTION[lang] if rng.random() < 0.4 else SKIP[lang]
        await confirm(await user.type("question", question, summary))
        user.active_bookings += 1
        user.booked_days.add(district_day)

    await flow("booking", user, body)


async def step_appeal(user: User, questions: list[str]) -> None:
    """📝 -> write -> category -> district -> text -> no files -> (consent) -> name -> phone -> address -> submit."""
    lang, rng, words = user.lang, user.rng, APPEAL[user.lang]

    def consent_or_name(s: Sent) -> tuple[str, Sent] | None:
        if labelled(s, words["agree"]):
            return "consent", s
        return ("name", s) if STEP[lang].format(5) in (s.text or "") else None

    async def body() -> None:
        screen = await user.type("reception menu", words["reception"], with_label(words["write"]))
        screen = await user.press("write", screen, labelled(screen, words["write"]),
                                  with_data("apf:category:"))
        screen = await user.press("category", screen, rng.choice(data_buttons(screen, "apf:category:")),
                                  with_data("apf:district:"))
        await user.press("district", screen, rng.choice(data_buttons(screen, "apf:district:")),
                         with_text(STEP[lang].format(3)))
        screen = await user.type("text", rng.choice(APPEAL_TEXTS[lang]), with_label(words["skip_files"]))
        step, screen = await user.press("no files", screen, labelled(screen, words["skip_files"]),
                                        consent_or_name)
        if step == "consent":
            user.stats.paths["appeal: consent asked"] += 1
            await user.press("consent", screen, labelled(screen, words["agree"]),
                             with_text(STEP[lang].format(5)))
        await user.type("name", rng.choice(NAMES[lang]), with_text(STEP[lang].format(6)))
        contact, typed = user.phone()
        address_step = with_text(STEP[lang].format(7))
        if rng.random() < 0.5:
            screen = await user.share_contact("phone (contact)", contact, address_step)
        else:
            screen = await user.type("phone (typed)", typed, address_step)
        review = with_data("aps:")
        if rng.random() < 0.3:
            screen = await user.type("address", ADDRESS[lang], review)
        else:
            screen = await user.press("no address", screen, labelled(screen, words["skip"]), review)
        receipt = await user.press("submit", screen, data_buttons(screen, "aps:")[0], with_text(words["received"]))
        ticket = TICKET.search(receipt.text or "")
        if ticket is None:
            raise FlowFailed("submit: no ticket number in the receipt")
        user.stats.tickets.add(ticket.group(0))

    await flow("appeal", user, body)


Scenario = Callable[[User, list[str]], Awaitable[None]]
# name: (step, weight, updates it sends: a run starts no step that would take it past --updates)
SCENARIOS: dict[str, tuple[Scenario, int, int]] = {
    "question": (step_question, 45, 1),
    "menu": (step_menu, 20, 2),
    "language": (step_language, 8, 2),
    "start/help/menu": (step_start, 15, 1),
    "mydata": (step_mydata, 5, 1),
    "mybookings": (step_mybookings, 2, 1),
    "sticker": (step_sticker, 7, 1),
    "booking": (step_booking, 5, 10),  # a whole booking: 9 to 11 updates
    "appeal": (step_appeal, 5, 10),  # a whole appeal: 10 or 11 updates
}


def questions() -> list[str]:
    found: list[str] = []
    for path in sorted((ROOT / "tests" / "qa").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        found += [q["text"] for q in data.get("q", [])] + [q["text"] for q in data.get("unrelated", [])]
    return found or ["Сколько школ построили?", "Ауылдар қанша пайыз газбен қамтылды?"]


async def make_schedule(db_path: Path, days: int) -> tuple[int, int]:
    """Sessions at every venue on ``days`` working days from the day after tomorrow (no reminder falls due
    during the run), through ReceptionService as staff would add them; alternately places and timed slots.
    Returns (sessions, places)."""
    db = await Database.open(db_path)
    try:
        service = ReceptionService(db, RoleService(db, [ADMIN_ID]))
        await service.load_places(ROOT / "data")
        now = datetime.now(UTC)
        today = now.astimezone(LOCAL_TZ).date()
        sessions = places = 0
        for n in range(2, days + 2):
            day = working_day(today, n)
            for i, venue in enumerate(await service.venues()):
                timed = (i + n) % 2 == 0
                draft = SessionDraft(venue.id, local_moment(day, clock_time(10)), local_moment(day, clock_time(13)),
                                     "housing", places=None if timed else PLACES,
                                     slot_minutes=SLOT_MINUTES if timed else None)
                try:
                    session = await service.create_session(ADMIN_ID, draft, now)
                except ReceptionError:  # a grown database (--db) may already hold a session then: keep it
                    continue
                sessions += 1
                places += session.capacity
        return sessions, places
    finally:
        await db.close()


def inspect(workdir: Path) -> dict[str, Any]:
    """Database size, integrity, users, bookings and appeals; the bot's log."""
    db_size = sum(p.stat().st_size for p in workdir.glob("soak.sqlite3*"))
    conn = sqlite3.connect(workdir / "soak.sqlite3")
    try:
        def count(sql: str) -> int:
            return int(conn.execute(sql).fetchone()[0])

        found = {
            "integrity": str(conn.execute("PRAGMA integrity_check").fetchone()[0]),
            "users": count("SELECT count(*) FROM users"),
            "bookings": count("SELECT count(*) FROM rc_bookings WHERE status = 'booked'"),
            "booking_rows": count("SELECT count(*) FROM rc_bookings"),
            "waitlist": count("SELECT count(*) FROM rc_waitlist"),
            "appeals": count("SELECT count(*) FROM appeals"),
            "tickets": {str(r[0]) for r in conn.execute("SELECT ticket FROM appeals")},
        }
    finally:
        conn.close()
    log = workdir / "bot.log"
    return {**found, "size": db_size, "log": log.read_text(errors="replace") if log.exists() else ""}


async def start_bot(tg: SoakTelegram, workdir: Path) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("BOT_", "TELEGRAM_", "DATABASE_", "WEBHOOK_", "APPEAL_", "RECEPTION_"))}
    env.update(
        BOT_TOKEN=tg.token, TELEGRAM_API_URL=tg.base_url, DATABASE_PATH=str(workdir / "soak.sqlite3"),
        DATA_DIR=str(ROOT / "data"), LOCALES_DIR=str(ROOT / "locales"), STAFF_CHAT_ID=str(STAFF_CHAT_ID),
        FLOOD_MESSAGES="10000", LOG_LEVEL="WARNING", APPEAL_DAILY_LIMIT="100000",
    )
    log = (workdir / "bot.log").open("wb")
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", env=env, cwd=str(ROOT), stdout=log, stderr=asyncio.subprocess.STDOUT
    )


async def run(users: int, updates: int, seed: int, rate: float | None, db_file: Path | None = None,
              minutes: float | None = None) -> None:
    if minutes is not None:
        if not rate:
            raise SystemExit("--minutes needs --rate")
        updates = int(rate * minutes * 60)
    rng = random.Random(seed)
    texts = questions()
    names, weights = zip(*((name, w) for name, (_, w, _) in SCENARIOS.items()), strict=True)
    tg = SoakTelegram()
    await tg.start()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if db_file is not None:  # a grown database: what this run adds is counted against what it held
            shutil.copyfile(db_file, workdir / "soak.sqlite3")
        # about one booking per 45 updates: 3 to 4 times the places needed, so that few citizens find it full
        schedule = await make_schedule(workdir / "soak.sqlite3", 5 + updates // 4000)
        before = inspect(workdir) if db_file is not None else None
        proc = await start_bot(tg, workdir)
        stats = Stats()
        samples: list[tuple[float, int]] = []
        child_samples: list[int] = []  # the bot's search process (bot.services.search_process), when it runs one

        async def sample_rss() -> None:
            while True:
                value = status_kib(proc.pid, "VmRSS")
                if value is not None:
                    samples.append((time.perf_counter(), value))
                kids = [status_kib(kid, "VmRSS") for kid in children(proc.pid)]
                if kids:
                    child_samples.append(sum(k or 0 for k in kids))
                await asyncio.sleep(5)

        sampler = asyncio.create_task(sample_rss())
        child_peak = 0
        try:
            warm = User(tg, Person(tg, 999, "Warm", "kk"), rng, Stats())
            t0 = time.perf_counter()
            if not await warm.send("/start"):
                raise SystemExit("the bot did not start: see its log")
            startup = time.perf_counter() - t0
            people = [
                User(tg, Person(tg, 2_000_000 + i, f"Citizen{i}", rng.choice(["kk", "kk", "ru", "en"])),
                     random.Random(seed * 1000 + i), stats, i, users / rate if rate else None)
                for i in range(users)
            ]

            async def citizen(user: User) -> None:
                while stats.planned < updates:
                    name = user.rng.choices(names, weights)[0]
                    if name == "booking" and user.active_bookings >= MAX_ACTIVE_BOOKINGS:
                        name = "mybookings"  # the most one may hold: they look at their bookings instead
                    step, _, size = SCENARIOS[name]
                    stats.planned += size
                    if stats.planned >= updates and stats.last_start is None:
                        stats.last_start = (time.perf_counter(), stats.updates)
                    stats.steps[name] += 1
                    await step(user, texts)

            started = time.perf_counter()
            await asyncio.gather(*(citizen(u) for u in people))
            elapsed = time.perf_counter() - started
            peak = status_kib(proc.pid, "VmHWM")
            child_peak = sum(status_kib(kid, "VmHWM") or 0 for kid in children(proc.pid))
        finally:
            sampler.cancel()
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    code = await asyncio.wait_for(proc.wait(), 30)
                except TimeoutError:
                    proc.kill()
                    code = await proc.wait()
            else:
                code = proc.returncode
            await tg.stop()
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak = peak or usage.ru_maxrss  # ru_maxrss: KiB on Linux
        db = inspect(workdir)
    if before is not None:  # only what this run added
        db["bookings"] -= before["bookings"]
        db["booking_rows"] -= before["booking_rows"]
        db["waitlist"] -= before["waitlist"]
        db["appeals"] -= before["appeals"]
        db["tickets"] = db["tickets"] - before["tickets"]

    apologies = sum(1 for s in tg.sent if any(a in (s.text or "") for a in APOLOGIES))
    staff = [s for s in tg.sent if s.chat_id == STAFF_CHAT_ID]
    cards = {t.group(0) for s in staff if s.is_inline and (t := TICKET.search(s.text or ""))}
    # error alerts (the error handler's "⚠️ …"); a grown database's daily digest of overdue appeals is no error
    others = [s for s in staff if not (s.is_inline and TICKET.search(s.text or ""))]
    alerts = len([s for s in others if (s.text or "").startswith("⚠️")])
    lat = sorted(stats.latencies)

    def pct(p: float, values: list[float] = lat, scale: float = 1000) -> float:
        return values[min(len(values) - 1, int(p * len(values)))] * scale if values else float("nan")

    booked, filed = len(stats.flows["booking"]), len(stats.flows["appeal"])
    mismatches = abs(db["bookings"] - booked) + len(db["tickets"] ^ stats.tickets) + len(stats.tickets - cards)
    failures = sum(stats.failures.values())
    load = f"offered about {rate:.0f} updates/s" if rate else "each citizen sends as soon as answered"
    print(f"soak: {users} users, {stats.updates} updates in {elapsed:.1f} s ({load}; seed {seed}); bot started "
          f"in {startup:.1f} s; schedule: {schedule[0]} sessions, {schedule[1]} places")
    print("  mix: " + ", ".join(f"{name} {count}" for name, count in sorted(stats.steps.items())))
    print("  form branches: " + ", ".join(f"{name} {count}" for name, count in sorted(stats.paths.items())))
    last_at, last_count = stats.last_start or (started + elapsed, stats.updates)
    print(f"throughput: {stats.updates / elapsed:.0f} updates/s ({last_count / max(last_at - started, 1e-9):.0f} "
          f"updates/s until the last step started; the forms under way then finished in "
          f"{started + elapsed - last_at:.1f} s)")
    print(f"latency (update pushed -> answer sent): p50 {pct(0.50):.0f} ms, p95 {pct(0.95):.0f} ms, "
          f"p99 {pct(0.99):.0f} ms, max {pct(1.0):.0f} ms")
    for kind in ("booking", "appeal"):
        done = sorted(stats.flows[kind])
        took = (f"p50 {pct(0.50, done, 1):.1f} s, p95 {pct(0.95, done, 1):.1f} s, max {pct(1.0, done, 1):.1f} s"
                if done else "none completed")
        print(f"{kind} flow, start to {'confirmation' if kind == 'booking' else 'receipt'}: {took}")
    errors = stats.timeouts + failures + apologies + alerts + tg.refused + mismatches
    print(f"kinds: questions {stats.steps['question']}, menus {stats.steps['menu']}, bookings completed {booked} "
          f"(of {stats.started['booking']} started, {sum(v for k, v in stats.refused.items() if 'booking' in k)} "
          f"refused: taken meanwhile or the same day in another town), appeals filed {filed} "
          f"(of {stats.started['appeal']} started), "
          f"errors {errors}")
    print(f"errors: {errors} (unanswered {stats.timeouts}, forms failed {failures}, apologies {apologies}, staff "
          f"error alerts {alerts} (other staff-chat messages: {len(others) - alerts}), Bot API calls refused "
          f"{tg.refused}, database/staff-chat mismatches {mismatches}); "
          f"tracebacks in the bot's log: {db['log'].count('Traceback')}")
    for reason, count in (stats.failures + stats.refused).most_common(8):
        print(f"  {'refused' if reason in stats.refused else 'FAILED'} x{count}: {reason}")
    print(f"bot peak memory: {peak / 1024:.0f} MiB RSS; CPU {usage.ru_utime + usage.ru_stime:.1f} s (with its search "
          f"process); exit code {code} after SIGTERM")
    if child_samples:
        print(f"its search process: peak {child_peak / 1024:.0f} MiB RSS; over the run "
              f"{child_samples[0] / 1024:.0f} -> {child_samples[-1] / 1024:.0f} MiB")
    if samples:
        end = samples[-1][0]
        window = [kib for at, kib in samples if at >= end - 300]
        print(f"RSS over the run: start {samples[0][1] / 1024:.0f} MiB, end {samples[-1][1] / 1024:.0f} MiB; "
              f"last 5 minutes ({len(window)} samples): {window[0] / 1024:.0f} -> {window[-1] / 1024:.0f} MiB "
              f"(min {min(window) / 1024:.0f}, max {max(window) / 1024:.0f})")
    print(f"database: {db['size'] / 1024:.0f} KiB, {db['users']} users, integrity {db['integrity']}; "
          f"{db['bookings']} bookings (completed {booked}; rows {db['booking_rows']}, waitlist {db['waitlist']}), "
          f"{db['appeals']} appeals (filed {filed}; cards in the staff chat {len(cards & stats.tickets)})"
          + ("" if not mismatches else " MISMATCH"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--updates", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=float, default=None,
                        help="offered load in updates/s (citizens pause between steps); default: as fast as answered")
    parser.add_argument("--db", type=Path, default=None, help="start from a copy of this database (grown_db.py's)")
    parser.add_argument("--minutes", type=float, default=None, help="run this long at --rate (instead of --updates)")
    args = parser.parse_args()
    asyncio.run(run(args.users, args.updates, args.seed, args.rate, args.db, args.minutes))


if __name__ == "__main__":
    main()
