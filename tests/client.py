"""The citizen's (or staff member's) side of a chat with the bot, for end-to-end tests.

    reply = await alice.send("/start")
    reply = await alice.click(reply.last, "2024")
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from tests.fakeapi import FakeTelegram, Sent

_ids = itertools.count(10_000)


@dataclass
class Reply:
    messages: list[Sent] = field(default_factory=list)  # sent to this chat while the update was handled
    edited: list[Sent] = field(default_factory=list)  # messages of this chat edited meanwhile
    answer: dict[str, Any] | None = None  # answerCallbackQuery, for a button press

    @property
    def last(self) -> Sent:
        screens = self.messages + [e for e in self.edited if e not in self.messages]
        if not screens:
            raise AssertionError("the bot sent nothing")
        return screens[-1]

    @property
    def text(self) -> str:
        return "\n---\n".join((m.text or "") for m in (self.messages or self.edited))


class Person:
    def __init__(
        self,
        tg: FakeTelegram,
        user_id: int,
        first_name: str = "Айгүл",
        language_code: str | None = "kk",
        chat_id: int | None = None,
        username: str | None = None,
    ) -> None:
        self.tg = tg
        self.id = user_id
        self.first_name = first_name
        self.language_code = language_code
        self.chat_id = chat_id if chat_id is not None else user_id
        self.username = username

    @property
    def tg_user(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.language_code:
            user["language_code"] = self.language_code
        if self.username:
            user["username"] = self.username
        return user

    def _chat(self) -> dict[str, Any]:
        if self.chat_id == self.id:
            return {"id": self.chat_id, "type": "private", "first_name": self.first_name}
        return {"id": self.chat_id, "type": "supergroup", "title": "Staff"}

    def message_update(self, **fields: Any) -> dict[str, Any]:
        message = {
            "message_id": next(_ids),
            "date": int(time.time()),
            "chat": self._chat(),
            "from": self.tg_user,
            **fields,
        }
        return {"update_id": self.tg.next_update_id(), "message": message}

    async def deliver(self, update: dict[str, Any], timeout: float = 10.0) -> Reply:
        before_sent = len(self.tg.sent)
        edits_before = {id(s): s.edits for s in self.tg.sent if s.chat_id == self.chat_id}
        update_id = await self.tg.push(update)
        await self.tg.wait_handled(update_id, timeout)
        new = [s for s in self.tg.sent[before_sent:] if s.chat_id == self.chat_id]
        edited = [
            s for s in self.tg.sent[:before_sent]
            if s.chat_id == self.chat_id and s.edits != edits_before.get(id(s), 0)
        ]
        answer = None
        if "callback_query" in update:
            answer = self.tg.callback_answers.get(update["callback_query"]["id"])
        return Reply(new, edited, answer)

    async def send(self, text: str, **fields: Any) -> Reply:
        entities = fields.pop("entities", None)
        if entities is None and text.startswith("/"):
            command = text.split()[0]
            entities = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        if entities:
            fields["entities"] = entities
        return await self.deliver(self.message_update(text=text, **fields))

    async def send_raw(self, **fields: Any) -> Reply:
        """Any other message: contact, photo, sticker, voice, document..."""
        return await self.deliver(self.message_update(**fields))

    async def share_contact(self, phone: str) -> Reply:
        return await self.send_raw(
            contact={"phone_number": phone, "first_name": self.first_name, "user_id": self.id}
        )

    def callback_update(self, message: Sent, data: str) -> dict[str, Any]:
        return {
            "update_id": self.tg.next_update_id(),
            "callback_query": {
                "id": str(next(_ids)),
                "from": self.tg_user,
                "chat_instance": f"ci{self.chat_id}",
                "data": data,
                "message": {
                    "message_id": message.message_id,
                    "date": int(time.time()),
                    "chat": self._chat(),
                    "from": {"id": 1, "is_bot": True, "first_name": "bot"},
                    "text": message.text or "",
                },
            },
        }

    async def click(self, message: Sent, label: str) -> Reply:
        """Press the button whose text contains ``label``: inline buttons send their callback data, reply
        keyboard buttons send their text."""
        button = message.button(label)
        if "callback_data" in button:
            return await self.deliver(self.callback_update(message, button["callback_data"]))
        return await self.send(button["text"])

    async def press(self, message: Sent, data: str) -> Reply:
        """Send arbitrary (possibly forged) callback data as if a button on ``message`` carried it."""
        return await self.deliver(self.callback_update(message, data))
