"""`python -m bot` as a process: configuration errors and console mode."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_bot(
    args: list[str], env: dict[str, str], stdin: str = "", timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "TELEGRAM_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**base, **env},
        cwd=env.get("CWD", str(ROOT)),
        timeout=timeout,
    )


@pytest.mark.parametrize(
    ("token", "expected"),
    [(None, "BOT_TOKEN is not set"), ("not-a-token", "BOT_TOKEN is malformed"), ("", "BOT_TOKEN is malformed")],
)
def test_missing_or_malformed_token_is_one_clear_line(tmp_path: Path, token: str | None, expected: str) -> None:
    env = {"DATABASE_PATH": str(tmp_path / "x.sqlite3"), "CWD": str(tmp_path)}
    if token is not None:
        env["BOT_TOKEN"] = token
    result = run_bot([], env)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.sqlite3").exists()


def test_console_mode_in_russian(tmp_path: Path) -> None:
    env = {
        "DATABASE_PATH": str(tmp_path / "console.sqlite3"),
        "DATA_DIR": str(ROOT / "data"),
        "LOCALES_DIR": str(ROOT / "locales"),
    }
    # /start happens by itself; "1" presses the first main-menu button (results), then a question.
    result = run_bot(["console", "--lang", "ru"], env, stdin="1\nсколько школ построили\n:quit\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Здравствуйте" in out
    assert "[1] 📊 Итоги 2024 года" in out
    assert "Выберите тему" in out
    assert "6 900" in out
    assert "Traceback" not in result.stderr


def test_console_on_a_used_database_answers_and_follows_lang(tmp_path: Path) -> None:
    # Each run used to number its updates from 1, and the duplicate-update guard remembered them: a second run
    # on the same database answered nothing. --lang used to be ignored once the console user had a language.
    env = {
        "DATABASE_PATH": str(tmp_path / "console.sqlite3"),
        "DATA_DIR": str(ROOT / "data"),
        "LOCALES_DIR": str(ROOT / "locales"),
    }
    first = run_bot(["console", "--lang", "kk"], env, stdin="1\n:quit\n")
    assert first.returncode == 0, first.stderr
    assert "Сәлеметсіз бе" in first.stdout and "Тақырыпты таңдаңыз" in first.stdout
    second = run_bot(["console", "--lang", "ru"], env, stdin="1\nсколько школ построили\n:quit\n")
    assert second.returncode == 0, second.stderr
    assert "Здравствуйте" in second.stdout
    assert "Выберите тему" in second.stdout and "6 900" in second.stdout
    third = run_bot(["console"], env, stdin="1\n:quit\n")  # without --lang: the language chosen before stays
    assert "Здравствуйте" in third.stdout and "Выберите тему" in third.stdout
