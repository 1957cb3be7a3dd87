"""Which district a location pin is in, offline and approximately (data/districts.toml, issue 15): outside the
region's box, none; within a city's radius, that city; otherwise the district whose centre is nearest. Used to
SUGGEST a district (the citizen confirms), never to decide one. Also the map link staff see on a card."""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path

EARTH_KM = 6371.0


@dataclass(frozen=True)
class Place:
    id: str
    lat: float
    lon: float
    radius_km: float | None = None  # a city: only pins this close belong to it


@dataclass(frozen=True)
class Geography:
    box: tuple[float, float, float, float]  # south, north, west, east
    places: tuple[Place, ...]

    def locate(self, lat: float, lon: float) -> str | None:
        south, north, west, east = self.box
        if not (south <= lat <= north and west <= lon <= east):
            return None
        for place in self.places:
            if place.radius_km is not None and distance_km(lat, lon, place.lat, place.lon) <= place.radius_km:
                return place.id
        rural = [p for p in self.places if p.radius_km is None]
        if not rural:
            return None
        return min(rural, key=lambda p: distance_km(lat, lon, p.lat, p.lon)).id


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(a))


def load_geography(path: Path, known: set[str] | None = None) -> Geography | None:
    """The file's geography; None when the file is missing (no suggestions then). A malformed file, or an id
    not in ``known`` (the districts of data/venues.toml), is a ValueError naming the file."""
    if not path.exists():
        return None
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    try:
        region = raw["region"]
        box = (float(region["south"]), float(region["north"]), float(region["west"]), float(region["east"]))
        places = tuple(
            Place(str(d["id"]), float(d["lat"]), float(d["lon"]),
                  float(d["radius_km"]) if "radius_km" in d else None)
            for d in raw.get("district", [])
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{path}: [region] needs south/north/west/east; each [[district]] id, lat, lon") from exc
    for place in places:
        if known is not None and place.id not in known:
            raise ValueError(f"{path}: unknown district {place.id!r} (not in venues.toml)")
        if not (box[0] <= place.lat <= box[1] and box[2] <= place.lon <= box[3]):
            raise ValueError(f"{path}: district {place.id!r} lies outside the region's box")
    return Geography(box, places)


def map_link(lat: float, lon: float) -> str:
    """A link to the point on OpenStreetMap (opens in any browser, no key needed)."""
    return f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}#map=16/{lat:.5f}/{lon:.5f}"
