"""Log lines: phone numbers masked, the update id on every line, JSON when asked, no SQL parameters."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.logging_setup import PHONE_MASK, mask_phones, setup_logging, update_id_var
from tests.logs import restored_logging


@pytest.mark.parametrize(
    "phone",
    [
        "+77012345678", "+7 701 234 56 78", "+7 (701) 234-56-78", "87012345678", "8 701 234 56 78",
        "8(701)234-56-78", "77012345678", "+7-7242-23-45-67", "8 7242 23 45 67", "+7 916 123-45-67",
        "+998 90 123 45 67", "+44 20 7946 0958", "+7.701.234.56.78",
    ],
)
def test_phone_numbers_are_masked(phone: str) -> None:
    masked = mask_phones(f"contact {phone} shared")
    assert masked == f"contact {PHONE_MASK} shared"


@pytest.mark.parametrize(
    "text",
    [
        "update 123456789 handled", "user 5123456789", "update id=7012345678 is handled. Duration 12 ms",
        "2025-03-03 04:00:00,123", "score 0.87012345678", "knowledge base: {'entries': 87}", "version 3.14.5",
        "bot id=7000000001",
    ],
)
def test_ids_numbers_and_dates_are_not_masked(text: str) -> None:
    assert mask_phones(text) == text


@pytest.fixture
def capture() -> Iterator[tuple[io.StringIO, list[logging.Handler]]]:
    with restored_logging() as handlers_before:
        yield io.StringIO(), handlers_before


def test_json_lines_carry_the_update_id_and_mask_phones(capture: tuple[io.StringIO, list[logging.Handler]]) -> None:
    stream, _ = capture
    setup_logging("DEBUG", "json", stream)
    log = logging.getLogger("bot.test")
    log.info("outside any update")
    token = update_id_var.set(4242)
    try:
        log.debug("shared %s", "+7 701 234 56 78")
        try:
            raise ValueError("bad number 87012345678")
        except ValueError:
            log.exception("failed")
    finally:
        update_id_var.reset(token)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [line["update_id"] for line in lines] == [None, 4242, 4242]
    assert lines[1]["message"] == f"shared {PHONE_MASK}"
    assert lines[1]["level"] == "DEBUG" and lines[1]["logger"] == "bot.test"
    assert "ValueError" in lines[2]["exc"] and "8701" not in lines[2]["exc"] and PHONE_MASK in lines[2]["exc"]
    assert "701" not in stream.getvalue()


def test_text_format_and_quiet_libraries(capture: tuple[io.StringIO, list[logging.Handler]]) -> None:
    stream, _ = capture
    setup_logging("DEBUG", "text", stream)
    token = update_id_var.set(7)
    try:
        logging.getLogger("bot.test").warning("hello")
        logging.getLogger("aiosqlite").debug("executing INSERT ... ('Айгүл',)")
    finally:
        update_id_var.reset(token)
    out = stream.getvalue()
    assert "WARNING bot.test [update 7]: hello" in out
    assert "Айгүл" not in out  # aiosqlite logs SQL parameters at DEBUG: held at INFO
