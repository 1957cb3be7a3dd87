"""`python -m bot` runs the bot; `python -m bot console [--lang kk|ru]` chats with it in the terminal."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from pydantic import ValidationError

from bot.config import Settings

log = logging.getLogger("bot")


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
            else:
                problems.append(f"{name}: {err['msg']}")
        print("error: " + "; ".join(problems), file=sys.stderr)
        raise SystemExit(2) from None


async def run_polling(settings: Settings) -> None:
    from bot.runtime import create_runtime

    runtime = await create_runtime(settings)
    try:
        await runtime.dp.start_polling(runtime.bot, handle_signals=True, close_bot_session=True)
    finally:
        await runtime.db.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    console = sub.add_parser("console", help="chat with the bot in the terminal: no token, no network")
    console.add_argument("--lang", choices=["kk", "ru"], default=None, help="the language Telegram would report")
    args = parser.parse_args(argv)

    if args.command == "console":
        from bot.console import run_console

        # no broadcast sender: the terminal must never mark a real broadcast as delivered
        settings = load_settings(bot_token="0:console-mode-token-not-used-anywhere-000", broadcast_sender=False)
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
        asyncio.run(run_console(settings, language=args.lang))
        return

    settings = load_settings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    asyncio.run(run_polling(settings))


if __name__ == "__main__":
    main()
