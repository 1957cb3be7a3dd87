"""Settings, read from the environment and an optional ``.env`` file.

The variable names are a public interface (deployments depend on them): keep them stable.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

TOKEN_RE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{30,}$")
# Telegram's rule for setWebhook's secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -.
WEBHOOK_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr = Field(description="the bot's token from @BotFather")
    telegram_api_url: str = "https://api.telegram.org"
    database_path: Path = Path("data/bot.sqlite3")
    admin_ids_raw: str = Field(default="", validation_alias="ADMIN_IDS")
    staff_chat_id: int | None = None
    default_language: Literal["kk", "ru"] = "kk"
    # The language of what the bot writes in the staff chat (cards, digests, alerts); staff members' private
    # chats with the bot follow each one's own language.
    staff_language: Literal["kk", "ru"] = "kk"
    # District routing (issue 15): a forum supergroup where the bot opens one topic per district on first use
    # (it needs the right to manage topics); routes set with /route win. APPEAL_OVERVIEW: "line" keeps one line
    # per routed appeal with its status in STAFF_CHAT_ID, "off" posts nothing there.
    district_forum_chat_id: int | None = None
    appeal_overview: Literal["line", "off"] = "line"
    # "district": one forum topic per district; "appeal": one topic per appeal in DISTRICT_FORUM_CHAT_ID (the
    # citizen's messages and staff answers live there; it is closed when the appeal is closed, reopened with it).
    appeal_topics: Literal["district", "appeal"] = "district"

    data_dir: Path = Path("data")
    locales_dir: Path = Path("locales")
    log_level: str = "INFO"
    log_format: Literal["text", "json"] = "text"
    # Answers to this many distinct recent questions are kept in memory (the same text is not searched again);
    # 0 turns that off.
    answer_cache_size: int = Field(default=4096, ge=0)
    # The knowledge-base search runs in a child process (bot.services.search_process): "auto" when this process
    # may use two CPUs or more, "on" always, "off" never (the search then runs in the bot's own process).
    search_process: Literal["auto", "on", "off"] = "auto"

    # Abuse protection: more than FLOOD_MESSAGES typed messages in FLOOD_SECONDS from one user are ignored; button
    # taps, form answers and contacts have their own budget, FLOOD_TAPS (default: four times FLOOD_MESSAGES).
    flood_messages: int = Field(default=5, ge=1)
    flood_seconds: float = Field(default=3.0, gt=0)
    flood_taps: int | None = Field(default=None, ge=1)

    # Public-reception appeals.
    appeal_deadline_days: int = Field(default=15, ge=1, le=90)  # working days to answer an appeal
    appeal_daily_limit: int = Field(default=3, ge=1)  # new appeals per citizen per local day
    appeal_digest_hour: int = Field(default=9, ge=0, le=23)  # local hour of the daily overdue digest
    appeal_soon_days: int = Field(default=2, ge=0, le=30)  # "due soon" in the digest: within this many working days
    # how long a Bot API call Telegram did not accept (network, 5xx, 429) is retried before it fails: as long
    # as a citizen still waits for an answer
    telegram_retry_seconds: float = Field(default=60.0, ge=0, le=600)
    appeal_job_seconds: float = Field(default=60.0, ge=0)  # how often the digest/repost job runs; 0 = never
    # Personal data of closed appeals, past bookings, idle profiles and abandoned forms is anonymised after this.
    retention_days: int = Field(default=365, ge=1)

    # Webhook mode: set WEBHOOK_URL (the public https URL Telegram posts to) and WEBHOOK_SECRET; otherwise polling.
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "0.0.0.0"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    webhook_path: str = "/webhook"
    # Legal-help receptions.
    reception_waitlist_hold_minutes: int = Field(default=120, ge=5, le=7 * 24 * 60)
    reception_booking_cutoff_minutes: int = Field(default=60, ge=0, le=7 * 24 * 60)
    reception_max_active_bookings: int = Field(default=2, ge=1, le=20)
    reception_job_interval_seconds: float = Field(default=30.0, gt=0)
    reception_demo_schedule: bool = False
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

    @field_validator("staff_chat_id", "district_forum_chat_id", "webhook_url", "webhook_secret", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url_format(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError("must be the full public URL Telegram posts updates to, e.g. https://bot.example.kz/webhook")
        return value

    @field_validator("webhook_path")
    @classmethod
    def _webhook_path_format(cls, value: str) -> str:
        if not value.startswith("/"):
            raise ValueError("must start with /")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret_format(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not WEBHOOK_SECRET_RE.match(value.get_secret_value()):
            raise ValueError("must be 1-256 characters: letters A-Z a-z, digits, _ and - (Telegram's rule)")
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError(
                "WEBHOOK_SECRET is required when WEBHOOK_URL is set: Telegram sends it with every update, "
                "and requests without it are rejected"
            )
        return self

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
