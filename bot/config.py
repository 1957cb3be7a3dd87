"""Settings, read from the environment and an optional ``.env`` file.

The variable names are a public interface (deployments depend on them): keep them stable.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

TOKEN_RE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{30,}$")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr = Field(description="the bot's token from @BotFather")
    telegram_api_url: str = "https://api.telegram.org"
    database_path: Path = Path("data/bot.sqlite3")
    admin_ids_raw: str = Field(default="", validation_alias="ADMIN_IDS")
    staff_chat_id: int | None = None
    default_language: Literal["kk", "ru"] = "kk"

    data_dir: Path = Path("data")
    locales_dir: Path = Path("locales")
    log_level: str = "INFO"
    log_format: Literal["text", "json"] = "text"

    # Abuse protection: more than FLOOD_MESSAGES updates in FLOOD_SECONDS from one user are ignored.
    flood_messages: int = Field(default=5, ge=1)
    flood_seconds: float = Field(default=3.0, gt=0)

    # Broadcasts: messages per second to subscribers in all (Telegram allows about 30 for bulk messages; keep
    # room for the bot's answers to citizens), seconds between progress updates, attempts per recipient on errors
    # other than 429/403, and whether this process sends at all (off in console mode).
    broadcast_rate: int = Field(default=25, ge=1, le=30)
    broadcast_progress_seconds: float = Field(default=5.0, ge=1.0)
    broadcast_max_attempts: int = Field(default=3, ge=1, le=10)
    broadcast_sender: bool = True

    @field_validator("bot_token")
    @classmethod
    def _token_format(cls, value: SecretStr) -> SecretStr:
        if not TOKEN_RE.match(value.get_secret_value().strip()):
            raise ValueError("malformed token: expected <digits>:<secret> as issued by @BotFather")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("staff_chat_id", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("admin_ids_raw")
    @classmethod
    def _admin_ids_format(cls, value: str) -> str:
        for part in value.replace(" ", "").split(","):
            if part and not part.lstrip("-").isdigit():
                raise ValueError(f"ADMIN_IDS must be comma-separated Telegram user ids, got {part!r}")
        return value

    @property
    def admin_ids(self) -> frozenset[int]:
        return frozenset(int(p) for p in self.admin_ids_raw.replace(" ", "").split(",") if p)
