"""The bot's real runtime polling the fake Bot API server, for tests and benchmarks."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from aiogram import Router

from bot.clock import Clock
from bot.config import Settings
from bot.runtime import Runtime, create_runtime

ROOT = Path(__file__).resolve().parent.parent


class RunningBot:
    """The real runtime polling the fake server in a background task; can be stopped and started again."""

    def __init__(
        self, settings: Settings, clock: Clock, handle_as_tasks: bool = False, routers: Sequence[Router] = ()
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.handle_as_tasks = handle_as_tasks
        self.routers = list(routers)  # test-only routers, tried before the bot's own
        self.runtime: Runtime | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> Runtime:
        self.runtime = await create_runtime(self.settings, clock=self.clock)
        runtime = self.runtime
        await runtime.start_search_process()  # as bot.serve does (tests' settings: SEARCH_PROCESS off by default)
        for router in reversed(self.routers):
            router._parent_router = None  # a module-level test router is reused by the next test's Dispatcher
            runtime.dp.include_router(router)
            runtime.dp.sub_routers.remove(router)
            runtime.dp.sub_routers.insert(0, router)
        started = asyncio.Event()
        runtime.dp.startup.register(lambda: started.set())
        self._task = asyncio.create_task(
            runtime.dp.start_polling(
                runtime.bot,
                polling_timeout=1,
                handle_as_tasks=self.handle_as_tasks,
                handle_signals=False,
                close_bot_session=True,
            )
        )
        await asyncio.wait_for(started.wait(), 10)
        return runtime

    async def stop(self) -> None:
        if self.runtime is None or self._task is None:
            return
        with contextlib.suppress(RuntimeError):
            await self.runtime.dp.stop_polling()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(self._task, 10)
        await self.runtime.close()
        self.runtime = None
        self._task = None

    async def restart(self) -> Runtime:
        await self.stop()
        return await self.start()


class BotProcess:
    """`python -m bot` as a real child process polling the fake server: for SIGKILL/SIGTERM tests."""

    def __init__(self, settings: Settings, extra_env: dict[str, str] | None = None) -> None:
        self.settings = settings
        self.extra_env = extra_env or {}
        self.proc: asyncio.subprocess.Process | None = None

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "TELEGRAM_", "DATABASE_"))}
        env.update(
            BOT_TOKEN=self.settings.bot_token.get_secret_value(),
            TELEGRAM_API_URL=self.settings.telegram_api_url,
            DATABASE_PATH=str(self.settings.database_path),
            ADMIN_IDS=self.settings.admin_ids_raw,
            DATA_DIR=str(self.settings.data_dir),
            LOCALES_DIR=str(self.settings.locales_dir),
            DEFAULT_LANGUAGE=self.settings.default_language,
            LOG_LEVEL="WARNING",
            TELEGRAM_RETRY_SECONDS=str(self.settings.telegram_retry_seconds),
        )
        if self.settings.staff_chat_id is not None:
            env["STAFF_CHAT_ID"] = str(self.settings.staff_chat_id)
        env.update(self.extra_env)
        return env

    async def start(self) -> None:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot",
            env=self.env(),
            cwd=str(ROOT),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )

    async def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a power cut or an OOM kill."""
        if self.proc is not None and self.proc.returncode is None:
            self.proc.kill()
            await self.proc.wait()

    async def terminate(self, timeout: float = 20.0) -> int:
        assert self.proc is not None
        self.proc.terminate()
        return await asyncio.wait_for(self.proc.wait(), timeout)

    async def output(self) -> str:
        if self.proc is None or self.proc.stdout is None:
            return ""
        return (await self.proc.stdout.read()).decode(errors="replace")
