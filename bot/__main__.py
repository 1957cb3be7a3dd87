"""`python -m bot` runs the bot (polling, or webhook when WEBHOOK_URL is set); `python -m bot console [--lang kk|ru]`
chats with it in the terminal; `python -m bot backup PATH` copies the database while the bot runs; `python -m bot check
[DATA_DIR]` validates the content in data/ (every problem with its file and line)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys

from pydantic import ValidationError

from bot.config import Settings
from bot.logging_setup import setup_logging

log = logging.getLogger("bot")

TOKEN_NOT_USED = "0:console-mode-token-not-used-anywhere-000"  # console and backup need no Telegram


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            name = str(err["loc"][0]).upper() if err["loc"] else "settings"
            if name == "BOT_TOKEN" and err["type"] == "missing":
                problems.append("BOT_TOKEN is not set: put the token from @BotFather into BOT_TOKEN (env or .env)")
            elif name == "BOT_TOKEN":
                problems.append("BOT_TOKEN is malformed: expected <digits>:<secret> as issued by @BotFather")
            elif not err["loc"]:
                problems.append(str(err["msg"]).removeprefix("Value error, "))
            else:
                problems.append(f"{name}: {str(err['msg']).removeprefix('Value error, ')}")
        print("error: " + "; ".join(problems), file=sys.stderr)
        raise SystemExit(2) from None


def run_bot(settings: Settings) -> None:
    from bot.errors import TokenRejected
    from bot.serve import run_polling, run_webhook

    try:
        asyncio.run(run_webhook(settings) if settings.webhook_url else run_polling(settings))
    except TokenRejected as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    except OSError as exc:
        if not settings.webhook_url:
            raise
        print(f"error: cannot serve the webhook on {settings.webhook_host}:{settings.webhook_port}: "
              f"{exc.strerror or exc}", file=sys.stderr)
        raise SystemExit(1) from None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    console = sub.add_parser("console", help="chat with the bot in the terminal: no token, no network")
    console.add_argument("--lang", choices=["kk", "ru"], default=None, help="the language Telegram would report")
    backup = sub.add_parser("backup", help="a consistent copy of the database, safe while the bot runs")
    backup.add_argument("path", help="the copy to write (a directory: a dated file inside it)")
    check = sub.add_parser("check", help="validate data/ (knowledge, topics, venues, holidays, schedule)")
    check.add_argument("data_dir", nargs="?", default="data", help="the content directory (default: data)")
    args = parser.parse_args(argv)

    if args.command == "check":
        from pathlib import Path

        from bot.check import main as check_main

        raise SystemExit(check_main(Path(args.data_dir)))

    if args.command == "backup":
        from bot.backup import main as backup_main

        settings = load_settings(bot_token=TOKEN_NOT_USED)
        raise SystemExit(backup_main(settings.database_path, args.path))

    if args.command == "console":
        from bot.console import run_console

        # The console is for trying the bot: the demo reception schedule is on unless switched off.
        settings = load_settings(
            bot_token=TOKEN_NOT_USED,
            reception_demo_schedule=os.environ.get("RECEPTION_DEMO_SCHEDULE", "true"),
            broadcast_sender=False,  # the terminal must never mark a real broadcast as delivered
        )
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
        asyncio.run(run_console(settings, language=args.lang))
        return

    settings = load_settings()
    setup_logging(settings.log_level, settings.log_format)
    run_bot(settings)


if __name__ == "__main__":
    main()
