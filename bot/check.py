"""`python -m bot check [DATA_DIR]`: validate everything in data/ the way the bot reads it, and print every problem
with its file and line.

There is one validator: the loaders the bot starts with (read_topics, read_entries, read_places, WorkCalendar,
the schedule CSV checks). A loader stops at the first problem; to find the others, the item it names is left
out and the file read again, until the loader accepts what is left. Warnings (the bot still starts): venues
without contacts, and relative-year words ("биыл", "в этом году") in the cards: the bot is read long after the
report, so a card names its years.

Exit code: 0 when there are no errors (warnings allowed), 1 otherwise.
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

from bot.clock import LOCAL_TZ
from bot.services.knowledge import read_entries, read_topics
from bot.services.reception_input import InputProblem, validate_rows
from bot.services.receptions import demo_rows, read_places
from bot.services.workdays import WorkCalendar

T = TypeVar("T")

# Relative time words: fine in questions (the search maps them to years), never in what the bot says.
RELATIVE_YEAR = {
    "kk": re.compile(
        r"\b(биыл\w*|былтыр\w*|өткен жыл\w*|алдағы жыл\w*|келер жыл\w*|келесі жыл\w*|осы жыл\w*|ағымдағы жыл\w*)",
        re.IGNORECASE),
    "ru": re.compile(
        r"\b(в этом году|этого года|этот год|на этот,? \d{4} год|в прошлом году|прошлого года|прошлый год|"
        r"прошедш\w+ год\w*|позапрошл\w+|в следующем году|следующ\w+ год\w*|нынешн\w+|текущ\w+ год\w*)",
        re.IGNORECASE),
}


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning" if self.warning else "error"
        return f"{self.path}:{self.line}: {kind}: {self.message}"


@dataclass(frozen=True)
class _Block:
    kind: str  # "entry", "venue", ...
    start: int  # 0-based index of its [[kind]] line
    end: int  # exclusive
    item_id: str | None


class _TomlFile:
    """A TOML file split into its [[kind]] blocks, to point at lines and to leave a block out."""

    HEADER = re.compile(r"^\s*\[\[\s*([\w.-]+)\s*\]\]")
    ID = re.compile(r"^\s*id\s*=\s*\"([^\"]*)\"")

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        starts = [(i, m.group(1)) for i, line in enumerate(self.lines) if (m := self.HEADER.match(line))]
        self.blocks: list[_Block] = []
        for n, (start, kind) in enumerate(starts):
            end = starts[n + 1][0] if n + 1 < len(starts) else len(self.lines)
            found = next((m.group(1) for line in self.lines[start:end] if (m := self.ID.match(line))), None)
            self.blocks.append(_Block(kind, start, end, found))
        self.dropped: set[int] = set()  # block numbers left out

    def text(self) -> str:
        keep = [True] * len(self.lines)
        for n in self.dropped:
            block = self.blocks[n]
            for i in range(block.start, block.end):
                keep[i] = False
        return "".join(line for line, kept in zip(self.lines, keep, strict=True) if kept)

    def find(self, message: str) -> int | None:
        """The block a loader's message is about: "entry 'id'", "venue 'id'", "[[entry]] #3", "holiday #2"."""
        live = [n for n in range(len(self.blocks)) if n not in self.dropped]
        named = re.search(r"\b(\w+) '([^']*)'", message)
        if named:
            kind, item_id = named.groups()
            hits = [n for n in live if self.blocks[n].kind == kind and self.blocks[n].item_id == item_id]
            if hits:
                return hits[-1] if "duplicate" in message else hits[0]
        numbered = re.search(r"\[?\[?(\w+)\]?\]? #(\d+)", message)
        if numbered:
            of_kind = [n for n in live if self.blocks[n].kind == numbered.group(1)]
            index = int(numbered.group(2)) - 1
            if 0 <= index < len(of_kind):
                return of_kind[index]
        return None

    def line_of(self, block: int | None, message: str) -> int:
        """1-based line: the key the message names inside the block, else the block's header, else 1."""
        if block is None:
            at = re.search(r"at line (\d+)", message)
            return int(at.group(1)) if at else 1
        b = self.blocks[block]
        for key in re.findall(r"\b([a-z_]+(?:\.[a-z_]+)*)\b", message):
            for i in range(b.start, b.end):
                if re.match(rf"\s*{re.escape(key)}\s*=", self.lines[i]):
                    return i + 1
        return b.start + 1

    def key_line(self, block: int, key: str) -> int:
        b = self.blocks[block]
        return next((i + 1 for i in range(b.start, b.end) if re.match(rf"\s*{re.escape(key)}\s*=", self.lines[i])),
                    b.start + 1)

    def block_of(self, kind: str, item_id: str) -> int | None:
        return next((n for n, b in enumerate(self.blocks) if b.kind == kind and b.item_id == item_id), None)


def _all_problems(path: Path, load: Callable[[Path], T]) -> tuple[T | None, list[Problem], _TomlFile | None]:
    """Run ``load`` on the file; on each problem, leave the named block out and run it again."""
    try:
        source = _TomlFile(path)
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(path, 1, f"cannot read the file: {exc}")], None
    problems: list[Problem] = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        while True:
            copy.write_text(source.text(), encoding="utf-8")
            try:
                return load(copy), problems, source
            except ValueError as exc:
                message = str(exc).replace(str(copy) + ": ", "").replace(str(copy), path.name)
                block = source.find(message)
                left_out = {source.blocks[n].item_id for n in source.dropped}
                if not any(f"{item_id!r}" in message.split(":", 1)[-1] for item_id in left_out):
                    # (a reference to an item already reported and left out is not a problem of its own)
                    problems.append(Problem(path, source.line_of(block, message), message))
                if block is None or len(source.dropped) > len(source.blocks):
                    return None, problems, source
                source.dropped.add(block)


def check_data(data_dir: Path, today: date | None = None) -> list[Problem]:
    """Every problem in data_dir (errors and warnings), in file order."""
    data_dir = Path(data_dir)
    found: list[Problem] = []

    topics, problems, _ = _all_problems(data_dir / "topics.toml", read_topics)
    found += problems
    topic_ids = [t.id for t in topics or []]
    entries, problems, knowledge = _all_problems(data_dir / "knowledge.toml", lambda p: read_entries(p, topic_ids))
    found += problems
    for entry in entries or []:
        block = knowledge.block_of("entry", entry.id) if knowledge else None
        for lang in ("kk", "ru"):
            for field in ("title", "answer"):
                hit = RELATIVE_YEAR[lang].search(getattr(entry, field)[lang])
                if hit and knowledge and block is not None:
                    found.append(Problem(knowledge.path, knowledge.key_line(block, f"{field}.{lang}"),
                                         f"entry {entry.id!r}: {field}.{lang} says {hit.group(0)!r}: name the year "
                                         "(the bot is read long after the report)", warning=True))

    places, problems, venues_file = _all_problems(data_dir / "venues.toml", read_places)
    found += problems
    # the schedule may name a venue that has a problem of its own (reported above)
    venue_ids = [b.item_id for b in venues_file.blocks if b.kind == "venue" and b.item_id] if venues_file else []
    if places is not None and venues_file is not None:
        for venue in places[1]:
            missing = venue.contacts.missing()
            if missing:
                block = venues_file.block_of("venue", venue.id)
                found.append(Problem(venues_file.path, venues_file.blocks[block].start + 1 if block is not None else 1,
                                     f"venue {venue.id!r}: no contacts.{', contacts.'.join(missing)} (the bot shows "
                                     "only what is filled)", warning=True))

    _, problems, _ = _all_problems(data_dir / "holidays.toml", WorkCalendar.load)
    found += problems

    found += _check_schedule(data_dir / "schedule_demo.csv", venue_ids, today or date.today())
    files = list(dict.fromkeys(p.path for p in found))
    return sorted(found, key=lambda p: (files.index(p.path), p.line))


def _check_schedule(path: Path, venue_ids: list[str], today: date) -> list[Problem]:
    if not path.exists():
        return []  # optional: only RECEPTION_DEMO_SCHEDULE reads it
    try:
        rows = demo_rows(path.read_text(encoding="utf-8"), today)
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem(path, 1, f"cannot read the file: {exc}")]
    except InputProblem as problem:
        return [Problem(path, 1, _problem_text(problem))]
    now = datetime.combine(today, time(0, 0), LOCAL_TZ)
    _, problems = validate_rows(rows, venue_ids, now)
    return [Problem(path, number, _problem_text(problem)) for number, problem in problems]


def _problem_text(problem: InputProblem) -> str:
    params = ", ".join(f"{k}={v!r}" for k, v in dict(problem.params).items())
    return problem.code.replace("_", " ") + (f" ({params})" if params else "")


def main(data_dir: Path, out: Any = None) -> int:
    out = out or sys.stdout
    problems = check_data(data_dir)
    for problem in problems:
        print(problem, file=out)
    errors = sum(not p.warning for p in problems)
    warnings = len(problems) - errors
    print(f"{data_dir}: {errors} error(s), {warnings} warning(s)", file=out)
    return 1 if errors else 0
