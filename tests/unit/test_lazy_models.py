"""bot.lazy_models: aiogram imported through the bot builds its models on first use, and every type and method
model still builds, validates and serialises (checked in a fresh interpreter, where the bot's import is first)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHECK = r'''
import bot  # first: installs the lazy import
import aiogram.methods as methods
import aiogram.types as types
from pydantic import BaseModel
from pydantic._internal._mock_val_ser import MockValSer

assert isinstance(types.Message.__dict__.get("__pydantic_validator__"), MockValSer), "Message was built eagerly"
update = types.Update.model_validate({
    "update_id": 7,
    "message": {"message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"},
                "from": {"id": 5, "is_bot": False, "first_name": "A"}, "text": "hi",
                "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "b"}]]}},
})
assert update.message.text == "hi" and update.message.from_user.id == 5
assert update.message.reply_markup.inline_keyboard[0][0].callback_data == "b"
sent = methods.SendMessage(chat_id=5, text="x", reply_markup=types.InlineKeyboardMarkup(
    inline_keyboard=[[types.InlineKeyboardButton(text="a", callback_data="b")]]))
assert sent.model_dump(exclude_none=True)["reply_markup"]["inline_keyboard"][0][0]["text"] == "a"


def build_all():
    built = 0
    for module in (types, methods):
        for name in module.__all__:
            cls = getattr(module, name)
            if isinstance(cls, type) and issubclass(cls, BaseModel):
                cls.__pydantic_validator__.validate_python  # noqa: B018 - a first use builds it, as in the bot
                assert not isinstance(cls.__pydantic_validator__, MockValSer), name  # a forward ref unresolved
                built += 1
    return built


def deep(n):  # pydantic's rebuild on first use looks a few frames up, as from inside the bot
    return deep(n - 1) if n else build_all()


built = deep(10)
assert built > 500, built
from pydantic._internal import _config
assert _config.config_defaults["defer_build"] is False  # other models (Settings) are built as usual
print("ok", built)
'''


def test_every_aiogram_model_builds_on_first_use() -> None:
    done = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.startswith("ok ")
