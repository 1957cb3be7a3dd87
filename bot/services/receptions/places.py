"""data/venues.toml (districts and venues) and data/schedule_demo.csv, read and checked."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from bot.services.contacts import parse_contacts
from bot.services.reception_input import (
    CsvRow,
    InputProblem,
    read_csv,
    working_day,
)
from bot.services.receptions.models import (
    LANGUAGES,
    District,
    Venue,
)


def _pair(path: Path, where: str, raw: dict[str, Any], name: str) -> dict[str, str]:
    value = raw.get(name)
    if not isinstance(value, dict) or not all(isinstance(value.get(lang), str) and value[lang].strip()
                                              for lang in LANGUAGES):
        raise ValueError(f"{path}: {where}: {name}.kk and {name}.ru are required")
    return {lang: value[lang].strip() for lang in LANGUAGES}


def read_places(path: Path) -> tuple[list[District], list[Venue]]:
    """Parse and check data/venues.toml; a ValueError names the file and the item."""
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ValueError(f"{path}: file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: invalid TOML: {exc}") from exc
    districts: list[District] = []
    for index, item in enumerate(raw.get("district", []), 1):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"].strip():
            raise ValueError(f"{path}: [[district]] #{index}: id is missing")
        where = f"district {item['id']!r}"
        keywords = item.get("keywords", {})
        words: list[str] = []
        for lang in LANGUAGES:
            listed = keywords.get(lang, []) if isinstance(keywords, dict) else None
            if not isinstance(listed, list) or not all(isinstance(w, str) for w in listed):
                raise ValueError(f"{path}: {where}: keywords.{lang} must be a list of strings")
            words.extend(w.strip().lower() for w in listed if w.strip())
        districts.append(District(item["id"].strip(), index * 10, _pair(path, where, item, "name"),
                                  tuple(dict.fromkeys(words))))
    known = {d.id for d in districts}
    if len(known) != len(districts):
        raise ValueError(f"{path}: duplicate district id")
    venues: list[Venue] = []
    for index, item in enumerate(raw.get("venue", []), 1):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"].strip():
            raise ValueError(f"{path}: [[venue]] #{index}: id is missing")
        where = f"venue {item['id']!r}"
        if item.get("district") not in known:
            raise ValueError(f"{path}: {where}: unknown district {item.get('district')!r}")
        order = item.get("order", index * 10)
        if not isinstance(order, int) or isinstance(order, bool):
            raise ValueError(f"{path}: {where}: order must be an integer")
        venues.append(Venue(item["id"].strip(), item["district"], order, _pair(path, where, item, "name"),
                            _pair(path, where, item, "address"),
                            contacts=parse_contacts(item.get("contacts"), f"{path}: {where}")))
    if not venues:
        raise ValueError(f"{path}: no [[venue]] tables")
    if len({v.id for v in venues}) != len(venues):
        raise ValueError(f"{path}: duplicate venue id")
    return districts, venues


def demo_rows(text: str, today: date) -> list[CsvRow]:
    """The rows of data/schedule_demo.csv (the staff CSV format with ``day`` = working days from today instead of
    ``date``), dated from ``today``; a ``day`` that is not a number is left for validate_rows to refuse."""
    lines = text.splitlines()
    if not lines:
        raise InputProblem("csv_empty")
    rows = read_csv(("\n".join([lines[0].replace("day", "date", 1), *lines[1:]])).encode())
    dated = []
    for row in rows:
        day = row.values.get("date", "")
        if day.strip().isdigit():
            day = working_day(today, int(day)).isoformat()
        dated.append(CsvRow(row.number, {**row.values, "date": day}))
    return dated


