"""A fake Telegram Bot API server (aiohttp) that the real Bot talks to over HTTP, inside the test process.

It speaks the wire format aiogram uses: ``POST /bot{token}/{method}`` with form data (nested fields arrive as
JSON strings, files as multipart parts referenced by ``attach://name``), long-polled ``getUpdates`` with
offsets, and ``{"ok": ..., "result": ...}`` answers. It remembers every call and every message the bot sent,
applies edits (editMessageText to text messages, editMessageCaption to photos and documents, as Telegram does)
and deletions, and can inject failures (429 with retry_after, 403 for blocked users, 5xx, or any answer to any
method through ``interceptors``).

It refuses what Telegram refuses (tests/telegram_rules.py): methods and parameters the Bot API specification
does not have, missing or mistyped parameters, texts over 4096 characters after entity parsing (or empty),
captions over 1024, malformed HTML ("can't parse entities"), callback_data over 64 bytes, callback answers over
200 characters or given twice ("query is too old"), invalid bot commands, and edits that change nothing
("message is not modified"). Like Telegram, the Message it returns carries the parsed text with its entities,
and never a reply keyboard (only an inline keyboard comes back in reply_markup).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.telegram_rules import (
    Parsed,
    Refused,
    bad,
    check_callback_answer,
    check_commands,
    check_inline_keyboard,
    check_request,
    check_text,
)

BOT_ID = 7_000_000_001
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "AMANAT Qyzylorda", "username": "amanat_kzo_test_bot"}
JSON_FIELDS = {
    "reply_markup", "entities", "caption_entities", "commands", "scope", "media", "reply_parameters",
    "link_preview_options", "allowed_updates", "results", "message_ids",
}
MESSAGE_METHODS = {
    "sendMessage", "sendPhoto", "sendDocument", "sendVideo", "sendAudio", "sendVoice", "sendAnimation",
    "sendSticker", "sendLocation", "sendContact", "copyMessage", "forwardMessage",
}
MEDIA_FIELDS = ("photo", "document", "video", "audio", "voice", "animation", "sticker")


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float
    status: int = 200


@dataclass
class Sent:
    """A message the bot sent (its current state: edits are applied in place)."""

    chat_id: int
    message_id: int
    method: str
    text: str | None
    reply_markup: dict[str, Any] | None
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    edits: int = 0
    deleted: bool = False  # deleteMessage: kept here for the tests, gone from ``FakeTelegram.messages``
    parsed: Parsed | None = None  # the text as Telegram keeps it (tags parsed into entities)

    @property
    def inline_markup(self) -> dict[str, Any] | None:
        """The keyboard Telegram keeps on the message: only an inline one (a reply keyboard is the chat's)."""
        return self.reply_markup if self.is_inline else None

    @property
    def is_media(self) -> bool:
        return any(name in self.params for name in MEDIA_FIELDS)

    @property
    def buttons(self) -> list[str]:
        if not self.reply_markup:
            return []
        rows = self.reply_markup.get("inline_keyboard") or self.reply_markup.get("keyboard") or []
        return [b["text"] if isinstance(b, dict) else str(b) for row in rows for b in row]

    def button(self, label: str) -> dict[str, Any]:
        """The inline or reply button whose text contains ``label`` (exactly one must match)."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or (self.reply_markup or {}).get("keyboard") or []
        found = [b for row in rows for b in row if label in (b["text"] if isinstance(b, dict) else b)]
        if len(found) != 1:
            raise AssertionError(f"expected one button with {label!r}, found {len(found)} in {self.buttons}")
        return found[0] if isinstance(found[0], dict) else {"text": found[0]}

    @property
    def is_inline(self) -> bool:
        return bool(self.reply_markup and "inline_keyboard" in self.reply_markup)


class FakeTelegram:
    def __init__(self, token: str = "123456:TEST-token-for-the-fake-bot-api-server") -> None:
        self.token = token
        self.calls: list[Call] = []
        self.sent: list[Sent] = []
        self.messages: dict[tuple[int, int], Sent] = {}
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self.open_queries: set[str] = set()  # callback queries pushed and not answered yet
        self.commands: dict[str, list[dict[str, Any]]] = {}  # the default scope's, by language code ("" = none)
        # every scope's (setMyCommands / deleteMyCommands): (scope type, chat_id or None, language code)
        self.scoped_commands: dict[tuple[str, int | None, str], list[dict[str, Any]]] = {}
        self.updates: list[dict[str, Any]] = []
        self.confirmed_offset = 0
        self.get_updates_calls = 0
        self.files: dict[str, bytes] = {}  # file_id -> content served by getFile + /file/ (documents users send)
        self.blocked_chats: set[int] = set()
        self.missing_chats: set[int] = set()
        # method -> callable(params) returning None (handle normally) or (status, json body)
        self.interceptors: dict[str, Callable[[dict[str, Any]], tuple[int, dict[str, Any]] | None]] = {}
        self.rate_limit: int | None = None  # per-second cap on message sends; over it -> 429
        self.delays: dict[str, float] = {}  # method -> seconds to wait before answering (a slow Telegram)
        # method -> how many of its next successful answers arrive unreadable (the request is carried out, but a
        # proxy or a cut connection garbles the 200 answer)
        self.garble: dict[str, int] = {}
        self.too_many_requests = 0
        # seconds before the answer to a message send leaves (the message is stored at once): a slow network
        self.latency = 0.0
        self._send_times: list[float] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._files = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._closing = False
        self.base_url = ""

    # ----- server lifecycle -------------------------------------------------------------------------------
    async def start(self) -> str:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_post("/bot{token}/{method}", self._handle)
        app.router.add_get("/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        app.router.add_post("/_control/push", self._control_push)
        app.router.add_get("/_control/stats", self._control_stats)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def stop(self) -> None:
        self._closing = True  # a long poll still waiting returns now, so the server stops without delay
        async with self._changed:
            self._changed.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()

    # ----- the user's side --------------------------------------------------------------------------------
    def next_update_id(self) -> int:
        return next(self._update_ids)

    async def push(self, update: dict[str, Any]) -> int:
        update.setdefault("update_id", self.next_update_id())
        if "callback_query" in update:
            self.open_queries.add(str(update["callback_query"]["id"]))
        async with self._changed:
            self.updates.append(update)
            self._changed.notify_all()
        return int(update["update_id"])

    async def wait_handled(self, update_id: int, timeout: float = 10.0) -> None:
        """Until the bot asked for updates past ``update_id``: with sequential handling, it was handled."""
        await self.wait_for(lambda: self.confirmed_offset > update_id, timeout)

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        async with self._changed:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError("timed out waiting for the bot")
                try:
                    await asyncio.wait_for(self._changed.wait(), left)
                except TimeoutError:
                    pass

    def sent_to(self, chat_id: int) -> list[Sent]:
        return [s for s in self.sent if s.chat_id == chat_id]

    def calls_of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    # ----- HTTP -------------------------------------------------------------------------------------------
    async def _params(self, request: web.Request) -> tuple[dict[str, Any], dict[str, bytes]]:
        params: dict[str, Any] = {}
        files: dict[str, bytes] = {}
        if request.content_type == "application/json":
            params = await request.json()
        elif request.can_read_body:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = value.file.read()
                else:
                    params[key] = value
        params.update({k: v for k, v in request.query.items()})
        for key in list(params):
            if key in JSON_FIELDS and isinstance(params[key], str):
                try:
                    params[key] = json.loads(params[key])
                except ValueError:
                    pass
        return params, files

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params, files = await self._params(request)
        call = Call(method, params, time.monotonic())
        self.calls.append(call)
        if self.delays.get(method):
            await self._notify()  # the call is visible to wait_for() while it is being delayed
            await asyncio.sleep(self.delays[method])
        intercept = self.interceptors.get(method)
        if intercept is not None:
            outcome = intercept(params)
            if outcome is not None:
                call.status = outcome[0]
                await self._notify()
                return web.json_response(outcome[1], status=outcome[0])
        status, body = await self._dispatch(method, params, files)
        call.status = status
        await self._notify()
        if self.latency and method in MESSAGE_METHODS:
            await asyncio.sleep(self.latency)
        if status == 200 and self.garble.get(method):
            self.garble[method] -= 1
            return web.Response(text='{"ok": true, "result": {"message_id"', status=200,
                                content_type="application/json")
        return web.json_response(body, status=status)

    async def _control_push(self, request: web.Request) -> web.Response:
        """Benchmarks running this server in another process push updates here (a JSON list)."""
        updates = await request.json()
        ids = [await self.push(update) for update in updates]
        return web.json_response({"ok": True, "update_ids": ids})

    async def _control_stats(self, request: web.Request) -> web.Response:
        counts: dict[str, int] = {}
        for call in self.calls:
            counts[call.method] = counts.get(call.method, 0) + 1
        return web.json_response({"calls": counts, "too_many_requests": self.too_many_requests})

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _file(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        if path.startswith("files/") and path[len("files/"):] in self.files:
            return web.Response(body=self.files[path[len("files/"):]])
        return web.Response(body=b"fake file " + path.encode())

    @staticmethod
    def _error(code: int, description: str, **extra: Any) -> tuple[int, dict[str, Any]]:
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if extra:
            body["parameters"] = extra
        return code, body

    def _chat_error(self, chat_id: int) -> tuple[int, dict[str, Any]] | None:
        if chat_id in self.blocked_chats:
            return self._error(403, "Forbidden: bot was blocked by the user")
        if chat_id in self.missing_chats:
            return self._error(400, "Bad Request: chat not found")
        return None

    def _rate_limited(self) -> tuple[int, dict[str, Any]] | None:
        if self.rate_limit is None:
            return None
        now = time.monotonic()
        self._send_times = [t for t in self._send_times if now - t < 1.0]
        if len(self._send_times) >= self.rate_limit:
            self.too_many_requests += 1
            return self._error(429, "Too Many Requests: retry after 1", retry_after=1)
        self._send_times.append(now)
        return None

    async def _dispatch(
        self, method: str, params: dict[str, Any], files: dict[str, bytes]
    ) -> tuple[int, dict[str, Any]]:
        ok = lambda result: (200, {"ok": True, "result": result})  # noqa: E731
        try:
            params = {**params, **check_request(method, params, files)}
            self._check_limits(method, params)
        except Refused as refused:
            return self._error(refused.code, refused.description)
        if method == "getMe":
            return ok(BOT_USER)
        if method == "getUpdates":
            return ok(await self._get_updates(params))
        if method == "deleteMessage":
            gone = self.messages.pop((int(params["chat_id"]), int(params["message_id"])), None)
            if gone is None:
                return self._error(400, "Bad Request: message to delete not found")
            gone.deleted = True
            return ok(True)
        if method in {"deleteWebhook", "setWebhook", "setMyCommands", "deleteMyCommands", "sendChatAction",
                      "setChatMenuButton", "close", "logOut"}:
            scope = params.get("scope") or {"type": "default"}
            key = (str(scope.get("type")), int(scope["chat_id"]) if "chat_id" in scope else None,
                   str(params.get("language_code", "")))
            if method == "setMyCommands":
                self.scoped_commands[key] = list(params.get("commands", []))
                if key[0] == "default":
                    self.commands[key[2]] = list(params.get("commands", []))
            elif method == "deleteMyCommands":
                self.scoped_commands.pop(key, None)
            return ok(True)
        if method == "answerCallbackQuery":
            query_id = str(params["callback_query_id"])
            if query_id not in self.open_queries:
                return self._error(400, "Bad Request: query is too old and response timeout expired or query ID "
                                        "is invalid")
            self.open_queries.discard(query_id)
            self.callback_answers[query_id] = params
            return ok(True)
        if method == "getFile":
            return ok({"file_id": params["file_id"], "file_unique_id": params["file_id"],
                       "file_path": f"files/{params['file_id']}"})
        if method in MESSAGE_METHODS:
            chat_id = int(params["chat_id"])
            error = self._chat_error(chat_id) or self._rate_limited()
            if error:
                return error
            return ok(self._store(method, chat_id, params, files))
        if method == "sendMediaGroup":
            chat_id = int(params["chat_id"])
            error = self._chat_error(chat_id) or self._rate_limited()
            if error:
                return error
            return ok([self._store(method, chat_id, {**params, "media": [m]}, files) for m in params["media"]])
        if method in {"editMessageText", "editMessageReplyMarkup", "editMessageCaption"}:
            return self._edit(method, params)
        return ok(True)

    @staticmethod
    def _check_limits(method: str, params: dict[str, Any]) -> None:
        """Telegram's limits the specification states in prose (raises Refused)."""
        if method in {"sendMessage", "editMessageText"}:
            if method == "editMessageText" and "text" not in params:
                raise bad("text is empty")
            check_text(params.get("text", ""), params.get("parse_mode"))
        if "caption" in params:
            check_text(params["caption"], params.get("parse_mode"), caption=True)
        for media in params.get("media", []) if method == "sendMediaGroup" else []:
            if "caption" in media:
                check_text(media["caption"], media.get("parse_mode"), caption=True)
        if "reply_markup" in params:
            check_inline_keyboard(params["reply_markup"])
        if method == "setMyCommands":
            check_commands(params["commands"])
        if method == "answerCallbackQuery":
            check_callback_answer(params)

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        self.get_updates_calls += 1
        offset = int(params.get("offset", 0) or 0)
        timeout = float(params.get("timeout", 0) or 0)
        async with self._changed:
            if offset:
                self.confirmed_offset = max(self.confirmed_offset, offset)
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
            self._changed.notify_all()
            deadline = time.monotonic() + timeout
            while not self.updates and time.monotonic() < deadline and not self._closing:
                try:
                    await asyncio.wait_for(self._changed.wait(), deadline - time.monotonic())
                except TimeoutError:
                    break
            return list(self.updates[:100])

    def _store(self, method: str, chat_id: int, params: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
        message_id = next(self._message_ids)
        text = params.get("text", params.get("caption"))
        parsed = check_text(text, params.get("parse_mode"), caption="text" not in params) if text is not None \
            else None
        attached = {}
        for key, value in params.items():
            if isinstance(value, str) and value.startswith("attach://"):
                attached[key] = files.get(value[len("attach://"):], b"")
        sent = Sent(chat_id, message_id, method, text, params.get("reply_markup"), params, attached, parsed=parsed)
        self.sent.append(sent)
        self.messages[(chat_id, message_id)] = sent
        result: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "from": BOT_USER,
        }
        if parsed is not None:
            key = "text" if method == "sendMessage" else "caption"
            result[key] = parsed.text
            if parsed.entities:
                result["entities" if key == "text" else "caption_entities"] = parsed.entities
        if sent.inline_markup is not None:  # a reply keyboard is never echoed back
            result["reply_markup"] = sent.inline_markup
        for name in MEDIA_FIELDS:
            if name in params:
                file_id = params[name] if not str(params[name]).startswith("attach://") else f"f{next(self._files)}"
                info = {"file_id": file_id, "file_unique_id": file_id}
                if name == "photo":
                    result["photo"] = [{**info, "width": 100, "height": 100}]
                else:
                    result[name] = {**info, "file_name": "file"} if name == "document" else info
        if method == "copyMessage":
            return {"message_id": message_id}
        return result

    def _edit(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        key = (int(params.get("chat_id", 0)), int(params.get("message_id", 0)))
        sent = self.messages.get(key)
        if sent is None:
            return self._error(400, "Bad Request: message to edit not found")
        if method == "editMessageText" and sent.is_media:
            return self._error(400, "Bad Request: there is no text in the message to edit")
        if method == "editMessageCaption" and not sent.is_media:
            return self._error(400, "Bad Request: there is no caption in the message to edit")
        new_text = params.get("text", params.get("caption", sent.text))
        if method == "editMessageReplyMarkup":
            new_parsed = sent.parsed
        elif new_text is None:
            new_parsed = None
        else:
            new_parsed = check_text(new_text, params.get("parse_mode"), caption=method == "editMessageCaption")
        # an edit without reply_markup takes the inline keyboard away
        new_markup = params.get("reply_markup")
        if new_markup is not None and "inline_keyboard" not in new_markup:
            return self._error(400, "Bad Request: inline keyboard expected")
        if new_parsed == sent.parsed and new_markup == sent.inline_markup:
            return self._error(400, "Bad Request: message is not modified: specified new message content and "
                                    "reply markup are exactly the same as a current content and reply markup")
        sent.text = new_text
        sent.parsed = new_parsed
        sent.reply_markup = new_markup
        sent.edits += 1
        result: dict[str, Any] = {
            "message_id": sent.message_id,
            "date": int(time.time()),
            "chat": {"id": sent.chat_id, "type": "private" if sent.chat_id > 0 else "supergroup"},
            "from": BOT_USER,
        }
        if sent.is_media:
            for name in MEDIA_FIELDS:
                if name in sent.params:
                    info = {"file_id": str(sent.params[name]), "file_unique_id": str(sent.params[name])}
                    result[name] = [{**info, "width": 100, "height": 100}] if name == "photo" else info
            if sent.parsed is not None:
                result["caption"] = sent.parsed.text
                if sent.parsed.entities:
                    result["caption_entities"] = sent.parsed.entities
        else:
            assert sent.parsed is not None
            result["text"] = sent.parsed.text
            if sent.parsed.entities:
                result["entities"] = sent.parsed.entities
        if new_markup and "inline_keyboard" in new_markup:
            result["reply_markup"] = new_markup
        return 200, {"ok": True, "result": result}


async def _serve_forever() -> None:
    server = FakeTelegram()
    print(await server.start(), server.token, flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    # `python -m tests.fakeapi`: the server alone (benchmarks run it in its own process); prints URL and token.
    asyncio.run(_serve_forever())
