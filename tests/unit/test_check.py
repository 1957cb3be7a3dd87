"""`python -m bot check`: the shipped data passes; broken files get every problem named with file and line."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

from bot.check import check_data, main

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_data_passes_with_warnings_for_missing_contacts_only() -> None:
    out = io.StringIO()
    assert main(ROOT / "data", out) == 0
    problems = check_data(ROOT / "data")
    assert not [p for p in problems if not p.warning], out.getvalue()
    warned = [p.message for p in problems if p.warning]
    assert len(warned) == 10 and all(m.startswith("venue ") and "no contacts." in m for m in warned)


def test_the_command_line_exits_zero_on_the_shipped_data() -> None:
    done = subprocess.run([sys.executable, "-m", "bot", "check", str(ROOT / "data")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 error(s)" in done.stdout


def _line(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_broken_files_get_every_problem_with_file_and_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    knowledge, venues, holidays, schedule = (data / n for n in ("knowledge.toml", "venues.toml", "holidays.toml",
                                                                 "schedule_demo.csv"))
    text = knowledge.read_text(encoding="utf-8")
    text = text.replace('topic = "gas"', 'topic = "gaz"', 1)
    text = text.replace('related = ["housing-overview", "emergency-housing"]', 'related = ["housing-overview", "nope"]')
    text = text.replace('title.ru = "Спортивные объекты"\n', "", 1)
    text = text.replace("На 2025 год по проекту «Ауыл аманаты»", "В этом году по проекту «Ауыл аманаты»", 1)
    knowledge.write_text(text, encoding="utf-8")
    text = venues.read_text(encoding="utf-8")
    text = text.replace('district = "kazaly"\norder', 'district = "kazalyy"\norder', 1)
    text = text.replace('contacts.phone = ""', 'contacts.phone = "12345"', 1)
    venues.write_text(text, encoding="utf-8")
    holidays.write_text(holidays.read_text(encoding="utf-8").replace('date = "01-01"', 'date = "13-01"', 1),
                        encoding="utf-8")
    schedule.write_text(schedule.read_text(encoding="utf-8").replace("aral,5", "nowhere,5", 1), encoding="utf-8")

    out = io.StringIO()
    assert main(data, out) == 1
    printed = out.getvalue().splitlines()
    expected = [
        (knowledge, _line(knowledge, 'topic = "gaz"'), "entry 'gasification': unknown topic 'gaz'"),
        (knowledge, _line(knowledge, 'id = "sport-facilities"') - 1, "title.ru is missing or empty"),
        (knowledge, _line(knowledge, '"nope"'), "unknown related entry 'nope'"),
        (venues, _line(venues, '"12345"'), "contacts.phone '12345' is not a Kazakhstan phone number"),
        (venues, _line(venues, '"kazalyy"'), "venue 'kazaly': unknown district 'kazalyy'"),
        (holidays, _line(holidays, '"13-01"'), "holiday #1"),
        (schedule, _line(schedule, "nowhere"), "venue unknown"),
    ]
    errors = [line for line in printed if ": error: " in line]
    assert len(errors) == len(expected), printed
    for path, line, words in expected:
        assert any(e.startswith(f"{path}:{line}: error: ") and words in e for e in errors), (path, line, words, errors)
    relative = [line for line in printed if "В этом году" in line]
    assert len(relative) == 1 and relative[0].startswith(f"{knowledge}:{_line(knowledge, 'В этом году')}: warning:")
    assert printed[-1].endswith("7 error(s), 9 warning(s)")


def test_invalid_toml_names_the_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    topics = data / "topics.toml"
    lines = topics.read_text(encoding="utf-8").splitlines()
    lines[20] = 'title.kk = "unclosed'
    topics.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = [p for p in check_data(data) if not p.warning and p.path == topics]
    assert len(problems) == 1 and problems[0].line == 21 and "invalid TOML" in problems[0].message
