"""Public-reception appeals: filing, the thread between citizen and staff, statuses, deadlines, export, limits,
blocking, the audit log and personal-data erasure.

Plain Python: no aiogram. Handlers render; this module decides. Every staff action checks the role here too
(``NotStaff``), every citizen action checks ownership (``NotFound`` for someone else's appeal, the same answer
as for an appeal that does not exist).
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from bot.clock import LOCAL_TZ, Clock, from_utc_iso, to_utc_iso
from bot.db.database import Database, Tx
from bot.services.roles import ADMIN, RoleService
from bot.services.workdays import WorkCalendar

CATEGORIES = (
    "housing", "utilities", "land", "roads", "social", "health", "education", "employment", "legal", "other",
)
NEW, IN_PROGRESS, ANSWERED, FORWARDED, REJECTED = "new", "in_progress", "answered", "forwarded", "rejected"
STATUSES = (NEW, IN_PROGRESS, ANSWERED, FORWARDED, REJECTED)
OPEN_STATUSES = frozenset({NEW, IN_PROGRESS})
CLOSED_STATUSES = frozenset({ANSWERED, FORWARDED, REJECTED})
NOTE_REQUIRED = frozenset({FORWARDED, REJECTED})  # the reason / the state body the appeal went to
# Rejection reasons staff pick from a list: stored as a code, so that each reader (the citizen, a staff chat)
# sees it in their own language (bot/handlers/appeals/texts.py has the wording).
REJECT_REASONS = ("competence", "duplicate", "details", "court")

TEXT_MIN, TEXT_MAX = 10, 4000
NAME_MIN, NAME_MAX = 2, 100
ADDRESS_MAX = 300
NOTE_MAX = 1000
COMMENT_MAX = 1000
MAX_ATTACHMENTS = 5
ATTACHMENT_KINDS = frozenset({"photo", "document"})

# Staff-chat messages that show personal data and are redacted after /forget (prompts and staff notes are not).
REDACTED_PURPOSES = ("card", "post")
REDACTION_ATTEMPTS = 10  # then the message is given up (logged): about 20 hours of back-off in all
REDACTION_MAX_DELAY = timedelta(hours=6)

TICKET_RE = re.compile(r"^\s*[AaАа]?\s*-?\s*(\d{4})\s*-\s*(\d{1,7})\s*$")


class AppealError(Exception):
    """A refused action; ``code`` says why (the handler turns it into a polite message)."""

    code = "error"


class NotStaff(AppealError):
    code = "not_staff"


class NotFound(AppealError):
    code = "not_found"


class NotOpen(AppealError):
    code = "not_open"


class Invalid(AppealError):
    code = "invalid"


# ----- validation (shared by the form and the service) ------------------------------------------------------
def text_problem(text: str | None) -> str | None:
    """None when ``text`` is a valid appeal text, else "empty" | "short" | "long"."""
    stripped = (text or "").strip()
    if not stripped:
        return "empty"
    if len(stripped) < TEXT_MIN:
        return "short"
    if len(stripped) > TEXT_MAX:
        return "long"
    return None


def normalise_contact_phone(phone: str) -> str:
    """A phone number from a shared Telegram contact: digits with a leading +."""
    digits = re.sub(r"\D", "", phone)
    return "+" + digits if digits else ""


def name_problem(text: str | None) -> str | None:
    stripped = (text or "").strip()
    if len(stripped) < NAME_MIN:
        return "short"
    if len(stripped) > NAME_MAX:
        return "long"
    if not any(ch.isalpha() for ch in stripped) or any(ch.isdigit() for ch in stripped):
        return "letters"
    return None


def parse_ticket(text: str) -> tuple[int, int] | None:
    """"A-2025-00042", "а-2025-42" (Cyrillic а), "2025-00042" -> (2025, 42)."""
    match = TICKET_RE.match(text)
    return (int(match.group(1)), int(match.group(2))) if match else None


def format_ticket(year: int, number: int) -> str:
    return f"A-{year}-{number:05d}"


# ----- data --------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Attachment:
    kind: str  # "photo" | "document"
    file_id: str


@dataclass
class Draft:
    user_id: int
    language: str
    category: str
    district: str
    text: str
    name: str
    phone: str
    address: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    source: str = "form"
    location: tuple[float, float] | None = None  # a Telegram location pin: (latitude, longitude)


@dataclass
class Appeal:
    id: int
    ticket: str
    user_id: int | None
    language: str
    citizen_language: str  # the citizen's current language (users.language), for notifications
    category: str
    district: str
    text: str
    name: str
    phone: str
    address: str | None
    source: str
    status: str
    status_note: str | None
    assignee_id: int | None
    created_at: datetime
    updated_at: datetime
    due_date: date
    closed_at: datetime | None
    posted_at: datetime | None
    rating: int | None
    rating_comment: str | None
    anonymised: bool
    username: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    erased_by: str | None = None  # anonymised: "citizen" (/forget) | "retention" | None (before this was kept)
    status_reason: str | None = None  # rejected with a reason from the list (REJECT_REASONS); else status_note
    location: tuple[float, float] | None = None  # the citizen's location pin (latitude, longitude)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass(frozen=True, slots=True)
class Redaction:
    """A staff-chat message that showed an erased citizen's personal data and is still to be redacted."""

    chat_id: int
    message_id: int
    appeal_id: int
    purpose: str  # "card" | "post"
    kind: str  # "text" | "media"
    attempts: int


@dataclass(frozen=True, slots=True)
class HistoryItem:
    at: datetime
    kind: str  # submitted | taken | status | rated | citizen | staff
    status: str | None = None
    note: str | None = None
    text: str | None = None
    attachments: int = 0
    reason: str | None = None  # a status with a reason from the list (REJECT_REASONS)


@dataclass(frozen=True, slots=True)
class SubmitResult:
    appeal: Appeal | None
    created: bool
    refused: str | None = None  # "blocked" | "limit" | None


@dataclass(frozen=True, slots=True)
class Change:
    appeal: Appeal
    changed: bool
    previous_status: str | None = None


@dataclass(frozen=True, slots=True)
class Filters:
    status: str | None = None
    category: str | None = None
    district: str | None = None
    overdue: bool = False


_SELECT = (
    "SELECT a.id, a.ticket, a.user_id, a.language, COALESCE(u.language, a.language), a.category, a.district, "
    "a.text, a.name, a.phone, a.address, a.source, a.status, a.status_note, a.assignee_id, a.created_at, "
    "a.updated_at, a.due_date, a.closed_at, a.posted_at, a.rating, a.rating_comment, a.anonymised_at, "
    "u.username, a.erased_by, a.status_reason, a.latitude, a.longitude "
    "FROM appeals a LEFT JOIN users u ON u.id = a.user_id "
)


def _appeal(row: Any, attachments: list[Attachment] | None = None) -> Appeal:
    return Appeal(
        id=row[0], ticket=row[1], user_id=row[2], language=row[3], citizen_language=row[4], category=row[5],
        district=row[6], text=row[7], name=row[8], phone=row[9], address=row[10], source=row[11],
        status=row[12], status_note=row[13], assignee_id=row[14], created_at=from_utc_iso(row[15]),
        updated_at=from_utc_iso(row[16]), due_date=date.fromisoformat(row[17]),
        closed_at=from_utc_iso(row[18]) if row[18] else None, posted_at=from_utc_iso(row[19]) if row[19] else None,
        rating=row[20], rating_comment=row[21], anonymised=row[22] is not None, username=row[23],
        attachments=attachments or [], erased_by=row[24], status_reason=row[25],
        location=(float(row[26]), float(row[27])) if row[26] is not None and row[27] is not None else None,
    )


@dataclass(frozen=True, slots=True)
class ExportedAppeal:
    """One appeal as the branch's report (/appeals_export) has it: only the columns it shows, read without the
    join and the columns an Appeal needs, so a month of a busy branch loads in well under 200 ms
    (bench/grown_db.py)."""

    ticket: str
    created_at: datetime
    status: str
    category: str
    district: str
    name: str | None
    phone: str | None
    address: str | None
    text: str
    assignee_id: int | None
    due_date: date
    closed_at: datetime | None
    rating: int | None
    rating_comment: str | None
    source: str


_EXPORT_SELECT = (
    "SELECT ticket, created_at, status, category, district, name, phone, address, text, assignee_id, due_date, "
    "closed_at, rating, rating_comment, source FROM appeals "
    "WHERE created_at >= ? AND created_at < ? ORDER BY id"
)


def local_day_start(moment: datetime) -> datetime:
    """The UTC moment of the local (Kyzylorda) midnight that starts ``moment``'s day."""
    local = moment.astimezone(LOCAL_TZ)
    return datetime.combine(local.date(), time(0), tzinfo=LOCAL_TZ).astimezone(UTC)


class AppealService:
    def __init__(
        self,
        db: Database,
        roles: RoleService,
        calendar: WorkCalendar,
        clock: Clock,
        *,
        deadline_days: int = 15,
        daily_limit: int = 3,
        soon_days: int = 2,
    ) -> None:
        self.db = db
        self.roles = roles
        self.calendar = calendar
        self.clock = clock
        self.deadline_days = deadline_days
        self.daily_limit = daily_limit
        self.soon_days = soon_days
        # District staff (issue 15): the districts a staff member is limited to (empty: the whole region); set by
        # the appeals' setup from bot.services.routing. Administrators are never limited.
        self.district_scope: Callable[[int], Awaitable[frozenset[str]]] | None = None

    async def scope_of(self, user_id: int) -> frozenset[str] | None:
        """The districts whose appeals ``user_id`` may see and act on; None: all of them."""
        if self.district_scope is None or await self.roles.has(user_id, ADMIN):
            return None
        return await self.district_scope(user_id) or None

    async def may_handle(self, user_id: int, appeal: Appeal) -> bool:
        scope = await self.scope_of(user_id)
        return scope is None or appeal.district in scope

    async def _require_district(self, staff_id: int, appeal_id: int) -> None:
        """Raises NotStaff when the appeal is of a district ``staff_id`` is not granted."""
        scope = await self.scope_of(staff_id)
        if scope is None:
            return
        district = await self.db.fetchval("SELECT district FROM appeals WHERE id = ?", (appeal_id,))
        if district is not None and district not in scope:
            raise NotStaff()

    # ----- helpers --------------------------------------------------------------------------------------------
    def _now(self) -> str:
        return to_utc_iso(self.clock.now())

    def today(self) -> date:
        return self.clock.now().astimezone(LOCAL_TZ).date()

    def due_date_for(self, created: datetime) -> date:
        return self.calendar.add_working_days(created.astimezone(LOCAL_TZ).date(), self.deadline_days)

    async def require_staff(self, actor_id: int, *roles: str) -> None:
        """Raises NotStaff unless ``actor_id`` has one of ``roles`` (any staff role when none are named)."""
        if not await self.roles.has(actor_id, *roles):
            raise NotStaff()

    @staticmethod
    async def _audit(
        tx: Tx, at: str, actor_id: int, action: str, appeal_id: int | None = None,
        target_user_id: int | None = None, details: str | None = None,
    ) -> None:
        await tx.execute(
            "INSERT INTO appeal_audit (at, actor_id, action, appeal_id, target_user_id, details) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (at, actor_id, action, appeal_id, target_user_id, details),
        )

    async def _load(self, where: str, params: Sequence[Any]) -> list[Appeal]:
        rows = await self.db.fetchall(_SELECT + where, params)
        if not rows:
            return []
        ids = [r[0] for r in rows]
        marks = ",".join("?" * len(ids))
        files = await self.db.fetchall(
            f"SELECT appeal_id, kind, file_id FROM appeal_attachments WHERE appeal_id IN ({marks}) "
            "AND message_id IS NULL ORDER BY appeal_id, position",
            ids,
        )
        by_appeal: dict[int, list[Attachment]] = {}
        for f in files:
            by_appeal.setdefault(f[0], []).append(Attachment(f[1], f[2]))
        return [_appeal(r, by_appeal.get(r[0])) for r in rows]

    async def get(self, appeal_id: int) -> Appeal | None:
        found = await self._load("WHERE a.id = ?", (appeal_id,))
        return found[0] if found else None

    async def by_key(self, key: str) -> Appeal | None:
        found = await self._load("WHERE a.submission_key = ?", (key,))
        return found[0] if found else None

    async def by_ticket(self, text: str) -> Appeal | None:
        parsed = parse_ticket(text)
        if parsed is None:
            return None
        found = await self._load("WHERE a.ticket = ?", (format_ticket(*parsed),))
        return found[0] if found else None

    async def for_citizen(self, appeal_id: int, user_id: int) -> Appeal | None:
        """The appeal if it is ``user_id``'s own; None for another citizen's appeal or none at all."""
        found = await self._load("WHERE a.id = ? AND a.user_id = ?", (appeal_id, user_id))
        return found[0] if found else None

    async def list_for_citizen(self, user_id: int, limit: int = 20) -> list[Appeal]:
        return await self._load("WHERE a.user_id = ? ORDER BY a.id DESC LIMIT ?", (user_id, limit))

    # ----- filing -----------------------------------------------------------------------------------------------
    @staticmethod
    def new_submission_key() -> str:
        return uuid.uuid4().hex[:16]

    async def is_blocked(self, user_id: int) -> bool:
        return await self.db.fetchval("SELECT 1 FROM appeal_blocks WHERE user_id = ?", (user_id,)) == 1

    async def filed_today(self, user_id: int) -> int:
        start = to_utc_iso(local_day_start(self.clock.now()))
        return int(await self.db.fetchval(
            "SELECT COUNT(*) FROM appeals WHERE user_id = ? AND created_at >= ?", (user_id, start)
        ) or 0)

    async def can_file(self, user_id: int) -> str | None:
        """None when the citizen may file a new appeal now, else "blocked" | "limit"."""
        if await self.is_blocked(user_id):
            return "blocked"
        if await self.filed_today(user_id) >= self.daily_limit:
            return "limit"
        return None

    def check_draft(self, draft: Draft) -> None:
        if draft.category not in CATEGORIES:
            raise Invalid("category")
        if text_problem(draft.text):
            raise Invalid("text")
        if name_problem(draft.name):
            raise Invalid("name")
        if not draft.phone:
            raise Invalid("phone")
        if len(draft.attachments) > MAX_ATTACHMENTS or any(a.kind not in ATTACHMENT_KINDS for a in draft.attachments):
            raise Invalid("attachments")
        if draft.address is not None and len(draft.address) > ADDRESS_MAX:
            raise Invalid("address")
        if draft.language not in ("kk", "ru") or draft.source not in ("form", "question"):
            raise Invalid("language")

    async def submit(self, draft: Draft, key: str) -> SubmitResult:
        """File the appeal once: the same ``key`` (a double tap, a re-delivered update, a retry after a crash)
        returns the appeal filed the first time. Limits and blocks are checked in the same transaction."""
        self.check_draft(draft)
        now = self.clock.now()
        at = to_utc_iso(now)
        async with self.db.transaction() as tx:
            existing = await tx.fetchval("SELECT id FROM appeals WHERE submission_key = ?", (key,))
            if existing is None:
                if await tx.fetchval("SELECT 1 FROM appeal_blocks WHERE user_id = ?", (draft.user_id,)) == 1:
                    return SubmitResult(None, False, "blocked")
                count = await tx.fetchval(
                    "SELECT COUNT(*) FROM appeals WHERE user_id = ? AND created_at >= ?",
                    (draft.user_id, to_utc_iso(local_day_start(now))),
                )
                if int(count or 0) >= self.daily_limit:
                    return SubmitResult(None, False, "limit")
                year = now.astimezone(LOCAL_TZ).year
                number = await tx.fetchval(
                    "INSERT INTO appeal_counters (year, last) VALUES (?, 1) "
                    "ON CONFLICT(year) DO UPDATE SET last = last + 1 RETURNING last",
                    (year,),
                )
                cur = await tx.execute(
                    "INSERT INTO appeals (ticket, submission_key, user_id, language, category, district, text, "
                    "name, phone, address, source, created_at, updated_at, due_date, latitude, longitude) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        format_ticket(year, int(number)), key, draft.user_id, draft.language, draft.category,
                        draft.district, draft.text.strip(), draft.name.strip(), draft.phone,
                        (draft.address or "").strip() or None, draft.source, at, at,
                        self.due_date_for(now).isoformat(),
                        draft.location[0] if draft.location else None, draft.location[1] if draft.location else None,
                    ),
                )
                appeal_id = cur.lastrowid
                await tx.executemany(
                    "INSERT INTO appeal_attachments (appeal_id, kind, file_id, position) VALUES (?, ?, ?, ?)",
                    [(appeal_id, a.kind, a.file_id, i) for i, a in enumerate(draft.attachments)],
                )
                await tx.execute(
                    "INSERT INTO appeal_events (appeal_id, kind, status, at) VALUES (?, 'submitted', 'new', ?)",
                    (appeal_id, at),
                )
                created = True
            else:
                appeal_id, created = existing, False
        appeal = await self.get(int(appeal_id))
        if appeal is not None and appeal.user_id != draft.user_id:
            # a key is random and private to one citizen's form; never show another citizen's appeal
            return SubmitResult(None, False, "conflict")
        return SubmitResult(appeal, created)

    # ----- the staff chat ------------------------------------------------------------------------------------
    async def link_message(
        self, appeal_id: int, chat_id: int, message_id: int, purpose: str = "post", kind: str = "text"
    ) -> None:
        """Remember a staff-chat message of the appeal. purpose: card | post (may show personal data) | note
        (the bot's own confirmation) | reply | reject | forward (prompts); kind: text | media (photo, document)."""
        await self.db.execute(
            "INSERT OR REPLACE INTO appeal_staff_messages (chat_id, message_id, appeal_id, purpose, kind) "
            "VALUES (?, ?, ?, ?, ?)",
            (chat_id, message_id, appeal_id, purpose, kind),
        )

    async def linked(self, chat_id: int, message_id: int) -> tuple[Appeal, str] | None:
        row = await self.db.fetchone(
            "SELECT appeal_id, purpose FROM appeal_staff_messages WHERE chat_id = ? AND message_id = ?",
            (chat_id, message_id),
        )
        if row is None:
            return None
        appeal = await self.get(int(row[0]))
        return None if appeal is None else (appeal, str(row[1]))

    async def link_citizen_message(self, appeal_id: int, chat_id: int, message_id: int) -> None:
        """Remember a bot message in the citizen's chat that belongs to the appeal (the receipt, an answer, a
        status notice...): the citizen's Reply to it is an addition to the appeal."""
        await self.db.execute(
            "INSERT OR REPLACE INTO appeal_citizen_messages (chat_id, message_id, appeal_id) VALUES (?, ?, ?)",
            (chat_id, message_id, appeal_id),
        )

    async def citizen_linked(self, chat_id: int, message_id: int, user_id: int) -> Appeal | None:
        """The appeal a bot message in a citizen's chat belongs to, if it is ``user_id``'s own and not erased."""
        row = await self.db.fetchone(
            "SELECT m.appeal_id FROM appeal_citizen_messages m JOIN appeals a ON a.id = m.appeal_id "
            "WHERE m.chat_id = ? AND m.message_id = ? AND a.user_id = ? AND a.anonymised_at IS NULL",
            (chat_id, message_id, user_id),
        )
        return None if row is None else await self.for_citizen(int(row[0]), user_id)

    async def cards(self, appeal_id: int) -> list[tuple[int, int]]:
        rows = await self.db.fetchall(
            "SELECT chat_id, message_id FROM appeal_staff_messages WHERE appeal_id = ? AND purpose = 'card'",
            (appeal_id,),
        )
        return [(int(r[0]), int(r[1])) for r in rows]

    async def mark_posted(self, appeal_id: int) -> None:
        await self.db.execute(
            "UPDATE appeals SET posted_at = ? WHERE id = ? AND posted_at IS NULL", (self._now(), appeal_id)
        )

    async def unposted(self, older_than: timedelta = timedelta(0)) -> list[Appeal]:
        """Appeals whose card never reached the staff chat (it was down, or the bot died right after the
        receipt): the background job posts them."""
        cutoff = to_utc_iso(self.clock.now() - older_than)
        return await self._load(
            "WHERE a.posted_at IS NULL AND a.anonymised_at IS NULL AND a.created_at <= ? ORDER BY a.id", (cutoff,)
        )

    # ----- the thread ------------------------------------------------------------------------------------------
    async def _add_message(
        self, tx: Tx, appeal_id: int, author: str, author_id: int, text: str, attachments: Iterable[Attachment],
        at: str,
    ) -> int:
        cur = await tx.execute(
            "INSERT INTO appeal_messages (appeal_id, author, author_id, text, created_at) VALUES (?, ?, ?, ?, ?)",
            (appeal_id, author, author_id, text, at),
        )
        message_id = int(cur.lastrowid or 0)
        await tx.executemany(
            "INSERT INTO appeal_attachments (appeal_id, message_id, kind, file_id, position) VALUES (?, ?, ?, ?, ?)",
            [(appeal_id, message_id, a.kind, a.file_id, i) for i, a in enumerate(attachments)],
        )
        await tx.execute("UPDATE appeals SET updated_at = ? WHERE id = ?", (at, appeal_id))
        return message_id

    async def add_citizen_message(
        self, appeal_id: int, user_id: int, text: str, attachments: Sequence[Attachment] = ()
    ) -> Appeal:
        """A follow-up from the citizen to their own open appeal."""
        text = (text or "").strip()
        if not text and not attachments:
            raise Invalid("empty")
        if len(text) > TEXT_MAX or len(attachments) > MAX_ATTACHMENTS:
            raise Invalid("long")
        at = self._now()
        async with self.db.transaction() as tx:
            row = await tx.fetchone("SELECT status FROM appeals WHERE id = ? AND user_id = ?", (appeal_id, user_id))
            if row is None:
                raise NotFound()
            if row[0] not in OPEN_STATUSES:
                raise NotOpen()
            await self._add_message(tx, appeal_id, "citizen", user_id, text, attachments, at)
        appeal = await self.get(appeal_id)
        assert appeal is not None
        return appeal

    async def add_citizen_reply(
        self, appeal_id: int, user_id: int, text: str, attachments: Sequence[Attachment] = ()
    ) -> Change:
        """The citizen answered one of the appeal's messages with Telegram's Reply: an addition to their own
        appeal whatever its status, so that it always reaches the staff. An answered appeal is open again ("in
        progress": the answer did not settle it); a rejected or forwarded one keeps its status (staff decide).
        ``Change.changed``: the status changed."""
        text = (text or "").strip()
        if not text and not attachments:
            raise Invalid("empty")
        if len(text) > TEXT_MAX or len(attachments) > MAX_ATTACHMENTS:
            raise Invalid("long")
        at = self._now()
        async with self.db.transaction() as tx:
            row = await tx.fetchone(
                "SELECT status FROM appeals WHERE id = ? AND user_id = ? AND anonymised_at IS NULL",
                (appeal_id, user_id),
            )
            if row is None:
                raise NotFound()
            previous = str(row[0])
            await self._add_message(tx, appeal_id, "citizen", user_id, text, attachments, at)
            reopened = previous == ANSWERED
            if reopened:
                await tx.execute(
                    "UPDATE appeals SET status = ?, closed_at = NULL, status_note = NULL, status_reason = NULL "
                    "WHERE id = ?",
                    (IN_PROGRESS, appeal_id),
                )
                await tx.execute(
                    "INSERT INTO appeal_events (appeal_id, kind, status, at) VALUES (?, 'status', ?, ?)",
                    (appeal_id, IN_PROGRESS, at),
                )
        appeal = await self.get(appeal_id)
        assert appeal is not None
        return Change(appeal, reopened, previous)

    async def staff_reply(
        self, appeal_id: int, staff_id: int, text: str, attachments: Sequence[Attachment] = ()
    ) -> Change:
        """A staff answer for the citizen. A new appeal becomes "answered" (staff who mean an interim answer
        take it, or mark it "in progress", first; or switch it back afterwards); other statuses stay.
        ``Change.changed``: the status changed."""
        await self.require_staff(staff_id)
        await self._require_district(staff_id, appeal_id)
        text = (text or "").strip()
        if not text and not attachments:
            raise Invalid("empty")
        at = self._now()
        async with self.db.transaction() as tx:
            row = await tx.fetchone("SELECT user_id, anonymised_at, status FROM appeals WHERE id = ?", (appeal_id,))
            if row is None:
                raise NotFound()
            if row[1] is not None or row[0] is None:
                raise NotOpen()
            previous = str(row[2])
            await self._add_message(tx, appeal_id, "staff", staff_id, text, attachments, at)
            answered = previous == NEW
            if answered:
                await tx.execute(
                    "UPDATE appeals SET status = ?, closed_at = ?, assignee_id = COALESCE(assignee_id, ?) "
                    "WHERE id = ?",
                    (ANSWERED, at, staff_id, appeal_id),
                )
                await tx.execute(
                    "INSERT INTO appeal_events (appeal_id, kind, status, actor_id, at) VALUES (?, 'status', ?, ?, ?)",
                    (appeal_id, ANSWERED, staff_id, at),
                )
            details = f"attachments={len(attachments)}" + (f" {previous}->{ANSWERED}" if answered else "")
            await self._audit(tx, at, staff_id, "reply", appeal_id, row[0], details)
        appeal = await self.get(appeal_id)
        assert appeal is not None
        return Change(appeal, answered, previous)

    async def history(self, appeal_id: int) -> list[HistoryItem]:
        items: list[tuple[str, int, HistoryItem]] = []
        for row in await self.db.fetchall(
            "SELECT id, kind, status, note, at, reason FROM appeal_events WHERE appeal_id = ?", (appeal_id,)
        ):
            order = {"submitted": 0, "taken": 1}.get(row[1], 3)
            items.append((row[4], order, HistoryItem(from_utc_iso(row[4]), row[1], row[2], row[3], reason=row[5])))
        for row in await self.db.fetchall(
            "SELECT m.id, m.author, m.text, m.created_at, "
            "(SELECT COUNT(*) FROM appeal_attachments f WHERE f.message_id = m.id) "
            "FROM appeal_messages m WHERE m.appeal_id = ?",
            (appeal_id,),
        ):
            items.append((row[3], 2, HistoryItem(from_utc_iso(row[3]), row[1], text=row[2], attachments=row[4])))
        items.sort(key=lambda t: (t[0], t[1]))  # within one second: submitted, taken, messages, statuses
        return [t[2] for t in items]

    # ----- staff actions -------------------------------------------------------------------------------------
    async def take(self, appeal_id: int, staff_id: int) -> Change:
        """Assign to ``staff_id``; a new appeal becomes "in progress"."""
        await self.require_staff(staff_id)
        await self._require_district(staff_id, appeal_id)
        at = self._now()
        async with self.db.transaction() as tx:
            row = await tx.fetchone("SELECT status, assignee_id, user_id FROM appeals WHERE id = ?", (appeal_id,))
            if row is None:
                raise NotFound()
            status, assignee, user_id = row
            if assignee == staff_id and status != NEW:
                changed = False
            else:
                new_status = IN_PROGRESS if status == NEW else status
                await tx.execute(
                    "UPDATE appeals SET assignee_id = ?, status = ?, updated_at = ? WHERE id = ?",
                    (staff_id, new_status, at, appeal_id),
                )
                await tx.execute(
                    "INSERT INTO appeal_events (appeal_id, kind, status, actor_id, at) VALUES (?, 'taken', ?, ?, ?)",
                    (appeal_id, new_status, staff_id, at),
                )
                await self._audit(tx, at, staff_id, "take", appeal_id, user_id, f"previous_assignee={assignee}")
                changed = True
        appeal = await self.get(appeal_id)
        assert appeal is not None
        return Change(appeal, changed, status)

    async def set_status(
        self, appeal_id: int, staff_id: int, status: str, note: str | None = None, reason: str | None = None
    ) -> Change:
        """``note``: the reason / the state body, as staff wrote it; ``reason``: instead, a rejection reason from
        the list (REJECT_REASONS), which every reader sees in their own language."""
        await self.require_staff(staff_id)
        await self._require_district(staff_id, appeal_id)
        if status not in STATUSES or status == NEW:
            raise Invalid("status")
        note = (note or "").strip() or None
        if reason is not None and (status != REJECTED or reason not in REJECT_REASONS):
            raise Invalid("reason")
        if reason is not None:
            note = None
        if status in NOTE_REQUIRED and not note and not reason:
            raise Invalid("note")
        if note is not None and len(note) > NOTE_MAX:
            raise Invalid("long")
        at = self._now()
        async with self.db.transaction() as tx:
            row = await tx.fetchone(
                "SELECT status, status_note, user_id, anonymised_at, status_reason FROM appeals WHERE id = ?",
                (appeal_id,),
            )
            if row is None:
                raise NotFound()
            previous, previous_note, user_id, anonymised, previous_reason = row
            if anonymised is not None:
                raise NotOpen()
            if previous == status and (previous_note or None) == note and previous_reason == reason:
                changed = False
            else:
                closed_at = at if status in CLOSED_STATUSES else None
                kept_note = note if status in NOTE_REQUIRED else None
                await tx.execute(
                    "UPDATE appeals SET status = ?, status_note = ?, status_reason = ?, closed_at = ?, "
                    "updated_at = ?, assignee_id = COALESCE(assignee_id, ?) WHERE id = ?",
                    (status, kept_note, reason, closed_at, at, staff_id, appeal_id),
                )
                await tx.execute(
                    "INSERT INTO appeal_events (appeal_id, kind, status, note, reason, actor_id, at) "
                    "VALUES (?, 'status', ?, ?, ?, ?, ?)",
                    (appeal_id, status, kept_note, reason, staff_id, at),
                )
                await self._audit(tx, at, staff_id, "status", appeal_id, user_id, f"{previous}->{status}")
                changed = True
        appeal = await self.get(appeal_id)
        assert appeal is not None
        return Change(appeal, changed, previous)

    async def list_open(self, filters: Filters = Filters(), limit: int = 20, offset: int = 0,
                        districts: frozenset[str] | None = None) -> tuple[list[Appeal], int]:
        """Open appeals (oldest deadline first) matching ``filters``, and how many match in all; ``districts``:
        only these districts' (a district operator's scope)."""
        where = ["a.anonymised_at IS NULL"]
        params: list[Any] = []
        if districts is not None:
            where.append(f"a.district IN ({','.join('?' * len(districts))})")
            params.extend(sorted(districts))
        if filters.status in OPEN_STATUSES:
            where.append("a.status = ?")
            params.append(filters.status)
        else:
            where.append("a.status IN ('new', 'in_progress')")
        if filters.category:
            where.append("a.category = ?")
            params.append(filters.category)
        if filters.district:
            where.append("a.district = ?")
            params.append(filters.district)
        if filters.overdue:
            where.append("a.due_date < ?")
            params.append(self.today().isoformat())
        clause = "WHERE " + " AND ".join(where)
        total = int(await self.db.fetchval(f"SELECT COUNT(*) FROM appeals a {clause}", params) or 0)
        found = await self._load(f"{clause} ORDER BY a.due_date, a.id LIMIT ? OFFSET ?", [*params, limit, offset])
        return found, total

    async def due_report(self, today: date | None = None) -> tuple[list[Appeal], list[Appeal]]:
        """(overdue, due soon): open appeals past their deadline, and those due within ``soon_days`` working
        days from ``today`` (local)."""
        today = today or self.today()
        horizon = self.calendar.add_working_days(today, self.soon_days)
        rows = await self._load(
            "WHERE a.status IN ('new', 'in_progress') AND a.anonymised_at IS NULL AND a.due_date <= ? "
            "ORDER BY a.due_date, a.id",
            (horizon.isoformat(),),
        )
        return [a for a in rows if a.due_date < today], [a for a in rows if a.due_date >= today]

    async def claim_digest(self, local_day: date) -> bool:
        """True once per local day: the caller sends the digest. Persisted, so a restart never sends twice."""
        async with self.db.transaction() as tx:
            cur = await tx.execute(
                "INSERT OR IGNORE INTO appeal_digests (local_date, sent_at) VALUES (?, ?)",
                (local_day.isoformat(), self._now()),
            )
            return cur.rowcount > 0

    async def release_digest(self, local_day: date) -> None:
        """Sending failed: let the next pass try again."""
        await self.db.execute("DELETE FROM appeal_digests WHERE local_date = ?", (local_day.isoformat(),))

    # ----- export and reports --------------------------------------------------------------------------------
    async def export(self, staff_id: int, start: date, end: date) -> list[ExportedAppeal]:
        """Appeals filed on local dates start..end (inclusive), for the branch's reports. Audited."""
        await self.require_staff(staff_id)
        since = datetime.combine(start, time(0), tzinfo=LOCAL_TZ).astimezone(UTC)
        until = datetime.combine(end + timedelta(days=1), time(0), tzinfo=LOCAL_TZ).astimezone(UTC)
        rows = await self.db.fetchall(_EXPORT_SELECT, (to_utc_iso(since), to_utc_iso(until)))
        scope = await self.scope_of(staff_id)
        found = [
            ExportedAppeal(
                r[0], from_utc_iso(r[1]), r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], date.fromisoformat(r[10]),
                from_utc_iso(r[11]) if r[11] else None, r[12], r[13], r[14],
            )
            for r in rows
            if scope is None or r[4] in scope  # a district operator exports their districts' appeals only
        ]
        async with self.db.transaction() as tx:
            await self._audit(tx, self._now(), staff_id, "export", details=f"{start}..{end} rows={len(found)}")
        return found

    @staticmethod
    def counts(appeals: Iterable[Appeal | ExportedAppeal]) -> dict[str, Counter[str]]:
        by: dict[str, Counter[str]] = {"category": Counter(), "district": Counter(), "status": Counter()}
        for a in appeals:
            by["category"][a.category] += 1
            by["district"][a.district] += 1
            by["status"][a.status] += 1
        return by

    # ----- rating ------------------------------------------------------------------------------------------------
    async def rate(self, appeal_id: int, user_id: int, score: int) -> Appeal:
        """The citizen rates the answer to their closed appeal, once."""
        if not 1 <= score <= 5:
            raise Invalid("score")
        at = self._now()
        async with self.db.transaction() as tx:
            row = await tx.fetchone(
                "SELECT status, rating FROM appeals WHERE id = ? AND user_id = ?", (appeal_id, user_id)
            )
            if row is None:
                raise NotFound()
            if row[0] not in CLOSED_STATUSES:
                raise NotOpen()
            if row[1] is not None:
                raise Invalid("rated")
            await tx.execute("UPDATE appeals SET rating = ?, rated_at = ? WHERE id = ?", (score, at, appeal_id))
            await tx.execute(
                "INSERT INTO appeal_events (appeal_id, kind, note, at) VALUES (?, 'rated', ?, ?)",
                (appeal_id, str(score), at),
            )
        appeal = await self.get(appeal_id)
        assert appeal is not None
        return appeal

    async def comment_rating(self, appeal_id: int, user_id: int, comment: str) -> Appeal:
        comment = (comment or "").strip()
        if not comment:
            raise Invalid("empty")
        if len(comment) > COMMENT_MAX:
            raise Invalid("long")
        async with self.db.transaction() as tx:
            row = await tx.fetchone(
                "SELECT rating, rating_comment FROM appeals WHERE id = ? AND user_id = ?", (appeal_id, user_id)
            )
            if row is None:
                raise NotFound()
            if row[0] is None or row[1] is not None:
                raise Invalid("not_rated")
            await tx.execute("UPDATE appeals SET rating_comment = ? WHERE id = ?", (comment, appeal_id))
        appeal = await self.get(appeal_id)
        assert appeal is not None
        return appeal

    # ----- blocking ---------------------------------------------------------------------------------------------
    async def block(self, admin_id: int, user_id: int, reason: str | None = None) -> bool:
        await self.require_staff(admin_id, ADMIN)
        at = self._now()
        async with self.db.transaction() as tx:
            cur = await tx.execute(
                "INSERT OR IGNORE INTO appeal_blocks (user_id, blocked_by, reason, blocked_at) VALUES (?, ?, ?, ?)",
                (user_id, admin_id, reason, at),
            )
            changed = cur.rowcount > 0
            await self._audit(tx, at, admin_id, "block", target_user_id=user_id, details=f"changed={changed}")
        return changed

    async def unblock(self, admin_id: int, user_id: int) -> bool:
        await self.require_staff(admin_id, ADMIN)
        at = self._now()
        async with self.db.transaction() as tx:
            cur = await tx.execute("DELETE FROM appeal_blocks WHERE user_id = ?", (user_id,))
            changed = cur.rowcount > 0
            await self._audit(tx, at, admin_id, "unblock", target_user_id=user_id, details=f"changed={changed}")
        return changed

    async def audit_log(self, limit: int = 100) -> list[dict[str, Any]]:
        rows = await self.db.fetchall(
            "SELECT at, actor_id, action, appeal_id, target_user_id, details FROM appeal_audit "
            "ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        keys = ("at", "actor_id", "action", "appeal_id", "target_user_id", "details")
        return [dict(zip(keys, tuple(r), strict=True)) for r in rows]

    # ----- personal data -----------------------------------------------------------------------------------
    async def export_user(self, user_id: int) -> dict[str, Any]:
        """Everything the reception keeps about the citizen (for /mydata)."""
        appeals = await self._load("WHERE a.user_id = ? ORDER BY a.id", (user_id,))
        # the thread and file counts of all the appeals in one query each (not two per appeal)
        messages: dict[int, list[dict[str, Any]]] = {}
        for m in await self.db.fetchall(
            "SELECT appeal_id, author, text, created_at FROM appeal_messages "
            "WHERE appeal_id IN (SELECT id FROM appeals WHERE user_id = ?) ORDER BY appeal_id, id", (user_id,)
        ):
            messages.setdefault(int(m[0]), []).append({"author": m[1], "text": m[2], "at": m[3]})
        files = {int(r[0]): int(r[1]) for r in await self.db.fetchall(
            "SELECT appeal_id, COUNT(*) FROM appeal_attachments "
            "WHERE appeal_id IN (SELECT id FROM appeals WHERE user_id = ?) GROUP BY appeal_id", (user_id,)
        )}
        out = []
        for a in appeals:
            out.append({
                "ticket": a.ticket, "created_at": to_utc_iso(a.created_at), "category": a.category,
                "district": a.district, "status": a.status, "status_note": a.status_note, "text": a.text,
                "name": a.name, "phone": a.phone, "address": a.address, "attachments": files.get(a.id, 0),
                "due_date": a.due_date.isoformat(), "rating": a.rating, "rating_comment": a.rating_comment,
                "messages": messages.get(a.id, []),
            })
        return {"appeals": out, "blocked_from_appeals": await self.is_blocked(user_id)}

    async def _erase(self, tx: Tx, ids: list[int], at: str, reason: str) -> None:
        if not ids:
            return
        marks = ",".join("?" * len(ids))
        await tx.execute(
            f"UPDATE appeals SET text = '', name = '', phone = '', address = NULL, status_note = NULL, "
            f"rating_comment = NULL, latitude = NULL, longitude = NULL, "
            f"user_id = NULL, anonymised_at = ?, erased_by = ? WHERE id IN ({marks})",
            [at, reason, *ids],
        )
        await tx.execute(f"UPDATE appeal_messages SET text = '', author_id = NULL WHERE appeal_id IN ({marks})", ids)
        await tx.execute(f"UPDATE appeal_events SET note = NULL WHERE appeal_id IN ({marks}) AND kind != 'rated'",
                         ids)
        await tx.execute(f"DELETE FROM appeal_attachments WHERE appeal_id IN ({marks})", ids)
        await tx.execute(f"DELETE FROM appeal_citizen_messages WHERE appeal_id IN ({marks})", ids)
        await tx.execute(f"UPDATE appeal_audit SET target_user_id = NULL WHERE appeal_id IN ({marks})", ids)

    async def forget_user(self, user_id: int) -> dict[str, Any]:
        """Erase the citizen's names, phones, addresses, texts and files from all their appeals and unlink the
        appeals from them (the rows stay, anonymous, for the statistics). Tells which were still open, so that
        staff can be told to stop working on them. The staff-chat messages that showed the data are queued for
        redaction in the same transaction (``staff_messages`` in the report): see :meth:`due_redactions`."""
        at = self._now()
        async with self.db.transaction() as tx:
            rows = await tx.fetchall("SELECT id, ticket, status FROM appeals WHERE user_id = ?", (user_id,))
            open_tickets = [r[1] for r in rows if r[2] in OPEN_STATUSES]
            ids = [int(r[0]) for r in rows]
            await self._erase(tx, ids, at, "citizen")
            await tx.execute("UPDATE appeal_audit SET target_user_id = NULL WHERE target_user_id = ? "
                             "AND action NOT IN ('block', 'unblock')", (user_id,))
            queued = 0
            if ids:
                marks = ",".join("?" * len(ids))
                queued = (await tx.execute(
                    "INSERT OR IGNORE INTO appeal_redactions (chat_id, message_id, appeal_id, due_at) "
                    f"SELECT chat_id, message_id, appeal_id, ? FROM appeal_staff_messages WHERE appeal_id IN ({marks}) "
                    f"AND purpose IN ({','.join('?' * len(REDACTED_PURPOSES))})",
                    [at, *ids, *REDACTED_PURPOSES],
                )).rowcount
        return {"appeals": len(rows), "open_appeals": len(open_tickets), "open_tickets": open_tickets,
                "staff_messages": int(queued)}

    # ----- redacting the staff chat after /forget -------------------------------------------------------------------
    async def due_redactions(self, now: datetime, limit: int = 50) -> list[Redaction]:
        """Staff-chat messages of erased appeals whose next redaction attempt is due, cards first."""
        rows = await self.db.fetchall(
            "SELECT r.chat_id, r.message_id, r.appeal_id, COALESCE(m.purpose, 'post'), COALESCE(m.kind, 'text'), "
            "r.attempts FROM appeal_redactions r LEFT JOIN appeal_staff_messages m "
            "ON m.chat_id = r.chat_id AND m.message_id = r.message_id "
            "WHERE r.due_at <= ? ORDER BY r.due_at, m.purpose != 'card', r.appeal_id, r.message_id LIMIT ?",
            (to_utc_iso(now), limit),
        )
        return [Redaction(int(r[0]), int(r[1]), int(r[2]), str(r[3]), str(r[4]), int(r[5])) for r in rows]

    async def pending_redactions(self) -> int:
        return int(await self.db.fetchval("SELECT COUNT(*) FROM appeal_redactions") or 0)

    async def redaction_done(self, item: Redaction) -> None:
        """Redacted (or given up for good): the message leaves the queue."""
        await self.db.execute(
            "DELETE FROM appeal_redactions WHERE chat_id = ? AND message_id = ?", (item.chat_id, item.message_id)
        )

    async def redaction_postpone(self, item: Redaction, until: datetime) -> None:
        """Not before ``until`` (Telegram asked to slow down): not counted as a failed attempt."""
        await self.db.execute(
            "UPDATE appeal_redactions SET due_at = ? WHERE chat_id = ? AND message_id = ?",
            (to_utc_iso(until), item.chat_id, item.message_id),
        )

    async def redaction_failed(self, item: Redaction, now: datetime) -> bool:
        """One more failed attempt: True when another is scheduled (with a growing pause), False when that was
        the last one and the message left the queue."""
        attempts = item.attempts + 1
        if attempts >= REDACTION_ATTEMPTS:
            await self.redaction_done(item)
            return False
        delay = min(REDACTION_MAX_DELAY, timedelta(minutes=2**attempts))
        await self.db.execute(
            "UPDATE appeal_redactions SET attempts = ?, due_at = ? WHERE chat_id = ? AND message_id = ?",
            (attempts, to_utc_iso(now + delay), item.chat_id, item.message_id),
        )
        return True

    async def anonymise_before(self, moment: datetime) -> int:
        """Erase the personal data of appeals closed before ``moment`` (retention); returns how many."""
        at = self._now()
        async with self.db.transaction() as tx:
            rows = await tx.fetchall(
                "SELECT id FROM appeals WHERE anonymised_at IS NULL AND closed_at IS NOT NULL AND closed_at < ? "
                "AND status IN ('answered', 'forwarded', 'rejected')",
                (to_utc_iso(moment),),
            )
            await self._erase(tx, [int(r[0]) for r in rows], at, "retention")
        return len(rows)
