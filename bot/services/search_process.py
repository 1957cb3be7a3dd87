"""The knowledge-base search in a child process, so that the event loop does not spend its CPU on it.

A question the bot has not seen before costs about 0.4 ms of CPU in the search (bench/throughput.py
--first-contact), about a third of everything an answer costs. Under the GIL that time holds up every other
update. On a machine with two CPUs or more, a child process runs the same search, with the same code, over the
same database opened read-only. Meanwhile the bot's loop goes on with other updates. Handing a question over
costs the loop about 20-50 µs.

The protocol is one JSON line per request on the child's stdin, ``[id, revision, text, fallback language]``, and
one JSON line per answer on its stdout, ``[id, revision, language, card id or null, score, [alternative ids],
reason, complete]``. The first line the child writes is ``["ready", revision]``. ``revision`` is the content
revision (kb_meta) the bot has in memory. The child reads the cards again when a request names a newer revision
than its own. An answer from another revision than the bot's is not used: the question is then searched in the
bot's own process. The same happens while the child is starting, after it stopped (it is started again after a
pause), when it is slower than ``timeout`` or has too many questions waiting. So a question is never lost to the
child, and never answered from cards the bot does not show.

The questions travel only through this pipe between the bot's two processes. The child never logs or stores them.
When the bot's process ends, even by SIGKILL, the child sees the end of its stdin and exits.

``python -m bot.services.search_process DATABASE_PATH [LOG_LEVEL [LOG_FORMAT]]`` is the child.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

TIMEOUT = 2.0  # seconds the child may take over one question before the bot searches it itself
MAX_WAITING = 300  # questions sent to the child and not yet answered (Telegram hands over 100 updates at once)
RESTART_FIRST, RESTART_MAX = 5.0, 300.0  # seconds before the child is started again after it stopped: 5, 10, ...
STEADY = 60.0  # seconds a child must have run for its restart pause to start again from RESTART_FIRST
WARN_EVERY = 60.0  # seconds between two warnings that the child is slow
LINE_LIMIT = 1 << 20  # a request line's longest length (a message is at most 4,096 characters)

Answer = list[Any]  # [revision, language, card id or None, score, [alternative ids], reason, complete]


CPU_MAX = Path("/sys/fs/cgroup/cpu.max")  # a container's CPU quota (cgroup v2): "max 100000" or "150000 100000"


def available_cpus(cpu_max: Path = CPU_MAX) -> float:
    """The CPUs this process may use: those it may run on, fewer under a container's quota (docker --cpus)."""
    try:
        cpus: float = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    try:
        quota, period = cpu_max.read_text().split()[:2]
        if quota != "max":
            cpus = min(cpus, int(quota) / int(period))
    except (OSError, ValueError):  # no cgroup v2 file, or not in that form: no quota known
        pass
    return cpus


def use_child(setting: str, cpu_max: Path = CPU_MAX) -> bool:
    """Whether SEARCH_PROCESS=``setting`` means a child process on this machine ("auto": two CPUs or more)."""
    if setting == "auto":
        return available_cpus(cpu_max) >= 2
    return setting == "on"


class SearchProcess:
    """The bot's side: starts the child, sends it questions and gives back its answers, or None when the bot
    should search the question itself."""

    def __init__(self, database_path: str | Path, log_level: str = "WARNING", log_format: str = "text",
                 timeout: float = TIMEOUT) -> None:
        self.database_path = str(database_path)
        self.log_level = log_level
        self.log_format = log_format
        self.timeout = timeout
        self.ready = False
        # for tests and benchmarks: starts, answers used from the child, questions the bot searched itself
        self.starts = self.answered = self.declined = self.timeouts = 0
        self._transport: asyncio.SubprocessTransport | None = None
        self._stdin: asyncio.WriteTransport | None = None
        self._pending: dict[int, asyncio.Future[Answer | None]] = {}
        self._ids = itertools.count(1)
        self._buffer = b""
        self._outbox: list[str] = []  # requests of this turn of the loop, written together by _send
        self._closing = False
        self._starting = False
        self._next_start = 0.0
        self._restart_delay = RESTART_FIRST
        self._warned_at = -WARN_EVERY
        self._exited: asyncio.Future[None] | None = None
        self._start_task: asyncio.Task[None] | None = None
        self._ready_at: float | None = None  # when the running child said it was ready

    @property
    def pid(self) -> int | None:
        return self._transport.get_pid() if self._transport is not None else None

    async def start(self) -> None:
        """Starts the child; it is ready (``ready``) once it has read the cards, a moment later."""
        if self._closing or self._starting or self._transport is not None:
            return
        self._starting = True
        loop = asyncio.get_running_loop()
        self._exited = loop.create_future()
        try:
            transport, _ = await loop.subprocess_exec(
                lambda: _Protocol(self), sys.executable, "-m", __name__,
                self.database_path, self.log_level, self.log_format,
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=None,
                env={**os.environ, "BOT_NO_AIOGRAM": "1"},  # bot/__init__.py: the child needs no aiogram (40 MiB)
            )
        except OSError as exc:
            log.warning("the search process could not start (%s): questions are searched in the bot's process",
                        type(exc).__name__)
            self._pause_restarts()
            return
        finally:
            self._starting = False
        self._transport = transport
        self._stdin = transport.get_pipe_transport(0)  # type: ignore[assignment]
        self.starts += 1
        if self._closing:  # the bot began to stop while the child was starting
            self._stdin.close()  # type: ignore[union-attr]

    async def search(self, text: str, fallback_language: str, revision: int) -> Answer | None:
        """The child's answer to a question, or None: the bot searches it itself."""
        if not self.ready or self._stdin is None or len(self._pending) >= MAX_WAITING:
            self.declined += 1
            if self._transport is None and not self._closing and time.monotonic() >= self._next_start:
                self._next_start = time.monotonic() + self._restart_delay  # one start at a time
                self._start_task = asyncio.get_running_loop().create_task(self.start())  # held: not collected
            return None
        loop = asyncio.get_running_loop()
        request_id = next(self._ids)
        future: asyncio.Future[Answer | None] = loop.create_future()
        self._pending[request_id] = future
        timer = loop.call_later(self.timeout, self._expire, request_id)
        self._outbox.append(json.dumps([request_id, revision, text, fallback_language], ensure_ascii=False))
        if len(self._outbox) == 1:  # the questions of this turn of the loop go in one write
            loop.call_soon(self._send)
        try:
            answer = await future
        finally:
            timer.cancel()
            self._pending.pop(request_id, None)
        if answer is None:
            self.declined += 1
        else:
            self.answered += 1
        return answer

    def _send(self) -> None:
        lines, self._outbox = self._outbox, []
        if self._stdin is None or self._stdin.is_closing():
            return  # the child is gone: _lost answered every waiting question with None
        try:
            self._stdin.write(("\n".join(lines) + "\n").encode())
        except (ConnectionError, RuntimeError):  # the pipe broke under us: the child is gone, _lost follows
            log.warning("the search process's pipe broke")

    def _expire(self, request_id: int) -> None:
        future = self._pending.pop(request_id, None)
        if future is not None and not future.done():
            future.set_result(None)
            self.timeouts += 1
            now = time.monotonic()
            if now - self._warned_at >= WARN_EVERY:
                self._warned_at = now
                log.warning("the search process took over %.1f s for a question: it was searched in the bot's "
                            "process (%d so far)", self.timeout, self.timeouts)

    # -- from the child -------------------------------------------------------------------------------------

    def _received(self, data: bytes) -> None:
        self._buffer += data
        if b"\n" not in data:
            return
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            try:
                message = json.loads(line)
                head = message[0]
            except (ValueError, IndexError, TypeError):
                log.warning("the search process wrote a line that is not an answer; ignored")
                continue
            if head == "ready":
                self.ready, self._ready_at = True, time.monotonic()
                log.info("the search process is ready (pid %s, content revision %s)", self.pid, message[1])
                continue
            future = self._pending.pop(head, None)
            if future is not None and not future.done():
                future.set_result(message[1:] if len(message) == 8 else None)

    def _lost(self, returncode: int | None) -> None:
        self.ready = False
        if self._transport is not None and not self._closing:
            self._transport.close()  # its pipes; close() below does it when the bot stops
        self._transport = self._stdin = None
        self._buffer = b""
        for future in self._pending.values():
            if not future.done():
                future.set_result(None)
        self._pending.clear()
        if self._exited is not None and not self._exited.done():
            self._exited.set_result(None)
        if self._ready_at is not None and time.monotonic() - self._ready_at >= STEADY:
            self._restart_delay = RESTART_FIRST  # it had worked for a while: this is no crash loop
        self._ready_at = None
        if not self._closing:
            log.warning("the search process stopped (exit code %s): questions are searched in the bot's process; "
                        "it is started again in %.0f s", returncode, self._restart_delay)
            self._pause_restarts()

    def _pause_restarts(self) -> None:
        """No start before the current pause is over; the next pause is twice as long (at most RESTART_MAX)."""
        self._next_start = time.monotonic() + self._restart_delay
        self._restart_delay = min(RESTART_MAX, self._restart_delay * 2)

    async def close(self, wait: float = 5.0) -> None:
        """Ends the child: it exits at the end of its stdin; killed if it has not after ``wait`` seconds."""
        self._closing = True
        self.ready = False
        transport, exited = self._transport, self._exited
        if transport is None or exited is None:
            return
        if self._stdin is not None:
            self._stdin.close()
        try:
            await asyncio.wait_for(asyncio.shield(exited), wait)
        except TimeoutError:
            log.warning("the search process did not exit in %.0f s: killed", wait)
            transport.kill()
            await exited
        transport.close()


class _Protocol(asyncio.SubprocessProtocol):
    def __init__(self, owner: SearchProcess) -> None:
        self.owner = owner
        self.transport: asyncio.SubprocessTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def pipe_data_received(self, fd: int, data: bytes) -> None:
        if fd == 1:
            self.owner._received(data)

    def process_exited(self) -> None:
        self.owner._lost(self.transport.get_returncode() if self.transport is not None else None)


# -- the child ----------------------------------------------------------------------------------------------


async def serve(database_path: str, out: Any) -> None:
    """Answers questions from stdin until its end. ``out`` is the binary stream of answers. Questions that
    arrived together are answered together, in one write."""
    from bot.db.database import Database
    from bot.heap import settle_heap
    from bot.services.knowledge import KnowledgeBase

    db = await Database.open(database_path, read_only=True)
    try:
        knowledge = KnowledgeBase(db, answer_cache_size=0)  # the bot remembers answers; here each is searched
        await knowledge.reload(full=True)
        settle_heap()
        loop = asyncio.get_running_loop()
        inbox = _Inbox()
        await loop.connect_read_pipe(lambda: inbox, sys.stdin)
        out.write(json.dumps(["ready", knowledge.revision]).encode() + b"\n")
        out.flush()
        while lines := await inbox.take():
            answers = [await _answer(line, knowledge) for line in lines]
            out.write(b"".join(answers))
            out.flush()
    finally:
        await db.close()


class _Inbox(asyncio.Protocol):
    """The child's stdin: complete lines as they come; an empty list at its end."""

    def __init__(self) -> None:
        self._lines: list[bytes] = []
        self._partial = b""
        self._ended = False
        self._arrived = asyncio.Event()

    def data_received(self, data: bytes) -> None:
        *lines, self._partial = (self._partial + data).split(b"\n")
        if len(self._partial) > LINE_LIMIT:
            log.warning("a request longer than %d bytes; ignored", LINE_LIMIT)
            self._partial = b""
        if lines:
            self._lines += lines
            self._arrived.set()

    def eof_received(self) -> bool:
        self._ended = True
        self._arrived.set()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.eof_received()

    async def take(self) -> list[bytes]:
        while not self._lines and not self._ended:
            self._arrived.clear()
            await self._arrived.wait()
        lines, self._lines = self._lines, []
        return lines


async def _answer(line: bytes, knowledge: Any) -> bytes:
    try:
        request_id, revision, text, fallback = json.loads(line)
    except ValueError:
        log.warning("a request that is not JSON; ignored")
        return b""
    try:
        if int(revision) > knowledge.revision:  # the bot has newer cards than this process
            await knowledge.reload()
        result, complete = await knowledge.search_here(str(text), str(fallback))
    except Exception as exc:  # never the question's text in the log
        log.error("the search failed (%s): the bot searches this question itself", type(exc).__name__)
        return json.dumps([request_id, None]).encode() + b"\n"
    return json.dumps([request_id, knowledge.revision, result.language, result.entry.id if result.entry else None,
                       result.score, [e.id for e in result.alternatives], result.reason, complete],
                      ensure_ascii=False).encode() + b"\n"


def main(argv: list[str]) -> None:
    from bot.logging_setup import setup_logging

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole group: the bot decides when to stop
    out = os.fdopen(os.dup(1), "wb")  # the answers' pipe; anything printed by accident goes to stderr instead
    os.dup2(2, 1)
    setup_logging(argv[2] if len(argv) > 2 else "WARNING", argv[3] if len(argv) > 3 else "text")
    asyncio.run(serve(argv[1], out))


if __name__ == "__main__":
    main(sys.argv)
