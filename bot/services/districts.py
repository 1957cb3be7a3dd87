"""The region's districts, from data/venues.toml [[district]]: one reader for every feature that lists them."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

LANGUAGES = ("kk", "ru")


@dataclass(frozen=True, slots=True)
class District:
    id: str
    name: dict[str, str]  # language -> name


def load_districts(venues_path: Path, *, required: bool = True) -> list[District]:
    """The districts in file order. A malformed file or entry is a ValueError naming the file. With
    ``required=False`` a missing file means no districts (a feature then simply offers no district choice);
    otherwise a missing file or an empty list is an error too."""
    if not required and not venues_path.exists():
        return []
    try:
        raw = tomllib.loads(venues_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{venues_path}: {exc}") from None
    districts = []
    for index, item in enumerate(raw.get("district", []), 1):
        try:
            districts.append(District(str(item["id"]), {lang: str(item["name"][lang]) for lang in LANGUAGES}))
        except (KeyError, TypeError) as exc:
            raise ValueError(f"{venues_path}: [[district]] number {index} needs id, name.kk and name.ru") from exc
    if required and not districts:
        raise ValueError(f"{venues_path}: no [[district]] entries")
    return districts
