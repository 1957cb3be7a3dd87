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
